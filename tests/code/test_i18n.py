"""The message catalogue (serving/i18n/catalogue.toml): both languages for every message with
the same placeholders, the contract's language choice, numbers in each language's style, and
every key the code and the console's templates ask for present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from serving.i18n import (CATALOGUE, LANGUAGES, Msg, Num, Years, choose, code_key, label,
                          msg, parse_accept_language, placeholders, render)

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_has_both_languages_with_the_same_placeholders():
    bad = [key for key, texts in CATALOGUE.items()
           if set(texts) != set(LANGUAGES) or not all(texts[lang].strip() for lang in LANGUAGES)
           or len({frozenset(placeholders(texts[lang])) for lang in LANGUAGES}) != 1]
    assert bad == []
    assert len(CATALOGUE) > 100


@pytest.mark.parametrize("header, body, expected", [
    (None, None, "id"), ("en", None, "en"), ("en-US,en;q=0.9", None, "en"),
    ("id-ID,id;q=0.9,en;q=0.8", None, "id"), ("fr-FR,en;q=0.5", None, "en"),
    ("fr", None, "id"), ("en;q=0.3,id;q=0.7", None, "id"), ("in", None, "id"),
    ("en", "id", "id"), (None, "en", "en"), ("en;q=0", None, "id"), ("en;q=x", None, "id"),
])
def test_the_language_follows_the_contract(header, body, expected):
    assert choose(body, header) == expected


def test_an_unknown_body_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        choose("fr", None)
    assert parse_accept_language("") is None


def test_numbers_and_years_read_in_each_language():
    assert Num(1.5).render("id") == "1,5" and Num(1.5).render("en") == "1.5"
    assert Num(3.02).render("id") == "3" and Num(None).render("en") == "?"
    assert Num(0.853, percent=True).render("id") == "85%"
    assert render(Years(1.0), "en") == "1 year" and render(Years(1.5), "id") == "1,5 tahun"
    assert render(Years(6.4), "en") == "6 years"
    nested = msg("reason.exp_unit", years=Years(3), unit=msg("unit.this_unit"))
    assert render(nested, "id") == "3 tahun di unit ini"
    assert render(nested, "en") == "3 years in this unit"


def test_an_unknown_key_fails_at_once():
    with pytest.raises(KeyError, match="reason.nope"):
        Msg("reason.nope")


def test_codes_get_labels_and_unknown_codes_show_as_themselves():
    from features import eligibility
    from planning import answer

    for code in eligibility.REASONS:
        assert label("excluded", code, "id") != code, code
        assert label("excluded", code, "en") == code          # English labels are the codes
    for code in (answer.NO_ELIGIBLE, answer.NO_VACANCY, answer.STAY_BETTER,
                 answer.USED_ELSEWHERE, answer.UNIT_CAP, answer.NOT_CHOSEN):
        assert label("unfilled", code, "id") != code, code
    assert label("excluded", "something new", "id") == "something new"
    assert code_key("PPPK: only fungsional or pelaksana") == "pppk_only_fungsional_or_pelaksana"


KEY_IN_CODE = re.compile(r"""\b(?:msg|text|t|Msg)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_key_the_code_and_templates_use_is_in_the_catalogue():
    used: dict[str, str] = {}
    for path in [*(ROOT / "serving").rglob("*.py"), *(ROOT / "serving").rglob("*.html"),
                 *(ROOT / "serving").rglob("*.js")]:
        for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, str(path.relative_to(ROOT)))
    assert len(used) > 40
    missing = {k: where for k, where in used.items() if k not in CATALOGUE}
    assert missing == {}
