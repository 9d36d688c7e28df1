"""Units and positions of the metropolitan city, sized to the world.

Why: the peta jabatan is where the truth's post-side mechanisms live (job family, fields
asked, service load, digital demand, level, lucrativeness, wilayah) and where the
eligibility rules' floors live (min education, min rank, max age). The territorial and
service network (kecamatan, kelurahan, puskesmas, schools, RSUD) is a proportional slice
of a 2.6-million city; the perangkat daerah are always all there, with fewer bidang in
small worlds. Multi-slot posts are scaled so the city has about 1.1 slots per employee.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import catalogue as C
from .fields import FAM, JOB_FAMILIES, MAJORS

LEVEL = {"pelaksana": 0, "pemula": 0, "terampil": 0, "mahir": 1, "penyelia": 1, "ahli_pertama": 1,
         "ahli_muda": 2, "ahli_madya": 3, "pengawas": 2, "administrator": 3, "jpt_pratama": 4}
AHLI = {"ahli_pertama": ("Ahli Pertama", 8, "III/a"), "ahli_muda": ("Ahli Muda", 9, "III/c"),
        "ahli_madya": ("Ahli Madya", 11, "IV/a")}
TERAMPIL = {"pemula": ("Pemula", 5, "II/a", "SMA"), "terampil": ("Terampil", 6, "II/c", "D3"),
            "mahir": ("Mahir", 7, "III/a", "D3"), "penyelia": ("Penyelia", 8, "III/c", "D3")}
MANAGERIAL = ("integritas", "kerjasama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
              "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan")
LEAD_TRAINING = {"pengawas": (1, "PKP"), "administrator": (2, "PKA"), "jpt_pratama": (3, "PKN2")}


@dataclass
class Org:
    units: pd.DataFrame       # export columns + family, load, digital, wet, zone
    positions: pd.DataFrame   # export columns + internal columns (see _Builder.post)


class _Builder:
    def __init__(self, rng: np.random.Generator, detail: int):
        self.rng, self.detail = rng, detail
        self.units: list[dict] = []
        self.posts: list[dict] = []
        self.count: dict[str, int] = {}

    def unit(self, uid, name, utype, parent, family, load, digital, wet, zone):
        self.units.append(dict(unit_id=uid, unit_name=name, unit_type=utype, parent_unit_id=parent or "",
                               family=family, load=load, digital=digital, wet=wet, zone=zone))
        return self.units[-1]

    def post(self, u: dict, title: str, job_type: str, family: str, fields: tuple, *, level_key=None,
             job_class: int, min_edu: str, min_rank: str = "", max_age=None, base_slots: float = 1,
             fixed: bool = True, kind: str = ""):
        lvl = LEVEL[level_key or job_type]
        load = u["load"] * (0.8 if job_type in ("pengawas", "administrator", "jpt_pratama") else 1.0)
        digital = max(u["digital"], 0.9) if kind in ("prakom", "data", "siak", "jaringan", "adminduk",
                                                      "statistisi") else u["digital"]
        if not fields:
            fweight = 0.0
        elif job_type == "fungsional":
            fweight = 1.3 if set(fields) & {"MED", "NURSE", "EDU", "PH"} else 0.9
        elif job_type == "pelaksana":
            fweight = 0.4
        else:
            fweight = 0.55
        self.count[u["unit_id"]] = self.count.get(u["unit_id"], 0) + 1
        self.posts.append(dict(
            position_id=f"{u['unit_id']}-{self.count[u['unit_id']]:03d}",
            title=title, unit_id=u["unit_id"], job_type=job_type,
            functional_level=level_key if job_type == "fungsional" else "", job_class=job_class,
            min_education=min_edu, min_rank=min_rank, max_age=max_age, family=family, fields=tuple(fields),
            field_weight=fweight, level=lvl, load=round(load, 3), digital=round(digital, 3), wet=u["wet"],
            zone=u["zone"], base_slots=base_slots, fixed=fixed, kind=kind))

    # --- kinds of posts ---------------------------------------------------------------------
    def fungsional(self, u, key, family, base=2.0, levels=None):
        title, fields, track, edu_override = C.FUNGSIONAL[key]
        if levels is None:
            levels = ["ahli_pertama", "ahli_muda"] if track != "terampil" else ["terampil", "mahir"]
            if track == "both" and self.rng.random() < 0.5:
                levels = ["terampil"] + levels
            if track != "terampil" and self.rng.random() < 0.25:
                levels = levels + ["ahli_madya"]
        for lv in levels:
            share = {"ahli_pertama": 1.0, "ahli_muda": 0.6, "ahli_madya": 0.2, "pemula": 0.8,
                     "terampil": 1.0, "mahir": 0.7, "penyelia": 0.3}[lv]
            if lv in AHLI:
                name, cls, rank = AHLI[lv]
                edu = edu_override or "S1"
            else:
                name, cls, rank, edu = TERAMPIL[lv]
            self.post(u, f"{title} {name}", "fungsional", family, fields, level_key=lv, job_class=cls,
                      min_edu=edu, min_rank=rank, base_slots=base * share, fixed=False, kind=key)

    def pelaksana(self, u, key, family, base=3.0):
        title, fields, edu, cls = C.PELAKSANA[key]
        self.post(u, title, "pelaksana", family, fields, job_class=cls, min_edu=edu,
                  min_rank="" if edu in ("SMP", "SMA") else "II/a", base_slots=base, fixed=False, kind=key)

    def structural(self, u, title, job_type, family, fields=None, job_class=None, min_edu="S1"):
        fields = JOB_FAMILIES[family] if fields is None else fields
        cls = job_class or {"pengawas": 9, "administrator": 11, "jpt_pratama": 14}[job_type]
        rank = {"pengawas": "III/b", "administrator": "III/d", "jpt_pratama": "IV/a"}[job_type]
        self.post(u, title, job_type, family, fields, job_class=cls, min_edu=min_edu, min_rank=rank,
                  max_age=56 if job_type == "jpt_pratama" else None)


def _agencies(b: _Builder):
    n_bidang = {1: 1, 2: 2, 3: 4}[b.detail]
    for uid, name, utype, family, load, digital, wet, bidang in C.AGENCIES:
        u = b.unit(uid, name, utype, "", family, load, digital, wet, 0)
        head = {"inspektorat": "Inspektur", "sekretariat": "Sekretaris DPRD", "satpol": "Kepala Satuan"}.get(
            utype, f"Kepala {name.split(' ', 1)[0]}")
        b.structural(u, head if utype != "dinas" else f"Kepala {name}", "jpt_pratama", family)
        if utype != "sekretariat":
            b.structural(u, "Sekretaris" if utype != "inspektorat" else "Sekretaris Inspektorat",
                         "administrator", "admin", job_class=12)
        b.structural(u, "Kepala Subbagian Umum dan Kepegawaian", "pengawas", "admin", fields=("GOV", "HRM"))
        if b.detail >= 3:
            b.structural(u, "Kepala Subbagian Keuangan dan Aset", "pengawas", "finance")
        b.pelaksana(u, "adm", "admin", base=2)
        b.pelaksana(u, "keuangan", "finance", base=1)
        for bname, bfam, fkinds, pkinds in bidang[:n_bidang]:
            b.structural(u, f"Kepala {bname}" if utype != "inspektorat" else bname, "administrator", bfam)
            if b.detail >= 3 and b.rng.random() < 0.5:
                b.structural(u, f"Kepala Seksi {bname.split(' ', 1)[1]}", "pengawas", bfam)
            for k in fkinds:
                b.fungsional(u, k, bfam, base=2.0 if k != "pemadam" else 8.0)
            for k in pkinds:
                b.pelaksana(u, k, bfam, base=3.0)


def _setda(b: _Builder):
    u = b.unit("SETDA", "Sekretariat Daerah", "sekretariat", "", "admin", 0.4, 0.4, False, 0)
    b.structural(u, "Sekretaris Daerah", "jpt_pratama", "admin", job_class=15)
    for a in C.ASISTEN:
        b.structural(u, a, "jpt_pratama", "admin")
    b.fungsional(u, "kebijakan", "admin", base=2)
    bagian = C.SETDA_BAGIAN if b.detail >= 2 else C.SETDA_BAGIAN[::2]
    for i, (bname, bfam, fkinds, pkinds) in enumerate(bagian):
        wet = bfam == "finance"
        v = b.unit(f"SETDA_B{i + 1:02d}", bname, "bagian", "SETDA", bfam, 0.4, 0.4, wet, 0)
        b.structural(v, f"Kepala {bname}", "administrator", bfam)
        for j in range(1 if b.detail < 3 else 2):
            b.structural(v, f"Kepala Subbagian {bname.split(' ', 1)[1]} {'I' * (j + 1)}", "pengawas", bfam)
        for k in fkinds:
            b.fungsional(v, k, bfam)
        for k in pkinds:
            b.pelaksana(v, k, bfam, base=2.5)


def _territory(b: _Builder, n_kec: int):
    words = list(C.KELURAHAN_WORDS)
    b.rng.shuffle(words)
    used: set[str] = set()
    for k in range(n_kec):
        kname = C.KECAMATAN_NAMES[k % len(C.KECAMATAN_NAMES)]
        zone = 0 if k % 5 == 0 else 1 + (k % 4)
        u = b.unit(f"KEC{k + 1:02d}", f"Kecamatan {kname}", "kecamatan", "", "territory", 0.6, 0.4, False, zone)
        b.structural(u, f"Camat {kname}", "administrator", "territory", job_class=12)
        b.structural(u, "Sekretaris Kecamatan", "administrator", "admin")
        for s in ("Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat"):
            b.structural(u, f"Kepala Seksi {s}", "pengawas", "enforce" if "Ketertiban" in s else "territory")
        b.pelaksana(u, "adm", "admin", base=2)
        b.pelaksana(u, "front_office", "territory", base=2)
        for j in range(int(b.rng.integers(3, 7))):
            w = words[(k * 7 + j) % len(words)]
            name = w if w not in used else f"{w} {['Hulu', 'Hilir', 'Baru', 'Lama', 'Tengah'][j % 5]}"
            used.add(name)
            v = b.unit(f"KEL{k + 1:02d}{j + 1:02d}", f"Kelurahan {name}", "kelurahan", u["unit_id"],
                       "territory", 0.65 + 0.05 * (zone != 0), 0.4, False, zone)
            b.structural(v, f"Lurah {name}", "pengawas", "territory", job_class=9, min_edu="D3")
            b.structural(v, "Sekretaris Kelurahan", "pengawas", "admin", job_class=8, min_edu="D3")
            b.structural(v, "Kepala Seksi Pemerintahan dan Ketenteraman", "pengawas", "territory", job_class=8,
                         min_edu="D3")
            b.pelaksana(v, "front_office", "territory", base=2)
            b.pelaksana(v, "petugas_lapangan", "territory", base=1)
    return [u for u in b.units if u["unit_type"] == "kecamatan"]


def _health(b: _Builder, kecs: list[dict], n_pusk: int, n_rsud: int):
    for i in range(n_pusk):
        kec = kecs[i % len(kecs)]
        nm = kec["unit_name"].replace("Kecamatan ", "") + ("" if i < len(kecs) else f" {i // len(kecs) + 1}")
        u = b.unit(f"PKM{i + 1:02d}", f"UPTD Puskesmas {nm}", "puskesmas", "DINKES", "pubhealth", 0.75, 0.4,
                   False, kec["zone"])
        b.structural(u, "Kepala UPTD Puskesmas", "pengawas", "pubhealth", fields=("MED", "PH", "NURSE"))
        for k, base in (("dokter", 1.5), ("dokter_gigi", 0.7), ("perawat", 4), ("bidan", 3), ("apoteker", 0.6),
                        ("sanitarian", 0.6), ("nutrisionis", 0.6), ("pranata_lab", 0.6), ("epidemiolog", 0.4)):
            b.fungsional(u, k, "clinical" if k in ("dokter", "dokter_gigi", "perawat", "bidan") else "pubhealth",
                         base=base)
        b.pelaksana(u, "rekam_medis", "pubhealth", base=1.5)
        b.pelaksana(u, "adm", "admin", base=1)
    for i in range(n_rsud):
        zone = (0, 3, 1)[i]
        nm = ("Dr. Pirngadi", "Seruni Selatan", "Bandar Utara")[i]
        u = b.unit(f"RSUD{i + 1}", f"RSUD {nm}", "rsud", "", "clinical", 0.9, 0.5, True, zone)
        b.structural(u, "Direktur", "jpt_pratama", "clinical", fields=("MED",))
        for t, fam in (("Wakil Direktur Pelayanan", "clinical"), ("Wakil Direktur Umum dan Keuangan", "admin"),
                       ("Kepala Bidang Pelayanan Medik", "clinical"), ("Kepala Bidang Keperawatan", "clinical"),
                       ("Kepala Bagian Keuangan", "finance")):
            b.structural(u, t, "administrator", fam, fields=("NURSE",) if "Keperawatan" in t else None)
        for t, fam in (("Kepala Seksi Pelayanan Rawat Inap", "clinical"), ("Kepala Subbagian Umum", "admin"),
                       ("Kepala Subbagian Program dan Pelaporan", "planning")):
            b.structural(u, t, "pengawas", fam)
        b.fungsional(u, "dokter", "clinical", base=4, levels=["ahli_pertama", "ahli_muda", "ahli_madya"])
        for k, base in (("perawat", 25), ("bidan", 6), ("apoteker", 2), ("asisten_apoteker", 3),
                        ("radiografer", 2), ("perekam_medis", 3), ("pranata_lab", 3), ("nutrisionis", 2)):
            b.fungsional(u, k, "clinical" if k in ("perawat", "bidan") else "pubhealth", base=base)
        for k in ("kasir", "adm", "ambulans", "keuangan"):
            b.pelaksana(u, k, "finance" if k in ("kasir", "keuangan") else "admin", base=3)


def _schools(b: _Builder, kecs: list[dict], n_sd: int, n_smp: int):
    for i in range(n_sd):
        kec = kecs[i % len(kecs)]
        u = b.unit(f"SD{i + 1:03d}", f"SD Negeri {i + 1:03d} {C.CITY.split()[-1]}", "sekolah", "DISDIK",
                   "teaching", 0.5, 0.3, False, kec["zone"])
        b.fungsional(u, "guru_kelas", "teaching", base=4)
        for s, f in (C.MAPEL[5], C.MAPEL[7]):
            b.post(u, f"Guru {s} Ahli Pertama", "fungsional", "teaching", (f,), level_key="ahli_pertama",
                   job_class=8, min_edu="S1", min_rank="III/a", base_slots=0.8, fixed=False, kind="guru")
        b.pelaksana(u, "sekolah", "admin", base=1)
    for i in range(n_smp):
        kec = kecs[(i * 3) % len(kecs)]
        u = b.unit(f"SMP{i + 1:02d}", f"SMP Negeri {i + 1} {C.CITY.split()[-1]}", "sekolah", "DISDIK",
                   "teaching", 0.5, 0.35, False, kec["zone"])
        for s, f in C.MAPEL:
            for lv in ("ahli_pertama", "ahli_muda"):
                name, cls, rank = AHLI[lv]
                b.post(u, f"Guru {s} {name}", "fungsional", "teaching", (f, "EDU") if f != "EDU" else (f,),
                       level_key=lv, job_class=cls, min_edu="S1", min_rank=rank,
                       base_slots=1.3 if lv == "ahli_pertama" else 0.9, fixed=False, kind="guru")
        b.pelaksana(u, "sekolah", "admin", base=1.5)
        b.pelaksana(u, "perpus_sekolah", "archive", base=0.8)


def _technical(b: _Builder):
    for uid, name, parent, family, load, digital, wet, zone, fkinds, pkinds in C.UPTD:
        u = b.unit(uid, name, "upt", parent, family, load, digital, wet, zone)
        b.structural(u, f"Kepala {name}", "pengawas", family)
        b.structural(u, "Kepala Subbagian Tata Usaha", "pengawas", "admin", job_class=8, min_edu="D3")
        for k in fkinds:
            b.fungsional(u, k, family, base=2)
        for k in pkinds:
            b.pelaksana(u, k, family, base=4)
    for z, zname in enumerate(C.ZONES):
        u = b.unit(f"DAMKAR_POS{z + 1}", f"UPT Pos Pemadam Kebakaran Wilayah {zname}", "upt", "DAMKAR",
                   "emergency", 0.95, 0.2, False, z)
        b.structural(u, f"Kepala Pos Wilayah {zname}", "pengawas", "emergency", fields=(), min_edu="D3")
        b.fungsional(u, "pemadam", "emergency", base=6, levels=["pemula", "terampil", "mahir"])
        b.pelaksana(u, "pengemudi", "emergency", base=2)


def _standard(job_type: str, level_key: str, rng) -> str:
    if job_type in ("jpt_pratama", "administrator", "pengawas"):
        lv = {"jpt_pratama": 4, "administrator": 3, "pengawas": 2}[job_type]
        parts = [f"{c}={lv}" for c in MANAGERIAL] + [f"sosiokultural={lv}", f"teknis={min(lv + 1, 4)}"]
    elif job_type == "fungsional":
        lv = {"pemula": 1, "terampil": 2, "mahir": 3, "penyelia": 3, "ahli_pertama": 2, "ahli_muda": 3,
              "ahli_madya": 4}[level_key]
        parts = [f"teknis={lv}"] + [f"{c}=2" for c in ("integritas", "kerjasama", "komunikasi",
                                                       "orientasi_hasil", "pelayanan_publik")]
    else:
        if rng.random() < 0.15:
            return ""
        parts = ["teknis=2", "integritas=1", "kerjasama=1", "pelayanan_publik=2"]
    return ";".join(parts)


def _fields_text(fields: tuple, kind: str, title: str, rng) -> str:
    if not fields or rng.random() < 0.15:
        return ""
    if kind == "guru_kelas":
        return "PGSD;Pendidikan Guru Sekolah Dasar"
    if kind == "guru":
        subject = title.replace("Guru ", "").rsplit(" Ahli", 1)[0]
        return f"Pendidikan {subject}" + (";Informatika" if "IT" in fields else "")
    names = []
    for f in fields:
        majors = MAJORS[f]
        take = rng.choice(len(majors), size=min(len(majors), int(rng.integers(1, 3))), replace=False)
        names += [majors[int(k)][0] for k in sorted(take)]
    return ";".join(names)


def _trainings_text(p: dict, rng) -> str:
    if p["job_type"] in LEAD_TRAINING:
        return LEAD_TRAINING[p["job_type"]][1]
    if p["job_type"] == "fungsional" and rng.random() < 0.4:
        return "Diklat Fungsional " + p["title"].rsplit(" ", 2)[0] if "Ahli" in p["title"] else \
            "Diklat Fungsional " + p["title"].rsplit(" ", 1)[0]
    if p["kind"] == "pemadam":
        return "Diklat Pemadam Kebakaran Tingkat I"
    return ""


def build_org(employees: int, rng: np.random.Generator) -> Org:
    scale = employees / 24000
    detail = 1 if employees < 1000 else 2 if employees < 3000 else 3
    b = _Builder(rng, detail)
    _setda(b)
    _agencies(b)
    _technical(b)
    kecs = _territory(b, max(3, round(31 * scale)))
    _health(b, kecs, max(2, round(70 * scale)), 1 + (employees >= 3000) + (employees >= 12000))
    _schools(b, kecs, max(4, round(400 * scale)), max(2, round(70 * scale)))
    pos = pd.DataFrame(b.posts)
    fixed = pos.fixed.to_numpy()
    target = 1.1 * employees
    s = max(0.2, (target - fixed.sum()) / pos.base_slots[~fixed].sum())
    jitter = rng.lognormal(0, 0.25, len(pos))
    slots = np.where(fixed, 1, np.maximum(1, np.rint(pos.base_slots * s * jitter))).astype(int)
    pos["slots"] = slots
    pos["fields_of_study"] = [_fields_text(f, k, t, rng) for f, k, t in zip(pos.fields, pos.kind, pos.title)]
    pos["competency_standard"] = [_standard(j, lv, rng) for j, lv in zip(pos.job_type, pos.functional_level)]
    pos["required_trainings"] = [_trainings_text(p, rng) for p in pos.to_dict("records")]
    pos["fam"] = pos.family.map(FAM).astype(int)
    pos["need_lead"] = pos.job_type.map(lambda j: LEAD_TRAINING.get(j, (0, ""))[0]).astype(int)
    units = pd.DataFrame(b.units)
    pos["unit"] = pos.unit_id.map({u: i for i, u in enumerate(units.unit_id)}).astype(int)
    assert pos.position_id.is_unique, "duplicate position ids"
    return Org(units=units, positions=pos.reset_index(drop=True))
