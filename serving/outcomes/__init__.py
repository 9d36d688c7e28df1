"""Outcomes and adjustment: what became of enacted rounds, and what changed in the data.

    from serving.outcomes.ingest import ingest          # later export → state database
    from serving.outcomes.report import round_report    # the round's report (CLI and HTTP)
    from serving.outcomes.drift import drift_report     # two exports compared (PSI)

Modules: `match` (a round against a later export), `ingest` (matching stored, once per
export), `report` (the report from what is stored), `drift` (feature and score PSI), `plots`
(the figures), `texts` (every sentence, Bahasa Indonesia and English, in one place).
"""
