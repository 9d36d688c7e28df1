"""Checking and normalising what callers hand the store, before any transaction starts.

Every problem is a `BadRequest` naming the field, so the service can answer 400 without
looking inside. Values are made JSON-plain here (numpy scalars → Python numbers, dates → ISO
strings, NaN refused) because the same values go to the database, to the idempotency record
and into the answer, and all three must agree byte for byte.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime, timezone
from typing import Any

from serving.state.errors import BadRequest

DECISIONS = ("approve", "reject", "override")
MAX_TEXT = 2000
MAX_NAME = 200
MAX_ID = 64
MAX_PREFERRED_UNITS = 3


def text(value: Any, field: str, *, required: bool = True, max_len: int = MAX_NAME,
         allow_empty: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"{field}: must be a string", field=field)
    if not allow_empty and not value.strip():
        raise BadRequest(f"{field}: must not be empty", field=field)
    if len(value) > max_len:
        raise BadRequest(f"{field}: at most {max_len} characters", field=field)
    return value


def ident(value: Any, field: str, *, required: bool = True) -> str | None:
    return text(value, field, required=required, max_len=MAX_ID)


def actor(value: Any) -> str:
    return text(value, "actor")


MAX_VERSION = 2**31 - 1      # the column is a 32-bit integer on both backends


def version(value: Any, field: str = "expected_version") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_VERSION:
        raise BadRequest(f"{field}: must be an integer from 1 to {MAX_VERSION}", field=field)
    return value


def number(value: Any, field: str, *, required: bool = True) -> float | None:
    if value is None and not required:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        value = value.item()  # numpy scalar
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadRequest(f"{field}: must be a finite number", field=field)
    return float(value)


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if hasattr(value, "tolist"):  # numpy array
        return value.tolist()
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(type(value).__name__)


def json_value(value: Any, field: str) -> Any:
    """`value` as plain JSON (a deep copy), or BadRequest naming `field`."""
    try:
        return json.loads(json.dumps(value, default=_plain, allow_nan=False, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"{field}: not representable as JSON ({exc})", field=field) from None


def string_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise BadRequest(f"{field}: must be a list of strings", field=field)
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise BadRequest(f"{field}[{i}]: must be a string", field=field)
        out.append(item)
    return out


def move(raw: Any, i: int) -> dict:
    """One planned move, reduced to what the store keeps (names and titles stay in the export)."""
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump(mode="json")
    if not isinstance(raw, Mapping):
        raise BadRequest(f"moves[{i}]: must be an object", field="moves")
    f = f"moves[{i}]."
    return {
        "employee_id": ident(raw.get("employee_id"), f + "employee_id"),
        "from_position_id": ident(raw.get("from_position_id"), f + "from_position_id",
                                  required=False),
        "to_position_id": ident(raw.get("to_position_id"), f + "to_position_id"),
        "score": number(raw.get("score"), f + "score"),
        "stay_score": number(raw.get("stay_score"), f + "stay_score", required=False),
        "gain": number(raw.get("gain"), f + "gain", required=False),
        "reasons": string_list(raw.get("reasons"), f + "reasons"),
        "gaps": string_list(raw.get("gaps"), f + "gaps"),
    }


def decision(value: Any) -> str:
    if value not in DECISIONS:
        raise BadRequest("decision: must be one of approve, reject, override", field="decision")
    return value


def preferred_units(value: Any) -> list[str]:
    if value is None:
        return []
    units = string_list(value, "preferred_unit_ids")
    if len(units) > MAX_PREFERRED_UNITS:
        raise BadRequest(f"preferred_unit_ids: at most {MAX_PREFERRED_UNITS} units",
                         field="preferred_unit_ids")
    for u in units:
        ident(u, "preferred_unit_ids")
    if len(set(units)) != len(units):
        raise BadRequest("preferred_unit_ids: a unit is listed twice", field="preferred_unit_ids")
    return units


def open_to_move(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise BadRequest("open_to_move: must be true, false or null", field="open_to_move")
    return value


def since(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise BadRequest("since: not an ISO 8601 date-time", field="since") from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise BadRequest("since: not an ISO 8601 date-time", field="since")
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
