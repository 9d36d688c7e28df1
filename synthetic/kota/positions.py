"""The peta jabatan of the synthetic city: units and positions, with the arrays the history
simulation and the truth need (managerial level, true field profile, field demand, caps).

A small world (few employees) keeps a subset of units and fewer sub-units, so that the share
of structural posts stays near a real city's (~12–18 % of headcount).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from features import vocab
from synthetic.kota import binjai, catalog
from synthetic.kota.spellings import standard_field

# The generator's own field list, frozen: the feature vocabulary may grow (teaching subjects)
# without changing the worlds this generator draws.
FIELDS: tuple[str, ...] = (
    "Akuntansi", "Keuangan", "Ekonomi", "Manajemen", "Ilmu Hukum", "Administrasi Negara",
    "Ilmu Pemerintahan", "Psikologi", "Informatika", "Sistem Informasi", "Statistika",
    "Ilmu Komunikasi", "Kedokteran", "Keperawatan", "Kebidanan", "Farmasi",
    "Kesehatan Masyarakat", "Pendidikan", "Teknik Sipil", "Arsitektur", "Planologi",
    "Teknik Lingkungan", "Pertanian", "Transportasi", "Kesejahteraan Sosial", "Perpustakaan",
    "Kearsipan", "Umum",
)
FIELD_INDEX: dict[str, int] = {f: i for i, f in enumerate(FIELDS)}
PROFILE_WIDTH = 5  # at most this many fields in a position's true profile

_LEVEL_WEIGHT = {"pemula": 0.5, "terampil": 1.0, "mahir": 0.8, "penyelia": 0.4,
                 "ahli_pertama": 1.0, "ahli_muda": 0.7, "ahli_madya": 0.3}
_REQ_MANAGERIAL = {"jpt_pratama": 4, "administrator": 3, "pengawas": 2, "fungsional": 1,
                   "pelaksana": 1}


@dataclass
class Positions:
    """The positions table as written, plus aligned arrays (index = row of `table`)."""

    table: pd.DataFrame            # contract columns of positions.csv
    units: pd.DataFrame            # contract columns of units.csv
    unit_index: np.ndarray         # position → row of `units`
    level: np.ndarray              # managerial level 0..3 (vocab.MANAGERIAL_LEVEL)
    category: np.ndarray           # "struct", "fung", "pel"
    family: np.ndarray             # fungsional family key or ""
    flevel: np.ndarray             # functional level or ""
    job_class: np.ndarray
    min_edu: np.ndarray            # education ordinal
    min_rank: np.ndarray           # rank ordinal, 0 = no floor
    max_age: np.ndarray            # 0 = none
    slots: np.ndarray
    rank_cap: np.ndarray           # rank ordinal the post lets one reach, 0 = education cap
    req: np.ndarray                # managerial target level 1..4 (mean of the standard)
    listed: list[tuple[str, ...]]  # canonical fields the standard lists (what HR sees)
    profile: np.ndarray            # P × PROFILE_WIDTH field indices of the true profile, -1 pad
    demand: np.ndarray             # how much field skill drives the outcome here
    territorial: np.ndarray        # kecamatan/kelurahan post (the kewilayahan interaction)
    territorial_unit: np.ndarray   # unit is a kecamatan or kelurahan
    unit_territorial: np.ndarray   # per unit: kecamatan or kelurahan

    def __len__(self) -> int:
        return len(self.table)


def _take(items, k):
    return tuple(items)[:max(0, k)]


def _select_units(scale: float) -> tuple[list[binjai.UnitSpec], list[binjai.UnitSpec],
                                         dict[str, tuple[str, ...]]]:
    if scale >= 0.8:
        return list(binjai.OPD), list(binjai.SETDA_BAGIAN), dict(binjai.KECAMATAN)
    f = scale ** 0.6
    k_opd = max(4, round(len(binjai.OPD) * f))
    order = sorted(range(len(binjai.OPD)), key=lambda i: (binjai.OPD[i].priority, i))
    keep = sorted(order[:k_opd])
    opd = [binjai.OPD[i] for i in keep]
    bagian: list[binjai.UnitSpec] = []
    if any(u.unit_id == "SETDA" for u in opd):
        k_b = max(1, round(len(binjai.SETDA_BAGIAN) * f))
        order = sorted(range(len(binjai.SETDA_BAGIAN)),
                       key=lambda i: (binjai.SETDA_BAGIAN[i].priority, i))
        bagian = [binjai.SETDA_BAGIAN[i] for i in sorted(order[:k_b])]
    k_kec = max(1, round(5 * f))
    kec = {}
    for name, kels in list(binjai.KECAMATAN.items())[:k_kec]:
        kec[name] = kels[:max(2, round(len(kels) * f))]
    return opd, bagian, kec


class _Builder:
    def __init__(self, rng: np.random.Generator, scale: float):
        self.rng = rng
        self.scale = scale
        self.small = scale < 0.5
        self.units: list[dict] = []
        self.rows: list[dict] = []
        self.unit_fields: dict[str, tuple[str, ...]] = {}
        self.unit_size: dict[str, float] = {}
        self.unit_terr: dict[str, bool] = {}

    def shrink(self, n: int) -> int:
        """How many of n sub-units a small world keeps."""
        if not self.small:
            return n
        return max(1, math.ceil(n * self.scale / 0.5))

    def unit(self, unit_id, name, unit_type, parent, fields, size, territorial=False):
        self.units.append({"unit_id": unit_id, "unit_name": name, "unit_type": unit_type,
                           "parent_unit_id": parent or ""})
        self.unit_fields[unit_id] = fields
        self.unit_size[unit_id] = size
        self.unit_terr[unit_id] = territorial

    def post(self, unit_id, title, job_type, *, job_class, min_education, min_rank="",
             listed=(), profile=None, demand=0.5, family="", flevel="", weight=0.0,
             territorial=False, max_age=None, rank_cap="", trainings=()):
        rng = self.rng
        req = _REQ_MANAGERIAL[job_type] + (1 if flevel == "ahli_madya" else 0)
        standard = ""
        if rng.random() < 0.93:
            levels = {c: req for c in vocab.MANAGERIAL_COMPETENCIES}
            for c in rng.choice(vocab.MANAGERIAL_COMPETENCIES, size=2, replace=False):
                levels[str(c)] = int(np.clip(req + rng.choice([-1, 0, 1]), 1, 5))
            socio = {4: 3, 3: 3, 2: 2}.get(req, 1) + (1 if flevel.startswith("ahli") else 0)
            teknis = (catalog.LEVELS[flevel].teknis if flevel else
                      {4: 4, 3: 3, 2: 3}.get(req, 1 + int(job_class >= 7)))
            levels["sosiokultural"] = min(socio, 5)
            levels["teknis"] = teknis
            standard = ";".join(f"{c}={v}" for c, v in levels.items())
        fields_text = ";".join(standard_field(rng, f) for f in listed)
        self.rows.append({
            "position_id": "", "title": title, "unit_id": unit_id, "job_type": job_type,
            "functional_level": flevel, "job_class": job_class,
            "min_education": min_education, "fields_of_study": fields_text,
            "min_rank": min_rank, "max_age": "" if max_age is None else str(max_age),
            "competency_standard": standard, "required_trainings": ";".join(trainings),
            "slots": 1,
            # internal
            "_listed": tuple(listed), "_profile": tuple(profile or listed or
                                                        self.unit_fields[unit_id]),
            "_demand": demand, "_family": family, "_weight": weight,
            "_territorial": territorial, "_req": req, "_rank_cap": rank_cap,
        })

    # --- structural ----------------------------------------------------------------------
    def structural_fields(self, unit_id: str, p: float = 0.6) -> tuple[str, ...]:
        fields = self.unit_fields[unit_id]
        if self.rng.random() < p:
            k = min(len(fields), 1 + int(self.rng.integers(3)))
            return tuple(fields[:k])
        return ()

    def jpt(self, unit_id, title, job_class=14):
        r = self.rng.random()
        self.post(unit_id, title, "jpt_pratama", job_class=job_class,
                  min_education="S2" if r < 0.3 else "S1",
                  min_rank="IV/b" if self.rng.random() < 0.7 else "IV/a",
                  listed=self.structural_fields(unit_id, 0.5), demand=0.45,
                  profile=self.unit_fields[unit_id], max_age=56, rank_cap="IV/d",
                  trainings=("PKN2",))

    def administrator(self, unit_id, title, job_class=11, territorial=False):
        self.post(unit_id, title, "administrator", job_class=job_class, min_education="S1",
                  min_rank="III/d", listed=self.structural_fields(unit_id),
                  profile=self.unit_fields[unit_id], demand=0.3 if territorial else 0.55,
                  territorial=territorial, rank_cap="IV/b", trainings=("PKA",))

    def pengawas(self, unit_id, title, job_class=9, territorial=False, min_rank="III/b",
                 min_education="S1"):
        self.post(unit_id, title, "pengawas", job_class=job_class,
                  min_education=min_education, min_rank=min_rank,
                  listed=self.structural_fields(unit_id), profile=self.unit_fields[unit_id],
                  demand=0.3 if territorial else 0.6, territorial=territorial,
                  rank_cap="IV/a", trainings=("PKP",))

    # --- non-structural --------------------------------------------------------------------
    def families(self, unit_id, keys, size):
        keys = list(keys)
        if self.small:
            keys = keys[:max(1, math.ceil(len(keys) * self.scale / 0.5))]
        if not keys:
            return
        fam_total = sum(catalog.FAMILIES[k].weight for k in keys)
        for key in keys:
            fam = catalog.FAMILIES[key]
            levels = fam.levels if not self.small else fam.levels[:2]
            lw_total = sum(_LEVEL_WEIGHT[lv] for lv in levels)
            for lv in levels:
                info = catalog.LEVELS[lv]
                edu = fam.ahli_education if lv.startswith("ahli") else info.min_education
                trainings = ()
                if self.rng.random() < 0.4:
                    trainings = (f"Diklat Pembentukan Jabatan Fungsional {fam.title}",)
                self.post(unit_id, f"{fam.title} {info.title}", "fungsional",
                          job_class=info.job_class, min_education=edu,
                          min_rank=info.min_rank, listed=fam.fields,
                          demand=1.0 if lv.startswith("ahli") else 0.85, family=key,
                          flevel=lv, rank_cap=info.rank_cap, trainings=trainings,
                          weight=size * 0.55 * fam.weight / fam_total
                          * _LEVEL_WEIGHT[lv] / lw_total)

    def staff(self, unit_id, keys, size, share=0.45):
        keys = list(keys)
        total = sum(catalog.STAFF[k].weight for k in keys)
        for key in keys:
            s = catalog.STAFF[key]
            min_rank = "II/a" if self.rng.random() < 0.15 else ""
            trainings = ("LATSAR",) if self.rng.random() < 0.25 else ()
            self.post(unit_id, s.title, "pelaksana", job_class=s.job_class,
                      min_education=s.min_education, min_rank=min_rank, listed=s.fields,
                      demand=s.field_demand, weight=size * share * s.weight / total,
                      trainings=trainings)


def build_positions(rng: np.random.Generator, n_employees: int) -> Positions:
    scale = n_employees / 5000
    opd, bagian, kecamatan = _select_units(scale)
    b = _Builder(rng, scale)
    common = list(catalog.COMMON_STAFF) if not b.small else list(catalog.COMMON_STAFF[:3])

    for spec in opd:
        b.unit(spec.unit_id, spec.name, spec.unit_type, None, spec.fields, spec.size)
        uid = spec.unit_id
        if uid == "SETDA":
            b.jpt(uid, spec.head, job_class=15)
            extra = spec.extra_jpt if not b.small else spec.extra_jpt[:1]
            for title in extra:
                b.jpt(uid, title)
            b.staff(uid, ["pengadministrasi_umum", "pengemudi"], spec.size, share=1.0)
            for bs in bagian:
                b.unit(bs.unit_id, bs.name, bs.unit_type, "SETDA", bs.fields, 0.3)
                b.administrator(bs.unit_id, bs.head)
                for _, subs in bs.bidang:
                    for sub in _take(subs, b.shrink(len(subs))):
                        b.pengawas(bs.unit_id, f"Kepala Sub Bagian {sub}")
                b.families(bs.unit_id, bs.families, 0.3)
                b.staff(bs.unit_id, ["pengadministrasi_umum", "pengelola_keuangan"]
                        + list(bs.staff), 0.3)
            continue
        b.jpt(uid, spec.head)
        if spec.has_secretariat:
            title = ("Kepala Bagian Tata Usaha" if spec.unit_type == "rsud" else "Sekretaris")
            b.administrator(uid, title)
            for sub in _take(binjai.SECRETARIAT_SUBBAG, b.shrink(3)):
                b.pengawas(uid, f"Kepala Sub Bagian {sub}")
        bidang = spec.bidang[:b.shrink(len(spec.bidang)) if not b.small else
                             max(2, b.shrink(len(spec.bidang)))]
        for name, subs in bidang:
            head = name if not spec.bidang_word else f"Kepala {spec.bidang_word} {name}"
            b.administrator(uid, head)
            for sub in _take(subs, b.shrink(len(subs))):
                b.pengawas(uid, f"Kepala {spec.sub_word} {sub}")
        b.families(uid, spec.families, spec.size)
        b.staff(uid, common + list(spec.staff), spec.size)

    for kec, kels in kecamatan.items():
        kid = "KEC-" + binjai.slug(kec)
        fields = binjai.GOVERNMENT + ("Manajemen", "Kesejahteraan Sosial")
        b.unit(kid, f"Kecamatan {kec}", "kecamatan", None, fields, 0.5, territorial=True)
        b.administrator(kid, f"Camat {kec}", job_class=12, territorial=True)
        b.administrator(kid, f"Sekretaris Kecamatan {kec}", territorial=True)
        for sub in _take(binjai.KECAMATAN_SEKSI, b.shrink(5)):
            b.pengawas(kid, f"Kepala Seksi {sub}", territorial=True)
        for sub in _take(binjai.KECAMATAN_SUBBAG, b.shrink(2)):
            b.pengawas(kid, f"Kepala Sub Bagian {sub}")
        b.staff(kid, catalog.KECAMATAN_STAFF, 0.5, share=1.0)
        for kel in kels:
            lid = "KEL-" + binjai.slug(kel)
            b.unit(lid, f"Kelurahan {kel}", "kelurahan", kid, fields, 0.12, territorial=True)
            b.pengawas(lid, f"Lurah {kel}", territorial=True)
            b.pengawas(lid, f"Sekretaris Lurah {kel}", job_class=8, territorial=True,
                       min_rank="III/a", min_education="D3")
            for sub in _take(binjai.KELURAHAN_SEKSI, b.shrink(3)):
                b.pengawas(lid, f"Kepala Seksi {sub}", job_class=8, territorial=True,
                           min_rank="III/a", min_education="D3")
            b.staff(lid, catalog.KELURAHAN_STAFF, 0.12, share=1.0)

    return _finish(b, n_employees)


def _allocate_slots(rows: list[dict], total: int) -> None:
    """Non-structural slots ∝ weight, each ≥ 1, largest remainder (deterministic)."""
    idx = [i for i, r in enumerate(rows) if r["_weight"] > 0]
    w = np.array([rows[i]["_weight"] for i in idx])
    extra = max(0, total - len(idx))
    share = w / w.sum() * extra
    base = np.floor(share).astype(int)
    left = extra - base.sum()
    order = np.argsort(-(share - base), kind="stable")[:left]
    base[order] += 1
    for i, k in zip(idx, base):
        rows[i]["slots"] = int(1 + k)


def _finish(b: _Builder, n_employees: int) -> Positions:
    rows = b.rows
    per_unit: dict[str, int] = {}
    for r in rows:
        per_unit[r["unit_id"]] = per_unit.get(r["unit_id"], 0) + 1
        r["position_id"] = f"{r['unit_id']}-{per_unit[r['unit_id']]:03d}"
    n_struct = sum(r["_weight"] == 0 for r in rows)
    # Total slots a little above headcount, so that there are vacancies.
    total_slots = max(round(n_employees * 1.07), n_struct + 1)
    _allocate_slots(rows, total_slots - n_struct)
    units = pd.DataFrame(b.units)
    unit_pos = {u: i for i, u in enumerate(units["unit_id"])}
    table = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
    profile = np.full((len(rows), PROFILE_WIDTH), -1, dtype=np.int16)
    for i, r in enumerate(rows):
        for j, f in enumerate(r["_profile"][:PROFILE_WIDTH]):
            profile[i, j] = FIELD_INDEX[f]
    fam = np.array([r["_family"] for r in rows], dtype=object)
    category = np.where(table["job_type"] == "fungsional", "fung",
                        np.where(table["job_type"] == "pelaksana", "pel", "struct"))
    unit_terr = np.array([b.unit_terr[u] for u in units["unit_id"]])
    unit_index = table["unit_id"].map(unit_pos).to_numpy()
    return Positions(
        table=table, units=units, unit_index=unit_index,
        level=table["job_type"].map(vocab.MANAGERIAL_LEVEL).to_numpy(),
        category=category, family=fam,
        flevel=table["functional_level"].to_numpy(dtype=object),
        job_class=table["job_class"].to_numpy(),
        min_edu=table["min_education"].map(vocab.EDUCATION_ORDINAL).to_numpy(),
        min_rank=table["min_rank"].map(lambda r: vocab.RANK_ORDINAL.get(r, 0)).to_numpy(),
        max_age=np.array([int(r["max_age"]) if r["max_age"] else 0 for r in rows]),
        slots=table["slots"].to_numpy(),
        rank_cap=np.array([vocab.RANK_ORDINAL.get(r["_rank_cap"], 0) for r in rows]),
        req=np.array([r["_req"] for r in rows]),
        listed=[r["_listed"] for r in rows], profile=profile,
        demand=np.array([r["_demand"] for r in rows]),
        territorial=np.array([r["_territorial"] for r in rows]),
        territorial_unit=unit_terr[unit_index], unit_territorial=unit_terr,
    )
