"""What a question to Jobfit may ask, checked in one place: the errors a bad parameter or an
unknown id raises, and the bounds of a date. Ranking (serving/) and round planning
(planning/) share them, so a 400 or a 404 reads the same whichever answers it; the service
maps RequestError to 400 and UnknownId to 404.
"""

from __future__ import annotations

from datetime import date

AS_OF_MIN, AS_OF_MAX = date(1950, 1, 1), date(2100, 12, 31)  # sane dates, inside pandas' range


class RequestError(ValueError):
    """Bad input to a ranking or planning call; `field` names the offending parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class UnknownId(LookupError):
    """An employee, position or unit id the export does not know."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}: unknown {field.removesuffix('s').removesuffix('_id')} "
                         f"{value!r}")
        self.field = field
        self.value = value


def check_as_of(as_of: date | None) -> date:
    """The date a question is asked as of: today when not given, else a sane date."""
    if as_of is None:
        return date.today()
    if not isinstance(as_of, date):
        raise RequestError("as_of", "must be a date (YYYY-MM-DD)")
    if not AS_OF_MIN <= as_of <= AS_OF_MAX:
        raise RequestError("as_of", f"must be from {AS_OF_MIN} to {AS_OF_MAX}, got {as_of}")
    return as_of
