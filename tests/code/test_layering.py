"""The stages import downwards only: features → synthetic | models → training | planning →
serving → jobfit (docs/architecture.md). Every import of every product module counts — at
module level, inside a function, under TYPE_CHECKING — so a backward dependency cannot hide
in a lazy import."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each stage may import (besides itself); siblings (synthetic | models,
# training | planning) do not import each other.
ALLOWED: dict[str, set[str]] = {
    "features": set(),
    "synthetic": {"features"},
    "models": {"features"},
    "training": {"features", "models"},
    "planning": {"features", "models"},
    "serving": {"features", "models", "planning"},
    "jobfit": {"features", "synthetic", "models", "training", "planning", "serving"},
}
STAGES = tuple(ALLOWED)


def imported_stages(path: Path) -> list[tuple[int, str]]:
    """(line, stage) of every import of a project stage in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in ALLOWED:
                found.append((node.lineno, top))
    return found


def backward_imports(root: Path) -> list[str]:
    """Every import that breaks the stage order, as 'file:line: stage imports stage'."""
    bad = []
    for stage in STAGES:
        for path in sorted((root / stage).rglob("*.py")):
            for line, other in imported_stages(path):
                if other != stage and other not in ALLOWED[stage]:
                    bad.append(f"{path.relative_to(root)}:{line}: {stage} imports {other}")
    return bad


def test_every_stage_is_a_package_and_checked():
    for stage in STAGES:
        assert (ROOT / stage / "__init__.py").is_file(), stage
        assert list((ROOT / stage).rglob("*.py")), stage


def test_no_backward_import_in_the_tree():
    assert backward_imports(ROOT) == []


@pytest.mark.parametrize("planted_in, line", [
    ("features/vocab.py", "    from serving.ranking import Recommender\n"),      # lazy
    ("models/ranking.py", "import training.metrics\n"),
    ("planning/solver.py", "from training.pipeline import TrainConfig\n"),       # sibling
    ("serving/reasons.py", "from synthetic.kota import generate_city\n"),
])
def test_a_planted_backward_import_is_caught(tmp_path, planted_in, line):
    for stage in STAGES:
        shutil.copytree(ROOT / stage, tmp_path / stage,
                        ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / planted_in
    text = target.read_text(encoding="utf-8")
    if line.startswith("    "):                  # inside a function, as a lazy import
        text += "\n\ndef _planted():\n" + line
    else:
        text += "\n" + line
    target.write_text(text, encoding="utf-8")
    bad = backward_imports(tmp_path)
    assert len(bad) == 1 and bad[0].startswith(planted_in + ":"), bad


def test_no_module_imports_another_modules_private_name():
    bad = []
    for stage in STAGES:
        for path in sorted((ROOT / stage).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module \
                        and node.module.split(".")[0] in ALLOWED:
                    bad += [f"{path.relative_to(ROOT)}:{node.lineno}: {a.name}"
                            for a in node.names if a.name.startswith("_")]
    assert bad == []


def test_serving_and_planning_files_stay_small():
    """One job per module: no file of serving/ or planning/ over 400 lines, no function of
    planning/ over 80 (the review's grab-bag files and the 250-line plan function)."""
    long_files = [f"{p.relative_to(ROOT)}: {n}" for stage in ("serving", "planning")
                  for p in sorted((ROOT / stage).rglob("*.py"))
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert long_files == []
    long_functions = []
    for p in sorted((ROOT / "planning").rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and node.end_lineno - node.lineno + 1 > 80:
                long_functions.append(f"{p.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long_functions == []
