"""The call list's calls (电话通知): each call's outcome, operator and time.

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-30 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_calls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_notice_calls_participant_id", "notice_calls", ["participant_id"])


def downgrade() -> None:
    op.drop_index("ix_notice_calls_participant_id", table_name="notice_calls")
    op.drop_table("notice_calls")
