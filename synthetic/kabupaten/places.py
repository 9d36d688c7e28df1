"""Invented place names of Kabupaten Tanah Sirandu: kecamatan, desa, kelurahan.

Why: the regency must be nobody's real one (and not the project's sample city), yet its
names should read like a North-Sumatran regency's. Names are composed from common
geographic words and invented roots, and each kecamatan gets a remoteness (0 = the capital,
1 = the far hills) that makes its schools and puskesmas harder posts.
"""

from __future__ import annotations

import numpy as np

KABUPATEN = "Tanah Sirandu"
CAPITAL = "Sirandu Kota"

_WORDS = ["Bukit", "Sungai", "Batu", "Tanjung", "Padang", "Muara", "Lubuk", "Simpang", "Air", "Rantau", "Teluk",
          "Pasar", "Kuala", "Huta", "Aek", "Lumban", "Pangkalan", "Sei", "Parit", "Titi", "Gunung", "Lau", "Tebing"]
_ROOTS = ["Merandu", "Pelasan", "Gadis", "Tinggi", "Rambai", "Sikambang", "Lintong", "Marbau", "Kasih", "Tolang",
          "Baringin", "Sibaso", "Napal", "Kumbang", "Selasih", "Punggai", "Rumbia", "Jambu", "Seribu", "Balam",
          "Durian", "Nibung", "Pinang", "Meranti", "Sialang", "Gelugur", "Tampur", "Sitara", "Bindu", "Alur",
          "Tualang", "Kenanga", "Serumpun", "Lading", "Rotan", "Mabar", "Kapias", "Sorik", "Langgam", "Tembesu",
          "Panjang", "Baru", "Jaya", "Makmur", "Indah", "Permai", "Sepakat", "Mulia", "Damai", "Sari"]


def _compose(rng: np.random.Generator, taken: set[str]) -> str:
    for _ in range(200):
        name = f"{_WORDS[int(rng.integers(len(_WORDS)))]} {_ROOTS[int(rng.integers(len(_ROOTS)))]}"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("ran out of place names")


def kecamatan_names(n: int, rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """n kecamatan names (the first is the capital) and their remoteness in [0, 1]."""
    taken = {CAPITAL}
    names = [CAPITAL] + [_compose(rng, taken) for _ in range(n - 1)]
    remote = np.concatenate([[0.0], np.sort(rng.uniform(0.05, 1.0, n - 1))]) if n > 1 else np.zeros(1)
    return names, remote


def village_names(n: int, rng: np.random.Generator, taken: set[str]) -> list[str]:
    return [_compose(rng, taken) for _ in range(n)]
