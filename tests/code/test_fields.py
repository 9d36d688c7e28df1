"""features.fields: free-text majors, training names and unit names → canonical fields."""

from __future__ import annotations

import pytest

from features import fields
from features.fields import (field_family, fields_in_text, normalize_field, unit_fields)
from features.vocab import FIELDS_OF_STUDY

# Spellings HR staff type (and a few of our own), with the field they mean.
SPELLINGS = [
    ("Akuntansi", "Akuntansi"), ("S1 Akuntansi", "Akuntansi"), ("AKUNTANSI", "Akuntansi"),
    ("Ak.", "Akuntansi"), ("ekonomi akuntansi", "Akuntansi"), ("Ekonomi/Akuntansi", "Akuntansi"),
    ("Akutansi", "Akuntansi"), ("D-III Akuntansi", "Akuntansi"),
    ("Akuntansi Sektor Publik", "Akuntansi"), ("Ekonomi Jurusan Akuntansi", "Akuntansi"),
    ("Manajemen Keuangan", "Keuangan"), ("Keuangan dan Perbankan", "Keuangan"),
    ("Ekonomi Pembangunan", "Ekonomi"), ("Ek. Pembangunan", "Ekonomi"),
    ("Studi Pembangunan", "Ekonomi"), ("S.E.", "Ekonomi"),
    ("Manajemen SDM", "Manajemen"), ("MSDM", "Manajemen"), ("S2 Magister Manajemen", "Manajemen"),
    ("Ilmu Hukum", "Ilmu Hukum"), ("S1 Hukum", "Ilmu Hukum"), ("S.H.", "Ilmu Hukum"),
    ("Hukum Administrasi Negara", "Ilmu Hukum"),
    ("Adm. Negara", "Administrasi Negara"), ("ADM NEGARA", "Administrasi Negara"),
    ("Ilmu Administrasi Publik", "Administrasi Negara"),
    ("Magister Administrasi Publik", "Administrasi Negara"),
    ("ilmu pemerintahan", "Ilmu Pemerintahan"), ("IPDN", "Ilmu Pemerintahan"),
    ("Manajemen Pemerintahan", "Ilmu Pemerintahan"),
    ("Psikologi Industri dan Organisasi", "Psikologi"),
    ("T. Informatika", "Informatika"), ("ilmu komputer", "Informatika"),
    ("Manajemen Informatika", "Informatika"), ("S.Kom", "Informatika"),
    ("Sistem Informasi", "Sistem Informasi"), ("Sist. Informasi", "Sistem Informasi"),
    ("Statistik", "Statistika"), ("Ilmu Kom.", "Ilmu Komunikasi"),
    ("Pendidikan Dokter", "Kedokteran"), ("Akper", "Keperawatan"), ("Profesi Ners", "Keperawatan"),
    ("D3 Kebidanan", "Kebidanan"), ("Apoteker", "Farmasi"),
    ("Kesmas", "Kesehatan Masyarakat"), ("SKM", "Kesehatan Masyarakat"),
    ("Kes. Masyarakat", "Kesehatan Masyarakat"), ("Gizi", "Kesehatan Masyarakat"),
    # A teacher-training major is its subject; education work of no subject stays Pendidikan.
    ("Pendidikan Ekonomi", "Pendidikan IPS"), ("PGSD", "Pendidikan Guru SD"),
    ("Pend. Bahasa Indonesia", "Pendidikan Bahasa Indonesia"),
    ("Pendidikan Matematika", "Pendidikan Matematika"), ("S.1 PEND. GURU SD", "Pendidikan Guru SD"),
    ("PEND. B. INGGRIS", "Pendidikan Bahasa Inggris"), ("Pendidikan MIPA", "Pendidikan IPA"),
    ("Penjaskes", "Pendidikan Jasmani"), ("S1 PAI", "Pendidikan Agama"),
    ("Bimbingan dan Konseling", "Bimbingan Konseling"), ("Manajemen Pendidikan", "Pendidikan"),
    ("Pendidikan Luar Sekolah", "Pendidikan"),
    ("T. Sipil", "Teknik Sipil"), ("Teknik Sipil Transportasi", "Teknik Sipil"),
    ("Teknik Arsitektur", "Arsitektur"), ("PWK", "Planologi"),
    ("Perencanaan Wilayah & Kota", "Planologi"), ("Teknik Lingkungan", "Teknik Lingkungan"),
    ("Agribisnis", "Pertanian"), ("Kedokteran Hewan", "Pertanian"),
    ("LLAJ", "Transportasi"), ("Kessos", "Kesejahteraan Sosial"),
    ("Ilmu Perpustakaan dan Informasi", "Perpustakaan"), ("D3 Kearsipan", "Kearsipan"),
    ("IPA", "Umum"), ("I.P.S", "Umum"),
    # schools and programmes known by their initials, specialisms, health technicians
    ("SPK", "Keperawatan"), ("SPK Depkes", "Keperawatan"), ("S1 PSIK", "Keperawatan"),
    ("SMF", "Farmasi"), ("Sarjana FK", "Kedokteran"), ("FKG", "Kedokteran"),
    ("Spesialis Penyakit Dalam", "Kedokteran"), ("PPDS Anestesi", "Kedokteran"),
    ("Spesialis Bedah", "Kedokteran"), ("MKM", "Kesehatan Masyarakat"),
    ("DIII Analis Medis", "Kesehatan Masyarakat"), ("Radiologi", "Kesehatan Masyarakat"),
    ("Akademi Fisioterapi", "Kesehatan Masyarakat"), ("Nutrisi", "Kesehatan Masyarakat"),
    ("SMEA", "Ekonomi"), ("IESP", "Ekonomi"), ("STAN", "Akuntansi"),
    ("Spesialis Obstetri dan Ginekologi", "Kedokteran"),
    ("SPMA", "Pertanian"), ("STPP", "Pertanian"), ("Budidaya Tanaman", "Pertanian"),
    ("STM Bangunan", "Teknik Sipil"), ("TKJ", "Informatika"), ("STKS", "Kesejahteraan Sosial"),
    ("Magister Kenotariatan", "Ilmu Hukum"), ("PPG Dalam Jabatan", "Pendidikan"),
    ("PAUD", "Pendidikan"), ("S1 PJKR", "Pendidikan Jasmani"),
    ("PBSI", "Pendidikan Bahasa Indonesia"), ("Sarjana PMP", "Pendidikan Pancasila"),
    # spacing, case, programme words
    ("  Program Studi   AKUNTANSI ", "Akuntansi"), ("Jurusan Teknik Informatika", "Informatika"),
    ("prodi kesehatan masyarakat", "Kesehatan Masyarakat"),
]

# Keyboard slips never listed anywhere: the fuzzy step must land them.
TYPOS = [
    ("Akuntansy", "Akuntansi"), ("Informatka", "Informatika"), ("Keperawtan", "Keperawatan"),
    ("kesehtan masyarakat", "Kesehatan Masyarakat"), ("Adminstrasi Negara", "Administrasi Negara"),
    ("Ilmu Pemerintahn", "Ilmu Pemerintahan"), ("Farmsi", "Farmasi"), ("Planolgi", "Planologi"),
    ("Eknoomi Syariah", "Ekonomi"), ("Manajemen Keuangn", "Keuangan"), ("Ilmu Hukm", "Ilmu Hukum"),
    ("Peniddikan Matematika", "Pendidikan Matematika"), ("Kedoktrean Umum", "Kedokteran"),
]

# Fields outside the vocabulary, and junk: unknown, never a guess.
UNKNOWN = ["", "   ", None, "xyz", "Teknik Mesin", "Teknik Elektro", "Fisika", "Kimia",
           "Biologi", "Sastra Inggris", "Hubungan Internasional", "Seni Rupa", "Filsafat",
           "-", "S1", "Sarjana", "STM", "SMU", "Spesialis Anak",
           "Tata Niaga"]        # a high-school track (SMEA), not a field of study


@pytest.mark.parametrize("text,field", SPELLINGS)
def test_known_spellings_map_to_their_field(text, field):
    assert normalize_field(text) == field


@pytest.mark.parametrize("text,field", TYPOS)
def test_typos_fall_back_to_the_nearest_field(text, field):
    assert normalize_field(text) == field


@pytest.mark.parametrize("text", UNKNOWN)
def test_unknown_fields_are_none(text):
    assert normalize_field(text) is None


def test_results_are_canonical_and_cached():
    for text, _ in SPELLINGS + TYPOS:
        assert normalize_field(text) in FIELDS_OF_STUDY
    normalize_field.cache_clear()
    normalize_field("S1 Akuntansi")
    normalize_field("S1 Akuntansi")
    info = normalize_field.cache_info()
    assert info.hits == 1 and info.misses == 1


def test_every_canonical_field_maps_to_itself():
    for f in FIELDS_OF_STUDY:
        assert normalize_field(f) == f
        assert normalize_field(f.upper()) == f


def test_tables_name_only_canonical_fields():
    fields._check_tables()      # raises on a field outside vocab.FIELDS_OF_STUDY


def test_families_group_near_fields():
    assert field_family("Akuntansi") == field_family("Keuangan") == "ekonomi"
    assert field_family("Kebidanan") == field_family("Farmasi") == "kesehatan"
    assert field_family("Akuntansi") != field_family("Ilmu Hukum")
    assert field_family(None) is None
    assert all(field_family(f) for f in FIELDS_OF_STUDY)


def test_generator_spellings_are_read(tmp_path):
    """Every raw spelling the synthetic generator writes (its own truth table) maps back to
    the field it was drawn from, apart from a small share of typos (<2 %)."""
    import numpy as np

    from synthetic.kota import spellings   # a product module: broken means failed

    rng = np.random.default_rng(3)
    total = wrong = 0
    for field in spellings.FIELD_VARIANTS:
        for _ in range(60):
            total += 1
            wrong += normalize_field(spellings.messy_field(rng, field, "S1")) != field
    assert wrong / total < 0.02, f"{wrong} of {total} spellings mis-read"


# --- training names and unit names ------------------------------------------------------------

@pytest.mark.parametrize("name,field", [
    ("Bimtek Standar Akuntansi Pemerintahan", "Akuntansi"),
    ("Pelatihan Pengelolaan Keuangan Daerah", "Keuangan"),
    ("Diklat Bendahara Pengeluaran", "Keuangan"),
    ("Pelatihan Legal Drafting", "Ilmu Hukum"),
    ("Pelatihan Jaringan Komputer", "Informatika"),
    ("Pelatihan Surveilans Epidemiologi", "Kesehatan Masyarakat"),
    ("BIMTEK KURIKULUM MERDEKA", "Pendidikan"),
    ("Diklat Kearsipan", "Kearsipan"),
    ("Pelatihan Kesehatan Hewan", "Pertanian"),
    ("Diklat Teknis Administrasi Kependudukan", "Administrasi Negara"),
])
def test_training_names_reveal_their_subject(name, field):
    assert field in fields_in_text(name)


@pytest.mark.parametrize("name", [
    "Diklatpim III", "Pendidikan dan Pelatihan Kepemimpinan Tingkat III", "LATSAR CPNS",
    "Pelatihan Pelayanan Prima", "Bimtek Penyusunan SKP", "Pelatihan Bahasa Inggris", "", None,
    "Sosialisasi Bedah Rumah",      # a housing programme: the majors' "bedah" is not read here
])
def test_generic_trainings_have_no_subject(name):
    assert fields_in_text(name) == frozenset()


def test_a_specialism_read_in_majors_is_not_read_in_training_names():
    # PONED is a midwives' and nurses' training: "obstetri" must not make it a doctor's one
    assert "Kedokteran" not in fields_in_text(
        "Pelatihan Pelayanan Obstetri Neonatal Emergensi Dasar")
    assert normalize_field("Spesialis Obstetri dan Ginekologi") == "Kedokteran"


def test_a_specific_keyword_wins_over_a_broad_one():
    # "kesehatan hewan" is veterinary work, not the health fields
    assert fields_in_text("Pelatihan Kesehatan Hewan") == frozenset({"Pertanian"})


def test_unit_fields_follow_the_domain_table():
    assert {"Akuntansi", "Keuangan"} <= unit_fields("Badan Pengelolaan Keuangan dan Aset Daerah")
    assert "Kesehatan Masyarakat" in unit_fields("Dinas Kesehatan", "dinas")
    assert unit_fields("Kelurahan Satu", "kelurahan") == {"Administrasi Negara",
                                                          "Ilmu Pemerintahan"}
    assert "Informatika" in unit_fields("Dinas Kependudukan dan Pencatatan Sipil")
    assert unit_fields("Bagian Umum", "bagian") == frozenset()
    assert unit_fields(None) == frozenset()


# --- teaching subjects --------------------------------------------------------------------------

@pytest.mark.parametrize("title,field", [
    ("Guru Kelas Ahli Pertama", "Pendidikan Guru SD"),
    ("Guru Matematika Ahli Muda", "Pendidikan Matematika"),
    ("Guru Ilmu Pengetahuan Alam Ahli Muda", "Pendidikan IPA"),
    ("Guru Pendidikan Jasmani, Olahraga dan Kesehatan Ahli Muda", "Pendidikan Jasmani"),
    ("Guru Bimbingan dan Konseling Ahli Pertama", "Bimbingan Konseling"),
    ("Guru Bahasa Inggris Ahli Muda", "Pendidikan Bahasa Inggris"),
])
def test_a_teacher_post_asks_for_its_subject(title, field):
    assert fields_in_text(title) == frozenset({field})


def test_education_work_of_no_subject_is_open_to_every_subject():
    from features.fields import TEACHING_SUBJECTS, target_fields

    assert fields_in_text("Pengawas Sekolah Ahli Madya") == frozenset({"Pendidikan"})
    open_to = target_fields({"Pendidikan"})
    assert TEACHING_SUBJECTS <= open_to and "Pendidikan" in open_to
    # a named subject stays that subject; other fields are untouched
    assert target_fields({"Pendidikan Matematika"}) == {"Pendidikan Matematika"}
    assert target_fields({"Akuntansi"}) == {"Akuntansi"}
    assert all(field_family(f) == "pendidikan" for f in TEACHING_SUBJECTS)
