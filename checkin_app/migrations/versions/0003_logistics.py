"""Tour logistics: vehicles with seat layouts, groups with leaders, and seat assignments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vehicles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("seats_per_row", sa.Integer(), nullable=False),
        sa.Column("aisle_after", sa.Integer(), nullable=False),
        sa.Column("back_row_seats", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.String(length=200), nullable=False),
        sa.Column("driver", sa.String(length=100), nullable=False),
        sa.Column("driver_phone", sa.String(length=20), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=False),
        sa.Column("leader_phone", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_vehicles_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehicles")),
        sa.UniqueConstraint("activity_id", "label", name=op.f("uq_vehicles_activity_id")),
    )
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicles_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "tour_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("leader", sa.String(length=100), nullable=False),
        sa.Column("leader_phone", sa.String(length=20), nullable=False),
        sa.Column("size_limit", sa.Integer(), nullable=True),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_tour_groups_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_tour_groups_vehicle_id_vehicles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tour_groups")),
        sa.UniqueConstraint("activity_id", "name", name=op.f("uq_tour_groups_activity_id")),
    )
    with op.batch_alter_table("tour_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tour_groups_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tour_groups_vehicle_id"), ["vehicle_id"], unique=False)

    op.create_table(
        "seat_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=8), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_seat_assignments_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["tour_groups.id"],
            name=op.f("fk_seat_assignments_group_id_tour_groups"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_seat_assignments_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"],
            ["vehicles.id"],
            name=op.f("fk_seat_assignments_vehicle_id_vehicles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_assignments")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_seat_assignments_participant_id")),
        sa.UniqueConstraint("vehicle_id", "seat", name=op.f("uq_seat_assignments_vehicle_id")),
    )
    with op.batch_alter_table("seat_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seat_assignments_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_seat_assignments_group_id"), ["group_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seat_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seat_assignments_group_id"))
        batch_op.drop_index(batch_op.f("ix_seat_assignments_activity_id"))
    op.drop_table("seat_assignments")
    with op.batch_alter_table("tour_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tour_groups_vehicle_id"))
        batch_op.drop_index(batch_op.f("ix_tour_groups_activity_id"))
    op.drop_table("tour_groups")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicles_activity_id"))
    op.drop_table("vehicles")
