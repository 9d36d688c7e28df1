"""The state database's first schema: rounds, moves, decisions, preferences, audit, idempotency.

Frozen: this file states the schema as it was at revision 0001 and imports nothing from the
models (serving/state/tables.py), so later model changes cannot rewrite history. A change to
the tables is a new revision beside this one.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

ID = sa.String(64)


def _json() -> sa.types.TypeEngine:
    return sa.JSON()  # PostgreSQL: json, which keeps documents as written (jsonb reorders keys)


def _when() -> sa.types.TypeEngine:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rounds",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("model_version", sa.String(200), nullable=False),
        sa.Column("data_snapshot", sa.String(200), nullable=False),
        sa.Column("params", _json(), nullable=False),
        sa.Column("totals", _json(), nullable=False),
        sa.Column("unfilled", _json(), nullable=False),
        sa.Column("enacted_at", _when(), nullable=True),
        sa.Column("enacted_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
    )
    op.create_table(
        "moves",
        sa.Column("round_id", ID, nullable=False),
        sa.Column("move_id", ID, nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("employee_id", ID, nullable=False),
        sa.Column("from_position_id", ID, nullable=True),
        sa.Column("to_position_id", ID, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("stay_score", sa.Float(), nullable=True),
        sa.Column("gain", sa.Float(), nullable=True),
        sa.Column("reasons", _json(), nullable=False),
        sa.Column("gaps", _json(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["rounds.id"],
                                name=op.f("fk_moves_round_id_rounds")),
        sa.PrimaryKeyConstraint("round_id", "move_id", name=op.f("pk_moves")),
        sa.UniqueConstraint("round_id", "ordinal", name=op.f("uq_moves_round_id_ordinal")),
    )
    op.create_table(
        "decisions",
        sa.Column("decision_id", ID, nullable=False),
        sa.Column("round_id", ID, nullable=False),
        sa.Column("move_id", ID, nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("override_employee_id", ID, nullable=True),
        sa.Column("override_position_id", ID, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("decided_at", _when(), nullable=False),
        sa.Column("round_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id", "move_id"], ["moves.round_id", "moves.move_id"],
                                name=op.f("fk_decisions_round_id_move_id_moves")),
        sa.PrimaryKeyConstraint("decision_id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("round_id", "round_version",
                            name=op.f("uq_decisions_round_id_round_version")),
    )
    op.create_index(op.f("ix_decisions_round_id_move_id"), "decisions", ["round_id", "move_id"])
    op.create_table(
        "preferences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("employee_id", ID, nullable=False),
        sa.Column("preferred_unit_ids", _json(), nullable=False),
        sa.Column("open_to_move", sa.Boolean(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("stated_at", _when(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preferences")),
    )
    op.create_index(op.f("ix_preferences_employee_id"), "preferences", ["employee_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", _when(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("target_type", sa.String(32), nullable=False),
        sa.Column("target_id", ID, nullable=False),
        sa.Column("round_id", ID, nullable=True),
        sa.Column("before", _json(), nullable=True),
        sa.Column("after", _json(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index(op.f("ix_audit_at"), "audit", ["at"])
    op.create_index(op.f("ix_audit_round_id"), "audit", ["round_id"])
    op.create_table(
        "idempotency",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", _json(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.PrimaryKeyConstraint("key", "scope", name=op.f("pk_idempotency")),
    )


def downgrade() -> None:
    for table in ("idempotency", "audit", "preferences", "decisions", "moves", "rounds"):
        op.drop_table(table)
