"""The validation report: every problem found in an HR export, named by file, row, column.

Row numbers are the line numbers a person sees when opening the CSV in an editor: the header
is line 1, the first data row is line 2.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["fatal", "row", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str                 # e.g. "employees.csv"
    row: int | None           # CSV line number (header = 1); None for file-level problems
    column: str | None        # None for row- or file-level problems
    problem: str              # plain words: "unparseable date '2020-13-01'"
    severity: Severity        # fatal stops the run; row quarantines the row; warning keeps it
    value: str | None = None  # the offending cell, when there is one (never personal fields)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" column {self.column}"
        return f"[{self.severity}] {where}: {self.problem}"


@dataclass
class ValidationReport:
    export_dir: str
    problems: list[Problem] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)      # per file, data rows in CSV
    rows_used: dict[str, int] = field(default_factory=dict)      # per file, rows kept
    rows_quarantined: dict[str, int] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fatal"]

    @property
    def ok(self) -> bool:
        """True when nothing fatal was found (row problems were quarantined)."""
        return not self.fatal

    @property
    def clean(self) -> bool:
        """True when no problem of any kind was found."""
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "export_dir": self.export_dir,
            "ok": self.ok,
            "counts": {
                "fatal": sum(p.severity == "fatal" for p in self.problems),
                "row": sum(p.severity == "row" for p in self.problems),
                "warning": sum(p.severity == "warning" for p in self.problems),
            },
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_quarantined": self.rows_quarantined,
            "problems": [asdict(p) for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_text(self, limit: int | None = 200) -> str:
        lines = [f"Validation of {self.export_dir}: "
                 + ("FATAL problems, nothing loaded" if not self.ok
                    else "ok" if self.clean else "ok, with quarantined rows or warnings")]
        for name in sorted(self.rows_read):
            if name not in self.rows_used:      # stopped before rows were checked
                lines.append(f"  {name}: {self.rows_read[name]} rows read")
                continue
            lines.append(f"  {name}: {self.rows_read[name]} rows read, "
                         f"{self.rows_used.get(name, 0)} used, "
                         f"{self.rows_quarantined.get(name, 0)} quarantined")
        shown = self.problems if limit is None else self.problems[:limit]
        for p in shown:
            lines.append("  " + str(p))
        if limit is not None and len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit} more (use --json for all)")
        return "\n".join(lines)


class ExportError(Exception):
    """Raised when an export has fatal problems; carries the full report."""

    def __init__(self, report: ValidationReport):
        self.report = report
        super().__init__(report.to_text(limit=20))
