"""A round's rows inside one write: the statements the decision path runs for every decision
(built once), the compare-and-set on the round's version, and a round read back whole."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from serving.state.errors import NotFound, RoundFrozen, StaleVersion
from serving.state.prepared import Prepared
from serving.state.records import latest_decisions_subquery, round_dict
from serving.state.tables import Decision, Move, Round

ROUND_COLS = Round.__table__.c
DECISIONS = Decision.__table__
MOVES = Move.__table__
# The decision path's statements, built once (the service runs them for every decision) and
# run on the SQLite driver directly (serving.state.prepared).
# The move and its latest decision in one query (decision columns NULL when undecided; no
# row when the move does not exist): one round trip through SQLAlchemy fewer per decision.
MOVE_AND_LATEST_DECISION = Prepared(select(MOVES.c.ordinal, DECISIONS).select_from(
    MOVES.outerjoin(DECISIONS, and_(DECISIONS.c.round_id == MOVES.c.round_id,
                                    DECISIONS.c.move_id == MOVES.c.move_id))).where(
    MOVES.c.round_id == bindparam("round_id"),
    MOVES.c.move_id == bindparam("move_id")).order_by(
    DECISIONS.c.round_version.desc()).limit(1))
INSERT_DECISION = Prepared(insert(DECISIONS), [c.key for c in DECISIONS.c])
BUMP_VERSION = update(Round.__table__).where(
    ROUND_COLS.id == bindparam("rid"), ROUND_COLS.version == bindparam("expected"),
    ROUND_COLS.status == "draft").values(version=ROUND_COLS.version + 1)
BUMP = Prepared(BUMP_VERSION)


def move_of(s: Session, round_id: str, move_id: str) -> Move:
    mv = s.get(Move, (round_id, move_id))
    if mv is None:
        if s.get(Round, round_id) is None:
            raise NotFound(f"round_id: no round {round_id!r}", field="round_id")
        raise NotFound(f"move_id: round {round_id!r} has no move {move_id!r}",
                       field="move_id")
    return mv

def bump_version(s: Session | Connection, round_id: str, expected: int,
                  enact: tuple[datetime, str] | None = None) -> int:
    """Compare-and-set: version expected → expected + 1 on a draft round, or the error
    saying why not (404 unknown, 409 enacted, 409 stale). `s`: the write's session, or its
    connection (the decision path: no ORM layer per statement)."""
    if enact is None:
        updated = BUMP.run(s, {"rid": round_id, "expected": expected})
    else:
        updated = s.execute(BUMP_VERSION.values(status="enacted", enacted_at=enact[0],
                                                enacted_by=enact[1]),
                            {"rid": round_id, "expected": expected}).rowcount
    if updated == 1:
        return expected + 1
    row = s.execute(select(Round.status, Round.version).where(Round.id == round_id)).first()
    if row is None:
        raise NotFound(f"round_id: no round {round_id!r}", field="round_id")
    if row.status == "enacted":
        raise frozen(round_id)
    raise StaleVersion(f"expected_version: the round is at version {row.version}, not "
                       f"{expected}; reload it and decide again",
                       current_version=row.version)

def load_round(s: Session, round_id: str) -> dict:
    rnd = s.get(Round, round_id, populate_existing=True)
    if rnd is None:
        raise NotFound(f"round_id: no round {round_id!r}", field="round_id")
    moves = s.execute(select(Move).where(Move.round_id == round_id)
                      .order_by(Move.ordinal)).scalars().all()
    latest = latest_decisions_subquery(round_id)
    decided = s.execute(select(Decision).join(
        latest, and_(Decision.round_id == latest.c.round_id,
                     Decision.round_version == latest.c.v))).scalars().all()
    return round_dict(rnd, moves, {d.move_id: d for d in decided})


def frozen(round_id: str) -> RoundFrozen:
    return RoundFrozen(f"round_id: round {round_id!r} is enacted and takes no more changes",
                       field="round_id")
