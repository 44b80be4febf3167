"""Stations without the office's keys: sealed ID numbers at the office, slow hashes on stations.

`participants.doc_sealed` holds the ID number sealed with the office's key (office only);
`participants.doc_slow` and `passes.code_slow` hold the event-salted scrypt a station matches
typed ID numbers and manual codes with; `passes.manual_code` may be empty on a station.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("doc_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("doc_slow", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_participants_doc_slow"), ["doc_slow"], unique=False)
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("code_slow", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.alter_column("manual_code", existing_type=sa.String(length=12), nullable=True)
        batch_op.create_index(batch_op.f("ix_passes_code_slow"), ["code_slow"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_passes_code_slow"))
        batch_op.alter_column("manual_code", existing_type=sa.String(length=12), nullable=False)
        batch_op.drop_column("code_slow")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_doc_slow"))
        batch_op.drop_column("doc_slow")
        batch_op.drop_column("doc_sealed")
