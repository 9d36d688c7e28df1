"""The province's catalogues as data: regions, perangkat daerah, functional families, pelaksana
posts, school subjects and the competency codes.

Why data and not code: the structure of a Pemerintah Provinsi (Setda with Biro, dinas/badan,
UPT in the regencies, SMA/SMK/SLB, provincial hospitals) is the design; keeping it in one
table makes it reviewable and lets the org-chart builder stay small."""

from __future__ import annotations

PROVINCE = "Provinsi Tanjung Seruni"

# code, name, hardship (0 capital ... 1 outer island)
REGIONS = (
    ("SRN", "Kota Seruni", 0.0), ("BTL", "Kota Batu Layar", 0.1),
    ("RSM", "Kabupaten Rawa Sembilan", 0.25), ("LKN", "Kabupaten Lembah Kinaran", 0.3),
    ("PLK", "Kabupaten Padang Lengkuas", 0.3), ("STN", "Kabupaten Sungai Tenang", 0.35),
    ("TAB", "Kabupaten Tanjung Ambun", 0.4), ("PBL", "Kabupaten Pesisir Barat Laut", 0.5),
    ("BJR", "Kabupaten Bukit Jerambah", 0.55), ("HKM", "Kabupaten Hulu Kemuning", 0.7),
    ("KSL", "Kabupaten Kepulauan Selaka", 0.9), ("PTR", "Kabupaten Pulau Terentang", 1.0),
)

COMPETENCIES = ("integritas", "kerjasama", "komunikasi", "orientasi_hasil", "pelayanan_publik",
                "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan",
                "sosiokultural", "teknis")
N_COMP = len(COMPETENCIES)

RANKS = ("I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c",
         "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e")
RANK = {r: i for i, r in enumerate(RANKS)}
EDU_LEVELS = ("SD", "SMP", "SMA", "D1", "D2", "D3", "S1", "PROFESI", "S2", "S3")   # D4 == S1
EDU = {e: i for i, e in enumerate(EDU_LEVELS)}
EDU["D4"] = EDU["S1"]

# functional levels: job class, minimum education, minimum rank, order within its kind
LEVELS = {
    "pemula": (5, "SMA", "II/a", 0), "terampil": (6, "D3", "II/c", 1),
    "mahir": (7, "D3", "III/a", 2), "penyelia": (8, "D3", "III/c", 3),
    "ahli_pertama": (8, "S1", "III/a", 0), "ahli_muda": (9, "S1", "III/c", 1),
    "ahli_madya": (11, "S1", "IV/a", 2), "ahli_utama": (13, "S2", "IV/d", 3),
}
LEVEL_TITLE = {"pemula": "Pemula", "terampil": "Terampil", "mahir": "Mahir",
               "penyelia": "Penyelia", "ahli_pertama": "Ahli Pertama", "ahli_muda": "Ahli Muda",
               "ahli_madya": "Ahli Madya", "ahli_utama": "Ahli Utama"}
AHLI = ("ahli_pertama", "ahli_muda", "ahli_madya")
TERAMPIL = ("terampil", "mahir", "penyelia")

# credential kinds a post may need (written as trainings in the export)
CERTS = ("klinis", "ppg", "jfa", "pbj")
CERT = {c: i for i, c in enumerate(CERTS)}

# family: title, field, levels, credential, field weight, share of women, min education override
FAMILIES = {
    "akpd": ("Analis Keuangan Pusat dan Daerah", "keuangan", AHLI, None, 0.9, 0.5, None),
    "auditor": ("Auditor", "keuangan", AHLI, "jfa", 0.8, 0.45, None),
    "p2upd": ("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pemerintahan", AHLI,
              "jfa", 0.7, 0.4, None),
    "perencana": ("Perencana", "statistik_perencanaan", AHLI, None, 0.7, 0.45, None),
    "analis_kebijakan": ("Analis Kebijakan", "pemerintahan", AHLI, None, 0.5, 0.45, None),
    "prakom": ("Pranata Komputer", "it", AHLI, None, 0.9, 0.35, None),
    "arsiparis": ("Arsiparis", "pemerintahan", TERAMPIL, None, 0.35, 0.6, None),
    "asdm": ("Analis Sumber Daya Manusia Aparatur", "sdm_psikologi", AHLI, None, 0.6, 0.55, None),
    "perancang": ("Perancang Peraturan Perundang-undangan", "hukum", AHLI, None, 0.95, 0.45,
                  None),
    "analis_hukum": ("Analis Hukum", "hukum", AHLI, None, 0.85, 0.45, None),
    "pbj": ("Pengelola Pengadaan Barang/Jasa", "ekonomi", AHLI, "pbj", 0.5, 0.4, None),
    "polpp": ("Polisi Pamong Praja", "hukum", TERAMPIL, None, 0.25, 0.15, None),
    "tjj": ("Teknik Jalan dan Jembatan", "teknik_sipil", AHLI, None, 0.95, 0.15, None),
    "penata_ruang": ("Penata Ruang", "statistik_perencanaan", AHLI, None, 0.8, 0.35, None),
    "pedal": ("Pengendali Dampak Lingkungan", "lingkungan_kehutanan", AHLI, None, 0.85, 0.4,
              None),
    "polhut": ("Polisi Kehutanan", "lingkungan_kehutanan", TERAMPIL, None, 0.5, 0.1, None),
    "penyuluh_hut": ("Penyuluh Kehutanan", "lingkungan_kehutanan", AHLI, None, 0.8, 0.3, None),
    "pengawas_naker": ("Pengawas Ketenagakerjaan", "hukum", AHLI, None, 0.6, 0.35, None),
    "instruktur": ("Instruktur", "teknik_mesin_transportasi", AHLI, None, 0.85, 0.25, None),
    "peksos": ("Pekerja Sosial", "sosial", AHLI, None, 0.85, 0.6, None),
    "penguji_kb": ("Penguji Kendaraan Bermotor", "teknik_mesin_transportasi", TERAMPIL, None,
                   0.8, 0.1, None),
    "statistisi": ("Statistisi", "statistik_perencanaan", AHLI, None, 0.85, 0.5, None),
    "humas": ("Pranata Hubungan Masyarakat", "komunikasi", AHLI, None, 0.75, 0.55, None),
    "pustakawan": ("Pustakawan", "komunikasi", AHLI, None, 0.4, 0.65, None),
    "widyaiswara": ("Widyaiswara", "sdm_psikologi", AHLI, None, 0.45, 0.4, None),
    "analis_bencana": ("Analis Kebencanaan", "lingkungan_kehutanan", AHLI, None, 0.55, 0.3,
                       None),
    "penyuluh_pertanian": ("Penyuluh Pertanian", "pertanian_peternakan", AHLI, None, 0.9, 0.35,
                           None),
    "medik_veteriner": ("Medik Veteriner", "pertanian_peternakan", AHLI, None, 0.95, 0.4, None),
    "pengawas_perikanan": ("Pengawas Perikanan", "perikanan_kelautan", AHLI, None, 0.9, 0.25,
                           None),
    "analis_perdagangan": ("Analis Perdagangan", "ekonomi", AHLI, None, 0.7, 0.5, None),
    "pengembang_pariwisata": ("Adyatama Kepariwisataan dan Ekonomi Kreatif",
                              "pariwisata_budaya", AHLI, None, 0.7, 0.55, None),
    "penggerak_swadaya": ("Penggerak Swadaya Masyarakat", "sosial", AHLI, None, 0.5, 0.45, None),
    "adminkes": ("Administrator Kesehatan", "kesmas_gizi", AHLI, None, 0.7, 0.6, None),
    "epidemiolog": ("Epidemiolog Kesehatan", "kesmas_gizi", AHLI, None, 0.85, 0.6, None),
    "dokter": ("Dokter", "kedokteran", AHLI, "klinis", 1.0, 0.6, "PROFESI"),
    "dokter_spesialis": ("Dokter Spesialis", "kedokteran", ("ahli_muda", "ahli_madya"),
                         "klinis", 1.0, 0.45, "S2"),
    "perawat": ("Perawat", "keperawatan", AHLI, "klinis", 1.0, 0.8, "PROFESI"),
    "perawat_terampil": ("Perawat", "keperawatan", TERAMPIL, "klinis", 1.0, 0.8, None),
    "bidan": ("Bidan", "kebidanan", TERAMPIL, "klinis", 1.0, 1.0, None),
    "apoteker": ("Apoteker", "farmasi", AHLI, "klinis", 1.0, 0.75, "PROFESI"),
    "asisten_apoteker": ("Asisten Apoteker", "farmasi", TERAMPIL, "klinis", 0.95, 0.75, None),
    "nutrisionis": ("Nutrisionis", "kesmas_gizi", TERAMPIL, None, 0.9, 0.85, None),
    "pranata_labkes": ("Pranata Laboratorium Kesehatan", "teknik_kesehatan", TERAMPIL, "klinis",
                       0.95, 0.65, None),
    "radiografer": ("Radiografer", "teknik_kesehatan", TERAMPIL, "klinis", 1.0, 0.4, None),
    "psikolog": ("Psikolog Klinis", "sdm_psikologi", AHLI, "klinis", 1.0, 0.7, "PROFESI"),
    "perekam_medis": ("Perekam Medis", "teknik_kesehatan", TERAMPIL, None, 0.6, 0.6, None),
    "pengawas_sekolah": ("Pengawas Sekolah", "pend_sosial", ("ahli_muda", "ahli_madya"), "ppg",
                         0.6, 0.45, None),
    "plp": ("Pranata Laboratorium Pendidikan", "pend_kejuruan", TERAMPIL, None, 0.7, 0.4, None),
}

# school subjects: title, field; which school kinds teach them
SUBJECTS = {
    "mat": ("Guru Matematika", "pend_mipa", ("sma", "smk")),
    "ipa": ("Guru IPA", "pend_mipa", ("sma",)),
    "bind": ("Guru Bahasa Indonesia", "pend_bahasa", ("sma", "smk")),
    "bing": ("Guru Bahasa Inggris", "pend_bahasa", ("sma", "smk")),
    "ips": ("Guru IPS", "pend_sosial", ("sma",)),
    "bk": ("Guru Bimbingan dan Konseling", "pend_sosial", ("sma", "smk")),
    "teknik": ("Guru Produktif Teknik", "pend_kejuruan", ("smk",)),
    "bisnis": ("Guru Produktif Bisnis dan Manajemen", "pend_kejuruan", ("smk",)),
    "plb": ("Guru Pendidikan Khusus", "pend_khusus", ("slb",)),
}

# pelaksana posts: title, job class, min education, field ('unit' = the unit's field), weight
PELAKSANA = (
    ("Pengadministrasi Perkantoran", 5, "SMA", "umum", 0.2),
    ("Operator Layanan Operasional", 5, "SMA", "umum", 0.2),
    ("Pengelola Layanan Operasional", 7, "D3", "unit", 0.4),
    ("Penata Layanan Operasional", 8, "S1", "unit", 0.5),
    ("Pengolah Data dan Informasi", 6, "D3", "it", 0.45),
    ("Bendahara", 7, "D3", "keuangan", 0.6),
)

# OPD: id, name, unit_type, field, bidang [(name, field)], functional families, UPT kind,
# workload. In priority order: the first ones exist in every world.
OPD = (
    ("SETDA", "Sekretariat Daerah", "sekretariat", "pemerintahan", (), (), "biro", 0.5),
    ("INSPEKTORAT", "Inspektorat Daerah", "inspektorat", "keuangan",
     (("Inspektur Pembantu Wilayah I", "keuangan"), ("Inspektur Pembantu Wilayah II", "pemerintahan"),
      ("Inspektur Pembantu Khusus", "hukum")), ("auditor", "p2upd"), None, 0.6),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "dinas", "pend_sosial",
     (("Bidang Pembinaan SMA", "pend_sosial"), ("Bidang Pembinaan SMK", "pend_kejuruan"),
      ("Bidang Pendidikan Khusus", "pend_khusus"), ("Bidang Kebudayaan", "pariwisata_budaya")),
     ("perencana", "pengawas_sekolah"), "cabdin", 0.5),
    ("DINKES", "Dinas Kesehatan", "dinas", "kesmas_gizi",
     (("Bidang Pelayanan Kesehatan", "kedokteran"), ("Bidang Kesehatan Masyarakat", "kesmas_gizi"),
      ("Bidang Pencegahan dan Pengendalian Penyakit", "kesmas_gizi"),
      ("Bidang Sumber Daya Kesehatan", "farmasi")), ("adminkes", "epidemiolog"), "rs", 0.6),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "keuangan",
     (("Bidang Anggaran", "keuangan"), ("Bidang Perbendaharaan", "keuangan"),
      ("Bidang Akuntansi", "keuangan"), ("Bidang Aset", "ekonomi")), ("akpd",), None, 0.7),
    ("BAPENDA", "Badan Pendapatan Daerah", "badan", "keuangan",
     (("Bidang Pajak Daerah", "keuangan"), ("Bidang Retribusi dan Pendapatan Lain", "ekonomi")),
     ("akpd",), "samsat", 0.6),
    ("BKD", "Badan Kepegawaian Daerah", "badan", "sdm_psikologi",
     (("Bidang Mutasi dan Promosi", "sdm_psikologi"), ("Bidang Pengembangan Karier", "sdm_psikologi"),
      ("Bidang Informasi Kepegawaian", "it")), ("asdm",), None, 0.5),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "satpol", "hukum",
     (("Bidang Penegakan Peraturan Daerah", "hukum"), ("Bidang Ketertiban Umum", "hukum")),
     ("polpp",), None, 0.6),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "teknik_sipil",
     (("Bidang Bina Marga", "teknik_sipil"), ("Bidang Sumber Daya Air", "teknik_sipil"),
      ("Bidang Penataan Ruang", "statistik_perencanaan")), ("tjj", "penata_ruang"), "jalan",
     0.5),
    ("DLHK", "Dinas Lingkungan Hidup dan Kehutanan", "dinas", "lingkungan_kehutanan",
     (("Bidang Pengendalian Pencemaran", "lingkungan_kehutanan"),
      ("Bidang Pengelolaan Hutan", "lingkungan_kehutanan")), ("pedal", "penyuluh_hut"), "kph",
     0.5),
    ("BAPPEDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "badan",
     "statistik_perencanaan", (("Bidang Perencanaan Ekonomi", "ekonomi"),
                               ("Bidang Infrastruktur dan Kewilayahan", "teknik_sipil"),
                               ("Bidang Riset dan Inovasi", "statistik_perencanaan")),
     ("perencana",), None, 0.5),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "dinas", "hukum",
     (("Bidang Pengawasan Ketenagakerjaan", "hukum"), ("Bidang Pelatihan dan Produktivitas", "teknik_mesin_transportasi")),
     ("pengawas_naker",), "blk", 0.5),
    ("DINSOS", "Dinas Sosial", "dinas", "sosial",
     (("Bidang Rehabilitasi Sosial", "sosial"), ("Bidang Perlindungan dan Jaminan Sosial", "sosial")),
     ("peksos",), "panti", 0.6),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", "lingkungan_kehutanan",
     (("Bidang Kedaruratan dan Logistik", "teknik_sipil"), ("Bidang Rehabilitasi dan Rekonstruksi", "teknik_sipil")),
     ("analis_bencana",), None, 0.7),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "dinas", "it",
     (("Bidang Aplikasi Informatika", "it"), ("Bidang Informasi dan Komunikasi Publik", "komunikasi"),
      ("Bidang Statistik dan Persandian", "statistik_perencanaan")),
     ("prakom", "humas", "statistisi"), None, 0.5),
    ("DISHUB", "Dinas Perhubungan", "dinas", "teknik_mesin_transportasi",
     (("Bidang Lalu Lintas dan Angkutan Jalan", "teknik_mesin_transportasi"),
      ("Bidang Pelayaran", "teknik_mesin_transportasi")), ("penguji_kb",), None, 0.5),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia", "badan", "sdm_psikologi",
     (("Bidang Pengembangan Kompetensi Manajerial", "sdm_psikologi"),
      ("Bidang Pengembangan Kompetensi Teknis", "sdm_psikologi")), ("widyaiswara",), None, 0.4),
    ("DKP", "Dinas Kelautan dan Perikanan", "dinas", "perikanan_kelautan",
     (("Bidang Perikanan Tangkap", "perikanan_kelautan"), ("Bidang Pengawasan Sumber Daya Kelautan", "perikanan_kelautan")),
     ("pengawas_perikanan",), "pelabuhan", 0.5),
    ("DISTANBUN", "Dinas Tanaman Pangan, Hortikultura dan Perkebunan", "dinas",
     "pertanian_peternakan", (("Bidang Tanaman Pangan", "pertanian_peternakan"),
                              ("Bidang Perkebunan", "pertanian_peternakan")),
     ("penyuluh_pertanian",), "benih", 0.4),
    ("DISNAK", "Dinas Peternakan dan Kesehatan Hewan", "dinas", "pertanian_peternakan",
     (("Bidang Kesehatan Hewan", "pertanian_peternakan"), ("Bidang Produksi Peternakan", "pertanian_peternakan")),
     ("medik_veteriner",), None, 0.4),
    ("BAKESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", "pemerintahan",
     (("Bidang Politik Dalam Negeri", "pemerintahan"), ("Bidang Ketahanan Ekonomi, Sosial dan Budaya", "sosial")),
     ("analis_kebijakan",), None, 0.4),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas", "ekonomi",
     (("Bidang Pelayanan Perizinan", "hukum"), ("Bidang Promosi Penanaman Modal", "ekonomi")),
     ("analis_kebijakan",), None, 0.6),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas", "ekonomi",
     (("Bidang Perdagangan", "ekonomi"), ("Bidang Perindustrian", "teknik_mesin_transportasi")),
     ("analis_perdagangan",), None, 0.4),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah", "dinas", "ekonomi",
     (("Bidang Kelembagaan Koperasi", "ekonomi"), ("Bidang Pemberdayaan UKM", "ekonomi")),
     ("analis_kebijakan",), None, 0.4),
    ("DISPAR", "Dinas Pariwisata dan Ekonomi Kreatif", "dinas", "pariwisata_budaya",
     (("Bidang Destinasi Pariwisata", "pariwisata_budaya"), ("Bidang Pemasaran", "komunikasi")),
     ("pengembang_pariwisata",), None, 0.4),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "dinas", "komunikasi",
     (("Bidang Perpustakaan", "komunikasi"), ("Bidang Kearsipan", "pemerintahan")),
     ("pustakawan", "arsiparis"), None, 0.3),
    ("DP3AP2KB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
     "dinas", "sosial", (("Bidang Perlindungan Anak", "sosial"), ("Bidang Pengendalian Penduduk", "statistik_perencanaan")),
     ("analis_kebijakan",), None, 0.4),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas", "pemerintahan",
     (("Bidang Pemerintahan Desa", "pemerintahan"), ("Bidang Pemberdayaan Ekonomi Masyarakat", "ekonomi")),
     ("penggerak_swadaya",), None, 0.4),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "dinas", "teknik_sipil",
     (("Bidang Perumahan", "teknik_sipil"), ("Bidang Kawasan Permukiman", "teknik_sipil")),
     ("tjj",), None, 0.4),
    ("DKPANGAN", "Dinas Ketahanan Pangan", "dinas", "pertanian_peternakan",
     (("Bidang Ketersediaan dan Distribusi Pangan", "pertanian_peternakan"),
      ("Bidang Konsumsi dan Keamanan Pangan", "kesmas_gizi")), ("analis_kebijakan",), None, 0.4),
    ("DESDM", "Dinas Energi dan Sumber Daya Mineral", "dinas", "teknik_mesin_transportasi",
     (("Bidang Mineral dan Batubara", "lingkungan_kehutanan"), ("Bidang Energi dan Ketenagalistrikan", "teknik_mesin_transportasi")),
     ("analis_kebijakan",), None, 0.4),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga", "dinas", "pend_sosial",
     (("Bidang Kepemudaan", "sosial"), ("Bidang Keolahragaan", "pend_sosial")),
     ("analis_kebijakan",), None, 0.3),
    ("SETWAN", "Sekretariat Dewan Perwakilan Rakyat Daerah", "sekretariat", "pemerintahan",
     (("Bagian Persidangan dan Perundang-undangan", "hukum"), ("Bagian Fasilitasi Penganggaran dan Pengawasan", "keuangan")),
     ("perancang", "humas"), None, 0.5),
)

# Biro of the Setda: name, field, families
BIRO = (
    ("BIRO-UMUM", "Biro Umum", "pemerintahan", ("arsiparis",)),
    ("BIRO-HUKUM", "Biro Hukum", "hukum", ("perancang", "analis_hukum")),
    ("BIRO-PEMOTDA", "Biro Pemerintahan dan Otonomi Daerah", "pemerintahan", ("analis_kebijakan",)),
    ("BIRO-PBJ", "Biro Pengadaan Barang dan Jasa", "ekonomi", ("pbj",)),
    ("BIRO-PEREK", "Biro Perekonomian", "ekonomi", ("analis_kebijakan",)),
    ("BIRO-ORG", "Biro Organisasi", "sdm_psikologi", ("analis_kebijakan", "asdm")),
    ("BIRO-ADPIM", "Biro Administrasi Pimpinan", "komunikasi", ("humas",)),
    ("BIRO-ADPEM", "Biro Administrasi Pembangunan", "statistik_perencanaan", ("perencana",)),
    ("BIRO-KESRA", "Biro Kesejahteraan Rakyat", "sosial", ("analis_kebijakan",)),
)

# UPT kinds: name pattern, unit_type, field, families, workload, big (administrator head)
UPT = {
    "samsat": ("UPT Pelayanan Pendapatan Daerah (Samsat) {r}", "upt", "keuangan", ("akpd",), 0.85, False),
    "cabdin": ("Cabang Dinas Pendidikan Wilayah {w}", "cabang_dinas", "pend_sosial", ("pengawas_sekolah",), 0.5, True),
    "jalan": ("UPT Pengelolaan Jalan dan Jembatan Wilayah {w}", "upt", "teknik_sipil", ("tjj",), 0.6, False),
    "kph": ("Kesatuan Pengelolaan Hutan {r}", "upt", "lingkungan_kehutanan", ("polhut", "penyuluh_hut"), 0.55, True),
    "blk": ("UPT Balai Latihan Kerja {r}", "upt", "teknik_mesin_transportasi", ("instruktur",), 0.45, False),
    "panti": ("UPT Panti Sosial Tresna Werdha {r}", "upt", "sosial", ("peksos", "perawat_terampil"), 0.7, False),
    "pelabuhan": ("UPT Pelabuhan Perikanan {r}", "upt", "perikanan_kelautan", ("pengawas_perikanan",), 0.6, False),
    "benih": ("UPT Balai Benih Induk {r}", "upt", "pertanian_peternakan", ("penyuluh_pertanian",), 0.4, False),
}

# hospitals: id, name, unit_type, region code, families with weights
HOSPITALS = (
    ("RSUD-PROV", "Rumah Sakit Umum Daerah Provinsi", "rsud", "SRN",
     (("dokter", 3), ("dokter_spesialis", 3), ("perawat", 6), ("perawat_terampil", 10),
      ("bidan", 4), ("apoteker", 1), ("asisten_apoteker", 2), ("nutrisionis", 1),
      ("pranata_labkes", 2), ("radiografer", 1), ("perekam_medis", 2), ("adminkes", 1))),
    ("RSJ", "Rumah Sakit Jiwa", "rsj", "SRN",
     (("dokter", 2), ("dokter_spesialis", 1), ("perawat", 4), ("perawat_terampil", 7),
      ("psikolog", 2), ("apoteker", 1), ("asisten_apoteker", 1), ("perekam_medis", 1))),
    ("RSUD-KEP", "Rumah Sakit Umum Daerah Provinsi Kepulauan", "rsud", "KSL",
     (("dokter", 2), ("dokter_spesialis", 1), ("perawat", 3), ("perawat_terampil", 6),
      ("bidan", 3), ("apoteker", 1), ("asisten_apoteker", 1), ("pranata_labkes", 1),
      ("radiografer", 1))),
)
