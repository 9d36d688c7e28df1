"""Stated preferences: an append-only, dated history per employee; the latest of each employee
for rankings and plans; input limits."""

from __future__ import annotations

import pytest

from serving.state import BadRequest
from statekit import counts


def test_put_returns_the_stored_dated_record_and_get_gives_latest_and_history(store):
    assert store.get_preferences("E1") == {"employee_id": "E1", "latest": None, "history": []}
    first = store.put_preferences("E1", ["DINKES", "BKD"], True, "dekat keluarga", "pegawai")
    assert {k: first[k] for k in ("employee_id", "preferred_unit_ids", "open_to_move", "note",
                                  "actor")} == {
        "employee_id": "E1", "preferred_unit_ids": ["DINKES", "BKD"], "open_to_move": True,
        "note": "dekat keluarga", "actor": "pegawai"}
    second = store.put_preferences("E1", ["DISDUKCAPIL"], False, None, "admin")
    assert second["stated_at"] >= first["stated_at"]
    got = store.get_preferences("E1")
    assert got == {"employee_id": "E1", "latest": second, "history": [first, second]}


def test_latest_preferences_maps_each_employee_to_their_latest_record(store):
    store.put_preferences("E1", ["A"], True, None, "x")
    e1 = store.put_preferences("E1", ["B"], None, "ganti", "x")
    e2 = store.put_preferences("E2", [], False, None, "y")
    e3_first = store.put_preferences("E3", ["C", "D", "E"], True, None, "z")
    assert store.latest_preferences() == {"E1": e1, "E2": e2, "E3": e3_first}
    assert counts(store)["preferences"] == 4


def test_an_empty_statement_is_kept_as_such(store):
    rec = store.put_preferences("E1", None, None, None, "x")
    assert (rec["preferred_unit_ids"], rec["open_to_move"], rec["note"]) == ([], None, None)


@pytest.mark.parametrize("args, field", [
    (("E1", ["A", "B", "C", "D"], True, None, "x"), "preferred_unit_ids"),
    (("E1", ["A", "A"], True, None, "x"), "preferred_unit_ids"),
    (("E1", "A", True, None, "x"), "preferred_unit_ids"),
    (("E1", [""], True, None, "x"), "preferred_unit_ids"),
    (("E1", [3], True, None, "x"), "preferred_unit_ids"),
    (("E1", ["A"], "yes", None, "x"), "open_to_move"),
    (("E1", ["A"], 1, None, "x"), "open_to_move"),
    (("E1", ["A"], True, "n" * 2001, "x"), "note"),
    (("", ["A"], True, None, "x"), "employee_id"),
    (("E1", ["A"], True, None, ""), "actor"),
])
def test_bad_preferences_are_400_naming_the_field_and_store_nothing(store, args, field):
    with pytest.raises(BadRequest) as err:
        store.put_preferences(*args)
    assert err.value.status == 400 and err.value.field == field
    assert err.value.message.startswith(field)
    assert counts(store)["preferences"] == 0 and counts(store)["audit"] == 0
