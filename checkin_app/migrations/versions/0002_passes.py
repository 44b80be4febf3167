"""Signed passes: the events' signing keys, pass versions and who issued or revoked them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:25:23.295852
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pass_keys",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_pass_keys_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_pass_keys")),
    )
    op.create_table(
        "passes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("manual_code", sa.String(length=12), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("lane", sa.String(length=40), nullable=False),
        sa.Column("arrival_start", sa.Time(), nullable=True),
        sa.Column("arrival_end", sa.Time(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_passes_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_passes_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_passes_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_passes")),
        sa.UniqueConstraint("manual_code", name=op.f("uq_passes_manual_code")),
        sa.UniqueConstraint("participant_id", "version", name=op.f("uq_passes_participant_id")),
    )
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_passes_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_passes_event_id"), ["event_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_passes_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "pass_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pass_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "issued", "reissued", "revoked", name="passaction", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pass_id"],
            ["passes.id"],
            name=op.f("fk_pass_events_pass_id_passes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pass_events")),
    )
    with op.batch_alter_table("pass_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pass_events_pass_id"), ["pass_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pass_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pass_events_pass_id"))

    op.drop_table("pass_events")
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passes_participant_id"))
        batch_op.drop_index(batch_op.f("ix_passes_event_id"))
        batch_op.drop_index(batch_op.f("ix_passes_activity_id"))

    op.drop_table("passes")
    op.drop_table("pass_keys")
