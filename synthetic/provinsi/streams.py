"""Named random streams: one seed, one independent generator per purpose.

Why: a change in how many draws one part makes (say, the trainings) must not reshuffle
another part (say, the org chart); and the same seed must give the same world byte for byte."""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    def __init__(self, seed: int):
        self.seed = int(seed)

    def __call__(self, name: str) -> np.random.Generator:
        key = zlib.crc32(name.encode("utf-8"))
        return np.random.default_rng(np.random.SeedSequence([self.seed & 0xFFFFFFFF, key]))


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def pair_normal(seed: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A standard normal per (a, b) pair that does not depend on which pairs are asked for
    together: the same pair always gets the same draw (history and final truth agree)."""
    with np.errstate(over="ignore"):
        base = (np.asarray(a, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
                + np.asarray(b, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
                + np.uint64(seed & 0xFFFFFFFF) * np.uint64(0x165667B19E3779F9))
        u1 = (_mix(base) >> np.uint64(11)).astype(np.float64) / float(1 << 53)
        u2 = (_mix(base + np.uint64(0x632BE59BD9B4E019)) >> np.uint64(11)).astype(
            np.float64) / float(1 << 53)
    u1 = np.clip(u1, 1e-12, 1.0)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
