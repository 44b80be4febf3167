"""The opinions ledger (意见建议台账): opinions, their history, and each event's deadline rule.

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-30 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

_STATUS = sa.Enum(
    "pending",
    "assigned",
    "answered",
    "published",
    name="opinionstatus",
    native_enum=False,
    length=20,
)


def upgrade() -> None:
    op.create_table(
        "opinion_rules",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("report_days", sa.Integer(), nullable=False),
        sa.Column("answer_days", sa.Integer(), nullable=False),
        sa.Column("working_days", sa.Boolean(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_opinion_rules_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name="pk_opinion_rules"),
    )
    op.create_table(
        "opinions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("work_unit", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", _STATUS, nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(100), nullable=False),
        sa.Column("answered_at", sa.Date(), nullable=True),
        sa.Column("on_the_spot", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_opinions_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name="fk_opinions_activity_id_activities",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_opinions"),
    )
    op.create_index("ix_opinions_event_id", "opinions", ["event_id"])
    op.create_index("ix_opinions_activity_id", "opinions", ["activity_id"])
    op.create_index("ix_opinions_status", "opinions", ["status"])
    op.create_table(
        "opinion_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opinion_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("status", _STATUS, nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opinion_id"],
            ["opinions.id"],
            name="fk_opinion_changes_opinion_id_opinions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_opinion_changes"),
    )
    op.create_index("ix_opinion_changes_opinion_id", "opinion_changes", ["opinion_id"])


def downgrade() -> None:
    op.drop_table("opinion_changes")
    op.drop_table("opinions")
    op.drop_table("opinion_rules")
