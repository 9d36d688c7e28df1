"""The provinsi generator (synthetic/provinsi): an export that follows the contract and loads
clean through `jobfit validate`, byte-identical per seed, a truth kept apart from the export,
blind to protected attributes and covering exactly the pairs the contract's eligibility rules
allow, and variants that really change the world. Small worlds (400-500 employees)."""

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

from contractkit import (EDU_ORDER, RANKS, REQUIRED, assert_contract_files, assert_nothing_after,
                         assert_one_current_post, assert_truth_apart, digest, read)
from synthetic.provinsi import VARIANTS, ProvinsiVariant, generate_provinsi

SEED = 5
N = 500
AS_OF = date(2026, 7, 1)


def meta(world: Path) -> dict:
    return json.loads((world / "truth" / "meta.json").read_text())


def truth(world: Path) -> pd.DataFrame:
    fit = pq.read_table(world / "truth" / "fit.parquet").to_pandas()
    return fit.astype({"employee_id": str, "position_id": str})


SUMMARY: dict = {}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("provinsi") / "base"
    s = generate_provinsi(out, seed=SEED, employees=N)
    SUMMARY.update({k: s[k] for k in s.keys()})
    return out


@pytest.fixture(scope="module")
def variant_worlds(world, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("provinsi_variants")
    out = {"base": world}
    for name in VARIANTS:
        if name != "base":
            generate_provinsi(root / name, seed=SEED, employees=N, variant=name)
            out[name] = root / name
    return out


# --- conformance ------------------------------------------------------------------------------
def test_every_contract_file_and_column_is_present(world):
    assert_contract_files(world)


def test_export_loads_clean_through_jobfit_validate(world):
    from jobfit.cli import app

    result = CliRunner().invoke(app, ["validate", str(world / "export"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["ok"] is True
    assert report["counts"] == {"fatal": 0, "row": 0, "warning": 0}, report["counts"]
    assert report["rows_used"] == report["rows_read"]
    for name in REQUIRED:
        assert report["rows_read"][name] == len(read(world, name)), name


def test_a_province_of_the_requested_size(world):
    emp, pos, units = read(world, "employees.csv"), read(world, "positions.csv"), read(world, "units.csv")
    assert len(emp) == N and SUMMARY["files"]["employees.csv"] == N
    assert SUMMARY["files"]["positions.csv"] == len(pos) and SUMMARY["seconds"] > 0
    assert emp.employee_id.is_unique and pos.position_id.is_unique and units.unit_id.is_unique
    assert (pos.slots.astype(int) >= 1).all() and pos.unit_id.isin(units.unit_id).all()
    assert set(units.parent_unit_id[units.parent_unit_id != ""]) <= set(units.unit_id)
    for t in ("sekretariat", "biro", "inspektorat", "dinas", "badan", "satpol", "rsud", "upt", "cabang_dinas",
              "sekolah"):
        assert (units.unit_type == t).any(), t
    assert not units.unit_type.isin(["kecamatan", "kelurahan"]).any()      # a province has none
    assert units.unit_name.str.contains("Samsat").any() and units.unit_name.str.contains("SMK Negeri").any()
    assert units.unit_name.str.startswith("Biro").sum() >= 3
    assert {"jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"} <= set(pos.job_type)
    assert {"PNS", "CPNS", "PPPK"} <= set(emp.status)
    for word in ("Guru", "Perawat", "Dokter", "Auditor", "Sekretaris Daerah", "Kepala Biro"):
        assert pos.title.str.contains(word).any(), word
    slots = pos.slots.astype(int).sum()
    assert N < slots < 1.5 * N
    teachers = pos.title.str.startswith("Guru")
    assert 0.25 < pos.slots.astype(int)[teachers].sum() / slots < 0.55


def test_nip_encodes_birth_tmt_and_gender(world):
    emp = read(world, "employees.csv")
    assert emp.employee_id.str.fullmatch(r"\d{18}").all()
    assert (emp.employee_id.str[:8] == emp.birth_date.str.replace("-", "")).all()
    g = emp.employee_id.str[14]
    assert ((g == "1") == (emp.gender == "L")).all() and ((g == "2") == (emp.gender == "P")).all()
    civil = emp.status != "PPPK"
    assert (emp.employee_id.str[8:14][civil] == emp.hire_date.str[:7].str.replace("-", "")[civil]).all()
    assert (emp.employee_id.str[12:14][~civil] == "21").all()
    assert (emp["rank"][~civil] == "").all() and (emp["rank"][civil] != "").all()


def test_nothing_after_the_export_date(world):
    assert_nothing_after(world, AS_OF)


def test_one_current_post_per_employee_and_no_overfilled_post(world):
    assert_one_current_post(world)
    asg, pos = read(world, "assignments.csv"), read(world, "positions.csv")
    cur = asg[asg.end_date == ""]
    assert set(asg.kind) >= {"pengangkatan", "mutasi", "promosi", "rotasi"}
    # PPPK hold only functional or pelaksana posts
    emp = read(world, "employees.csv").set_index("employee_id")
    jt = cur.position_id.map(pos.set_index("position_id").job_type)
    assert jt[cur.employee_id.map(emp.status).eq("PPPK").to_numpy()].isin(["fungsional", "pelaksana"]).all()


def test_the_export_is_messy_the_way_hr_data_is(world):
    trn, edu, emp, pos = (read(world, f) for f in ("trainings.csv", "education.csv", "employees.csv", "positions.csv"))
    assert trn.name.nunique() > 1000
    assert (trn.kind == "").mean() > 0.2 and (trn.hours == "").mean() > 0.2
    names = trn.name.str.lower()
    assert names.str.contains("diklatpim").any() and names.str.contains(r"\bpk[pa]\b").any()
    assert names.str.contains("latsar|pelatihan dasar").any() and names.str.contains("prajabatan").any()
    assert names.str.contains("btcls|ppg|jfa|pbj").any()
    assert (trn.name == trn.name.str.upper()).any() and (trn.name == trn.name.str.lower()).any()
    assert edu.field_of_study.nunique() > 150 and (edu.field_of_study == "").any()
    assert edu.level.isin(["D4"]).any() and edu.level.isin(["PROFESI"]).any()
    assert (pos.fields_of_study != "").any() and (pos.fields_of_study == "").any()
    assert set(emp.open_to_move) <= {"Y", "N", ""} and {"Y", "N", ""} <= set(emp.open_to_move)
    prefs = emp.preferred_unit_ids[emp.preferred_unit_ids != ""].str.split(";").explode()
    assert len(prefs) > 0 and prefs.isin(read(world, "units.csv").unit_id).all()
    assert (emp.sanction_until != "").any()


def test_appraisal_regimes_follow_the_years(world):
    perf = read(world, "performance.csv")
    y = perf.year.astype(int)
    score = pd.to_numeric(perf.score, errors="coerce")
    assert ((perf.rating != "") | score.notna()).all()
    assert score[y <= 2018].between(0, 100).all() and score[y <= 2018].notna().all()
    assert score[(y >= 2019) & (y <= 2021)].between(0, 120).all()
    assert score[(y >= 2019) & (y <= 2021)].max() > 100
    assert score[y >= 2022].isna().all() and (perf.rating[y >= 2022] != "").all()
    assert set(perf.rating[y >= 2022]) <= {"Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"}
    assert (perf.rating[y < 2022] == "Cukup").any()
    assert (perf.rating[y >= 2022] == "Baik").mean() > 0.5
    assert not perf.duplicated(["employee_id", "year"]).any()


# --- determinism ------------------------------------------------------------------------------
def test_same_seed_gives_byte_identical_files(world, tmp_path):
    again = tmp_path / "again"
    generate_provinsi(again, seed=SEED, employees=N)
    assert digest(again) == digest(world)


def test_a_different_seed_gives_a_different_world(world, tmp_path):
    other = tmp_path / "other"
    generate_provinsi(other, seed=SEED + 100, employees=N)
    a, b = digest(world), digest(other)
    assert a.keys() == b.keys()
    for f in ("export/employees.csv", "export/assignments.csv", "export/positions.csv", "truth/fit.parquet"):
        assert a[f] != b[f], f


# --- the truth --------------------------------------------------------------------------------
def test_truth_lives_apart_from_the_export(world):
    assert_truth_apart(world, (
        "truth", "outcome", "ability", "latent", "noise", "fit", "stamina", "resilien", "conn",
        "quality", "hardship", "ethnic", "religion", "group"))


def test_truth_file_shape_and_range(world):
    table = pq.read_table(world / "truth" / "fit.parquet")
    assert table.column_names == ["employee_id", "position_id", "true_outcome", "observable_outcome"]
    fit = table.to_pandas()
    for c in ("true_outcome", "observable_outcome"):
        assert fit[c].between(0, 4).all() and fit[c].std() > 0.3
    assert not fit.duplicated(["employee_id", "position_id"]).any()
    assert fit.true_outcome.ne(fit.observable_outcome).mean() > 0.9             # unobservable parts
    assert 0.75 < np.corrcoef(fit.true_outcome, fit.observable_outcome)[0, 1] < 0.99
    assert set(np.clip(np.rint(fit.true_outcome), 0, 4).astype(int)) >= {1, 2, 3}
    m = meta(world)
    assert m["seed"] == SEED and m["variant"] == "base" and m["as_of"] == AS_OF.isoformat()
    assert m["truth"]["pairs"] == len(fit) == SUMMARY["truth_pairs"]
    assert set(m["mechanisms"]) == {f.name for f in dataclasses.fields(ProvinsiVariant)}


def eligible_pairs(world: Path) -> set[tuple[str, str]]:
    """The contract's rules, computed from the export alone: ranked employees (PNS or PPPK, no
    sanction after the date, two years in the current post) × positions passing rules 1-4 and 6."""
    emp, pos, edu, asg = (read(world, f) for f in ("employees.csv", "positions.csv", "education.csv",
                                                   "assignments.csv"))
    cur = asg[asg.end_date == ""].set_index("employee_id")
    top = edu.assign(k=edu.level.map(EDU_ORDER)).groupby("employee_id").k.max()
    birth = pd.to_datetime(emp.birth_date)
    start = pd.to_datetime(emp.employee_id.map(cur.start_date))
    as_of = pd.Timestamp(AS_OF)
    emp = emp.assign(
        edu=emp.employee_id.map(top).fillna(-1),
        rank_k=emp["rank"].map({r: i for i, r in enumerate(RANKS)}).fillna(-1),
        age=AS_OF.year - birth.dt.year - ((birth.dt.month > AS_OF.month)
                                          | ((birth.dt.month == AS_OF.month) & (birth.dt.day > AS_OF.day))),
        due=(start + pd.DateOffset(years=2)) <= as_of,
        sanctioned=pd.to_datetime(emp.sanction_until.replace("", None)) > as_of,
        current=emp.employee_id.map(cur.position_id))
    emp = emp[emp.status.isin(["PNS", "PPPK"]) & emp.due & ~emp.sanctioned]
    pos = pos.assign(edu=pos.min_education.map(EDU_ORDER),
                     rank_k=pos.min_rank.map({r: i for i, r in enumerate(RANKS)}).fillna(-1),
                     max_age=pd.to_numeric(pos.max_age, errors="coerce"))
    pairs = emp.merge(pos, how="cross", suffixes=("_e", "_p"))
    ok = pairs.edu_e >= pairs.edu_p
    ok &= (pairs.rank_k_e < 0) | (pairs.rank_k_p < 0) | (pairs.rank_k_e >= pairs.rank_k_p)
    ok &= pairs.max_age.isna() | (pairs.age <= pairs.max_age)
    ok &= (pairs.status == "PNS") | pairs.job_type.isin(["fungsional", "pelaksana"])
    ok &= pairs.position_id != pairs.current
    return set(zip(pairs.employee_id[ok], pairs.position_id[ok]))


def test_truth_covers_exactly_the_eligible_pairs(world):
    fit = truth(world)
    have = set(zip(fit.employee_id, fit.position_id))
    want = eligible_pairs(world)
    assert len(want) > 30_000
    missing, extra = want - have, have - want
    assert not missing, f"{len(missing)} eligible pairs without truth, e.g. {sorted(missing)[:3]}"
    assert not extra, f"{len(extra)} truth pairs the rules exclude, e.g. {sorted(extra)[:3]}"
    emp = read(world, "employees.csv").set_index("employee_id")
    ranked = emp.loc[fit.employee_id.unique()]
    assert not ranked.status.eq("CPNS").any()
    # the rules bite: some employees are not yet due, some PPPK are limited, some posts age-limited
    assert fit.employee_id.nunique() < (emp.status != "CPNS").sum()
    assert pd.to_numeric(read(world, "positions.csv").max_age, errors="coerce").notna().any()


def test_truth_is_blind_to_protected_attributes():
    from synthetic.provinsi.generate import build_world
    from synthetic.provinsi.history import simulate
    from synthetic.provinsi.truth import PersonState, components, person_state

    fields = {f.name for f in dataclasses.fields(PersonState)}
    assert not fields & {"female", "gender", "birth", "age", "religion", "group", "name", "origin", "ethnic"}
    W = build_world(3, 300, "base", AS_OF)
    simulate(W, 300)
    rows = W.people.alive(W.as_of)
    e = np.repeat(np.arange(len(rows)), 25)
    p = np.random.default_rng(0).integers(0, len(W.org.positions), len(e))
    ctx = (W.posts.job_class[p].astype(float), np.full(len(e), 0.5), np.full(len(e), 3.0))

    def z():
        ps = person_state(W.people, rows, W.as_of, W.posts.unit)
        parts = components(ps, W.posts, e, p, *ctx, W.variant, W.seed, candidate=True)
        return np.sum(list(parts.values()), axis=0)

    before = z()
    rng = np.random.default_rng(1)
    P = W.people
    for col in ("female", "birth", "group", "religion"):
        assert np.unique(P.i[col][rows]).size > 1, col
        P.i[col][rows] = rng.permutation(P.i[col][rows])
    P.name[rows] = rng.permutation(P.name[rows])
    assert np.array_equal(before, z())
    # ... while a trait the truth does read changes it (the test can fail)
    P.f["g"][rows] = rng.permutation(P.f["g"][rows])
    assert not np.array_equal(before, z())


def test_fit_matters_beyond_general_ability(world):
    m = meta(world)["measured"]
    assert m["shares_true"]["within_person"] > 0.35, m["shares_true"]
    assert m["shares_observable"]["within_person"] > 0.3, m["shares_observable"]
    sd = m["component_sd"]
    for mech in ("ability", "field", "competency", "credential", "leadership", "hardship", "staleness", "stretch",
                 "unit", "wish", "stamina", "resilience", "pair_noise"):
        assert sd[mech] > 0.01, mech


# --- variants ---------------------------------------------------------------------------------
def test_variants_are_documented_presets():
    assert len(VARIANTS) >= 4 and "base" in VARIANTS
    for name, v in VARIANTS.items():
        assert isinstance(v, ProvinsiVariant) and v.name == name
        assert all(f.metadata.get("doc") for f in dataclasses.fields(v))
        if name != "base":
            assert dataclasses.replace(v, name="base") != VARIANTS["base"], name
    with pytest.raises(dataclasses.FrozenInstanceError):
        VARIANTS["base"].w_field = 0.0
    with pytest.raises(ValueError):
        generate_provinsi(Path("/nonexistent"), variant="no_such_variant")


def test_every_variant_changes_the_world(variant_worlds):
    base = digest(variant_worlds["base"])
    for name, w in variant_worlds.items():
        if name != "base":
            assert digest(w) != base, name


def test_truth_variants_strengthen_their_mechanism(variant_worlds):
    def sd(name, mech):
        return meta(variant_worlds[name])["measured"]["component_sd"][mech]
    assert sd("hardship_world", "hardship") > 2 * sd("base", "hardship")
    assert sd("hardship_world", "stamina") > 1.8 * sd("base", "stamina")
    assert sd("credential_world", "credential") > 2 * sd("base", "credential")
    assert sd("credential_world", "field") < sd("base", "field")
    base = truth(variant_worlds["base"]).set_index(["employee_id", "position_id"]).true_outcome
    for name in ("hardship_world", "credential_world"):
        other = truth(variant_worlds[name]).set_index(["employee_id", "position_id"]).true_outcome
        common = base.index.intersection(other.index)
        assert len(common) > 10_000
        assert (base[common] - other[common]).abs().mean() > 0.05, name


def test_history_variants_change_who_was_appointed(variant_worlds):
    def hist(name):
        return meta(variant_worlds[name])["measured"]["history"]
    assert hist("fair_history")["women_share"] > hist("base")["women_share"] + 0.05
    assert hist("fair_history")["local_share"] < hist("base")["local_share"] - 0.05
    assert hist("fit_blind_history")["appointee_ability"] < hist("base")["appointee_ability"] - 0.3


def test_noisy_appraisals_blur_the_ratings(variant_worlds):
    def scores(name):
        perf = read(variant_worlds[name], "performance.csv")
        old = perf[perf.year.astype(int) <= 2021]
        return pd.to_numeric(old.score, errors="coerce").std()
    assert scores("noisy_appraisals") > 1.1 * scores("base")
    # only the appraisals change: the same people held the same posts
    a = read(variant_worlds["base"], "assignments.csv")
    b = read(variant_worlds["noisy_appraisals"], "assignments.csv")
    assert a.equals(b)
