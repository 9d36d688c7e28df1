"""Small builders shared by the state-database tests (a plan's moves, counting rows)."""

from __future__ import annotations

from sqlalchemy import func, select

from serving.state.tables import AuditRecord, Decision, IdempotencyRecord, Preference, Round

ACTOR = "siti.bkpsdm"


def plan_moves(n: int = 3) -> list[dict]:
    """Moves shaped like the planner's PlanMove (extra keys such as `name` included)."""
    return [{"employee_id": f"19800101200001{i:04d}", "name": f"Pegawai {i}",
             "from_position_id": f"P-OLD-{i}", "from_title": "Analis", "from_unit_id": "BKD",
             "to_position_id": f"P-NEW-{i}", "to_title": "Kepala Seksi", "to_unit_id": "DINKES",
             "score": 0.5 + i / 100, "stay_score": 0.4, "gain": 0.1 + i / 100,
             "fills": "vacancy", "preferred_unit": False,
             "reasons": [f"alasan {i}"], "gaps": [f"kekurangan {i}"]} for i in range(1, n + 1)]


def new_round(store, n_moves: int = 3, name: str = "Penataan 2026", **kw) -> dict:
    args = dict(name=name, params={"max_loss_per_unit": 3, "preference_weight": 0.1},
                model_version="7", data_snapshot="export-2026-06-30",
                moves=plan_moves(n_moves), unfilled=[{"position_id": "P-X", "reason": "none"}],
                totals={"plan": {"fit": 2.5, "moves": n_moves}}, actor=ACTOR)
    args.update(kw)
    return store.create_round(**args)


def count(store, model, *where) -> int:
    from sqlalchemy.orm import Session

    with Session(store.engine) as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def counts(store) -> dict[str, int]:
    return {m.__tablename__: count(store, m)
            for m in (Round, Decision, Preference, AuditRecord, IdempotencyRecord)}
