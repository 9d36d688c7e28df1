"""The audit trail: every write leaves exactly one record (actor, action, target, before,
after) in the same transaction as the write; failed writes leave none; filters work."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from serving.state import BadRequest, StaleVersion, StateError
from serving.state import audit as audit_trail
from serving.state import idempotency
from statekit import ACTOR, counts, new_round


def test_each_write_has_exactly_one_audit_record_with_actor_and_before_after(store):
    r = new_round(store, n_moves=2)
    rid = r["round_id"]
    d1 = store.decide(rid, "m1", "approve", "cocok", 1, "a1")
    d2 = store.decide(rid, "m1", "override", "lebih baik", 2, "a2", override_employee_id="E7")
    store.enact(rid, 3, "kepala")
    p1 = store.put_preferences("E1", ["DINKES", "BKD"], True, "dekat", "pegawai")
    p2 = store.put_preferences("E1", [], None, None, "admin")

    log = store.audit()
    assert [(a["action"], a["actor"]) for a in log] == [
        ("round.create", ACTOR), ("decision.create", "a1"), ("decision.create", "a2"),
        ("round.enact", "kepala"), ("preferences.put", "pegawai"), ("preferences.put", "admin")]
    assert [a["audit_id"] for a in log] == sorted(a["audit_id"] for a in log)
    assert all(datetime.fromisoformat(a["at"]).tzinfo is not None for a in log)
    assert [a["at"] for a in log] == sorted(a["at"] for a in log)

    create, dec1, dec2, enact, pref1, pref2 = log
    assert create["target"] == {"type": "round", "id": rid} and create["round_id"] == rid
    assert create["before"] is None
    assert create["after"]["status"] == "draft" and create["after"]["version"] == 1
    assert create["after"]["moves"] == 2 and create["after"]["name"] == r["name"]

    assert dec1["target"] == {"type": "move", "id": "m1"} and dec1["round_id"] == rid
    assert dec1["before"] == {"round_version": 1, "decision": None}
    assert dec1["after"]["round_version"] == 2
    assert dec1["after"]["decision"]["decision_id"] == d1["decision_id"]
    assert dec1["after"]["decision"]["decision"] == "approve"
    assert dec2["before"] == {"round_version": 2, "decision": dec1["after"]["decision"]}
    assert dec2["after"]["decision"]["decision_id"] == d2["decision_id"]
    assert dec2["after"]["decision"]["override_employee_id"] == "E7"

    assert enact["target"] == {"type": "round", "id": rid}
    assert (enact["before"], enact["after"]) == ({"status": "draft", "version": 3},
                                                 {"status": "enacted", "version": 4})

    assert pref1["target"] == {"type": "employee", "id": "E1"} and pref1["round_id"] is None
    assert (pref1["before"], pref1["after"]) == (None, p1)
    assert (pref2["before"], pref2["after"]) == (p1, p2)


def test_failed_writes_leave_no_audit_record(store):
    rid = new_round(store)["round_id"]
    before = counts(store)
    for call in (lambda: store.decide(rid, "m1", "approve", "", 5, ACTOR),       # stale
                 lambda: store.decide(rid, "m9", "approve", "", 1, ACTOR),       # unknown move
                 lambda: store.decide(rid, "m1", "override", "", 1, ACTOR,       # no reason
                                      override_employee_id="E"),
                 lambda: store.decide(rid, "m1", "override", "x", 1, ACTOR,      # ineligible
                                      override_employee_id="E",
                                      check_override=lambda e, p: "tenure"),
                 lambda: store.enact(rid, 7, ACTOR),
                 lambda: store.put_preferences("E1", ["A", "B", "C", "D"], None, None, ACTOR)):
        with pytest.raises(StateError):
            call()
    assert counts(store) == before


def test_audit_filters_by_round_and_since(store):
    r1 = new_round(store)["round_id"]
    r2 = new_round(store)["round_id"]
    store.decide(r2, "m1", "approve", "", 1, ACTOR)
    store.put_preferences("E1", ["X"], True, None, ACTOR)
    assert [a["action"] for a in store.audit(round_id=r1)] == ["round.create"]
    assert [a["action"] for a in store.audit(round_id=r2)] == ["round.create", "decision.create"]
    everything = store.audit()
    assert len(everything) == 4
    cut = everything[2]["at"]  # the decision's time
    assert [a["audit_id"] for a in store.audit(since=cut)] == [
        a["audit_id"] for a in everything if a["at"] >= cut]
    assert [a["audit_id"] for a in store.audit(since=datetime.fromisoformat(cut))] == [
        a["audit_id"] for a in everything if a["at"] >= cut]
    future = datetime.now(timezone.utc) + timedelta(days=1)
    assert store.audit(since=future) == []
    assert store.audit(since=future.isoformat().replace("+00:00", "Z")) == []
    assert store.audit(round_id=r2, since=cut) == [everything[2]]
    assert store.audit(limit=1) == everything[:1]
    with pytest.raises(BadRequest) as err:
        store.audit(since="yesterday")
    assert err.value.field == "since"


def test_the_write_is_undone_when_its_audit_record_cannot_be_written(store, monkeypatch):
    rid = new_round(store)["round_id"]
    before = counts(store)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full while auditing")

    monkeypatch.setattr(audit_trail, "append", broken)
    with pytest.raises(RuntimeError):
        store.decide(rid, "m1", "approve", "", 1, ACTOR)
    with pytest.raises(RuntimeError):
        store.put_preferences("E1", ["X"], None, None, ACTOR)
    with pytest.raises(RuntimeError):
        new_round(store)
    monkeypatch.undo()
    assert counts(store) == before
    assert store.get_round(rid)["version"] == 1


def test_the_write_and_audit_are_undone_when_the_idempotency_record_fails(store, monkeypatch):
    rid = new_round(store)["round_id"]
    before = counts(store)

    def broken(*args, **kwargs):
        raise RuntimeError("crash before the key is stored")

    monkeypatch.setattr(idempotency, "remember", broken)
    with pytest.raises(RuntimeError):
        store.decide(rid, "m1", "approve", "", 1, ACTOR, idempotency_key="k-1")
    monkeypatch.undo()
    assert counts(store) == before
    # and the key is free: the same request now goes through, once
    assert store.decide(rid, "m1", "approve", "", 1, ACTOR,
                        idempotency_key="k-1")["round_version"] == 2


def test_stale_decision_keeps_audit_unchanged_even_after_many_attempts(store):
    rid = new_round(store)["round_id"]
    store.decide(rid, "m1", "approve", "", 1, ACTOR)
    for _ in range(5):
        with pytest.raises(StaleVersion):
            store.decide(rid, "m2", "approve", "", 1, ACTOR)
    assert [a["action"] for a in store.audit(round_id=rid)] == ["round.create",
                                                                "decision.create"]
