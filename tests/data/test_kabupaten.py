"""The kabupaten generator (synthetic/kabupaten): an export that follows the contract and loads
clean, byte-identical per seed, a truth kept apart from the export and blind to protected
attributes, covering every pair the eligibility rules allow, and variants that really change
the world. Small worlds (300-600 employees) keep the whole file well under a minute."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from contractkit import (EDU_ORDER, RANKS, REQUIRED, assert_contract_files, assert_nothing_after,
                         assert_one_current_post, assert_truth_apart, digest, read)
from synthetic.kabupaten import VARIANTS, KabupatenVariant, generate_kabupaten

SEED = 5
N = 600
AS_OF = date(2026, 7, 1)

# the contract's files and required columns (../shared/contract/hr-export.md)


SUMMARY: dict = {}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kabupaten") / "base"
    SUMMARY.update(generate_kabupaten(out, seed=SEED, employees=N))
    return out


@pytest.fixture(scope="module")
def variant_worlds(world, tmp_path_factory) -> dict[str, Path]:
    """The base world and four variants of it (same seed and size)."""
    root = tmp_path_factory.mktemp("kabupaten_variants")
    out = {"base": world}
    for name in ("no_asymmetry", "strong_training_recency", "fair_history", "biased_history"):
        generate_kabupaten(root / name, seed=SEED, employees=N, variant=name)
        out[name] = root / name
    return out


def meta(world: Path) -> dict:
    import json
    return json.loads((world / "truth" / "meta.json").read_text())


# --- conformance ----------------------------------------------------------------------------------
def test_every_contract_file_and_column_is_present(world):
    assert_contract_files(world)


def test_export_loads_with_zero_problems_and_every_row_used(world):
    from features.loader import load_export

    export, report = load_export(world / "export")
    assert export is not None
    assert report.fatal == [] and report.problems == [], report.to_text()
    assert all(v == 0 for v in report.rows_quarantined.values()), report.rows_quarantined
    assert report.rows_used == report.rows_read
    for name in REQUIRED:
        assert report.rows_read[name] == len(read(world, name)), name


def test_summary_and_sizes(world):
    emp, pos, units = read(world, "employees.csv"), read(world, "positions.csv"), read(world, "units.csv")
    assert len(emp) == N
    assert SUMMARY["files"]["employees.csv"] == N
    assert SUMMARY["files"]["positions.csv"] == len(pos)
    assert SUMMARY["seconds"] > 0
    assert emp.employee_id.is_unique and pos.position_id.is_unique and units.unit_id.is_unique
    assert (pos.slots.astype(int) >= 1).all()
    assert pos.unit_id.isin(units.unit_id).all()
    assert set(units.parent_unit_id[units.parent_unit_id != ""]) <= set(units.unit_id)
    for t in ("sekretariat", "dinas", "badan", "inspektorat", "kecamatan", "kelurahan", "desa", "sekolah",
              "puskesmas", "rsud"):
        assert (units.unit_type == t).any(), t
    assert {"jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"} <= set(pos.job_type)
    assert {"PNS", "CPNS", "PPPK"} <= set(emp.status)
    assert pos.title.str.contains("Guru").any() and pos.title.str.contains("Bidan").any()
    assert pos.title.str.contains("Perawat").any() and pos.title.str.contains("Dokter").any()


def test_nip_encodes_birth_tmt_and_gender(world):
    emp = read(world, "employees.csv")
    assert emp.employee_id.str.fullmatch(r"\d{18}").all()
    assert (emp.employee_id.str[:8] == emp.birth_date.str.replace("-", "")).all()
    g = emp.employee_id.str[14]
    assert ((g == "1") == (emp.gender == "L")).all() and ((g == "2") == (emp.gender == "P")).all()
    civil = emp.status != "PPPK"
    assert (emp.employee_id.str[8:14][civil] == emp.hire_date.str[:7].str.replace("-", "")[civil]).all()


def test_nothing_after_the_export_date(world):
    assert_nothing_after(world, AS_OF)


def test_one_current_post_per_employee_and_no_overfilled_post(world):
    assert_one_current_post(world)
    asg = read(world, "assignments.csv")
    assert set(asg.kind) >= {"pengangkatan", "mutasi", "promosi", "rotasi", "demosi"}


def test_the_export_is_messy_the_way_hr_data_is(world):
    trn, edu, emp, pos = (read(world, f) for f in ("trainings.csv", "education.csv", "employees.csv", "positions.csv"))
    assert trn.name.nunique() > 1000
    assert (trn.kind == "").mean() > 0.2 and (trn.hours == "").mean() > 0.2
    names = trn.name.str.lower()
    assert names.str.contains("diklatpim").any()
    assert names.str.contains(r"\bpk[pa]\b|kepemimpinan (?:pengawas|administrator)").any()
    assert names.str.startswith("bimtek").any() and names.str.contains(r"\b20\d\d\b").any()
    assert (trn.name != trn.name.str.upper()).any() and (trn.name == trn.name.str.upper()).any()
    assert edu.field_of_study.nunique() > 150
    assert (edu.field_of_study == "").any() and (emp.rank_date == "").any()
    assert (pos.fields_of_study != "").any() and (pos.fields_of_study == "").any()
    assert ((emp.open_to_move != "") & (emp.open_to_move != "Y") & (emp.open_to_move != "N")).sum() == 0
    assert (emp.preferred_unit_ids != "").any() and (emp.sanction_until != "").any()


def test_appraisal_regimes_follow_the_years(world):
    perf = read(world, "performance.csv")
    y = perf.year.astype(int)
    score = pd.to_numeric(perf.score, errors="coerce")
    assert ((perf.rating != "") | score.notna()).all()
    assert score[y < 2019].between(0, 100).all() and score[y < 2019].notna().all()
    assert score[(y >= 2019) & (y <= 2021)].between(0, 120).all()
    assert score[(y >= 2019) & (y <= 2021)].max() > 100
    assert score[y >= 2022].isna().all() and (perf.rating[y >= 2022] != "").all()
    assert set(perf.rating[y >= 2022]) <= {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"}
    assert (perf.rating[y < 2022] == "Cukup").any()
    assessed = read(world, "assessments.csv").employee_id.nunique()
    assert 0 < assessed < 0.5 * N


# --- determinism ------------------------------------------------------------------------------------------
def test_same_seed_gives_byte_identical_files(world, tmp_path):
    again = tmp_path / "again"
    generate_kabupaten(again, seed=SEED, employees=N)
    assert digest(again) == digest(world)


def test_a_different_seed_gives_a_different_world(world, tmp_path):
    other = tmp_path / "other"
    generate_kabupaten(other, seed=SEED + 100, employees=N)
    a, b = digest(world), digest(other)
    assert a.keys() == b.keys()
    for f in ("export/employees.csv", "export/assignments.csv", "truth/fit.parquet"):
        assert a[f] != b[f], f


# --- the truth --------------------------------------------------------------------------------------------
def test_truth_lives_apart_from_the_export(world):
    assert_truth_apart(world, (
        "truth", "outcome", "ability", "latent", "noise", "fit", "conn", "unwilling",
        "religion"))


def test_truth_file_shape_and_range(world):
    table = pq.read_table(world / "truth" / "fit.parquet")
    assert table.column_names == ["employee_id", "position_id", "true_outcome", "observable_outcome"]
    for c in ("employee_id", "position_id"):
        assert str(table.schema.field(c).type).startswith("dictionary")
    fit = table.to_pandas()
    for c in ("true_outcome", "observable_outcome"):
        assert fit[c].between(0, 4).all() and fit[c].std() > 0.3
    assert not fit.duplicated(["employee_id", "position_id"]).any()
    assert fit.true_outcome.ne(fit.observable_outcome).mean() > 0.9          # the pair noise is real
    assert np.corrcoef(fit.true_outcome, fit.observable_outcome)[0, 1] > 0.8
    m = meta(world)
    assert m["seed"] == SEED and m["variant"] == "base" and m["as_of"] == AS_OF.isoformat()
    assert m["truth"]["pairs"] == len(fit)
    assert set(m["mechanisms"]) == {f.name for f in dataclasses.fields(KabupatenVariant)}


def eligible_pairs(world: Path) -> set[tuple[str, str]]:
    """Rules 1-4 of the contract (and not the current post), computed from the export alone."""
    emp, pos, edu, asg = (read(world, f) for f in ("employees.csv", "positions.csv", "education.csv", "assignments.csv"))
    top = edu.assign(k=edu.level.map(EDU_ORDER)).groupby("employee_id").k.max()
    emp = emp.assign(edu=emp.employee_id.map(top).fillna(-1),
                     rank_k=emp["rank"].map({r: i for i, r in enumerate(RANKS)}).fillna(-1))
    birth = pd.to_datetime(emp.birth_date)
    emp["age"] = AS_OF.year - birth.dt.year - ((birth.dt.month > AS_OF.month)
                                               | ((birth.dt.month == AS_OF.month) & (birth.dt.day > AS_OF.day)))
    emp = emp[emp.status.isin(["PNS", "PPPK"])]
    pos = pos.assign(edu=pos.min_education.map(EDU_ORDER),
                     rank_k=pos.min_rank.map({r: i for i, r in enumerate(RANKS)}).fillna(-1),
                     max_age=pd.to_numeric(pos.max_age, errors="coerce"))
    pairs = emp.merge(pos, how="cross", suffixes=("_e", "_p"))
    ok = (pairs.edu_e >= pairs.edu_p)
    ok &= (pairs.rank_k_e < 0) | (pairs.rank_k_p < 0) | (pairs.rank_k_e >= pairs.rank_k_p)
    ok &= pairs.max_age.isna() | (pairs.age <= pairs.max_age)
    ok &= (pairs.status == "PNS") | pairs.job_type.isin(["fungsional", "pelaksana"])
    cur = set(zip(asg.employee_id[asg.end_date == ""], asg.position_id[asg.end_date == ""]))
    out = set(zip(pairs.employee_id[ok], pairs.position_id[ok]))
    return out - cur


def test_truth_covers_every_eligible_pair(world):
    fit = pq.read_table(world / "truth" / "fit.parquet").to_pandas()
    have = set(zip(fit.employee_id.astype(str), fit.position_id.astype(str)))
    want = eligible_pairs(world)
    assert len(want) > 50_000
    missing = want - have
    assert not missing, f"{len(missing)} eligible pairs without truth, e.g. {sorted(missing)[:3]}"
    emp = read(world, "employees.csv").set_index("employee_id")
    assert not emp.status.reindex(fit.employee_id.astype(str).unique()).eq("CPNS").any()
    asg = read(world, "assignments.csv")
    cur = set(zip(asg.employee_id[asg.end_date == ""], asg.position_id[asg.end_date == ""]))
    assert not (have & cur), "the current post is never a candidate"


def test_truth_is_blind_to_gender_birth_date_and_religion():
    from synthetic.kabupaten.history import simulate
    from synthetic.kabupaten.orgchart import build_org
    from synthetic.kabupaten.rng import Streams
    from synthetic.kabupaten.truth import PersonState
    from synthetic.kabupaten.truthfile import truth_matrix
    from synthetic.kabupaten.world import build_world

    fields = {f.name for f in dataclasses.fields(PersonState)}
    assert not fields & {"female", "gender", "birth", "age", "religion", "name", "origin"}
    s = Streams(3)
    w = build_world(build_org(300, s("org")), VARIANTS["base"], 3, AS_OF, s("world"))
    sim = simulate(w, s, 300)
    people = np.flatnonzero(sim.L.active(w.as_of))
    before = truth_matrix(sim, people)
    rng = np.random.default_rng(0)
    for col in ("female", "birth", "religion"):
        assert np.unique(sim.L.p[col]).size > 1
        sim.L.p[col] = rng.permutation(sim.L.p[col])
    after = truth_matrix(sim, people)
    assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1])
    # ... while a trait the truth does read changes it (the test can fail)
    sim.L.p["g"] = rng.permutation(sim.L.p["g"])
    assert not np.array_equal(before[0], truth_matrix(sim, people)[0])


def test_fit_matters_beyond_general_ability(world):
    shares = meta(world)["measured"]["shares_true"]
    assert shares["interaction"] >= 0.25, shares
    assert shares["person"] >= 0.15, shares
    assert meta(world)["measured"]["shares_observable"]["interaction"] >= 0.2


# --- variants ------------------------------------------------------------------------------------------------
def test_variants_are_presets_of_documented_knobs():
    assert {"base", "no_asymmetry", "strong_training_recency", "fair_history", "biased_history"} <= set(VARIANTS)
    for name, v in VARIANTS.items():
        assert isinstance(v, KabupatenVariant) and v.name == name
        assert all(f.metadata.get("doc") for f in dataclasses.fields(v))
    with pytest.raises(dataclasses.FrozenInstanceError):
        VARIANTS["base"].ability = 0.0
    for name, v in VARIANTS.items():
        if name != "base":
            assert v != VARIANTS["base"]
    with pytest.raises(ValueError):
        generate_kabupaten(Path("/nonexistent"), variant="no_such_variant")


def test_variants_change_the_truth(variant_worlds):
    tables = {k: pq.read_table(p / "truth" / "fit.parquet").to_pandas() for k, p in variant_worlds.items()}
    base = tables["base"].set_index(["employee_id", "position_id"]).true_outcome
    for name in ("no_asymmetry", "strong_training_recency"):
        other = tables[name].set_index(["employee_id", "position_id"]).true_outcome
        common = base.index.intersection(other.index)
        assert len(common) > 10_000
        assert (base[common] - other[common]).abs().mean() > 0.02, name


def test_no_asymmetry_makes_short_and_over_cost_alike(variant_worlds):
    def ratio(name):
        q = meta(variant_worlds[name])["measured"]["qualification"]
        return (q["effect_one_level_short (0.9..1.1)"]["outcome_change"]
                / q["effect_one_level_over (0.9..1.1)"]["outcome_change"])
    assert ratio("base") > 3.0
    assert ratio("no_asymmetry") < 2.0


def test_strong_training_recency_makes_untrained_cost_more(variant_worlds):
    def untrained(name):
        return meta(variant_worlds[name])["measured"]["training"]["effect_fast_field_untrained (stock<0.2)"]["outcome_change"]
    assert untrained("strong_training_recency") < 1.5 * untrained("base") < 0


def test_history_variants_change_who_got_structural_posts(variant_worlds):
    def women_share(name):
        w = variant_worlds[name]
        emp, asg, pos = (read(w, f) for f in ("employees.csv", "assignments.csv", "positions.csv"))
        cur = asg[asg.end_date == ""].merge(pos, on="position_id").merge(emp, on="employee_id")
        return (cur.gender[cur.job_type.isin(["jpt_pratama", "administrator", "pengawas"])] == "P").mean()
    assert women_share("fair_history") > women_share("base") > women_share("biased_history")
    assert women_share("fair_history") - women_share("biased_history") > 0.1
