"""The state database's tables (SQLAlchemy 2 declarative models): what people decide.

- `rounds`: a stored plan (status draft → enacted) with an integer `version` that every
  accepted decision and the enactment bump by one: the optimistic-concurrency token the HTTP
  API calls `expected_version`.
- `moves`: the plan's moves, immutable once the round is created (decisions never edit them).
- `decisions`, `preferences`, `audit`: append-only histories. Nothing in the store updates or
  deletes their rows; "the current decision" is the one with the highest `round_version`,
  "the current preference" the latest stated one.
- `outcome_ingests`, `move_outcomes`, `unit_outcomes` (revision 0002): what a later export
  says became of an enacted round — one ingest per (round, export), written once.
- `idempotency`: the first answer to each (scope, Idempotency-Key), committed in the same
  transaction as the write it answers.

Only ids and plan figures live here: names and titles stay in the HR export. The migration in
`migrations/versions/` creates exactly these tables; change both together.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, MetaData, String, Text, TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(64)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on both backends (SQLite has no time zones: store naive
    UTC, hand back aware UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


# Plain JSON on both backends (PostgreSQL's json keeps the text as written; jsonb would reorder
# keys): an idempotent replay and a stored plan come back exactly as they went in. Nothing
# queries inside these documents.
JSONDoc = JSON()

NAMING = {"ix": "ix_%(table_name)s_%(column_0_N_name)s",
          "uq": "uq_%(table_name)s_%(column_0_N_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Round(Base):
    __tablename__ = "rounds"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))  # draft | enacted
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(200))
    model_version: Mapped[str] = mapped_column(String(200))
    data_snapshot: Mapped[str] = mapped_column(String(200))
    params: Mapped[Any] = mapped_column(JSONDoc)
    totals: Mapped[Any] = mapped_column(JSONDoc)
    unfilled: Mapped[Any] = mapped_column(JSONDoc)
    enacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    enacted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Move(Base):
    __tablename__ = "moves"

    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    move_id: Mapped[str] = mapped_column(ID, primary_key=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # the plan's order
    employee_id: Mapped[str] = mapped_column(ID)
    from_position_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    to_position_id: Mapped[str] = mapped_column(ID)
    score: Mapped[float] = mapped_column(Float)
    stay_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    gain: Mapped[float | None] = mapped_column(Float, nullable=True)
    reasons: Mapped[Any] = mapped_column(JSONDoc)
    gaps: Mapped[Any] = mapped_column(JSONDoc)

    __table_args__ = (UniqueConstraint("round_id", "ordinal"),)


class Decision(Base):
    __tablename__ = "decisions"

    decision_id: Mapped[str] = mapped_column(ID, primary_key=True)
    round_id: Mapped[str] = mapped_column(ID)
    move_id: Mapped[str] = mapped_column(ID)
    decision: Mapped[str] = mapped_column(String(16))  # approve | reject | override
    reason: Mapped[str] = mapped_column(Text)
    override_employee_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    override_position_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    actor: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The round's version after this decision: unique per round, so the latest decision of a
    # move is its highest round_version, and two decisions can never claim the same version.
    round_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        ForeignKeyConstraint(["round_id", "move_id"], ["moves.round_id", "moves.move_id"]),
        UniqueConstraint("round_id", "round_version"),
        Index(None, "round_id", "move_id"),
    )


class Preference(Base):
    __tablename__ = "preferences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    employee_id: Mapped[str] = mapped_column(ID, index=True)
    preferred_unit_ids: Mapped[Any] = mapped_column(JSONDoc)
    open_to_move: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    stated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))


class AuditRecord(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(ID)
    round_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    before: Mapped[Any] = mapped_column(JSONDoc, nullable=True)
    after: Mapped[Any] = mapped_column(JSONDoc, nullable=True)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[Any] = mapped_column(JSONDoc)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutcomeIngest(Base):
    """One later export matched with one enacted round (unique per round and export)."""

    __tablename__ = "outcome_ingests"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"), index=True)
    data_snapshot: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    export_date: Mapped[str] = mapped_column(String(10))          # ISO date
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(200))
    summary: Mapped[Any] = mapped_column(JSONDoc)

    __table_args__ = (UniqueConstraint("round_id", "fingerprint"),)


class MoveOutcome(Base):
    """What became of one move of the round, as the later export tells it."""

    __tablename__ = "move_outcomes"

    ingest_id: Mapped[str] = mapped_column(ForeignKey("outcome_ingests.id"), primary_key=True)
    move_id: Mapped[str] = mapped_column(ID, primary_key=True)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    enacted: Mapped[bool] = mapped_column(Boolean)
    employee_id: Mapped[str] = mapped_column(ID)             # who was to move (after override)
    from_position_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    to_position_id: Mapped[str] = mapped_column(ID)          # where (after override)
    planned_score: Mapped[float] = mapped_column(Float)      # the plan's score of its move
    predicted_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    gain: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    actual_position_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    appraisal_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    appraisal_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    appraisal_years: Mapped[int] = mapped_column(Integer)


class UnitOutcome(Base):
    """One unit before the round and after it (headcount, vacancies, appraisals, moves)."""

    __tablename__ = "unit_outcomes"

    ingest_id: Mapped[str] = mapped_column(ForeignKey("outcome_ingests.id"), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ID, primary_key=True)
    figures: Mapped[Any] = mapped_column(JSONDoc)


TABLES = ("rounds", "moves", "decisions", "preferences", "audit", "idempotency",
          "outcome_ingests", "move_outcomes", "unit_outcomes")
