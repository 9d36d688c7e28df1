"""Fields of study: free-text majors, training names and unit names → vocab.FIELDS_OF_STUDY.

HR staff type majors as they like ("S1 Akuntansi", "AKUNTANSI", "Ak.", "ekonomi akuntansi",
"T. Informatika", "ilmu komputer", "Kesmas", "Adm. Negara"). `normalize_field` maps one such
text to ONE canonical field (or None when nothing is close); `fields_in_text` finds EVERY field a
longer text mentions (training names, unit names); `unit_fields` gives the fields a unit usually
needs (the domain brief's table, found by keywords in the unit's name and type).

How a text is read, in order:
1. lower-case, punctuation → spaces; degree titles (S.E., S.Kom, A.Md.Keb …) are removed but
   remembered — a bare title still says something ("S.H." → Ilmu Hukum);
2. level and school words (S1, D-III, sarjana, jurusan, universitas …) are dropped;
3. abbreviations are expanded (T. → teknik, Adm. → administrasi, kesmas → kesehatan
   masyarakat …);
4. typos: each unknown word is corrected to the known word it is one keyboard slip (edit)
   from — 4-letter words only for a dropped letter, shorter ones never — so spellings never
   seen still land ("Akuntansy", "Keperawtan");
5. the alias phrases of ALIASES are looked up on word boundaries; the heaviest match wins
   (weight = phrase length, except GENERIC words such as "ekonomi" or "manajemen", which only
   win when nothing more specific is there: "ekonomi akuntansi" → Akuntansi); a
   teacher-training major ("Pendidikan Ekonomi") is Pendidikan;
6. fallback: a bare degree title's field, then the whole text against whole phrases
   (difflib ratio ≥ 0.9).
Anything still unmatched is None (unknown) — never a guess.

The tables below are the maintained mapping: add a spelling to ALIASES, not a special case.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from features.vocab import FIELDS_OF_STUDY

# --- the mapping: canonical field → alias phrases (normalised: lower case, single spaces) ----
ALIASES: dict[str, tuple[str, ...]] = {
    "Akuntansi": ("akuntansi", "akutansi", "akuntan", "accounting", "akuntansi keuangan",
                  "komputerisasi akuntansi", "akuntansi sektor publik", "akuntansi pemerintahan",
                  "auditing", "audit"),
    "Keuangan": ("keuangan", "manajemen keuangan", "keuangan daerah", "keuangan negara",
                 "keuangan publik", "finance", "perbankan", "keuangan dan perbankan",
                 "perpajakan", "pajak", "administrasi fiskal", "fiskal"),
    "Ekonomi": ("ekonomi", "ilmu ekonomi", "ekonomi pembangunan", "studi pembangunan",
                "economics", "ekonomi syariah", "ekonomi islam", "ekonomi publik"),
    "Manajemen": ("manajemen", "management", "administrasi bisnis", "administrasi niaga",
                  "manajemen sumber daya manusia", "sumber daya manusia", "manajemen pemasaran",
                  "bisnis", "manajemen bisnis"),
    "Ilmu Hukum": ("hukum", "ilmu hukum", "law", "hukum tata negara", "hukum pidana",
                   "hukum perdata", "hukum islam", "hukum keluarga", "hukum administrasi negara",
                   "syariah", "ahwal syakhsiyah", "kenotariatan", "notariat", "paralegal"),
    "Administrasi Negara": ("administrasi", "administrasi negara", "administrasi publik",
                            "ilmu administrasi negara", "ilmu administrasi publik",
                            "kebijakan publik", "administrasi perkantoran",
                            "administrasi pemerintahan", "public administration"),
    "Ilmu Pemerintahan": ("pemerintahan", "ilmu pemerintahan", "manajemen pemerintahan",
                          "tata pemerintahan", "ipdn", "stpdn", "apdn", "politik",
                          "ilmu politik", "kepamongprajaan"),
    "Psikologi": ("psikologi", "psychology", "psikolog"),
    "Informatika": ("informatika", "teknik informatika", "ilmu komputer", "komputer",
                    "teknik komputer", "manajemen informatika", "computer science",
                    "rekayasa perangkat lunak", "jaringan komputer",
                    "sistem komputer"),
    "Sistem Informasi": ("sistem informasi", "sistem informasi manajemen", "teknologi informasi"),
    "Statistika": ("statistika", "statistik", "statistics", "aktuaria", "matematika",
                   "sains data", "data science"),
    "Ilmu Komunikasi": ("komunikasi", "ilmu komunikasi", "jurnalistik", "hubungan masyarakat",
                        "humas", "public relations", "penyiaran", "broadcasting"),
    "Kedokteran": ("kedokteran", "dokter", "pendidikan dokter", "kedokteran umum",
                   "kedokteran gigi", "dokter gigi", "pendidikan dokter gigi", "profesi dokter",
                   "medicine", "penyakit dalam"),
    "Keperawatan": ("keperawatan", "perawat", "ners", "profesi ners", "nursing",
                    "ilmu keperawatan", "akper"),
    "Kebidanan": ("kebidanan", "bidan", "midwifery", "akbid", "profesi bidan"),
    "Farmasi": ("farmasi", "apoteker", "pharmacy", "akfar", "profesi apoteker",
                "ilmu farmasi"),
    "Kesehatan Masyarakat": ("kesehatan masyarakat", "ilmu kesehatan masyarakat", "kesehatan",
                             "gizi", "ilmu gizi", "kesehatan lingkungan", "sanitasi",
                             "rekam medis", "epidemiologi", "promosi kesehatan",
                             "analis kesehatan", "teknologi laboratorium medis",
                             "administrasi rumah sakit", "public health", "analis medis",
                             "radiologi", "radiodiagnostik", "radioterapi", "fisioterapi"),
    "Pendidikan": ("pendidikan", "keguruan", "ilmu pendidikan", "pgpaud", "pendidikan guru",
                   "tadris", "fkip", "guru", "teknologi pendidikan", "manajemen pendidikan",
                   "administrasi pendidikan", "pendidikan luar sekolah"),
    # Teaching subjects: majors written in full ("Pendidikan Guru Sekolah Dasar") or short.
    "Pendidikan Guru SD": ("pgsd", "pgmi", "pendidikan guru sekolah dasar", "pendidikan guru sd",
                           "pendidikan guru madrasah ibtidaiyah", "guru kelas"),
    "Pendidikan Bahasa Indonesia": ("pendidikan bahasa indonesia",
                                    "pendidikan bahasa dan sastra indonesia",
                                    "tadris bahasa indonesia"),
    "Pendidikan Bahasa Inggris": ("pendidikan bahasa inggris", "tadris bahasa inggris",
                                  "english education", "tbi"),
    "Pendidikan Matematika": ("pendidikan matematika", "tadris matematika"),
    "Pendidikan IPA": ("pendidikan ipa", "pendidikan mipa",
                       "pendidikan matematika dan ilmu pengetahuan alam", "pendidikan fisika", "pendidikan kimia",
                       "pendidikan biologi", "pendidikan ilmu pengetahuan alam", "tadris ipa",
                       "tadris biologi"),
    "Pendidikan IPS": ("pendidikan ips", "pendidikan sejarah", "pendidikan geografi",
                       "pendidikan ekonomi", "pendidikan sosiologi",
                       "pendidikan ilmu pengetahuan sosial", "tadris ips"),
    "Pendidikan Pancasila": ("pendidikan pancasila", "ppkn", "pkn",
                             "pendidikan kewarganegaraan",
                             "pendidikan pancasila dan kewarganegaraan"),
    "Pendidikan Jasmani": ("pendidikan jasmani", "penjaskes", "pjok", "penjas",
                           "pendidikan olahraga", "pendidikan kepelatihan olahraga",
                           "pendidikan jasmani kesehatan dan rekreasi", "ilmu keolahragaan"),
    "Pendidikan Agama": ("pendidikan agama", "pendidikan agama islam", "pai", "tarbiyah",
                         "pendidikan agama kristen", "pendidikan agama katolik",
                         "pendidikan agama hindu", "pendidikan agama buddha"),
    "Bimbingan Konseling": ("bimbingan konseling", "bimbingan dan konseling",
                            "bimbingan penyuluhan", "psikologi pendidikan dan bimbingan"),
    "Pendidikan Seni": ("pendidikan seni", "pendidikan seni rupa", "pendidikan seni tari",
                        "pendidikan seni musik", "pendidikan sendratasik",
                        "pendidikan seni pertunjukan"),
    "Teknik Sipil": ("teknik sipil", "sipil", "civil engineering", "teknik konstruksi",
                     "konstruksi", "teknik bangunan", "teknik jalan dan jembatan",
                     "teknik sipil dan lingkungan", "teknik sipil transportasi"),
    "Arsitektur": ("arsitektur", "teknik arsitektur", "architecture", "arsitek"),
    "Planologi": ("planologi", "perencanaan wilayah", "perencanaan wilayah dan kota",
                  "perencanaan wilayah kota", "perencanaan kota", "teknik planologi",
                  "tata kota", "urban planning", "tata ruang", "penataan ruang"),
    "Teknik Lingkungan": ("teknik lingkungan", "ilmu lingkungan", "lingkungan",
                          "environmental engineering", "teknik penyehatan",
                          "lingkungan hidup"),
    "Pertanian": ("pertanian", "agroteknologi", "agribisnis", "agronomi", "agroekoteknologi",
                  "peternakan", "perikanan", "kehutanan", "ilmu tanah", "hortikultura",
                  "agriculture", "teknologi pangan", "ilmu pangan", "budidaya perairan",
                  "teknologi hasil pertanian", "ketahanan pangan", "pangan", "kedokteran hewan",
                  "veteriner", "budidaya tanaman", "hama dan penyakit tumbuhan",
                  "proteksi tanaman", "produksi ternak"),
    "Transportasi": ("transportasi", "perhubungan", "teknik transportasi", "lalu lintas",
                     "lalu lintas angkutan jalan", "llaj", "angkutan", "pelayaran",
                     "penerbangan", "logistik"),
    "Kesejahteraan Sosial": ("kesejahteraan sosial", "ilmu kesejahteraan sosial",
                             "pekerjaan sosial", "social work", "sosiologi", "sosial"),
    "Perpustakaan": ("perpustakaan", "ilmu perpustakaan", "pustakawan", "library",
                     "perpustakaan dan informasi", "ilmu informasi dan perpustakaan"),
    "Kearsipan": ("kearsipan", "arsip", "arsiparis", "manajemen arsip", "archives",
                  "records management"),
    "Umum": ("umum", "ipa", "ips", "sma", "smk", "slta", "paket c", "ilmu pengetahuan alam",
             "ilmu pengetahuan sosial", "bahasa"),
}

# Broad words: they count only when nothing more specific matched (weight instead of length).
GENERIC: dict[str, int] = {
    "ekonomi": 1, "manajemen": 1, "administrasi": 1, "bisnis": 1, "matematika": 1,
    "sosial": 1, "sosiologi": 2, "politik": 2, "komputer": 3, "lingkungan": 2, "kesehatan": 2,
    "pendidikan": 2, "guru": 2, "umum": 1, "bahasa": 1, "pangan": 2, "angkutan": 2,
    "konstruksi": 3, "audit": 3, "pajak": 4, "sumber daya manusia": 4, "tata ruang": 4,
    "logistik": 3, "sipil": 4,
}

# Fields a bare degree title implies (None: the title says nothing about the field).
DEGREE_TITLES: dict[str, str | None] = {
    "s e": "Ekonomi", "s e i": "Ekonomi", "s ak": "Akuntansi", "s h": "Ilmu Hukum",
    "s h i": "Ilmu Hukum", "s kom": "Informatika", "s ked": "Kedokteran",
    "s kep": "Keperawatan", "s keb": "Kebidanan", "s tr keb": "Kebidanan",
    "s farm": "Farmasi", "s km": "Kesehatan Masyarakat", "s kes": "Kesehatan Masyarakat",
    "s gz": "Kesehatan Masyarakat", "s pd": "Pendidikan", "s pd sd": "Pendidikan Guru SD", "s pd i": "Pendidikan",
    "s psi": "Psikologi", "s ip": "Ilmu Pemerintahan", "s stp": "Ilmu Pemerintahan",
    "s ap": "Administrasi Negara", "s a p": "Administrasi Negara", "s sos": None, "s t": None,
    "s si": None, "s ars": "Arsitektur", "s p": "Pertanian", "s pt": "Pertanian",
    "s pi": "Pertanian", "s hut": "Pertanian", "s stat": "Statistika", "s i kom": "Ilmu Komunikasi",
    "s ikom": "Ilmu Komunikasi", "s ag": None, "s hum": None, "s tr": None,
    "s m": "Manajemen", "s mb": "Manajemen", "s ab": "Manajemen",
    "m m": "Manajemen", "m si": None, "m ap": "Administrasi Negara",
    "m kes": "Kesehatan Masyarakat",
    "m pd": "Pendidikan", "m h": "Ilmu Hukum", "m kom": "Informatika", "m ak": "Akuntansi",
    "m t": None, "m e": "Ekonomi", "m ip": "Ilmu Pemerintahan", "m psi": "Psikologi",
    "a md": None, "a md kep": "Keperawatan", "a md keb": "Kebidanan", "a md farm": "Farmasi",
    "a md kes": "Kesehatan Masyarakat", "a md kom": "Informatika", "a md ak": "Akuntansi",
    "a ma": None, "a ma pd": "Pendidikan", "dr": "Kedokteran", "drg": "Kedokteran",
    "drh": "Pertanian", "s kh": "Pertanian",
    "apt": "Farmasi", "ns": "Keperawatan", "bd": "Kebidanan", "drs": None, "dra": None, "ir": None,
}

# Level and school words: they say where or how long, not what.
NOISE_WORDS: frozenset[str] = frozenset("""
s1 s2 s3 s 1 2 3 4 d1 d2 d3 d4 di dii diii div iv iii ii i strata sarjana magister master
doktor doctor diploma bachelor program studi prodi jurusan fakultas universitas univ institut
sekolah tinggi akademi politeknik poltek negeri swasta bidang konsentrasi peminatan dan of in
the and profesi spesialis sederajat lulusan tamat ahli madya terapan st stie stikes stih
stisipol stia amik stmik fisip pasca pascasarjana degree ilmu teknik
""".split())
# ("ilmu" and "teknik" are dropped only for the fuzzy step: see _fuzzy_tokens.)
_KEEP_FOR_PHRASES = frozenset({"ilmu", "teknik", "dan", "profesi", "studi", "i", "ii", "iii",
                               "iv"})
_EDGE_WORDS = frozenset({"i", "ii", "iii", "iv", "dan"})
# Words of training names that describe the event, not its subject ("Diklat" is literally
# "pendidikan dan pelatihan": it must not read as the field Pendidikan).
_TRAINING_EVENT_RE = re.compile(
    r"\b(pembentukan jabatan fungsional|pembentukan jabatan|pendidikan (dan )?pelatihan|diklat|"
    r"pelatihan|bimbingan teknis|bimtek|kursus|workshop|"
    r"lokakarya|seminar|sosialisasi|orientasi|teknis|fungsional|tingkat|angkatan)\b")

# Abbreviations typed in majors and training names, expanded word by word.
ABBREVIATIONS: dict[str, str] = {
    "t": "teknik", "tek": "teknik", "tkn": "teknik", "ak": "akuntansi", "akt": "akuntansi",
    "akun": "akuntansi", "adm": "administrasi", "admin": "administrasi", "adm.": "administrasi",
    "ilm": "ilmu", "il": "ilmu", "kesmas": "kesehatan masyarakat",
    "kesling": "kesehatan lingkungan", "kesos": "kesejahteraan sosial",
    "kessos": "kesejahteraan sosial", "kes": "kesehatan",
    "ti": "teknik informatika", "si": "sistem informasi", "mi": "manajemen informatika",
    "pwk": "perencanaan wilayah kota", "msdm": "manajemen sumber daya manusia",
    "sdm": "sumber daya manusia", "ap": "administrasi publik",
    "ian": "ilmu administrasi negara", "iap": "ilmu administrasi publik",
    "ip": "ilmu pemerintahan", "ekon": "ekonomi", "ek": "ekonomi", "eko": "ekonomi",
    "manaj": "manajemen", "mnj": "manajemen", "mgt": "manajemen", "mgmt": "manajemen",
    "mnjmn": "manajemen", "keu": "keuangan", "pend": "pendidikan", "b": "bahasa", "pdd": "pendidikan",
    "kep": "keperawatan", "keb": "kebidanan", "farm": "farmasi", "ked": "kedokteran",
    "hub": "hubungan", "masy": "masyarakat", "pem": "pemerintahan", "pemerintah": "pemerintahan",
    "neg": "negara", "lingk": "lingkungan", "perpus": "perpustakaan", "stat": "statistika",
    "inf": "informatika", "info": "informatika", "komp": "komputer", "kom": "komunikasi",
    "ikom": "ilmu komunikasi", "pub": "publik", "ling": "lingkungan", "tp": "teknik pertanian",
    "sist": "sistem", "sis": "sistem", "hk": "hukum", "huk": "hukum", "hkm": "hukum",
    "it": "teknologi informasi",
    # Schools and programmes known by their initials (majors only: a hospital's "SMF" is its
    # medical staff group, not a pharmacy school, so these never read training names or titles)
    "spk": "perawat", "psik": "ilmu keperawatan", "smf": "farmasi", "fk": "kedokteran",
    "fkg": "kedokteran gigi", "ppds": "kedokteran", "mkm": "kesehatan masyarakat",
    "tlm": "teknologi laboratorium medis", "rmik": "rekam medis", "akzi": "gizi",
    "nutrisi": "gizi", "smea": "ekonomi", "stan": "akuntansi", "iesp": "studi pembangunan",
    "esp": "studi pembangunan", "spma": "pertanian", "stpp": "pertanian",
    "sep": "sosial ekonomi pertanian", "stm": "teknik", "tkj": "teknik komputer jaringan",
    "ppg": "pendidikan", "paud": "pendidikan anak usia dini",
    "pjkr": "pendidikan jasmani kesehatan dan rekreasi",
    "pbsi": "pendidikan bahasa dan sastra indonesia", "pmp": "pendidikan pancasila",
    "stks": "kesejahteraan sosial",
    # medical specialisms, in majors only: "Bedah Rumah" is a housing programme, and PONED
    # (obstetri neonatal) is a midwives' and nurses' training, not a doctor's subject
    "bedah": "kedokteran", "obstetri": "kedokteran", "ginekologi": "kedokteran",
    "anestesi": "kedokteran", "anestesiologi": "kedokteran",
}

# Units: keywords of unit names (and unit types) → the fields such a unit usually needs
# (domain.md, "Fields of study and where they usually fit"). A real city's units match by the
# words in their names, so no city's unit_ids are listed here.
UNIT_KEYWORDS: dict[str, tuple[str, ...]] = {
    "keuangan": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "aset": ("Akuntansi", "Keuangan"),
    "bpkad": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "pendapatan": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "bapenda": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "inspektorat": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen", "Ilmu Hukum"),
    "koperasi": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "perdagangan": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "perindustrian": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "perindag": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "umkm": ("Ekonomi", "Manajemen"),
    "usaha mikro": ("Ekonomi", "Manajemen"),
    "penanaman modal": ("Ekonomi", "Manajemen", "Ilmu Hukum"),
    "hukum": ("Ilmu Hukum",),
    "satuan polisi pamong praja": ("Ilmu Hukum",),
    "satpol": ("Ilmu Hukum",),
    "kecamatan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kelurahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "sekretariat daerah": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "setda": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "sekretariat": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "pemerintahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "organisasi": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kesatuan bangsa": ("Ilmu Pemerintahan", "Administrasi Negara"),
    "kesbangpol": ("Ilmu Pemerintahan", "Administrasi Negara"),
    "kepegawaian": ("Psikologi", "Manajemen", "Administrasi Negara", "Ilmu Pemerintahan"),
    "sumber daya manusia": ("Psikologi", "Manajemen", "Administrasi Negara",
                            "Ilmu Pemerintahan"),
    "bkpsdm": ("Psikologi", "Manajemen", "Administrasi Negara", "Ilmu Pemerintahan"),
    "bkd": ("Psikologi", "Manajemen", "Administrasi Negara", "Ilmu Pemerintahan"),
    "komunikasi": ("Informatika", "Sistem Informasi", "Statistika", "Ilmu Komunikasi"),
    "informatika": ("Informatika", "Sistem Informasi", "Statistika", "Ilmu Komunikasi"),
    "diskominfo": ("Informatika", "Sistem Informasi", "Statistika", "Ilmu Komunikasi"),
    "persandian": ("Informatika", "Sistem Informasi"),
    "statistik": ("Statistika", "Informatika", "Sistem Informasi"),
    "kependudukan": ("Informatika", "Sistem Informasi", "Statistika", "Administrasi Negara"),
    "pencatatan sipil": ("Informatika", "Sistem Informasi", "Statistika",
                         "Administrasi Negara"),
    "dukcapil": ("Informatika", "Sistem Informasi", "Statistika", "Administrasi Negara"),
    "perencanaan": ("Statistika", "Informatika", "Sistem Informasi", "Ekonomi", "Planologi"),
    "bappeda": ("Statistika", "Informatika", "Sistem Informasi", "Ekonomi", "Planologi"),
    "bapperida": ("Statistika", "Informatika", "Sistem Informasi", "Ekonomi", "Planologi"),
    "penelitian": ("Statistika", "Ekonomi"),
    "kesehatan": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat"),
    "rumah sakit": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi",
                    "Kesehatan Masyarakat"),
    "rsud": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat"),
    "puskesmas": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat"),
    "pengendalian penduduk": ("Kesehatan Masyarakat", "Kebidanan"),
    "keluarga berencana": ("Kesehatan Masyarakat", "Kebidanan"),
    "pendidikan": ("Pendidikan",),
    "sekolah": ("Pendidikan",),
    "kebudayaan": ("Pendidikan",),
    "pekerjaan umum": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "penataan ruang": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "tata ruang": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "putr": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "perumahan": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "permukiman": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "perkim": ("Teknik Sipil", "Arsitektur", "Planologi"),
    "pertanahan": ("Planologi", "Ilmu Hukum"),
    "lingkungan hidup": ("Teknik Lingkungan",),
    "dlh": ("Teknik Lingkungan",),
    "kebersihan": ("Teknik Lingkungan",),
    "pertamanan": ("Teknik Lingkungan", "Arsitektur"),
    "pertanian": ("Pertanian",),
    "ketahanan pangan": ("Pertanian",),
    "perikanan": ("Pertanian",),
    "peternakan": ("Pertanian",),
    "perhubungan": ("Transportasi",),
    "dishub": ("Transportasi",),
    "sosial": ("Kesejahteraan Sosial",),
    "dinsos": ("Kesejahteraan Sosial",),
    "pemberdayaan perempuan": ("Kesejahteraan Sosial", "Psikologi"),
    "perlindungan anak": ("Kesejahteraan Sosial", "Psikologi"),
    "pemberdayaan masyarakat": ("Kesejahteraan Sosial", "Administrasi Negara"),
    "perpustakaan": ("Perpustakaan", "Kearsipan"),
    "kearsipan": ("Perpustakaan", "Kearsipan"),
    "arsip": ("Perpustakaan", "Kearsipan"),
    "pemadam kebakaran": ("Teknik Sipil",),
    "penanggulangan bencana": ("Teknik Sipil", "Teknik Lingkungan"),
    "perekonomian": ("Ekonomi", "Manajemen"),
    "pengadaan barang": ("Manajemen", "Akuntansi", "Teknik Sipil"),
    "tenaga kerja": ("Ilmu Hukum", "Manajemen", "Psikologi"),
    "kesejahteraan rakyat": ("Kesejahteraan Sosial", "Administrasi Negara"),
}
UNIT_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "kecamatan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kelurahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "sekretariat": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "inspektorat": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen", "Ilmu Hukum"),
    "rsud": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat"),
    "satpol": ("Ilmu Hukum",),
}

# Training subjects: keywords of technical training names (bimtek, diklat teknis) → the fields
# whose work they train for. Alias phrases of majors count too ("Bimtek Akuntansi …"); these
# are the subjects a major's name does not spell out. Longest keyword first, no overlaps.
TRAINING_KEYWORDS: dict[str, tuple[str, ...]] = {
    # finance
    "laporan keuangan": ("Akuntansi", "Keuangan"), "akrual": ("Akuntansi",),
    "standar akuntansi": ("Akuntansi",), "sipd": ("Akuntansi", "Keuangan"),
    "simda": ("Akuntansi", "Keuangan"), "bendahara": ("Keuangan", "Akuntansi"),
    "anggaran": ("Keuangan",), "apbd": ("Keuangan",), "penganggaran": ("Keuangan",),
    "pengelolaan keuangan": ("Keuangan", "Akuntansi"), "retribusi": ("Keuangan",),
    "pajak daerah": ("Keuangan",), "aset daerah": ("Akuntansi", "Keuangan"),
    "barang milik daerah": ("Akuntansi", "Keuangan"), "audit": ("Akuntansi",),
    "pengawasan keuangan": ("Akuntansi",),
    "analisis ekonomi": ("Ekonomi",), "ekonomi daerah": ("Ekonomi",),
    "renstra": ("Ekonomi", "Planologi", "Administrasi Negara"),
    "renja": ("Ekonomi", "Planologi", "Administrasi Negara"),
    "rpjmd": ("Ekonomi", "Planologi", "Administrasi Negara"),
    "rkpd": ("Ekonomi", "Planologi", "Administrasi Negara"),
    "manajemen risiko": ("Manajemen",), "manajemen kinerja": ("Manajemen",),
    "pengadaan barang": ("Manajemen", "Akuntansi"), "koperasi": ("Ekonomi", "Manajemen"),
    "umkm": ("Ekonomi", "Manajemen"),
    # law, government, HR
    "legal drafting": ("Ilmu Hukum",), "produk hukum": ("Ilmu Hukum",),
    "ppns": ("Ilmu Hukum",), "perundang undangan": ("Ilmu Hukum",),
    "penegakan perda": ("Ilmu Hukum",),
    "pelayanan publik": ("Administrasi Negara",), "sakip": ("Administrasi Negara",),
    "analisis jabatan": ("Administrasi Negara", "Psikologi", "Manajemen"),
    "beban kerja": ("Administrasi Negara", "Manajemen"),
    "reformasi birokrasi": ("Administrasi Negara",),
    "pemerintahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kelurahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kecamatan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "kependudukan": ("Administrasi Negara", "Informatika", "Sistem Informasi"),
    "pencatatan sipil": ("Administrasi Negara", "Informatika", "Sistem Informasi"),
    "adminduk": ("Administrasi Negara", "Informatika", "Sistem Informasi"),
    "asesor": ("Psikologi", "Manajemen"), "assessment center": ("Psikologi", "Manajemen"),
    "manajemen talenta": ("Psikologi", "Manajemen"),
    "kepegawaian": ("Psikologi", "Manajemen", "Administrasi Negara"),
    # information, statistics, communication
    "jaringan": ("Informatika",), "keamanan informasi": ("Informatika", "Sistem Informasi"),
    "pemrograman": ("Informatika",), "aplikasi web": ("Informatika",),
    "spbe": ("Sistem Informasi", "Informatika"), "basis data": ("Sistem Informasi",
                                                               "Informatika"),
    "database": ("Sistem Informasi", "Informatika"),
    "statistik sektoral": ("Statistika",), "satu data": ("Statistika", "Sistem Informasi"),
    "kehumasan": ("Ilmu Komunikasi",), "media sosial": ("Ilmu Komunikasi",),
    "protokol": ("Ilmu Komunikasi",),
    # health
    "acls": ("Kedokteran",), "atls": ("Kedokteran",), "tuberkulosis": ("Kedokteran",),
    "tata laksana tb": ("Kedokteran",), "btcls": ("Keperawatan",), "ppgd": ("Keperawatan",),
    "perawatan luka": ("Keperawatan",), "asuhan keperawatan": ("Keperawatan",),
    "apn": ("Kebidanan",), "persalinan": ("Kebidanan",), "poned": ("Kebidanan", "Kedokteran"),
    "menyusui": ("Kebidanan",), "kefarmasian": ("Farmasi",), "obat": ("Farmasi",),
    "bmhp": ("Farmasi",), "surveilans": ("Kesehatan Masyarakat",),
    "gizi buruk": ("Kesehatan Masyarakat",), "imunisasi": ("Kesehatan Masyarakat",),
    # education
    "kurikulum": ("Pendidikan",), "dapodik": ("Pendidikan",), "sekolah": ("Pendidikan",),
    "pembelajaran": ("Pendidikan",),
    # works, environment, farming, transport, social, records
    "k3 konstruksi": ("Teknik Sipil",), "konstruksi": ("Teknik Sipil",),
    "jalan dan jembatan": ("Teknik Sipil",),
    "jembatan": ("Teknik Sipil",), "drainase": ("Teknik Sipil",),
    "bangunan gedung": ("Arsitektur", "Teknik Sipil"), "pbg": ("Arsitektur", "Teknik Sipil"),
    "rdtr": ("Planologi",), "rtrw": ("Planologi",), "tata ruang": ("Planologi",),
    "sistem informasi geografis": ("Planologi",), "amdal": ("Teknik Lingkungan",),
    "sampah": ("Teknik Lingkungan",), "limbah": ("Teknik Lingkungan",),
    "penyuluhan pertanian": ("Pertanian",), "kesehatan hewan": ("Pertanian",),
    "budidaya": ("Pertanian",), "kendaraan bermotor": ("Transportasi",),
    "rekayasa lalu lintas": ("Transportasi",),
    "pendamping sosial": ("Kesejahteraan Sosial",), "dtks": ("Kesejahteraan Sosial",),
    "rehabilitasi sosial": ("Kesejahteraan Sosial",), "bansos": ("Kesejahteraan Sosial",),
    "katalogisasi": ("Perpustakaan",), "pustakawan": ("Perpustakaan",),
    "arsip": ("Kearsipan",), "kearsipan": ("Kearsipan",),
}

# Jabatan fungsional (functional jobs) and the fields their education standard asks for. A JF's
# name appears in position titles ("Pranata Komputer Ahli Pertama") and in the names of the
# trainings that form it ("Diklat Pembentukan Jabatan Fungsional Auditor").
FUNCTIONAL_JOB_FIELDS: dict[str, tuple[str, ...]] = {
    "auditor": ("Akuntansi", "Keuangan"),
    "pengawas penyelenggaraan urusan pemerintahan": ("Administrasi Negara",
                                                     "Ilmu Pemerintahan", "Ilmu Hukum"),
    "p2upd": ("Administrasi Negara", "Ilmu Pemerintahan", "Ilmu Hukum"),
    "analis kebijakan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "pranata hubungan masyarakat": ("Ilmu Komunikasi",), "pranata humas": ("Ilmu Komunikasi",),
    "perencana": ("Planologi", "Ekonomi", "Administrasi Negara"),
    "statistisi": ("Statistika",), "peneliti": ("Ekonomi", "Statistika"),
    "analis sumber daya manusia aparatur": ("Administrasi Negara", "Psikologi", "Manajemen"),
    "asesor sumber daya manusia": ("Psikologi", "Manajemen"),
    "pranata komputer": ("Informatika", "Sistem Informasi"),
    "analis keuangan": ("Akuntansi", "Keuangan", "Ekonomi"),
    "pengelola pengadaan": ("Manajemen", "Akuntansi", "Teknik Sipil"),
    "analis hukum": ("Ilmu Hukum",), "perancang peraturan": ("Ilmu Hukum",),
    "analis kebencanaan": ("Teknik Sipil", "Teknik Lingkungan"),
    "analis kebakaran": ("Teknik Sipil",), "pemadam kebakaran": ("Teknik Sipil",),
    "pengawas sekolah": ("Pendidikan",), "penilik": ("Pendidikan",), "guru": ("Pendidikan",),
    "guru kelas": ("Pendidikan Guru SD",), "guru bahasa indonesia": ("Pendidikan Bahasa Indonesia",),
    "guru bahasa inggris": ("Pendidikan Bahasa Inggris",),
    "guru matematika": ("Pendidikan Matematika",),
    "guru ilmu pengetahuan alam": ("Pendidikan IPA",), "guru ipa": ("Pendidikan IPA",),
    "guru fisika": ("Pendidikan IPA",), "guru kimia": ("Pendidikan IPA",),
    "guru biologi": ("Pendidikan IPA",),
    "guru ilmu pengetahuan sosial": ("Pendidikan IPS",), "guru ips": ("Pendidikan IPS",),
    "guru sejarah": ("Pendidikan IPS",), "guru geografi": ("Pendidikan IPS",),
    "guru ekonomi": ("Pendidikan IPS",), "guru sosiologi": ("Pendidikan IPS",),
    "guru pendidikan pancasila": ("Pendidikan Pancasila",), "guru ppkn": ("Pendidikan Pancasila",),
    "guru pkn": ("Pendidikan Pancasila",),
    "guru pendidikan jasmani": ("Pendidikan Jasmani",), "guru pjok": ("Pendidikan Jasmani",),
    "guru penjaskes": ("Pendidikan Jasmani",), "guru olahraga": ("Pendidikan Jasmani",),
    "guru pendidikan agama": ("Pendidikan Agama",), "guru agama": ("Pendidikan Agama",),
    "guru bimbingan dan konseling": ("Bimbingan Konseling",),
    "guru bimbingan konseling": ("Bimbingan Konseling",), "guru bk": ("Bimbingan Konseling",),
    "guru seni": ("Pendidikan Seni",), "guru seni budaya": ("Pendidikan Seni",),
    "dokter": ("Kedokteran",), "dokter gigi": ("Kedokteran",), "perawat": ("Keperawatan",),
    "fisioterapis": ("Keperawatan", "Kesehatan Masyarakat"), "bidan": ("Kebidanan",),
    "apoteker": ("Farmasi",), "asisten apoteker": ("Farmasi",),
    "tenaga teknis kefarmasian": ("Farmasi",),
    "epidemiolog": ("Kesehatan Masyarakat",), "penyuluh kesehatan": ("Kesehatan Masyarakat",),
    "sanitarian": ("Kesehatan Masyarakat",), "nutrisionis": ("Kesehatan Masyarakat",),
    "administrator kesehatan": ("Kesehatan Masyarakat",),
    "radiografer": ("Kesehatan Masyarakat",),
    "pranata laboratorium kesehatan": ("Kesehatan Masyarakat",),
    "perekam medis": ("Kesehatan Masyarakat",),
    "teknik jalan": ("Teknik Sipil",), "teknik pengairan": ("Teknik Sipil",),
    "penata ruang": ("Planologi",),
    "teknik tata bangunan": ("Arsitektur", "Teknik Sipil"),
    "pengendali dampak lingkungan": ("Teknik Lingkungan",),
    "pengawas lingkungan": ("Teknik Lingkungan",),
    "pekerja sosial": ("Kesejahteraan Sosial",), "penyuluh sosial": ("Kesejahteraan Sosial",),
    "administrator database kependudukan": ("Informatika", "Sistem Informasi",
                                            "Administrasi Negara"),
    "penguji kendaraan bermotor": ("Transportasi",), "sandiman": ("Informatika",),
    "pengawas koperasi": ("Akuntansi", "Ekonomi", "Manajemen"),
    "penera": ("Teknik Sipil",), "pengawas perdagangan": ("Ekonomi", "Manajemen"),
    "penyuluh pertanian": ("Pertanian",), "medik veteriner": ("Pertanian",),
    "paramedik veteriner": ("Pertanian",), "pustakawan": ("Perpustakaan",),
    "arsiparis": ("Kearsipan",), "polisi pamong praja": ("Ilmu Hukum",),
    "penyuluh keluarga berencana": ("Kesehatan Masyarakat", "Kebidanan"),
    "mediator hubungan industrial": ("Ilmu Hukum",),
    "pengantar kerja": ("Psikologi", "Manajemen"),
}

# Near fields: a family match counts partially ("Keuangan" asked, "Akuntansi" held).
FAMILIES: dict[str, tuple[str, ...]] = {
    "ekonomi": ("Akuntansi", "Keuangan", "Ekonomi", "Manajemen"),
    "hukum": ("Ilmu Hukum",),
    "pemerintahan": ("Administrasi Negara", "Ilmu Pemerintahan"),
    "sosial": ("Psikologi", "Kesejahteraan Sosial", "Ilmu Komunikasi"),
    "teknologi_informasi": ("Informatika", "Sistem Informasi", "Statistika"),
    "kesehatan": ("Kedokteran", "Keperawatan", "Kebidanan", "Farmasi", "Kesehatan Masyarakat"),
    "pendidikan": ("Pendidikan", "Pendidikan Guru SD", "Pendidikan Bahasa Indonesia",
                   "Pendidikan Bahasa Inggris", "Pendidikan Matematika", "Pendidikan IPA",
                   "Pendidikan IPS", "Pendidikan Pancasila", "Pendidikan Jasmani",
                   "Pendidikan Agama", "Bimbingan Konseling", "Pendidikan Seni"),
    "teknik": ("Teknik Sipil", "Arsitektur", "Planologi", "Teknik Lingkungan"),
    "pertanian": ("Pertanian",),
    "transportasi": ("Transportasi",),
    "dokumentasi": ("Perpustakaan", "Kearsipan"),
    "umum": ("Umum",),
}
FAMILY_NAMES: tuple[str, ...] = tuple(FAMILIES)
# The subjects a teacher is certified for; a post or training asking for education work of no
# named subject ("Pendidikan") is open to every one of them (see target_fields).
TEACHING_SUBJECTS: frozenset[str] = frozenset(FAMILIES["pendidikan"]) - {"Pendidikan"}
_FAMILY_OF: dict[str, str] = {f: fam for fam, fields in FAMILIES.items() for f in fields}
FIELD_INDEX: dict[str, int] = {f: i for i, f in enumerate(FIELDS_OF_STUDY)}
FAMILY_INDEX: dict[str, int] = {f: i for i, f in enumerate(FAMILY_NAMES)}

# --- compiled lookups ------------------------------------------------------------------------


def _check_tables() -> None:
    unknown = ({f for f in ALIASES} | {f for fs in UNIT_KEYWORDS.values() for f in fs}
               | {f for fs in TRAINING_KEYWORDS.values() for f in fs}
               | {f for fs in FUNCTIONAL_JOB_FIELDS.values() for f in fs}
               | {f for fs in UNIT_TYPE_FIELDS.values() for f in fs} | set(_FAMILY_OF)
               | {f for f in DEGREE_TITLES.values() if f}) - set(FIELDS_OF_STUDY)
    if unknown:
        raise ValueError(f"fields.py names fields outside vocab.FIELDS_OF_STUDY: {unknown}")
    missing = set(FIELDS_OF_STUDY) - set(_FAMILY_OF)
    if missing:
        raise ValueError(f"fields without a family: {missing}")


_check_tables()

_PHRASES: list[tuple[str, str, int]] = sorted(
    ((p, f, GENERIC.get(p, len(p))) for f, ps in ALIASES.items() for p in ps),
    key=lambda t: -len(t[0]))
_PHRASE_RE: list[tuple[re.Pattern[str], str, int, str]] = [
    (re.compile(rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])"), f, w, p) for p, f, w in _PHRASES]
_ALIAS_WORDS: tuple[str, ...] = tuple(sorted(
    {w for p, _, _ in _PHRASES for w in p.split() if len(w) >= 4}
    | {w for k in UNIT_KEYWORDS for w in k.split() if len(w) >= 4}))
# Words the fuzzy step may correct towards: alias and keyword words, and abbreviations.
_KNOWN_WORDS: tuple[str, ...] = tuple(sorted(
    set(_ALIAS_WORDS) | {a for a in ABBREVIATIONS if len(a) >= 5}
    | {w for k in (*TRAINING_KEYWORDS, *FUNCTIONAL_JOB_FIELDS) for w in k.split() if len(w) >= 4}))
_DEGREE_SEQS: dict[tuple[str, ...], str | None] = {
    tuple(k.split()): v for k, v in DEGREE_TITLES.items()}
_DEGREE_COMPACT: dict[str, str | None] = {k.replace(" ", ""): v for k, v in DEGREE_TITLES.items()}
_MAX_DEGREE_LEN = max(len(k) for k in _DEGREE_SEQS)
_TEACHING_RE = re.compile(
    r"^(pendidikan|keguruan|tadris)\s+(?!dokter|profesi|ners|bidan|apoteker|kedokteran)\w")
_TRAINING_MATCHERS: list[tuple[re.Pattern[str], frozenset[str], bool]] = sorted(
    [(re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])"), frozenset(fs), False)
     for k, fs in (TRAINING_KEYWORDS | FUNCTIONAL_JOB_FIELDS).items()]
    + [(rx, frozenset({f}), phrase in GENERIC) for rx, f, _, phrase in _PHRASE_RE],
    key=lambda m: -len(m[0].pattern))
_UNIT_KW_RE: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])"), fs)
    for k, fs in sorted(UNIT_KEYWORDS.items(), key=lambda kv: -len(kv[0]))]


def _tokens(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def _strip_degrees(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Remove degree titles ("s e", "skom", "a md keb"); return kept tokens and the fields the
    titles imply."""
    kept: list[str] = []
    implied: list[str] = []
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(_MAX_DEGREE_LEN, len(tokens) - i), 0, -1):
            seq = tuple(tokens[i:i + n])
            if n >= 2 and seq in _DEGREE_SEQS:
                hit = (n, _DEGREE_SEQS[seq])
                break
            compact = "".join(seq)
            if compact in _DEGREE_COMPACT and (n >= 2 or compact not in ABBREVIATIONS):
                hit = (n, _DEGREE_COMPACT[compact])
                break
        if hit:
            if hit[1]:
                implied.append(hit[1])
            i += hit[0]
        else:
            kept.append(tokens[i])
            i += 1
    return kept, implied


def _join_letters(tokens: list[str]) -> list[str]:
    """Runs of single letters are one abbreviation typed with dots: "I.P.S" → "ips"."""
    out: list[str] = []
    run: list[str] = []
    for t in tokens + [""]:
        if len(t) == 1 and t.isalpha():
            run.append(t)
            continue
        out.extend(["".join(run)] if len(run) >= 2 else run)
        run = []
        if t:
            out.append(t)
    return out


def _clean(text: str) -> tuple[str, list[str]]:
    """Normalised words (degrees and level words gone, abbreviations expanded) and the fields
    implied by degree titles."""
    raw = text.lower()
    # "S-1", "D-III", "S.1" glued back to "s1", "diii" before tokenising.
    raw = re.sub(r"\b([sd])\s*[-.]?\s*(1|2|3|4|i{1,3}|iv)\b", r"\1\2", raw)
    tokens, implied = _strip_degrees(_tokens(raw))
    tokens = _join_letters(tokens)
    words: list[str] = []
    for t in tokens:
        if t in NOISE_WORDS and t not in _KEEP_FOR_PHRASES:
            continue
        words.extend(ABBREVIATIONS.get(t, t).split())
    # Drop roman/number level words left at the ends only (they may be inside names).
    while words and words[0] in _EDGE_WORDS:
        words.pop(0)
    while words and words[-1] in _EDGE_WORDS:
        words.pop()
    return " ".join(words), implied


def _phrase_matches(text: str, include_generic: bool = True) -> list[tuple[int, int, str, str]]:
    """Non-overlapping alias matches, longest phrase first: (weight, start, field, phrase)."""
    taken = [False] * (len(text) + 1)
    out: list[tuple[int, int, str, str]] = []
    for rx, field, weight, phrase in _PHRASE_RE:
        if not include_generic and phrase in GENERIC:
            continue
        for m in rx.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            for k in range(m.start(), m.end()):
                taken[k] = True
            out.append((weight, m.start(), field, phrase))
    return out


def _best(text: str) -> str | None:
    if _TEACHING_RE.match(text):
        # A teacher-training major is its subject ("Pendidikan Matematika"), or education
        # work of no named subject ("Pendidikan Ekonomi" is a subject: IPS).
        subjects = [m for m in _phrase_matches(text) if m[2] in TEACHING_SUBJECTS]
        return max(subjects, key=lambda m: (m[0], m[1]))[2] if subjects else "Pendidikan"
    matches = _phrase_matches(text)
    if not matches:
        return None
    # Heaviest wins; on a tie the later word (Indonesian puts the specific word last).
    return max(matches, key=lambda m: (m[0], m[1]))[2]


def _edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    neighbours each cost 1 (the slips of a keyboard)."""
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if (prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=65536)
def _fuzzy_word(w: str) -> str:
    """The known word a typed word is one slip (edit) from; 4-letter words only for a dropped
    letter, shorter words never (too many near neighbours). Unchanged if none."""
    if len(w) < 4 or w in _KNOWN_WORDS or w in NOISE_WORDS or w in ABBREVIATIONS:
        return w
    allowed = 1        # two edits turn ordinary words into field words ("pengembangan")
    best, best_d = w, allowed + 1
    for cand in difflib.get_close_matches(w, _KNOWN_WORDS, n=6, cutoff=0.6):
        if len(w) == 4 and len(cand) != 5:     # 4 letters: only a dropped letter ("hukm")
            continue
        d = _edit_distance(w, cand)
        if d < best_d:
            best, best_d = cand, d
    return ABBREVIATIONS.get(best, best)


def _fuzzy_words(text: str) -> str:
    return " ".join(_fuzzy_word(w) for w in text.split())


@lru_cache(maxsize=65536)
def normalize_field(text: str | None) -> str | None:
    """One canonical field of study (vocab.FIELDS_OF_STUDY) for a free-text major; None when
    empty or nothing is close enough (unknown — not a guess)."""
    if not isinstance(text, str) or not text.strip():
        return None
    cleaned, implied = _clean(text)
    if cleaned:
        # Typos first: "Eknomi Syariah" must not lose to a correctly spelled broad word.
        found = _best(_fuzzy_words(cleaned))
        if found:
            return found
    if implied:
        return implied[0]
    if not cleaned:
        return None
    # Whole text against whole phrases: strict, or "Teknik Mesin" would become "Teknik Sipil".
    whole = difflib.get_close_matches(cleaned, [p for p, _, _ in _PHRASES], n=1, cutoff=0.9)
    if whole:
        return next(f for p, f, _ in _PHRASES if p == whole[0])
    return None


@lru_cache(maxsize=65536)
def fields_in_text(text: str | None, include_generic: bool = False) -> frozenset[str]:
    """Every field a training name or a position title is about: TRAINING_KEYWORDS,
    FUNCTIONAL_JOB_FIELDS and the alias phrases of majors, longest first, without overlaps
    ("Pelatihan Kesehatan Hewan" is Pertanian, not health). Broad words ("manajemen") count
    only with include_generic; event words are dropped first ("Pendidikan dan Pelatihan" is a
    Diklat, not teaching). Matching is exact (case and punctuation aside): these texts are full
    of ordinary words a typo fixer would turn into field words ("bidang" → "bidan"), so a typo
    here costs a missed subject, never a false one. Empty for generic trainings ("Pelatihan
    Pelayanan Prima")."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    cleaned = " ".join(_tokens(text))
    cleaned = re.sub(r"\s+", " ", _TRAINING_EVENT_RE.sub(" ", cleaned)).strip()
    taken = [False] * (len(cleaned) + 1)
    found: set[str] = set()
    for rx, fields, generic in _TRAINING_MATCHERS:
        if generic and not include_generic:
            continue
        for m in rx.finditer(cleaned):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            found |= fields
    return frozenset(found)


def _keyword_fields(cleaned: str) -> set[str]:
    out: set[str] = set()
    for rx, fs in _UNIT_KW_RE:
        if rx.search(cleaned):
            out.update(fs)
    return out


@lru_cache(maxsize=4096)
def unit_fields(unit_name: str | None, unit_type: str | None = None) -> frozenset[str]:
    """The fields a unit usually needs (domain.md), from keywords of its name and its type;
    empty when the name says nothing (e.g. a bare "Bagian Umum")."""
    out: set[str] = set()
    if isinstance(unit_type, str):
        out.update(UNIT_TYPE_FIELDS.get(unit_type.strip().lower(), ()))
    if isinstance(unit_name, str) and unit_name.strip():
        cleaned = " ".join(_tokens(unit_name))
        out |= _keyword_fields(cleaned)
    return frozenset(out)


def target_fields(fields) -> frozenset[str]:
    """The fields a post, unit or training asks for, as matched against what a person holds:
    education work of no named subject is open to a teacher of any subject."""
    out = frozenset(fields)
    return out | TEACHING_SUBJECTS if "Pendidikan" in out else out


def field_family(field: str | None) -> str | None:
    """The family of a canonical field ("Akuntansi" → "ekonomi"); None for None/unknown."""
    return _FAMILY_OF.get(field) if field else None
