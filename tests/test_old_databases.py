"""Stations in the field hold databases made by earlier versions: each earlier schema, filled
with a day's rows, upgrades to the newest with every row intact and the app's reads working."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from checkin_app import checkin, events
from checkin_app.db import (
    MIGRATIONS,
    Database,
    head_revision,
    make_engine,
    schema_revision,
    upgrade,
)
from checkin_app.models import LogEvent, Participant, Pass, SeatAssignment

REVISIONS = sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
EARLIER = [r for r in REVISIONS if r != head_revision()]
DAY = "2025-09-24"
AT = "2025-09-24 06:30:00.000000"

# A day's rows as each version wrote them: every column any version had (a row goes in with
# the columns its revision's table has; the tables it lacks are skipped).
ROWS: list[tuple[str, dict[str, object]]] = [
    ("settings", {"key": "station_name", "value": "东门".encode()}),
    (
        "events",
        {
            "id": 1,
            "name": "固原市城市管理局2025年“政府开放月”",
            "organiser": "城管局",
            "timezone": "Asia/Shanghai",
            "min_age": 18,
            "invited_first": 1,
            "notes": "",
            "created_at": AT,
        },
    ),
    (
        "activities",
        {
            "id": 1,
            "event_id": 1,
            "name": "城市管理开放月",
            "date": DAY,
            "assembly_point": "市政府东门",
            "signin_start": "08:00:00.000000",
            "signin_end": "09:00:00.000000",
            "discussion_start": None,
            "end_time": None,
            "capacity": 40,
            "host_unit": "城管局",
            "responsible_person": "马主任",
            "contact_phone": "0954-2031234",
            "description": "",
        },
    ),
    (
        "sites",
        {
            "id": 1,
            "event_id": 1,
            "name": "智慧城管指挥中心",
            "address": "原州区",
            "planned_minutes": 40,
            "responsible_unit": "城管局",
            "capacity_at_once": 30,
            "safety_notes": "",
        },
    ),
    (
        "itinerary_stops",
        {
            "id": 1,
            "activity_id": 1,
            "site_id": 1,
            "position": 1,
            "travel_minutes": 15,
        },
    ),
    (
        "imports",
        {
            "id": 1,
            "event_id": 1,
            "file_name": "报名表.xlsx",
            "sha256": "0" * 64,
            "accepted": 3,
            "rejected": 0,
            "at": AT,
        },
    ),
    *[
        (
            "participants",
            {
                "id": n,
                "event_id": 1,
                "activity_id": 1,
                "name": name,
                "gender": None,
                "work_unit": "",
                "job_title": "",
                "phone": f"1390954{n:04d}",
                "doc_type": "resident_id",
                "doc_hash": f"{n:064d}",
                "doc_last4": f"{n:03d}X",
                "doc_prefix": "6404",
                "category": "市民代表",
                "invited": 0,
                "companion_key": "",
                "needs": "轮椅" if n == 2 else "",
                "remarks": "",
                "source": "phone",
                "status": "confirmed",
                "decision": "",
                "registered_at": AT,
                "import_row": n + 1,
                "import_id": 1,
                "doc_sealed": None,
                "doc_slow": "",
            },
        )
        for n, name in ((1, "马晓梅"), (2, "王建国"), (3, "李堃"))
    ],
    (
        "status_changes",
        {
            "id": 1,
            "participant_id": 1,
            "old": "applied",
            "new": "confirmed",
            "reason": "",
            "actor": "小王",
            "at": AT,
        },
    ),
    (
        "pass_keys",
        {
            "event_id": 1,
            "private_key": b"k" * 32,
            "public_key": b"p" * 32,
            "created_at": AT,
        },
    ),
    *[
        (
            "passes",
            {
                "id": n,
                "event_id": 1,
                "activity_id": 1,
                "participant_id": n,
                "version": 1,
                "issued_on": DAY,
                "issued_at": AT,
                "manual_code": f"A{n:07d}",
                "revoked_at": None,
                "lane": "",
                "arrival_start": None,
                "arrival_end": None,
                "code_slow": "",
                "printed_at": None,
                "printed_placement": "",
            },
        )
        for n in (1, 2, 3)
    ],
    (
        "pass_events",
        {
            "id": 1,
            "pass_id": 1,
            "action": "issued",
            "actor": "小王",
            "reason": "",
            "at": AT,
        },
    ),
    (
        "vehicles",
        {
            "id": 1,
            "activity_id": 1,
            "label": "1号车",
            "plate": "宁D12345",
            "rows": 10,
            "seats_per_row": 4,
            "aisle_after": 2,
            "back_row_seats": 5,
            "reserved": "",
            "driver": "",
            "driver_phone": "",
            "leader": "",
            "leader_phone": "",
        },
    ),
    (
        "tour_groups",
        {
            "id": 1,
            "activity_id": 1,
            "name": "第一组",
            "leader": "马主任",
            "leader_phone": "",
            "size_limit": None,
            "vehicle_id": 1,
        },
    ),
    *[
        (
            "seat_assignments",
            {
                "id": n,
                "participant_id": n,
                "activity_id": 1,
                "vehicle_id": 1,
                "seat": f"{n}A",
                "group_id": 1,
                "locked": 0,
            },
        )
        for n in (1, 2, 3)
    ],
    (
        "stations",
        {
            "id": 1,
            "event_id": 1,
            "name": "西门",
            "public_key": b"s" * 32,
            "created_at": AT,
            "merged_seq": 1,
            "last_sync_at": None,
        },
    ),
    (
        "log_events",
        {
            "id": 1,
            "uid": "a" * 32,
            "event_id": 1,
            "activity_id": 1,
            "station": "东门",
            "seq": 1,
            "kind": "checkin",
            "participant_id": 1,
            "person": "1",
            "verdict": "admitted",
            "operator": "小王",
            "at": AT,
            "site_id": None,
            "group_id": None,
            "refers_to": "",
            "reason": "",
            "detail": "",
        },
    ),
    (
        "conflict_decisions",
        {
            "id": 1,
            "event_id": 1,
            "key": "double:1",
            "kind": "double",
            "decision": "keep",
            "actor": "小王",
            "at": AT,
        },
    ),
    (
        "hub_station_roles",
        {
            "role_name": "station_1_west",
            "event_id": 1,
            "station": "西门",
            "created_at": AT,
        },
    ),
]


def _fill(path: Path) -> dict[str, int]:
    """Insert ROWS with plain SQL as the file's schema has them; the row count per table."""
    counts: dict[str, int] = {}
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        for table, row in ROWS:
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if not columns:
                continue  # not at this revision yet
            names = [c for c in row if c in columns]
            conn.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [row[c] for c in names],
            )
            counts[table] = counts.get(table, 0) + 1
    conn.close()
    return counts


@pytest.mark.parametrize("revision", EARLIER)
def test_an_old_station_database_upgrades_with_its_data_intact(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / f"station-{revision}.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, revision)
    assert schema_revision(engine) == revision
    engine.dispose()
    counts = _fill(path)
    assert counts["participants"] == 3

    db = Database(f"sqlite:///{path}")  # what opening the old file does: upgrade to head
    try:
        assert schema_revision(db.engine) == head_revision()
        with sqlite3.connect(path) as conn:
            for table, count in counts.items():
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (count,), table
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()
        with db.reading() as s:
            names = {p.id: (p.name, p.phone, p.needs) for p in s.scalars(select(Participant))}
            assert names[2] == ("王建国", "13909540002", "轮椅")
            assert [e.name for e in events.list_events(s)] == [ROWS[1][1]["name"]]
            lists = checkin.desk_lists(s, 1)
            assert lists.counters.expected == 3
            if "passes" in counts:
                codes = s.scalars(select(Pass.manual_code).order_by(Pass.id))
                assert list(codes) == ["A0000001", "A0000002", "A0000003"]
            if "seat_assignments" in counts:
                assert len(s.scalars(select(SeatAssignment)).all()) == 3
                assert {m.bus for m in lists.missing} == {"1号车"}
            if "log_events" in counts:
                assert [a.person.name for a in lists.arrivals] == ["马晓梅"]
                assert lists.counters.arrived == 1 and len(lists.missing) == 2
                assert s.scalar(select(LogEvent.uid)) == "a" * 32
            else:
                assert lists.counters.arrived == 0 and len(lists.missing) == 3
    finally:
        db.close()


def test_every_revision_but_the_newest_is_tried() -> None:
    assert EARLIER and head_revision() not in EARLIER
    assert len(EARLIER) == len(REVISIONS) - 1
