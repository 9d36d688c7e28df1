"""Every text meant for people, in Bahasa Indonesia (the default) and English, from ONE
catalogue: `catalogue.toml` beside this file.

Why a catalogue and not strings in code: the BKPSDM desk works in Indonesian, the HTTP contract
(../shared/contract/http-api.md, "Language") makes Indonesian the default and English the one
other language, and a translator — or a reviewer at BKPSDM — must be able to read and correct
every sentence in one place, both languages side by side, without reading Python. The reasons
and gaps of a ranking (serving.reasons) and every label of the console (serving.console) come
from here; a test checks that both languages have every key with the same placeholders.

    msg("reason.tenure", years=Years(6.2))      # a message, rendered later in either language
    render(m, "id")                              # "6 tahun di jabatan sekarang: ..."
    text("ui.search_title", "en")                # a console label
    choose(body_lang, accept_language_header)    # "id" | "en" (the contract's rule)

Numbers follow the language: a decimal comma in Indonesian ("1,5 tahun"), a point in English.
Field names and codes (`excluded` keys, statuses) stay English, as the contract says; their
display labels live here too (`excluded.*`, `unfilled.*`).
"""

from __future__ import annotations

import math
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT = "id"
CATALOGUE_FILE = Path(__file__).with_name("catalogue.toml")


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    """{"reason": {"tenure": {"id": .., "en": ..}}} -> {"reason.tenure": {"id": .., "en": ..}}"""
    out: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and set(value) & set(LANGUAGES) \
                and all(isinstance(v, str) for v in value.values()):
            out[name] = dict(value)
        elif isinstance(value, Mapping):
            out.update(_flatten(value, name + "."))
        else:
            raise ValueError(f"{CATALOGUE_FILE.name}: {name} is neither a message nor a table")
    return out


def load_catalogue(path: Path = CATALOGUE_FILE) -> dict[str, dict[str, str]]:
    with open(path, "rb") as fh:
        return _flatten(tomllib.load(fh))


CATALOGUE: dict[str, dict[str, str]] = load_catalogue()


def placeholders(template: str) -> set[str]:
    """The {names} a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Msg:
    """A message not yet in words: its catalogue key and its parameters (plain values,
    numbers, or other messages rendered in the same language)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in CATALOGUE:
            raise KeyError(f"message {self.key!r} is not in {CATALOGUE_FILE.name}")


def msg(key: str, **params: Any) -> Msg:
    return Msg(key, params)


@dataclass(frozen=True)
class Num:
    """A number shown as an integer when it is one (to 0.05), else with one decimal, in the
    language's decimal mark; `percent`: a share shown as a whole percentage."""

    value: float | None
    percent: bool = False

    def render(self, lang: str) -> str:
        x = self.value
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "?"
        if self.percent:
            return f"{x:.0%}"
        shown = f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"
        return shown.replace(".", ",") if lang == "id" else shown


def Years(y: float) -> Msg:  # noqa: N802 — reads as a value, like Num
    """'1 year' / '1.5 years' / '6 years' (below 2 with one decimal, then whole years)."""
    if round(y) == 1 and y >= 0.95:
        return msg("unit.year_one")
    return msg("unit.years", n=Num(round(y, 1) if y < 2 else float(round(y))))


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGUAGES)}")
    return lang


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, Num):
        return value.render(lang)
    if isinstance(value, float):
        return Num(value).render(lang)
    return str(value)


def render(m: Msg, lang: str = DEFAULT) -> str:
    """A message in words, in `lang` ("id" or "en")."""
    template = CATALOGUE[m.key][check_language(lang)]
    return template.format(**{k: _value(v, lang) for k, v in m.params.items()})


def text(key: str, lang: str = DEFAULT, **params: Any) -> str:
    """A catalogue text in words (a console label, a heading)."""
    return render(Msg(key, params), lang)


def has(key: str) -> bool:
    return key in CATALOGUE


def label(prefix: str, code: str, lang: str = DEFAULT) -> str:
    """The display label of a code (`excluded` key, unfilled reason, job type …): the
    catalogue's `prefix.<code as key>` when there is one, else the code itself."""
    key = f"{prefix}.{code_key(code)}"
    return text(key, lang) if key in CATALOGUE else code


def code_key(code: str) -> str:
    """A code as a catalogue key: lower case, runs of other characters as one underscore."""
    out, gap = [], False
    for ch in code.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            gap = False
        elif not gap and out:
            out.append("_")
            gap = True
    return "".join(out).strip("_")


def parse_accept_language(header: str | None) -> str | None:
    """The first of our languages an Accept-Language header asks for (by q, then order):
    "en" for `en`, `en-GB`…, "id" for `id`, `id-ID` or the old `in`; None if it asks for
    neither (then the default applies)."""
    if not header:
        return None
    asked: list[tuple[float, int, str]] = []
    for order, part in enumerate(header.split(",")):
        tag, _, rest = part.strip().partition(";")
        q = 1.0
        rest = rest.strip()
        if rest.startswith("q="):
            try:
                q = float(rest[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        primary = "id" if primary == "in" else primary
        if primary in LANGUAGES and q > 0:
            asked.append((-q, order, primary))
    return min(asked)[2] if asked else None


def choose(body_lang: str | None, accept_language: str | None) -> str:
    """The answer's language: the body's `lang` when given, else Accept-Language, else
    Indonesian (the contract's rule)."""
    if body_lang is not None:
        return check_language(body_lang)
    return parse_accept_language(accept_language) or DEFAULT
