"""What later exports said became of enacted rounds: the outcome records of the state database.

    rec = OutcomeRecords(store)                     # over a StateStore's database
    rec.record(round_id, snapshot=..., fingerprint=..., export_date=..., moves=[...],
               units=[...], summary={...}, actor="cli:andi")
        -> {"ingest_id", "created": True | False}
    rec.latest(round_id) -> {"ingest": {...}, "moves": [...], "units": [...]} | None

Why a store of its own: an outcome is written once per (round, export) and read by the report
many times; matching is done by the caller (serving.outcomes.match), which knows exports.

The rules: ingesting the same export for the same round again writes nothing and answers the
first ingest (`created: False`) — the unique (round, fingerprint) and a per-round lock inside
the write transaction make that hold under concurrent ingests too; only an enacted round takes
outcomes (409 for a draft, 404 for an unknown round); the ingest, its rows and its audit record
(`outcome.ingest`) commit together or not at all. Logs carry round ids and counts only.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from serving.state import audit as audit_trail
from serving.state import inputs
from serving.state.commit import serialise_on
from serving.state.errors import NotFound, RoundFrozen
from serving.state.store import StateStore
from serving.state.tables import MoveOutcome, OutcomeIngest, Round, UnitOutcome

log = logging.getLogger("jobfit.state")

MOVE_FIELDS = ("move_id", "decision", "enacted", "employee_id", "from_position_id",
               "to_position_id", "planned_score", "predicted_score", "gain", "status",
               "actual_position_id", "appraisal_before", "appraisal_after", "appraisal_years")


class NotEnacted(RoundFrozen):
    """409: outcomes are matched only with enacted rounds."""


class OutcomeRecords:
    """Outcome ingests of enacted rounds, over one StateStore's database and transactions."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self._tx = store.transactions

    def record(self, round_id: str, *, snapshot: str, fingerprint: str, export_date: str,
               moves: list[dict], units: list[dict], summary: dict, actor: str) -> dict:
        """Store one ingest (the round's move and unit outcomes) unless this export was
        ingested for this round already; returns {"ingest_id", "created"}."""
        round_id = inputs.ident(round_id, "round_id")
        snapshot = inputs.text(snapshot, "data_snapshot")
        fingerprint = inputs.text(fingerprint, "fingerprint", max_len=64)
        actor = inputs.actor(actor)
        summary = inputs.json_value(summary, "summary")
        unit_rows = [{"unit_id": inputs.ident(u["unit_id"], "unit_id"),
                      "figures": inputs.json_value({k: v for k, v in u.items()
                                                    if k != "unit_id"}, "units")}
                     for u in units]
        move_rows = [{k: m.get(k) for k in MOVE_FIELDS} for m in moves]

        def write(s: Session) -> dict:
            serialise_on(s, "outcome", round_id)
            rnd = s.get(Round, round_id)
            if rnd is None:
                raise NotFound(f"round_id: no round {round_id!r}", field="round_id")
            if rnd.status != "enacted":
                raise NotEnacted(f"round_id: round {round_id!r} is a draft; outcomes are "
                                 "matched only with an enacted round", field="round_id")
            found = s.execute(select(OutcomeIngest.id).where(
                OutcomeIngest.round_id == round_id,
                OutcomeIngest.fingerprint == fingerprint)).scalar_one_or_none()
            if found is not None:
                log.info("round %s: export already ingested (%s)", round_id, found)
                return {"ingest_id": found, "created": False}
            at = datetime.now(timezone.utc)
            ingest_id = f"ing-{secrets.token_hex(8)}"
            s.add(OutcomeIngest(id=ingest_id, round_id=round_id, data_snapshot=snapshot,
                                fingerprint=fingerprint, export_date=export_date,
                                ingested_at=at, actor=actor, summary=summary))
            s.flush()
            if move_rows:
                s.execute(insert(MoveOutcome.__table__),
                          [{"ingest_id": ingest_id, **m} for m in move_rows])
            if unit_rows:
                s.execute(insert(UnitOutcome.__table__),
                          [{"ingest_id": ingest_id, **u} for u in unit_rows])
            audit_trail.append(s, at=at, actor=actor, action="outcome.ingest",
                               target_type="round", target_id=round_id, round_id=round_id,
                               before=None, after={"ingest_id": ingest_id,
                                                   "data_snapshot": snapshot,
                                                   "export_date": export_date, **summary})
            s.flush()
            log.info("round %s: outcomes ingested (%d moves, %d units)", round_id,
                     len(move_rows), len(unit_rows))
            return {"ingest_id": ingest_id, "created": True}

        return self._tx.write(f"ingest:{round_id}", {}, None, 201, write)

    def latest(self, round_id: str) -> dict | None:
        """The newest ingest of the round (by the export's date, then by when it was
        ingested) with its move and unit rows; None when nothing was ingested yet."""
        round_id = inputs.ident(round_id, "round_id")
        with self._tx.read() as s:
            ing = s.execute(select(OutcomeIngest).where(OutcomeIngest.round_id == round_id)
                            .order_by(OutcomeIngest.export_date.desc(),
                                      OutcomeIngest.ingested_at.desc()).limit(1)
                            ).scalar_one_or_none()
            if ing is None:
                return None
            moves = s.execute(select(MoveOutcome).where(MoveOutcome.ingest_id == ing.id)
                              ).scalars().all()
            units = s.execute(select(UnitOutcome).where(UnitOutcome.ingest_id == ing.id)
                              .order_by(UnitOutcome.unit_id)).scalars().all()
            return {"ingest": {"ingest_id": ing.id, "data_snapshot": ing.data_snapshot,
                               "fingerprint": ing.fingerprint, "export_date": ing.export_date,
                               "ingested_at": ing.ingested_at.isoformat(),
                               "actor": ing.actor, "summary": ing.summary},
                    "moves": sorted(({k: getattr(m, k) for k in MOVE_FIELDS} for m in moves),
                                    key=lambda m: _ordinal(m["move_id"])),
                    "units": [{"unit_id": u.unit_id, **u.figures} for u in units]}


def _ordinal(move_id: str) -> tuple[int, str]:
    digits = move_id[1:] if move_id[:1] == "m" else ""
    return (int(digits), move_id) if digits.isdigit() else (10**9, move_id)
