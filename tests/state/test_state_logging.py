"""Log lines of the state store carry ids of rounds and moves, actions and counts — never
employee ids (NIPs), actors, notes or reasons. SQLAlchemy's statement log (INFO) is included:
the engine hides bound parameters. (Its DEBUG level logs result rows, data included: an
operator's explicit choice, never a default.)"""

from __future__ import annotations

import logging

import pytest

from serving.state import StaleVersion
from statekit import new_round, plan_moves

SECRET_ACTOR = "Siti Rahmawati (BKPSDM)"
SECRET_NOTE = "anak sakit, ingin dekat rumah"


def test_no_personal_data_in_log_lines(state_url, caplog):
    from serving.state import StateStore

    caplog.set_level(logging.DEBUG, logger="jobfit")
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    store = StateStore(state_url)  # after the levels: the engine logs its statements
    moves = plan_moves(3)
    r = new_round(store, moves=moves, actor=SECRET_ACTOR, idempotency_key="k")
    rid = r["round_id"]
    store.decide(rid, "m1", "override", SECRET_NOTE, 1, SECRET_ACTOR,
                 override_employee_id="199001012020011001")
    with pytest.raises(StaleVersion):
        store.decide(rid, "m2", "approve", SECRET_NOTE, 1, SECRET_ACTOR)
    store.enact(rid, 2, SECRET_ACTOR)
    store.put_preferences("198501012010012001", ["DINKES"], True, SECRET_NOTE, SECRET_ACTOR)
    store.get_round(rid)
    store.audit()
    store.close()

    text = "\n".join(rec.getMessage() for rec in caplog.records)
    assert f"round {rid} created: 3 moves" in text  # the store does log, with ids and counts
    assert "INSERT INTO decisions" in text  # and so does SQLAlchemy: statements, no values
    forbidden = [m["employee_id"] for m in moves] + [
        "199001012020011001", "198501012010012001", SECRET_ACTOR, SECRET_NOTE, "Pegawai 1"]
    leaked = [f for f in forbidden if f in text]
    assert leaked == []
