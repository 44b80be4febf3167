"""The attendance log's indexes: fewer, and the one the desk's queries want.

Every merged event updated seven indexes. The ones on `person` (a random 64-character key) and
on `event_id` and `kind` (a handful of values) cost most of a bundle merge's insert time and
commit volume while no query needs them. What the queries do need, in two composite indexes:
a scan reads one person's admissions by (participant_id, activity_id, kind) — all three, so
SQLite's planner keeps choosing it over the activity's index — and an activity's check-ins,
undos and boarding ticks are read by (activity_id, kind). A station's events go by the unique
(station, seq) index and a uid by its unique index. What filters by event (reports, purge,
conflicts) reads the whole event's log anyway.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 20:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_DROPPED = {
    "ix_log_events_activity_id": ["activity_id"],
    "ix_log_events_event_id": ["event_id"],
    "ix_log_events_kind": ["kind"],
    "ix_log_events_participant_id": ["participant_id"],
    "ix_log_events_person": ["person"],
}


def upgrade() -> None:
    with op.batch_alter_table("log_events", schema=None) as batch_op:
        for name in _DROPPED:
            batch_op.drop_index(name)
        batch_op.create_index("ix_log_events_activity_id_kind", ["activity_id", "kind"])
        batch_op.create_index(
            "ix_log_events_participant_id_activity_id_kind",
            ["participant_id", "activity_id", "kind"],
        )


def downgrade() -> None:
    with op.batch_alter_table("log_events", schema=None) as batch_op:
        batch_op.drop_index("ix_log_events_activity_id_kind")
        batch_op.drop_index("ix_log_events_participant_id_activity_id_kind")
        for name, columns in _DROPPED.items():
            batch_op.create_index(name, columns, unique=False)
