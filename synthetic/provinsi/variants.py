"""The knobs of the provinsi world and its named variants.

Why a frozen dataclass: a variant is a documented preset of mechanism weights (truth) and
policy settings (history, appraisal); every knob says in its metadata what it does, so the
truth file's meta.json can list exactly which mechanisms were on and how strongly."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


def knob(default: float, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class ProvinsiVariant:
    name: str = field(default="base", metadata={"doc": "the variant's name"})
    # --- the truth (weights on the z scale; outcome = 4 * sigmoid(z)) ---
    w_ability: float = knob(0.45, "general ability (latent person level)")
    w_field: float = knob(1.5, "field fit of degrees, experience and recent training")
    w_comp: float = knob(2.2, "competency shortfall against the post's standard")
    w_cert: float = knob(0.7, "missing credential (clinical, PPG, JFA, PBJ) for posts needing one")
    w_lead: float = knob(0.35, "missing leadership training of a structural post's level")
    w_stretch: float = knob(0.18, "cost per job class jumped beyond two, fading in post")
    w_stale: float = knob(0.45, "wear after more than five years in one unit")
    w_hardship: float = knob(0.55, "hardship of the post's region for the never-remote")
    w_resilience: float = knob(0.35, "hardship x latent resilience (unobservable)")
    w_stamina: float = knob(0.35, "workload x latent stamina (unobservable)")
    w_unit: float = knob(1.0, "the unit's leadership quality")
    w_wish: float = knob(0.12, "post in a unit the person asked for / unwilling mover")
    pair_noise: float = knob(0.30, "sd of the idiosyncratic per-pair term (unobservable)")
    # --- the history ---
    fit_weight: float = knob(1.0, "weight of perceived fit in placement decisions")
    fit_noise: float = knob(0.6, "sd of decision makers' error in perceiving fit")
    gender_bias: float = knob(0.5, "penalty on women's score for structural posts")
    ethnic_bias: float = knob(0.6, "bonus of the local majority for structural posts")
    connections: float = knob(0.6, "weight of latent connections in promotions and requests")
    seniority: float = knob(0.5, "weight of rank and service in promotions")
    # --- appraisals ---
    rating_noise: float = knob(0.35, "sd of person-year appraisal noise (0-4 scale)")
    leniency: float = knob(0.2, "sd of unit-year leniency (0-4 scale)")
    inflation: float = knob(0.4, "pull of predicates toward 'Baik' (0 none, 1 all Baik)")


BASE = ProvinsiVariant()
VARIANTS: dict[str, ProvinsiVariant] = {
    "base": BASE,
    "fair_history": replace(BASE, name="fair_history", gender_bias=0.0, ethnic_bias=0.0,
                            connections=0.0, fit_noise=0.3),
    "fit_blind_history": replace(BASE, name="fit_blind_history", fit_weight=0.0),
    "hardship_world": replace(BASE, name="hardship_world", w_hardship=1.6, w_resilience=0.8,
                              w_stamina=0.8, w_field=1.0),
    "credential_world": replace(BASE, name="credential_world", w_cert=1.8, w_lead=1.0,
                                w_comp=3.5, w_field=0.8),
    "noisy_appraisals": replace(BASE, name="noisy_appraisals", rating_noise=0.7, leniency=0.4,
                                inflation=0.6),
}
