"""The catalogue of posts (jabatan): functional series with their levels, and pelaksana posts.

Why: a post's title is what the export shows; its field, specialisation and level are what
the truth uses. Keeping both in one catalogue means a title always means the same work.
Specialisation (0..1) says how much the field of the person matters in the post: a Dokter
post is 1.0, a Pengadministrasi Umum 0.15.
"""

from __future__ import annotations

from dataclasses import dataclass

FUNCTIONAL_LEVELS = ["pemula", "terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"]
LEVEL_TITLE = {"pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir", "penyelia": "Penyelia",
               "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda", "ahli_madya": "Ahli Madya",
               "ahli_utama": "Ahli Utama"}
LEVEL_CLASS = {"pemula": 5, "terampil": 6, "mahir": 7, "penyelia": 8, "ahli_pertama": 8, "ahli_muda": 9,
               "ahli_madya": 11, "ahli_utama": 13}
LEVEL_MIN_RANK = {"pemula": "II/a", "terampil": "II/c", "mahir": "III/a", "penyelia": "III/b",
                  "ahli_pertama": "III/a", "ahli_muda": "III/c", "ahli_madya": "IV/a", "ahli_utama": "IV/d"}
LEVEL_EDU = {"pemula": "SMA", "terampil": "D3", "mahir": "D3", "penyelia": "D3", "ahli_pertama": "S1",
             "ahli_muda": "S1", "ahli_madya": "S1", "ahli_utama": "S1"}
# managerial-competency target of a non-structural post, by level
LEVEL_REQ = {"pemula": 1.0, "terampil": 1.2, "mahir": 1.6, "penyelia": 2.0, "ahli_pertama": 1.5,
             "ahli_muda": 2.0, "ahli_madya": 2.6, "ahli_utama": 3.2}


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    field: str
    spec: float
    track: str                  # guru / kesehatan / umum: the career family it recruits from
    edu_override: tuple = ()    # (level, min_education) pairs that differ from LEVEL_EDU
    training: str = ""          # a free-text functional training the standard asks for


def _s(key, title, field, spec, track="umum", edu=(), training=""):
    return Series(key, title, field, spec, track, tuple(edu), training)


_PROFESI_AHLI = (("ahli_pertama", "PROFESI"), ("ahli_muda", "PROFESI"), ("ahli_madya", "PROFESI"))

SERIES: dict[str, Series] = {s.key: s for s in [
    _s("guru_kelas", "Guru Kelas", "pgsd", 0.95, "guru"),
    _s("guru_pjok", "Guru Pendidikan Jasmani, Olahraga dan Kesehatan", "pend_jasmani", 0.9, "guru"),
    _s("guru_mat", "Guru Matematika", "pend_mipa", 0.95, "guru"),
    _s("guru_ipa", "Guru Ilmu Pengetahuan Alam", "pend_mipa", 0.95, "guru"),
    _s("guru_bindo", "Guru Bahasa Indonesia", "pend_bahasa", 0.95, "guru"),
    _s("guru_bing", "Guru Bahasa Inggris", "pend_bahasa", 0.95, "guru"),
    _s("guru_ips", "Guru Ilmu Pengetahuan Sosial", "pend_ips", 0.9, "guru"),
    _s("guru_ppkn", "Guru Pendidikan Pancasila", "pend_ips", 0.9, "guru"),
    _s("guru_bk", "Guru Bimbingan dan Konseling", "sdm", 0.6, "guru"),
    _s("pengawas_sekolah", "Pengawas Sekolah", "pgsd", 0.6, "guru", training="Diklat Calon Pengawas Sekolah"),
    _s("dokter", "Dokter", "medis", 1.0, "kesehatan", _PROFESI_AHLI),
    _s("dokter_gigi", "Dokter Gigi", "medis", 1.0, "kesehatan", _PROFESI_AHLI),
    _s("dokter_spesialis", "Dokter Spesialis", "medis", 1.0, "kesehatan", (("ahli_muda", "S2"), ("ahli_madya", "S2"))),
    _s("perawat", "Perawat", "keperawatan", 1.0, "kesehatan", (("ahli_pertama", "PROFESI"), ("ahli_muda", "PROFESI"))),
    _s("bidan", "Bidan", "kebidanan", 1.0, "kesehatan", (("ahli_pertama", "PROFESI"), ("ahli_muda", "PROFESI"))),
    _s("apoteker", "Apoteker", "farmasi", 1.0, "kesehatan", _PROFESI_AHLI),
    _s("ttk", "Asisten Apoteker", "farmasi", 0.9, "kesehatan"),
    _s("sanitarian", "Tenaga Sanitasi Lingkungan", "kesmas", 0.8, "kesehatan"),
    _s("nutrisionis", "Nutrisionis", "kesmas", 0.8, "kesehatan"),
    _s("plk", "Pranata Laboratorium Kesehatan", "kesmas", 0.8, "kesehatan"),
    _s("epidemiolog", "Epidemiolog Kesehatan", "kesmas", 0.8, "kesehatan"),
    _s("promkes", "Penyuluh Kesehatan Masyarakat", "kesmas", 0.7, "kesehatan"),
    _s("perekam_medis", "Perekam Medis", "kesmas", 0.6, "kesehatan"),
    _s("radiografer", "Radiografer", "medis", 0.8, "kesehatan"),
    _s("fisioterapis", "Fisioterapis", "medis", 0.7, "kesehatan"),
    _s("adminkes", "Administrator Kesehatan", "kesmas", 0.6, "kesehatan"),
    _s("analis_keuangan", "Analis Keuangan Pusat dan Daerah", "keuangan", 0.85),
    _s("auditor", "Auditor", "keuangan", 0.85, training="Diklat Pembentukan Auditor"),
    _s("p2upd", "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pemerintahan", 0.75),
    _s("perencana", "Perencana", "ekonomi", 0.75, training="Diklat Fungsional Perencana"),
    _s("analis_kebijakan", "Analis Kebijakan", "pemerintahan", 0.45),
    _s("analis_sdm", "Analis Sumber Daya Manusia Aparatur", "sdm", 0.8),
    _s("asesor_sdm", "Asesor Sumber Daya Manusia Aparatur", "sdm", 0.85),
    _s("pranata_komputer", "Pranata Komputer", "ti", 0.95),
    _s("pranata_humas", "Pranata Hubungan Masyarakat", "komunikasi", 0.8),
    _s("statistisi", "Statistisi", "ti", 0.8),
    _s("sandiman", "Sandiman", "ti", 0.8),
    _s("arsiparis", "Arsiparis", "arsip", 0.8),
    _s("pustakawan", "Pustakawan", "arsip", 0.85),
    _s("analis_hukum", "Analis Hukum", "hukum", 0.85),
    _s("perancang_uu", "Perancang Peraturan Perundang-undangan", "hukum", 0.9),
    _s("pengelola_pbj", "Pengelola Pengadaan Barang/Jasa", "keuangan", 0.7, training="Sertifikasi Pengadaan Barang/Jasa"),
    _s("polpp", "Polisi Pamong Praja", "hukum", 0.35, edu=(("terampil", "SMA"), ("mahir", "SMA"))),
    _s("damkar", "Pemadam Kebakaran", "umum", 0.3, edu=(("terampil", "SMA"),)),
    _s("penyuluh_pertanian", "Penyuluh Pertanian", "pertanian", 0.95),
    _s("popt", "Pengendali Organisme Pengganggu Tumbuhan", "pertanian", 0.9),
    _s("penyuluh_perikanan", "Penyuluh Perikanan", "perikanan", 0.95),
    _s("medik_veteriner", "Medik Veteriner", "peternakan", 1.0, edu=(("ahli_pertama", "PROFESI"), ("ahli_muda", "PROFESI"))),
    _s("paramedik_veteriner", "Paramedik Veteriner", "peternakan", 0.9),
    _s("penata_ruang", "Penata Ruang", "sipil", 0.85),
    _s("teknik_jalan", "Teknik Jalan dan Jembatan", "sipil", 0.9),
    _s("teknik_pengairan", "Teknik Pengairan", "sipil", 0.9),
    _s("pengendali_dampak", "Pengendali Dampak Lingkungan", "lingkungan", 0.9),
    _s("penguji_kendaraan", "Penguji Kendaraan Bermotor", "transportasi", 0.9),
    _s("pekerja_sosial", "Pekerja Sosial", "sosial", 0.85),
    _s("penyuluh_sosial", "Penyuluh Sosial", "sosial", 0.7),
    _s("penyuluh_kb", "Penyuluh Keluarga Berencana", "sosial", 0.6),
    _s("mediator_hi", "Mediator Hubungan Industrial", "hukum", 0.7),
    _s("pengantar_kerja", "Pengantar Kerja", "sosial", 0.5),
    _s("pengawas_koperasi", "Pengawas Koperasi", "ekonomi", 0.7),
    _s("penata_perizinan", "Penata Perizinan", "hukum", 0.5),
    _s("pengawas_perdagangan", "Pengawas Perdagangan", "ekonomi", 0.6),
    _s("penera", "Penera", "ekonomi", 0.5),
    _s("adm_database", "Administrator Database Kependudukan", "ti", 0.9),
    _s("ketahanan_pangan", "Analis Ketahanan Pangan", "pertanian", 0.7),
    _s("pemeriksa_pajak", "Pemeriksa Pajak Daerah", "keuangan", 0.85),
    _s("analis_bencana", "Analis Kebencanaan", "lingkungan", 0.5),
    _s("penggerak_swadaya", "Penggerak Swadaya Masyarakat", "sosial", 0.6),
    _s("adyatama", "Adyatama Kepariwisataan dan Ekonomi Kreatif", "ekonomi", 0.5),
]}

# pelaksana posts: title -> (field, specialisation, min_education)
PELAKSANA: dict[str, tuple[str, float, str]] = {
    "Pengadministrasi Umum": ("umum", 0.15, "SMA"),
    "Pengelola Layanan Operasional": ("umum", 0.15, "D3"),
    "Penata Layanan Operasional": ("umum", 0.2, "S1"),
    "Operator Layanan Operasional": ("umum", 0.1, "SMA"),
    "Pengelola Keuangan": ("keuangan", 0.6, "D3"),
    "Bendahara": ("keuangan", 0.7, "SMA"),
    "Verifikator Keuangan": ("keuangan", 0.7, "S1"),
    "Pengelola Barang Milik Daerah": ("keuangan", 0.4, "SMA"),
    "Pengolah Data": ("ti", 0.4, "SMA"),
    "Pengelola Sistem dan Jaringan": ("ti", 0.8, "D3"),
    "Pengadministrasi Kepegawaian": ("sdm", 0.4, "SMA"),
    "Penyusun Program Anggaran dan Pelaporan": ("ekonomi", 0.45, "D3"),
    "Pengelola Program dan Kegiatan": ("ekonomi", 0.4, "S1"),
    "Pengadministrasi Registrasi Kependudukan": ("pemerintahan", 0.35, "SMA"),
    "Pengawas Lapangan": ("sipil", 0.5, "D3"),
    "Pengelola Persampahan": ("lingkungan", 0.3, "SMA"),
    "Pengelola Pajak Daerah": ("keuangan", 0.5, "D3"),
    "Juru Pungut Retribusi": ("keuangan", 0.25, "SMA"),
    "Pengelola Pelayanan Kesehatan": ("kesmas", 0.4, "D3"),
    "Pengadministrasi Sekolah": ("umum", 0.2, "SMA"),
    "Sekretaris Desa": ("pemerintahan", 0.4, "SMA"),
    "Pengemudi": ("umum", 0.05, "SMP"),
    "Pramu Bakti": ("umum", 0.05, "SD"),
    "Petugas Keamanan": ("umum", 0.05, "SD"),
}
