"""Named random streams and persistent pair draws.

Why: every part of the world (organisation, people, history, export mess) draws from its
own stream derived from the seed and a name, so adding a draw in one part does not shift
every other part; and a pair's idiosyncratic terms (person x post noise, person x family
knack) are hashes of the seed and the pair, so the same pair draws the same value in every
year of the history and in the truth without a people x posts matrix in memory.
"""

from __future__ import annotations

import zlib

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


class Streams:
    """`streams("history")` is a numpy Generator fixed by (seed, name)."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def __call__(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 wraps silently)."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def pair_normal(seed: int, salt: str, a, b) -> np.ndarray:
    """A standard normal draw fixed by (seed, salt, a, b); a and b broadcast."""
    a = np.asarray(a, dtype=np.uint64)
    b = np.asarray(b, dtype=np.uint64)
    base = np.uint64((int(seed) * 0x9E3779B1 + zlib.crc32(salt.encode())) & 0xFFFFFFFFFFFF)
    with np.errstate(over="ignore"):
        h1 = _mix(base ^ _mix(a * np.uint64(0x100000001B3) + b + np.uint64(1)))
        h2 = _mix(h1 + np.uint64(0x632BE59BD9B4E019))
    u1 = ((h1 >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53
    u2 = ((h2 >> np.uint64(11)).astype(np.float64) + 0.5) / 2.0**53
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
