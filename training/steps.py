"""The named steps of a training run and what each took. A run reports its steps here; what
the user sees of them (a progress bar on the command line) is the application's business —
jobfit.progress subclasses Steps — so training never draws anything itself."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Steps:
    """Times named steps; `started`/`finished`/`note` are hooks for a display."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    def __enter__(self) -> "Steps":
        return self

    def __exit__(self, *exc) -> None:
        return None

    @contextmanager
    def step(self, name: str) -> Iterator["Steps"]:
        self.started(name)
        t0 = time.perf_counter()
        yield self
        self.timings[name] = time.perf_counter() - t0
        self.finished(name)

    def started(self, name: str) -> None:
        """A step begins (a display shows its name)."""

    def finished(self, name: str) -> None:
        """A step ended (a display advances)."""

    def note(self, text: str) -> None:
        """A passing remark within a step."""
