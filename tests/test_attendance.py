"""Expected, arrived, missing: one definition; arrived + missing = expected whatever happened."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin_app import attendance, checkin, events, reports
from checkin_app.attendance import Counts, Placed
from checkin_app.db import Database
from checkin_app.models import (
    DocumentType,
    Group,
    LogKind,
    Participant,
    SeatAssignment,
    Status,
    Vehicle,
)

DAY = dt.date(2025, 9, 24)
AT = dt.datetime(2025, 9, 24, 6, 30)  # 14:30 in China


def _adds_up(c: Counts) -> None:
    assert c.arrived + c.missing == c.expected
    for lines in (c.buses, c.groups, c.categories):
        assert sum(t.expected for t in lines) == c.expected
        assert sum(t.arrived for t in lines) == c.arrived
        assert all(t.arrived + t.missing == t.expected for t in lines)


# --- The definition, on its own -------------------------------------------------------------

people_strategy = st.lists(
    st.builds(
        Placed,
        participant_id=st.integers(1, 40),
        confirmed=st.booleans(),
        category=st.sampled_from(["市民代表", "学生", ""]),
        bus=st.sampled_from([None, "1号车", "2号车"]),
        bus_order=st.sampled_from([None, 1, 2]),
        group=st.sampled_from([None, "第一组", "第二组"]),
    ),
    max_size=30,
    unique_by=lambda p: p.participant_id,
)
inside_strategy = st.dictionaries(
    st.integers(1, 50), st.sampled_from([LogKind.CHECKIN, LogKind.WALKIN, LogKind.OVERRIDE])
)


@given(people_strategy, inside_strategy)
def test_counts_always_add_up(people: list[Placed], inside: dict[int, LogKind]) -> None:
    c = attendance.tally(people, inside)
    _adds_up(c)
    assert c.arrived == len(inside)  # everyone let in counts, known or not
    confirmed = {p.participant_id for p in people if p.confirmed}
    assert c.missing == len(confirmed - inside.keys())
    assert c.unconfirmed == len(inside.keys() - confirmed)
    assert c.walk_ins == sum(1 for k in inside.values() if k == LogKind.WALKIN)


def test_a_count_that_does_not_add_up_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        attendance.Tally("1号车", 1, 2, 0)


def test_an_override_of_a_waitlisted_person_is_expected_and_arrived() -> None:
    """The issue's desk: 40 confirmed, 4 in, one waitlisted let in by a supervisor: the desk
    said 应到 40 已到 4 未到 37; it says 应到 41 已到 5 未到 36."""
    people = [Placed(n, True) for n in range(1, 41)] + [Placed(41, False)]
    inside = {n: LogKind.CHECKIN for n in range(1, 5)} | {41: LogKind.OVERRIDE}
    c = attendance.tally(people, inside)
    assert (c.expected, c.arrived, c.missing, c.unconfirmed) == (41, 5, 36, 1)
    assert c.buses == (attendance.Tally("未分车", 41, 5, 36),)


# --- The same counts on every screen, whatever the log holds --------------------------------


@dataclass(frozen=True)
class Day:
    db: Database
    event_id: int
    activity: int
    other: int
    people: tuple[int, ...]  # of `activity`, in every status
    strangers: tuple[int, ...]  # of `other`, confirmed there


STATUSES = [Status.CONFIRMED] * 6 + [Status.WAITLISTED, Status.APPLIED, Status.CANCELLED]


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    db = Database.open(str(Path(tmp_path_factory.mktemp("attendance")) / "ws.sqlite3"))
    with db.transaction() as s:
        event = events.create_event(s, "2025年开放日", organiser="城管局")
        activity = events.add_activity(s, event, "亲民城管", DAY, 6)
        other = events.add_activity(s, event, "智慧城管", DAY, 6)
        bus = Vehicle(activity_id=activity.id, label="1号车", rows=10, seats_per_row=4)
        s.add(bus)
        s.flush()
        group = Group(activity_id=activity.id, name="第一组", vehicle_id=bus.id)
        s.add(group)
        people, strangers = [], []
        for n, status in enumerate([*STATUSES, Status.CONFIRMED, Status.CONFIRMED]):
            mine = n < len(STATUSES)
            p = Participant(
                event_id=event.id,
                activity_id=activity.id if mine else other.id,
                name=f"人{n}",
                doc_type=DocumentType.PASSPORT,
                doc_hash=f"{n:064d}",
                doc_last4=f"{n:04d}",
                category="学生" if n % 2 else "市民代表",
                status=status,
            )
            s.add(p)
            s.flush()
            (people if mine else strangers).append(p.id)
            if mine and n % 3 == 0:  # some seated, some waitlisted seated by an old plan too
                s.add(
                    SeatAssignment(
                        participant_id=p.id,
                        activity_id=activity.id,
                        vehicle_id=bus.id,
                        seat=f"{n + 1}A",
                        group_id=group.id,
                    )
                )
        ids = Day(db, event.id, activity.id, other.id, tuple(people), tuple(strangers))
    yield ids
    db.close()


# One step of the day: admit someone (check-in, walk-in, override), undo their admissions, or
# change their status after the fact (a cancellation of someone already in).
step_strategy = st.tuples(
    st.sampled_from(["checkin", "walkin", "override", "undo", "cancel", "confirm"]),
    st.integers(0, len(STATUSES) + 1),
    st.sampled_from(["东门", "西门"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(step_strategy, max_size=25))
def test_desk_dashboard_leader_and_report_agree_and_add_up(
    day: Day, steps: list[tuple[str, int, str]]
) -> None:
    everyone = [*day.people, *day.strangers]
    with day.db.reading() as s:  # never committed: each example starts from the same day
        for n, (what, who, station) in enumerate(steps):
            pid = everyone[who]
            at = AT + dt.timedelta(minutes=n)
            if what in ("checkin", "walkin", "override"):
                kind = {"checkin": LogKind.CHECKIN, "walkin": LogKind.WALKIN}.get(
                    what, LogKind.OVERRIDE
                )
                checkin.append(
                    s, event_id=day.event_id, station=station, kind=kind, operator="小王",
                    activity_id=day.activity, participant_id=pid, person=f"{pid}", at=at,
                )  # fmt: skip
            elif what == "undo":
                for a in checkin.admissions_of(s, day.activity, pid):
                    checkin.append(
                        s, event_id=day.event_id, station=station, kind=LogKind.UNDO,
                        operator="小王", activity_id=day.activity, participant_id=pid,
                        refers_to=a.uid, at=at,
                    )  # fmt: skip
            else:
                p = s.get(Participant, pid)
                assert p is not None
                p.status = Status.CANCELLED if what == "cancel" else Status.CONFIRMED
            s.flush()
        counts = attendance.attendance_counts(s, day.activity)
        _adds_up(counts)
        desk = checkin.desk_lists(s, day.activity)
        assert desk.counters == counts
        assert len(desk.arrivals) == counts.arrived
        assert len(desk.missing) == counts.missing
        board = reports.dashboard(s, day.event_id)
        row = next(a for a in board.activities if a.id == day.activity)
        assert (row.expected, row.attended, row.no_shows) == (
            counts.expected,
            counts.arrived,
            counts.missing,
        )
        t = board.totals
        assert t.attended + t.no_shows == t.expected
        assert sum(c.attended + c.no_shows for c in board.categories) == t.expected
        buses = [v for v in board.vehicles if v.activity == row.name]
        assert [(v.label, v.expected, v.arrived, v.missing) for v in buses] == [
            (b.label, b.expected, b.arrived, b.missing) for b in counts.buses
        ]
        s.rollback()


# --- The desk's cached lists follow every change, committed by anyone -----------------------


def _fresh_lists(db: Database, activity_id: int) -> checkin.DeskLists:
    """The lists read from scratch, without the desk's cache."""
    with db.reading() as s:
        snap = checkin._snapshot(s, activity_id)
        return checkin.DeskLists(
            checkin._counters(snap), checkin._arrivals(snap), checkin._missing(snap)
        )


def _cached_lists(db: Database, activity_id: int) -> checkin.DeskLists:
    with db.reading() as s:
        return checkin.desk_lists(s, activity_id)


def test_the_desk_s_cached_lists_follow_scans_undos_edits_and_other_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checkin_app import desk_lists

    path = tmp_path / "ws.sqlite3"
    db = Database.open(str(path))
    with db.transaction() as s:
        event = events.create_event(s, "2025年开放日", organiser="城管局")
        activity = events.add_activity(s, event, "亲民城管", DAY, 6)
        ids = []
        for n in range(4):
            p = Participant(
                event_id=event.id, activity_id=activity.id, name=f"张{n}",
                doc_type=DocumentType.PASSPORT, doc_hash=f"{n:064d}", doc_last4=f"{n:04d}",
                status=Status.CONFIRMED,
            )  # fmt: skip
            s.add(p)
            s.flush()
            ids.append(p.id)
        event_id, activity_id = event.id, activity.id

    def admit(pid: int) -> str:
        with db.transaction() as s:
            return checkin.append(
                s, event_id=event_id, station="东门", kind=LogKind.CHECKIN, operator="小王",
                activity_id=activity_id, participant_id=pid, person=str(pid), at=AT,
            ).uid  # fmt: skip

    def same() -> checkin.DeskLists:
        cached, fresh = _cached_lists(db, activity_id), _fresh_lists(db, activity_id)
        assert cached == fresh
        return cached

    assert same().counters.arrived == 0
    first = admit(ids[0])
    admit(ids[1])
    assert [a.person.id for a in same().arrivals] == [ids[1], ids[0]]
    with db.transaction() as s:  # an undo of the first admission
        checkin.append(
            s, event_id=event_id, station="东门", kind=LogKind.UNDO, operator="小王",
            activity_id=activity_id, participant_id=ids[0], refers_to=first, at=AT,
        )  # fmt: skip
        s.get(Participant, ids[2]).name = "李四"  # type: ignore[union-attr]
    lists = same()
    assert [a.person.id for a in lists.arrivals] == [ids[1]]
    assert "李四" in [m.person.name for m in lists.missing]

    # Another process: a cancellation (with its history row) shows at once; a rename within
    # the roster's age limit; log rows deleted (a purge) are noticed.
    other = sqlite3.connect(path)
    with other:
        other.execute("UPDATE participants SET status = 'cancelled' WHERE id = ?", (ids[3],))
        other.execute(
            "INSERT INTO status_changes (participant_id, old, new, reason, actor, at) "
            "VALUES (?, 'confirmed', 'cancelled', '', '', '2025-09-24 06:00:00')",
            (ids[3],),
        )
    assert same().counters.expected == 3
    with other:
        other.execute("UPDATE participants SET name = '王五' WHERE id = ?", (ids[2],))
    monkeypatch.setattr(desk_lists, "ROSTER_MAX_AGE_S", 0.0)
    assert "王五" in [m.person.name for m in same().missing]
    with other:
        other.execute("DELETE FROM log_events WHERE participant_id = ?", (ids[1],))
    assert same().counters.arrived == 0
    other.close()
    db.close()
