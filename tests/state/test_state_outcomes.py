"""Outcome records in the state database, on SQLite and a real PostgreSQL: one ingest per
(round, export) however often and however concurrently it is asked for, only for enacted
rounds, audited, read back as written; the 0001 → 0002 migration keeps what was there."""

from __future__ import annotations

import threading

import pytest

from serving.state import NotFound, StateStore, current, upgrade
from serving.state.errors import BadRequest
from serving.state.outcomes import NotEnacted, OutcomeRecords
from serving.state.tables import AuditRecord, MoveOutcome, OutcomeIngest, UnitOutcome
from statekit import ACTOR, count, new_round


def _enacted(store, n_moves: int = 3) -> dict:
    rnd = new_round(store, n_moves)
    rid, v = rnd["round_id"], 1
    v = store.decide(rid, "m1", "approve", "", v, ACTOR)["round_version"]
    v = store.decide(rid, "m2", "override", "lebih cocok", v, ACTOR,
                     override_position_id="P-ELSE")["round_version"]
    return store.enact(rid, v, ACTOR)


def _rows(rnd: dict) -> tuple[list[dict], list[dict]]:
    moves = [{"move_id": m["move_id"], "decision": (m["decision"] or {}).get("decision"),
              "enacted": m["decision"] is not None, "employee_id": m["employee_id"],
              "from_position_id": m["from_position_id"], "to_position_id": m["to_position_id"],
              "planned_score": m["score"], "predicted_score": m["score"], "gain": m["gain"],
              "status": "carried_out" if i % 2 == 0 else "not_carried_out",
              "actual_position_id": m["to_position_id"], "appraisal_before": 3.0 + i,
              "appraisal_after": 4.0 if i % 2 == 0 else None, "appraisal_years": 1}
             for i, m in enumerate(rnd["moves"])]
    units = [{"unit_id": "DINKES", "before": {"headcount": 10, "vacancies": 2},
              "after": {"headcount": 11, "vacancies": 1}, "moves_in_planned": 2,
              "moves_in_realised": 1, "moves_out_planned": 0, "moves_out_realised": 0}]
    return moves, units


def _record(rec, rnd, fingerprint="f" * 64, **kw):
    moves, units = _rows(rnd)
    args = dict(snapshot="next@ffff", fingerprint=fingerprint, export_date="2028-01-01",
                moves=moves, units=units, summary={"enacted": 2, "carried_out": 1},
                actor=ACTOR)
    args.update(kw)
    return rec.record(rnd["round_id"], **args)


def test_an_ingest_is_stored_once_and_read_back_as_written(store):
    rnd = _enacted(store)
    rec = OutcomeRecords(store)
    assert rec.latest(rnd["round_id"]) is None
    first = _record(rec, rnd)
    assert first["created"] is True and first["ingest_id"].startswith("ing-")
    again = _record(rec, rnd)
    assert again == {"ingest_id": first["ingest_id"], "created": False}
    assert count(store, OutcomeIngest) == 1
    assert count(store, MoveOutcome) == 3 and count(store, UnitOutcome) == 1
    assert count(store, AuditRecord, AuditRecord.action == "outcome.ingest") == 1
    got = rec.latest(rnd["round_id"])
    moves, units = _rows(rnd)
    assert got["moves"] == moves and got["units"] == units
    assert got["ingest"]["summary"] == {"enacted": 2, "carried_out": 1}
    audit = store.audit(round_id=rnd["round_id"])[-1]
    assert audit["action"] == "outcome.ingest" and audit["actor"] == ACTOR
    assert audit["after"]["ingest_id"] == first["ingest_id"]
    # a later export is a second ingest, and the latest one is what the report reads
    later = _record(rec, rnd, fingerprint="e" * 64, export_date="2029-01-01")
    assert later["created"] and rec.latest(rnd["round_id"])["ingest"]["ingest_id"] == \
        later["ingest_id"]


def test_concurrent_ingests_of_one_export_store_one(store):
    rnd = _enacted(store)
    results, errors = [], []

    def run():
        try:
            results.append(_record(OutcomeRecords(store), rnd))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion
            errors.append(repr(exc))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r["created"] for r in results) == [False, False, False, True]
    assert len({r["ingest_id"] for r in results}) == 1
    assert count(store, OutcomeIngest) == 1 and count(store, MoveOutcome) == 3


def test_only_enacted_known_rounds_take_outcomes(store):
    rec = OutcomeRecords(store)
    draft = new_round(store)
    with pytest.raises(NotEnacted) as err:
        _record(rec, draft)
    assert err.value.status == 409 and "draft" in err.value.message
    ghost = {**draft, "round_id": "rnd-nope"}
    with pytest.raises(NotFound):
        _record(rec, ghost)
    with pytest.raises(BadRequest) as bad:
        _record(rec, _enacted(store), actor="")
    assert bad.value.field == "actor"
    assert count(store, OutcomeIngest) == 0 and \
        count(store, AuditRecord, AuditRecord.action == "outcome.ingest") == 0


def test_migration_0001_to_0002_keeps_the_rounds(state_url):
    assert upgrade(state_url, "0001") == "0001"
    from sqlalchemy import text

    from serving.state.db import make_engine

    engine = make_engine(state_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO rounds (id, name, status, version, created_at, "
                          "created_by, model_version, data_snapshot, params, totals, unfilled)"
                          " VALUES ('rnd-old', 'Lama', 'enacted', 3, :t, 'x', '1', 's', "
                          "'{}', '{}', '[]')"), {"t": "2026-01-01 00:00:00"})
    engine.dispose()
    assert upgrade(state_url) == "0002" == current(state_url)
    with StateStore(state_url) as store:
        assert store.round_header("rnd-old")["status"] == "enacted"
        assert OutcomeRecords(store).latest("rnd-old") is None
