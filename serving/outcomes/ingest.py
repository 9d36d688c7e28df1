"""`jobfit ingest --data NEXT_EXPORT`: match enacted rounds with a later export and store what
became of them — once per (round, export), so ingesting the same export again changes
nothing.

    ingest(store, export, actor, round_ids=None) -> {"ingested": [...], "skipped": [...]}

Without `round_ids` every enacted round older than the export is matched; a round the export
is not later than is skipped with the reason (asked for by id, it is an error naming `--data`).
"""

from __future__ import annotations

from collections.abc import Sequence

from features.export import Export, export_date
from serving.outcomes.match import match_round, round_date
from serving.state import StateStore
from serving.state.outcomes import NotEnacted, OutcomeRecords


def ingest(store: StateStore, export: Export, actor: str,
           round_ids: Sequence[str] | None = None) -> dict:
    records = OutcomeRecords(store)
    dated = export_date(export)
    asked = round_ids is not None
    if round_ids is None:
        round_ids = [r["round_id"] for r in store.list_rounds() if r["status"] == "enacted"]
    done, skipped = [], []
    for rid in round_ids:
        rnd = store.get_round(rid)                  # 404 for an unknown id
        if rnd["status"] != "enacted":
            raise NotEnacted(f"round_id: round {rid!r} is a draft; outcomes are matched only "
                             "with an enacted round", field="round_id")
        if not asked and round_date(rnd) >= dated:
            skipped.append({"round_id": rid, "reason": f"the export ({dated}) is not later "
                            f"than the round ({round_date(rnd)})"})
            continue
        matched = match_round(rnd, export)
        res = records.record(rid, snapshot=export.snapshot, fingerprint=export.fingerprint,
                             export_date=matched.export_date.isoformat(),
                             moves=matched.moves, units=matched.units,
                             summary=matched.summary, actor=actor)
        done.append({"round_id": rid, **res, **matched.summary})
    return {"data_snapshot": export.snapshot, "export_date": dated.isoformat(),
            "ingested": done, "skipped": skipped}
