"""When a pass was last printed and the bus, seat and group printed on it.

A printed pass keeps the seat it was printed with. Comparing what was printed with where the
person sits now tells the office which passes need printing again after a seat moved.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-29 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("printed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("printed_placement", sa.String(200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("passes", schema=None) as batch_op:
        batch_op.drop_column("printed_placement")
        batch_op.drop_column("printed_at")
