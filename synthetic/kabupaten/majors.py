"""Majors (jurusan / program studi) of the kabupaten's civil servants, and how HR types them.

Why: the education mechanism of the truth reads a major's *profile over fields* (an Agribisnis
graduate is part farmer, part economist), while the export shows only free text typed by HR
staff in many spellings. This module holds both sides: the profile the truth uses and the
renderer that makes the messy text. Many majors here are ones a generic major-to-field
mapping would not know (Manajemen Sumber Daya Perairan, STPP, Rekam Medis, PJKR, IPDN...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .domains import FIELD_INDEX, N_FIELDS


@dataclass(frozen=True)
class Major:
    key: str
    levels: tuple[str, ...]
    profile: dict[str, float]
    prevalence: float
    names: tuple[str, ...]

    def vector(self) -> np.ndarray:
        v = np.zeros(N_FIELDS)
        for f, w in self.profile.items():
            v[FIELD_INDEX[f]] = w
        return v


def _m(key, levels, profile, prevalence, *names):
    return Major(key, tuple(levels.split()), profile, prevalence, tuple(names))


MAJORS: list[Major] = [
    # --- basic and secondary schooling --------------------------------------------------
    _m("sd", "SD", {"umum": 1.0}, 1, "SD", "Sekolah Dasar", "SDN"),
    _m("smp", "SMP", {"umum": 1.0}, 1, "SMP", "SLTP", "SMP Negeri"),
    _m("sma_ipa", "SMA", {"umum": 1.0}, 3, "IPA", "SMA IPA", "SMU IPA", "Ilmu Pengetahuan Alam", "A1 Fisika", "Paspal"),
    _m("sma_ips", "SMA", {"umum": 1.0}, 3, "IPS", "SMA IPS", "SMU IPS", "Ilmu Pengetahuan Sosial", "A3 Sosial"),
    _m("sma", "SMA", {"umum": 1.0}, 2, "SMA", "SLTA", "SMU", "Paket C"),
    _m("smk_akuntansi", "SMA", {"umum": 1.0, "keuangan": 0.5}, 1.2, "SMK Akuntansi", "SMEA", "SMEA Akuntansi", "Akuntansi SMK"),
    _m("smk_tkj", "SMA", {"umum": 1.0, "ti": 0.5}, 0.8, "SMK TKJ", "Teknik Komputer dan Jaringan", "TKJ", "SMK Teknik Komputer Jaringan"),
    _m("smk_adm", "SMA", {"umum": 1.0, "arsip": 0.3}, 1, "Administrasi Perkantoran", "SMK Adm. Perkantoran", "Sekretaris", "SMEA Tata Usaha"),
    _m("spk", "SMA", {"keperawatan": 0.7, "umum": 0.5}, 0.5, "SPK", "Sekolah Perawat Kesehatan", "SPK Depkes"),
    _m("smk_pertanian", "SMA", {"pertanian": 0.6, "umum": 1.0}, 0.5, "SPMA", "SMK Pertanian", "Sekolah Pertanian Pembangunan"),
    _m("stm", "SMA", {"sipil": 0.5, "umum": 1.0}, 0.6, "STM Bangunan", "SMK Teknik Bangunan", "STM"),
    _m("smf", "SMA", {"farmasi": 0.6, "umum": 0.5}, 0.3, "SMF", "Sekolah Menengah Farmasi", "SMK Farmasi"),
    # --- diplomas ---------------------------------------------------------------------------
    _m("d1_bidan", "D1", {"kebidanan": 0.8}, 1, "Program Pendidikan Bidan", "PPB", "D1 Kebidanan", "Bidan A"),
    _m("d1_komputer", "D1", {"ti": 0.5, "umum": 0.6}, 0.5, "D1 Komputer", "Manajemen Informatika D1", "Program Satu Tahun Komputer"),
    _m("d2_pgsd", "D2", {"pgsd": 0.8}, 1, "D2 PGSD", "PGSD", "D-II PGSD", "Pendidikan Guru Sekolah Dasar", "PGSD D-II"),
    _m("d2_penjas", "D2", {"pend_jasmani": 0.8}, 0.3, "D2 Penjaskes", "PGSD Penjas", "Penjaskes"),
    _m("d3_perawat", "D3", {"keperawatan": 1.0}, 3, "Keperawatan", "D-III Keperawatan", "AKPER", "Akademi Keperawatan", "DIII Keperawatan", "Akper Pemkab"),
    _m("d3_bidan", "D3", {"kebidanan": 1.0}, 3, "Kebidanan", "D-III Kebidanan", "AKBID", "Akademi Kebidanan", "DIII Kebidanan"),
    _m("d3_farmasi", "D3", {"farmasi": 0.9}, 1, "Farmasi", "D3 Farmasi", "AKFAR", "Analis Farmasi dan Makanan"),
    _m("d3_analis", "D3", {"kesmas": 0.7, "medis": 0.2}, 0.8, "Analis Kesehatan", "Teknologi Laboratorium Medis", "TLM", "Analis Medis"),
    _m("d3_gizi", "D3", {"kesmas": 0.8}, 0.7, "Gizi", "D3 Gizi", "AKZI", "Nutrisi"),
    _m("d3_kesling", "D3", {"kesmas": 0.8, "lingkungan": 0.5}, 0.7, "Kesehatan Lingkungan", "Kesling", "APK TS", "Sanitasi"),
    _m("d3_rekmed", "D3", {"kesmas": 0.5, "arsip": 0.4, "ti": 0.2}, 0.6, "Rekam Medis", "Rekam Medis dan Informasi Kesehatan", "RMIK", "Rekam Medik"),
    _m("d3_radiologi", "D3", {"medis": 0.5}, 0.3, "Radiodiagnostik dan Radioterapi", "Teknik Radiologi", "ATRO", "Radiologi"),
    _m("d3_fisio", "D3", {"medis": 0.4, "keperawatan": 0.3}, 0.3, "Fisioterapi", "Akademi Fisioterapi"),
    _m("d3_akuntansi", "D3", {"keuangan": 0.9}, 1.5, "Akuntansi", "D3 Akuntansi", "Ak.", "Akuntansi Perpajakan", "Keuangan dan Perbankan"),
    _m("d3_mi", "D3", {"ti": 0.8}, 1.2, "Manajemen Informatika", "Teknik Komputer", "AMIK", "MI", "Komputerisasi Akuntansi"),
    _m("d3_sekretari", "D3", {"umum": 1.0, "arsip": 0.4, "komunikasi": 0.2}, 1, "Sekretari", "ASMI", "Administrasi Perkantoran", "Sekretaris"),
    _m("d3_sipil", "D3", {"sipil": 0.8}, 0.8, "Teknik Sipil", "Politeknik Sipil", "Teknik Bangunan"),
    _m("d3_pertanian", "D3", {"pertanian": 0.8}, 0.8, "Budidaya Tanaman", "D3 Pertanian", "Agronomi", "Penyuluhan Pertanian"),
    _m("d3_keswan", "D3", {"peternakan": 0.8}, 0.4, "Kesehatan Hewan", "Peternakan", "Paramedik Veteriner"),
    _m("d3_perpus", "D3", {"arsip": 0.8}, 0.4, "Perpustakaan", "Ilmu Perpustakaan", "Kearsipan"),
    _m("d3_perikanan", "D3", {"perikanan": 0.8}, 0.4, "Budidaya Perikanan", "Perikanan", "Teknologi Hasil Perikanan"),
    _m("d3_llaj", "D3", {"transportasi": 0.8}, 0.3, "Manajemen Transportasi", "LLAJ", "Lalu Lintas Angkutan Jalan"),
    _m("d3_hukum", "D3", {"hukum": 0.6, "pemerintahan": 0.3}, 0.2, "Hukum", "Paralegal"),
    # --- D4 (counts as S1) ------------------------------------------------------------------------
    _m("ipdn", "D4", {"pemerintahan": 1.0, "hukum": 0.3, "sdm": 0.3}, 1.5, "Manajemen Pemerintahan", "D-IV Manajemen Pemerintahan", "Ilmu Pemerintahan (IPDN)", "STPDN", "IPDN", "Kebijakan Pemerintahan"),
    _m("d4_bidan", "D4", {"kebidanan": 1.0}, 1, "Bidan Pendidik", "D-IV Bidan Pendidik", "Sarjana Terapan Kebidanan", "Kebidanan"),
    _m("d4_stan", "D4", {"keuangan": 1.0}, 0.4, "Akuntansi Sektor Publik", "Akuntansi Pemerintahan", "STAN"),
    _m("d4_sttd", "D4", {"transportasi": 1.0}, 0.3, "Transportasi Darat", "STTD", "Manajemen Transportasi Jalan"),
    _m("d4_perawat", "D4", {"keperawatan": 1.0}, 0.5, "Keperawatan", "Sarjana Terapan Keperawatan", "Keperawatan Anestesiologi"),
    # --- S1 -----------------------------------------------------------------------------------------
    _m("akuntansi", "S1", {"keuangan": 1.0, "ekonomi": 0.5}, 4, "Akuntansi", "Ekonomi Akuntansi", "Ilmu Akuntansi", "Ekonomi/Akuntansi", "Akuntansi Keuangan"),
    _m("manajemen", "S1", {"ekonomi": 0.8, "keuangan": 0.5, "sdm": 0.4}, 4, "Manajemen", "Ekonomi Manajemen", "Manajemen Keuangan", "Manajemen SDM", "Manajemen Pemasaran"),
    _m("ekonomi", "S1", {"ekonomi": 1.0, "keuangan": 0.4}, 2, "Ekonomi Pembangunan", "Ekonomi Studi Pembangunan", "ESP", "Ilmu Ekonomi", "Ekonomi"),
    _m("agribisnis", "S1", {"pertanian": 0.7, "ekonomi": 0.5}, 1.5, "Agribisnis", "Sosial Ekonomi Pertanian", "SEP", "Agrobisnis"),
    _m("agroteknologi", "S1", {"pertanian": 1.0}, 1.5, "Agroteknologi", "Agronomi", "Budidaya Pertanian", "Ilmu Tanah", "Hama dan Penyakit Tumbuhan", "Pertanian"),
    _m("stpp", "S1 D4", {"pertanian": 1.0, "komunikasi": 0.3, "sosial": 0.2}, 1, "Penyuluhan Pertanian", "Penyuluhan dan Komunikasi Pertanian", "STPP", "Penyuluhan Pertanian Berkelanjutan"),
    _m("kehutanan", "S1", {"lingkungan": 0.7, "pertanian": 0.4}, 0.5, "Kehutanan", "Manajemen Hutan", "Ilmu Kehutanan"),
    _m("perikanan", "S1", {"perikanan": 1.0, "lingkungan": 0.2}, 0.8, "Perikanan", "Budidaya Perairan", "Manajemen Sumber Daya Perairan", "MSP", "Teknologi Hasil Perikanan", "Ilmu Kelautan"),
    _m("peternakan", "S1", {"peternakan": 1.0}, 0.6, "Peternakan", "Ilmu Peternakan", "Produksi Ternak", "Nutrisi dan Makanan Ternak"),
    _m("hukum", "S1", {"hukum": 1.0, "pemerintahan": 0.3}, 3, "Ilmu Hukum", "Hukum", "Hukum Pidana", "Hukum Perdata", "Hukum Tata Negara", "Hukum Administrasi Negara"),
    _m("adm_negara", "S1", {"pemerintahan": 1.0, "sdm": 0.4, "keuangan": 0.2}, 4, "Ilmu Administrasi Negara", "Administrasi Negara", "Administrasi Publik", "Adm. Negara", "Ilmu Administrasi Publik", "Administrasi Pemerintahan"),
    _m("ilmu_pemerintahan", "S1", {"pemerintahan": 1.0, "hukum": 0.2}, 1.5, "Ilmu Pemerintahan", "Pemerintahan", "Ilmu Politik dan Pemerintahan"),
    _m("ilmu_politik", "S1", {"pemerintahan": 0.6, "komunikasi": 0.3}, 0.5, "Ilmu Politik", "Politik", "Hubungan Internasional"),
    _m("adm_niaga", "S1", {"ekonomi": 0.6, "keuangan": 0.3}, 0.6, "Administrasi Niaga", "Ilmu Administrasi Bisnis", "Adm. Bisnis"),
    _m("sosiologi", "S1", {"sosial": 0.7, "pemerintahan": 0.3}, 0.6, "Sosiologi", "Antropologi", "Antropologi Sosial"),
    _m("kesos", "S1", {"sosial": 1.0}, 0.8, "Kesejahteraan Sosial", "Ilmu Kesejahteraan Sosial", "Pekerjaan Sosial", "STKS"),
    _m("psikologi", "S1", {"sdm": 1.0, "sosial": 0.3}, 0.7, "Psikologi", "Psikologi Industri dan Organisasi", "Psikologi Sosial"),
    _m("komunikasi", "S1", {"komunikasi": 1.0}, 1, "Ilmu Komunikasi", "Komunikasi", "Jurnalistik", "Hubungan Masyarakat", "Public Relations", "Broadcasting"),
    _m("informatika", "S1", {"ti": 1.0}, 2, "Teknik Informatika", "Informatika", "Ilmu Komputer", "T. Informatika", "Teknik Komputer", "Sistem Komputer"),
    _m("sisfo", "S1", {"ti": 0.9, "keuangan": 0.1}, 1.2, "Sistem Informasi", "Manajemen Informatika", "Sistem Informasi Manajemen", "Komputerisasi Akuntansi"),
    _m("statistika", "S1", {"ti": 0.7, "ekonomi": 0.4}, 0.4, "Statistika", "Statistik", "Matematika Statistika"),
    _m("matematika", "S1", {"pend_mipa": 0.4, "ti": 0.4}, 0.5, "Matematika", "MIPA Matematika", "Matematika Murni"),
    _m("biologi", "S1", {"pend_mipa": 0.3, "kesmas": 0.2, "lingkungan": 0.3}, 0.5, "Biologi", "MIPA Biologi"),
    _m("teknik_sipil", "S1", {"sipil": 1.0}, 2, "Teknik Sipil", "T. Sipil", "Sipil", "Teknik Sipil dan Lingkungan"),
    _m("arsitektur", "S1", {"sipil": 0.8}, 0.6, "Arsitektur", "Teknik Arsitektur", "Perencanaan Wilayah dan Kota", "Planologi", "PWK"),
    _m("geodesi", "S1", {"sipil": 0.7, "pemerintahan": 0.2}, 0.3, "Teknik Geodesi", "Geodesi", "Teknik Geomatika"),
    _m("tek_lingkungan", "S1", {"lingkungan": 1.0, "sipil": 0.3}, 0.7, "Teknik Lingkungan", "Ilmu Lingkungan", "T. Lingkungan"),
    _m("elektro", "S1", {"ti": 0.5, "sipil": 0.3}, 0.5, "Teknik Elektro", "Elektro", "Teknik Listrik"),
    _m("mesin", "S1", {"transportasi": 0.4, "sipil": 0.3}, 0.4, "Teknik Mesin", "Mesin", "Teknik Otomotif"),
    _m("kedokteran", "S1", {"medis": 1.0}, 1, "Kedokteran", "Pendidikan Dokter", "Kedokteran Umum", "FK", "Pendidikan Dokter Umum"),
    _m("kedokteran_gigi", "S1", {"medis": 1.0}, 0.3, "Kedokteran Gigi", "Pendidikan Dokter Gigi", "FKG"),
    _m("kedokteran_hewan", "S1", {"peternakan": 1.0}, 0.2, "Kedokteran Hewan", "FKH"),
    _m("keperawatan", "S1", {"keperawatan": 1.0}, 2, "Keperawatan", "Ilmu Keperawatan", "S.Kep", "PSIK"),
    _m("kesmas", "S1", {"kesmas": 1.0, "medis": 0.2}, 2, "Kesehatan Masyarakat", "Kesmas", "SKM", "Ilmu Kesehatan Masyarakat", "Epidemiologi", "Promosi Kesehatan", "Administrasi dan Kebijakan Kesehatan"),
    _m("farmasi", "S1", {"farmasi": 1.0}, 0.6, "Farmasi", "Ilmu Farmasi"),
    _m("gizi", "S1", {"kesmas": 0.9}, 0.5, "Gizi", "Ilmu Gizi", "Gizi Kesehatan"),
    _m("kebidanan_s1", "S1", {"kebidanan": 1.0}, 0.6, "Kebidanan", "S1 Kebidanan", "Ilmu Kebidanan"),
    _m("pgsd", "S1", {"pgsd": 1.0}, 6, "PGSD", "Pendidikan Guru Sekolah Dasar", "Pend. Guru SD", "P.G.S.D", "Pendidikan Guru SD"),
    _m("pgpaud", "S1", {"pgsd": 0.7}, 0.6, "PG-PAUD", "Pendidikan Guru PAUD", "PAUD"),
    _m("pend_matematika", "S1", {"pend_mipa": 1.0}, 1.5, "Pendidikan Matematika", "Pend. Matematika", "Pendidikan MIPA", "P. Matematika"),
    _m("pend_ipa", "S1", {"pend_mipa": 1.0}, 1.5, "Pendidikan Biologi", "Pendidikan Fisika", "Pendidikan Kimia", "Pendidikan IPA", "Pend. Biologi"),
    _m("pend_bindo", "S1", {"pend_bahasa": 1.0}, 1.2, "Pendidikan Bahasa dan Sastra Indonesia", "Pend. Bahasa Indonesia", "PBSI", "Bahasa Indonesia"),
    _m("pend_bing", "S1", {"pend_bahasa": 1.0, "komunikasi": 0.2}, 1.2, "Pendidikan Bahasa Inggris", "Pend. B. Inggris", "Bahasa Inggris", "TBI"),
    _m("sastra_inggris", "S1", {"pend_bahasa": 0.5, "komunikasi": 0.4}, 0.3, "Sastra Inggris", "Bahasa dan Sastra Inggris", "Sastra"),
    _m("pend_ips", "S1", {"pend_ips": 1.0}, 1.5, "Pendidikan Sejarah", "Pendidikan Geografi", "Pendidikan Ekonomi", "PPKn", "Pendidikan Pancasila dan Kewarganegaraan", "PMP", "Pendidikan IPS"),
    _m("pend_jasmani", "S1", {"pend_jasmani": 1.0}, 1.2, "Pendidikan Jasmani", "PJKR", "Pendidikan Jasmani Kesehatan dan Rekreasi", "Penjaskes", "Pend. Olahraga", "Ilmu Keolahragaan"),
    _m("bk", "S1", {"pend_ips": 0.3, "sdm": 0.5, "sosial": 0.3}, 0.5, "Bimbingan dan Konseling", "BK", "Bimbingan Konseling"),
    _m("pls", "S1", {"sosial": 0.5, "pgsd": 0.3}, 0.3, "Pendidikan Luar Sekolah", "PLS", "Pendidikan Nonformal"),
    _m("perpustakaan", "S1", {"arsip": 1.0}, 0.4, "Ilmu Perpustakaan", "Ilmu Informasi dan Perpustakaan", "Kearsipan"),
    _m("sejarah", "S1", {"arsip": 0.3, "pend_ips": 0.3}, 0.2, "Sejarah", "Ilmu Sejarah"),
    # --- profession (after S1) -------------------------------------------------------------------
    _m("profesi_dokter", "PROFESI", {"medis": 1.0}, 1, "Profesi Dokter", "Dokter", "Pendidikan Profesi Dokter", "dr."),
    _m("profesi_drg", "PROFESI", {"medis": 1.0}, 0.3, "Profesi Dokter Gigi", "Dokter Gigi", "drg."),
    _m("ners", "PROFESI", {"keperawatan": 1.0}, 1, "Ners", "Profesi Ners", "Pendidikan Profesi Ners", "Ns."),
    _m("profesi_bidan", "PROFESI", {"kebidanan": 1.0}, 0.6, "Profesi Bidan", "Pendidikan Profesi Bidan"),
    _m("apoteker", "PROFESI", {"farmasi": 1.0}, 0.5, "Apoteker", "Profesi Apoteker", "Apt."),
    _m("drh", "PROFESI", {"peternakan": 1.0}, 0.2, "Dokter Hewan", "Profesi Dokter Hewan", "drh."),
    _m("ppg", "PROFESI", {"pgsd": 0.6, "pend_mipa": 0.3, "pend_bahasa": 0.3, "pend_ips": 0.3}, 0.5, "PPG", "Pendidikan Profesi Guru", "PPG Dalam Jabatan", "Profesi Guru"),
    # --- S2 ---------------------------------------------------------------------------------------
    _m("s2_map", "S2", {"pemerintahan": 1.0, "sdm": 0.4, "keuangan": 0.3}, 3, "Magister Administrasi Publik", "MAP", "Magister Ilmu Administrasi", "Administrasi Negara", "M.Si Administrasi Publik", "Studi Pembangunan"),
    _m("s2_mm", "S2", {"ekonomi": 0.8, "sdm": 0.5, "keuangan": 0.5}, 2, "Magister Manajemen", "MM", "Manajemen SDM", "Manajemen"),
    _m("s2_hukum", "S2", {"hukum": 1.0}, 1, "Magister Hukum", "Magister Ilmu Hukum", "MH", "Magister Kenotariatan"),
    _m("s2_kesmas", "S2", {"kesmas": 1.0, "medis": 0.3}, 1, "Magister Kesehatan Masyarakat", "MKM", "Magister Kesehatan", "Ilmu Kesehatan Masyarakat"),
    _m("s2_pendidikan", "S2", {"pgsd": 0.5, "pend_mipa": 0.3, "pend_bahasa": 0.3, "pend_ips": 0.3, "sdm": 0.3}, 1.2, "Magister Pendidikan", "M.Pd", "Manajemen Pendidikan", "Administrasi Pendidikan", "Teknologi Pendidikan"),
    _m("s2_akuntansi", "S2", {"keuangan": 1.0}, 0.5, "Magister Akuntansi", "M.Ak", "Magister Sains Akuntansi"),
    _m("s2_pwd", "S2", {"ekonomi": 0.8, "sipil": 0.4}, 0.6, "Perencanaan Wilayah dan Pedesaan", "PWD", "Magister Perencanaan Pembangunan"),
    _m("s2_spesialis", "S2", {"medis": 1.0}, 0.4, "Spesialis Penyakit Dalam", "Spesialis Anak", "Spesialis Obstetri dan Ginekologi", "Spesialis Bedah", "Sp.PD", "PPDS Anestesi"),
    _m("s2_ti", "S2", {"ti": 1.0}, 0.3, "Magister Teknik Informatika", "Magister Ilmu Komputer", "M.Kom"),
    _m("s2_pertanian", "S2", {"pertanian": 1.0, "ekonomi": 0.3}, 0.4, "Magister Agribisnis", "Magister Pertanian", "Ilmu Pertanian"),
    _m("s2_lingkungan", "S2", {"lingkungan": 1.0}, 0.3, "Magister Ilmu Lingkungan", "Pengelolaan Sumber Daya Alam dan Lingkungan", "PSL"),
]

MAJOR_INDEX: dict[str, int] = {m.key: i for i, m in enumerate(MAJORS)}
PROFILES = np.array([m.vector() for m in MAJORS])            # (n_majors, n_fields)
PREVALENCE = np.array([m.prevalence for m in MAJORS])


@lru_cache(maxsize=None)
def majors_at(level: str) -> np.ndarray:
    """Indices of majors that exist at an education level (D4 majors also serve S1 and back)."""
    want = {"D4": ("D4", "S1"), "S1": ("S1", "D4")}.get(level, (level,))
    return np.array([i for i, m in enumerate(MAJORS) if any(lv in m.levels for lv in want)], dtype=int)


# ---------------------------------------------------------------------------------------------
# How HR types a major
_LEVEL_PREFIX = {
    "D1": ["D1 ", "D-I ", "DI "], "D2": ["D2 ", "D-II ", "DII "], "D3": ["D3 ", "D-III ", "DIII ", "D III "],
    "D4": ["D4 ", "D-IV ", "DIV "], "S1": ["S1 ", "S-1 ", "S.1 ", "Sarjana "], "S2": ["S2 ", "S-2 ", "Pascasarjana "],
    "PROFESI": ["Profesi "], "SMA": ["SMA ", "SMK "], "SMP": [""], "SD": [""],
}
_ABBREV = [("Pendidikan", ["Pend.", "Pend", "Pdd."]), ("Teknik", ["T.", "Tek."]), ("Ilmu", ["Ilm.", "I."]),
           ("Administrasi", ["Adm.", "Admin.", "Adm"]), ("Manajemen", ["Manaj.", "Mnj."]),
           ("Kesehatan", ["Kes.", "Kes"]), ("Masyarakat", ["Masy.", "Masy"]), ("Bahasa", ["B.", "Bhs."]),
           ("Informatika", ["Inf.", "Informatik"]), ("Keperawatan", ["Kep.", "Keperawatn"]),
           ("Akuntansi", ["Akt.", "Akutansi"]), ("Pemerintahan", ["Pemerintah", "Pem."])]


def _typo(text: str, rng: np.random.Generator) -> str:
    if len(text) < 5:
        return text
    i = int(rng.integers(1, len(text) - 2))
    if rng.random() < 0.5:
        return text[:i] + text[i + 1:]                       # dropped letter
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]    # swapped letters


def render_major(major: int, level: str, rng: np.random.Generator) -> str:
    """The free text an HR clerk typed for this major at this level ("" now and then)."""
    m = MAJORS[major]
    if rng.random() < (0.35 if level in ("SMA", "SMP", "SD") else 0.04):
        return ""
    names = m.names
    text = names[0] if rng.random() < 0.4 else names[int(rng.integers(len(names)))]
    if rng.random() < 0.2:
        for word, subs in _ABBREV:
            if word in text:
                text = text.replace(word, subs[int(rng.integers(len(subs)))], 1)
                break
    if rng.random() < 0.22 and level in _LEVEL_PREFIX and not text.startswith(("S", "D", "M")):
        pre = _LEVEL_PREFIX[level]
        text = pre[int(rng.integers(len(pre)))] + text
    u = rng.random()
    if u < 0.2:
        text = text.upper()
    elif u < 0.32:
        text = text.lower()
    elif u < 0.38:
        text = text.title()
    if rng.random() < 0.05:
        text = _typo(text, rng)
    if rng.random() < 0.03:
        text = text.replace(" ", "  ", 1)
    return text.strip()
