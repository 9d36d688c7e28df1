"""Catalogues of the synthetic city: fungsional families, pelaksana titles, technical
trainings per field. Static data; positions.py and history.py draw from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from synthetic.kota.binjai import FINANCE, GOVERNMENT, IT, LAW


@dataclass(frozen=True)
class Level:
    title: str
    min_education: str
    min_rank: str
    job_class: int
    teknis: int        # technical competency target
    rank_cap: str      # highest rank the level reaches (the top of its band)


LEVELS: dict[str, Level] = {
    "pemula": Level("Pemula", "SMA", "II/a", 5, 1, "II/a"),
    "terampil": Level("Terampil", "D3", "II/b", 6, 2, "II/d"),
    "mahir": Level("Mahir", "D3", "III/a", 7, 2, "III/b"),
    "penyelia": Level("Penyelia", "D3", "III/c", 8, 3, "III/d"),
    "ahli_pertama": Level("Ahli Pertama", "S1", "III/a", 8, 2, "III/b"),
    "ahli_muda": Level("Ahli Muda", "S1", "III/c", 9, 3, "III/d"),
    "ahli_madya": Level("Ahli Madya", "S1", "IV/a", 11, 4, "IV/c"),
}


@dataclass(frozen=True)
class Family:
    """A jabatan fungsional as the peta jabatan lists it."""

    title: str
    fields: tuple[str, ...]
    levels: tuple[str, ...]
    weight: float = 1.0                 # relative number of people
    ahli_education: str = "S1"          # PROFESI for dokter, apoteker, perawat ahli (ners)


FAMILIES: dict[str, Family] = {
    "auditor": Family("Auditor", FINANCE + LAW, ("ahli_pertama", "ahli_muda", "ahli_madya"),
                      3.0),
    "p2upd": Family("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
                    GOVERNMENT + LAW, ("ahli_pertama", "ahli_muda"), 1.5),
    "analis_kebijakan": Family("Analis Kebijakan", GOVERNMENT,
                               ("ahli_pertama", "ahli_muda"), 0.8),
    "pranata_humas": Family("Pranata Hubungan Masyarakat", ("Ilmu Komunikasi",),
                            ("terampil", "ahli_pertama", "ahli_muda"), 0.8),
    "perencana": Family("Perencana", ("Planologi", "Ekonomi", "Administrasi Negara"),
                        ("ahli_pertama", "ahli_muda", "ahli_madya"), 2.0),
    "statistisi": Family("Statistisi", ("Statistika",), ("ahli_pertama", "ahli_muda"), 0.8),
    "peneliti": Family("Peneliti", ("Ekonomi", "Statistika", "Planologi"),
                       ("ahli_pertama",), 0.4),
    "analis_sdm": Family("Analis Sumber Daya Manusia Aparatur",
                         GOVERNMENT + ("Psikologi", "Manajemen"),
                         ("ahli_pertama", "ahli_muda"), 2.0),
    "assessor_sdm": Family("Asesor Sumber Daya Manusia Aparatur", ("Psikologi", "Manajemen"),
                           ("ahli_pertama", "ahli_muda"), 0.6),
    "pranata_komputer": Family("Pranata Komputer", ("Informatika", "Sistem Informasi"),
                               ("terampil", "mahir", "ahli_pertama", "ahli_muda"), 0.7),
    "analis_keuangan": Family("Analis Keuangan Pusat dan Daerah", FINANCE,
                              ("ahli_pertama", "ahli_muda", "ahli_madya"), 3.0),
    "pengelola_pbj": Family("Pengelola Pengadaan Barang/Jasa", FINANCE + ("Teknik Sipil",),
                            ("ahli_pertama", "ahli_muda"), 1.0),
    "analis_hukum": Family("Analis Hukum", LAW, ("ahli_pertama", "ahli_muda"), 1.0),
    "perancang_uu": Family("Perancang Peraturan Perundang-undangan", LAW,
                           ("ahli_pertama", "ahli_muda"), 0.6),
    "analis_bencana": Family("Analis Kebencanaan", ("Teknik Sipil", "Teknik Lingkungan"),
                             ("ahli_pertama", "ahli_muda"), 0.8),
    "pengawas_sekolah": Family("Pengawas Sekolah", ("Pendidikan",),
                               ("ahli_muda", "ahli_madya"), 2.0),
    "penilik": Family("Penilik", ("Pendidikan",), ("ahli_pertama", "ahli_muda"), 0.8),
    "dokter": Family("Dokter", ("Kedokteran",), ("ahli_pertama", "ahli_muda", "ahli_madya"),
                     3.0, "PROFESI"),
    "dokter_spesialis": Family("Dokter Spesialis", ("Kedokteran",),
                               ("ahli_pertama", "ahli_muda", "ahli_madya"), 2.0, "S2"),
    "dokter_gigi": Family("Dokter Gigi", ("Kedokteran",), ("ahli_pertama", "ahli_muda"),
                          0.8, "PROFESI"),
    "perawat": Family("Perawat", ("Keperawatan",),
                      ("terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda"), 14.0,
                      "PROFESI"),
    "bidan": Family("Bidan", ("Kebidanan",),
                    ("terampil", "mahir", "penyelia", "ahli_pertama", "ahli_muda"), 8.0),
    "apoteker": Family("Apoteker", ("Farmasi",), ("ahli_pertama", "ahli_muda"), 1.0,
                       "PROFESI"),
    "asisten_apoteker": Family("Asisten Apoteker", ("Farmasi",), ("terampil", "mahir"), 1.2),
    "epidemiolog": Family("Epidemiolog Kesehatan", ("Kesehatan Masyarakat",),
                          ("ahli_pertama", "ahli_muda"), 0.8),
    "penyuluh_kesehatan": Family("Penyuluh Kesehatan Masyarakat", ("Kesehatan Masyarakat",),
                                 ("ahli_pertama", "ahli_muda"), 1.0),
    "sanitarian": Family("Sanitarian", ("Kesehatan Masyarakat", "Teknik Lingkungan"),
                         ("terampil", "ahli_pertama"), 1.0),
    "nutrisionis": Family("Nutrisionis", ("Kesehatan Masyarakat",),
                          ("terampil", "ahli_pertama"), 1.0),
    "administrator_kesehatan": Family("Administrator Kesehatan", ("Kesehatan Masyarakat",),
                                      ("ahli_pertama", "ahli_muda"), 1.0),
    "radiografer": Family("Radiografer", ("Kesehatan Masyarakat",), ("terampil", "mahir"),
                          0.8),
    "pranata_lab": Family("Pranata Laboratorium Kesehatan", ("Kesehatan Masyarakat",
                                                              "Farmasi"),
                          ("terampil", "mahir", "ahli_pertama"), 1.2),
    "perekam_medis": Family("Perekam Medis", ("Kesehatan Masyarakat",),
                            ("terampil", "mahir"), 1.2),
    "fisioterapis": Family("Fisioterapis", ("Keperawatan",), ("terampil", "ahli_pertama"),
                           0.6),
    "teknik_jalan": Family("Teknik Jalan dan Jembatan", ("Teknik Sipil",),
                           ("ahli_pertama", "ahli_muda"), 1.5),
    "teknik_pengairan": Family("Teknik Pengairan", ("Teknik Sipil",),
                               ("ahli_pertama", "ahli_muda"), 1.0),
    "penata_ruang": Family("Penata Ruang", ("Planologi", "Arsitektur"),
                           ("ahli_pertama", "ahli_muda"), 1.0),
    "teknik_bangunan": Family("Teknik Tata Bangunan dan Perumahan",
                              ("Arsitektur", "Teknik Sipil"), ("ahli_pertama", "ahli_muda"),
                              1.2),
    "pengendali_dampak": Family("Pengendali Dampak Lingkungan", ("Teknik Lingkungan",),
                                ("ahli_pertama", "ahli_muda"), 1.2),
    "pengawas_lingkungan": Family("Pengawas Lingkungan Hidup", ("Teknik Lingkungan",),
                                  ("ahli_pertama",), 0.6),
    "pekerja_sosial": Family("Pekerja Sosial", ("Kesejahteraan Sosial",),
                             ("terampil", "ahli_pertama", "ahli_muda"), 1.5),
    "penyuluh_sosial": Family("Penyuluh Sosial", ("Kesejahteraan Sosial",),
                              ("ahli_pertama",), 0.6),
    "adminduk": Family("Administrator Database Kependudukan", IT,
                       ("ahli_pertama", "ahli_muda"), 1.5),
    "penguji_kendaraan": Family("Penguji Kendaraan Bermotor", ("Transportasi",),
                                ("terampil", "mahir", "ahli_pertama"), 1.2),
    "sandiman": Family("Sandiman", ("Informatika",), ("terampil", "ahli_pertama"), 0.5),
    "pengawas_koperasi": Family("Pengawas Koperasi", FINANCE, ("ahli_pertama", "ahli_muda"),
                                1.0),
    "penera": Family("Penera", ("Teknik Sipil", "Ekonomi"), ("terampil", "ahli_pertama"),
                     0.6),
    "pengawas_perdagangan": Family("Pengawas Perdagangan", ("Ekonomi", "Manajemen"),
                                   ("ahli_pertama",), 0.6),
    "penyuluh_pertanian": Family("Penyuluh Pertanian", ("Pertanian",),
                                 ("terampil", "ahli_pertama", "ahli_muda"), 2.5),
    "medik_veteriner": Family("Medik Veteriner", ("Pertanian",), ("ahli_pertama",), 0.5),
    "paramedik_veteriner": Family("Paramedik Veteriner", ("Pertanian",), ("terampil",), 0.5),
    "pustakawan": Family("Pustakawan", ("Perpustakaan",),
                         ("terampil", "ahli_pertama", "ahli_muda"), 1.5),
    "arsiparis": Family("Arsiparis", ("Kearsipan",), ("terampil", "ahli_pertama", "ahli_muda"),
                        1.5),
    "pol_pp": Family("Polisi Pamong Praja", LAW + ("Ilmu Pemerintahan",),
                     ("pemula", "terampil", "mahir", "ahli_pertama"), 4.0),
    "pemadam": Family("Analis Kebakaran", ("Teknik Sipil",), ("terampil", "ahli_pertama"),
                      1.5),
    "penyuluh_kb": Family("Penyuluh Keluarga Berencana", ("Kesehatan Masyarakat",
                                                         "Kesejahteraan Sosial"),
                          ("ahli_pertama", "ahli_muda"), 1.5),
    "mediator_hi": Family("Mediator Hubungan Industrial", LAW + ("Manajemen",),
                          ("ahli_pertama", "ahli_muda"), 0.6),
    "pengantar_kerja": Family("Pengantar Kerja", ("Psikologi", "Manajemen"),
                              ("ahli_pertama",), 0.5),
}


@dataclass(frozen=True)
class Staff:
    """A pelaksana title."""

    title: str
    fields: tuple[str, ...]       # empty: any field
    min_education: str
    job_class: int
    weight: float = 1.0
    field_demand: float = 0.6     # how much the true outcome depends on field skill


# Pelaksana posts every OPD has.
COMMON_STAFF: tuple[str, ...] = (
    "pengadministrasi_umum", "pengelola_keuangan", "bendahara", "pengadministrasi_kepegawaian",
    "penyusun_program", "pengelola_bmd", "pengolah_data")
KELURAHAN_STAFF: tuple[str, ...] = (
    "pengadministrasi_umum", "pengadministrasi_pemerintahan", "pengelola_pemberdayaan")
KECAMATAN_STAFF: tuple[str, ...] = (
    "pengadministrasi_umum", "pengelola_keuangan", "pengadministrasi_pemerintahan",
    "pengelola_layanan_kecamatan", "pengelola_pemberdayaan", "petugas_ketertiban")

STAFF: dict[str, Staff] = {
    "pengadministrasi_umum": Staff("Pengadministrasi Umum", (), "SMA", 5, 3.0, 0.15),
    "pengelola_keuangan": Staff("Pengelola Keuangan", FINANCE, "D3", 6, 1.0, 0.9),
    "bendahara": Staff("Bendahara", FINANCE, "D3", 6, 0.5, 0.9),
    "pengadministrasi_kepegawaian": Staff("Pengadministrasi Kepegawaian", (), "SMA", 5, 0.7,
                                          0.2),
    "penyusun_program": Staff("Penyusun Program Anggaran dan Pelaporan",
                              ("Ekonomi", "Manajemen", "Administrasi Negara"), "S1", 7, 0.6,
                              0.7),
    "pengelola_bmd": Staff("Pengelola Barang Milik Daerah", (), "SMA", 6, 0.5, 0.3),
    "pengolah_data": Staff("Pengolah Data", IT, "D3", 6, 0.5, 0.8),
    "pengemudi": Staff("Pengemudi", (), "SMA", 5, 2.0, 0.0),
    "pengadministrasi_pemerintahan": Staff("Pengadministrasi Pemerintahan", GOVERNMENT, "SMA",
                                           5, 1.0, 0.5),
    "pengelola_pemberdayaan": Staff("Pengelola Pemberdayaan Masyarakat",
                                    ("Kesejahteraan Sosial", "Administrasi Negara"), "SMA", 6,
                                    0.8, 0.5),
    "pengelola_layanan_kecamatan": Staff("Pengelola Layanan Kecamatan", GOVERNMENT, "D3", 6,
                                         1.0, 0.5),
    "petugas_ketertiban": Staff("Petugas Ketertiban", (), "SMA", 5, 1.0, 0.1),
    "verifikator": Staff("Verifikator Keuangan", ("Akuntansi", "Keuangan"), "S1", 7, 1.0, 1.0),
    "pengelola_kepegawaian": Staff("Pengelola Data Kepegawaian", IT + GOVERNMENT, "D3", 6, 1.0,
                                   0.7),
    "penata_laporan_keuangan": Staff("Penata Laporan Keuangan", ("Akuntansi",), "S1", 7, 1.5,
                                     1.0),
    "pengelola_aset": Staff("Pengelola Aset Daerah", FINANCE, "D3", 6, 1.2, 0.8),
    "bendahara_kas": Staff("Bendahara Penerimaan", ("Akuntansi", "Keuangan"), "D3", 6, 0.6,
                           0.9),
    "pengelola_pajak": Staff("Pengelola Pajak Daerah", FINANCE, "D3", 6, 2.0, 0.8),
    "juru_pungut": Staff("Juru Pungut Retribusi", (), "SMA", 5, 1.5, 0.1),
    "petugas_lapangan": Staff("Petugas Lapangan", (), "SMA", 5, 1.5, 0.1),
    "pengelola_data_pendidikan": Staff("Pengelola Data Pendidikan", ("Pendidikan",) + IT, "D3",
                                       6, 1.5, 0.6),
    "pengelola_program_kesehatan": Staff("Pengelola Program Kesehatan",
                                         ("Kesehatan Masyarakat",), "S1", 7, 2.0, 0.9),
    "pengadministrasi_rm": Staff("Pengadministrasi Rekam Medis", (), "SMA", 5, 2.0, 0.2),
    "pengawas_lapangan": Staff("Pengawas Lapangan Konstruksi", ("Teknik Sipil",), "D3", 6, 1.5,
                               0.9),
    "juru_ukur": Staff("Juru Ukur", ("Teknik Sipil", "Planologi"), "SMA", 5, 0.6, 0.6),
    "petugas_kebersihan": Staff("Pengawas Kebersihan", (), "SMA", 5, 2.0, 0.1),
    "pengelola_data_sosial": Staff("Pengelola Data Kesejahteraan Sosial",
                                   ("Kesejahteraan Sosial",) + IT, "D3", 6, 1.0, 0.6),
    "pengelola_layanan_adminduk": Staff("Pengelola Layanan Kependudukan", (), "SMA", 5, 2.5,
                                        0.3),
    "petugas_lalu_lintas": Staff("Petugas Pengatur Lalu Lintas", ("Transportasi",), "SMA", 5,
                                 2.5, 0.5),
    "juru_parkir": Staff("Pengelola Parkir", (), "SMA", 5, 1.0, 0.1),
    "pengelola_jaringan": Staff("Pengelola Sistem dan Jaringan", ("Informatika",
                                                                 "Sistem Informasi"),
                                "D3", 6, 1.0, 1.0),
    "petugas_pasar": Staff("Pengelola Pasar", (), "SMA", 5, 1.5, 0.2),
    "pengelola_perizinan": Staff("Pengelola Perizinan", LAW + GOVERNMENT, "D3", 6, 1.2, 0.6),
    "petugas_damkar": Staff("Petugas Pemadam Kebakaran", (), "SMA", 5, 3.0, 0.1),
}

# Technical trainings that build skill in a field (the truth's training effect).
TECHNICAL_TRAININGS: dict[str, tuple[str, ...]] = {
    "Akuntansi": ("Bimtek Penyusunan Laporan Keuangan Berbasis Akrual",
                  "Bimtek Standar Akuntansi Pemerintahan", "Pelatihan SIPD"),
    "Keuangan": ("Bimtek Pengelolaan Keuangan Daerah", "Diklat Bendahara Pengeluaran",
                 "Pelatihan SIPD"),
    "Ekonomi": ("Pelatihan Analisis Ekonomi Daerah", "Bimtek Penyusunan Renstra dan Renja"),
    "Manajemen": ("Bimtek Manajemen Risiko", "Pelatihan Manajemen Kinerja"),
    "Ilmu Hukum": ("Bimtek Penyusunan Produk Hukum Daerah", "Pelatihan Legal Drafting",
                   "Diklat PPNS"),
    "Administrasi Negara": ("Bimtek Pelayanan Publik", "Bimtek SAKIP",
                            "Bimtek Analisis Jabatan dan Beban Kerja"),
    "Ilmu Pemerintahan": ("Pelatihan Administrasi Pemerintahan Kelurahan",
                          "Bimtek Penyelenggaraan Pemerintahan Kecamatan"),
    "Psikologi": ("Pelatihan Asesor Kompetensi", "Bimtek Manajemen Talenta ASN"),
    "Informatika": ("Pelatihan Jaringan Komputer", "Pelatihan Keamanan Informasi",
                    "Pelatihan Pemrograman Web"),
    "Sistem Informasi": ("Bimtek SPBE", "Pelatihan Basis Data"),
    "Statistika": ("Pelatihan Statistik Sektoral", "Bimtek Satu Data Indonesia"),
    "Ilmu Komunikasi": ("Pelatihan Kehumasan", "Bimtek Pengelolaan Media Sosial Pemerintah",
                        "Pelatihan Jurnalistik"),
    "Kedokteran": ("Pelatihan ACLS", "Pelatihan ATLS", "Pelatihan Tata Laksana TB"),
    "Keperawatan": ("Pelatihan BTCLS", "Pelatihan PPGD", "Pelatihan Perawatan Luka"),
    "Kebidanan": ("Pelatihan APN (Asuhan Persalinan Normal)", "Pelatihan PONED",
                  "Pelatihan Konseling Menyusui"),
    "Farmasi": ("Pelatihan Pengelolaan Obat dan BMHP", "Bimtek Pelayanan Kefarmasian"),
    "Kesehatan Masyarakat": ("Pelatihan Surveilans Epidemiologi",
                             "Pelatihan Promosi Kesehatan", "Pelatihan Tata Laksana Gizi Buruk"),
    "Pendidikan": ("Bimtek Kurikulum Merdeka", "Pelatihan Dapodik",
                   "Bimtek Manajemen Berbasis Sekolah"),
    "Teknik Sipil": ("Pelatihan Ahli K3 Konstruksi", "Bimtek Perencanaan Jalan dan Jembatan",
                     "Pelatihan Pengawasan Konstruksi"),
    "Arsitektur": ("Bimtek Persetujuan Bangunan Gedung (PBG)",
                   "Pelatihan Perencanaan Bangunan Gedung Negara"),
    "Planologi": ("Bimtek Penyusunan RDTR", "Pelatihan Sistem Informasi Geografis"),
    "Teknik Lingkungan": ("Bimtek AMDAL", "Pelatihan Pengelolaan Sampah",
                          "Pelatihan Pengelolaan Limbah B3"),
    "Pertanian": ("Pelatihan Penyuluhan Pertanian", "Bimtek Budidaya Hortikultura",
                  "Pelatihan Kesehatan Hewan"),
    "Transportasi": ("Diklat Pengujian Kendaraan Bermotor",
                     "Bimtek Manajemen dan Rekayasa Lalu Lintas"),
    "Kesejahteraan Sosial": ("Pelatihan Pendamping Sosial", "Bimtek DTKS",
                             "Pelatihan Rehabilitasi Sosial"),
    "Perpustakaan": ("Pelatihan Pengelolaan Perpustakaan", "Bimtek Katalogisasi"),
    "Kearsipan": ("Diklat Kearsipan", "Bimtek Pengelolaan Arsip Dinamis"),
}
# Trainings tied to no field (they build nothing the truth counts).
GENERIC_TRAININGS: tuple[str, ...] = (
    "Pelatihan Pelayanan Prima", "Sosialisasi Kode Etik dan Disiplin ASN",
    "Bimtek Penyusunan SKP", "Workshop Inovasi Pelayanan Publik",
    "Pelatihan Aplikasi Perkantoran", "Pelatihan Bahasa Inggris",
    "Bimtek Aplikasi E-Kinerja")
