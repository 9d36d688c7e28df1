"""The synthetic city (`jobfit generate`): contract-conformant, deterministic, sane, and with
its truth kept apart from the export.

Small worlds (400 employees, well under a second each); the full-size city is one heavy test.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from features import vocab
from synthetic.kota import Config, generate_city
from synthetic.kota.city import EXPORT_COLUMNS, fit_pairs
from synthetic.kota.history import simulate
from synthetic.kota.people import draw_employees
from synthetic.kota.positions import build_positions

SEED = 11
N = 400
AS_OF = date(2026, 7, 1)
TRUTH_WORDS = ("true", "truth", "ability", "aptitude", "latent", "leniency")


def _read(city: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(city / "export" / name, dtype=str, keep_default_na=False)


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("city")
    generate_city(out, seed=SEED, n_employees=N, as_of=AS_OF)
    return out


@pytest.fixture(scope="module")
def loaded(city):
    from features import loader     # a product module: broken means failed, never skipped

    return loader.load_export(city / "export")


# --- the contract ------------------------------------------------------------------------------

def test_export_has_exactly_the_contract_files_and_columns(city):
    files = sorted(p.name for p in (city / "export").iterdir())
    assert files == sorted(EXPORT_COLUMNS)
    for name, columns in EXPORT_COLUMNS.items():
        header = (city / "export" / name).read_text(encoding="utf-8").splitlines()[0]
        assert tuple(header.split(",")) == columns, name
        assert not any(w in c for c in columns for w in TRUTH_WORDS), name


def test_loader_reads_it_clean(loaded):
    export, report = loaded
    assert report.clean, report.to_text(limit=20)
    assert export is not None
    for name, n in report.rows_read.items():
        assert report.rows_used[name] == n > 0, name


def test_types_and_vocabularies(city):
    pos = _read(city, "positions.csv")
    assert set(pos["job_type"]) <= set(vocab.JOB_TYPES)
    assert set(pos["min_education"]) <= set(vocab.EDUCATION_LEVELS)
    assert set(pos["min_rank"]) - {""} <= set(vocab.RANKS)
    assert (pos["slots"].astype(int) >= 1).all()
    assert pos["job_class"].astype(int).between(1, 17).all()
    assert (pos.loc[pos["job_type"] == "jpt_pratama", "max_age"] == "56").all()
    fung = pos["job_type"] == "fungsional"
    assert set(pos.loc[fung, "functional_level"]) <= set(vocab.FUNCTIONAL_LEVELS)
    for cell in pos["competency_standard"][pos["competency_standard"] != ""]:
        codes = dict(part.split("=") for part in cell.split(";"))
        assert set(codes) <= set(vocab.COMPETENCY_CODES)
        assert all(1 <= int(v) <= 5 for v in codes.values())
    emp = _read(city, "employees.csv")
    assert set(emp["gender"]) <= {"L", "P"}
    assert set(emp["status"]) == {"PNS", "CPNS", "PPPK"}
    assert set(emp["open_to_move"]) <= {"Y", "N", ""}
    assert (emp.loc[emp["status"] == "PPPK", "rank"] == "").all()
    assert emp.loc[emp["status"] != "PPPK", "rank"].isin(vocab.RANKS).all()
    units = set(_read(city, "units.csv")["unit_id"])
    for cell in emp["preferred_unit_ids"][emp["preferred_unit_ids"] != ""]:
        assert set(cell.split(";")) <= units
    edu = _read(city, "education.csv")
    assert set(edu["level"]) <= set(vocab.EDUCATION_LEVELS)
    assert set(_read(city, "trainings.csv")["kind"]) <= set(vocab.TRAINING_KINDS)
    assert set(_read(city, "assignments.csv")["kind"]) <= set(vocab.ASSIGNMENT_KINDS)
    ass = _read(city, "assessments.csv")
    assert set(ass["competency"]) <= set(vocab.COMPETENCY_CODES)
    assert ass["level"].astype(int).between(1, 5).all()


def test_nip_encodes_birth_date_tmt_and_gender(city):
    emp = _read(city, "employees.csv")
    nip = emp["employee_id"]
    assert nip.str.fullmatch(r"\d{18}").all() and nip.is_unique
    assert (nip.str[:8] == emp["birth_date"].str.replace("-", "")).all()
    assert (nip.str[8:14] == emp["hire_date"].str[:7].str.replace("-", "")).all()
    assert (nip.str[14] == emp["gender"].map({"L": "1", "P": "2"})).all()


def test_nothing_happens_after_the_as_of_date(city):
    iso = AS_OF.isoformat()
    emp = _read(city, "employees.csv")
    assert (emp["hire_date"] <= iso).all() and (emp["rank_date"] <= iso).all()
    assert (emp.loc[emp["sanction_until"] != "", "sanction_until"] > iso).all()
    assert (_read(city, "trainings.csv")["end_date"] <= iso).all()
    asg = _read(city, "assignments.csv")
    assert (asg["start_date"] <= iso).all() and (asg["end_date"] <= iso).all()
    assert (_read(city, "assessments.csv")["assessed_date"] <= iso).all()
    assert (_read(city, "performance.csv")["year"].astype(int) < AS_OF.year).all()
    # CPNS are the recent hires (within the last year)
    cpns = emp[emp["status"] == "CPNS"]
    assert len(cpns) and (pd.to_datetime(cpns["hire_date"])
                          > pd.Timestamp(AS_OF) - pd.Timedelta(days=366)).all()


def test_assignments_form_careers(city):
    asg = _read(city, "assignments.csv")
    emp = _read(city, "employees.csv")
    current = asg[asg["end_date"] == ""]
    assert current["employee_id"].is_unique
    assert set(current["employee_id"]) == set(emp["employee_id"])
    ended = asg[asg["end_date"] != ""]
    assert (ended["end_date"] >= ended["start_date"]).all()
    # rows of one employee do not overlap
    for _, g in asg.sort_values(["employee_id", "start_date"]).groupby("employee_id"):
        ends = g["end_date"].replace("", "9999-12-31").to_numpy()
        assert (g["start_date"].to_numpy()[1:] > ends[:-1]).all()
    # ten years of history: people move, get promoted, and the first rows start early
    assert {"pengangkatan", "mutasi", "promosi"} <= set(asg["kind"])
    assert asg["start_date"].min() < f"{AS_OF.year - 10}-07-01"
    # the peta jabatan has vacancies: more slots than people
    pos = _read(city, "positions.csv")
    assert pos["slots"].astype(int).sum() > len(emp)


# --- sane distributions --------------------------------------------------------------------------

def _service_years(emp: pd.DataFrame) -> pd.Series:
    return (pd.Timestamp(AS_OF) - pd.to_datetime(emp["hire_date"])).dt.days / 365.25


def test_rank_follows_education_and_service(city):
    emp = _read(city, "employees.csv")
    edu = _read(city, "education.csv")
    best = (edu.assign(o=edu["level"].map(vocab.EDUCATION_ORDINAL))
            .sort_values("o").drop_duplicates("employee_id", keep="last")
            .set_index("employee_id")["level"])
    pns = emp[emp["status"] == "PNS"].assign(
        rank_o=lambda d: d["rank"].map(vocab.RANK_ORDINAL), edu=lambda d: d["employee_id"]
        .map(best), service=lambda d: _service_years(d))
    pns["band"] = pd.cut(pns["service"], [0, 8, 16, 40], labels=["<8", "8-16", ">16"])
    by_band = pns.groupby("band", observed=True)["rank_o"].mean()
    assert by_band["<8"] < by_band["8-16"] < by_band[">16"]
    table = pns[pns["edu"].isin(["SMA", "S1"])].pivot_table(
        index="band", columns="edu", values="rank_o", aggfunc="mean", observed=True)
    assert (table["S1"] > table["SMA"] + 2).all(), table


def test_tenure_in_post_is_spread(loaded):
    export, _ = loaded
    tenure = (pd.Timestamp(AS_OF) - export.employees["current_start_date"]).dt.days / 365.25
    assert (tenure < 2).mean() > 0.1
    assert (tenure > 5).mean() > 0.1


def test_appraisals_are_written_in_the_regime_of_their_year(city, loaded):
    perf = _read(city, "performance.csv")
    year = perf["year"].astype(int)
    assert not perf.duplicated(["employee_id", "year"]).any()
    old = perf[year <= 2019]
    assert (old["score"] != "").all() and old["score"].astype(float).between(0, 100).all()
    assert set(old["rating"]) - {""} <= set(vocab.RATINGS_OLD)
    assert (old["rating"] != "").mean() > 0.1          # some offices typed the predicate too
    pp30 = perf[year.between(2020, 2021)]
    assert (pp30["rating"] == "").all() and pp30["score"].astype(float).between(0, 120).all()
    assert (pp30["score"].astype(float) > 100).any()   # the 0–120 scale is used
    new = perf[year >= 2022]
    assert (new["score"] == "").all() and new["rating"].isin(vocab.RATINGS_2022).all()
    assert new["rating"].value_counts().index[0] == "Baik"
    # the old predicate agrees with the band of its score
    both = old[old["rating"] != ""]
    for s, r, y in zip(both["score"].astype(float), both["rating"], both["year"].astype(int)):
        assert abs(vocab.score_value(s, y) - vocab.parse_rating(r)) <= 0.5 + 1e-9
    # normalised by the loader, the regimes land on one scale
    export, _ = loaded
    means = export.performance.groupby("regime")["value"].mean()
    assert means.between(3.5, 4.6).all(), means


def test_training_names_follow_their_era(city):
    tr = _read(city, "trainings.csv")
    year = tr["end_date"].str[:4].astype(int)
    canon = tr["name"].map(vocab.canonical_training)
    lead = tr[tr["kind"] == "kepemimpinan"]
    assert canon[lead.index].notna().all()
    old_name = lead["name"].str.contains("diklat", case=False)
    assert (year[lead.index][old_name] < 2019).all()
    assert (year[lead.index][~old_name] >= 2019).all()
    latsar = tr[tr["kind"] == "latsar"]
    assert (canon[latsar.index] == "LATSAR").all()
    prajab = latsar["name"].str.contains("praja", case=False)
    assert (year[latsar.index][prajab] < 2018).all() and prajab.any() and (~prajab).any()
    other = tr[~tr["kind"].isin(["kepemimpinan", "latsar"])]
    assert canon[other.index].isna().all()
    assert tr["hours"].astype(float).gt(0).all()


def test_fields_of_study_are_messy(city):
    edu = _read(city, "education.csv")
    raw = edu.loc[edu["level"] != "SMA", "field_of_study"]
    canonical = set(vocab.FIELDS_OF_STUDY)
    assert (~raw.isin(canonical)).mean() > 0.4
    spellings = pd.read_csv(city / "truth" / "field_spellings.csv", keep_default_na=False)
    assert set(spellings["canonical"]) <= canonical
    assert set(spellings["raw"]) <= set(raw)
    per_field = spellings.groupby("canonical")["raw"].nunique()
    assert per_field.max() >= 8
    assert any(r.isupper() for r in spellings["raw"]) and any(r.islower() for r in
                                                               spellings["raw"])


def test_women_were_held_back_from_structural_posts(city, tmp_path):
    """The historical bias: same people and seed, with and without it."""
    unbiased = tmp_path / "unbiased"
    generate_city(unbiased, seed=SEED, n_employees=N, as_of=AS_OF,
                  config=Config(gender_bias=0.0))

    def gap(folder: Path) -> float:
        emp = _read(folder, "employees.csv")
        lat = pd.read_csv(folder / "truth" / "employees_latent.csv", dtype={"employee_id": str})
        x = emp.merge(lat, on="employee_id")
        x = x[(x["status"] == "PNS") & (x["rank"].map(vocab.RANK_ORDINAL) >= 10)]
        rate = x.groupby("gender")["ever_structural"].mean()
        return rate["L"] - rate["P"]

    biased_gap, fair_gap = gap(city), gap(unbiased)
    assert biased_gap > 0.05
    assert biased_gap - fair_gap > 0.05, (biased_gap, fair_gap)


# --- the truth ---------------------------------------------------------------------------------

def test_truth_lives_apart_and_covers_eligible_pairs(city, loaded):
    truth = city / "truth"
    assert {"fit.parquet", "meta.json", "employees_latent.csv"} <= {p.name for p in
                                                                    truth.iterdir()}
    assert not (city / "export" / "truth").exists()
    fit = pq.read_table(truth / "fit.parquet")
    assert fit.schema.field("true_outcome").type == "float"
    assert str(fit.schema.field("employee_id").type).startswith("dictionary")
    df = fit.to_pandas()
    df["employee_id"] = df["employee_id"].astype(str)
    df["position_id"] = df["position_id"].astype(str)
    assert df["true_outcome"].between(0, 4).all()
    assert not df.duplicated(["employee_id", "position_id"]).any()
    export, _ = loaded
    emp = export.employees.set_index("employee_id")
    pos = export.positions.set_index("position_id")
    movable = emp.index[emp["status"].isin(["PNS", "PPPK"])]
    assert set(df["employee_id"]) == set(movable)
    cur = df[df["is_current"]]
    assert cur["employee_id"].is_unique and len(cur) == len(movable)
    assert (cur.set_index("employee_id")["position_id"]
            == emp.loc[cur["employee_id"], "current_position_id"]).all()
    # every other pair passes the date-free hard rules, and all such pairs are there
    e = emp.loc[df["employee_id"]]
    p = pos.loc[df["position_id"]]
    rules = ((e["highest_education_ordinal"].to_numpy() >= p["min_education_ordinal"].to_numpy())
             & (e["rank_ordinal"].isna().to_numpy() | p["min_rank_ordinal"].isna().to_numpy()
                | (e["rank_ordinal"].fillna(0).to_numpy()
                   >= p["min_rank_ordinal"].fillna(0).to_numpy()))
             & ((e["status"].to_numpy() != "PPPK")
                | np.isin(p["job_type"].to_numpy(), list(vocab.PPPK_JOB_TYPES))))
    assert rules[~df["is_current"].to_numpy()].all()
    one = movable[0]
    o = emp.loc[one]
    allowed = pos[(pos["min_education_ordinal"] <= o["highest_education_ordinal"])
                  & (pos["min_rank_ordinal"].isna() | pd.isna(o["rank_ordinal"])
                     | (pos["min_rank_ordinal"] <= (o["rank_ordinal"] if pd.notna(
                         o["rank_ordinal"]) else 0)))]
    if o["status"] == "PPPK":
        allowed = allowed[allowed["job_type"].isin(vocab.PPPK_JOB_TYPES)]
    assert set(allowed.index) <= set(df.loc[df["employee_id"] == one, "position_id"])
    meta = json.loads((truth / "meta.json").read_text(encoding="utf-8"))
    assert meta["seed"] == SEED and meta["as_of"] == AS_OF.isoformat()
    assert meta["n_employees"] == N and meta["truth_rows"] == len(df)


def test_fit_matters_not_only_ability(city):
    meta = json.loads((city / "truth" / "meta.json").read_text(encoding="utf-8"))
    v = meta["variance"]
    assert v["interaction_share"] > 0.25, v
    assert v["ability_r2"] < 0.5, v
    fit = pd.read_parquet(city / "truth" / "fit.parquet")
    best = fit.loc[fit.groupby("position_id", observed=True)["true_outcome"].idxmax()]
    assert best["employee_id"].nunique() >= 10       # no one is best everywhere


def test_appraisals_reflect_truth_and_lenient_units(city, loaded):
    export, _ = loaded
    truth = pd.read_csv(city / "truth" / "appraisal_truth.csv", dtype={"employee_id": str})
    perf = export.performance.merge(truth, on=["employee_id", "year"])
    assert len(perf) == len(export.performance)
    assert np.corrcoef(perf["value"], perf["true_outcome"])[0, 1] > 0.45
    lenient = pd.read_csv(city / "truth" / "unit_leniency.csv")
    resid = (perf["value"] - 1 - perf["true_outcome"]).groupby(perf["unit_id"]).mean()
    both = lenient.set_index("unit_id")["leniency"].reindex(resid.index)
    assert np.corrcoef(both, resid)[0, 1] > 0.5


def test_truth_never_reads_protected_attributes():
    """Changing gender, birth dates and names of everyone changes no true outcome."""
    rng = np.random.default_rng(3)
    pos = build_positions(rng, 150)
    emp = draw_employees(rng, 150, pos, AS_OF)
    hist = simulate(rng, emp, pos, AS_OF, Config())
    swapped = dataclasses.replace(emp, female=~emp.female, birth=emp.birth - 3000,
                                  name=emp.name[::-1].copy())
    a = list(fit_pairs(emp, pos, hist))
    b = list(fit_pairs(swapped, pos, hist))
    for x, y in zip(a, b):
        for u, w in zip(x, y):
            np.testing.assert_array_equal(u, w)


# --- determinism, arguments, size --------------------------------------------------------------

def test_same_seed_same_bytes_other_seed_other_city(city, tmp_path):
    again = tmp_path / "again"
    generate_city(again, seed=SEED, n_employees=N, as_of=AS_OF)
    assert _digest(again) == _digest(city)
    other = tmp_path / "other"
    generate_city(other, seed=SEED + 1, n_employees=N, as_of=AS_OF)
    assert (other / "export" / "employees.csv").read_bytes() != \
        (city / "export" / "employees.csv").read_bytes()


@pytest.mark.parametrize("kwargs, word", [
    ({"n_employees": 5}, "n_employees"), ({"n_employees": "many"}, "n_employees"),
    ({"seed": -1}, "seed"), ({"as_of": "2026-07-01"}, "as_of"),
])
def test_bad_arguments_name_the_parameter(tmp_path, kwargs, word):
    with pytest.raises(ValueError, match=word):
        generate_city(tmp_path / "x", **kwargs)


def test_out_dir_that_is_a_file_is_refused(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(ValueError, match="out_dir"):
        generate_city(f, n_employees=50)


def test_progress_bar_and_summary(tmp_path):
    summary = generate_city(tmp_path / "p", seed=1, n_employees=60, progress=True)
    assert summary.rows["employees.csv"] == 60
    assert summary.export_dir == tmp_path / "p" / "export"
    text = summary.to_text()
    assert "employees.csv" in text and "truth" in text and str(summary) == text


def test_full_city_structure():
    """The full-size peta jabatan: Binjai's 5 kecamatan, 37 kelurahan, 1,000–2,000 posts."""
    pos = build_positions(np.random.default_rng(0), 5000)
    units = pos.units
    kec = units[units["unit_type"] == "kecamatan"]
    kel = units[units["unit_type"] == "kelurahan"]
    assert len(kec) == 5 and len(kel) == 37
    assert set(kel["parent_unit_id"]) == set(kec["unit_id"])
    assert 1000 <= len(pos.table) <= 2000
    assert 5000 < pos.table["slots"].sum() < 5600
    structural = pos.table["job_type"].isin(["jpt_pratama", "administrator", "pengawas"])
    assert 0.08 < structural.sum() / 5000 < 0.2


@pytest.mark.heavy
def test_full_size_city(tmp_path, record_property):
    """5,000 employees: loads clean; the time is recorded (aim ≤ 60 s on 2 cores)."""
    from features.loader import load_export

    t0 = time.perf_counter()
    summary = generate_city(tmp_path / "full", seed=42, n_employees=5000)
    seconds = time.perf_counter() - t0
    record_property("generate_seconds", round(seconds, 1))
    _, report = load_export(summary.export_dir)
    assert report.clean, report.to_text(limit=20)
    assert summary.truth_bytes < 60e6
