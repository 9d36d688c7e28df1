"""Measuring a generated world's truth: variance shares and per-mechanism effect sizes.

Why: "fit matters" must be a measured number, not a hope. On a deterministic sample of the
covered people (all their covered pairs), the truth is split into a person part, a post part
and the rest (fit / interaction) by an additive two-way fit; each mechanism is reported with
its spread, its own interaction share, and how much the outcome moves when it is removed.
"""

from __future__ import annotations

import numpy as np

from .domains import FIELD_INDEX
from .state import person_state
from .truth import COMPONENTS, latent, outcome
from .truthfile import calendar_age, eligible_block


def additive_shares(y: np.ndarray, ei: np.ndarray, pj: np.ndarray, iters: int = 40) -> dict:
    """Shares of var(y) explained by person means, post means, and the remaining interaction."""
    y = np.asarray(y, dtype=np.float64)
    if len(y) < 3 or y.var() == 0:
        return {"person": 0.0, "position": 0.0, "interaction": 0.0, "var": float(y.var()) if len(y) else 0.0}
    _, ei = np.unique(ei, return_inverse=True)
    _, pj = np.unique(pj, return_inverse=True)
    ne, npos = ei.max() + 1, pj.max() + 1
    cnt_e = np.bincount(ei, minlength=ne)
    cnt_p = np.bincount(pj, minlength=npos)
    mu = y.mean()
    r = np.zeros(ne)
    c = np.zeros(npos)
    for _ in range(iters):
        r = np.bincount(ei, weights=y - mu - c[pj], minlength=ne) / cnt_e
        c_new = np.bincount(pj, weights=y - mu - r[ei], minlength=npos) / cnt_p
        done = np.abs(c_new - c).max() < 1e-4
        c = c_new
        if done:
            break
    resid = y - mu - r[ei] - c[pj]
    v = y.var()
    return {"person": float(r[ei].var() / v), "position": float(c[pj].var() / v),
            "interaction": float(resid.var() / v), "var": float(v)}


def measure(sim, people: np.ndarray, sample: int = 600) -> dict:
    w, P = sim.w, sim.L.p
    t = w.as_of
    rng = sim.s.fresh("measure")
    status = sim.status(t)
    cov = people[np.isin(status[people], [0, 2])]
    pick = np.sort(rng.choice(cov, size=min(sample, len(cov)), replace=False))
    ps, ext = person_state(sim.L, w, t)
    age = np.zeros(sim.L.n, dtype=np.int64)
    age[people] = calendar_age(P["birth"][people], t)
    pj = np.arange(w.m)[None, :]
    ei = pick[:, None]
    ok = eligible_block(sim, ext, ei, age, status)
    c = latent(ps, w.posts, w.wishes, ei, pj, w.variant, w.seed, parts=True)
    r, k = np.nonzero(ok)
    e_idx, p_idx = pick[r], k
    comp = {name: np.asarray(c[name][r, k], dtype=np.float64) for name in COMPONENTS + ["true", "observable"]}
    y = outcome(comp["true"])
    yo = outcome(comp["observable"])
    res = {"sample_people": int(len(pick)), "sample_pairs": int(len(y)),
           "truth_mean": float(y.mean()), "truth_sd": float(y.std()),
           "observable_mean": float(yo.mean()), "corr_true_observable": float(np.corrcoef(y, yo)[0, 1]),
           "shares_true": additive_shares(y, e_idx, p_idx), "shares_observable": additive_shares(yo, e_idx, p_idx)}
    mech = {}
    for name in COMPONENTS:
        x = comp[name]
        without = outcome(comp["true"] - x)
        d = y - without
        sh = additive_shares(x, e_idx, p_idx)
        mech[name] = {"sd_latent": float(x.std()), "share_of_pairs_touched": float((np.abs(x) > 1e-9).mean()),
                      "mean_abs_outcome_change": float(np.abs(d).mean()),
                      "own_interaction_share": sh["interaction"]}
    res["mechanisms"] = mech
    # targeted contrasts: mean outcome change caused by a mechanism, within pairs of one kind
    def effect(name, m):
        m = np.asarray(m, dtype=bool)
        if not m.any():
            return {"outcome_change": None, "pairs": 0}
        d = y[m] - outcome(comp["true"][m] - comp[name][m])
        return {"outcome_change": round(float(d.mean()), 4), "pairs": int(m.sum())}

    f = w.posts.field[p_idx]
    spec = w.posts.spec[p_idx]
    match = ps.match[e_idx, f]
    hi_spec = spec >= 0.8
    res["field_match"] = {
        "mean_outcome_exact (match>=0.95)": _mean(y, hi_spec & (match >= 0.95)),
        "mean_outcome_half (0.4..0.6)": _mean(y, hi_spec & (match >= 0.4) & (match <= 0.6)),
        "mean_outcome_unrelated (<0.2)": _mean(y, hi_spec & (match < 0.2)),
        "effect_exact": effect("field", hi_spec & (match >= 0.95)),
        "effect_half": effect("field", hi_spec & (match >= 0.4) & (match <= 0.6)),
        "effect_unrelated": effect("field", hi_spec & (match < 0.2))}
    gap = w.posts.req[p_idx] - ps.comp[e_idx]
    short = np.maximum(gap, 0).mean(1)
    over = np.maximum(-gap, 0).mean(1)
    res["qualification"] = {
        "effect_one_level_short (0.9..1.1)": effect("under", (short >= 0.9) & (short <= 1.1)),
        "effect_one_level_over (0.9..1.1)": effect("over", (over >= 0.9) & (over <= 1.1)),
        "effect_two_levels_short (1.8..2.2)": effect("under", (short >= 1.8) & (short <= 2.2)),
        "effect_two_levels_over (1.8..2.2)": effect("over", (over >= 1.8) & (over <= 2.2))}
    fast = np.isin(f, [FIELD_INDEX[x] for x in ("ti", "medis", "keperawatan", "kebidanan", "farmasi", "kesmas")])
    slow = np.isin(f, [FIELD_INDEX[x] for x in ("pemerintahan", "sosial", "umum", "sipil")])
    st = ps.stock[e_idx, f]
    res["training"] = {
        "effect_fast_field_untrained (stock<0.2)": effect("training", fast & (st < 0.2)),
        "effect_fast_field_trained (stock>1.5)": effect("training", fast & (st > 1.5)),
        "effect_slow_field_untrained (stock<0.2)": effect("training", slow & (st < 0.2)),
        "effect_slow_field_trained (stock>1.5)": effect("training", slow & (st > 1.5))}
    job = w.posts.job[p_idx]
    xp = ps.exp_years[e_idx, f]
    res["experience"] = {
        "effect_structural_10y (X>=8)": effect("experience", (job >= 2) & (xp >= 8)),
        "effect_structural_none (X<0.5)": effect("experience", (job >= 2) & (xp < 0.5)),
        "effect_pelaksana_10y (X>=8)": effect("experience", (job == 0) & (xp >= 8)),
        "effect_pelaksana_none (X<0.5)": effect("experience", (job == 0) & (xp < 0.5))}
    wanted = (ps.pref[e_idx] == w.posts.unit[p_idx][:, None]).any(1)
    res["wishes"] = {"effect_wanted_unit": effect("preference", wanted),
                     "effect_unwilling_moved": effect("unwilling", comp["unwilling"] < 0)}
    d = w.variant.hard_post_sd * w.posts.hard[p_idx]
    res["difficulty"] = {"effect_hardest_decile": effect("hard", d >= np.quantile(d, 0.9)),
                         "effect_easiest_decile": effect("hard", d <= np.quantile(d, 0.1))}
    return res


def _mean(y, m) -> dict:
    m = np.asarray(m, dtype=bool)
    return {"mean": float(y[m].mean()) if m.any() else None, "pairs": int(m.sum())}
