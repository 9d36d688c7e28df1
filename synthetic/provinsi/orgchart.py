"""The province's units and positions (peta jabatan), sized to the headcount.

Why: headcount drives everything else — slots ≈ headcount / 0.9 (a tenth of the posts vacant)
split about 40 % schools, 15 % hospitals and health, 15 % UPT in the regencies, 30 %
headquarters. The first OPD in the catalogue exist in every world so that even a 300-person
province has a Setda, Biro, Inspektorat, dinas, badan, Satpol PP, hospital, UPT and schools."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalog import (BIRO, CERT, COMPETENCIES, FAMILIES, HOSPITALS, LEVEL_TITLE, LEVELS,
                      N_COMP, OPD, PELAKSANA, REGIONS, SUBJECTS, UPT)
from .fields import F, post_fields_text

REGION = {code: (name, h) for code, name, h in REGIONS}
LEAD_REQ = {"jpt_madya": 4, "jpt_pratama": 3, "administrator": 2, "pengawas": 1}
LEAD_CODE = {4: "PKN1", 3: "PKN2", 2: "PKA", 1: "PKP"}
STRUCT_RANK = {"jpt_madya": "IV/c", "jpt_pratama": "IV/b", "administrator": "III/d",
               "pengawas": "III/b"}


@dataclass
class Org:
    units: pd.DataFrame        # contract columns + region, hardship, workload, quality, field
    positions: pd.DataFrame    # contract columns + internal columns (see _post)
    standard: np.ndarray       # (positions, competencies) required levels 1-5


class _Builder:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.units: list[dict] = []
        self.posts: list[dict] = []
        self.std: list[np.ndarray] = []
        self.count: dict[str, int] = {}

    def _next(self, uid: str) -> int:
        self.count[uid] = self.count.get(uid, 0) + 1
        return self.count[uid]

    def unit(self, uid, name, utype, parent, region, field, workload):
        self.units.append(dict(unit_id=uid, unit_name=name, unit_type=utype,
                               parent_unit_id=parent or "", region=region,
                               hardship=REGION[region][1], workload=workload,
                               quality=float(self.rng.normal(0, 0.22)), field=F[field]))
        return self.units[-1]

    def post(self, unit, title, job_type, job_class, edu, field, fw, slots=1, level="",
             family="", cert=None, min_rank="", max_age=None, female=0.45):
        rng = self.rng
        lead = LEAD_REQ.get(job_type, 0)
        std = _standard(job_type, level, rng)
        fos = "" if fw < 0.3 or rng.random() < 0.15 else post_fields_text(F[field], rng)
        shown = lead > 0 or rng.random() < 0.5
        req = LEAD_CODE.get(lead, "")
        if not req and cert == "jfa" and rng.random() < 0.6:
            req = "Diklat Pembentukan Auditor"
        elif not req and cert == "klinis" and rng.random() < 0.3:
            req = "BTCLS" if "Perawat" in title else "Pelatihan Pelayanan Prima Kesehatan"
        self.posts.append(dict(
            position_id=f"{unit['unit_id']}.{self._next(unit['unit_id']):03d}",
            title=title, unit_id=unit["unit_id"], job_type=job_type, functional_level=level,
            job_class=int(job_class), min_education=edu,
            fields_of_study=fos, min_rank=min_rank, max_age=max_age,
            competency_standard=";".join(f"{c}={int(v)}" for c, v in zip(COMPETENCIES, std))
            if shown else "", required_trainings=req, slots=int(max(1, slots)),
            field=F[field], fw=float(fw), family=family or job_type, cert=-1 if cert is None
            else CERT[cert], lead_req=lead, workload=unit["workload"],
            hardship=unit["hardship"], female=female))
        self.std.append(std)

    def family_posts(self, unit, fam, budget):
        title, field, levels, cert, fw, female, edu_over = FAMILIES[fam]
        rng = self.rng
        keep = list(levels[:2]) + [lv for lv in levels[2:] if budget >= 6 or rng.random() < 0.35]
        w = np.array([0.45, 0.35, 0.2, 0.1][:len(keep)])
        alloc = _split(budget, w / w.sum(), rng)
        for lv, n in zip(keep, alloc):
            cls, edu, rank, _ = LEVELS[lv]
            if edu_over and lv.startswith("ahli"):
                edu = edu_over
            self.post(unit, f"{title} {LEVEL_TITLE[lv]}", "fungsional", cls, edu, field, fw,
                      slots=n, level=lv, family=fam, cert=cert, min_rank=rank, female=female)

    def pelaksana_posts(self, unit, budget, fields):
        rng = self.rng
        w = np.array([0.3, 0.15, 0.2, 0.15, 0.1, 0.1])
        alloc = _split(budget, w, rng)
        for (title, cls, edu, field, fw), n in zip(PELAKSANA, alloc):
            if n <= 0:
                continue
            f = fields[int(rng.integers(len(fields)))] if field == "unit" else field
            female = 0.55 if field != "umum" else 0.45
            self.post(unit, title, "pelaksana", cls, edu, f, fw, slots=n, family="pelaksana",
                      female=female)


def _split(budget: int, w: np.ndarray, rng: np.random.Generator) -> list[int]:
    """Split `budget` slots by weights (each share at least 1 when the budget allows)."""
    budget = max(int(budget), 1)
    raw = rng.dirichlet(np.asarray(w) * 20 + 0.1) * budget
    out = np.floor(raw).astype(int)
    out[np.argsort(-(raw - out))[: budget - out.sum()]] += 1
    if budget >= len(w):
        out = np.maximum(out, 1)
    return [int(x) for x in out]


def _standard(job_type: str, level: str, rng: np.random.Generator) -> np.ndarray:
    mgr = {"jpt_madya": 4, "jpt_pratama": 4, "administrator": 3, "pengawas": 2}.get(job_type)
    if mgr is None:
        mgr = {"ahli_madya": 3, "ahli_muda": 2, "ahli_utama": 3, "penyelia": 2}.get(level, 1)
    std = np.full(N_COMP, mgr, dtype=float)
    std[8] = max(1, mgr - 1)                                    # sosiokultural
    std[9] = {"pelaksana": 2}.get(job_type, min(5, mgr + 1))   # teknis
    bump = rng.choice(N_COMP, size=2, replace=False)
    std[bump] += rng.choice([-1, 1], size=2)
    return np.clip(std, 1, 5)


def _struct_head(b, unit, title, job_type, field, fw, edu="S1"):
    cls = {"jpt_madya": 16, "jpt_pratama": 14, "administrator": 11, "pengawas": 9}[job_type]
    b.post(unit, title, job_type, cls, edu, field, fw, min_rank=STRUCT_RANK[job_type],
           max_age={"jpt_madya": 58, "jpt_pratama": 56}.get(job_type), female=0.3)


def _opd(b, spec, budget, n_biro):
    uid, name, utype, field, bidang, fams, upt, workload = spec
    u = b.unit(uid, f"{name}", utype, "", "SRN", field, workload)
    if uid == "SETDA":
        _struct_head(b, u, "Sekretaris Daerah", "jpt_madya", "pemerintahan", 0.3, edu="S2")
        for i, (a, f) in enumerate((("Pemerintahan dan Kesejahteraan Rakyat", "pemerintahan"),
                                     ("Perekonomian dan Pembangunan", "ekonomi"),
                                     ("Administrasi Umum", "pemerintahan"))):
            _struct_head(b, u, f"Asisten {a}", "jpt_pratama", f, 0.4)
        b.pelaksana_posts(u, max(2, budget // 6), ["pemerintahan"])
        share = budget * 5 // 6
        for bspec in BIRO[:n_biro]:
            _biro(b, bspec, share // n_biro)
        return
    head = {"inspektorat": "Inspektur", "satpol": "Kepala Satuan Polisi Pamong Praja"}.get(
        utype, "Sekretaris DPRD" if uid == "SETWAN" else f"Kepala {name}")
    _struct_head(b, u, head, "jpt_pratama", field, 0.5)
    if uid != "SETWAN":
        _struct_head(b, u, "Sekretaris", "administrator", "pemerintahan", 0.3)
    for bname, bf in bidang:
        title = bname if bname.startswith("Inspektur") else f"Kepala {bname}"
        _struct_head(b, u, title, "administrator", bf, 0.7)
    _struct_head(b, u, "Kepala Subbagian Umum dan Kepegawaian", "pengawas", "umum", 0.2)
    rest = max(budget - len(bidang) - 3, 2 + len(fams))
    fam_budget = int(rest * (0.45 if fams else 0))
    for fam in fams:
        b.family_posts(u, fam, max(2, fam_budget // len(fams)))
    fields = [bf for _, bf in bidang] or [field]
    b.pelaksana_posts(u, max(2, rest - fam_budget), fields)
    return u


def _biro(b, spec, budget):
    uid, name, field, fams = spec
    u = b.unit(uid, name, "biro", "SETDA", "SRN", field, 0.5)
    _struct_head(b, u, f"Kepala {name}", "jpt_pratama", field, 0.5)
    for part in ("Perumusan Kebijakan", "Fasilitasi dan Evaluasi")[: 1 + (budget >= 10)]:
        _struct_head(b, u, f"Kepala Bagian {part}", "administrator", field, 0.6)
    _struct_head(b, u, "Kepala Subbagian Tata Usaha Biro", "pengawas", "umum", 0.2)
    rest = max(budget - 4, 3)
    for fam in fams:
        b.family_posts(u, fam, max(2, int(rest * 0.5) // len(fams)))
    b.pelaksana_posts(u, max(2, rest // 2), [field])


def _upt(b, kind, parent, region, wil, budget):
    pattern, utype, field, fams, workload, big = UPT[kind]
    rname = REGION[region][0].replace("Kabupaten ", "").replace("Kota ", "")
    name = pattern.format(r=rname, w=wil)
    uid = f"{kind.upper()}-{region if '{r}' in pattern else wil}"
    u = b.unit(uid, name, utype, parent, region, field, workload)
    _struct_head(b, u, f"Kepala {name}",
                 "administrator" if big else "pengawas", field, 0.6)
    if budget >= 8:
        _struct_head(b, u, "Kepala Subbagian Tata Usaha", "pengawas", "umum", 0.2)
    rest = max(budget - 2, 2)
    for fam in fams:
        b.family_posts(u, fam, max(2, int(rest * 0.5) // len(fams)))
    b.pelaksana_posts(u, max(2, rest - int(rest * 0.5)), [field])
    return u


def _hospital(b, spec, budget):
    uid, name, utype, region, fams = spec
    u = b.unit(uid, name, utype, "DINKES", region, "kedokteran", 0.9 if utype == "rsud" else 0.7)
    big = uid != "RSUD-KEP"
    _struct_head(b, u, f"Direktur {name}", "jpt_pratama" if big else "administrator",
                 "kedokteran", 0.6)
    if big:
        _struct_head(b, u, "Wakil Direktur Pelayanan", "administrator", "kedokteran", 0.6)
        _struct_head(b, u, "Wakil Direktur Umum dan Keuangan", "administrator", "keuangan", 0.5)
    _struct_head(b, u, "Kepala Bidang Keperawatan", "administrator", "keperawatan", 0.7)
    _struct_head(b, u, "Kepala Seksi Pelayanan Medik", "pengawas", "kedokteran", 0.6)
    _struct_head(b, u, "Kepala Subbagian Kepegawaian", "pengawas", "umum", 0.2)
    rest = max(budget - 6, 10)
    w = np.array([x for _, x in fams], dtype=float)
    clinical = int(rest * 0.82)
    for (fam, _), n in zip(fams, _split(clinical, w / w.sum(), b.rng)):
        b.family_posts(u, fam, max(2, n))
    b.pelaksana_posts(u, max(3, rest - clinical), ["kesmas_gizi"])
    b.post(u, "Pengemudi Ambulans", "pelaksana", 4, "SMA", "umum", 0.1, slots=2,
           family="pelaksana", female=0.05)


def _school(b, kind, k, region, parent, budget):
    rname = REGION[region][0].replace("Kabupaten ", "").replace("Kota ", "")
    label = {"sma": "SMA Negeri", "smk": "SMK Negeri", "slb": "SLB Negeri"}[kind]
    u = b.unit(f"{kind.upper()}{k}-{region}", f"{label} {k} {rname}", "sekolah", parent, region,
               "pend_sosial", 0.6)
    subjects = [s for s, (_, _, kinds) in SUBJECTS.items() if kind in kinds]
    teach = max(len(subjects) * 2, int(budget * 0.85))
    w = np.array([2.0 if s in ("mat", "bind", "teknik", "plb") else 1.0 for s in subjects])
    for s, n in zip(subjects, _split(teach, w / w.sum(), b.rng)):
        title, field, _ = SUBJECTS[s]
        big = n >= 7
        levels = ("ahli_pertama", "ahli_muda") + (("ahli_madya",) if big else ())
        for lv, m in zip(levels, _split(max(n, len(levels)), np.array([0.5, 0.35, 0.15][:len(levels)]), b.rng)):
            cls, edu, rank, _ = LEVELS[lv]
            b.post(u, f"{title} {LEVEL_TITLE[lv]}", "fungsional", cls, "S1", field, 0.9,
                   slots=m, level=lv, family=f"guru_{s}", cert="ppg", min_rank=rank, female=0.62)
    staff = max(2, budget - teach)
    b.post(u, "Pengadministrasi Perkantoran", "pelaksana", 5, "SMA", "umum", 0.2,
           slots=max(1, staff - 1), family="pelaksana")
    b.post(u, "Bendahara", "pelaksana", 7, "D3", "keuangan", 0.6, family="pelaksana")
    if kind == "smk":
        b.family_posts(u, "plp", 2)


def build_org(employees: int, rng: np.random.Generator) -> Org:
    b = _Builder(rng)
    slots = int(np.ceil(employees / 0.9))
    n_opd = int(np.clip(round(8 + employees / 220), 10, len(OPD)))
    specs = list(OPD[:n_opd]) + ([OPD[-1]] if n_opd < len(OPD) else [])
    present = {s[0] for s in specs}
    n_biro = int(np.clip(round(2 + employees / 700), 3, len(BIRO)))
    hq_w = np.array([3.0 if s[0] in ("SETDA",) else 1.6 if s[0] in (
        "BPKAD", "BAPENDA", "SATPOLPP", "DISDIKBUD", "DINKES", "DPUPR") else 1.0 for s in specs])
    hq_budget = _split(int(slots * 0.30), hq_w / hq_w.sum(), rng)
    for spec, n in zip(specs, hq_budget):
        _opd(b, spec, max(n, 8), n_biro)
    _regional(b, employees, slots, present, rng)
    units = pd.DataFrame(b.units)
    pos = pd.DataFrame(b.posts)
    pos["max_age"] = pos["max_age"].astype("Int64")
    pos["unit"] = pos["unit_id"].map({u: i for i, u in enumerate(units.unit_id)}).astype(int)
    return Org(units, pos, np.vstack(b.std))


def _regional(b, employees, slots, present, rng):
    codes = [c for c, _, _ in REGIONS]
    upt_plan = [("samsat", "BAPENDA", int(np.clip(employees // 400, 2, 12))),
                ("jalan", "DPUPR", int(np.clip(employees // 1500, 1, 4))),
                ("kph", "DLHK", int(np.clip(employees // 1000, 1, 5))),
                ("blk", "DISNAKERTRANS", int(np.clip(employees // 2000, 1, 3))),
                ("panti", "DINSOS", int(np.clip(employees // 2500, 1, 2))),
                ("pelabuhan", "DKP", int(np.clip(employees // 2500, 1, 2))),
                ("benih", "DISTANBUN", 1)]
    upt_plan = [p for p in upt_plan if p[1] in present]
    total = sum(n for _, _, n in upt_plan)
    per_upt = max(6, int(slots * 0.15 / max(total, 1)))
    remote_first = sorted(codes, key=lambda c: -REGION[c][1])
    for kind, parent, n in upt_plan:
        order = remote_first if kind in ("kph", "pelabuhan") else codes
        for i in range(n):
            _upt(b, kind, parent, order[i % len(order)], _roman(i + 1),
                 int(per_upt * rng.uniform(0.7, 1.3)))
    n_cab = int(np.clip(employees // 900, 2, 6))
    cab_of = {}
    for i in range(n_cab):
        u = _upt(b, "cabdin", "DISDIKBUD", codes[i * len(codes) // n_cab], _roman(i + 1), 6)
        for c in codes[i * len(codes) // n_cab:(i + 1) * len(codes) // n_cab]:
            cab_of[c] = u["unit_id"]
    n_hosp = 1 if employees < 1500 else 2 if employees < 3500 else 3
    hb = _split(int(slots * 0.12), np.array([0.55, 0.25, 0.2][:n_hosp]), rng)
    for spec, n in zip(HOSPITALS[:n_hosp], hb):
        _hospital(b, spec, n)
    n_sch = max(3, round(slots * 0.40 / 28))
    kinds = ["sma", "smk", "slb"] + list(rng.choice(["sma", "smk", "slb"], size=n_sch - 3,
                                                      p=[0.5, 0.38, 0.12]))
    wreg = np.array([3.0 if c == "SRN" else 1.0 for c in codes])
    regions = rng.choice(codes, size=n_sch, p=wreg / wreg.sum())
    counter: dict[tuple, int] = {}
    for kind, reg, n in zip(kinds, regions, _split(int(slots * 0.40), np.ones(n_sch), rng)):
        counter[(kind, reg)] = counter.get((kind, reg), 0) + 1
        _school(b, kind, counter[(kind, reg)], str(reg), cab_of[str(reg)], max(n, 8))


def _roman(i: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")[i - 1]
