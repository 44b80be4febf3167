"""The live hub's inbox and station roles: stations write signed batches, never the office's tables.

On PostgreSQL the tables get row-level security, the view `hub_log` (the other stations' events
of a station's own event, walk-in phones removed) and `hub_receipt` (how far the office merged
the station's own log); the per-station login roles and their
grants are made by `hub.create_station_role`. SQLite offices have no hub roles: the tables only.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# A batch is at most `hub.BATCH` records of bounded size; a station cannot fill the disk with one.
MAX_BATCH_BYTES = 4_000_000

_POSTGRES = [
    f"ALTER TABLE hub_inbox ADD CONSTRAINT ck_hub_inbox_batch_size "
    f"CHECK (octet_length(batch) <= {MAX_BATCH_BYTES})",
    "ALTER TABLE hub_inbox ALTER COLUMN received_at SET DEFAULT timezone('utc', now())",
    "REVOKE ALL ON hub_inbox, hub_station_roles FROM PUBLIC",
    "ALTER TABLE hub_station_roles ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE hub_inbox ENABLE ROW LEVEL SECURITY",
    # A station role reads its own mapping row only (the inbox policy below needs it).
    "CREATE POLICY hub_station_roles_own ON hub_station_roles FOR SELECT "
    "USING (role_name = current_user)",
    # ... and inserts inbox rows for its own event and station only, as new ones.
    "CREATE POLICY hub_inbox_own_station ON hub_inbox FOR INSERT WITH CHECK ("
    " state = 'new' AND EXISTS (SELECT 1 FROM hub_station_roles m"
    " WHERE m.role_name = current_user AND m.event_id = hub_inbox.event_id"
    " AND m.station = hub_inbox.station))",
    # Walk-in registrations travel without their phone; anything unreadable travels as nothing.
    """CREATE FUNCTION hub_redact(kind text, detail text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog AS $$
    BEGIN
        IF kind <> 'walkin' OR detail = '' THEN
            RETURN detail;
        END IF;
        RETURN ((detail::jsonb) #- '{registration,phone}')::text;
    EXCEPTION WHEN others THEN
        RETURN '';
    END $$""",
    # The view runs with its owner's (the office's) rights on log_events and the mapping, and
    # `current_user` is the station role reading it: each station sees its own event only.
    """CREATE VIEW hub_log WITH (security_barrier = true) AS
    SELECT l.id, l.uid, l.event_id, l.activity_id, l.station, l.seq, l.kind, l.person,
           l.verdict, l.operator, l.at, l.site_id, l.group_id, l.refers_to, l.reason,
           hub_redact(l.kind::text, l.detail) AS detail
    FROM log_events l
    JOIN hub_station_roles m ON m.event_id = l.event_id AND m.station <> l.station
    WHERE m.role_name = current_user""",
    # What the office has merged of the station's own log, so it knows what is safe at the office.
    """CREATE VIEW hub_receipt WITH (security_barrier = true) AS
    SELECT s.merged_seq FROM stations s
    JOIN hub_station_roles m ON m.event_id = s.event_id AND m.station = s.name
    WHERE m.role_name = current_user""",
    "REVOKE ALL ON hub_log, hub_receipt FROM PUBLIC",
]


def upgrade() -> None:
    op.create_table(
        "hub_station_roles",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_hub_station_roles_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_hub_station_roles")),
        sa.UniqueConstraint("event_id", "station", name=op.f("uq_hub_station_roles_event_id")),
    )
    op.create_table(
        "hub_inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=False),
        sa.Column("from_seq", sa.Integer(), nullable=False),
        sa.Column("to_seq", sa.Integer(), nullable=False),
        sa.Column("batch", sa.LargeBinary(), nullable=False),
        sa.Column(
            "received_at",
            sa.DateTime(),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("state", sa.String(length=20), server_default="new", nullable=False),
        sa.Column("reason", sa.Text(), server_default="", nullable=False),
        sa.Column("merged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_hub_inbox_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_inbox")),
    )
    with op.batch_alter_table("hub_inbox", schema=None) as batch_op:
        batch_op.create_index("ix_hub_inbox_state", ["state"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRES:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW IF EXISTS hub_log")
        op.execute("DROP VIEW IF EXISTS hub_receipt")
        op.execute("DROP FUNCTION IF EXISTS hub_redact(text, text)")
    with op.batch_alter_table("hub_inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_hub_inbox_state")
    op.drop_table("hub_inbox")
    op.drop_table("hub_station_roles")
