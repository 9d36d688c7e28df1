"""The city a year on from an enacted round: the moves carried out (most of them), a full year
of appraisals in the new posts drawn from the truth, written as a new HR export in the same
contract.

Why: the round's life does not end at enactment — a year later the agency asks whether it
worked. A real city answers with its next SIMPEG export; the synthetic city answers with this,
so that the whole loop (plan → decide → enact → next export → ingest → report) runs on the
demo and in tests, against a truth that is known.

    simulate_next_year(city_dir, moves, out_dir, follow_through=0.9, seed=None,
                       round_date=None) -> NextYearSummary

`city_dir` is a `jobfit generate --model kota` output (export/ + truth/meta.json). The world is
rebuilt from its seed (generation is deterministic; the rebuilt employees and current posts
are checked against the export on disk, so an edited or foreign folder is refused). `moves`
are the round's enacted moves: `{"employee_id", "to_position_id"}` each.

What is simulated:
- the round takes effect on its date (`round_date`, not before the city's as-of date; TMT of
  the new assignments): each move is carried out with probability `follow_through` (default
  0.9 — SK mutasi are sometimes withdrawn, delayed or refused; the others stay put). Moves are
  independent: a move into a seat whose holder's own move fell through still happens (the
  post is overstaffed for a while, as happens);
- the appraisals (SKP) of every calendar year from the city's as-of year to the first full
  year after the round, for everyone in post, drawn as the history draws them: the truth of
  the post held, weighted by the part of the year spent in it (the old post before the
  round's date, the new one after), the unit's leniency, the predicate-era kindness and the
  rating noise of the city's history config, written in the regime of the year. So the
  export holds one whole year in the new post — the outcome the report reads;
- nothing else happens: no hires, retirements, promotions or trainings (a year in which only
  the round changes the city, so that what changed is what the round did).

The new export is dated 1 January after that full year (a round of 30 November 2026: the
appraisals of 2026 — eleven months in the old post — and 2027, an export as of 1 January
2028). Its truth folder holds meta.json (the old meta plus this year's record),
next_year_moves.csv (each move, carried out or not, with its true outcome in the old and the
planned post) and appraisal_truth.csv (the new years' rows). There is no fit.parquet for it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
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
    round_date: date
    years: list[int]

    def to_text(self) -> str:
        rate = self.carried_out / self.moves if self.moves else float("nan")
        return (f"City a year on (round of {self.round_date.isoformat()}, export as of "
                f"{self.as_of.isoformat()}): {self.carried_out} of {self.moves} moves carried "
                f"out ({rate:.0%}; follow-through probability {self.follow_through:.2f}), "
                f"{self.appraisals:,} appraisals of {', '.join(map(str, self.years))}\n"
                f"  export: {self.out_dir / 'export'}\n  truth:  {self.out_dir / 'truth'}")

    def __str__(self) -> str:
        return self.to_text()


def simulate_next_year(city_dir: Path, moves: list[dict], out_dir: Path, *,
                       follow_through: float = DEFAULT_FOLLOW_THROUGH,
                       seed: int | None = None,
                       round_date: date | None = None) -> NextYearSummary:
    """Write `out_dir/export` (the city a year on) and `out_dir/truth`. ValueError naming
    the file, entry or parameter for bad input."""
    city_dir, out_dir = Path(city_dir), Path(out_dir)
    if isinstance(follow_through, bool) or not isinstance(follow_through, (int, float)) \
            or not 0.0 <= follow_through <= 1.0:
        raise ValueError(f"follow_through must be a number from 0 to 1, got {follow_through!r}")
    if out_dir.resolve() == city_dir.resolve():
        raise ValueError("out_dir must not be the city folder itself")
    meta = _read_meta(city_dir)
    as_of = date.fromisoformat(meta["as_of"])
    if round_date is not None and not isinstance(round_date, date):
        raise ValueError(f"round_date must be a date, got {round_date!r}")
    tmt = max(round_date or as_of, as_of)
    if tmt.year > as_of.year + 5:
        raise ValueError(f"round_date {tmt} is more than 5 years after the city's date {as_of}")
    emp, pos, hist = _rebuild(city_dir, meta)
    e_rows, p_rows = _check_moves(moves, emp, pos)
    rng = np.random.default_rng([int(meta["seed"]) if seed is None else int(seed),
                                 NEXT_YEAR_STREAM])
    done = rng.random(len(e_rows)) < follow_through
    new_pos = hist.cur_pos.copy()
    new_pos[e_rows[done]] = p_rows[done]
    cfg = Config(**meta.get("history_config", {}))
    years = list(range(as_of.year, tmt.year + 2))
    t_old, app = _appraisals(rng, emp, pos, hist, new_pos, cfg, tmt, years)
    new_as_of = date(years[-1] + 1, 1, 1)

    export_out = out_dir / "export"
    export_out.mkdir(parents=True, exist_ok=True)
    src = city_dir / "export"
    for name in EXPORT_COLUMNS:
        if name not in ("assignments.csv", "performance.csv") and (src / name).is_file():
            shutil.copyfile(src / name, export_out / name)
    ids = emp.employee_id.astype(str)
    pos_ids = pos.table["position_id"].to_numpy().astype(str)
    _write(_assignments(src, ids, pos_ids, hist, pos, e_rows[done], p_rows[done], tmt),
           export_out / "assignments.csv")
    _write(_performance(src, ids, app, rng), export_out / "performance.csv")

    truth_out = out_dir / "truth"
    truth_out.mkdir(parents=True, exist_ok=True)
    moved = pd.DataFrame({
        "employee_id": ids[e_rows], "from_position_id": pos_ids[hist.cur_pos[e_rows]],
        "to_position_id": pos_ids[p_rows], "carried_out": done,
        "true_outcome_before": np.round(t_old[e_rows], 4),
        "true_outcome_planned": np.round(_pair_truth(emp, pos, hist, e_rows, p_rows), 4)})
    _write(moved, truth_out / "next_year_moves.csv")
    _write(pd.DataFrame({"employee_id": ids[app["e"]], "year": app["year"],
                         "true_outcome": np.round(app["truth"], 4),
                         "unit_id": pos.units["unit_id"].to_numpy()[app["unit"]]})
           .sort_values(["employee_id", "year"], kind="stable"),
           truth_out / "appraisal_truth.csv")
    meta_out = {**meta, "as_of": new_as_of.isoformat(), "next_year": {
        "from": str(city_dir), "from_as_of": as_of.isoformat(), "round_date": tmt.isoformat(),
        "follow_through": follow_through, "moves": int(len(e_rows)),
        "carried_out": int(done.sum()), "appraisal_years": years,
        "what_happens": "the round's moves (each with probability follow_through) and the "
                        "years' appraisals; no hires, retirements, promotions or trainings"}}
    (truth_out / "meta.json").write_text(json.dumps(meta_out, ensure_ascii=False, indent=2)
                                         + "\n", encoding="utf-8")
    return NextYearSummary(out_dir, new_as_of, int(len(e_rows)), int(done.sum()),
                           int(len(app["e"])), float(follow_through), tmt, years)


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


def _appraisals(rng, emp, pos, hist, new_pos, cfg: Config, tmt: date, years: list[int]):
    """(truth in the old post per employee, the appraisal rows of `years`): each year's
    truth weighted by the part of it spent in the old post (before `tmt`) and the new one."""
    e = np.flatnonzero(hist.cur_pos >= 0)
    t_old = np.full(emp.n, np.nan)
    t_old[e] = _pair_truth(emp, pos, hist, e, hist.cur_pos[e])
    t_new = _pair_truth(emp, pos, hist, e, new_pos[e])
    unit = pos.unit_index[new_pos[e]]
    cols: dict[str, list] = {"e": [], "year": [], "truth": [], "unit": [], "value": []}
    for year in years:
        start, end = to_days(date(year, 1, 1)), to_days(date(year + 1, 1, 1))
        f_new = (end - min(max(to_days(tmt), start), end)) / (end - start)
        truth = (1 - f_new) * t_old[e] + f_new * t_new
        value = (1 + truth + hist.leniency[unit]
                 + (cfg.predicate_inflation if year >= vocab.PERMENPAN6_FIRST_YEAR else 0)
                 + rng.normal(0, cfg.rating_noise, len(e)))
        for k, v in (("e", e), ("year", np.full(len(e), year)), ("truth", truth),
                     ("unit", unit), ("value", value)):
            cols[k].append(v)
    return t_old, {k: np.concatenate(v) for k, v in cols.items()}


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


def _performance(src: Path, ids, app: dict, rng) -> pd.DataFrame:
    perf = pd.read_csv(src / "performance.csv", dtype=str, keep_default_na=False)
    rating, score = appraisal.regime_columns(rng, app["year"], app["value"])
    new = pd.DataFrame({"employee_id": ids[app["e"]], "year": app["year"].astype(str),
                        "rating": rating, "score": score})
    out = pd.concat([perf, new], ignore_index=True)
    out["_y"] = out["year"].astype(int)
    return out.sort_values(["employee_id", "_y"], kind="stable").drop(columns="_y")


def _write(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
