"""The metropolitan generator (synthetic/metropolitan): an export that follows the contract and
loads clean through `jobfit validate`, byte-identical per seed, a truth kept apart from the
export, blind to protected attributes and covering exactly the pairs the eligibility rules
allow (the employee's rules included: status, sanction, two years in the current post), and
variants that really change the world. Small worlds keep the file well under a minute."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from jobfit.cli import app
from contractkit import (EDU_ORDER, RANKS, REQUIRED, assert_contract_files, assert_nothing_after,
                         assert_one_current_post, assert_truth_apart, digest, read)
from synthetic.metropolitan import PRESETS, VARIANTS, Mechanisms, generate_metropolitan, simulate

SEED = 5
N = 500
AS_OF = date(2025, 8, 15)          # not the default: the date is really a parameter

STRUCTURAL = ["jpt_pratama", "administrator", "pengawas"]


def meta(world: Path) -> dict:
    return json.loads((world / "truth" / "meta.json").read_text())


def fit(world: Path) -> pd.DataFrame:
    df = pq.read_table(world / "truth" / "fit.parquet").to_pandas()
    return df.assign(employee_id=df.employee_id.astype(str), position_id=df.position_id.astype(str))


SUMMARY: dict = {}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("metropolitan") / "base"
    SUMMARY["s"] = generate_metropolitan(out, seed=SEED, employees=N, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def variant_worlds(world, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("metropolitan_variants")
    out = {"base": world}
    for name in VARIANTS:
        if name != "base":
            generate_metropolitan(root / name, seed=SEED, employees=N, variant=name, as_of=AS_OF)
            out[name] = root / name
    return out


# --- conformance -------------------------------------------------------------------------------
def test_every_contract_file_and_column_is_present(world):
    assert_contract_files(world)


def test_jobfit_validate_reports_no_problem_and_uses_every_row(world):
    result = CliRunner().invoke(app, ["validate", str(world / "export"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True
    assert report["counts"]["fatal"] == 0 and report["counts"]["row"] == 0, report["counts"]
    for name in REQUIRED:
        assert report["rows_read"][name] == len(read(world, name)), name
        assert report["rows_used"][name] == report["rows_read"][name], name


def test_generate_command_runs_the_registered_generator(tmp_path):
    result = CliRunner().invoke(app, ["generate", "--model", "metropolitan", "--variant", "smart_city",
                                      "--seed", "2", "--employees", "150", "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w" / "export" / "employees.csv").is_file()
    assert meta(tmp_path / "w")["variant"] == "smart_city"
    bad = CliRunner().invoke(app, ["generate", "--model", "metropolitan", "--variant", "nope",
                                   "--out", str(tmp_path / "x")])
    assert bad.exit_code != 0


def test_summary_and_a_big_city_shape(world):
    s = SUMMARY["s"]
    emp, pos, units = read(world, "employees.csv"), read(world, "positions.csv"), read(world, "units.csv")
    assert len(emp) == N == s.employees and s.files["positions.csv"] == len(pos) and s.seconds > 0
    assert emp.employee_id.is_unique and pos.position_id.is_unique and units.unit_id.is_unique
    assert (pos.slots.astype(int) >= 1).all() and pos.unit_id.isin(units.unit_id).all()
    assert set(units.parent_unit_id[units.parent_unit_id != ""]) <= set(units.unit_id)
    for t in ("sekretariat", "bagian", "dinas", "badan", "inspektorat", "satpol", "kecamatan", "kelurahan",
              "puskesmas", "rsud", "sekolah", "upt"):
        assert (units.unit_type == t).any(), t
    for uid in ("DPMPTSP", "DUKCAPIL", "BAPENDA", "DISHUB", "SATPOLPP", "DAMKAR", "DLH", "DISKOMINFO", "BPBD"):
        assert uid in set(units.unit_id), uid
    assert (units.unit_type == "kelurahan").sum() > (units.unit_type == "kecamatan").sum() >= 3
    assert set(STRUCTURAL + ["fungsional", "pelaksana"]) <= set(pos.job_type)
    assert {"PNS", "CPNS", "PPPK"} <= set(emp.status)
    assert pos.slots.astype(int).sum() > N


def test_nip_encodes_birth_tmt_and_gender(world):
    emp = read(world, "employees.csv")
    assert emp.employee_id.str.fullmatch(r"\d{18}").all()
    assert (emp.employee_id.str[:8] == emp.birth_date.str.replace("-", "")).all()
    assert (emp.employee_id.str[8:14] == emp.hire_date.str[:7].str.replace("-", "")).all()
    g = emp.employee_id.str[14]
    assert ((g == "1") == (emp.gender == "L")).all() and ((g == "2") == (emp.gender == "P")).all()


def test_nothing_after_the_export_date(world):
    assert_nothing_after(world, AS_OF)


def test_one_current_post_per_employee_and_no_overfilled_post(world):
    assert_one_current_post(world)
    asg = read(world, "assignments.csv")
    assert set(asg.kind) >= {"pengangkatan", "mutasi", "promosi", "rotasi"}
    first = read(world, "performance.csv").year.astype(int).min()
    assert first <= AS_OF.year - 9, "about ten years of history"


def test_the_export_is_messy_the_way_hr_data_is(world):
    trn, edu, emp, pos = (read(world, f) for f in ("trainings.csv", "education.csv", "employees.csv",
                                                   "positions.csv"))
    assert trn.name.nunique() > 1000
    assert (trn.kind == "").mean() > 0.2 and (trn.hours == "").mean() > 0.2
    names = trn.name.str.lower()
    assert names.str.contains("diklatpim").any() and names.str.contains(r"\bpk[pa]\b|kepemimpinan").any()
    assert names.str.contains("latsar|prajabatan").any() and names.str.contains(r"\b20\d\d\b").any()
    assert (trn.name == trn.name.str.upper()).any() and (trn.name != trn.name.str.upper()).any()
    assert edu.field_of_study.nunique() > 100 and (edu.field_of_study == "").any()
    assert (pos.fields_of_study != "").any() and (pos.fields_of_study == "").any()
    assert set(emp.open_to_move) <= {"", "Y", "N"} and (emp.open_to_move == "").any()
    assert (emp.preferred_unit_ids != "").any() and (emp.sanction_until != "").any()
    pref = {u for cell in emp.preferred_unit_ids if cell for u in cell.split(";")}
    assert pref <= set(read(world, "units.csv").unit_id)


def test_appraisal_regimes_follow_the_years(world):
    perf = read(world, "performance.csv")
    y = perf.year.astype(int)
    score = pd.to_numeric(perf.score, errors="coerce")
    assert ((perf.rating != "") | score.notna()).all()
    assert score[y <= 2018].between(0, 100).all() and score[y <= 2018].notna().all()
    mid = (y >= 2019) & (y <= 2021)
    assert score[mid].between(0, 120).all() and score[mid].max() > 100
    assert score[y >= 2022].isna().all()
    assert set(perf.rating[y >= 2022]) <= {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"}
    assert (perf.rating[y < 2022] == "Cukup").any()
    assessed = read(world, "assessments.csv").employee_id.nunique()
    assert 0 < assessed < 0.8 * N


# --- determinism -------------------------------------------------------------------------------
def test_same_seed_gives_byte_identical_files(world, tmp_path):
    generate_metropolitan(tmp_path / "again", seed=SEED, employees=N, as_of=AS_OF)
    assert digest(tmp_path / "again") == digest(world)


def test_a_different_seed_gives_a_different_world(world, tmp_path):
    generate_metropolitan(tmp_path / "other", seed=SEED + 1, employees=N, as_of=AS_OF)
    a, b = digest(world), digest(tmp_path / "other")
    assert a.keys() == b.keys()
    for f in ("export/employees.csv", "export/assignments.csv", "export/performance.csv", "truth/fit.parquet"):
        assert a[f] != b[f], f


# --- the truth ---------------------------------------------------------------------------------
def test_truth_lives_apart_from_the_export(world):
    assert_truth_apart(world, (
        "truth", "outcome", "ability", "latent", "noise", "fit", "home", "resilien", "leader",
        "connection", "climate", "knack", "religion"))


def test_truth_file_shape_and_range(world):
    table = pq.read_table(world / "truth" / "fit.parquet")
    assert table.column_names == ["employee_id", "position_id", "true_outcome", "observable_outcome"]
    f = fit(world)
    for c in ("true_outcome", "observable_outcome"):
        assert f[c].between(0, 4).all() and f[c].std() > 0.3
    assert not f.duplicated(["employee_id", "position_id"]).any()
    assert f.true_outcome.ne(f.observable_outcome).mean() > 0.9          # the unobservable part is real
    assert 0.75 < np.corrcoef(f.true_outcome, f.observable_outcome)[0, 1] < 0.99
    m = meta(world)
    assert m["seed"] == SEED and m["variant"] == "base" and m["as_of"] == AS_OF.isoformat()
    assert m["truth"]["pairs"] == len(f)
    assert set(m["mechanisms"]) == {x.name for x in dataclasses.fields(Mechanisms)}


def eligible_pairs(world: Path) -> set[tuple[str, str]]:
    """The contract's eligibility rules as of AS_OF, computed from the export alone: the
    employee's (status, sanction, two years in the current post) and the pair's."""
    emp, pos, edu, asg = (read(world, f) for f in ("employees.csv", "positions.csv", "education.csv",
                                                    "assignments.csv"))
    cur = asg[asg.end_date == ""].set_index("employee_id")
    two_years = date(AS_OF.year - 2, AS_OF.month, AS_OF.day).isoformat()
    emp = emp[emp.status.isin(["PNS", "PPPK"])]
    emp = emp[(emp.sanction_until == "") | (emp.sanction_until <= AS_OF.isoformat())]
    emp = emp[emp.employee_id.map(cur.start_date) <= two_years]
    top = edu.assign(k=edu.level.map(EDU_ORDER)).groupby("employee_id").k.max()
    birth = pd.to_datetime(emp.birth_date)
    emp = emp.assign(edu=emp.employee_id.map(top).fillna(-1),
                     rank_k=emp["rank"].map({r: i for i, r in enumerate(RANKS)}).fillna(-1),
                     age=AS_OF.year - birth.dt.year - ((birth.dt.month > AS_OF.month)
                                                       | ((birth.dt.month == AS_OF.month)
                                                          & (birth.dt.day > AS_OF.day))))
    pos = pos.assign(edu=pos.min_education.map(EDU_ORDER),
                     rank_k=pos.min_rank.map({r: i for i, r in enumerate(RANKS)}).fillna(-1),
                     max_age=pd.to_numeric(pos.max_age, errors="coerce"))
    pairs = emp.merge(pos, how="cross", suffixes=("_e", "_p"))
    ok = pairs.edu_e >= pairs.edu_p
    ok &= (pairs.rank_k_e < 0) | (pairs.rank_k_p < 0) | (pairs.rank_k_e >= pairs.rank_k_p)
    ok &= pairs.max_age.isna() | (pairs.age <= pairs.max_age)
    ok &= (pairs.status == "PNS") | pairs.job_type.isin(["fungsional", "pelaksana"])
    ok &= pairs.position_id != pairs.employee_id.map(cur.position_id)
    return set(zip(pairs.employee_id[ok], pairs.position_id[ok]))


def test_truth_covers_exactly_the_eligible_pairs(world):
    f = fit(world)
    have = set(zip(f.employee_id, f.position_id))
    want = eligible_pairs(world)
    assert len(want) > 20_000
    missing, extra = want - have, have - want
    assert not missing, f"{len(missing)} eligible pairs without truth, e.g. {sorted(missing)[:3]}"
    assert not extra, f"{len(extra)} truth pairs the rules exclude, e.g. {sorted(extra)[:3]}"
    # every rule of the employee's really bites in this world (so the test above means something)
    emp, asg = read(world, "employees.csv"), read(world, "assignments.csv")
    ranked = set(f.employee_id)
    cur = asg[asg.end_date == ""].set_index("employee_id").start_date
    recent = set(emp.employee_id[(emp.employee_id.map(cur) > date(AS_OF.year - 2, AS_OF.month,
                                                                   AS_OF.day).isoformat())])
    sanctioned = set(emp.employee_id[emp.sanction_until > AS_OF.isoformat()])
    cpns = set(emp.employee_id[emp.status == "CPNS"])
    assert recent and cpns and not (ranked & (recent | sanctioned | cpns))


def test_truth_is_blind_to_protected_attributes():
    from synthetic.metropolitan.truth import PersonView
    from synthetic.metropolitan.truthfile import rankable, truth_matrix

    fields = {f.name for f in dataclasses.fields(PersonView)}
    assert not fields & {"gender", "female", "birth", "age", "religion", "name", "names", "origin", "marital"}
    sim = simulate(3, 300, as_of=AS_OF)
    people = rankable(sim)
    before = truth_matrix(sim, people)
    pp, rng = sim.pp, np.random.default_rng(0)
    for col in ("gender", "birth", "religion"):
        arr = getattr(pp, col)
        assert np.unique(arr[: pp.n]).size > 1
        arr[: pp.n] = rng.permutation(arr[: pp.n])
    pp.names = list(rng.permutation(pp.names))
    after = truth_matrix(sim, people)
    assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1])
    # ... while a trait the truth does read changes it (so the check above can fail)
    pp.ability[: pp.n] = rng.permutation(pp.ability[: pp.n])
    assert not np.array_equal(before[0], truth_matrix(sim, people)[0])


def test_fit_matters_beyond_general_ability(world):
    sd = meta(world)["measured"]["sd_of_terms"]
    assert sd["field"] > 0.5 * sd["ability"] and sd["experience"] > 0.05
    for term in ("managerial", "load", "digital", "climate", "commute", "knack", "pair"):
        assert sd[term] > 0.02, term
    # within one employee the candidate posts really differ
    assert meta(world)["measured"]["mean_within_employee_sd"] > 0.25


# --- variants ----------------------------------------------------------------------------------
def test_variants_are_documented_presets():
    assert {"base", "generalist", "smart_city", "commute_city", "patronage", "inflated_appraisals"} <= set(VARIANTS)
    for name, v in PRESETS.items():
        assert v.name == name and all(f.metadata.get("doc") for f in dataclasses.fields(v))
        if name != "base":
            assert v != PRESETS["base"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        PRESETS["base"].w_ability = 0.0
    with pytest.raises(ValueError):
        generate_metropolitan(Path("/nonexistent"), variant="no_such_variant")


def test_truth_variants_change_the_truth(variant_worlds):
    base = fit(variant_worlds["base"]).set_index(["employee_id", "position_id"]).true_outcome
    for name in ("generalist", "smart_city", "commute_city"):
        other = fit(variant_worlds[name]).set_index(["employee_id", "position_id"]).true_outcome
        common = base.index.intersection(other.index)
        assert len(common) > 10_000, name
        assert (base[common] - other[common]).abs().mean() > 0.03, name
    sd = {k: meta(w)["measured"]["sd_of_terms"] for k, w in variant_worlds.items()}
    assert sd["generalist"]["field"] < 0.5 * sd["base"]["field"]
    assert sd["smart_city"]["digital"] > 1.8 * sd["base"]["digital"]
    assert sd["commute_city"]["commute"] > 2.0 * sd["base"]["commute"]


def test_history_variants_change_the_history(variant_worlds):
    hist = {k: meta(w)["history"] for k, w in variant_worlds.items()}
    assert hist["patronage"]["current_observable_mean"] < hist["base"]["current_observable_mean"] - 0.03
    assert hist["patronage"]["women_share_structural"] < hist["base"]["women_share_all"]

    def top_share(name):
        perf = read(variant_worlds[name], "performance.csv")
        return (perf.rating[perf.year.astype(int) >= 2022] == "Sangat Baik").mean()
    assert top_share("inflated_appraisals") > top_share("base") + 0.1
