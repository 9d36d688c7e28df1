"""Making people: the initial workforce (shaped by the post each holds in year 0, with a
pre-history post) and the CPNS/PPPK intakes.

Why post-first: a real workforce's education, rank and age follow the posts it fills (nurses
are mostly women with nursing diplomas, JPT are senior men with S2s); drawing each person for a
post gives realistic proportions without a separate calibration. Formation intakes name a
field, so most new hires match their post's field; the initial workforce matches less often."""

from __future__ import annotations

import numpy as np

from .catalog import EDU, RANK
from .fields import AFFINITY, F, FIELDS, UMUM, pick_major, write_major
from .names import LOCAL, draw_group, draw_name, draw_religion
from .people import add_years, to_date
from .trainings import credential_name, kind_and_hours, latsar_name, technical_name

ENTRY_RANK = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "PROFESI": "III/b", "S2": "III/b"}
CEILING = {"SMA": "III/b", "D3": "III/c", "S1": "IV/a", "PROFESI": "IV/b", "S2": "IV/c"}
HIRE_AGE = {"SMA": (19, 27), "D3": (21, 29), "S1": (23, 32), "PROFESI": (25, 33), "S2": (26, 35)}
GENERIC_FIELDS = np.array([F[x] for x in ("pemerintahan", "ekonomi", "keuangan", "hukum",
                                          "sdm_psikologi", "sosial", "it", "komunikasi")])
CERT_AT_START = (0.6, 0.55, 0.75, 0.5)
UNIS = ("Universitas Tanjung Seruni", "Universitas Terbuka", "Universitas Negeri Seruni",
        "Universitas Sumatera Utara", "Universitas Gadjah Mada", "Universitas Muhammadiyah Seruni",
        "STIA Lancang Kuning", "Universitas Islam Negeri Seruni", "Universitas Andalas",
        "IPDN", "Universitas Hasanuddin", "Universitas Padjadjaran")
POLTEK = ("Poltekkes Kemenkes Seruni", "Akademi Keperawatan Pemprov", "Politeknik Negeri Seruni",
          "AMIK Seruni", "Akademi Kebidanan Bunda")


def _level_of(post, rng) -> str:
    edu = post.min_education
    if edu in ("PROFESI", "S2"):
        return edu
    up = {"SMA": "D3" if rng.random() < 0.5 else "S1", "D3": "S1", "S1": "S2"}
    p_up = 0.5 if post.job_type in ("jpt_pratama", "jpt_madya") else 0.15
    return up[edu] if edu in up and rng.random() < p_up else edu


def _field_of(post, level, rng) -> int:
    if level == "SMA":
        return UMUM
    if post.min_education in ("PROFESI", "S2") or rng.random() < 0.3 + 0.65 * post.fw:
        return int(post.field) if post.field != UMUM else int(rng.choice(GENERIC_FIELDS))
    return int(rng.choice(GENERIC_FIELDS)) if rng.random() < 0.7 else int(
        rng.integers(len(FIELDS) - 1))


def _education(W, k, level, fld, birth_year, latest, rng):
    """The rows of riwayat pendidikan (none graduating after year `latest`), and the
    degrees' effect on field affinity."""
    P, L = W.people, W.ledger
    L.edu.append((k, "SMA", write_major(pick_major(UMUM, rng), "SMA", rng) if rng.random() < 0.5
                  else "", "SMA Negeri " + str(int(rng.integers(1, 12))), birth_year + 18))
    P.add_degree(k, "SMA", UMUM)
    if level == "SMA":
        return
    first = "D3" if level == "D3" else "S1"
    year = min(birth_year + (21 if first == "D3" else int(rng.integers(22, 25))), latest)
    inst = str(rng.choice(POLTEK if first == "D3" else UNIS))
    L.edu.append((k, first if rng.random() > 0.05 or first == "D3" else "D4",
                  write_major(pick_major(fld, rng), first, rng), inst, year))
    P.add_degree(k, first, fld)
    if level in ("PROFESI", "S2") and FIELDS[fld] in ("kedokteran", "keperawatan", "farmasi",
                                                      "sdm_psikologi"):
        L.edu.append((k, "PROFESI", write_major(pick_major(fld, rng), "PROFESI", rng), inst,
                      min(year + 2, latest)))
        P.add_degree(k, "PROFESI", fld)
    if level == "S2":
        f2 = fld if rng.random() < 0.6 else int(rng.choice(GENERIC_FIELDS))
        major = "Spesialis " + str(rng.choice(("Penyakit Dalam", "Anak", "Bedah", "Obstetri dan Ginekologi",
                                                  "Kedokteran Jiwa"))) if FIELDS[f2] == "kedokteran" \
            else ("Magister " if rng.random() < 0.5 else "") + pick_major(f2, rng)
        L.edu.append((k, "S2", write_major(major, "S2", rng), str(rng.choice(UNIS)),
                      min(year + int(rng.integers(3, 10)), latest)))
        P.add_degree(k, "S2", f2)


def _latents(P, k, rng):
    P.f["g"][k] = rng.normal()
    P.f["mgr"][k] = rng.normal()
    P.f["stamina"][k] = rng.normal()
    P.f["resilience"][k] = rng.normal()
    P.f["conn"][k] = rng.normal()
    P.comp[k] = 1.3 + 0.35 * P.f["g"][k] + 0.3 * P.f["mgr"][k] + rng.normal(0, 0.45, P.comp.shape[1])


def _record_training(W, k, name, kind, t, rng):
    kd, hours = kind_and_hours(kind, rng)
    W.ledger.trn.append((k, name, kd, hours, int(min(t, W.as_of))))


def _identity(W, k, post, rng, local_bias=0.0):
    P = W.people
    P.i["female"][k] = int(rng.random() < post.female)
    g = int(draw_group(1, rng)[0])
    if rng.random() < local_bias:
        g = LOCAL
    P.i["group"][k] = g
    P.i["religion"][k] = draw_religion(g, rng)


def make_person(W, p: int, t: int, kind: str, rng) -> int:
    """A person for post p: kind 'initial' (serving on day t already), 'cpns' or 'pppk' (hired
    on day t). Returns the new row."""
    P = W.people
    post = W.org.positions.iloc[p]
    k = P.add()
    struct = bool(W.structural[p])
    _identity(W, k, post, rng, local_bias=0.3 if struct and kind == "initial" else 0.0)
    level = _level_of(post, rng) if kind != "pppk" or post.min_education != "SMA" else "SMA"
    fld = _field_of(post, level, rng)
    if kind == "initial" and level not in ("SMA", "D3", "S2") and post.job_type != "pelaksana" \
            and rng.random() < (0.5 if struct else 0.08):
        level = "S2"
    lo, hi = HIRE_AGE[level]
    entry = RANK[ENTRY_RANK[level]]
    ceiling = RANK[CEILING[level]] + (1 if struct or post.functional_level == "ahli_madya" else 0)
    if kind == "initial":
        floor = max(entry, W.min_rank[p])
        rank = min(max(floor, entry) + int(rng.integers(0, 4)), max(ceiling, floor))
        service = (rank - entry) * 4 + rng.uniform(0, 4)
        hire_age = rng.uniform(lo, hi)
        service = min(service, 56.5 - hire_age)
        hire = add_years(t, -max(service, 1.1))
    else:
        rank = entry if kind == "cpns" else -1
        hire_age = rng.uniform(lo, hi) if kind == "cpns" else rng.uniform(max(lo, 24), 48)
        hire = t
    birth = add_years(hire, -hire_age)
    P.i["birth"][k], P.i["hire"][k], P.i["active"][k] = birth, hire, 1
    P.i["status"][k] = {"initial": 0, "cpns": 1, "pppk": 2}[kind]
    P.i["rank"][k] = rank
    P.i["rank_date"][k] = max(hire, add_years(t, -rng.uniform(0, 4))) if kind == "initial" else hire
    P.name[k] = draw_name(int(P.i["group"][k]), bool(P.i["female"][k]), rng, level, FIELDS[fld])
    _education(W, k, level, fld, to_date(birth).year, to_date(t).year, rng)
    _latents(P, k, rng)
    _first_credentials(W, k, p, fld, hire if kind != "initial" else t, kind, rng)
    if kind == "initial":
        _prehistory(W, k, p, t, rng)
    else:
        W.assign(k, p, t, "pengangkatan")
        if kind == "cpns":
            gol = ("II" if level in ("SMA", "D3") else "III")
            _record_training(W, k, latsar_name(to_date(t).year, gol, rng), "latsar",
                             add_years(t, rng.uniform(0.3, 0.9)), rng)
            P.i["convert"][k] = add_years(t, rng.uniform(1.0, 1.5))
    return k


def _first_credentials(W, k, p, fld, t, kind, rng):
    P = W.people
    need = W.posts.cert[p]
    health = FIELDS[fld] in ("kedokteran", "keperawatan", "kebidanan", "farmasi", "teknik_kesehatan")
    for c, base in enumerate(CERT_AT_START):
        prob = base if need == c else (0.35 if c == 0 and health else 0.0)
        if kind != "initial":
            prob *= 0.5
        if prob and rng.random() < prob:
            P.certs[k, c] = True
            _record_training(W, k, credential_name(c, rng), "fungsional",
                             add_years(t, -rng.uniform(0.2, 6)), rng)


def _prehistory(W, k, p, t0, rng):
    """Initial people: the post held at t0 (started some years before) and the one before."""
    P = W.people
    hire = P.i["hire"][k]
    start = max(hire, add_years(t0, -rng.uniform(0, 7)))
    earlier = _earlier_post(W, p, rng) if start - hire > 90 else -1
    if earlier >= 0:
        W.assign(k, earlier, hire, "pengangkatan")   # closed (and freed) by the next assign
        years = (start - hire) / 365.25
        P.exp[k, W.posts.field[earlier]] += years
        P.f["remote_years"][k] += years * (W.posts.hardship[earlier] >= 0.5)
        kind = "promosi" if W.posts.job_class[p] > W.posts.job_class[earlier] else "mutasi"
    else:
        start, kind = hire, "pengangkatan"
    W.assign(k, p, start, kind)
    years = (t0 - start) / 365.25
    P.exp[k, W.posts.field[p]] += years
    P.f["remote_years"][k] += years * (W.posts.hardship[p] >= 0.5)
    P.f["struct_years"][k] += years * W.structural[p]
    gol = "II" if P.i["edu_top"][k] < EDU["S1"] else "III"
    _record_training(W, k, latsar_name(to_date(hire).year + 1, gol, rng), "latsar",
                     add_years(hire, rng.uniform(0.3, 1.0)), rng)
    lead_of = {"pengawas": 1, "administrator": 2, "jpt_pratama": 3, "jpt_madya": 4}
    lead = lead_of.get(W.job_type[p], 0)
    lead = lead if rng.random() < 0.75 else lead - 1
    if lead == 0 and P.i["rank"][k] >= RANK["III/c"] and rng.random() < 0.06:
        lead = 1
    from .trainings import leadership_name
    for lv in range(1, max(lead, 0) + 1):
        when = add_years(start, -rng.uniform(0.2, 3)) if lv == lead else add_years(start, -3 - 2 * (lead - lv))
        when = max(when, hire + 400)
        _record_training(W, k, leadership_name(lv, to_date(when).year, rng), "kepemimpinan",
                         min(when, t0 - 30), rng)
    P.i["lead"][k] = max(lead, 0)
    for _ in range(rng.poisson(min(years + 1, 5) * 0.8)):
        when = add_years(t0, -rng.uniform(0, min(years + 1, 5)))
        f = W.posts.field[p] if rng.random() < 0.7 else int(rng.integers(len(FIELDS)))
        _record_training(W, k, technical_name(f, to_date(when).year, rng), "teknis", when, rng)
        P.train[k, f] += np.exp(-(t0 - when) / 365.25 / 3.0)


def _earlier_post(W, p, rng) -> int:
    """A plausible previous post for someone holding p: the level below in the same family
    (or structural ladder), otherwise a pelaksana post of a related field."""
    jt = W.job_type[p]
    below = {"jpt_madya": "jpt_pratama", "jpt_pratama": "administrator",
             "administrator": "pengawas", "pengawas": "pelaksana"}.get(jt)
    if below:
        cand = np.flatnonzero(W.job_type == below)
    elif jt == "fungsional" and W.level_order[p] > 0:
        cand = np.flatnonzero((W.family == W.family[p]) & (W.level_order < W.level_order[p]))
    else:
        cand = np.flatnonzero((W.family == W.family[p]) & (W.min_edu <= W.min_edu[p]))
    if len(cand) == 0:
        return -1
    aff = AFFINITY[W.posts.field[cand], W.posts.field[p]] + 0.05
    return int(rng.choice(cand, p=aff / aff.sum()))


def record_technical(W, k, field, t, rng):
    """A technical training in `field` (stock for the truth, a row for the export)."""
    _record_training(W, k, technical_name(field, to_date(t).year, rng), "teknis", t, rng)
    W.people.train[k, field] += 1.0


def record_general(W, k, t, rng):
    from .trainings import general_name
    _record_training(W, k, general_name(to_date(t).year, rng), "lainnya", t, rng)


def record_leadership(W, k, level, t, rng):
    from .trainings import leadership_name
    _record_training(W, k, leadership_name(level, to_date(t).year, rng), "kepemimpinan", t, rng)
    W.people.i["lead"][k] = max(W.people.i["lead"][k], level)


def record_credential(W, k, c, t, rng):
    _record_training(W, k, credential_name(c, rng), "fungsional", t, rng)
    W.people.certs[k, c] = True
