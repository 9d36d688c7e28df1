"""The sample-city generators by name, for `jobfit generate --model NAME --variant V` and the
world matrix. Each generator writes DIR/export (the HR export contract) and DIR/truth
(truth/fit.parquet: employee_id, position_id, true_outcome[, observable_outcome]); the
generators share nothing but that format.

- kota: a city modelled on Kota Binjai (synthetic.kota). Its variants switch the historical
  placement policy (the truth's mechanisms are fixed).
- kabupaten: a regency with schools and puskesmas, designed independently from its own brief
  (synthetic.kabupaten), with variants that switch its truth's mechanisms.
- provinsi: a provincial government (Setda and Biro, dinas/badan, UPT across the regencies,
  SMA/SMK/SLB, provincial hospitals), a third independent design (synthetic.provinsi), with
  variants that switch its truth's mechanisms and its history's placement policy.
- metropolitan: a metropolitan city government (Kota Bandar Seruni, ~2.6 million people:
  a large Setda, DPMPTSP, Dukcapil, Bapenda, Dishub, Satpol PP, Damkar, UPTD, RSUD,
  puskesmas, schools, many kecamatan and kelurahan), a fourth independent design
  (synthetic.metropolitan), with variants that switch its truth's mechanisms, its placement
  policy and its appraisals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Generator:
    name: str
    description: str
    variants: tuple[str, ...]
    default_seed: int

    def generate(self, out_dir: Path, seed: int | None = None, employees: int = 5000,
                 variant: str = "base", as_of: date | None = None,
                 progress: bool = False) -> Any:
        """Write one world; returns the generator's own summary (printable)."""
        if variant not in self.variants:
            raise ValueError(f"--variant {variant!r}: the {self.name} generator has "
                             f"{', '.join(self.variants)}")
        seed = self.default_seed if seed is None else int(seed)
        kw = {} if as_of is None else {"as_of": as_of}
        if self.name == "kota":
            from synthetic.kota import generate_city

            return generate_city(out_dir, seed=seed, n_employees=employees, progress=progress,
                                 config=kota_variant(variant), **kw)
        if self.name == "metropolitan":
            from synthetic.metropolitan import generate_metropolitan

            return generate_metropolitan(out_dir, seed=seed, employees=employees, variant=variant,
                                         progress=progress, **kw)
        if self.name == "provinsi":
            from synthetic.provinsi import generate_provinsi

            return generate_provinsi(out_dir, seed=seed, employees=employees, variant=variant,
                                     progress=progress, **kw)
        from synthetic.kabupaten import generate_kabupaten

        return generate_kabupaten(out_dir, seed=seed, employees=employees, variant=variant,
                                  progress=progress, **kw)


def kota_variant(name: str):
    """The kota generator's history settings for a variant name."""
    from synthetic.kota import Config

    return {
        "base": Config(),
        # no unequal access to structural posts: the history is fair to women
        "fair_history": Config(gender_bias=0.0),
        # most past placements ignored the field: history says less about field fit
        "field_blind_history": Config(field_blind_share=0.8),
        # noisier appraisals and more lenient units: outcomes are harder to read
        "noisy_ratings": Config(rating_noise=0.7, lenient_share=0.35),
    }[name]


KOTA_VARIANTS = ("base", "fair_history", "field_blind_history", "noisy_ratings")


def generators() -> dict[str, Generator]:
    """Every generator, by name."""
    from synthetic.kabupaten import VARIANTS
    from synthetic.metropolitan import VARIANTS as METRO_VARIANTS
    from synthetic.provinsi import VARIANTS as PROVINSI_VARIANTS

    return {"kota": Generator("kota", "a city modelled on Kota Binjai", KOTA_VARIANTS, 42),
            "kabupaten": Generator("kabupaten", "a regency with schools and puskesmas, "
                                   "designed independently", tuple(VARIANTS), 0),
            "provinsi": Generator("provinsi", "a provincial government with UPT across its "
                                  "regencies, designed independently", tuple(PROVINSI_VARIANTS),
                                  11),
            "metropolitan": Generator("metropolitan", "a metropolitan city government with "
                                      "many kecamatan and service agencies, designed "
                                      "independently", tuple(METRO_VARIANTS), 7)}


def get(name: str, option: str = "--model") -> Generator:
    """The generator called `name`; ValueError naming the command-line `option` if none."""
    known = generators()
    if name not in known:
        raise ValueError(f"{option} {name!r}: unknown generator; known: {', '.join(known)}")
    return known[name]
