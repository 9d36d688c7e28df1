"""Stated preferences over the export's snapshot (serving/preferences.py), in process on the
mini export: a stated wish changes exactly the features an exported one would, rankings say
which they used, and the state database is re-read only when someone stated something."""

from __future__ import annotations

import numpy as np
import pytest

from exportkit import AS_OF, employee_id
from serving.preferences import PreferenceOverlay, StatedPreferences

STATED = {  # what E03 and E19 say through the API (their export rows say otherwise)
    employee_id(3): {"preferred_unit_ids": ["DISDUKCAPIL", "KEL-SATU"], "open_to_move": True},
    employee_id(19): {"preferred_unit_ids": [], "open_to_move": False},
}


def _all_pairs(export):
    n_e, n_p = len(export.employees), len(export.positions)
    e, p = np.meshgrid(np.arange(n_e), np.arange(n_p), indexing="ij")
    return e.ravel(), p.ravel()


def test_a_stated_wish_gives_the_features_an_exported_one_would(mini_export, mini_copy):
    """The overlay on the original export equals the feature code run on an export whose
    employees.csv says what was stated — every feature of every pair."""
    from features.loader import load_export
    from features.pairs import PairFeatures

    for no, said in ((3, ("DISDUKCAPIL;KEL-SATU", "Y")), (19, ("", "N"))):
        line = mini_copy.line_of("employees.csv", employee_id=employee_id(no))
        mini_copy.set_cell("employees.csv", line, "preferred_unit_ids", said[0])
        mini_copy.set_cell("employees.csv", line, "open_to_move", said[1])
    rewritten, report = load_export(mini_copy.dir)
    assert report.clean, report.to_text()
    e, p = _all_pairs(mini_export)
    original = PairFeatures(mini_export, AS_OF)
    names = list(original.feature_names)
    X = original.pairs(e, p)
    patched = PreferenceOverlay(mini_export, STATED).patch(X, names, e, p)
    expected = PairFeatures(rewritten, AS_OF).pairs(e, p)
    np.testing.assert_array_equal(patched, expected)
    assert not np.array_equal(X, expected, equal_nan=True), "the wishes changed nothing?"
    # nobody stated anything: the very same matrix
    assert PreferenceOverlay.empty(mini_export).patch(X, names, e, p) is X


def test_sources_and_effective_wishes(mini_export):
    overlay = PreferenceOverlay(mini_export, {**STATED, "000-not-in-the-export": {}})
    row = mini_export.employee_rows
    assert overlay.source(row[employee_id(3)]) == "stated"
    assert overlay.source(row[employee_id(1)]) == "export"      # Y, BPKAD in the export
    assert overlay.source(row[employee_id(5)]) == "none"
    assert overlay.effective(row[employee_id(19)]) == ((), False)
    assert overlay.effective(row[employee_id(1)]) == (("BPKAD",), True)
    assert list(overlay.sources(np.array([row[employee_id(n)] for n in (3, 1, 5)]))) == \
        ["stated", "export", "none"]


class FakeRecords:
    """A stand-in for the StateStore: counts how often the full table is read."""

    def __init__(self):
        self.records: dict[str, dict] = {}
        self.mark = 0
        self.reads = 0

    def preferences_mark(self) -> int:
        return self.mark

    def latest_preferences(self) -> dict[str, dict]:
        self.reads += 1
        return dict(self.records)

    def state(self, employee: str, record: dict) -> None:
        self.records[employee] = record
        self.mark += 1


def test_the_table_is_read_again_only_after_a_new_statement(mini_export):
    records = FakeRecords()
    stated = StatedPreferences(mini_export, records)
    first = stated.current()
    assert stated.current() is first and records.reads == 1
    records.state(employee_id(3), STATED[employee_id(3)])
    second = stated.current()
    assert second is not first and records.reads == 2
    assert second.source(mini_export.employee_rows[employee_id(3)]) == "stated"


@pytest.fixture
def rec(mini_export):
    """A Recommender whose model scores the `preferred_unit` feature only: a stated wish
    must show in the ranking itself."""
    from jobfit.settings import Settings
    from serving.ranking import Recommender

    class PrefersWishedUnits:
        n_trees = 1

        def __init__(self, names):
            self.feature_names = names
            self.col = names.index("preferred_unit")

        def score(self, X, **kw):
            return 0.5 + 0.4 * np.nan_to_num(X[:, self.col])

        def contributions(self, X):
            out = np.zeros((len(X), len(self.feature_names) + 1))
            out[:, self.col] = 0.4 * np.nan_to_num(X[:, self.col])
            return out

    from features.pairs import PairFeatures

    names = list(PairFeatures(mini_export, AS_OF).feature_names)
    return Recommender(mini_export, PrefersWishedUnits(names), "7",
                       Settings(home="/nonexistent"))


def test_rankings_use_the_stated_wish_and_say_so(rec, mini_export):
    before = rec.positions_for(employee_id(3), k=3, vacant_only=False, as_of=AS_OF)
    assert before["preference_source"] == "none"
    assert {r["score"] for r in before["recommendations"]} == {0.5}
    records = FakeRecords()
    rec.use_stated_preferences(records)
    records.state(employee_id(3), STATED[employee_id(3)])
    after = rec.positions_for(employee_id(3), k=3, vacant_only=False, as_of=AS_OF)
    assert after["preference_source"] == "stated"
    top = after["recommendations"][0]
    assert top["unit_id"] in ("DISDUKCAPIL", "KEL-SATU") and top["score"] == pytest.approx(0.9)
    assert any(r.startswith("meminta ditempatkan di") for r in top["reasons"]), top
    english = rec.positions_for(employee_id(3), k=1, vacant_only=False, as_of=AS_OF, lang="en")
    assert any(r.startswith("asked to work in") for r in english["recommendations"][0]["reasons"])
    cands = rec.candidates_for("DUK-02", k=20, as_of=AS_OF)["candidates"]
    by_id = {c["employee_id"]: c for c in cands}
    assert by_id[employee_id(3)]["preference_source"] == "stated"
    assert by_id[employee_id(3)]["rank"] == 1
    assert {c["preference_source"] for c in cands} <= {"stated", "export", "none"}
