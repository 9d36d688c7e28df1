"""The ranking path in process, on the hand-made mini export with a small real LightGBM model:
top-k order and ties, eligibility first, bad input, reasons and gaps in plain words."""

from __future__ import annotations

import numpy as np
import pytest

from exportkit import AS_OF, FlatModel, employee_id
from models.ranking import tiebreak_keys
from serving.ranking import Recommender, RequestError, UnknownId, top_k


@pytest.fixture(scope="module")
def model(mini_export):
    """A real (tiny) booster over the real pair features: fit to a made-up target that likes
    a field match and good appraisals, so its contributions have something to say."""
    import lightgbm as lgb

    from features.pairs import PairFeatures
    from models.jobfit_model import JobfitModel

    pf = PairFeatures(mini_export, AS_OF)
    n_e, n_p = len(mini_export.employees), len(mini_export.positions)
    e, p = np.meshgrid(np.arange(n_e), np.arange(n_p), indexing="ij")
    X = pf.pairs(e.ravel(), p.ravel())
    names = list(pf.feature_names)
    col = {n: i for i, n in enumerate(names)}
    y = (2 * np.nan_to_num(X[:, col["field_match_highest"]])
         + np.nan_to_num(X[:, col["perf_mean_2y"]], nan=3.0) / 5)
    booster = lgb.train({"objective": "regression", "verbose": -1, "num_leaves": 7,
                         "min_data_in_leaf": 3, "seed": 1, "deterministic": True},
                        lgb.Dataset(X, y), num_boost_round=30)
    return JobfitModel(booster=booster, feature_names=names)


@pytest.fixture(scope="module")
def rec(mini_export, model):
    from jobfit.settings import Settings

    return Recommender(mini_export, model, "7", Settings(home="/nonexistent"))


def test_top_k_orders_by_score_then_key_and_keeps_boundary_ties():
    scores = np.array([0.5, 0.9, 0.5, 0.7, 0.5])
    tiebreak = np.array([4, 3, 0, 2, 1])   # tie keys
    assert top_k(scores, tiebreak, 3).tolist() == [1, 3, 2]   # 0.5 tie -> smallest key wins
    assert top_k(scores, tiebreak, 10).tolist() == [1, 3, 2, 4, 0]
    assert top_k(scores, tiebreak, 0).tolist() == []
    assert top_k(np.array([]), np.array([], dtype=int), 3).tolist() == []


def test_ties_go_to_the_hash_key_not_the_nip(mini_export, model):
    """Planted fault: with the old key (the NIP's sorted place) tied candidates came out in NIP
    order — oldest first, since a NIP starts with the birth date — and this test failed."""
    from jobfit.settings import Settings

    position = "KEC-01"
    lists = {}
    for version in ("7", "8"):
        flat = Recommender(mini_export, FlatModel(model.feature_names), version,
                           Settings(home="/nonexistent"))
        got = [c["employee_id"] for c in flat.candidates_for(position, k=100, as_of=AS_OF)[
            "candidates"]]
        assert len(got) >= 5
        keys = dict(zip(got, tiebreak_keys(got, version)))
        assert got == sorted(got, key=keys.get)            # hash order …
        assert got != sorted(got)                          # … not NIP order
        lists[version] = got
    assert lists["7"] != lists["8"]                        # and it changes with the version
    assert sorted(lists["7"]) == sorted(lists["8"])


def test_positions_answer_and_eligibility(rec, mini_export):
    answer = rec.positions_for(employee_id(19), k=20, vacant_only=False, as_of=AS_OF)
    assert answer["status"] == "ok"
    assert answer["model_version"] == "7"
    assert answer["data_snapshot"] == mini_export.snapshot
    recs = answer["recommendations"]
    pos_ids = list(mini_export.positions["position_id"])
    keys = dict(zip(pos_ids, tiebreak_keys(pos_ids, "7")))
    ranked = [(-r["score"], keys[r["position_id"]]) for r in recs]
    assert ranked == sorted(ranked)
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    # counts add up: every position is either listed or excluded under one rule
    assert len(recs) + sum(answer["excluded"].values()) == len(mini_export.positions)
    assert all(0 <= r["score"] <= 1 for r in recs)
    assert all(r["vacancies"] >= 0 for r in recs)          # overstaffed BPKAD-02 shows 0


def test_vacant_only_and_units(rec):
    eid = employee_id(19)
    vacant = rec.positions_for(eid, k=20, as_of=AS_OF)["recommendations"]
    assert vacant and all(r["vacancies"] >= 1 for r in vacant)
    only = rec.positions_for(eid, k=20, vacant_only=False, unit_ids=["BPKAD"], as_of=AS_OF)
    assert only["recommendations"]
    assert {r["unit_id"] for r in only["recommendations"]} == {"BPKAD"}
    assert only["excluded"]["not in requested units"] > 0


def test_not_due_employee(rec):
    answer = rec.positions_for(employee_id(4), as_of=AS_OF)   # started 2024-09-01
    assert answer["status"] == "not_due"
    assert answer["recommendations"] == []
    assert answer["reason"] == "baru 0,8 dari 2 tahun di jabatan sekarang"
    english = rec.positions_for(employee_id(4), as_of=AS_OF, lang="en")
    assert english["reason"] == "0.8 of 2 years in current position"
    with pytest.raises(RequestError, match="lang"):
        rec.positions_for(employee_id(4), as_of=AS_OF, lang="fr")


def test_candidates_are_eligible_and_ranked(rec, mini_export):
    answer = rec.candidates_for("DUK-02", k=50, as_of=AS_OF)
    eligible = rec.eligibility.employees_for("DUK-02", AS_OF)
    ids = set(mini_export.employees["employee_id"].iloc[eligible.indices])
    cands = answer["candidates"]
    assert cands and {c["employee_id"] for c in cands} == ids
    assert len(cands) + sum(answer["excluded"].values()) == len(mini_export.employees)
    emp_ids = list(mini_export.employees["employee_id"])
    keys = dict(zip(emp_ids, tiebreak_keys(emp_ids, "7")))
    ranked = [(-c["score"], keys[c["employee_id"]]) for c in cands]
    assert ranked == sorted(ranked)


def test_fair_ranks_with_the_versions_lifts_or_else_the_floors(mini_export, model):
    """The one ranking path hands `fair=true` to models.fair_ranking: a version that carries
    lifts is ranked by lifted_top_k over its own scores, a version without them by the floors
    (fair_top_k); the scores shown stay the model's."""
    from dataclasses import replace

    from features.protected import protected_groups
    from jobfit.settings import Settings
    from models.fair_ranking import Lifts, fair_top_k, lifted_top_k

    pid = "DUK-02"
    lifts = Lifts(select={"gender": {"P": 1.5}, "age": {"<35": 2.0}},
                  order={"gender": {"P": 1.0}, "age": {"<35": 2.0}})
    got = {}
    for name, fair_lifts in (("lifts", lifts.to_dict()), ("floors", {})):
        m = replace(model, fair_lifts=fair_lifts)
        r = Recommender(mini_export, m, "7", Settings(home="/nonexistent"))
        eligible = np.asarray(r.eligibility.employees_for(pid, AS_OF).indices)
        pos = mini_export.position_rows[pid]
        X = r.preferences().patch(r.features_for(AS_OF).for_position(pos, eligible),
                                  r.feature_names, eligible, np.full(len(eligible), pos))
        scores = m.score(X)
        keys = tiebreak_keys(mini_export.employees["employee_id"].astype(str), "7")[eligible]
        groups = {a: g[eligible] for a, g in protected_groups(mini_export.employees,
                                                              AS_OF).items()}
        best = (lifted_top_k(scores, keys, groups, 5, lifts) if name == "lifts"
                else fair_top_k(scores, keys, groups, 5))
        ids = mini_export.employees["employee_id"].astype(str).to_numpy()
        answer = r.candidates_for(pid, k=5, as_of=AS_OF, fair=True)["candidates"]
        assert [c["employee_id"] for c in answer] == [ids[eligible[i]] for i in best]
        assert [c["score"] for c in answer] == [round(float(scores[i]), 6) for i in best]
        got[name] = [c["employee_id"] for c in answer]
    plain = [c["employee_id"] for c in
             Recommender(mini_export, model, "7", Settings(home="/nonexistent")).candidates_for(
                 pid, k=5, as_of=AS_OF)["candidates"]]
    assert got["lifts"] != plain and got["lifts"] != got["floors"]   # the dispatch shows


def test_same_question_same_answer(rec):
    a = rec.positions_for(employee_id(19), k=5, vacant_only=False, as_of=AS_OF)
    b = rec.positions_for(employee_id(19), k=5, vacant_only=False, as_of=AS_OF)
    assert a == b


@pytest.mark.parametrize("k", [0, 101, -1, "3", 2.0, True])
def test_k_out_of_range_names_k(rec, k):
    with pytest.raises(RequestError) as err:
        rec.positions_for(employee_id(19), k=k)
    assert err.value.field == "k"
    with pytest.raises(RequestError):
        rec.candidates_for("DUK-02", k=k)


def test_unknown_ids_name_the_field(rec):
    with pytest.raises(UnknownId) as err:
        rec.positions_for("000")
    assert err.value.field == "employee_id"
    with pytest.raises(UnknownId) as err:
        rec.candidates_for("NOPE")
    assert err.value.field == "position_id"
    with pytest.raises(UnknownId) as err:
        rec.positions_for(employee_id(19), unit_ids=["BPKAD", "NOPE"])
    assert err.value.field == "unit_ids" and "NOPE" in str(err.value)


def test_as_of_out_of_range(rec):
    from datetime import date

    with pytest.raises(RequestError) as err:
        rec.positions_for(employee_id(19), as_of=date(1800, 1, 1))
    assert err.value.field == "as_of"


def test_contributions_only_for_the_top_k(mini_export, model):
    """Explaining is the costly part per row: it must run on the k listed pairs only."""
    from jobfit.settings import Settings

    class Counting:
        feature_names = model.feature_names
        rows = 0

        def score(self, X):
            return model.score(X)

        def contributions(self, X):
            Counting.rows += len(X)
            return model.contributions(X)

    rec = Recommender(mini_export, Counting(), "1", Settings(home="/nonexistent"))
    answer = rec.positions_for(employee_id(19), k=2, vacant_only=False, as_of=AS_OF)
    assert len(answer["recommendations"]) == 2 and Counting.rows == 2


def test_feature_mismatch_is_a_clear_setup_error(mini_export, model):
    from jobfit.settings import Settings
    from models.jobfit_model import JobfitModel
    from serving.ranking import SetupError

    other = JobfitModel(booster=model.booster, feature_names=[*model.feature_names[:-1], "x"])
    with pytest.raises(SetupError, match="retrain"):
        Recommender(mini_export, other, "1", Settings(home="/nonexistent"))


def test_reasons_are_plain_words_from_the_drivers(rec):
    answer = rec.positions_for(employee_id(19), k=20, vacant_only=False, as_of=AS_OF)
    recs = answer["recommendations"]
    assert sum(bool(r["reasons"]) for r in recs) >= len(recs) // 2
    for r in recs:
        assert len(r["reasons"]) <= 3 and len(r["gaps"]) <= 5
        for text in r["reasons"] + r["gaps"]:
            assert isinstance(text, str) and text and "_" not in text.split(":")[-1]
            assert "nan" not in text.lower().split() and "None" not in text


def test_field_reason_and_gaps_from_facts():
    from serving.reasons import explain

    facts = {
        "position": {"fields_asked": ["Akuntansi"], "target_fields": ["Akuntansi"],
                     "any_field": False, "unit_name": "BPKAD", "min_education": "S1"},
        "education": [{"level": "S1", "field": "Akuntansi", "field_of_study": "akuntansi"}],
        "fields_held": ["Akuntansi"], "field_match": "exact", "matched_fields": ["Akuntansi"],
        "relevant_trainings": [{"name": "Pelatihan Keuangan Daerah", "hours": 120.0}],
        "relevant_training_hours": 120.0,
        "leadership": {"needed": "PKA", "held": ["PKP"], "has_needed": False},
        "required_trainings": {"required": ["PKA"], "missing": ["PKA"]},
        "competencies": {"jpm": 0.8, "category": "cukup optimal",
                         "standard": [{"competency": "pengambilan_keputusan", "required": 3,
                                       "assessed": 2.0, "gap": -1.0}],
                         "below": [{"competency": "pengambilan_keputusan", "required": 3,
                                    "assessed": 2.0, "gap": -1.0}]},
        "rank": {"rank": "III/c", "floor": "III/b", "steps_above_floor": 1.0},
        "performance": {"good_last2": True},
        "features": {"perf_good_last2": 1.0, "train_field_hours": 120.0},
    }
    names = ["field_match_highest", "train_field_hours", "perf_good_last2", "rank_minus_floor"]
    contributions = np.array([0.9, 0.5, 0.3, -0.2])
    reasons, gaps = explain(names, contributions, facts, lang="en")
    assert reasons == ["S1 Akuntansi matches the field asked for (Akuntansi)",
                       "120 JP of technical training in the position's field",
                       "Baik or better in each of the last 2 years"]
    assert gaps == ["Decision making: 2 of 3", "PKA training not taken"]
    # Bahasa Indonesia is the default (the contract's "Language" rule), saying the same things
    assert explain(names, contributions, facts) == (
        ["S1 Akuntansi sesuai bidang yang dipersyaratkan (Akuntansi)",
         "120 JP diklat teknis di bidang jabatan ini",
         "predikat kinerja minimal Baik pada 2 tahun terakhir"],
        ["Pengambilan keputusan: level 2 dari standar 3", "belum mengikuti PKA"])


def test_a_level_never_held_is_a_gap_and_a_level_held_a_reason():
    from serving.reasons import explain

    facts = {"position": {"fields_asked": [], "target_fields": [], "any_field": True,
                          "unit_name": "Dinas X", "min_education": "S1"},
             "education": [], "fields_held": [], "field_match": None,
             "features": {"level_above_held": 2.0, "target_managerial_level": 2.0}}
    _, gaps = explain(["level_above_held"], np.array([-0.4]), facts, lang="en")
    assert gaps == ["has never held a post at this level (2 levels above the highest held)"]
    _, gaps_id = explain(["level_above_held"], np.array([-0.4]), facts)
    assert gaps_id == ["belum pernah menduduki jabatan setingkat ini (2 jenjang di atas jabatan "
                       "tertinggi yang pernah diduduki)"]
    facts["features"]["level_above_held"] = 0.0
    reasons, gaps = explain(["level_above_held"], np.array([0.3]), facts, lang="en")
    assert reasons == ["has already held a post at this managerial level"] and gaps == []


def test_concurrent_calls_give_the_sequential_answers(rec, mini_export):
    """The service answers from 4 threads: LightGBM predict and SHAP (pred_contrib, unsafe
    before LightGBM 4.6) and the per-date feature cache must hold under concurrency."""
    from concurrent.futures import ThreadPoolExecutor

    emp = [str(e) for e in mini_export.employees["employee_id"]]
    pos = [str(p) for p in mini_export.positions["position_id"]]
    seq_e = {e: rec.positions_for(e, k=5, vacant_only=False, as_of=AS_OF) for e in emp}
    seq_p = {p: rec.candidates_for(p, k=5, as_of=AS_OF) for p in pos}

    def call(i: int) -> bool:
        e, p = emp[i % len(emp)], pos[i % len(pos)]
        return (rec.positions_for(e, k=5, vacant_only=False, as_of=AS_OF) == seq_e[e]
                and rec.candidates_for(p, k=5, as_of=AS_OF) == seq_p[p])

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(call, range(400)))


@pytest.mark.heavy
def test_the_tie_key_says_nothing_about_age_or_gender(full_city):
    """On the default city the tie key is uncorrelated with birth date and gender, for any
    model version; the NIP's sorted place (the old key) follows birth date almost exactly."""
    import pandas as pd
    from scipy.stats import spearmanr

    emp = pd.read_csv(full_city / "export" / "employees.csv", dtype=str)
    birth = pd.to_datetime(emp["birth_date"]).rank().to_numpy()
    male = (emp["gender"] == "L").to_numpy(float)
    nip_place = emp["employee_id"].rank().to_numpy()
    assert spearmanr(nip_place, birth)[0] > 0.9            # why the NIP must not break ties
    bound = 4 / np.sqrt(len(emp))                           # 4 standard errors of a null r
    for version in ("1", "2", "17"):
        key = tiebreak_keys(emp["employee_id"], version).astype(float)
        assert abs(spearmanr(key, birth)[0]) < bound, version
        assert abs(spearmanr(key, male)[0]) < bound, version
