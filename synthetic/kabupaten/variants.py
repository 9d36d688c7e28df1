"""Switchable mechanism strengths of the kabupaten world, and the named presets.

Why a separate module: a world matrix (generators x seeds x variants) needs to say exactly
which mechanisms a world was built with. Every knob lives here, documented once, and is
written to truth/meta.json; nothing else in the generator hides a strength of its own that a
variant might want to change.

Units: truth strengths are on the latent scale of `truth.py` (the outcome is
4 * sigmoid(latent), so near typical outcomes one latent unit is ~0.8 appraisal points).
History strengths are weights in the placement decision score (in standard deviations of
the decision makers' fit view).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace


def _k(default, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class KabupatenVariant:
    """One world's mechanism flags and strengths (see docs/synthetic-kabupaten.md)."""

    name: str = _k("base", "preset name written to meta.json")

    # --- truth: person level -------------------------------------------------------------
    ability: float = _k(0.45, "weight of general ability g ~ N(0,1): strong people are strong everywhere")
    hard_post_sd: float = _k(0.22, "spread of intrinsic post difficulty (subtracted from the latent)")
    hard_post_magnifies: float = _k(0.8, "extra ability weight per unit of positive difficulty (hard posts separate strong from weak)")

    # --- truth: fit ------------------------------------------------------------------------
    field_match: float = _k(1.6, "weight of education-field match, times the post's specialisation (0..1)")
    related_affinity: float = _k(1.0, "scale on the off-diagonal field affinities (0 = only an exact field counts)")
    experience: float = _k(1.0, "scale on field-experience weights (structural posts weigh experience most)")
    experience_tau: float = _k(3.0, "years of (affinity-weighted) field experience to reach 63% of its effect")
    training: float = _k(0.7, "weight of recent relevant training, times the field's volatility (0..1)")
    training_halflife: float = _k(1.0, "scale on the per-field training half-lives (smaller = faster decay)")
    under_qualified: float = _k(1.0, "cost per competency level the person falls short of the post's standard")
    under_power: float = _k(1.35, "exponent on the shortfall (>1: big gaps hurt disproportionately)")
    over_qualified: float = _k(0.15, "cost per competency level the person exceeds the standard (boredom)")
    preference: float = _k(0.3, "gain when the post's unit is one the person wants (stated or not)")
    unwilling: float = _k(0.4, "cost of moving an unwilling person out of their current unit")
    pair_noise_sd: float = _k(0.28, "sd of unobservable pair chemistry (never in the export)")

    # --- history: placement policy ------------------------------------------------------------
    placement_fit: float = _k(1.0, "weight of the decision makers' (noisy) fit view in placements")
    placement_view_noise: float = _k(0.6, "noise sd of that view, in latent units")
    placement_seniority: float = _k(0.5, "weight of seniority (rank, then years of service) in promotions")
    placement_connection: float = _k(0.6, "weight of connection (kedekatan), a hidden trait unrelated to fit")
    bias_women_structural: float = _k(0.6, "score penalty for women as candidates for structural posts")
    bias_periphery_structural: float = _k(0.6, "score penalty for candidates posted in schools, puskesmas, kecamatan, desa")
    election_waves: bool = _k(True, "rotation/demotion waves after regional elections, driven by connection")
    wave_connection: float = _k(1.5, "connection weight in election waves")

    # --- history: appraisal ---------------------------------------------------------------
    unit_leniency_sd: float = _k(0.2, "sd of a unit's rating generosity (appraisal points)")
    rating_noise_sd: float = _k(0.35, "sd of the yearly appraisal noise (appraisal points)")

    def describe(self) -> dict:
        """Every knob with its value and meaning (for meta.json and the docs)."""
        return {f.name: {"value": getattr(self, f.name), "doc": f.metadata.get("doc", "")}
                for f in fields(self)}

    def values(self) -> dict:
        return asdict(self)


_BASE = KabupatenVariant()

VARIANTS: dict[str, KabupatenVariant] = {
    "base": _BASE,
    # under- and over-qualification cost the same, linearly
    "no_asymmetry": replace(_BASE, name="no_asymmetry", under_qualified=0.5, under_power=1.0,
                            over_qualified=0.5),
    # training matters more and goes stale twice as fast
    "strong_training_recency": replace(_BASE, name="strong_training_recency", training=1.8,
                                       training_halflife=0.5),
    # placements by fit only: no connection, no group bias, no election waves
    "fair_history": replace(_BASE, name="fair_history", placement_fit=2.0,
                            placement_view_noise=0.35, placement_seniority=0.15,
                            placement_connection=0.0, bias_women_structural=0.0,
                            bias_periphery_structural=0.0, election_waves=False),
    # connection, seniority and group bias dominate; fit is an afterthought
    "biased_history": replace(_BASE, name="biased_history", placement_fit=0.3,
                              placement_view_noise=1.0, placement_seniority=1.0,
                              placement_connection=1.3, bias_women_structural=1.2,
                              bias_periphery_structural=1.2, wave_connection=2.5),
    # ability dominates, fit barely matters (a hard world for a fit model)
    "weak_fit": replace(_BASE, name="weak_fit", ability=0.6, field_match=0.4, experience=0.3,
                        training=0.15, under_qualified=0.35, over_qualified=0.05,
                        preference=0.1, unwilling=0.1),
}


def resolve_variant(variant: "str | KabupatenVariant") -> KabupatenVariant:
    if isinstance(variant, KabupatenVariant):
        return variant
    try:
        return VARIANTS[variant]
    except KeyError:
        raise ValueError(f"unknown kabupaten variant {variant!r}; known: {sorted(VARIANTS)}") from None
