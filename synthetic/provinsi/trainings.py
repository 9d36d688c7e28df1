"""Training names as HR types them: technical topics per field, general courses, leadership
(old and new names), LATSAR/Prajabatan and credentials written as trainings.

Why: the export's riwayat diklat is free text with thousands of distinct names; kind and hours
are often blank. The truth only sees the clean facts behind a name (which field, which
leadership level, which credential); a model has to recover them from the text."""

from __future__ import annotations

import numpy as np

from .fields import FIELDS

TOPICS = {
    "keuangan": ("Pengelolaan Keuangan Daerah", "Penyusunan Laporan Keuangan Berbasis Akrual",
                 "Sistem Informasi Pemerintahan Daerah (SIPD)", "Penatausahaan Keuangan",
                 "Analisis Standar Belanja", "Manajemen Aset Daerah", "Perpajakan Bendahara"),
    "ekonomi": ("Analisis Ekonomi Regional", "Pengembangan UMKM", "Pengelolaan Pasar",
                "Perencanaan Penanaman Modal", "Pengadaan Barang/Jasa Pemerintah"),
    "hukum": ("Legal Drafting", "Penyusunan Produk Hukum Daerah", "Penegakan Perda",
              "Penanganan Perkara Tata Usaha Negara", "Penyidik Pegawai Negeri Sipil (PPNS)"),
    "pemerintahan": ("Tata Naskah Dinas", "Penyusunan SAKIP", "Reformasi Birokrasi",
                     "Pelayanan Publik", "Manajemen Kearsipan", "Analisis Kebijakan Publik",
                     "Penyusunan LKjIP"),
    "sdm_psikologi": ("Manajemen Talenta ASN", "Analisis Jabatan dan Beban Kerja",
                      "Penilaian Kinerja Pegawai", "Assessment Center", "SIASN"),
    "it": ("Pengembangan Aplikasi Berbasis Web", "Keamanan Informasi", "Jaringan Komputer",
           "Sistem Pemerintahan Berbasis Elektronik (SPBE)", "Basis Data", "Data Science"),
    "komunikasi": ("Kehumasan Pemerintah", "Penulisan Rilis Berita", "Manajemen Media Sosial",
                   "Fotografi Jurnalistik", "Public Speaking"),
    "statistik_perencanaan": ("Perencanaan Pembangunan Daerah", "Penyusunan RPJMD",
                              "Statistik Sektoral", "Monitoring dan Evaluasi Pembangunan",
                              "Sistem Informasi Geografis"),
    "kedokteran": ("Advanced Cardiac Life Support (ACLS)", "Penanganan Kegawatdaruratan",
                   "Tatalaksana Tuberkulosis", "Manajemen Klinis Infeksi"),
    "keperawatan": ("Basic Trauma Cardiac Life Support (BTCLS)", "Perawatan Luka Modern",
                    "Keperawatan ICU", "Pencegahan dan Pengendalian Infeksi (PPI)",
                    "Asuhan Keperawatan Jiwa"),
    "kebidanan": ("Asuhan Persalinan Normal (APN)", "PONEK", "Konseling Menyusui",
                  "Pelayanan KB Pasca Persalinan"),
    "farmasi": ("Pelayanan Kefarmasian", "Manajemen Logistik Obat", "Farmasi Klinik"),
    "kesmas_gizi": ("Surveilans Epidemiologi", "Promosi Kesehatan", "Manajemen Puskesmas",
                    "Tatalaksana Gizi Buruk", "Akreditasi Rumah Sakit"),
    "teknik_kesehatan": ("Pemantapan Mutu Laboratorium", "Proteksi Radiasi",
                         "Rekam Medis Elektronik", "Kalibrasi Alat Kesehatan"),
    "pend_mipa": ("Pembelajaran Matematika Kurikulum Merdeka", "Praktikum IPA",
                  "Olimpiade Sains", "Pembelajaran Berbasis Proyek"),
    "pend_bahasa": ("Literasi Membaca", "Pembelajaran Bahasa Inggris Komunikatif",
                    "Penulisan Karya Ilmiah Guru"),
    "pend_sosial": ("Penguatan Pendidikan Karakter", "Bimbingan Konseling Sekolah",
                    "Asesmen Nasional", "Kurikulum Merdeka", "Penyusunan Modul Ajar"),
    "pend_kejuruan": ("Teaching Factory SMK", "Uji Kompetensi Keahlian",
                      "Link and Match Dunia Industri", "Otomotif Kendaraan Ringan"),
    "pend_khusus": ("Pendidikan Inklusif", "Bahasa Isyarat", "Identifikasi Anak Berkebutuhan Khusus"),
    "teknik_sipil": ("Perencanaan Teknis Jalan", "Pengawasan Konstruksi", "Manajemen Jembatan",
                     "Penyusunan HPS Konstruksi", "Keselamatan Konstruksi"),
    "lingkungan_kehutanan": ("Penyusunan AMDAL", "Pengendalian Kebakaran Hutan dan Lahan",
                             "Perhutanan Sosial", "Inventarisasi Hutan", "Pengelolaan Limbah B3"),
    "pertanian_peternakan": ("Budidaya Tanaman Pangan", "Inseminasi Buatan",
                             "Penyuluhan Pertanian", "Kesehatan Hewan"),
    "perikanan_kelautan": ("Pengawasan Sumber Daya Perikanan", "Budidaya Ikan Air Tawar",
                           "Penanganan Hasil Tangkapan"),
    "sosial": ("Rehabilitasi Sosial", "Pendamping PKH", "Penanganan Fakir Miskin",
               "Perlindungan Anak"),
    "teknik_mesin_transportasi": ("Pengujian Kendaraan Bermotor", "Manajemen Lalu Lintas",
                                  "Instruktur Las", "Perawatan Mesin Diesel"),
    "pariwisata_budaya": ("Pengembangan Desa Wisata", "Pemandu Wisata", "Pelestarian Cagar Budaya"),
    "umum": ("Pelayanan Prima", "Etika Pelayanan", "Kearsipan Dasar", "Microsoft Office"),
}
GENERAL = ("Sosialisasi Pengendalian Gratifikasi", "Bimtek Penyusunan SKP", "Pelatihan Pelayanan Prima",
           "Sosialisasi Manajemen Risiko", "Bimtek SPIP", "Workshop Zona Integritas",
           "Sosialisasi Netralitas ASN", "Pelatihan Bela Negara", "Pelatihan Bahasa Inggris",
           "Sosialisasi Moderasi Beragama", "Pelatihan Core Values BerAKHLAK")
PREFIX = ("Bimtek", "Bimbingan Teknis", "Diklat", "Pelatihan", "Workshop", "Sosialisasi",
          "TOT", "Pendidikan dan Pelatihan", "Kursus", "Diklat Teknis")
SUFFIX = ("", "", "", "Angkatan {a}", "Tahun {y}", "Angkatan {a} Tahun {y}", "Gelombang {a}",
          "bagi ASN Pemprov Tanjung Seruni", "Secara Daring", "(Online)", "di Jakarta",
          "Tingkat Dasar", "Tingkat Lanjut", "Batch {a}", "Kerjasama BPSDM", "{y}")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XV", "XX")

LEADERSHIP = {
    1: (("Diklatpim IV", "Diklat Kepemimpinan Tingkat IV", "DIKLATPIM TK. IV"),
        ("Pelatihan Kepemimpinan Pengawas (PKP)", "PKP", "Pelatihan Kepemimpinan Pengawas")),
    2: (("Diklatpim III", "Diklat Kepemimpinan Tingkat III", "DIKLATPIM TK.III"),
        ("Pelatihan Kepemimpinan Administrator (PKA)", "PKA", "Pelatihan Kepemimpinan Administrator")),
    3: (("Diklatpim II", "Diklat Kepemimpinan Tingkat II"),
        ("Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II", "PKN Tingkat II")),
    4: (("Diklatpim I",), ("Pelatihan Kepemimpinan Nasional Tingkat I", "PKN I")),
}
CREDENTIAL = {
    0: ("Pelatihan BTCLS", "BTCLS", "ACLS", "Pelatihan PPGD", "Sertifikasi Kompetensi Klinis",
        "Pelatihan Asuhan Persalinan Normal (APN)", "Uji Kompetensi Tenaga Kesehatan", "PPGD/GELS"),
    1: ("Pendidikan Profesi Guru (PPG) Dalam Jabatan", "PPG Daljab", "PLPG Sertifikasi Guru",
        "Sertifikasi Guru", "PPG"),
    2: ("Diklat Pembentukan Auditor Ahli", "Diklat Sertifikasi JFA", "Pembentukan Auditor Terampil",
        "Diklat Penjenjangan Auditor", "Sertifikasi JFA Auditor"),
    3: ("Sertifikasi Keahlian Pengadaan Barang/Jasa Tingkat Dasar", "Sertifikasi PBJ",
        "Ujian Sertifikasi Kompetensi PBJ Level 1", "Pelatihan dan Sertifikasi PBJ"),
}


def _noise(s: str, rng: np.random.Generator) -> str:
    r = rng.random()
    if r < 0.1:
        return s.upper()
    if r < 0.16:
        return s.lower()
    if r < 0.2:
        return s.replace(" dan ", " & ")
    if r < 0.23 and len(s) > 8:
        i = int(rng.integers(1, len(s) - 1))
        return s[:i] + s[i + 1:]
    return s


def technical_name(field: int, year: int, rng: np.random.Generator) -> str:
    topic = str(rng.choice(TOPICS[FIELDS[field]]))
    pre = str(rng.choice(PREFIX))
    suf = str(rng.choice(SUFFIX)).format(a=ROMAN[int(rng.integers(len(ROMAN)))], y=year)
    return _noise(" ".join(x for x in (pre, topic, suf) if x), rng)


def general_name(year: int, rng: np.random.Generator) -> str:
    suf = str(rng.choice(SUFFIX)).format(a=ROMAN[int(rng.integers(len(ROMAN)))], y=year)
    return _noise(" ".join(x for x in (str(rng.choice(GENERAL)), suf) if x), rng)


def leadership_name(level: int, year: int, rng: np.random.Generator) -> str:
    old, new = LEADERSHIP[level]
    pool = old if year < 2019 else new
    name = str(rng.choice(pool))
    if rng.random() < 0.4:
        name += f" Angkatan {ROMAN[int(rng.integers(len(ROMAN)))]}"
    if rng.random() < 0.25:
        name += f" Tahun {year}"
    return _noise(name, rng)


def latsar_name(year: int, golongan: str, rng: np.random.Generator) -> str:
    if year < 2018:
        base = str(rng.choice(("Diklat Prajabatan", "Prajabatan", "Diklat Prajabatan CPNS")))
    else:
        base = str(rng.choice(("Pelatihan Dasar CPNS", "LATSAR CPNS", "Latsar", "Pelatihan Dasar")))
    if rng.random() < 0.6:
        base += f" Golongan {golongan}"
    if rng.random() < 0.4:
        base += f" Angkatan {ROMAN[int(rng.integers(len(ROMAN)))]}"
    return _noise(base, rng)


def credential_name(kind: int, rng: np.random.Generator) -> str:
    return _noise(str(rng.choice(CREDENTIAL[kind])), rng)


def kind_and_hours(kind: str, rng: np.random.Generator) -> tuple[str, str]:
    """The optional columns, blank as often as HR leaves them blank."""
    hours = {"latsar": (180, 300), "kepemimpinan": (180, 400), "fungsional": (40, 200),
             "teknis": (16, 80), "lainnya": (4, 30)}[kind]
    k = "" if rng.random() < 0.35 else kind
    h = "" if rng.random() < 0.4 else str(int(rng.integers(hours[0], hours[1] + 1)))
    return k, h
