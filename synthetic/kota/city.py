"""`generate_city`: the synthetic Kota Binjai, written as an HR export plus its truth.

    out_dir/export/*.csv     the contract format (../shared/contract/hr-export.md)
    out_dir/truth/           fit.parquet, meta.json, employees_latent.csv, and helpers for
                             analysis (never inside export/)

Same seed, same bytes. See docs/synthetic-city.md for the generative model.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from features import vocab
from synthetic.kota import appraisal, truth as truth_mod
from synthetic.kota.history import Config, History, half_year_bounds, simulate
from synthetic.kota.people import EPOCH, Employees, draw_employees, to_days
from synthetic.kota.positions import FIELDS, Positions, build_positions
from synthetic.kota.truth import Truth, managerial_level, skill_matrix

EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "units.csv": ("unit_id", "unit_name", "unit_type", "parent_unit_id"),
    "positions.csv": ("position_id", "title", "unit_id", "job_type", "functional_level",
                      "job_class", "min_education", "fields_of_study", "min_rank", "max_age",
                      "competency_standard", "required_trainings", "slots"),
    "employees.csv": ("employee_id", "name", "gender", "birth_date", "status", "rank",
                      "rank_date", "hire_date", "open_to_move", "preferred_unit_ids",
                      "sanction_until"),
    "education.csv": ("employee_id", "level", "field_of_study", "institution",
                      "graduation_year"),
    "trainings.csv": ("employee_id", "name", "kind", "hours", "end_date"),
    "performance.csv": ("employee_id", "year", "rating", "score"),
    "assignments.csv": ("employee_id", "position_id", "start_date", "end_date", "kind"),
    "assessments.csv": ("employee_id", "competency", "level", "assessed_date"),
}
MIN_EMPLOYEES = 20
MAX_EMPLOYEES = 200_000
VARIANCE_SAMPLE = 3000   # employees whose pairs the variance decomposition uses


@dataclass
class CitySummary:
    """What `jobfit generate` prints."""

    out_dir: Path
    seed: int
    as_of: date
    n_employees: int
    rows: dict[str, int]                 # data rows per export file
    truth_rows: int                      # pairs in truth/fit.parquet
    truth_bytes: int                     # size of truth/fit.parquet
    seconds: float
    variance: dict[str, float] = field(default_factory=dict)

    @property
    def export_dir(self) -> Path:
        return self.out_dir / "export"

    @property
    def truth_dir(self) -> Path:
        return self.out_dir / "truth"

    def to_text(self) -> str:
        lines = [f"Synthetic city (Kota Binjai model), seed {self.seed}, as of "
                 f"{self.as_of.isoformat()}: {self.n_employees} employees in "
                 f"{self.seconds:.1f} s",
                 f"  export: {self.export_dir}"]
        lines += [f"    {name:<17} {n:>8,} rows" for name, n in self.rows.items()]
        lines.append(f"  truth:  {self.truth_dir} ({self.truth_rows:,} employee×position "
                     f"pairs, {self.truth_bytes / 1e6:.1f} MB)")
        if self.variance:
            v = self.variance
            lines.append(f"    variance of the truth: employee {v['employee_share']:.0%}, "
                         f"position {v['position_share']:.0%}, fit (interaction) "
                         f"{v['interaction_share']:.0%}; ability alone R² "
                         f"{v['ability_r2']:.2f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def __rich__(self) -> str:
        return self.to_text()


def _check_args(out_dir, seed, n_employees, as_of) -> Path:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if isinstance(n_employees, bool) or not isinstance(n_employees, (int, np.integer)):
        raise ValueError(f"n_employees must be an integer, got {n_employees!r}")
    if not MIN_EMPLOYEES <= n_employees <= MAX_EMPLOYEES:
        raise ValueError(f"n_employees must be between {MIN_EMPLOYEES} and {MAX_EMPLOYEES}, "
                         f"got {n_employees}")
    if not isinstance(as_of, date) or not date(2000, 1, 1) <= as_of <= date(2100, 1, 1):
        raise ValueError(f"as_of must be a date between 2000 and 2100, got {as_of!r}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"out_dir {out} exists and is not a folder")
    return out


class _Progress:
    """A rich progress bar when asked for, else nothing."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled
        self.total = total
        self._bar = None
        self._task = None

    @contextmanager
    def running(self):
        if not self.enabled:
            yield self
            return
        from rich.progress import (BarColumn, Progress, TextColumn, TimeElapsedColumn)
        with Progress(TextColumn("{task.description:<28}"), BarColumn(), TimeElapsedColumn(),
                      transient=False) as bar:
            self._bar = bar
            self._task = bar.add_task("synthetic city", total=self.total)
            yield self

    def step(self, description: str | None = None, advance: float = 1) -> None:
        if self._bar is not None:
            kw = {"description": description} if description else {}
            self._bar.update(self._task, advance=advance, **kw)


def _iso(days: np.ndarray, empty: np.ndarray | None = None) -> np.ndarray:
    """Days since 1970 → ISO text; rows where `empty` is true → empty text."""
    days = np.asarray(days, dtype=np.int64)
    out = np.datetime_as_string(EPOCH + days, unit="D").astype(object)
    if empty is not None:
        out[empty] = ""
    return out


def streams(seed: int) -> tuple[np.random.Generator, ...]:
    """The six random streams of a city (peta jabatan, people, history, appraisals,
    assessments, truth): the next-year simulation rebuilds the same world from them."""
    return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(6))


def generate_city(out_dir: Path, seed: int = 42, n_employees: int = 5000,
                  as_of: date = date(2026, 7, 1), progress: bool = False,
                  config: Config | None = None) -> CitySummary:
    """Generate the synthetic city into out_dir/export (HR export) and out_dir/truth.

    Raises ValueError naming the parameter for bad arguments.
    """
    out = _check_args(out_dir, seed, n_employees, as_of)
    config = config or Config()
    t0 = time.perf_counter()
    rng_pos, rng_people, rng_hist, rng_app, rng_assess, rng_truth = streams(seed)
    steps = len(half_year_bounds(as_of)) - 1 + 5   # half-years of history + 5 phases
    bar = _Progress(progress, steps)
    with bar.running():
        bar.step("peta jabatan", 0)
        pos = build_positions(rng_pos, int(n_employees))
        bar.step("people")
        emp = draw_employees(rng_people, int(n_employees), pos, as_of)
        bar.step("ten years of careers")
        hist = simulate(rng_hist, emp, pos, as_of, config, progress=lambda: bar.step())
        bar.step("export files")
        frames = _export_frames(rng_app, rng_assess, emp, pos, hist, as_of)
        export_dir = out / "export"
        export_dir.mkdir(parents=True, exist_ok=True)
        for name, df in frames.items():
            _write_csv(df, export_dir / name)
        bar.step("truth")
        truth_dir = out / "truth"
        truth_dir.mkdir(parents=True, exist_ok=True)
        n_pairs, variance = _write_truth(truth_dir, emp, pos, hist, seed, as_of, config,
                                         frames)
        bar.step("done")
    seconds = time.perf_counter() - t0
    summary = CitySummary(out_dir=out, seed=int(seed), as_of=as_of,
                          n_employees=int(n_employees),
                          rows={name: len(df) for name, df in frames.items()},
                          truth_rows=n_pairs,
                          truth_bytes=(out / "truth" / "fit.parquet").stat().st_size,
                          seconds=seconds, variance=variance)
    return summary


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


# --- the export -------------------------------------------------------------------------------

def _export_frames(rng_app, rng_assess, emp: Employees, pos: Positions, hist: History,
                   as_of: date) -> dict[str, pd.DataFrame]:
    ids = emp.employee_id
    unit_ids = pos.units["unit_id"].to_numpy()
    pos_ids = pos.table["position_id"].to_numpy()
    asof = to_days(as_of)
    order = np.argsort(ids, kind="stable")
    rank_text = np.array([""] + list(vocab.RANKS), dtype=object)[hist.rank]
    employees = pd.DataFrame({
        "employee_id": ids, "name": emp.name, "gender": np.where(emp.female, "P", "L"),
        "birth_date": _iso(emp.birth), "status": emp.status, "rank": rank_text,
        "rank_date": _iso(hist.rank_date, hist.rank == 0),
        "hire_date": _iso(emp.hire), "open_to_move": emp.open_to_move,
        "preferred_unit_ids": [";".join(unit_ids[list(u)]) for u in emp.preferred],
        "sanction_until": _iso(emp.sanction_until, emp.sanction_until <= asof),
    }).iloc[order]

    edu = emp.education_rows.drop(columns="_canonical").copy()
    edu["graduation_year"] = edu["graduation_year"].astype(str)
    edu = edu.sort_values("employee_id", kind="stable")

    tr = hist.trainings
    trainings = pd.DataFrame({"employee_id": ids[tr["e"].to_numpy()], "name": tr["name"],
                              "kind": tr["kind"], "hours": tr["hours"].astype(int),
                              "end_date": _iso(tr["end"].to_numpy())})
    trainings = trainings.sort_values(["employee_id", "end_date"], kind="stable")

    ap = hist.appraisals
    rating, score = appraisal.regime_columns(rng_app, ap["year"].to_numpy(),
                                             ap["value"].to_numpy())
    performance = pd.DataFrame({"employee_id": ids[ap["e"].to_numpy()], "year": ap["year"],
                                "rating": rating, "score": score})
    performance = performance.sort_values(["employee_id", "year"], kind="stable")

    a = hist.assignments
    assignments = pd.DataFrame({"employee_id": ids[a["e"].to_numpy()],
                                "position_id": pos_ids[a["p"].to_numpy()],
                                "start_date": _iso(a["start"].to_numpy()),
                                "end_date": _iso(a["end"].to_numpy(), a["end"].to_numpy() < 0),
                                "kind": a["kind"]})
    assignments = assignments.sort_values(["employee_id", "start_date"], kind="stable")

    # Assessed: every official, and some would-be officials and senior specialists.
    cur = hist.cur_pos
    official = pos.level[cur] >= 1
    senior = (hist.rank >= vocab.RANK_ORDINAL["III/b"]) & ~official & (emp.status == "PNS")
    who = np.flatnonzero(official | (senior & (rng_assess.random(emp.n) < 0.15)))
    skill = skill_matrix(emp, hist.state)
    prof = pos.profile[cur]
    vals = np.where(prof >= 0, skill[np.arange(emp.n)[:, None], np.maximum(prof, 0)], 0.0)
    assess = appraisal.assessments(rng_assess, who, managerial_level(emp, hist.state),
                                   vals.max(axis=1), ids, asof)
    assess = assess.sort_values(["employee_id", "competency"], kind="stable")

    frames = {
        "units.csv": pos.units, "positions.csv": pos.table, "employees.csv": employees,
        "education.csv": edu, "trainings.csv": trainings, "performance.csv": performance,
        "assignments.csv": assignments, "assessments.csv": assess,
    }
    return {name: df.loc[:, list(EXPORT_COLUMNS[name])].reset_index(drop=True)
            for name, df in frames.items()}


# --- the truth --------------------------------------------------------------------------------

def fit_pairs(emp: Employees, pos: Positions, hist: History, chunk: int = 400):
    """Yield (employee rows, position rows, true outcome, is_current) for every PNS/PPPK
    employee and every position the date-free hard rules allow, plus the current one."""
    tr = Truth(emp, pos)
    skill = skill_matrix(emp, hist.state)
    mlevel = managerial_level(emp, hist.state)
    who = np.flatnonzero(np.isin(emp.status, ["PNS", "PPPK"]))
    not_struct = pos.category != "struct"
    for lo in range(0, len(who), chunk):
        e_rows = who[lo:lo + chunk]
        ok = emp.edu_ord[e_rows, None] >= pos.min_edu[None, :]
        r = hist.rank[e_rows, None]
        ok &= (r == 0) | (pos.min_rank[None, :] <= r)
        ok &= (emp.status[e_rows, None] != "PPPK") | not_struct[None, :]
        cur = hist.cur_pos[e_rows]
        ok[np.arange(len(e_rows)), cur] = True
        ei, pi = np.nonzero(ok)
        e = e_rows[ei]
        moved = pos.unit_index[pi] != pos.unit_index[cur[ei]]
        z = tr.latent(e, pi, skill, mlevel, hist.state.terr_years, moved)
        yield e, pi, Truth.outcome(z).astype(np.float32), pi == cur[ei]


def _variance(e: np.ndarray, p: np.ndarray, y: np.ndarray, ability: np.ndarray,
              n_e: int, n_p: int) -> dict[str, float]:
    """Two-way additive decomposition (backfitting) of the truth over its pairs:
    employee main effect, position main effect, and the rest — fit (interaction). The
    shares need not add to 1 (the pairs are unbalanced, so the effects correlate)."""
    y = y.astype(np.float64)
    mu = y.mean()
    a = np.zeros(n_e)
    b = np.zeros(n_p)
    ce = np.maximum(np.bincount(e, minlength=n_e), 1)
    cp = np.maximum(np.bincount(p, minlength=n_p), 1)
    for _ in range(8):
        a = np.bincount(e, y - mu - b[p], minlength=n_e) / ce
        b = np.bincount(p, y - mu - a[e], minlength=n_p) / cp
    resid = y - mu - a[e] - b[p]
    total = y.var()
    r = np.corrcoef(ability[e], y)[0, 1]
    return {"total_variance": float(total),
            "employee_share": float(a[e].var() / total),
            "position_share": float(b[p].var() / total),
            "interaction_share": float(resid.var() / total),
            "ability_r2": float(r * r)}


def _write_truth(truth_dir: Path, emp: Employees, pos: Positions, hist: History, seed: int,
                 as_of: date, config: Config, frames: dict[str, pd.DataFrame]
                 ) -> tuple[int, dict[str, float]]:
    # Streamed in row groups so that a big city never holds all pairs at once.
    emp_dict = pa.array(emp.employee_id.astype(str))
    pos_dict = pa.array(pos.table["position_id"].astype(str))
    schema = pa.schema([("employee_id", pa.dictionary(pa.int32(), pa.string())),
                        ("position_id", pa.dictionary(pa.int32(), pa.string())),
                        ("true_outcome", pa.float32()), ("is_current", pa.bool_())])
    sample = np.zeros(emp.n, dtype=bool)
    sample[np.random.default_rng(int(seed)).permutation(emp.n)[:VARIANCE_SAMPLE]] = True
    kept: list[tuple[np.ndarray, ...]] = []
    n_rows = 0
    with pq.ParquetWriter(truth_dir / "fit.parquet", schema, compression="zstd") as writer:
        for e, p, y, cur in fit_pairs(emp, pos, hist):
            writer.write_table(pa.table({
                "employee_id": pa.DictionaryArray.from_arrays(pa.array(e.astype(np.int32)),
                                                              emp_dict),
                "position_id": pa.DictionaryArray.from_arrays(pa.array(p.astype(np.int32)),
                                                              pos_dict),
                "true_outcome": pa.array(y, type=pa.float32()),
                "is_current": pa.array(cur)}, schema=schema))
            n_rows += len(y)
            keep = sample[e]
            kept.append((e[keep], p[keep], y[keep]))
    variance = _variance(np.concatenate([k[0] for k in kept]),
                         np.concatenate([k[1] for k in kept]),
                         np.concatenate([k[2] for k in kept]), emp.ability, emp.n, len(pos))

    state = hist.state
    latent = pd.DataFrame({
        "employee_id": emp.employee_id, "ability": np.round(emp.ability, 4),
        "managerial_aptitude": np.round(emp.m_aptitude, 4),
        "managerial_level": np.round(managerial_level(emp, state), 3),
        "field": [FIELDS[f] if f >= 0 else "" for f in emp.field],
        "field2": [FIELDS[f] if f >= 0 else "" for f in emp.field2],
        "leadership_level": state.lead_level, "structural_years": np.round(
            state.struct_years, 2), "territorial_years": np.round(state.terr_years, 2),
        "formasi_position_id": pos.table["position_id"].to_numpy()[emp.formasi],
        "current_position_id": pos.table["position_id"].to_numpy()[hist.cur_pos],
        "ever_structural": hist.ever_structural,
        "current_true_outcome": np.round(_current_truth(emp, pos, hist), 4),
    }).sort_values("employee_id", kind="stable")
    _write_csv(latent, truth_dir / "employees_latent.csv")
    _write_csv(pd.DataFrame({"unit_id": pos.units["unit_id"],
                             "leniency": np.round(hist.leniency, 4)}),
               truth_dir / "unit_leniency.csv")
    edu = emp.education_rows
    spell = edu[(edu["_canonical"] != "") & (edu["field_of_study"] != "")]
    spell = (spell.groupby(["field_of_study", "_canonical"], sort=True).size()
             .reset_index().rename(columns={"field_of_study": "raw", "_canonical": "canonical",
                                            0: "count"}))
    _write_csv(spell, truth_dir / "field_spellings.csv")
    tr = hist.trainings
    tf = tr[tr["field"] >= 0].assign(field=lambda d: [FIELDS[f] for f in d["field"]])
    tf = tf.groupby(["name", "field"], sort=True).size().reset_index(name="count")
    _write_csv(tf, truth_dir / "training_fields.csv")
    ap = hist.appraisals
    _write_csv(pd.DataFrame({"employee_id": emp.employee_id[ap["e"].to_numpy()],
                             "year": ap["year"], "true_outcome": np.round(ap["truth"], 4),
                             "unit_id": pos.units["unit_id"].to_numpy()[ap["unit"].to_numpy()]})
               .sort_values(["employee_id", "year"], kind="stable"),
               truth_dir / "appraisal_truth.csv")
    meta = {
        "generator": "synthetic.kota (Kota Binjai model)",
        "seed": int(seed), "as_of": as_of.isoformat(), "n_employees": int(emp.n),
        "scale": "true_outcome on 0–4: 0 Sangat Kurang, 1 Kurang, 2 Butuh Perbaikan, "
                 "3 Baik, 4 Sangat Baik (= rating value on vocab's 1–5 scale minus 1)",
        "fit_pairs": "every PNS/PPPK employee × every position allowed by the date-free hard "
                     "rules (status/PPPK, rank floor, education minimum), plus the current "
                     "position (is_current)",
        "model": (truth_mod.__doc__ or "").strip(),
        "c0": truth_mod.C0,
        "history_config": asdict(config),
        "variance": variance,
        "rows": {name: len(df) for name, df in frames.items()},
        "truth_rows": n_rows,
    }
    (truth_dir / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    return n_rows, variance


def _current_truth(emp: Employees, pos: Positions, hist: History) -> np.ndarray:
    tr = Truth(emp, pos)
    e = np.arange(emp.n)
    z = tr.latent(e, hist.cur_pos, skill_matrix(emp, hist.state),
                  managerial_level(emp, hist.state), hist.state.terr_years,
                  np.zeros(emp.n, dtype=bool))
    return Truth.outcome(z)
