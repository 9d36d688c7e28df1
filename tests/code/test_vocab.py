"""The shared vocabularies: rank and education order, the appraisal scale, training names."""

import math

import pytest

from features import vocab


def test_rank_order_and_spellings():
    assert vocab.RANK_ORDINAL["I/a"] == 1 and vocab.RANK_ORDINAL["IV/e"] == 17
    assert vocab.RANK_ORDINAL["III/d"] > vocab.RANK_ORDINAL["III/b"]
    for spelling in ("III/b", "iii/B", "III-b", "III b", " III/b "):
        assert vocab.parse_rank(spelling) == "III/b"
    for bad in ("V/a", "III/f", "", None, "3b"):
        assert vocab.parse_rank(bad) is None


def test_education_order_d4_counts_as_s1():
    assert vocab.EDUCATION_ORDINAL["D4"] == vocab.EDUCATION_ORDINAL["S1"]
    assert vocab.EDUCATION_ORDINAL["S2"] > vocab.EDUCATION_ORDINAL["PROFESI"] > vocab.EDUCATION_ORDINAL["S1"]
    assert vocab.parse_education_level("s-1") == "S1"
    assert vocab.parse_education_level("D-IV") == "D4"
    assert vocab.parse_education_level("SMK") == "SMA"
    assert vocab.parse_education_level("Magister") is None


@pytest.mark.parametrize("rating,value", [("Sangat Baik", 5), ("baik", 4), ("Butuh Perbaikan", 3),
                                          ("Cukup", 3), ("Kurang", 2), ("Buruk", 1),
                                          ("Sangat  Kurang", 1)])
def test_predicates_on_one_scale(rating, value):
    assert vocab.parse_rating(rating) == value


def test_out_of_vocabulary_rating_is_none():
    assert vocab.parse_rating("Luar Biasa") is None


def test_scores_map_into_the_same_bands_in_both_regimes():
    # Baik band: 76–90 under PP 46/2011, 90–110 under PP 30/2019 → both land in [3.5, 4.5]
    assert 3.5 <= vocab.score_value(85, 2016) <= 4.5
    assert 3.5 <= vocab.score_value(100, 2020) <= 4.5
    # Sangat Baik
    assert vocab.score_value(95, 2015) > 4.5 and vocab.score_value(115, 2021) > 4.5
    # a score above 100 is the 0–120 regime whatever the year says
    assert vocab.score_regime(105, 2015) == "pp30_2019"
    # monotone within a regime
    values = [vocab.score_value(s, 2017) for s in range(0, 101, 5)]
    assert values == sorted(values)
    assert vocab.score_value(-1, 2017) is None and vocab.score_value(130, 2021) is None
    assert vocab.score_value(math.nan, 2017) is None


@pytest.mark.parametrize("name,canonical", [
    ("Diklat Prajabatan Golongan III", "LATSAR"), ("LATSAR CPNS", "LATSAR"),
    ("Diklatpim IV", "PKP"), ("Diklat PIM Tk. III", "PKA"), ("DIKLATPIM II", "PKN2"),
    ("Diklatpim I", "PKN1"), ("PKA Angkatan 12", "PKA"), ("PKN Tingkat II", "PKN2"),
    ("Pelatihan Kepemimpinan Pengawas (PKP)", "PKP"),
    ("Diklat Kepemimpinan Tingkat IV", "PKP"), ("Pelatihan Dasar CPNS Golongan II", "LATSAR"),
    ("Pelatihan Kepemimpinan Pengawas", "PKP"), ("Pelatihan Kepemimpinan Administrator", "PKA"),
    ("Pelatihan Kepemimpinan Nasional Tingkat II", "PKN2"), ("Latihan Dasar CPNS", "LATSAR"),
    ("Bimtek Pengelolaan Keuangan Daerah", None),
])
def test_old_training_names_map_to_new(name, canonical):
    assert vocab.canonical_training(name) == canonical


def test_jpm_caps_each_competency_at_its_standard():
    standard = {"integritas": 3, "komunikasi": 3}
    # a surplus in one does not hide a gap in the other
    assert vocab.jpm({"integritas": 5, "komunikasi": 1}, standard) == pytest.approx(4 / 6)
    # unassessed competencies are unknown, not zero
    assert vocab.jpm({"integritas": 3}, standard) == 1.0
    assert vocab.jpm({}, standard) is None
    assert vocab.jpm_category(0.95) == "optimal"
    assert vocab.jpm_category(0.80) == "cukup optimal"
    assert vocab.jpm_category(0.50) == "kurang optimal"
