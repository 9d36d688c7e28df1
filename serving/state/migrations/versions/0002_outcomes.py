"""Outcomes of enacted rounds: one ingest per (round, later export), each move's outcome and
each unit's before/after.

Frozen like 0001: it states the schema as it was at revision 0002 and imports nothing from
the models.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

ID = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "outcome_ingests",
        sa.Column("id", ID, nullable=False),
        sa.Column("round_id", ID, nullable=False),
        sa.Column("data_snapshot", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("export_date", sa.String(10), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["rounds.id"],
                                name=op.f("fk_outcome_ingests_round_id_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_ingests")),
        sa.UniqueConstraint("round_id", "fingerprint",
                            name=op.f("uq_outcome_ingests_round_id_fingerprint")),
    )
    op.create_index(op.f("ix_outcome_ingests_round_id"), "outcome_ingests", ["round_id"])
    op.create_table(
        "move_outcomes",
        sa.Column("ingest_id", ID, nullable=False),
        sa.Column("move_id", ID, nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("enacted", sa.Boolean(), nullable=False),
        sa.Column("employee_id", ID, nullable=False),
        sa.Column("from_position_id", ID, nullable=True),
        sa.Column("to_position_id", ID, nullable=False),
        sa.Column("planned_score", sa.Float(), nullable=False),
        sa.Column("predicted_score", sa.Float(), nullable=True),
        sa.Column("gain", sa.Float(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("actual_position_id", ID, nullable=True),
        sa.Column("appraisal_before", sa.Float(), nullable=True),
        sa.Column("appraisal_after", sa.Float(), nullable=True),
        sa.Column("appraisal_years", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["ingest_id"], ["outcome_ingests.id"],
                                name=op.f("fk_move_outcomes_ingest_id_outcome_ingests")),
        sa.PrimaryKeyConstraint("ingest_id", "move_id", name=op.f("pk_move_outcomes")),
    )
    op.create_table(
        "unit_outcomes",
        sa.Column("ingest_id", ID, nullable=False),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["ingest_id"], ["outcome_ingests.id"],
                                name=op.f("fk_unit_outcomes_ingest_id_outcome_ingests")),
        sa.PrimaryKeyConstraint("ingest_id", "unit_id", name=op.f("pk_unit_outcomes")),
    )


def downgrade() -> None:
    for table in ("unit_outcomes", "move_outcomes", "outcome_ingests"):
        op.drop_table(table)
