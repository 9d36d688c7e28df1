"""State rows as the answers show them: rounds with their moves and latest decisions,
decisions, preferences — plain JSON-ready dicts (times UTC-aware, ISO 8601) — and the ids and
times new rows get."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select

from serving.state.tables import Decision, Move, Preference, Round


def now() -> datetime:
    """The time a write records (UTC-aware)."""
    return datetime.now(timezone.utc)


def new_id(prefix: str) -> str:
    """A new record's id: the prefix and 64 random bits (`dec-1f2e…`)."""
    return f"{prefix}-{secrets.token_hex(8)}"


def latest_decisions_subquery(round_id: str | None = None):
    q = select(Decision.round_id, Decision.move_id,
               func.max(Decision.round_version).label("v"))
    if round_id is not None:
        q = q.where(Decision.round_id == round_id)
    return q.group_by(Decision.round_id, Decision.move_id).subquery()


def decision_dict(d: Decision | Mapping[str, Any]) -> dict:
    """A decision (a row object, or a mapping of its columns) as the answers show it."""
    g = d.__getitem__ if isinstance(d, Mapping) else lambda k: getattr(d, k)
    return {"decision_id": g("decision_id"), "decision": g("decision"), "reason": g("reason"),
            "override_employee_id": g("override_employee_id"),
            "override_position_id": g("override_position_id"), "actor": g("actor"),
            "decided_at": aware(g("decided_at")).isoformat(),
            "round_version": g("round_version")}


def aware(at: datetime) -> datetime:
    """UTC-aware (a Core row from SQLite comes back naive; it was stored as UTC)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


def move_dict(m: Move, d: Decision | None) -> dict:
    return {"move_id": m.move_id, "employee_id": m.employee_id,
            "from_position_id": m.from_position_id, "to_position_id": m.to_position_id,
            "score": m.score, "stay_score": m.stay_score, "gain": m.gain,
            "reasons": list(m.reasons), "gaps": list(m.gaps),
            "decision": decision_dict(d) if d is not None else None}


def round_dict(r: Round, moves: Sequence[Move], decided: dict[str, Decision]) -> dict:
    return {"round_id": r.id, "name": r.name, "status": r.status, "version": r.version,
            "created_at": r.created_at.isoformat(), "created_by": r.created_by,
            "enacted_at": r.enacted_at.isoformat() if r.enacted_at else None,
            "enacted_by": r.enacted_by, "model_version": r.model_version,
            "data_snapshot": r.data_snapshot, "params": r.params,
            "moves": [move_dict(m, decided.get(m.move_id)) for m in moves],
            "unfilled": r.unfilled, "totals": r.totals}


def preference_dict(p: Preference) -> dict:
    return {"employee_id": p.employee_id, "preferred_unit_ids": list(p.preferred_unit_ids),
            "open_to_move": p.open_to_move, "note": p.note,
            "stated_at": p.stated_at.isoformat(), "actor": p.actor}
