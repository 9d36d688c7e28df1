"""The knobs of the world and the named variants (presets of them).

Why: every mechanism of the truth and of the history has a weight here, documented, so a
variant is nothing but a different preset and the truth file's meta records exactly which
world was drawn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


def knob(default: float, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class Mechanisms:
    name: str = field(default="base", metadata={"doc": "the variant's name"})
    # --- the truth -------------------------------------------------------------------------
    w_ability: float = knob(0.42, "latent general ability (sd 1) per unit of z")
    w_field: float = knob(1.0, "multiplier of the post's field-fit weight")
    w_experience: float = knob(1.0, "multiplier of the family-experience effect")
    w_leadership: float = knob(0.30, "latent leadership in structural posts")
    w_lead_training: float = knob(0.25, "missing the leadership training of the level costs this")
    w_step: float = knob(0.25, "per level jumped beyond one above the highest level held")
    w_load: float = knob(0.28, "resilience x the post's service load")
    w_digital: float = knob(0.28, "digital fluency x the post's digital demand")
    digital_boost: float = knob(0.0, "added to every post's digital demand (capped at 1)")
    sd_climate: float = knob(0.14, "sd of the unit climate (a post effect)")
    w_unwilling: float = knob(0.14, "cost of a move for someone not open to move")
    w_preferred: float = knob(0.10, "gain in a unit the employee asked for")
    w_commute: float = knob(0.10, "cost per wilayah step between home and post (unobservable)")
    sd_knack: float = knob(0.18, "sd of the person x job-family knack (unobservable)")
    sd_pair: float = knob(0.22, "sd of the person x post idiosyncratic term (unobservable)")
    # --- the history -----------------------------------------------------------------------
    w_perceived_fit: float = knob(1.0, "weight of perceived fit in placement scores")
    perceived_noise: float = knob(0.45, "sd of decision makers' error about fit")
    w_seniority: float = knob(0.12, "per rank step, in structural promotions")
    w_gender_bias: float = knob(0.30, "against women in structural promotions")
    w_religion_bias: float = knob(0.20, "for the majority religion in top posts")
    w_connections: float = knob(0.30, "latent connections x lucrative posts")
    w_home_lobby: float = knob(0.12, "people lobby for posts near home, per wilayah step")
    placement_noise: float = knob(0.35, "sd of everything else in a placement decision")
    appraisal_noise: float = knob(0.33, "sd of the person-year appraisal noise")
    sd_unit_leniency: float = knob(0.18, "sd of a unit's fixed leniency")
    sd_unit_year: float = knob(0.10, "sd of a unit's leniency in one year")
    inflation: float = knob(0.0, "added to every appraisal before the regime's cut-offs")
    compression: float = knob(1.0, "appraisal deviations from 3 are multiplied by this")

    def doc(self) -> dict[str, str]:
        return {f.name: f.metadata["doc"] for f in dataclasses.fields(self)}


def _presets() -> dict[str, Mechanisms]:
    base = Mechanisms()
    r = dataclasses.replace
    return {
        "base": base,
        "generalist": r(base, name="generalist", w_ability=0.60, w_field=0.25, w_experience=0.4),
        "smart_city": r(base, name="smart_city", digital_boost=0.35, w_digital=0.65),
        "commute_city": r(base, name="commute_city", w_commute=0.30, w_preferred=0.25,
                          w_home_lobby=0.25),
        "patronage": r(base, name="patronage", w_perceived_fit=0.35, perceived_noise=0.7,
                       w_seniority=0.25, w_gender_bias=0.6, w_religion_bias=0.5,
                       w_connections=0.9),
        "inflated_appraisals": r(base, name="inflated_appraisals", inflation=0.45,
                                 compression=0.6, appraisal_noise=0.5,
                                 sd_unit_leniency=0.35, sd_unit_year=0.2),
    }


PRESETS: dict[str, Mechanisms] = _presets()
VARIANTS: tuple[str, ...] = tuple(PRESETS)


def get(name: str) -> Mechanisms:
    if name not in PRESETS:
        raise ValueError(f"variant {name!r}: the metropolitan generator has {', '.join(VARIANTS)}")
    return PRESETS[name]
