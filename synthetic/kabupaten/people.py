"""New people for posts: the incumbents of the starting year, and every later intake (formasi).

Why: a person is generated *for* a post, as a regency recruits: a CPNS formasi names the
major it wants, while the incumbents of ten years ago were placed by an older, looser
practice (a sizeable share of umum posts hold people of another field). Hidden traits
(ability g, leadership aptitude a, connection, learning appetite, competency deviations,
wishes) are drawn here and never exported; gender, religion and birth date are drawn here too
and read later only for names, NIPs, retirement and the history's biases — never by the truth.
"""

from __future__ import annotations

import numpy as np

from .domains import FIELD_INDEX, N_FIELDS
from .ledger import EDU_CODE, RANK_CODE, YEAR, Ledger
from .majors import MAJOR_INDEX, MAJORS, PREVALENCE, PROFILES, majors_at
from .world import World

ENTRY_RANK = {"SD": RANK_CODE["I/a"], "SMP": RANK_CODE["I/c"], "SMA": RANK_CODE["II/a"], "D1": RANK_CODE["II/a"],
              "D2": RANK_CODE["II/b"], "D3": RANK_CODE["II/c"], "D4": RANK_CODE["III/a"], "S1": RANK_CODE["III/a"],
              "PROFESI": RANK_CODE["III/b"], "S2": RANK_CODE["III/b"], "S3": RANK_CODE["III/c"]}
# regular-promotion ceilings by education (pelaksana), and the rank band of each functional level
EDU_RANK_CAP = {"SD": 4, "SMP": 5, "SMA": 7, "D1": 7, "D2": 8, "D3": 9, "D4": 11, "S1": 11, "PROFESI": 12, "S2": 12,
                "S3": 13}
FUNC_RANK_CAP = [5, 7, 9, 11, 9, 11, 14, 16]     # pemula .. ahli_utama (III/b for ahli pertama, IV/c for madya)
ENTRY_AGE = {"SD": (18, 26), "SMP": (18, 27), "SMA": (19, 28), "D1": (20, 28), "D2": (20, 29), "D3": (21, 30),
             "D4": (22, 31), "S1": (22, 32), "PROFESI": (25, 33), "S2": (26, 35), "S3": (30, 38)}
STUDY_YEARS = {"SMA": 3, "D1": 1, "D2": 2, "D3": 3, "D4": 4, "S1": 4, "PROFESI": 2, "S2": 2, "S3": 3}
_PROFESI_OF = {"kedokteran": "profesi_dokter", "kedokteran_gigi": "profesi_drg", "keperawatan": "ners",
               "d4_perawat": "ners", "farmasi": "apoteker", "kedokteran_hewan": "drh", "kebidanan_s1": "profesi_bidan",
               "d4_bidan": "profesi_bidan"}
_SERIES_S1 = {"dokter": "kedokteran", "dokter_gigi": "kedokteran_gigi", "dokter_spesialis": "kedokteran",
              "apoteker": "farmasi", "medik_veteriner": "kedokteran_hewan"}


def rank_cap(level: str, struct: int, step: int) -> int:
    """Highest rank a person can reach in their current post (band of the post, or education)."""
    if struct >= 3:
        return 15
    if struct == 2:
        return 13
    if step >= 0:
        return max(FUNC_RANK_CAP[step], 12 if struct == 1 else 0)
    if struct == 1:
        return 11
    return EDU_RANK_CAP[level]


def pick_major(level: str, field: int, matched: bool, rng: np.random.Generator) -> int:
    cands = majors_at(level)
    if matched:
        w = PREVALENCE[cands] * PROFILES[cands, field] ** 2 * (PROFILES[cands, field] >= 0.4)
        if w.sum() > 0:
            return int(rng.choice(cands, p=w / w.sum()))
    w = PREVALENCE[cands]
    return int(rng.choice(cands, p=w / w.sum()))


def _choice(rng, options: dict) -> str:
    keys = list(options)
    p = np.array(list(options.values()), dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def education_plan(world: World, p: int, rng: np.random.Generator, initial: bool, hire_year_hint: int):
    """Degrees as [(level, major, kind)], kind 'pre' (before hire), 'main', 'upgrade' (after hire)."""
    pos = world.post_record(p)
    series, job, f, track = pos.series, pos.job_type, int(pos.field), pos.track
    spec = float(pos.spec)
    if initial:
        q = {"guru": 0.9, "kesehatan": 0.95}.get(track, 0.62 if spec >= 0.5 else 0.35)
    else:
        q = {"guru": 0.93, "kesehatan": 0.97}.get(track, 0.88 if spec >= 0.5 else 0.5)
    matched = rng.random() < q
    deg: list[tuple[str, int, str]] = []

    def add(level, major, kind="main"):
        deg.append((level, major if isinstance(major, int) else MAJOR_INDEX[major], kind))

    if series in _SERIES_S1:
        add("S1", _SERIES_S1[series])
        add("PROFESI", _PROFESI_OF[_SERIES_S1[series]])
        if series == "dokter_spesialis":
            add("S2", "s2_spesialis")
    elif series in ("perawat", "bidan") and pos.min_education == "PROFESI":
        s1 = "keperawatan" if series == "perawat" else ("d4_bidan" if rng.random() < 0.6 else "kebidanan_s1")
        up = initial and rng.random() < 0.4
        if up:
            add("D3", "d3_perawat" if series == "perawat" else "d3_bidan", "pre")
        add("D4" if s1 == "d4_bidan" else "S1", s1, "upgrade" if up else "main")
        add("PROFESI", _PROFESI_OF[s1], "upgrade" if up else "main")
    elif series in ("perawat", "bidan"):
        old = initial and hire_year_hint < 2000 and rng.random() < 0.35
        if old:
            add("SMA" if series == "perawat" else "D1", "spk" if series == "perawat" else "d1_bidan")
            if rng.random() < 0.5:
                add("D3", "d3_perawat" if series == "perawat" else "d3_bidan", "upgrade")
        else:
            add("D3", "d3_perawat" if series == "perawat" else "d3_bidan")
    elif track == "guru" and job == "fungsional":
        major = pick_major("S1", f, matched, rng)
        if initial and hire_year_hint < 2008 and rng.random() < 0.4:
            add("D2" if f == FIELD_INDEX["pgsd"] or rng.random() < 0.3 else "SMA",
                "d2_pgsd" if f == FIELD_INDEX["pgsd"] else pick_major("SMA", f, False, rng), "pre")
            add("S1", major, "upgrade")
        else:
            if rng.random() < 0.4:
                add("SMA", pick_major("SMA", f, False, rng), "pre")
            add("S1", major)
        if rng.random() < 0.15:
            add("PROFESI", "ppg", "upgrade")
        if rng.random() < 0.07:
            add("S2", "s2_pendidikan", "upgrade")
    else:
        me = pos.min_education
        if me == "SD":
            top = _choice(rng, {"SD": 0.6, "SMP": 0.25, "SMA": 0.15})
        elif me == "SMP":
            top = _choice(rng, {"SMP": 0.5, "SMA": 0.5})
        elif me == "SMA":
            top = _choice(rng, {"SMA": 0.55, "D3": 0.15, "S1": 0.28, "S2": 0.02})
        elif me == "D3":
            top = _choice(rng, {"D3": 0.65, "S1": 0.3, "S2": 0.05})
        elif me in ("S1", "D4"):
            top = _choice(rng, {"S1": 0.55, "S2": 0.45} if pos.struct >= 2 else {"S1": 0.78, "S2": 0.22})
        elif me == "PROFESI":
            top = "PROFESI"
        else:
            top = "S2"
        if top in ("SD", "SMP"):
            add(top, top.lower())
        elif top in ("SMA", "D3"):
            if top == "D3" and rng.random() < 0.6:
                add("SMA", pick_major("SMA", f, False, rng), "pre")
            add(top, pick_major(top, f, matched, rng))
        else:
            s1_level = "D4" if rng.random() < 0.1 else "S1"
            s1 = pick_major(s1_level, f, matched, rng)
            up = initial and rng.random() < 0.15
            if up:
                add("SMA" if rng.random() < 0.6 else "D3", pick_major("SMA", f, False, rng) if rng.random() < 0.6
                    else pick_major("D3", f, matched, rng), "pre")
            elif rng.random() < 0.5:
                add("SMA", pick_major("SMA", f, False, rng), "pre")
            add(s1_level, s1, "upgrade" if up else "main")
            key = MAJORS[s1].key
            if top == "PROFESI" and key in _PROFESI_OF:
                add("PROFESI", _PROFESI_OF[key])
            if top == "S2":
                s2 = pick_major("S2", f, matched and rng.random() < 0.5, rng)
                add("S2", s2, "upgrade" if rng.random() < 0.6 else "main")
    if (not any(k == "upgrade" and lv == "S2" for lv, _, k in deg) and deg[-1][0] in ("S1", "D4")
            and rng.random() < (0.1 if initial else 0.05)):
        add("S2", pick_major("S2", f, rng.random() < 0.4, rng), "upgrade")
    return deg


def make_people(world: World, ledger: Ledger, posts: np.ndarray, t: int, rng: np.random.Generator,
                initial: bool, pppk: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Create one person per post in `posts` (hired before `t` if initial, at `t` otherwise).

    Returns (uids, service_years_at_t). Education rows go straight into the ledger.
    """
    v = world.variant
    pos = world.org.positions
    n = len(posts)
    if pppk is None:
        pppk = np.zeros(n, dtype=bool)
    t_year = int(np.datetime64(t, "D").astype("datetime64[Y]").astype(int) + 1970)
    struct = world.p_struct[posts]
    floor = world.p_min_rank[posts]
    bup = world.p_bup[posts]
    step = world.p_step[posts]

    # service years first (initial incumbents only), so that study years can be placed before hire
    if initial:
        base = rng.gamma(2.2, 6.0, n)
        service = np.clip(base, 0.3, 34.0)
    else:
        service = np.zeros(n)
    plans, entry_lvl = [], []
    for k in range(n):
        plan = education_plan(world, int(posts[k]), rng, initial, t_year - int(service[k]))
        plans.append(plan)
        pre = [lv for lv, _, kind in plan if kind != "upgrade"]
        entry_lvl.append(max(pre, key=lambda x: EDU_CODE[x]) if pre else plan[0][0])
    entry_rank = np.array([ENTRY_RANK[x] for x in entry_lvl])
    if initial:
        need = np.where(floor >= 0, 4.0 * np.maximum(floor - entry_rank, 0) + rng.uniform(0, 3, n), 0.0)
        service = np.maximum(service, need)
    lo = np.array([ENTRY_AGE[x][0] for x in entry_lvl])
    hi = np.array([ENTRY_AGE[x][1] for x in entry_lvl])
    entry_age = rng.uniform(lo, hi)
    if not initial:
        entry_age = np.where(pppk, entry_age + rng.uniform(0, 12, n), entry_age)   # PPPK: long-time honorer
    age_limit = bup - 0.7 - rng.uniform(0, 3, n)
    too_old = entry_age + service > age_limit
    service = np.where(too_old, np.maximum(age_limit - entry_age, 0.3), service)
    hire = (t - np.round(service * YEAR)).astype(np.int64)
    hire = _first_of_month(hire)                       # TMT CPNS is always the 1st of a month
    if not initial:
        hire = np.full(n, t, dtype=np.int64)
    birth = (hire - np.round(entry_age * YEAR)).astype(np.int64)
    hire_year = (hire.astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970)

    # degrees with graduation years
    top_field = np.zeros(n, dtype=np.int16)
    for k, plan in enumerate(plans):
        uid_k = ledger.n + k
        g_main = hire_year[k] - int(rng.integers(0, 4))
        mains = [(lv, mj) for lv, mj, kind in plan if kind != "upgrade"]
        # main/pre degrees end at g_main going backwards in study order
        yr = g_main
        years = {}
        for lv, mj in reversed(mains):
            years[(lv, mj)] = yr
            yr -= STUDY_YEARS.get(lv, 3)
        last = g_main
        for lv, mj, kind in plan:
            if kind == "upgrade":
                lo_y = max(last + 1, hire_year[k] + 2)
                hi_y = max(lo_y, min(world.as_of_year, hire_year[k] + 18))
                gy = int(rng.integers(lo_y, hi_y + 1))
                if lv == "PROFESI" and MAJORS[mj].key == "ppg":
                    gy = max(gy, 2008)
                last = gy
            else:
                gy = years[(lv, mj)]
            ledger.edu["person"].append(uid_k)
            ledger.edu["level"].append(lv)
            ledger.edu["major"].append(mj)
            ledger.edu["grad"].append(gy)
        main_major = [mj for lv, mj, _ in plan if lv not in ("S2", "PROFESI")]
        mm = main_major[-1] if main_major else plan[-1][1]
        top_field[k] = int(np.argmax(PROFILES[mm])) if PROFILES[mm].max() > 0 else FIELD_INDEX["umum"]

    # rank (PNS and CPNS); PPPK have none
    level_t = np.array([max((lv for lv, _, kind in pl if kind != "upgrade" or initial), key=lambda x: EDU_CODE[x])
                        for pl in plans])
    cap = np.array([rank_cap(level_t[k], int(struct[k]), int(step[k])) for k in range(n)])
    rank = np.minimum(entry_rank + np.floor(service / 4.0).astype(int), cap)
    rank = np.where(floor >= 0, np.maximum(rank, floor), rank)
    rank_date = t - np.round(rng.uniform(0, np.minimum(4.0, np.maximum(service, 0.01))) * YEAR).astype(np.int64)
    rank_date = np.maximum(_rank_period(rank_date), hire)
    rank = np.where(pppk, -1, rank)
    pns_date = hire + rng.integers(365, 560, n)
    pns_date = np.where(pppk, np.iinfo(np.int64).max, pns_date)

    # who they are: gender by career family, hidden traits
    series = pos.series.to_numpy()[posts]
    title = pos.title.to_numpy()[posts]
    track = world.p_track[posts]
    pf = np.select([series == "bidan", series == "perawat", track == 0, np.isin(series, ["dokter", "dokter_gigi", "dokter_spesialis"]),
                    track == 1, np.isin(series, ["polpp", "damkar"]),
                    np.isin(title, ["Pengemudi", "Petugas Keamanan"])],
                   [1.0, 0.72, 0.7, 0.55, 0.65, 0.15, 0.05], 0.47)
    if initial:
        pf = np.where(struct > 0, pf * (0.9 / (1.0 + v.bias_women_structural)), pf)
    female = rng.random(n) < pf
    religion = (rng.random(n) < 0.2).astype(np.int8)
    g = rng.normal(0, 1, n)
    a = 0.3 * g + 0.95 * rng.normal(0, 1, n)
    conn = rng.normal(0, 1, n)
    if initial:
        g = g + 0.2 * struct
        a = a + 0.45 * struct
        conn = conn + 0.3 * struct * (v.placement_connection > 0)
    learn = 0.3 * g + 0.95 * rng.normal(0, 1, n)
    e = rng.normal(0, 1, (n, ledger.n_comp))
    unwilling = rng.random(n) < 0.3
    asked = rng.random(n) < 0.4
    pref = draw_wishes(world, top_field, rng)
    cols = dict(female=female, religion=religion, birth=birth, hire=hire, pppk=pppk, pns_date=pns_date, track=track,
                g=g, a=a, conn=conn, learn=learn, unwilling=unwilling, asked=asked, top_field=top_field, rank=rank,
                rank_date=rank_date, exit=np.full(n, np.iinfo(np.int64).max), pos=np.full(n, -1),
                pos_start=np.zeros(n), row=np.full(n, -1), sanction_start=np.full(n, np.iinfo(np.int64).max),
                sanction_until=np.full(n, np.iinfo(np.int64).max), lead=np.zeros(n))
    uids = ledger.add_people(cols, e, pref)
    return uids, service


def _first_of_month(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _rank_period(days: np.ndarray) -> np.ndarray:
    """The kenaikan pangkat period (1 April or 1 October) on or before each day."""
    d = np.asarray(days).astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    apr = (y.astype("datetime64[M]") + 3).astype("datetime64[D]")
    octo = (y.astype("datetime64[M]") + 9).astype("datetime64[D]")
    prev_oct = ((y - 1).astype("datetime64[M]") + 9).astype("datetime64[D]")
    out = np.where(d >= octo, octo, np.where(d >= apr, apr, prev_oct))
    return out.astype(np.int64)


def next_period(days: np.ndarray) -> np.ndarray:
    """The first kenaikan pangkat period on or after each day."""
    days = np.asarray(days, dtype=np.int64)
    p = _rank_period(days)
    later = p < days
    d = p.astype("datetime64[D]")
    nxt = (d.astype("datetime64[M]") + 6).astype("datetime64[D]").astype(np.int64)   # Apr <-> Oct
    return np.where(later, nxt, p)


def draw_wishes(world: World, top_field: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """0-3 wanted units per person: mostly units serving the person's field, else any unit with posts."""
    from .truth import WISH_IN_FIELD
    pool = np.flatnonzero(world.wishes.in_pool)
    uf = world.wishes.unit_fields
    n = len(top_field)
    k = rng.choice(4, size=n, p=[0.45, 0.3, 0.15, 0.1])
    out = np.full((n, 3), -1, dtype=np.int32)
    field_units = {f: pool[uf[pool, f]] for f in range(N_FIELDS)}
    for i in range(n):
        got = []
        for _ in range(k[i]):
            fu = field_units[int(top_field[i])]
            u = int(rng.choice(fu)) if (len(fu) and rng.random() < WISH_IN_FIELD) else int(rng.choice(pool))
            if u not in got:
                got.append(u)
        out[i, :len(got)] = got
    return out


__all__ = ["make_people", "education_plan", "rank_cap", "next_period", "draw_wishes"]
