"""The audit trail: one append-only record per write, in the write's own transaction.

The store calls `append` inside every write transaction, before it commits, so a write and its
audit record exist together or not at all. Nothing updates or deletes audit rows. Records name
the actor as the HR application sent it, the action, the target, and the state before and after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.orm import Session

from serving.state.prepared import Prepared
from serving.state.tables import AuditRecord

ACTIONS = ("round.create", "decision.create", "round.enact", "preferences.put",
           "outcome.ingest")
# compiled once (serving.state.prepared); the parameters change per call
_APPEND = Prepared(insert(AuditRecord.__table__),
                   [c.key for c in AuditRecord.__table__.c if c.key != "id"])


def append(session: Session | Connection, *, at: datetime, actor: str, action: str, target_type: str,
           target_id: str, round_id: str | None, before: Any, after: Any) -> None:
    assert action in ACTIONS, action
    # a plain INSERT in the session's transaction (no unit-of-work bookkeeping: the record
    # is never read back in the same transaction)
    _APPEND.run(session, {"at": at, "actor": actor, "action": action,
                              "target_type": target_type, "target_id": target_id,
                              "round_id": round_id, "before": before, "after": after})


def as_dict(rec: AuditRecord) -> dict:
    return {"audit_id": rec.id, "at": rec.at.isoformat(), "actor": rec.actor,
            "action": rec.action, "target": {"type": rec.target_type, "id": rec.target_id},
            "round_id": rec.round_id, "before": rec.before, "after": rec.after}
