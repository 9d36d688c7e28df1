"""Named, independent random streams.

Why: byte-identical output per seed, and changes in one part of the generator (say, drawing
one more training per person) must not reshuffle every other part. Each concern asks for its
own stream by name; a stream depends only on (seed, name).
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    def __init__(self, seed: int):
        self.seed = int(seed)
        self._made: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        """The generator for `name` (the same object on every call within one run)."""
        if name not in self._made:
            key = zlib.crc32(name.encode("utf-8"))
            self._made[name] = np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, key])))
        return self._made[name]

    def fresh(self, name: str) -> np.random.Generator:
        """A new generator for `name`, independent of how much the shared one was used."""
        key = zlib.crc32(name.encode("utf-8"))
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, key, 1])))
