"""The `jobfit` command explains itself and stays light to start."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jobfit.cli import app

runner = CliRunner()


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_top_level_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in _commands():
        assert name in result.output


@pytest.mark.parametrize("command", _commands())
def test_every_subcommand_has_help(command):
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
    # a real explanation, not just the usage line
    assert len(result.output.split()) > 25


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from jobfit.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('mlflow', 'lightgbm', 'bentoml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_validate_names_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "nope" in result.output


def test_ui_without_a_store_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    result = runner.invoke(app, ["ui", "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert "no MLflow store" in result.output


def test_train_on_a_broken_export_prints_the_report_not_a_traceback(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "units.csv").write_text("unit_id,unit_name,unit_type\nA,Unit A,dinas\n")
    result = runner.invoke(app, ["train", "--data", str(export), "--home", str(tmp_path / "h")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "employees.csv" in result.output  # the missing required file is named


def test_accept_fairness_needs_words(tmp_path):
    result = runner.invoke(app, ["train", "--data", str(tmp_path), "--accept-fairness", "  "])
    assert result.exit_code == 2 and "reason" in result.output


def test_card_without_a_registry_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    result = runner.invoke(app, ["card", "--home", str(tmp_path)], terminal_width=200)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "no champion" in result.output and "jobfit train" in result.output
