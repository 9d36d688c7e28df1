"""Idempotency keys: the same key and body again returns the first answer and writes nothing;
the same key with another body is 422; the key and its write commit together."""

from __future__ import annotations

import threading

import pytest

from serving.state import BadRequest, IdempotencyConflict, StaleVersion
from statekit import ACTOR, counts, new_round


def test_create_round_twice_with_one_key_writes_once_and_answers_the_same(store):
    first = new_round(store, idempotency_key="plan-2026-06")
    after_first = counts(store)
    again = new_round(store, idempotency_key="plan-2026-06")
    assert again == first
    assert counts(store) == after_first
    assert after_first["rounds"] == 1 and after_first["audit"] == 1
    assert after_first["idempotency"] == 1


def test_decide_enact_and_preferences_replay_their_first_answer(store):
    rid = new_round(store)["round_id"]
    d = store.decide(rid, "m1", "approve", "ok", 1, ACTOR, idempotency_key="d1")
    assert store.decide(rid, "m1", "approve", "ok", 1, ACTOR, idempotency_key="d1") == d
    p = store.put_preferences("E1", ["A"], True, None, ACTOR, idempotency_key="p1")
    assert store.put_preferences("E1", ["A"], True, None, ACTOR, idempotency_key="p1") == p
    e = store.enact(rid, 2, ACTOR, idempotency_key="e1")
    snapshot = counts(store)
    # replays still answer after the round moved on (enacted), without a second write
    assert store.decide(rid, "m1", "approve", "ok", 1, ACTOR, idempotency_key="d1") == d
    assert store.enact(rid, 2, ACTOR, idempotency_key="e1") == e
    assert counts(store) == snapshot
    assert snapshot["decisions"] == 1 and snapshot["preferences"] == 1
    assert snapshot["audit"] == 4 and snapshot["idempotency"] == 3


def test_same_key_with_a_different_body_is_422_and_writes_nothing(store):
    rid = new_round(store, idempotency_key="k")["round_id"]
    snapshot = counts(store)
    with pytest.raises(IdempotencyConflict) as err:
        new_round(store, idempotency_key="k", name="Another name")
    assert err.value.status == 422 and err.value.field == "Idempotency-Key"
    assert err.value.message.startswith("Idempotency-Key")
    store.decide(rid, "m1", "approve", "ok", 1, ACTOR, idempotency_key="d")
    snapshot = counts(store)
    for call in (lambda: store.decide(rid, "m1", "reject", "ok", 1, ACTOR, idempotency_key="d"),
                 lambda: store.decide(rid, "m2", "approve", "ok", 1, ACTOR, idempotency_key="d"),
                 lambda: store.decide(rid, "m1", "approve", "ok", 2, ACTOR,
                                      idempotency_key="d")):
        with pytest.raises(IdempotencyConflict):
            call()
    assert counts(store) == snapshot


def test_keys_are_scoped_per_operation_and_target(store):
    r1 = new_round(store)["round_id"]
    r2 = new_round(store)["round_id"]
    a = store.decide(r1, "m1", "approve", "", 1, ACTOR, idempotency_key="same")
    b = store.decide(r2, "m1", "approve", "", 1, ACTOR, idempotency_key="same")
    c = store.put_preferences("E1", [], None, None, ACTOR, idempotency_key="same")
    assert a["decision_id"] != b["decision_id"] and c["employee_id"] == "E1"
    assert counts(store)["decisions"] == 2


def test_actor_is_not_part_of_the_body(store):
    rid = new_round(store)["round_id"]
    a = store.decide(rid, "m1", "approve", "", 1, "first", idempotency_key="k")
    assert store.decide(rid, "m1", "approve", "", 1, "second", idempotency_key="k") == a
    assert store.audit(round_id=rid)[-1]["actor"] == "first"


def test_a_failed_request_is_not_remembered(store):
    rid = new_round(store)["round_id"]
    store.decide(rid, "m2", "approve", "", 1, ACTOR)
    with pytest.raises(StaleVersion):
        store.decide(rid, "m1", "approve", "", 1, ACTOR, idempotency_key="retry")
    with pytest.raises(StaleVersion):  # same key and body: runs again, fails again
        store.decide(rid, "m1", "approve", "", 1, ACTOR, idempotency_key="retry")
    ok = store.decide(rid, "m1", "approve", "", 2, ACTOR, idempotency_key="retry")
    assert ok["round_version"] == 3
    assert counts(store)["idempotency"] == 1


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, 7])
def test_malformed_keys_are_400(store, key):
    with pytest.raises(BadRequest) as err:
        new_round(store, idempotency_key=key)
    assert err.value.field == "Idempotency-Key"
    assert counts(store)["rounds"] == 0


@pytest.mark.parametrize("what", ["create", "decide"])
def test_concurrent_requests_with_one_key_write_once_and_all_get_the_same_answer(store, what):
    rid = new_round(store)["round_id"] if what == "decide" else None
    base = counts(store)
    n = 8
    barrier = threading.Barrier(n)
    answers, errors = [], []

    def call():
        barrier.wait()
        try:
            if what == "create":
                answers.append(new_round(store, idempotency_key="burst"))
            else:
                answers.append(store.decide(rid, "m1", "approve", "", 1, ACTOR,
                                            idempotency_key="burst"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=call) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(answers) == n and all(a == answers[0] for a in answers)
    grown = {k: counts(store)[k] - base[k] for k in base}
    table = "rounds" if what == "create" else "decisions"
    assert grown[table] == 1 and grown["audit"] == 1 and grown["idempotency"] == 1


def test_a_replay_is_the_first_answer_byte_for_byte(store):
    import json

    totals = {"plan": {"fit": 2.5}, "greedy": {"fit": 2.0}, "keep": {"fit": 1.0}, "a": 1}
    first = new_round(store, totals=totals, idempotency_key="order")
    again = new_round(store, totals=totals, idempotency_key="order")
    assert json.dumps(again) == json.dumps(first)  # same keys in the same order
    assert list(store.get_round(first["round_id"])["totals"]) == ["plan", "greedy", "keep", "a"]


def test_create_round_keyed_by_the_request_replays_before_planning(store):
    """A round planned from a request is keyed by that request (not by the plan): the replay
    is answered before anything is planned, and a different plan for the same request (a new
    model) still replays the first answer."""
    asked = {"name": "Penataan", "move_cost": 0.02, "as_of": None}
    assert store.create_round_replay("r1", asked) is None
    assert store.create_round_replay(None, asked) is None
    first = new_round(store, idempotency_key="r1", idempotency_request=asked)
    assert store.create_round_replay("r1", asked) == first
    again = new_round(store, n_moves=5, idempotency_key="r1", idempotency_request=asked,
                      model_version="8")
    assert again == first and counts(store)["rounds"] == 1
    with pytest.raises(IdempotencyConflict):
        store.create_round_replay("r1", {**asked, "move_cost": 0.05})


def test_round_header_and_preferences_mark(store):
    from serving.state import NotFound

    r = new_round(store)
    head = store.round_header(r["round_id"])
    assert head == {k: r[k] for k in ("round_id", "name", "status", "version", "params",
                                      "model_version", "data_snapshot")}
    with pytest.raises(NotFound):
        store.round_header("rnd-missing")
    assert store.preferences_mark() == 0
    store.put_preferences("E1", ["A"], True, None, ACTOR)
    m1 = store.preferences_mark()
    store.put_preferences("E1", [], None, None, ACTOR)
    assert store.preferences_mark() > m1 > 0
