"""StateStore: the one door to the state database for the service and the CLI.

    store = StateStore(url)                       # migrates to the newest schema by default
    r = store.create_round(name, params, model_version, data_snapshot, moves, unfilled, totals,
                           actor="siti@bkpsdm")
    store.decide(r["round_id"], "m1", "approve", "fits the unit's need", expected_version=1,
                 actor="siti@bkpsdm")              # -> {"decision_id", "round_version": 2}
    store.enact(r["round_id"], expected_version=2, actor="kepala@bkpsdm")

Answers are plain JSON-ready dicts; failures are `serving.state.errors` exceptions carrying their
HTTP status. The rules this module keeps:

- One write = one transaction holding the write, its audit record and (if an Idempotency-Key
  came) its stored answer. All three commit together or not at all. On SQLite, writes of one
  process that arrive while another commits share the next transaction, each in a SAVEPOINT
  of its own (group commit: one fsync for the batch; a refused write rolls back alone), and
  none is acknowledged before the batch's COMMIT. Decisions and preferences have a second
  door for the service's event loop (`decide_async`, `put_preferences_async`): the same
  write, whose COMMIT waits in a thread instead of on the loop.
- Optimistic concurrency is a compare-and-set `UPDATE rounds SET version = version + 1 WHERE
  id = ? AND version = ? AND status = 'draft'`: of concurrent deciders holding the same
  expected_version exactly one updates a row; the others see 0 rows and get 409. On SQLite the
  write transaction starts with BEGIN IMMEDIATE; on PostgreSQL the UPDATE waits on the row lock
  and re-checks its WHERE after the winner commits. Decisions are also unique per
  (round, round_version), so the database itself refuses a second winner.
- The store knows no eligibility rule: overrides are checked by the `check_override` callback
  the service supplies.
- Log lines carry round/move ids, actions and counts only: never employee ids (NIPs), names,
  actors or notes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from serving.state import audit as audit_trail
from serving.state import idempotency, inputs
from serving.state.commit import db_errors, serialise_on
from serving.state.db import make_engine, write_engine
from serving.state.decisions import CheckOverride, decision_write
from serving.state.errors import BadRequest, NotFound, SchemaOutOfDate
from serving.state.migrate import current, head, upgrade
from serving.state.records import (latest_decisions_subquery, new_id, now, preference_dict,
                                   round_dict)
from serving.state.rounds import bump_version, load_round
from serving.state.transactions import Transactions, Write
from serving.state.tables import AuditRecord, Decision, Move, Preference, Round

log = logging.getLogger("jobfit.state")


class StateStore:
    """Rounds, decisions, enactments, preferences, audit and idempotency over one database."""

    def __init__(self, url: str | URL, *, migrate: bool = True, pool_size: int = 8):
        self.engine: Engine = make_engine(url, pool_size=pool_size)
        self._writer: Engine = write_engine(self.engine)
        # SQLite has one writer at a time. Writers of this process queue on a lock instead of
        # polling SQLite's busy handler (whose sleeps grow to 100 ms and starve unlucky
        # threads), and those queued together commit together (serving.state.commit: one fsync
        # per batch); other processes still wait through busy_timeout.
        self._tx = Transactions(self.engine, self._writer)
        self.transactions = self._tx    # for the companion stores (serving.state.outcomes)
        try:
            with db_errors():
                if migrate:
                    upgrade(self.engine)
                else:
                    at, want = current(self.engine), head()
                    if at != want:
                        raise SchemaOutOfDate(f"state database is at schema {at!r}, this code "
                                              f"needs {want!r}: run `jobfit db upgrade`")
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self._tx.close()
        self.engine.dispose()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- rounds -------------------------------------------------------------------------------
    def create_round(self, name: str, params: dict, model_version: str, data_snapshot: str,
                     moves: Sequence[Any], unfilled: Sequence[Any], totals: dict, actor: str,
                     *, idempotency_key: str | None = None,
                     idempotency_request: dict | None = None) -> dict:
        """Store a planned round as a draft (version 1); its moves get ids m1, m2, … in the
        plan's order. Returns the round as `get_round` would (every decision None).

        `idempotency_request`: what the client asked (e.g. the HTTP body), when the plan is
        computed from it: the Idempotency-Key then stands for that request, not for the plan
        (a replay after the model changed is still the same request). Default: everything
        given here. `create_round_replay` answers a replay before anything is planned."""
        name = inputs.text(name, "name").strip()
        if not isinstance(params, dict):
            raise BadRequest("params: must be an object", field="params")
        params = inputs.json_value(params, "params")
        model_version = inputs.text(model_version, "model_version")
        data_snapshot = inputs.text(data_snapshot, "data_snapshot")
        if isinstance(moves, (str, bytes)) or not isinstance(moves, Sequence):
            raise BadRequest("moves: must be a list", field="moves")
        clean_moves = [inputs.move(m, i) for i, m in enumerate(moves)]
        if isinstance(unfilled, (str, bytes, dict)) or not isinstance(unfilled, Sequence):
            raise BadRequest("unfilled: must be a list", field="unfilled")
        unfilled = inputs.json_value(list(unfilled), "unfilled")
        if not isinstance(totals, dict):
            raise BadRequest("totals: must be an object", field="totals")
        totals = inputs.json_value(totals, "totals")
        actor = inputs.actor(actor)
        request = {"name": name, "params": params, "model_version": model_version,
                   "data_snapshot": data_snapshot, "moves": clean_moves, "unfilled": unfilled,
                   "totals": totals}
        if idempotency_request is not None:
            request = {"request": inputs.json_value(idempotency_request, "request")}

        def write(s: Session) -> dict:
            at = now()
            rnd = Round(id=new_id("rnd"), name=name, status="draft", version=1, created_at=at,
                        created_by=actor, model_version=model_version,
                        data_snapshot=data_snapshot, params=params, totals=totals,
                        unfilled=unfilled)
            s.add(rnd)
            s.flush()
            rows = [Move(round_id=rnd.id, move_id=f"m{i + 1}", ordinal=i + 1, **m)
                    for i, m in enumerate(clean_moves)]
            s.add_all(rows)
            audit_trail.append(
                s, at=at, actor=actor, action="round.create", target_type="round",
                target_id=rnd.id, round_id=rnd.id, before=None,
                after={"name": name, "status": "draft", "version": 1,
                       "model_version": model_version, "data_snapshot": data_snapshot,
                       "params": params, "moves": len(rows), "unfilled": len(unfilled)})
            s.flush()
            log.info("round %s created: %d moves", rnd.id, len(rows))
            return round_dict(rnd, rows, {})

        return self._tx.write("create_round", request, idempotency_key, 201, write)

    def create_round_replay(self, idempotency_key: str | None,
                            idempotency_request: dict) -> dict | None:
        """The answer a `create_round` with this key and `idempotency_request` already gave
        (None: no such write yet; IdempotencyConflict: the key was used for another request)."""
        key = idempotency.check_key(idempotency_key)
        if key is None:
            return None
        request = {"request": inputs.json_value(idempotency_request, "request")}
        return self._tx.stored_answer(key, "create_round", request)

    def list_rounds(self) -> list[dict]:
        """Every round, oldest first: id, name, status, version, created, and counts of moves,
        decided moves and moves whose current decision is approve / reject / override."""
        with self._tx.read() as s:
            rounds = s.execute(select(Round).order_by(Round.created_at, Round.id)).scalars().all()
            n_moves = dict(s.execute(select(Move.round_id, func.count())
                                     .group_by(Move.round_id)).all())
            latest = latest_decisions_subquery()
            per_kind: dict[str, dict[str, int]] = {}
            for rid, kind, n in s.execute(
                    select(Decision.round_id, Decision.decision, func.count())
                    .join(latest, and_(Decision.round_id == latest.c.round_id,
                                       Decision.round_version == latest.c.v))
                    .group_by(Decision.round_id, Decision.decision)):
                per_kind.setdefault(rid, {})[kind] = n
            out = []
            for r in rounds:
                kinds = per_kind.get(r.id, {})
                out.append({
                    "round_id": r.id, "name": r.name, "status": r.status, "version": r.version,
                    "created_at": r.created_at.isoformat(), "created_by": r.created_by,
                    "model_version": r.model_version, "data_snapshot": r.data_snapshot,
                    "counts": {"moves": n_moves.get(r.id, 0), "decided": sum(kinds.values()),
                               "approved": kinds.get("approve", 0),
                               "rejected": kinds.get("reject", 0),
                               "overridden": kinds.get("override", 0)}})
            return out

    def round_header(self, round_id: str) -> dict:
        """The round without its moves: id, name, status, version, params, model version and
        data snapshot (404 when unknown). Cheap: for checks before a write."""
        round_id = inputs.ident(round_id, "round_id")
        with self._tx.read() as s:
            r = s.get(Round, round_id)
            if r is None:
                raise NotFound(f"round_id: no round {round_id!r}", field="round_id")
            return {"round_id": r.id, "name": r.name, "status": r.status,
                    "version": r.version, "params": r.params,
                    "model_version": r.model_version, "data_snapshot": r.data_snapshot}

    def get_round(self, round_id: str) -> dict:
        """The round with its moves in plan order, each with its current decision (or None)."""
        round_id = inputs.ident(round_id, "round_id")
        with self._tx.read() as s:
            return load_round(s, round_id)

    def decide(self, round_id: str, move_id: str, decision: str, reason: str | None,
               expected_version: int, actor: str, override_employee_id: str | None = None,
               override_position_id: str | None = None,
               check_override: CheckOverride | None = None, *,
               idempotency_key: str | None = None) -> dict:
        """Record a decision on one move; returns {"decision_id", "round_version"}.

        `override` names who goes instead (`override_employee_id`) and/or where the employee
        goes instead (`override_position_id`) and needs a reason; the resulting pair is handed
        to `check_override(employee_id, position_id)`, which returns the broken eligibility
        rule's name (→ Ineligible, 422) or None. Without `check_override` no eligibility is
        checked: the service must supply it. A decided move may be decided again; the latest
        counts and all are kept.
        """
        w = decision_write(self._tx, round_id, move_id, decision, reason, expected_version,
                           actor, override_employee_id, override_position_id, check_override,
                           idempotency_key)
        return w if isinstance(w, dict) else self._tx.write(*w)

    async def decide_async(self, round_id: str, move_id: str, decision: str,
                           reason: str | None, expected_version: int, actor: str,
                           override_employee_id: str | None = None,
                           override_position_id: str | None = None,
                           check_override: CheckOverride | None = None, *,
                           idempotency_key: str | None = None) -> dict:
        """`decide` on the event loop: on SQLite the write joins the loop's group commit
        (answered after its batch's COMMIT, the loop free during the fsync)."""
        w = decision_write(self._tx, round_id, move_id, decision, reason, expected_version,
                           actor, override_employee_id, override_position_id, check_override,
                           idempotency_key)
        return w if isinstance(w, dict) else await self._tx.write_async(w)

    def enact(self, round_id: str, expected_version: int, actor: str, *,
              idempotency_key: str | None = None) -> dict:
        """Freeze the round: status enacted, version + 1; no decision is accepted afterwards.
        Returns the round as `get_round` does."""
        round_id = inputs.ident(round_id, "round_id")
        expected_version = inputs.version(expected_version)
        actor = inputs.actor(actor)
        request = {"expected_version": expected_version}

        def write(s: Session) -> dict:
            at = now()
            new_version = bump_version(s, round_id, expected_version, enact=(at, actor))
            audit_trail.append(
                s, at=at, actor=actor, action="round.enact", target_type="round",
                target_id=round_id, round_id=round_id,
                before={"status": "draft", "version": expected_version},
                after={"status": "enacted", "version": new_version})
            s.flush()
            log.info("round %s enacted (version %d)", round_id, new_version)
            return load_round(s, round_id)

        return self._tx.write(f"enact:{round_id}", request, idempotency_key, 200, write)

    # --- preferences --------------------------------------------------------------------------
    def put_preferences(self, employee_id: str, preferred_unit_ids: Sequence[str] | None,
                        open_to_move: bool | None, note: str | None, actor: str, *,
                        idempotency_key: str | None = None) -> dict:
        """Append an employee's stated preference (≤ 3 units); returns the stored, dated record.
        The store does not know which employees or units exist: the service checks that."""
        return self._tx.write(*self._preference_write(
            employee_id, preferred_unit_ids, open_to_move, note, actor, idempotency_key))

    async def put_preferences_async(self, employee_id: str,
                                    preferred_unit_ids: Sequence[str] | None,
                                    open_to_move: bool | None, note: str | None, actor: str, *,
                                    idempotency_key: str | None = None) -> dict:
        """`put_preferences` on the event loop (as `decide_async`)."""
        return await self._tx.write_async(self._preference_write(
            employee_id, preferred_unit_ids, open_to_move, note, actor, idempotency_key))

    def _preference_write(self, employee_id, preferred_unit_ids, open_to_move, note, actor,
                          idempotency_key) -> Write:
        employee_id = inputs.ident(employee_id, "employee_id")
        units = inputs.preferred_units(preferred_unit_ids)
        open_to_move = inputs.open_to_move(open_to_move)
        note = inputs.text(note, "note", required=False, max_len=inputs.MAX_TEXT,
                           allow_empty=True)
        actor = inputs.actor(actor)
        request = {"preferred_unit_ids": units, "open_to_move": open_to_move, "note": note}

        def write(s: Session) -> dict:
            at = now()
            serialise_on(s, "preferences", employee_id)
            previous = s.execute(select(Preference).where(Preference.employee_id == employee_id)
                                 .order_by(Preference.id.desc()).limit(1)).scalar_one_or_none()
            p = Preference(employee_id=employee_id, preferred_unit_ids=units,
                           open_to_move=open_to_move, note=note, stated_at=at, actor=actor)
            s.add(p)
            s.flush()
            record = preference_dict(p)
            audit_trail.append(
                s, at=at, actor=actor, action="preferences.put", target_type="employee",
                target_id=employee_id, round_id=None,
                before=preference_dict(previous) if previous else None, after=record)
            s.flush()
            log.info("preferences stated (%d units)", len(units))
            return record

        return Write(f"preferences:{employee_id}", request, idempotency_key, 200, write)

    def get_preferences(self, employee_id: str) -> dict:
        """{"employee_id", "latest" (None if never stated), "history" (oldest first)}."""
        employee_id = inputs.ident(employee_id, "employee_id")
        with self._tx.read() as s:
            rows = s.execute(select(Preference).where(Preference.employee_id == employee_id)
                             .order_by(Preference.id)).scalars().all()
            history = [preference_dict(p) for p in rows]
        return {"employee_id": employee_id, "latest": history[-1] if history else None,
                "history": history}

    def preferences_mark(self) -> int:
        """A number that changes whenever a preference is stated (the newest record's id; 0
        when none): readers cache `latest_preferences` until it moves."""
        with self._tx.read() as s:
            return int(s.execute(select(func.max(Preference.id))).scalar_one() or 0)

    def latest_preferences(self) -> dict[str, dict]:
        """employee_id → that employee's latest stated preference, for rankings and plans."""
        with self._tx.read() as s:
            newest = (select(func.max(Preference.id).label("id"))
                      .group_by(Preference.employee_id).subquery())
            rows = s.execute(select(Preference).join(newest, Preference.id == newest.c.id)
                             ).scalars().all()
            return {p.employee_id: preference_dict(p) for p in rows}

    # --- audit --------------------------------------------------------------------------------
    def audit(self, round_id: str | None = None, since: datetime | str | None = None,
              limit: int | None = None) -> list[dict]:
        """Audit records, oldest first, optionally of one round and/or at or after `since`."""
        when = inputs.since(since)
        q = select(AuditRecord).order_by(AuditRecord.id)
        if round_id is not None:
            q = q.where(AuditRecord.round_id == inputs.ident(round_id, "round_id"))
        if when is not None:
            q = q.where(AuditRecord.at >= when)
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
                raise BadRequest("limit: must be a positive integer", field="limit")
            q = q.limit(limit)
        with self._tx.read() as s:
            return [audit_trail.as_dict(r) for r in s.execute(q).scalars()]
