"""The city one year on from an enacted round: the moves carried out (most of them), a year of
appraisals drawn from the truth, written as a new HR export in the same contract.

Why: the round's life does not end at enactment — a year later the agency asks whether it
worked. A real city answers with its next SIMPEG export; the synthetic city answers with this,
so that the whole loop (plan → decide → enact → next export → ingest → report) runs on the
demo and in tests, against a truth that is known.

    simulate_next_year(city_dir, moves, out_dir, follow_through=0.9, seed=None)
        -> NextYearSummary

`city_dir` is a `jobfit generate --model kota` output (export/ + truth/meta.json). The world is
rebuilt from its seed (generation is deterministic; the rebuilt employees and current posts
are checked against the export on disk, so an edited or foreign folder is refused). `moves`
are the round's enacted moves: `{"employee_id", "to_position_id"}` each.

The year, as simulated:
- the round takes effect on the city's as-of date (TMT of the new assignments): each move is
  carried out with probability `follow_through` (default 0.9 — SK mutasi are sometimes
  withdrawn, delayed or refused; the rest stay where they were). Moves are independent: a
  move into a seat whose holder's own move fell through still happens (the post is
  overstaffed for a while, as happens);
- the appraisal (SKP) of the as-of year for everyone in post: as the history draws it — the
  truth of the post held in each half of the year (first half: the old post; second half:
  the post after the round), the unit's leniency, the predicate-era kindness and the rating
  noise of the city's history config — written in the regime of its year;
- nothing else happens: no hires, retirements, promotions or trainings (a year in which only
  the round changes the city, so that what changed is what the round did).

The new export is dated one year after the old one; its truth folder holds meta.json (the old
meta plus this year's record), next_year_moves.csv (each move, carried out or not, with its
true outcome before and after) and appraisal_truth.csv (the new year's rows). There is no
fit.parquet for the new year.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from features import vocab
from synthetic.kota import appraisal
from synthetic.kota.city import EXPORT_COLUMNS, streams
from synthetic.kota.history import Config, History, simulate
from synthetic.kota.people import EPOCH, Employees, draw_employees, to_days
from synthetic.kota.positions import Positions, build_positions
from synthetic.kota.truth import Truth, managerial_level, skill_matrix

DEFAULT_FOLLOW_THROUGH = 0.9
NEXT_YEAR_STREAM = 7        # the simulation's own random stream, apart from the city's six


@dataclass
class NextYearSummary:
    """What `jobfit simulate-year` prints."""

    out_dir: Path
    as_of: date                 # the new export's date
    moves: int
    carried_out: int
    appraisals: int
    follow_through: float

    def to_text(self) -> str:
        rate = self.carried_out / self.moves if self.moves else float("nan")
        return (f"City one year on (as of {self.as_of.isoformat()}): {self.carried_out} of "
                f"{self.moves} moves carried out ({rate:.0%}; follow-through probability "
                f"{self.follow_through:.2f}), {self.appraisals:,} appraisals of "
                f"{self.as_of.year - 1}\n  export: {self.out_dir / 'export'}\n  truth:  "
                f"{self.out_dir / 'truth'}")

    def __str__(self) -> str:
        return self.to_text()


def simulate_next_year(city_dir: Path, moves: list[dict], out_dir: Path, *,
                       follow_through: float = DEFAULT_FOLLOW_THROUGH,
                       seed: int | None = None) -> NextYearSummary:
    """Write `out_dir/export` (the city one year on) and `out_dir/truth`. ValueError naming
    the file, entry or parameter for bad input."""
    city_dir, out_dir = Path(city_dir), Path(out_dir)
    if isinstance(follow_through, bool) or not isinstance(follow_through, (int, float)) \
            or not 0.0 <= follow_through <= 1.0:
        raise ValueError(f"follow_through must be a number from 0 to 1, got {follow_through!r}")
    if out_dir.resolve() == city_dir.resolve():
        raise ValueError("out_dir must not be the city folder itself")
    meta = _read_meta(city_dir)
    as_of = date.fromisoformat(meta["as_of"])
    emp, pos, hist = _rebuild(city_dir, meta)
    e_rows, p_rows = _check_moves(moves, emp, pos)
    rng = np.random.default_rng([int(meta["seed"]) if seed is None else int(seed),
                                 NEXT_YEAR_STREAM])
    done = rng.random(len(e_rows)) < follow_through
    new_pos = hist.cur_pos.copy()
    new_pos[e_rows[done]] = p_rows[done]
    cfg = Config(**meta.get("history_config", {}))
    year = as_of.year
    t_old, t_new, app = _year_of_appraisals(rng, emp, pos, hist, new_pos, cfg, as_of)
    new_as_of = _one_year_on(as_of)

    export_out = out_dir / "export"
    export_out.mkdir(parents=True, exist_ok=True)
    src = city_dir / "export"
    for name in EXPORT_COLUMNS:
        if name not in ("assignments.csv", "performance.csv") and (src / name).is_file():
            shutil.copyfile(src / name, export_out / name)
    ids = emp.employee_id.astype(str)
    pos_ids = pos.table["position_id"].to_numpy().astype(str)
    _write(_assignments(src, ids, pos_ids, hist, pos, e_rows[done], p_rows[done], as_of),
           export_out / "assignments.csv")
    _write(_performance(src, ids, app, rng, year), export_out / "performance.csv")

    truth_out = out_dir / "truth"
    truth_out.mkdir(parents=True, exist_ok=True)
    moved = pd.DataFrame({
        "employee_id": ids[e_rows], "from_position_id": pos_ids[hist.cur_pos[e_rows]],
        "to_position_id": pos_ids[p_rows], "carried_out": done,
        "true_outcome_before": np.round(t_old[e_rows], 4),
        "true_outcome_planned": np.round(_pair_truth(emp, pos, hist, e_rows, p_rows), 4)})
    _write(moved, truth_out / "next_year_moves.csv")
    _write(pd.DataFrame({"employee_id": ids[app["e"]], "year": year,
                         "true_outcome": np.round(app["truth"], 4),
                         "unit_id": pos.units["unit_id"].to_numpy()[app["unit"]]})
           .sort_values("employee_id", kind="stable"), truth_out / "appraisal_truth.csv")
    meta_out = {**meta, "as_of": new_as_of.isoformat(), "next_year": {
        "from": str(city_dir), "from_as_of": as_of.isoformat(), "round_date": as_of.isoformat(),
        "follow_through": follow_through, "moves": int(len(e_rows)),
        "carried_out": int(done.sum()), "appraisal_year": year,
        "what_happens": "the round's moves (each with probability follow_through) and the "
                        "year's appraisals; no hires, retirements, promotions or trainings"}}
    (truth_out / "meta.json").write_text(json.dumps(meta_out, ensure_ascii=False, indent=2)
                                         + "\n", encoding="utf-8")
    return NextYearSummary(out_dir, new_as_of, int(len(e_rows)), int(done.sum()),
                           int(len(app["e"])), float(follow_through))


# --- the world, rebuilt ---------------------------------------------------------------------

def _read_meta(city_dir: Path) -> dict:
    path = city_dir / "truth" / "meta.json"
    if not path.is_file():
        raise ValueError(f"{path}: not found — --from must be a folder written by "
                         "`jobfit generate --model kota` (export/ and truth/)")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not readable JSON ({exc})") from exc
    if not str(meta.get("generator", "")).startswith("synthetic.kota"):
        raise ValueError(f"{path}: generator {meta.get('generator')!r}: only the kota "
                         "generator's cities can be simulated a year on")
    if "next_year" in meta:
        raise ValueError(f"{path}: this folder is already a simulated next year; simulate "
                         "from the generated city")
    for key in ("seed", "as_of", "n_employees"):
        if key not in meta:
            raise ValueError(f"{path}: field {key!r} is missing")
    return meta


def _rebuild(city_dir: Path, meta: dict) -> tuple[Employees, Positions, History]:
    """The city's people, posts and history, regenerated from its seed exactly as
    `generate_city` made them, and checked against the export on disk."""
    as_of = date.fromisoformat(meta["as_of"])
    n = int(meta["n_employees"])
    rng_pos, rng_people, rng_hist, *_ = streams(int(meta["seed"]))
    pos = build_positions(rng_pos, n)
    emp = draw_employees(rng_people, n, pos, as_of)
    hist = simulate(rng_hist, emp, pos, as_of, Config(**meta.get("history_config", {})))
    path = city_dir / "export" / "assignments.csv"
    try:
        a = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not readable ({exc})") from exc
    cur = a[a["end_date"] == ""].set_index("employee_id")["position_id"]
    mine = pd.Series(pos.table["position_id"].to_numpy()[hist.cur_pos],
                     index=emp.employee_id.astype(str))
    if len(cur) != len(mine) or not cur.reindex(mine.index).eq(mine).all():
        raise ValueError(f"{path}: the current posts differ from the city that "
                         f"{city_dir / 'truth' / 'meta.json'} describes (an edited export, or "
                         "one from another generator version)")
    return emp, pos, hist


def _check_moves(moves: list[dict], emp: Employees, pos: Positions
                 ) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(moves, list):
        raise ValueError("moves: must be a list of {employee_id, to_position_id}")
    e_of = {str(x): i for i, x in enumerate(emp.employee_id)}
    p_of = {str(x): i for i, x in enumerate(pos.table["position_id"])}
    e_rows, p_rows, seen = [], [], set()
    for i, m in enumerate(moves):
        if not isinstance(m, dict):
            raise ValueError(f"moves[{i}]: must be an object with employee_id and "
                             "to_position_id")
        for field, known in (("employee_id", e_of), ("to_position_id", p_of)):
            if not isinstance(m.get(field), str):
                raise ValueError(f"moves[{i}].{field}: missing or not a string")
            if m[field] not in known:
                raise ValueError(f"moves[{i}].{field}: {m[field]!r} is not in this city")
        e = e_of[m["employee_id"]]
        if e in seen:
            raise ValueError(f"moves[{i}].employee_id: the employee moves twice")
        seen.add(e)
        e_rows.append(e)
        p_rows.append(p_of[m["to_position_id"]])
    return np.array(e_rows, dtype=np.int64), np.array(p_rows, dtype=np.int64)


# --- the year -------------------------------------------------------------------------------

def _pair_truth(emp: Employees, pos: Positions, hist: History, e: np.ndarray,
                p: np.ndarray) -> np.ndarray:
    """True outcome of employees `e` in posts `p` (a move to another unit counts as one)."""
    st = hist.state
    moved = pos.unit_index[p] != pos.unit_index[hist.cur_pos[e]]
    z = Truth(emp, pos).latent(e, p, skill_matrix(emp, st), managerial_level(emp, st),
                               st.terr_years, moved)
    return Truth.outcome(z)


def _year_of_appraisals(rng, emp, pos, hist, new_pos, cfg: Config, as_of: date):
    """(truth in the old post per employee, truth in the new one, the appraisals of the
    as-of year)."""
    year = as_of.year
    e = np.flatnonzero(hist.cur_pos >= 0)
    t_old = np.full(emp.n, np.nan)
    t_new = np.full(emp.n, np.nan)
    t_old[e] = _pair_truth(emp, pos, hist, e, hist.cur_pos[e])
    t_new[e] = _pair_truth(emp, pos, hist, e, new_pos[e])
    # the part of the year before the round in the old post, the rest in the new one
    start, end = to_days(date(year, 1, 1)), to_days(date(year + 1, 1, 1))
    f_new = (end - min(max(to_days(as_of), start), end)) / (end - start)
    truth = (1 - f_new) * t_old[e] + f_new * t_new[e]
    unit = pos.unit_index[new_pos[e]]
    value = (1 + truth + hist.leniency[unit]
             + (cfg.predicate_inflation if year >= vocab.PERMENPAN6_FIRST_YEAR else 0)
             + rng.normal(0, cfg.rating_noise, len(e)))
    return t_old, t_new, {"e": e, "truth": truth, "unit": unit, "value": value}


def _one_year_on(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:                               # 29 February
        return d + timedelta(days=365)


def _kind(pos: Positions, old: int, new: int) -> str:
    if pos.level[new] > pos.level[old]:
        return "promosi"
    if pos.level[new] < pos.level[old]:
        return "demosi"
    return "rotasi" if pos.unit_index[new] == pos.unit_index[old] else "mutasi"


def _assignments(src: Path, ids, pos_ids, hist: History, pos: Positions, e: np.ndarray,
                 p: np.ndarray, as_of: date) -> pd.DataFrame:
    a = pd.read_csv(src / "assignments.csv", dtype=str, keep_default_na=False)
    day = as_of.isoformat()
    before = str(EPOCH + to_days(as_of) - 1)
    movers = set(ids[e])
    ends = (a["end_date"] == "") & a["employee_id"].isin(movers)
    a.loc[ends, "end_date"] = before
    new = pd.DataFrame({"employee_id": ids[e], "position_id": pos_ids[p], "start_date": day,
                        "end_date": "", "kind": [_kind(pos, int(hist.cur_pos[x]), int(y))
                                                 for x, y in zip(e, p)]})
    out = pd.concat([a, new], ignore_index=True)
    return out.sort_values(["employee_id", "start_date"], kind="stable")


def _performance(src: Path, ids, app: dict, rng, year: int) -> pd.DataFrame:
    perf = pd.read_csv(src / "performance.csv", dtype=str, keep_default_na=False)
    years = np.full(len(app["e"]), year)
    rating, score = appraisal.regime_columns(rng, years, app["value"])
    new = pd.DataFrame({"employee_id": ids[app["e"]], "year": str(year), "rating": rating,
                        "score": score})
    out = pd.concat([perf, new], ignore_index=True)
    out["_y"] = out["year"].astype(int)
    return out.sort_values(["employee_id", "_y"], kind="stable").drop(columns="_y")


def _write(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
