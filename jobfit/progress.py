"""A training run's steps as a rich progress display on stderr (`jobfit train`, `jobfit demo`)."""

from __future__ import annotations

from training.steps import Steps


class ProgressSteps(Steps):
    """Steps with a spinner, a bar and the elapsed time; `total` is the number of steps."""

    def __init__(self, total: int) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn)

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                  BarColumn(), TextColumn("{task.completed}/{task.total}"),
                                  TimeElapsedColumn(), console=Console(stderr=True),
                                  transient=False)
        self._task = self._progress.add_task("training", total=total)

    def __enter__(self) -> "ProgressSteps":
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def started(self, name: str) -> None:
        self._progress.update(self._task, description=name)

    def finished(self, name: str) -> None:
        self._progress.advance(self._task)

    def note(self, text: str) -> None:
        self._progress.update(self._task, description=text)
