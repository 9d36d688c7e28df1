"""The regency's organisation: units (perangkat daerah down to schools) and the peta jabatan.

Why: everything else hangs on this. A unit has a kind (dinas, kecamatan, school...), a
remoteness and the fields it serves; a post has its title, its requirements as the export
states them, and the hidden properties the truth reads (field, specialisation, competency
targets, intrinsic difficulty). `employees` scales the number of schools, puskesmas and
kecamatan, the depth of the dinas and, at the end, the slots of the big pools.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .domains import FIELD_INDEX, N_FIELDS
from .jabatan import (LEVEL_CLASS, LEVEL_EDU, LEVEL_MIN_RANK, LEVEL_REQ, LEVEL_TITLE, PELAKSANA, SERIES)
from .majors import MAJORS, majors_at, render_major
from .places import KABUPATEN, kecamatan_names, village_names

COMPETENCIES = ["integritas", "kerjasama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan", "sosiokultural"]
N_COMP = len(COMPETENCIES)
JOB_CODE = {"pelaksana": 0, "fungsional": 1, "pengawas": 2, "administrator": 3, "jpt_pratama": 4}

# --- central units ------------------------------------------------------------------------------
# (id, name, unit_type, field, hard extra, front office, bidang [(name, field)],
#  functional [(series, {level: slots})], pelaksana [(title, slots)])
_C = [
    ("INSPEKTORAT", "Inspektorat Daerah", "inspektorat", "keuangan", 1.0, False,
     [("Inspektur Pembantu Wilayah I", "keuangan"), ("Inspektur Pembantu Wilayah II", "pemerintahan"),
      ("Inspektur Pembantu Wilayah III", "keuangan"), ("Inspektur Pembantu Khusus", "hukum")],
     [("auditor", {"ahli_pertama": 4, "ahli_muda": 3, "ahli_madya": 1}), ("p2upd", {"ahli_pertama": 3, "ahli_muda": 2})],
     [("Pengadministrasi Umum", 2), ("Pengelola Keuangan", 1)]),
    ("SETWAN", "Sekretariat Dewan Perwakilan Rakyat Daerah", "sekretariat", "pemerintahan", 0.3, False,
     [("Bagian Umum dan Keuangan", "keuangan"), ("Bagian Persidangan dan Perundang-undangan", "hukum"),
      ("Bagian Fasilitasi Penganggaran dan Pengawasan", "keuangan")],
     [("analis_kebijakan", {"ahli_pertama": 2, "ahli_muda": 1}), ("perancang_uu", {"ahli_pertama": 1})],
     [("Pengadministrasi Umum", 4), ("Bendahara", 1), ("Pengemudi", 3)]),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "badan", "ekonomi", 0.3, False,
     [("Perencanaan, Pengendalian dan Evaluasi", "ekonomi"), ("Perekonomian dan Sumber Daya Alam", "ekonomi"),
      ("Infrastruktur dan Kewilayahan", "sipil"), ("Pemerintahan dan Pembangunan Manusia", "pemerintahan"),
      ("Riset dan Inovasi Daerah", "ti")],
     [("perencana", {"ahli_pertama": 3, "ahli_muda": 2, "ahli_madya": 1}), ("statistisi", {"ahli_pertama": 1})],
     [("Pengadministrasi Umum", 2), ("Penyusun Program Anggaran dan Pelaporan", 2)]),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "keuangan", 0.6, False,
     [("Anggaran", "keuangan"), ("Perbendaharaan", "keuangan"), ("Akuntansi dan Pelaporan", "keuangan"),
      ("Pengelolaan Aset", "keuangan")],
     [("analis_keuangan", {"ahli_pertama": 3, "ahli_muda": 2}), ("pranata_komputer", {"ahli_pertama": 1})],
     [("Pengelola Keuangan", 3), ("Verifikator Keuangan", 2), ("Pengelola Barang Milik Daerah", 2),
      ("Pengadministrasi Umum", 2)]),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", "keuangan", 1.0, True,
     [("Pendataan dan Penetapan", "keuangan"), ("Penagihan dan Keberatan", "keuangan"),
      ("Pengembangan dan Pengendalian Pendapatan", "ekonomi")],
     [("pemeriksa_pajak", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengelola Pajak Daerah", 3), ("Pengadministrasi Umum", 2)]),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "badan", "sdm", 0.3, False,
     [("Mutasi dan Promosi", "sdm"), ("Pengembangan Kompetensi Aparatur", "sdm"),
      ("Penilaian Kinerja dan Penghargaan", "sdm"), ("Pengadaan, Pemberhentian dan Informasi", "ti")],
     [("analis_sdm", {"ahli_pertama": 3, "ahli_muda": 2}), ("asesor_sdm", {"ahli_muda": 1}),
      ("pranata_komputer", {"ahli_pertama": 1})],
     [("Pengadministrasi Kepegawaian", 3), ("Pengadministrasi Umum", 1)]),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", "lingkungan", 0.6, False,
     [("Pencegahan dan Kesiapsiagaan", "lingkungan"), ("Kedaruratan dan Logistik", "umum"),
      ("Rehabilitasi dan Rekonstruksi", "sipil")],
     [("analis_bencana", {"ahli_pertama": 2})],
     [("Pengadministrasi Umum", 2), ("Pengemudi", 2)]),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", "pemerintahan", 0.0, False,
     [("Ideologi dan Wawasan Kebangsaan", "pemerintahan"), ("Politik Dalam Negeri dan Organisasi Kemasyarakatan", "pemerintahan")],
     [("analis_kebijakan", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DISDIK", "Dinas Pendidikan", "dinas", "pgsd", 0.3, False,
     [("Pembinaan Sekolah Dasar", "pgsd"), ("Pembinaan Sekolah Menengah Pertama", "pend_mipa"),
      ("Pembinaan PAUD dan Pendidikan Nonformal", "sosial"), ("Guru dan Tenaga Kependidikan", "sdm")],
     [("pengawas_sekolah", {"ahli_muda": 4, "ahli_madya": 3})],
     [("Pengadministrasi Umum", 3), ("Pengolah Data", 2), ("Pengelola Keuangan", 1)]),
    ("DINKES", "Dinas Kesehatan", "dinas", "kesmas", 0.3, False,
     [("Kesehatan Masyarakat", "kesmas"), ("Pencegahan dan Pengendalian Penyakit", "kesmas"),
      ("Pelayanan Kesehatan", "medis"), ("Sumber Daya Kesehatan", "farmasi")],
     [("epidemiolog", {"ahli_pertama": 1, "ahli_muda": 1}), ("adminkes", {"ahli_pertama": 2, "ahli_muda": 1}),
      ("apoteker", {"ahli_pertama": 1}), ("promkes", {"ahli_muda": 1})],
     [("Pengadministrasi Umum", 2), ("Pengelola Keuangan", 1), ("Pengolah Data", 1)]),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "sipil", 0.8, False,
     [("Bina Marga", "sipil"), ("Sumber Daya Air", "sipil"), ("Cipta Karya", "sipil"), ("Penataan Ruang", "sipil")],
     [("teknik_jalan", {"terampil": 2, "ahli_pertama": 2, "ahli_muda": 1}),
      ("teknik_pengairan", {"terampil": 1, "ahli_pertama": 1}), ("penata_ruang", {"ahli_pertama": 1})],
     [("Pengawas Lapangan", 4), ("Pengemudi", 2), ("Pengadministrasi Umum", 2)]),
    ("PERKIM", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "dinas", "sipil", 0.2, False,
     [("Perumahan", "sipil"), ("Kawasan Permukiman", "sipil"), ("Pertanahan", "pemerintahan")],
     [("penata_ruang", {"ahli_pertama": 1})],
     [("Pengawas Lapangan", 2), ("Pengadministrasi Umum", 2)]),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", "lingkungan", 0.3, False,
     [("Tata Lingkungan", "lingkungan"), ("Pengelolaan Sampah dan Limbah", "lingkungan"),
      ("Pengendalian Pencemaran", "lingkungan")],
     [("pengendali_dampak", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengelola Persampahan", 4), ("Pengemudi", 3), ("Pengadministrasi Umum", 1)]),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", "pemerintahan", 0.5, True,
     [("Pelayanan Pendaftaran Penduduk", "pemerintahan"), ("Pelayanan Pencatatan Sipil", "pemerintahan"),
      ("Pengelolaan Informasi Administrasi Kependudukan", "ti")],
     [("adm_database", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Registrasi Kependudukan", 5), ("Operator Layanan Operasional", 2)]),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas", "pemerintahan", 0.2, False,
     [("Pemerintahan Desa", "pemerintahan"), ("Pemberdayaan Masyarakat", "sosial"), ("Keuangan dan Aset Desa", "keuangan")],
     [("penggerak_swadaya", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DP3AP2KB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
     "dinas", "sosial", 0.2, False,
     [("Perlindungan Perempuan dan Anak", "sosial"), ("Pengendalian Penduduk dan Keluarga Berencana", "kesmas")],
     [("penyuluh_kb", {"ahli_pertama": 3, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DINSOS", "Dinas Sosial", "dinas", "sosial", 0.3, False,
     [("Rehabilitasi Sosial", "sosial"), ("Perlindungan dan Jaminan Sosial", "sosial"), ("Pemberdayaan Sosial", "sosial")],
     [("pekerja_sosial", {"terampil": 1, "ahli_pertama": 2, "ahli_muda": 1}), ("penyuluh_sosial", {"ahli_pertama": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DISNAKER", "Dinas Tenaga Kerja", "dinas", "sosial", 0.2, False,
     [("Pelatihan dan Penempatan Tenaga Kerja", "sosial"), ("Hubungan Industrial", "hukum")],
     [("mediator_hi", {"ahli_pertama": 1, "ahli_muda": 1}), ("pengantar_kerja", {"ahli_pertama": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DISKOPUKM", "Dinas Koperasi, Usaha Kecil dan Menengah", "dinas", "ekonomi", 0.1, False,
     [("Koperasi", "ekonomi"), ("Usaha Kecil dan Menengah", "ekonomi")],
     [("pengawas_koperasi", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "hukum", 0.4, True,
     [("Penanaman Modal", "ekonomi"), ("Pelayanan Perizinan dan Non Perizinan", "hukum")],
     [("penata_perizinan", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Operator Layanan Operasional", 2), ("Pengadministrasi Umum", 1)]),
    ("DISHUB", "Dinas Perhubungan", "dinas", "transportasi", 0.4, False,
     [("Lalu Lintas dan Angkutan Jalan", "transportasi"), ("Sarana dan Prasarana Perhubungan", "transportasi")],
     [("penguji_kendaraan", {"terampil": 2, "ahli_pertama": 1})],
     [("Juru Pungut Retribusi", 3), ("Pengadministrasi Umum", 2)]),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "dinas", "ti", 0.4, False,
     [("Aplikasi Informatika", "ti"), ("Informasi dan Komunikasi Publik", "komunikasi"), ("Statistik dan Persandian", "ti")],
     [("pranata_komputer", {"terampil": 1, "ahli_pertama": 2, "ahli_muda": 1}),
      ("pranata_humas", {"terampil": 1, "ahli_pertama": 1, "ahli_muda": 1}), ("statistisi", {"ahli_pertama": 1}),
      ("sandiman", {"ahli_pertama": 1})],
     [("Pengelola Sistem dan Jaringan", 2), ("Pengadministrasi Umum", 1)]),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "dinas", "arsip", 0.0, False,
     [("Perpustakaan", "arsip"), ("Kearsipan", "arsip")],
     [("pustakawan", {"terampil": 1, "ahli_pertama": 1}), ("arsiparis", {"terampil": 1, "ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DISTAN", "Dinas Pertanian", "dinas", "pertanian", 0.3, False,
     [("Tanaman Pangan", "pertanian"), ("Hortikultura dan Perkebunan", "pertanian"),
      ("Prasarana dan Sarana Pertanian", "pertanian"), ("Penyuluhan Pertanian", "pertanian")],
     [("penyuluh_pertanian", {"terampil": 6, "ahli_pertama": 6, "ahli_muda": 3}), ("popt", {"terampil": 2, "ahli_pertama": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("DISKAN", "Dinas Perikanan", "dinas", "perikanan", 0.2, False,
     [("Perikanan Budidaya", "perikanan"), ("Perikanan Tangkap", "perikanan")],
     [("penyuluh_perikanan", {"ahli_pertama": 2, "ahli_muda": 1})],
     [("Pengadministrasi Umum", 1)]),
    ("DISNAKKESWAN", "Dinas Peternakan dan Kesehatan Hewan", "dinas", "peternakan", 0.2, False,
     [("Peternakan", "peternakan"), ("Kesehatan Hewan dan Kesehatan Masyarakat Veteriner", "peternakan")],
     [("medik_veteriner", {"ahli_pertama": 1, "ahli_muda": 1}), ("paramedik_veteriner", {"terampil": 2, "mahir": 1})],
     [("Pengadministrasi Umum", 1)]),
    ("DKP", "Dinas Ketahanan Pangan", "dinas", "pertanian", 0.1, False,
     [("Ketersediaan dan Distribusi Pangan", "pertanian"), ("Konsumsi dan Keamanan Pangan", "kesmas")],
     [("ketahanan_pangan", {"ahli_pertama": 2})],
     [("Pengadministrasi Umum", 1)]),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas", "ekonomi", 0.3, False,
     [("Perindustrian", "ekonomi"), ("Perdagangan", "ekonomi"), ("Pengelolaan Pasar", "keuangan")],
     [("pengawas_perdagangan", {"ahli_pertama": 1}), ("penera", {"terampil": 1})],
     [("Juru Pungut Retribusi", 3), ("Pengadministrasi Umum", 1)]),
    ("DISPARPORA", "Dinas Pariwisata, Kepemudaan dan Olahraga", "dinas", "ekonomi", 0.0, False,
     [("Pariwisata", "ekonomi"), ("Kepemudaan dan Olahraga", "pend_jasmani")],
     [("adyatama", {"ahli_pertama": 1})],
     [("Pengadministrasi Umum", 2)]),
    ("SATPOLPP", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran", "satpol", "hukum", 0.4, False,
     [("Penegakan Peraturan Daerah", "hukum"), ("Ketertiban Umum dan Ketenteraman Masyarakat", "pemerintahan"),
      ("Pemadam Kebakaran dan Penyelamatan", "umum")],
     [("polpp", {"pemula": 6, "terampil": 6, "mahir": 2, "ahli_pertama": 2}), ("damkar", {"pemula": 4, "terampil": 3})],
     [("Pengadministrasi Umum", 2)]),
]

# Sekretariat Daerah bagian: (id, name, field, functional, pelaksana)
_BAGIAN = [
    ("BAG-PEM", "Bagian Tata Pemerintahan", "pemerintahan", [("analis_kebijakan", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-HUKUM", "Bagian Hukum", "hukum", [("perancang_uu", {"ahli_pertama": 1, "ahli_muda": 1}), ("analis_hukum", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-KESRA", "Bagian Kesejahteraan Rakyat", "sosial", [("analis_kebijakan", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-EKON", "Bagian Perekonomian dan Sumber Daya Alam", "ekonomi", [("analis_kebijakan", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-PBJ", "Bagian Pengadaan Barang dan Jasa", "keuangan", [("pengelola_pbj", {"ahli_pertama": 2, "ahli_muda": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-ADPEM", "Bagian Administrasi Pembangunan", "ekonomi", [("perencana", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-ORG", "Bagian Organisasi", "sdm", [("analis_sdm", {"ahli_pertama": 1})], [("Pengadministrasi Umum", 1)]),
    ("BAG-UMUM", "Bagian Umum", "umum", [("arsiparis", {"terampil": 1})],
     [("Pengadministrasi Umum", 3), ("Pengemudi", 4), ("Pramu Bakti", 3), ("Petugas Keamanan", 3), ("Bendahara", 1)]),
    ("BAG-PROKOPIM", "Bagian Protokol dan Komunikasi Pimpinan", "komunikasi", [("pranata_humas", {"ahli_pertama": 1, "ahli_muda": 1})], [("Pengadministrasi Umum", 1)]),
]

FRONT_KINDS = {"kecamatan", "kelurahan", "desa", "puskesmas", "rsud", "sd", "smp"}
REGION_KINDS = {"kecamatan", "kelurahan", "desa"}
PERIPHERY_KINDS = {"kecamatan", "kelurahan", "desa", "puskesmas", "sd", "smp"}


@dataclass
class Org:
    units: pd.DataFrame       # export columns + internal: kind, remote, periphery, fields (list), leniency_base
    positions: pd.DataFrame   # export columns + internal columns (see _Builder.post)
    req: np.ndarray           # (m, N_COMP) competency targets (continuous)
    unit_fields: np.ndarray   # (n_units, N_FIELDS) bool: which fields a unit serves (for wishes)


class _Builder:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.units: list[dict] = []
        self.posts: list[dict] = []
        self.reqs: list[np.ndarray] = []

    def unit(self, uid, name, utype, kind, parent="", remote=0.0, fields=(), front=False, hard=0.0):
        self.units.append(dict(unit_id=uid, unit_name=name, unit_type=utype, parent_unit_id=parent, kind=kind,
                               remote=float(remote), fields=tuple(fields), front=front, hard=hard))
        return uid

    def post(self, unit: dict, title, job_type, field, spec, *, level="", series="", track="umum",
             struct=0, head_kind="", min_edu=None, slots=1, req_base=None, entry=False, min_rank=None, max_age=None,
             trainings=""):
        rng = self.rng
        if job_type == "fungsional":
            job_class = LEVEL_CLASS[level] + (2 if head_kind else 0)
            min_edu = min_edu or LEVEL_EDU[level]
            min_rank = min_rank or LEVEL_MIN_RANK[level]
            base = LEVEL_REQ[level]
        elif job_type == "pelaksana":
            job_class = {"SD": 1, "SMP": 3, "SMA": 5, "D3": 6, "S1": 7}.get(min_edu, 5)
            min_rank = min_rank if min_rank is not None else ("II/a" if min_edu in ("SMA", "D3", "S1") and rng.random() < 0.4 else "")
            base = 1.3 if min_edu == "S1" else 1.0
        else:
            job_class = {"jpt_pratama": 14, "administrator": 11 + int(rng.random() < 0.4), "pengawas": 9}[job_type]
            min_edu = min_edu or "S1"
            if min_rank is None:
                u = rng.random()
                min_rank = {"jpt_pratama": "IV/a" if u < 0.3 else "IV/b",
                            "administrator": "III/c" if u < 0.2 else "III/d",
                            "pengawas": "III/a" if u < 0.15 else ("III/c" if u > 0.85 else "III/b")}[job_type]
            base = {"jpt_pratama": 4.0, "administrator": 3.0, "pengawas": 2.2}[job_type]
            if job_type == "jpt_pratama":
                max_age = 56
        if req_base is not None:
            base = req_base
        if rng.random() < 0.08:          # messy peta jabatan: no rank floor written
            min_rank = ""
        kind = unit["kind"]
        req = np.full(N_COMP, base)
        req[0] += 0.2
        if unit["front"] or kind in FRONT_KINDS:
            req[4] += 0.6
        if kind in REGION_KINDS:
            req[8] += 0.6
        if struct:
            req[7] += 0.3
        if struct >= 2:
            req[6] += 0.2
        if track == "guru" or field == "komunikasi":
            req[2] += 0.4
        if track == "kesehatan":
            req[1] += 0.3
        req = np.clip(req + rng.normal(0, 0.15, N_COMP), 1.0, 5.0)
        hard = rng.normal() + 1.5 * unit["remote"] + unit["hard"]
        bup = 58
        if job_type == "jpt_pratama" or level == "ahli_madya" or track == "guru":
            bup = 60
        if level == "ahli_utama":
            bup = 65
        self.posts.append(dict(
            title=title, unit_id=unit["unit_id"], job_type=job_type, functional_level=level, job_class=job_class,
            min_education=min_edu, min_rank=min_rank, max_age=max_age, slots=int(slots), field=FIELD_INDEX[field],
            spec=float(spec), series=series, track=track, struct=int(struct), head_kind=head_kind, entry=bool(entry),
            hard_raw=float(hard), bup=bup, base_req=float(base), trainings=trainings))
        self.reqs.append(req)

    # -- helpers ---------------------------------------------------------------------------------
    def functional(self, unit, series_key, levels: dict, track=None):
        s = SERIES[series_key]
        over = dict(s.edu_override)
        for lv, n in levels.items():
            if n <= 0:
                continue
            self.post(unit, f"{s.title} {LEVEL_TITLE[lv]}", "fungsional", s.field, s.spec, level=lv, series=s.key,
                      track=track or s.track, min_edu=over.get(lv), slots=n,
                      entry=lv in ("pemula", "terampil", "ahli_pertama") or s.key == "dokter_spesialis",
                      trainings=s.training if (s.training and self.rng.random() < 0.5) else "")

    def pelaksana(self, unit, title, n, track="umum"):
        field, spec, edu = PELAKSANA[title]
        self.post(unit, title, "pelaksana", field, spec, min_edu=edu, slots=n, track=track,
                  entry=title not in ("Sekretaris Desa",))


def _u(b: _Builder, uid) -> dict:
    for u in b.units:
        if u["unit_id"] == uid:
            return u
    raise KeyError(uid)


def build_org(employees: int, rng: np.random.Generator) -> Org:
    s = max(employees, 150) / 5000.0
    depth = min(1.0, s ** 0.5)
    b = _Builder(rng)

    # --- Sekretariat Daerah and bagian ----------------------------------------------------------------
    setda = _u(b, b.unit("SETDA", f"Sekretariat Daerah Kabupaten {KABUPATEN}", "sekretariat", "central",
                         fields=("pemerintahan", "hukum", "umum"), hard=0.3))
    b.post(setda, "Sekretaris Daerah", "jpt_pratama", "pemerintahan", 0.4, struct=3, req_base=4.3)
    for t, f in [("Asisten Pemerintahan dan Kesejahteraan Rakyat", "pemerintahan"),
                 ("Asisten Perekonomian dan Pembangunan", "ekonomi"), ("Asisten Administrasi Umum", "sdm")]:
        b.post(setda, t, "jpt_pratama", f, 0.4, struct=3)
    bagian = _BAGIAN if depth >= 0.7 else _BAGIAN[:: 2] + [x for x in _BAGIAN if x[0] == "BAG-UMUM"]
    for bid, name, field, fung, pel in dict((x[0], x) for x in bagian).values():
        u = _u(b, b.unit(bid, name, "bagian", "central", parent="SETDA", fields=(field,)))
        b.post(u, f"Kepala {name}", "administrator", field, 0.5, struct=2)
        if rng.random() < depth:
            b.post(u, f"Kepala Subbagian {'Tata Usaha' if field == 'umum' else 'Administrasi'} {name.replace('Bagian ', '')}",
                   "pengawas", field, 0.4, struct=1)
        for sk, lv in fung:
            b.functional(u, sk, lv)
        for t, n in pel:
            b.pelaksana(u, t, n)

    # --- dinas, badan, inspektorat, DPRD, satpol ----------------------------------------------------------
    central = _C
    if depth < 0.8:   # a small regency merges its dinas: keep the core ones and a share of the rest
        core = {"INSPEKTORAT", "BPKAD", "BKPSDM", "DISDIK", "DINKES", "DPUPR", "DISDUKCAPIL", "DISKOMINFO",
                "DISTAN", "SATPOLPP", "BAPPERIDA"}
        keep = rng.random(len(_C)) < max(0.15, depth - 0.2)
        central = [c for c, k in zip(_C, keep) if k or c[0] in core]
    for uid, name, utype, field, hard, front, bidang, fung, pel in central:
        serves = {field} | {f for _, f in bidang}
        u = _u(b, b.unit(uid, name, utype, "central", fields=tuple(sorted(serves)), front=front, hard=hard))
        head = {"INSPEKTORAT": "Inspektur", "SETWAN": "Sekretaris DPRD", "SATPOLPP": "Kepala Satuan Polisi Pamong Praja"}
        b.post(u, head.get(uid, f"Kepala {name}"), "jpt_pratama", field, 0.45, struct=3)
        b.post(u, f"Sekretaris {name}" if uid != "SETWAN" else "Kepala Bagian Umum Sekretariat DPRD",
               "administrator", "umum" if uid != "SETWAN" else "keuangan", 0.3, struct=2)
        b.post(u, "Kepala Subbagian Umum dan Kepegawaian", "pengawas", "sdm", 0.3, struct=1)
        if rng.random() < 0.5 + 0.5 * depth:
            b.post(u, "Kepala Subbagian Perencanaan dan Keuangan", "pengawas", "keuangan", 0.55, struct=1)
        n_bid = max(1, int(round(len(bidang) * depth)))
        for bname, bfield in bidang[:n_bid]:
            title = bname if uid in ("INSPEKTORAT",) or bname.startswith("Bagian") else f"Kepala Bidang {bname}"
            if bname.startswith("Bagian"):
                title = f"Kepala {bname}"
            b.post(u, title, "administrator", bfield, 0.55, struct=2)
        for sk, lv in fung:
            b.functional(u, sk, lv)
        for t, n in pel:
            b.pelaksana(u, t, n)

    # --- RSUD ---------------------------------------------------------------------------------------------
    rs = _u(b, b.unit("RSUD", f"Rumah Sakit Umum Daerah {KABUPATEN}", "rsud", "rsud",
                      fields=tuple(["medis", "keperawatan", "kebidanan", "farmasi", "kesmas"]), front=True, hard=0.6))
    b.post(rs, f"Direktur Rumah Sakit Umum Daerah {KABUPATEN}", "administrator", "medis", 0.5, struct=2, track="kesehatan",
           req_base=3.2)
    for t, f, tr in [("Kepala Bagian Tata Usaha", "umum", "umum"), ("Kepala Seksi Pelayanan Medis", "medis", "kesehatan"),
                     ("Kepala Seksi Keperawatan", "keperawatan", "kesehatan"), ("Kepala Seksi Penunjang Medis", "kesmas", "kesehatan"),
                     ("Kepala Subbagian Keuangan", "keuangan", "umum"), ("Kepala Subbagian Umum dan Kepegawaian", "sdm", "umum")]:
        b.post(rs, t, "pengawas", f, 0.5, struct=1, track=tr)
    for sk, lv in [("dokter_spesialis", {"ahli_muda": 3, "ahli_madya": 2}), ("dokter", {"ahli_pertama": 3, "ahli_muda": 2}),
                   ("dokter_gigi", {"ahli_pertama": 1}),
                   ("perawat", {"terampil": 12, "mahir": 6, "penyelia": 2, "ahli_pertama": 8, "ahli_muda": 3}),
                   ("bidan", {"terampil": 4, "mahir": 2, "ahli_pertama": 2}), ("apoteker", {"ahli_pertama": 2}),
                   ("ttk", {"terampil": 3}), ("plk", {"terampil": 3}), ("radiografer", {"terampil": 2}),
                   ("nutrisionis", {"terampil": 2}), ("perekam_medis", {"terampil": 3}), ("fisioterapis", {"terampil": 1}),
                   ("sanitarian", {"terampil": 1})]:
        b.functional(rs, sk, lv)
    for t, n in [("Pengadministrasi Umum", 4), ("Pengelola Keuangan", 2), ("Pengemudi", 2), ("Pengolah Data", 1)]:
        b.pelaksana(rs, t, n)

    # --- kecamatan, kelurahan, desa ---------------------------------------------------------------------------
    n_kec = max(3, int(round(14 * s ** 0.6)))
    kec_names, remote = kecamatan_names(n_kec, rng)
    taken = set(kec_names)
    kec_ids = []
    for k, (kn, rm) in enumerate(zip(kec_names, remote), start=1):
        kid = f"KEC-{k:02d}"
        kec_ids.append(kid)
        u = _u(b, b.unit(kid, f"Kecamatan {kn}", "kecamatan", "kecamatan", remote=rm,
                         fields=("pemerintahan", "sosial")))
        b.post(u, f"Camat {kn}", "administrator", "pemerintahan", 0.5, struct=2)
        b.post(u, f"Sekretaris Kecamatan {kn}", "administrator", "pemerintahan", 0.35, struct=2, req_base=2.7)
        for t, f, sp in [("Kepala Seksi Pemerintahan", "pemerintahan", 0.5), ("Kepala Seksi Pemberdayaan Masyarakat dan Desa", "sosial", 0.4),
                         ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "hukum", 0.35), ("Kepala Seksi Kesejahteraan Sosial", "sosial", 0.4),
                         ("Kepala Subbagian Umum dan Kepegawaian", "sdm", 0.3), ("Kepala Subbagian Perencanaan dan Keuangan", "keuangan", 0.5)]:
            if t.startswith("Kepala Seksi Kes") and rng.random() > depth:
                continue
            b.post(u, f"{t} Kecamatan {kn}", "pengawas", f, sp, struct=1)
        for t, n in [("Pengadministrasi Umum", 3), ("Pengelola Keuangan", 1), ("Pengolah Data", 1),
                     ("Pengadministrasi Registrasi Kependudukan", 1)]:
            b.pelaksana(u, t, n)
        # kelurahan only in the capital and the next-nearest kecamatan; desa elsewhere
        n_kel = (max(2, int(round(6 * s ** 0.5))) if k == 1 else (max(1, int(round(3 * s ** 0.5))) if k == 2 else 0))
        for j, vn in enumerate(village_names(n_kel, rng, taken), start=1):
            lu = _u(b, b.unit(f"KEL-{k:02d}-{j:02d}", f"Kelurahan {vn}", "kelurahan", "kelurahan", parent=kid,
                              remote=rm, fields=("pemerintahan", "sosial")))
            b.post(lu, f"Lurah {vn}", "pengawas", "pemerintahan", 0.4, struct=1, req_base=2.4)
            b.post(lu, f"Sekretaris Kelurahan {vn}", "pengawas", "umum", 0.3, struct=1, req_base=1.9)
            if rng.random() < 0.7:
                b.post(lu, f"Kepala Seksi Pemerintahan dan Ketertiban Kelurahan {vn}", "pengawas", "pemerintahan", 0.4,
                       struct=1, req_base=1.9)
            b.pelaksana(lu, "Pengadministrasi Umum", 2)
        n_desa = 0 if k == 1 else int(rng.integers(6, 15) * max(0.5, s ** 0.3))
        for j, vn in enumerate(village_names(n_desa, rng, taken), start=1):
            du = _u(b, b.unit(f"DESA-{k:02d}-{j:02d}", f"Desa {vn}", "desa", "desa", parent=kid, remote=rm,
                              fields=("pemerintahan",)))
            if rng.random() < 0.22:   # a PNS sekdes left from the 2006-2009 appointments
                b.post(du, f"Sekretaris Desa {vn}", "pelaksana", "pemerintahan", 0.4, min_edu="SMA", track="umum",
                       slots=1, entry=False, min_rank="")

    # --- schools ----------------------------------------------------------------------------------------------
    kec_weight = np.where(np.arange(n_kec) == 0, 2.0, 1.0)
    kec_weight = kec_weight / kec_weight.sum()
    n_sd, n_smp = max(4, int(round(98 * s))), max(2, int(round(22 * s)))
    for kind, n, start in (("sd", n_sd, 1), ("smp", n_smp, 1)):
        kec_of = np.sort(rng.choice(n_kec, size=n, p=kec_weight))
        for j in range(n):
            k = int(kec_of[j])
            num = start + j
            if kind == "sd":
                name = f"SD Negeri {num:03d} {kec_names[k]}"
                uid = f"SDN-{num:03d}"
                fields = ("pgsd", "pend_jasmani")
            else:
                name = f"SMP Negeri {num} {kec_names[k]}"
                uid = f"SMPN-{num:02d}"
                fields = ("pend_mipa", "pend_bahasa", "pend_ips", "pend_jasmani")
            u = _u(b, b.unit(uid, f"UPTD {name}" if rng.random() < 0.3 else name, "sekolah", kind, parent="DISDIK",
                             remote=remote[k], fields=fields, hard=0.0))
            b.post(u, f"Kepala Sekolah {name}", "fungsional", "pgsd" if kind == "sd" else "pend_mipa", 0.5,
                   level="ahli_muda", series="kepala_sekolah", track="guru", struct=1, head_kind="sekolah",
                   req_base=2.5, max_age=56, min_rank="III/c",
                   trainings="Diklat Calon Kepala Sekolah" if rng.random() < 0.6 else "")
            if kind == "sd":
                b.functional(u, "guru_kelas", {"ahli_pertama": int(rng.integers(1, 4)), "ahli_muda": int(rng.integers(1, 4)),
                                               "ahli_madya": int(rng.random() < 0.5)})
                b.functional(u, "guru_pjok", {"ahli_pertama" if rng.random() < 0.5 else "ahli_muda": 1})
            else:
                for sk in ("guru_mat", "guru_ipa", "guru_bindo", "guru_bing", "guru_ips", "guru_ppkn", "guru_pjok", "guru_bk"):
                    lv = {"ahli_pertama": int(rng.integers(0, 3)), "ahli_muda": int(rng.integers(0, 3))}
                    if sum(lv.values()) == 0:
                        lv["ahli_muda"] = 1
                    if sk in ("guru_ppkn", "guru_pjok", "guru_bk"):
                        lv = {"ahli_pertama" if rng.random() < 0.5 else "ahli_muda": 1}
                    b.functional(u, sk, lv)
            if rng.random() < (0.35 if kind == "sd" else 0.9):
                b.pelaksana(u, "Pengadministrasi Sekolah", 1)

    # --- puskesmas ---------------------------------------------------------------------------------------------
    n_pkm = max(2, int(round(18 * s)))
    pkm_kec = np.concatenate([np.arange(min(n_kec, n_pkm)), rng.choice(n_kec, size=max(0, n_pkm - n_kec))])
    for j, k in enumerate(np.sort(pkm_kec), start=1):
        k = int(k)
        vn = kec_names[k] if rng.random() < 0.6 else village_names(1, rng, taken)[0]
        name = f"UPTD Puskesmas {vn}"
        u = _u(b, b.unit(f"PKM-{j:02d}", name, "puskesmas", "puskesmas", parent="DINKES", remote=remote[k],
                         fields=("medis", "keperawatan", "kebidanan", "farmasi", "kesmas"), front=True, hard=0.3))
        b.post(u, f"Kepala {name}", "pengawas", "kesmas", 0.5, struct=1, track="kesehatan", head_kind="puskesmas",
               req_base=2.4)
        b.post(u, f"Kepala Subbagian Tata Usaha {name}", "pengawas", "umum", 0.3, struct=1)
        p = rng.random
        b.functional(u, "dokter", {"ahli_pertama": int(rng.integers(1, 3)), "ahli_muda": int(p() < 0.4)})
        b.functional(u, "dokter_gigi", {"ahli_pertama": int(p() < 0.5)})
        b.functional(u, "perawat", {"terampil": int(rng.integers(2, 5)), "mahir": int(p() < 0.6), "ahli_pertama": 1,
                                    "ahli_muda": int(p() < 0.35)})
        b.functional(u, "bidan", {"terampil": int(rng.integers(2, 5)), "mahir": int(p() < 0.5), "ahli_pertama": 1})
        b.functional(u, "ttk", {"terampil": 1})
        for sk, pr in (("sanitarian", 0.7), ("nutrisionis", 0.7), ("plk", 0.6), ("perekam_medis", 0.4)):
            if p() < pr:
                b.functional(u, sk, {"terampil": 1})
        for sk, pr in (("apoteker", 0.4), ("promkes", 0.5), ("epidemiolog", 0.25)):
            if p() < pr:
                b.functional(u, sk, {"ahli_pertama": 1})
        b.pelaksana(u, "Pengadministrasi Umum", 1)
        b.pelaksana(u, "Bendahara", 1)

    # --- assemble -------------------------------------------------------------------------------------------------
    units = pd.DataFrame(b.units)
    pos = pd.DataFrame(b.posts)
    req = np.vstack(b.reqs)
    # health posts in Dinkes, puskesmas and RSUD recruit from the health family; Disdik's pengawas from teachers
    unit_kind = dict(zip(units.unit_id, units.kind))
    pos["unit_kind"] = pos.unit_id.map(unit_kind)
    pos.loc[(pos.unit_id == "DINKES") & (pos.job_type == "fungsional"), "track"] = "kesehatan"
    pos["hard_raw"] = pos.hard_raw - pos.hard_raw.mean()

    _scale_slots(pos, employees, rng)
    pos["position_id"] = [f"JBT{i + 1:05d}" for i in range(len(pos))]
    _export_texts(pos, req, rng)

    unit_fields = np.zeros((len(units), N_FIELDS), dtype=bool)
    for i, fs in enumerate(units.fields):
        for f in fs:
            unit_fields[i, FIELD_INDEX[f]] = True
    units["periphery"] = units.kind.isin(PERIPHERY_KINDS)
    return Org(units=units, positions=pos.reset_index(drop=True), req=req, unit_fields=unit_fields)


def _scale_slots(pos: pd.DataFrame, employees: int, rng: np.random.Generator) -> None:
    """Scale the big pools so the peta jabatan needs ~12% more people than the regency has."""
    target = int(round(1.12 * employees))
    fixed = pos.slots.where((pos.struct > 0) | pos.title.str.startswith("Sekretaris Desa"), 0)
    pool = pos.slots.where(fixed == 0, 0).astype(float)
    need = target - fixed.sum()
    if pool.sum() <= 0:
        return
    factor = max(need, 0) / pool.sum()
    scaled = pool * factor
    frac = scaled - np.floor(scaled)
    new = np.floor(scaled) + (rng.random(len(pos)) < frac)
    new = np.where(fixed > 0, fixed, np.maximum(new, 1))
    pos["slots"] = new.astype(int)


def _export_texts(pos: pd.DataFrame, req: np.ndarray, rng: np.random.Generator) -> None:
    """The columns as a BKPSDM clerk filled them in: fields of study, standards, trainings."""
    from .domains import FIELDS
    fos, comp, trn = [], [], []
    for i, r in enumerate(pos.itertuples(index=False)):
        # fields of study: majors strong in the post's field, written free-text; often left empty
        text = ""
        if r.spec >= 0.45 and rng.random() < 0.75:
            lvl = {"SD": "SMA", "SMP": "SMA"}.get(r.min_education, r.min_education)
            cand = [j for j in majors_at("S1" if lvl in ("PROFESI", "S2", "D4") else lvl)
                    if MAJORS[j].profile.get(FIELDS[r.field], 0) >= 0.7]
            if cand:
                k = min(len(cand), int(rng.integers(1, 4)))
                pick = rng.choice(cand, size=k, replace=False)
                parts = [render_major(int(j), lvl, rng) or MAJORS[int(j)].names[0] for j in pick]
                text = ";".join(dict.fromkeys(p for p in parts if p))
        fos.append(text)
        # competency standard: always for structural posts, often for others
        p_std = 1.0 if r.struct else (0.5 if r.job_type == "fungsional" else 0.3)
        if rng.random() < p_std:
            lv = np.clip(np.rint(req[i]), 1, 5).astype(int)
            items = [f"{c}={v}" for c, v in zip(COMPETENCIES, lv)]
            items.append(f"teknis={int(np.clip(round(r.base_req + 1.5 * r.spec), 1, 5))}")
            comp.append(";".join(items))
        else:
            comp.append("")
        # required trainings (the leadership level of the post; old names linger)
        t = ""
        if r.job_type == "pengawas":
            t = "Diklatpim IV" if rng.random() < 0.2 else "PKP"
        elif r.job_type == "administrator":
            t = "Diklatpim III" if rng.random() < 0.2 else "PKA"
        elif r.job_type == "jpt_pratama":
            t = "Diklatpim II" if rng.random() < 0.2 else "PKN2"
        if r.trainings:
            t = f"{t};{r.trainings}" if t else r.trainings
        trn.append(t)
    pos["fields_of_study"] = fos
    pos["competency_standard"] = comp
    pos["required_trainings"] = trn
