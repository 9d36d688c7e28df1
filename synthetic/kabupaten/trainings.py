"""Training topics per field, and how their names end up typed in riwayat diklat.

Why: training recency is a truth mechanism, so a training's field must be real (the truth
knows it) while the export shows only what HR typed: prefixes (Diklat, Pelatihan, Bimtek,
Workshop...), case, abbreviations, typos, years and batch numbers, kind and hours often blank.
A topic's field is recoverable from its words, never from a code.
"""

from __future__ import annotations

import numpy as np

from .domains import FIELD_INDEX, FIELDS

# field -> topics (base names, as the organiser titled them)
TOPICS: dict[str, list[str]] = {
    "keuangan": ["Pengelolaan Keuangan Daerah", "Penatausahaan Keuangan Daerah", "Akuntansi Berbasis Akrual",
                 "Penyusunan Laporan Keuangan Pemerintah Daerah", "Sistem Informasi Pemerintahan Daerah (SIPD)",
                 "Pengadaan Barang/Jasa Pemerintah", "Bendahara Pengeluaran", "Pengelolaan Barang Milik Daerah",
                 "Audit Kinerja", "Reviu Laporan Keuangan", "Pajak Daerah dan Retribusi Daerah", "Penilaian Aset"],
    "ekonomi": ["Perencanaan Pembangunan Daerah", "Penyusunan RPJMD", "Analisis Ekonomi Regional",
                "Evaluasi Kinerja Pembangunan", "Pengembangan UMKM", "Pembinaan Koperasi", "Pengawasan Barang Beredar",
                "Metrologi Legal"],
    "hukum": ["Legal Drafting", "Penyusunan Produk Hukum Daerah", "Penegakan Peraturan Daerah", "Hukum Administrasi",
              "Penyelesaian Sengketa Hubungan Industrial", "Perizinan Berusaha Berbasis Risiko (OSS RBA)",
              "Penyidik Pegawai Negeri Sipil (PPNS)"],
    "pemerintahan": ["Administrasi Pemerintahan Desa", "Pelayanan Publik", "Manajemen Pemerintahan", "Tata Naskah Dinas",
                     "Administrasi Kependudukan", "Evaluasi Penyelenggaraan Pemerintahan Desa", "Kebijakan Publik",
                     "Reformasi Birokrasi"],
    "sdm": ["Manajemen ASN", "Analisis Jabatan", "Analisis Beban Kerja", "Penilaian Kinerja Pegawai", "Manajemen Talenta",
            "Assessment Center", "Pengembangan Kompetensi", "SIASN"],
    "ti": ["Keamanan Informasi", "Pengembangan Aplikasi Berbasis Web", "Sistem Pemerintahan Berbasis Elektronik (SPBE)",
           "Jaringan Komputer", "Manajemen Basis Data", "Big Data dan Analitik", "Statistik Sektoral", "Cloud Computing",
           "Tata Kelola Data", "Persandian", "Satu Data Indonesia"],
    "komunikasi": ["Kehumasan Pemerintah", "Public Speaking", "Jurnalistik", "Pengelolaan Media Sosial Instansi",
                   "Komunikasi Publik"],
    "medis": ["Advanced Cardiac Life Support (ACLS)", "Pelayanan Kegawatdaruratan", "Tatalaksana TB", "USG Dasar",
              "Tata Laksana Stunting", "Manajemen Puskesmas", "Penanganan Penyakit Tidak Menular"],
    "keperawatan": ["Basic Trauma Cardiac Life Support (BTCLS)", "Perawatan Luka Modern", "Asuhan Keperawatan",
                    "Pencegahan dan Pengendalian Infeksi (PPI)", "Keperawatan Kesehatan Masyarakat", "Keperawatan ICU"],
    "kebidanan": ["Asuhan Persalinan Normal (APN)", "Pelayanan Obstetri Neonatal Emergensi Dasar (PONED)",
                  "Manajemen Laktasi", "Pelayanan Kontrasepsi", "Kelas Ibu Hamil", "Stimulasi Deteksi Intervensi Dini Tumbuh Kembang"],
    "farmasi": ["Pengelolaan Obat dan Perbekalan Kesehatan", "Pelayanan Kefarmasian", "Farmasi Klinik",
                "Manajemen Logistik Obat"],
    "kesmas": ["Surveilans Epidemiologi", "Imunisasi", "Promosi Kesehatan", "Sanitasi Total Berbasis Masyarakat",
               "Gizi Masyarakat", "Pemeriksaan Laboratorium Dasar", "Rekam Medis Elektronik", "Penyelidikan Epidemiologi",
               "Pengendalian Vektor"],
    "pgsd": ["Kurikulum Merdeka", "Pembelajaran Tematik", "Penilaian Pembelajaran", "Guru Penggerak",
             "Literasi dan Numerasi", "Pembelajaran Berdiferensiasi", "Penyusunan RPP", "Platform Merdeka Mengajar"],
    "pend_mipa": ["Pembelajaran Matematika", "Praktikum IPA", "Olimpiade Sains", "Kurikulum Merdeka Mata Pelajaran IPA"],
    "pend_bahasa": ["Pembelajaran Bahasa Inggris", "Literasi Membaca", "Pembelajaran Bahasa Indonesia", "Jurnalistik Sekolah"],
    "pend_ips": ["Pembelajaran IPS", "Pendidikan Karakter", "Pembelajaran PPKn", "Bimbingan Konseling"],
    "pend_jasmani": ["Pelatih Olahraga", "Wasit Sepak Bola", "Pembelajaran PJOK", "Kepelatihan Atletik"],
    "sipil": ["Perencanaan Teknis Jalan", "Pengawasan Konstruksi", "Estimasi Biaya Konstruksi", "Tata Ruang Wilayah",
              "Sistem Informasi Geografis", "Keselamatan Konstruksi", "Irigasi dan Rawa"],
    "lingkungan": ["Penyusunan AMDAL", "Pengelolaan Sampah", "Pengendalian Pencemaran Air", "Kajian Risiko Bencana",
                   "Kaji Cepat Bencana", "Pengelolaan Limbah B3"],
    "pertanian": ["Penyuluhan Pertanian", "Budidaya Padi Sawah", "Pengendalian Hama Terpadu", "Pertanian Organik",
                  "Sekolah Lapang", "Perbenihan", "Ketahanan Pangan", "Hortikultura"],
    "perikanan": ["Budidaya Ikan Air Tawar", "Penanganan Hasil Perikanan", "Penyuluhan Perikanan", "Pembenihan Ikan"],
    "peternakan": ["Inseminasi Buatan", "Kesehatan Hewan", "Pemeriksaan Kebuntingan", "Penanganan Penyakit Mulut dan Kuku"],
    "sosial": ["Pendampingan Program Keluarga Harapan", "Rehabilitasi Sosial", "Perlindungan Anak", "Penyuluhan KB",
               "Pemberdayaan Masyarakat", "Data Terpadu Kesejahteraan Sosial (DTKS)"],
    "arsip": ["Pengelolaan Arsip Dinamis", "Pengelolaan Perpustakaan", "Aplikasi SRIKANDI", "Akuisisi Arsip Statis"],
    "transportasi": ["Manajemen Lalu Lintas", "Pengujian Kendaraan Bermotor", "Keselamatan Jalan", "Perparkiran"],
    "umum": ["Pelayanan Prima", "Etika Pelayanan Publik", "Kearsipan Dasar", "Microsoft Office", "Protokol",
             "Penanggulangan Kebakaran", "Pengamanan Kantor", "Kepemimpinan Dasar", "Wawasan Kebangsaan",
             "Pengadministrasian Perkantoran"],
}
TOPIC_LIST: list[tuple[int, str]] = [(FIELD_INDEX[f], t) for f in FIELDS for t in TOPICS[f]]
TOPIC_FIELD = np.array([f for f, _ in TOPIC_LIST])
TOPICS_OF_FIELD: dict[int, np.ndarray] = {FIELD_INDEX[f]: np.array([i for i, (g, _) in enumerate(TOPIC_LIST) if g == FIELD_INDEX[f]])
                                          for f in FIELDS}

# formats of a training: prefix variants, weight in the truth's training stock, typical hours, kind
FORMATS = [
    # (prefixes, weight, hours choices, kind)
    (["Diklat", "Diklat Teknis", "DIKLAT", "Pendidikan dan Pelatihan"], 1.0, [40, 45, 60, 80], "teknis"),
    (["Pelatihan", "Pelatihan Teknis", "PELATIHAN", "Pel."], 1.0, [30, 32, 40, 48], "teknis"),
    (["Bimtek", "Bimbingan Teknis", "BIMTEK", "Bintek"], 0.6, [16, 20, 24, 30], "teknis"),
    (["Workshop", "Lokakarya", "WORKSHOP"], 0.4, [8, 12, 16], "lainnya"),
    (["Sosialisasi", "Seminar", "Webinar"], 0.2, [2, 4, 8], "lainnya"),
    ([""], 0.8, [20, 24, 30, 40], "teknis"),
]
FORMAT_P = np.array([0.22, 0.26, 0.24, 0.1, 0.08, 0.1])
FORMAT_WEIGHT = np.array([f[1] for f in FORMATS])

# leadership training, old and new names; level 1 = pengawas, 2 = administrator, 3 = JPT pratama
LEADERSHIP_OLD = {1: ["Diklatpim IV", "Diklat Kepemimpinan Tingkat IV", "DIKLATPIM TK. IV", "Diklatpim Tk.IV"],
                  2: ["Diklatpim III", "Diklat Kepemimpinan Tingkat III", "DIKLATPIM TK. III", "Diklat PIM III"],
                  3: ["Diklatpim II", "Diklat Kepemimpinan Tingkat II", "DIKLATPIM TK. II"]}
LEADERSHIP_NEW = {1: ["PKP", "Pelatihan Kepemimpinan Pengawas", "Pelatihan Kepemimpinan Pengawas (PKP)", "PKP Angkatan"],
                  2: ["PKA", "Pelatihan Kepemimpinan Administrator", "Pelatihan Kepemimpinan Administrator (PKA)"],
                  3: ["PKN Tingkat II", "PKN II", "Pelatihan Kepemimpinan Nasional Tingkat II"]}
SCHOOL_LEADERSHIP = ["Diklat Calon Kepala Sekolah", "Pendidikan Guru Penggerak", "Diklat Cakep", "Program Guru Penggerak"]
LATSAR_OLD = ["Diklat Prajabatan Golongan III", "Diklat Prajabatan Golongan II", "Prajabatan", "Diklat Prajab Gol. III",
              "Diklat Prajabatan"]
LATSAR_NEW = ["Pelatihan Dasar CPNS", "LATSAR CPNS", "Latsar", "Pelatihan Dasar CPNS Golongan III", "Latihan Dasar CPNS"]
PPPK_ORIENTATION = ["Orientasi PPPK", "Pembekalan PPPK", "Orientasi Pegawai PPPK"]

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ABBR = [("Pengelolaan", "Pengelolaan", "Peng."), ("Pelayanan", "Pelayanan", "Pelay."), ("Keuangan", "Keuangan", "Keu."),
         ("Daerah", "Daerah", "Da."), ("Pemerintah", "Pemerintah", "Pem."), ("Kesehatan", "Kesehatan", "Kes."),
         ("Pembelajaran", "Pembelajaran", "Pemb."), ("Masyarakat", "Masyarakat", "Masy."), ("dan", "dan", "&")]


def _typo(text: str, rng: np.random.Generator) -> str:
    if len(text) < 8:
        return text
    i = int(rng.integers(2, len(text) - 2))
    r = rng.random()
    if r < 0.4:
        return text[:i] + text[i + 1:]
    if r < 0.8:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i] + text[i:]


def render(base: str, fmt: int, year: int, rng: np.random.Generator, kabupaten: str) -> str:
    """A training name as typed: prefix, abbreviations, suffixes, case and the odd typo."""
    prefixes = FORMATS[fmt][0]
    pre = prefixes[int(rng.integers(len(prefixes)))]
    text = base
    if rng.random() < 0.15 and "(" in text:               # drop or keep only the acronym
        inside = text[text.index("(") + 1:text.index(")")]
        text = inside if rng.random() < 0.5 else text[:text.index("(")].strip()
    if rng.random() < 0.12:
        for word, _, short in _ABBR:
            if word in text:
                text = text.replace(word, short, 1)
                break
    name = f"{pre} {text}".strip()
    u = rng.random()
    if u < 0.12:
        name += f" Tahun {year}"
    elif u < 0.22:
        name += f" {year}"
    elif u < 0.27:
        name += f" TA {year}"
    elif u < 0.35:
        name += f" Angkatan {_ROMAN[int(rng.integers(len(_ROMAN)))]}"
    elif u < 0.39:
        name += f" Angk. {int(rng.integers(1, 12))}"
    elif u < 0.43:
        name += f" Kabupaten {kabupaten}"
    elif u < 0.46:
        name += " Bagi ASN"
    c = rng.random()
    if c < 0.13:
        name = name.upper()
    elif c < 0.2:
        name = name.lower()
    elif c < 0.25:
        name = name.title()
    if rng.random() < 0.06:
        name = _typo(name, rng)
    if rng.random() < 0.03:
        name = name.replace(" ", "  ", 1)
    return name.strip()
