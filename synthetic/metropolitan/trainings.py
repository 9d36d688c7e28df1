"""Training records (riwayat diklat): what people were sent to, written as HR typed it.

Why: trainings are both state (leadership training of the level and recent IT training
enter the truth) and evidence in the export; their names are free text composed from a
type, a topic of the job family and decorations, so a world has thousands of distinct
names, old and new leadership names follow the years, and kind and hours are often blank.
"""

from __future__ import annotations


TOPICS = {
    "finance": ["Pengelolaan Keuangan Daerah", "Penyusunan Laporan Keuangan Berbasis Akrual", "SIPD Penatausahaan",
                "Standar Akuntansi Pemerintahan", "Pengelolaan Barang Milik Daerah", "Bendahara Pengeluaran"],
    "revenue": ["Pemungutan Pajak Daerah", "Penilaian PBB-P2", "Pemeriksaan Pajak Daerah", "BPHTB",
                "Optimalisasi Pendapatan Asli Daerah", "Penagihan Pajak dengan Surat Paksa"],
    "licensing": ["Perizinan Berusaha Berbasis Risiko", "OSS RBA", "Persetujuan Bangunan Gedung (PBG)",
                  "Pelayanan Prima Perizinan", "Mal Pelayanan Publik", "SIMBG"],
    "civreg": ["Administrasi Kependudukan", "SIAK Terpusat", "Pencatatan Sipil", "KTP Elektronik",
               "Identitas Kependudukan Digital", "Pemanfaatan Data Kependudukan"],
    "clinical": ["Basic Life Support", "ACLS", "Pelayanan Gawat Darurat", "PPGD", "Pencegahan dan Pengendalian Infeksi",
                 "Manajemen Nyeri", "Asuhan Keperawatan", "Asuhan Persalinan Normal", "Keselamatan Pasien"],
    "pubhealth": ["Surveilans Epidemiologi", "Imunisasi", "Penanggulangan Stunting", "Kesehatan Lingkungan",
                  "Promosi Kesehatan", "Manajemen Puskesmas", "Tatalaksana TB"],
    "teaching": ["Kurikulum Merdeka", "Penguatan Pendidikan Karakter", "Pembelajaran Berdiferensiasi",
                 "Asesmen Kompetensi Minimum", "Guru Penggerak", "PPG Dalam Jabatan", "Literasi dan Numerasi"],
    "infra": ["Perencanaan Teknis Jalan", "Pengawasan Konstruksi", "Manajemen Proyek Konstruksi",
              "Drainase Perkotaan", "Penyusunan HPS", "Keselamatan Konstruksi"],
    "environ": ["Pengelolaan Sampah Perkotaan", "Bank Sampah", "AMDAL", "Pengendalian Pencemaran Air",
                "Pengelolaan Limbah B3", "Operasional TPA Sanitary Landfill"],
    "transport": ["Manajemen Lalu Lintas", "Pengujian Kendaraan Bermotor", "Perparkiran Elektronik",
                  "Keselamatan Lalu Lintas", "Angkutan Umum Massal", "ATCS"],
    "enforce": ["Penegakan Peraturan Daerah", "PPNS", "Ketenteraman dan Ketertiban Umum", "Satlinmas",
                "Penanganan Unjuk Rasa", "Polisi Pamong Praja Dasar"],
    "emergency": ["Pemadaman Kebakaran", "Penyelamatan (Rescue)", "Kaji Cepat Bencana", "Logistik Kebencanaan",
                  "Pertolongan Pertama", "Manajemen Posko Bencana", "Pemadam Kebakaran Tingkat I"],
    "social": ["Rehabilitasi Sosial", "DTKS", "Pendampingan PKH", "Perlindungan Anak", "Penanganan Fakir Miskin"],
    "territory": ["Penyelenggaraan Pemerintahan Kelurahan", "Pelayanan Administrasi Terpadu Kecamatan (PATEN)",
                  "Musrenbang", "Pemberdayaan Masyarakat Kelurahan", "Trantibum Kecamatan"],
    "admin": ["Tata Naskah Dinas", "Administrasi Perkantoran", "Protokol dan Keprotokolan", "Kearsipan Dinamis",
              "Srikandi", "Pelayanan Prima"],
    "planning": ["Perencanaan Pembangunan Daerah", "Penyusunan RPJMD", "SIPD Perencanaan", "Evaluasi Kinerja SAKIP",
                 "Analisis Kebijakan Publik", "Manajemen Risiko"],
    "it": ["Keamanan Siber", "Pengembangan Aplikasi Web", "Manajemen Data Center", "Big Data Analytics",
           "Arsitektur SPBE", "Jaringan Komputer", "Smart City", "Pemrograman Python"],
    "comm": ["Kehumasan Pemerintah", "Pengelolaan Media Sosial Instansi", "Jurnalistik", "Public Speaking",
             "Desain Grafis", "Manajemen Krisis Komunikasi"],
    "hr": ["Manajemen ASN", "Manajemen Talenta", "Analisis Jabatan dan Beban Kerja", "SIASN",
           "Assessment Center", "Penilaian Kinerja PNS"],
    "audit": ["Audit Kinerja", "Reviu Laporan Keuangan", "Audit Investigatif", "Probity Audit", "SPIP",
              "Pengawasan Pengadaan Barang/Jasa"],
    "archive": ["Pengelolaan Arsip", "Akuisisi Arsip", "Perpustakaan Digital", "Literasi Informasi",
                "Katalogisasi"],
    "economy": ["Pengembangan UMKM", "Pengawasan Barang Beredar", "Metrologi Legal", "Pengelolaan Pasar Rakyat",
                "Ketahanan Pangan", "Promosi Investasi"],
    "legal": ["Legal Drafting", "Penyusunan Produk Hukum Daerah", "Bantuan Hukum", "Harmonisasi Peraturan"],
}
GENERAL = ["Wawasan Kebangsaan", "Anti Korupsi", "Zona Integritas", "Reformasi Birokrasi", "Pengadaan Barang/Jasa",
           "Budaya Kerja BerAKHLAK", "Pelayanan Publik", "Kepemimpinan Transformasional", "Moderasi Beragama",
           "Penyusunan SKP", "Etika dan Integritas ASN"]
IT_TOPICS = ["Literasi Digital", "Microsoft Excel Tingkat Lanjut", "Aplikasi Perkantoran", "Tanda Tangan Elektronik",
             "Keamanan Informasi", "Digital Government", "Analisis Data", "SPBE"]
PREFIX = ["Bimbingan Teknis", "Bimtek", "Diklat", "Pelatihan", "Workshop", "Sosialisasi", "Webinar", "TOT",
          "In House Training", "Pendidikan dan Pelatihan", "Peningkatan Kapasitas", "Orientasi", "Diklat Teknis",
          "Rapat Koordinasi dan Bimtek", "Training"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LEAD_OLD = {1: ["Diklatpim IV", "Diklat Kepemimpinan Tingkat IV", "DIKLATPIM TK. IV", "Diklatpim Tk IV"],
            2: ["Diklatpim III", "Diklat Kepemimpinan Tingkat III", "DIKLATPIM TK. III", "Diklatpim Tk.III"],
            3: ["Diklatpim II", "Diklat Kepemimpinan Tingkat II", "DIKLATPIM TK. II"]}
LEAD_NEW = {1: ["Pelatihan Kepemimpinan Pengawas", "PKP", "Pelatihan Kepemimpinan Pengawas (PKP)"],
            2: ["Pelatihan Kepemimpinan Administrator", "PKA", "Pelatihan Kepemimpinan Administrator (PKA)"],
            3: ["Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II", "PKN Tingkat II"]}
LEAD_HOURS = {1: 266, 2: 266, 3: 360}


def _year(day: int) -> int:
    return int(1970 + day / 365.2425)


def _decorate(core: str, year: int, rng) -> str:
    r = rng.random()
    if r < 0.2:
        core += f" Tahun {year}"
    elif r < 0.32:
        core += f" Angkatan {ROMAN[int(rng.integers(len(ROMAN)))]}"
    elif r < 0.4:
        core += " bagi ASN Pemerintah Kota Bandar Seruni"
    elif r < 0.48:
        core += " (Daring)" if rng.random() < 0.5 else " Secara Virtual"
    elif r < 0.54:
        core += f" Gelombang {int(rng.integers(1, 5))}"
    elif r < 0.6:
        core += f" {year}"
    elif r < 0.65:
        core += " Kerjasama BPSDM Provinsi"
    elif r < 0.7:
        core += " Tingkat Lanjut" if rng.random() < 0.5 else " Tingkat Dasar"
    c = rng.random()
    if c < 0.1:
        core = core.upper()
    elif c < 0.15:
        core = core.lower()
    return core


class TrainingLog:
    def __init__(self):
        self.rows: list[tuple] = []

    def technical(self, emp: int, family: str, day: int, rng, kind: str = "teknis"):
        pool = TOPICS[family] if rng.random() < 0.75 else GENERAL
        self._add(emp, f"{PREFIX[int(rng.integers(len(PREFIX)))]} {pool[int(rng.integers(len(pool)))]}",
                  kind if pool is not GENERAL else "lainnya", int(rng.choice([8, 16, 24, 32, 40, 60])), day, rng)

    def it(self, emp: int, day: int, rng):
        t = IT_TOPICS[int(rng.integers(len(IT_TOPICS)))] if rng.random() < 0.7 else TOPICS["it"][int(rng.integers(8))]
        self._add(emp, f"{PREFIX[int(rng.integers(len(PREFIX)))]} {t}", "teknis", int(rng.choice([8, 16, 24, 32])),
                  day, rng)

    def leadership(self, emp: int, level: int, day: int, rng):
        names = LEAD_OLD[level] if _year(day) < 2019 else LEAD_NEW[level]
        name = names[int(rng.integers(len(names)))]
        if rng.random() < 0.4:
            name += f" Angkatan {ROMAN[int(rng.integers(len(ROMAN)))]}"
        self._add(emp, name, "kepemimpinan", LEAD_HOURS[level], day, rng, decorate=False)

    def latsar(self, emp: int, golongan: str, day: int, rng):
        if _year(day) < 2018:
            name = rng.choice([f"Diklat Prajabatan Golongan {golongan}", f"Prajabatan Gol. {golongan}",
                               "Diklat Prajabatan"])
        else:
            name = rng.choice([f"Pelatihan Dasar CPNS Golongan {golongan}", "LATSAR CPNS", "Latsar",
                               f"Latsar CPNS Gol. {golongan} Angkatan {ROMAN[int(rng.integers(12))]}"])
        self._add(emp, str(name), "latsar", 280 if _year(day) < 2018 else 387, day, rng, decorate=False)

    def functional(self, emp: int, title: str, day: int, rng):
        base = title.split(" Ahli")[0].split(" Terampil")[0].split(" Mahir")[0].split(" Pemula")[0]
        self._add(emp, f"Diklat Fungsional {base}" if rng.random() < 0.6 else f"Pelatihan Pembentukan Jabatan "
                  f"Fungsional {base}", "fungsional", int(rng.choice([40, 60, 90, 120])), day, rng)

    def _add(self, emp, name, kind, hours, day, rng, decorate=True):
        if decorate:
            name = _decorate(name, _year(day), rng)
        kind = "" if rng.random() < 0.33 else kind
        hours = "" if rng.random() < 0.35 else hours
        self.rows.append((emp, name, kind, hours, day))
