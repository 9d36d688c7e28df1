"""Rounds, decisions and enactment: the behaviour the HTTP routes and the CLI stand on, and
every error class with its status and the field it names."""

from __future__ import annotations

import re

import numpy as np
import pytest

from serving.state import (BadRequest, Ineligible, NotFound, RoundFrozen, StaleVersion,
                           StateError)
from serving.state.tables import Decision
from statekit import ACTOR, count, counts, new_round

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|sqlite3|psycopg)\b")


def assert_error(exc: StateError, cls: type, status: int, field: str | None):
    assert type(exc) is cls
    assert exc.status == status
    assert exc.field == field
    if field:
        assert exc.message.startswith(field.split("[")[0])
    assert not SQL_WORDS.search(exc.message), exc.message
    assert exc.to_json() == {"error": exc.message}


def test_create_round_stores_a_draft_at_version_1_with_numbered_moves(store):
    r = new_round(store, n_moves=3)
    assert r["status"] == "draft" and r["version"] == 1
    assert r["round_id"].startswith("rnd-")
    assert (r["name"], r["model_version"], r["data_snapshot"], r["created_by"]) == (
        "Penataan 2026", "7", "export-2026-06-30", ACTOR)
    assert r["params"] == {"max_loss_per_unit": 3, "preference_weight": 0.1}
    assert r["totals"] == {"plan": {"fit": 2.5, "moves": 3}}
    assert r["unfilled"] == [{"position_id": "P-X", "reason": "none"}]
    assert [m["move_id"] for m in r["moves"]] == ["m1", "m2", "m3"]
    first = r["moves"][0]
    assert first == {"move_id": "m1", "employee_id": "198001012000010001",
                     "from_position_id": "P-OLD-1", "to_position_id": "P-NEW-1",
                     "score": 0.51, "stay_score": 0.4, "gain": 0.11, "reasons": ["alasan 1"],
                     "gaps": ["kekurangan 1"], "decision": None}  # names and titles not kept
    assert store.get_round(r["round_id"]) == r


def test_moves_accept_numpy_numbers_and_plan_models(store):
    from pydantic import BaseModel

    class Mv(BaseModel):
        employee_id: str
        to_position_id: str
        score: float

    moves = [{"employee_id": "E1", "to_position_id": "P1", "score": np.float32(0.25),
              "stay_score": np.float64(0.5), "gain": np.float64(-0.25), "from_position_id": None},
             Mv(employee_id="E2", to_position_id="P2", score=0.75)]
    r = new_round(store, moves=moves, totals={"plan": {"moves": np.int64(2)}})
    assert [(m["score"], m["stay_score"], m["gain"]) for m in r["moves"]] == [
        (0.25, 0.5, -0.25), (0.75, None, None)]
    assert r["totals"] == {"plan": {"moves": 2}}
    assert store.get_round(r["round_id"]) == r


def test_a_round_without_moves_is_allowed(store):
    r = new_round(store, moves=[])
    assert r["moves"] == [] and store.list_rounds()[0]["counts"]["moves"] == 0


@pytest.mark.parametrize("bad, field", [
    ({"name": "  "}, "name"),
    ({"params": [1]}, "params"),
    ({"model_version": ""}, "model_version"),
    ({"moves": "m1"}, "moves"),
    ({"moves": [{"to_position_id": "P", "score": 0.5}]}, "moves[0].employee_id"),
    ({"moves": [{"employee_id": "E", "to_position_id": "P", "score": float("nan")}]},
     "moves[0].score"),
    ({"moves": [{"employee_id": "E", "to_position_id": "P", "score": "0.5"}]}, "moves[0].score"),
    ({"moves": [{"employee_id": "E", "to_position_id": "P", "score": 0.5, "reasons": "x"}]},
     "moves[0].reasons"),
    ({"unfilled": {"a": 1}}, "unfilled"),
    ({"totals": {"fit": float("inf")}}, "totals"),
    ({"actor": ""}, "actor"),
])
def test_create_round_rejects_malformed_input_naming_the_field(store, bad, field):
    with pytest.raises(BadRequest) as err:
        new_round(store, **bad)
    assert_error(err.value, BadRequest, 400, field)
    assert counts(store)["rounds"] == 0 and counts(store)["audit"] == 0


def test_decide_bumps_the_version_by_one_and_shows_the_latest_decision(store):
    r = new_round(store)
    rid = r["round_id"]
    a = store.decide(rid, "m1", "approve", "kompetensi sesuai", 1, ACTOR)
    assert a["round_version"] == 2 and a["decision_id"].startswith("dec-")
    got = store.get_round(rid)
    assert got["version"] == 2
    d = got["moves"][0]["decision"]
    assert (d["decision_id"], d["decision"], d["reason"], d["actor"], d["round_version"]) == (
        a["decision_id"], "approve", "kompetensi sesuai", ACTOR, 2)
    assert got["moves"][1]["decision"] is None
    # decided again: the latest counts, both are kept
    b = store.decide(rid, "m1", "reject", "unit kekurangan staf", 2, "kabid")
    assert b["round_version"] == 3
    d = store.get_round(rid)["moves"][0]["decision"]
    assert (d["decision_id"], d["decision"], d["actor"]) == (b["decision_id"], "reject", "kabid")
    assert count(store, Decision, Decision.round_id == rid, Decision.move_id == "m1") == 2


def test_list_rounds_counts_each_moves_current_decision(store):
    r1 = new_round(store, n_moves=4, name="Satu")
    r2 = new_round(store, n_moves=2, name="Dua")
    rid = r1["round_id"]
    v = 1
    for move, decision, extra in [("m1", "approve", {}), ("m2", "reject", {}),
                                  ("m1", "reject", {}),  # m1 changes its mind
                                  ("m3", "override", {"override_employee_id": "E9"})]:
        v = store.decide(rid, move, decision, "alasan", v, ACTOR, **extra)["round_version"]
    listed = store.list_rounds()
    assert [x["name"] for x in listed] == ["Satu", "Dua"]
    assert listed[0]["round_id"] == rid and listed[0]["version"] == 5
    assert listed[0]["counts"] == {"moves": 4, "decided": 3, "approved": 0, "rejected": 2,
                                   "overridden": 1}
    assert listed[1]["round_id"] == r2["round_id"]
    assert listed[1]["counts"] == {"moves": 2, "decided": 0, "approved": 0, "rejected": 0,
                                   "overridden": 0}
    assert listed[0]["created_at"] <= listed[1]["created_at"]


def test_override_is_checked_by_the_services_callback_with_the_resulting_pair(store):
    r = new_round(store)
    rid = r["round_id"]
    asked = []

    def check(employee_id, position_id):
        asked.append((employee_id, position_id))
        return "rank below floor" if employee_id == "E-JUNIOR" else None

    with pytest.raises(Ineligible) as err:
        store.decide(rid, "m1", "override", "lebih senior", 1, ACTOR,
                     override_employee_id="E-JUNIOR", check_override=check)
    assert_error(err.value, Ineligible, 422, "override_employee_id")
    assert err.value.rule == "rank below floor" and "rank below floor" in err.value.message
    assert store.get_round(rid)["version"] == 1 and counts(store)["decisions"] == 0
    assert counts(store)["audit"] == 1  # only the round's creation

    ok = store.decide(rid, "m1", "override", "lebih senior", 1, ACTOR,
                      override_employee_id="E-SENIOR", check_override=check)
    store.decide(rid, "m2", "override", "posisi lain", 2, ACTOR,
                 override_position_id="P-OTHER", check_override=check)
    assert asked == [("E-JUNIOR", "P-NEW-1"), ("E-SENIOR", "P-NEW-1"),
                     ("198001012000010002", "P-OTHER")]
    moves = store.get_round(rid)["moves"]
    assert moves[0]["decision"]["decision_id"] == ok["decision_id"]
    assert (moves[0]["decision"]["override_employee_id"],
            moves[0]["decision"]["override_position_id"]) == ("E-SENIOR", None)
    assert (moves[1]["decision"]["override_employee_id"],
            moves[1]["decision"]["override_position_id"]) == (None, "P-OTHER")


def test_override_to_a_position_that_breaks_a_rule_names_the_position_field(store):
    rid = new_round(store)["round_id"]
    with pytest.raises(Ineligible) as err:
        store.decide(rid, "m1", "override", "x", 1, ACTOR, override_position_id="P-HIGH",
                     check_override=lambda e, p: "education below minimum")
    assert_error(err.value, Ineligible, 422, "override_position_id")


@pytest.mark.parametrize("kwargs, field", [
    ({"decision": "maybe"}, "decision"),
    ({"decision": "override", "reason": "x"}, "override_employee_id"),  # no target
    ({"decision": "override", "reason": "  ", "override_employee_id": "E"}, "reason"),
    ({"decision": "override", "reason": None, "override_employee_id": "E"}, "reason"),
    ({"decision": "approve", "override_employee_id": "E"}, "override_employee_id"),
    ({"decision": "reject", "override_position_id": "P"}, "override_position_id"),
    ({"expected_version": 0}, "expected_version"),
    ({"expected_version": "1"}, "expected_version"),
    ({"expected_version": True}, "expected_version"),
    ({"actor": "   "}, "actor"),
    ({"reason": 5}, "reason"),
    ({"reason": "x" * 2001}, "reason"),
    ({"move_id": ""}, "move_id"),
])
def test_decide_rejects_malformed_input_naming_the_field(store, kwargs, field):
    rid = new_round(store)["round_id"]
    args = {"round_id": rid, "move_id": "m1", "decision": "approve", "reason": "ok",
            "expected_version": 1, "actor": ACTOR} | kwargs
    with pytest.raises(BadRequest) as err:
        store.decide(**args)
    assert_error(err.value, BadRequest, 400, field)
    assert store.get_round(rid)["version"] == 1 and counts(store)["decisions"] == 0


def test_approve_and_reject_may_have_an_empty_reason(store):
    rid = new_round(store)["round_id"]
    assert store.decide(rid, "m1", "approve", "", 1, ACTOR)["round_version"] == 2
    assert store.decide(rid, "m2", "reject", None, 2, ACTOR)["round_version"] == 3
    assert store.get_round(rid)["moves"][1]["decision"]["reason"] == ""


def test_unknown_round_and_unknown_move_are_404(store):
    rid = new_round(store)["round_id"]
    for call in (lambda: store.decide("rnd-nope", "m1", "approve", "", 1, ACTOR),
                 lambda: store.get_round("rnd-nope"),
                 lambda: store.enact("rnd-nope", 1, ACTOR),
                 lambda: store.decide("rnd-nope", "m1", "override", "x", 1, ACTOR,
                                      override_employee_id="E")):
        with pytest.raises(NotFound) as err:
            call()
        assert_error(err.value, NotFound, 404, "round_id")
        assert "rnd-nope" in err.value.message
    with pytest.raises(NotFound) as err:
        store.decide(rid, "m99", "approve", "", 1, ACTOR)
    assert_error(err.value, NotFound, 404, "move_id")
    # an unknown move is 404 even with a stale version: nothing to be stale about
    store.decide(rid, "m1", "approve", "", 1, ACTOR)
    with pytest.raises(NotFound):
        store.decide(rid, "m99", "approve", "", 1, ACTOR)


def test_a_stale_expected_version_is_409_and_writes_nothing(store):
    rid = new_round(store)["round_id"]
    store.decide(rid, "m1", "approve", "", 1, ACTOR)
    for stale in (1, 3, 99):
        with pytest.raises(StaleVersion) as err:
            store.decide(rid, "m2", "approve", "", stale, ACTOR)
        assert_error(err.value, StaleVersion, 409, "expected_version")
        assert err.value.current_version == 2 and "version 2" in err.value.message
    assert store.get_round(rid)["version"] == 2 and counts(store)["decisions"] == 1


def test_enact_freezes_the_round(store):
    rid = new_round(store)["round_id"]
    store.decide(rid, "m1", "approve", "", 1, ACTOR)
    with pytest.raises(StaleVersion):
        store.enact(rid, 1, "kepala")
    enacted = store.enact(rid, 2, "kepala")
    assert (enacted["status"], enacted["version"], enacted["enacted_by"]) == (
        "enacted", 3, "kepala")
    assert enacted["enacted_at"] >= enacted["created_at"]
    assert store.get_round(rid) == enacted
    assert enacted["moves"][0]["decision"]["decision"] == "approve"
    for call in (lambda: store.decide(rid, "m2", "approve", "", 3, ACTOR),
                 lambda: store.decide(rid, "m2", "approve", "", 2, ACTOR),
                 lambda: store.enact(rid, 3, "kepala")):
        with pytest.raises(RoundFrozen) as err:
            call()
        assert_error(err.value, RoundFrozen, 409, "round_id")
    assert store.get_round(rid)["version"] == 3 and counts(store)["decisions"] == 1


def test_get_round_of_a_bad_id_is_400_not_a_database_error(store):
    for bad in ("", None, "x" * 65):
        with pytest.raises(BadRequest) as err:
            store.get_round(bad)
        assert_error(err.value, BadRequest, 400, "round_id")



def test_an_override_on_an_enacted_round_is_409_before_any_rule_is_asked(store):
    rid = new_round(store)["round_id"]
    store.enact(rid, 1, ACTOR)
    asked = []
    with pytest.raises(RoundFrozen):
        store.decide(rid, "m1", "override", "x", 2, ACTOR, override_employee_id="E",
                     check_override=lambda e, p: asked.append((e, p)) or "tenure")
    assert asked == []
