"""The worlds of the matrix, generated once and kept: generators × variants × seeds at one
size, each in DIR/<generator>-<variant>-s<seed>-n<employees>/ with export/ and truth/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from synthetic import generators
from training.matrix import World


def parse_list(value: str, name: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    if not items:
        raise ValueError(f"{name}: give at least one value")
    return items


def generator_names(value: str) -> list[str]:
    """'all' → every registered generator; else the comma list as given (names are checked
    by plan_worlds)."""
    if value.strip() == "all":
        return list(generators.generators())
    return parse_list(value, "--generators")


def plan_worlds(folder: Path, generator_names: list[str], variants: str, seeds: list[int],
                employees: int) -> list[World]:
    """The worlds asked for; `variants` is "all", "base" or a comma list (a variant a
    generator lacks is an error naming both)."""
    worlds = []
    for name in generator_names:
        gen = generators.get(name, "--generators")
        wanted = list(gen.variants) if variants == "all" else parse_list(variants, "--variants")
        for v in wanted:
            if v not in gen.variants:
                raise ValueError(f"--variants {v!r}: the {name} generator has "
                                 f"{', '.join(gen.variants)}")
            for s in seeds:
                worlds.append(World(name, v, s, folder / f"{name}-{v}-s{s}-n{employees}"))
    return worlds


def ensure(worlds: list[World], employees: int) -> Iterator[tuple[World, bool]]:
    """Generate each world not yet on disk; yields (world, generated now)."""
    for w in worlds:
        done = (w.folder / "export" / "employees.csv").exists() and \
            (w.folder / "truth" / "fit.parquet").exists()
        if not done:
            generators.get(w.generator).generate(w.folder, seed=w.seed, employees=employees,
                                                 variant=w.variant)
        yield w, not done
