"""The group leaders' roll calls on the attendance log: boarding, site roll calls, departures,
where each group is, and re-plans that never move anyone who boarded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from checkin_app import checkin, events, leaders, logistics, roles
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    DocumentType,
    Group,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Status,
)

# 2025-09-24 in Beijing is UTC+8: 14:40 local is 06:40 in the log.
DAY = dt.date(2025, 9, 24)


def utc(hh: int, mm: int) -> dt.datetime:
    """A local (Asia/Shanghai) clock time of the activity's day, as the log stores it."""
    return dt.datetime.combine(DAY, dt.time(hh, mm)) - dt.timedelta(hours=8)


@dataclass(frozen=True)
class Tour:
    activity_id: int
    group_id: int
    people: dict[str, int]  # name -> participant id
    plant: int
    hall: int


def build_tour(
    db: Database, names: list[str], *, checked_in: list[str] | None = None, rows: int = 5
) -> Tour:
    with db.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        act = events.add_activity(
            s,
            event,
            "城市管理开放日",
            DAY,
            40,
            signin_start=dt.time(14, 20),
            signin_end=dt.time(14, 40),
            discussion_start=dt.time(17, 0),
        )
        plant = events.add_site(s, event, "第一污水处理厂", planned_minutes=40)
        hall = events.add_site(s, event, "数字化城市管理指挥大厅", planned_minutes=30)
        events.set_itinerary(s, act, [(plant, 15), (hall, 10)])
        logistics.add_vehicle(
            s, act, "1号车", rows=rows, seats_per_row=4, back_row_seats=0, reserved="1A,1B"
        )
        people = [
            Participant(
                event_id=event.id,
                activity_id=act.id,
                name=name,
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=f"hash-{name}",
                doc_last4="0000",
                phone=f"1390000{i:04d}",
                status=Status.CONFIRMED,
                needs="晕车" if i == 0 else "",
            )
            for i, name in enumerate(names)
        ]
        s.add_all(people)
        s.flush()
        logistics.assign(s, act)
        for p in people:
            if checked_in is None or p.name in checked_in:
                checkin.append(
                    s,
                    event_id=event.id,
                    station="东门",
                    kind=LogKind.CHECKIN,
                    operator="签到员",
                    activity_id=act.id,
                    participant_id=p.id,
                    person=p.doc_hash,
                    at=utc(14, 21),
                )
        group = s.scalars(select(Group).where(Group.activity_id == act.id)).one()
        group.leader = "马领队"
        return Tour(act.id, group.id, {p.name: p.id for p in people}, plant.id, hall.id)


def log_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(LogEvent)) or 0)


def tick_all(
    db: Database, tour: Tour, site: int | None, names: list[str], hh: int, mm: int
) -> None:
    with db.transaction() as s:
        for name in names:
            leaders.tick(s, tour.group_id, tour.people[name], site, present=True, at=utc(hh, mm))


NAMES = ["张晕车", "李四", "王五", "赵六"]


def test_the_roster_is_in_seat_order_with_masked_phones_and_who_has_not_checked_in(
    db: Database,
) -> None:
    tour = build_tour(db, NAMES, checked_in=["张晕车", "李四", "王五"])
    with db.reading() as s:
        roster = leaders.group_roster(s, tour.group_id)
        seats = {a.participant_id: a.seat for a in s.scalars(select(SeatAssignment))}
    assert [m.seat for m in roster.members] == sorted(
        seats.values(), key=lambda x: (int(x[:-1]), x[-1])
    )
    assert roster.members[0].name == "张晕车"  # front seat for motion sickness
    assert roster.members[0].phone_masked == "139****0000"
    assert [s.name for s in roster.stops] == ["集合点", "第一污水处理厂", "数字化城市管理指挥大厅"]
    assert roster.current == 0 and roster.vehicle == "1号车" and roster.leader == "马领队"
    zhao = next(m for m in roster.members if m.name == "赵六")
    assert not zhao.checked_in and not zhao.expected and zhao.last_seen == "未签到"
    li = next(m for m in roster.members if m.name == "李四")
    assert li.checked_in and li.expected and li.last_seen == "最后一次在 东门 14:21 签到"
    # Only the people checked in at the desk are expected on the bus.
    assert (roster.call.expected, roster.call.present) == (3, 0)


def test_the_bus_leaves_only_when_the_count_matches_or_with_a_reason(db: Database) -> None:
    tour = build_tour(db, NAMES)
    tick_all(db, tour, None, ["张晕车", "李四", "王五"], 14, 35)
    before = log_count(db)
    with pytest.raises(UserError) as err, db.transaction() as s:
        leaders.depart(s, tour.group_id, None, at=utc(14, 40))
    message = str(err.value)
    assert "应到4人，实到3人" in message
    assert "赵六（最后一次在 东门 14:21 签到）" in message
    assert log_count(db) == before  # a refused departure writes nothing
    with db.transaction() as s:
        call = leaders.depart(s, tour.group_id, None, reason="赵六电话说自行前往", at=utc(14, 41))
    assert call.missing == (tour.people["赵六"],)
    with db.reading() as s:
        row = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.DEPART)).one()
        assert (row.reason, row.verdict, row.site_id) == ("赵六电话说自行前往", "override", None)
        assert row.group_id == tour.group_id and row.operator == "马领队"
        roster = leaders.group_roster(s, tour.group_id)
    assert roster.current == 1 and roster.call.stop.name == "第一污水处理厂"
    with pytest.raises(UserError, match="已于14:41离开集合点"), db.transaction() as s:
        leaders.depart(s, tour.group_id, None, reason="again")


def test_a_site_roll_call_names_who_is_missing_and_where_they_were_last_seen(
    db: Database,
) -> None:
    tour = build_tour(db, NAMES)
    tick_all(db, tour, None, NAMES, 14, 35)
    with db.transaction() as s:
        leaders.depart(s, tour.group_id, None, at=utc(14, 40))
    tick_all(db, tour, tour.plant, ["张晕车", "李四", "王五"], 15, 42)
    with db.transaction() as s:
        leaders.tick(
            s, tour.group_id, tour.people["赵六"], tour.plant, present=False, at=utc(15, 43)
        )
        roster = leaders.group_roster(s, tour.group_id)
    zhao = next(m for m in roster.members if m.name == "赵六")
    assert zhao.tick == "missing" and zhao.last_seen == "最后一次在 集合点 14:35 上车"
    li = next(m for m in roster.members if m.name == "李四")
    assert li.tick == "present" and li.last_seen == "最后一次在 第一污水处理厂 15:42 点名在场"
    with pytest.raises(UserError, match="第一污水处理厂应到4人，实到3人"), db.transaction() as s:
        leaders.depart(s, tour.group_id, tour.plant)
    # Found him: the latest tick wins, and the bus may go.
    tick_all(db, tour, tour.plant, ["赵六"], 15, 50)
    with db.transaction() as s:
        call = leaders.depart(s, tour.group_id, tour.plant, at=utc(15, 51))
    assert call.complete and (call.expected, call.present) == (4, 4)


def test_someone_left_behind_is_not_expected_at_the_next_site_until_they_turn_up(
    db: Database,
) -> None:
    tour = build_tour(db, NAMES)
    tick_all(db, tour, None, NAMES, 14, 35)
    with db.transaction() as s:
        leaders.depart(s, tour.group_id, None, at=utc(14, 40))
        leaders.tick(
            s, tour.group_id, tour.people["赵六"], tour.plant, present=False, at=utc(15, 29)
        )
    tick_all(db, tour, tour.plant, ["张晕车", "李四", "王五"], 15, 30)
    with db.transaction() as s:
        leaders.depart(s, tour.group_id, tour.plant, reason="赵六身体不适先回家", at=utc(15, 35))
        roster = leaders.group_roster(s, tour.group_id)
    assert roster.call.stop.name == "数字化城市管理指挥大厅"
    assert roster.call.expected == 3
    zhao = next(m for m in roster.members if m.name == "赵六")
    assert zhao.left_behind and not zhao.expected
    tick_all(db, tour, tour.hall, ["张晕车", "李四", "王五", "赵六"], 16, 20)
    with db.reading() as s:
        roster = leaders.group_roster(s, tour.group_id)
    assert (roster.call.expected, roster.call.present) == (4, 4)


def test_ticking_someone_of_another_group_or_a_site_off_the_itinerary_is_refused(
    db: Database,
) -> None:
    tour = build_tour(db, NAMES)
    with db.transaction() as s:
        act = s.get(Activity, tour.activity_id)
        assert act is not None
        other = Participant(
            event_id=act.event_id,
            activity_id=act.id,
            name="外人",
            doc_type=DocumentType.RESIDENT_ID,
            doc_hash="hash-x",
            doc_last4="0000",
            status=Status.CONFIRMED,
        )
        s.add(other)
        s.flush()
        other_id = other.id
    before = log_count(db)
    with pytest.raises(UserError, match="外人不在第1组的名单中"), db.transaction() as s:
        leaders.tick(s, tour.group_id, other_id, None, present=True)
    with pytest.raises(UserError, match="不在“城市管理开放日”的行程中"), db.transaction() as s:
        leaders.tick(s, tour.group_id, tour.people["李四"], 9999, present=True)
    assert log_count(db) == before


def test_showing_a_phone_number_is_logged(db: Database) -> None:
    tour = build_tour(db, NAMES)
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    with db.transaction() as s, pytest.raises(UserError, match="须由主管输入主管密码"):
        leaders.reveal_phone(s, tour.group_id, tour.people["李四"], supervisor=None)
    with db.transaction() as s:
        wrong = leaders.unlock(s, tour.group_id, "1111")
    assert not wrong.granted and "主管密码不正确" in wrong.message
    with db.transaction() as s:
        grant = leaders.unlock(s, tour.group_id, "2580").grant
        phone = leaders.reveal_phone(s, tour.group_id, tour.people["李四"], supervisor=grant)
    assert phone == "13900000001"
    with db.reading() as s:
        row = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.REVEAL)).one()
    assert row.participant_id == tour.people["李四"] and row.operator == "马领队"
    assert "1390000" not in row.detail + row.reason  # the number itself is not logged


def test_the_office_sees_where_each_group_is_and_how_late_it_runs(db: Database) -> None:
    tour = build_tour(db, NAMES)
    with db.reading() as s:
        (pos,) = leaders.positions(s, tour.activity_id, now=utc(14, 30))
    assert pos.place == "集合点" and not pos.moving and pos.late_minutes == 0
    with db.reading() as s:
        (pos,) = leaders.positions(s, tour.activity_id, now=utc(14, 52))
    assert pos.late_minutes == 12  # sign-in ended 14:40 and the bus has not left
    tick_all(db, tour, None, NAMES, 14, 38)
    with db.transaction() as s:
        leaders.depart(s, tour.group_id, None, at=utc(14, 40))
        (pos,) = leaders.positions(s, tour.activity_id, now=utc(14, 50))
    assert pos.place == "前往 第一污水处理厂" and pos.moving and pos.since == utc(14, 40)
    with db.transaction() as s:
        table = leaders.group_roster(s, tour.group_id).stops
        plant_end = table[1].end
        leaders.tick(
            s, tour.group_id, tour.people["赵六"], tour.plant, present=False, at=utc(15, 2)
        )
        (pos,) = leaders.positions(s, tour.activity_id, now=utc(15, 50))
    assert plant_end == dt.time(15, 35)  # 14:40 + 15 minutes' drive + 40 minutes' visit
    assert pos.place == "第一污水处理厂" and pos.since == utc(15, 2)
    assert pos.late_minutes == 15
    assert [(a.name, a.last_seen) for a in pos.missing] == [
        ("赵六", "最后一次在 集合点 14:38 上车")
    ]


def test_replan_after_sign_in_never_moves_anyone_who_boarded(db: Database) -> None:
    names = [f"人{i}" for i in range(12)]
    tour = build_tour(db, names, checked_in=names[:8])
    with db.reading() as s:
        before = {a.participant_id: a.seat for a in s.scalars(select(SeatAssignment))}
    # The two at the back boarded; nobody told the office, the log knows.
    back = sorted(before, key=lambda pid: (int(before[pid][:-1]), before[pid][-1]))[-2:]
    with db.transaction() as s:
        for pid in back:
            leaders.tick(s, tour.group_id, pid, None, present=True)
        act = s.get(Activity, tour.activity_id)
        assert act is not None
        plan = leaders.replan_after_signin(s, act)
    with db.reading() as s:
        after = {a.participant_id: a.seat for a in s.scalars(select(SeatAssignment))}
    for pid in back:
        assert after[pid] == before[pid]
    assert set(after) == {tour.people[n] for n in names[:8]} | set(back)
    assert len(plan.plan.seats) == len(after)


@pytest.mark.postgres
def test_plan_and_roll_call_on_postgresql(pg_url: str) -> None:
    db = Database.open(pg_url)
    try:
        tour = build_tour(db, NAMES)
        tick_all(db, tour, None, NAMES, 14, 35)
        with db.transaction() as s:
            leaders.depart(s, tour.group_id, None, at=utc(14, 40))
        tick_all(db, tour, tour.plant, NAMES[:3], 15, 30)
        missing = "未到：赵六（最后一次在 集合点 14:35 上车）"
        with pytest.raises(UserError, match=missing), db.transaction() as s:
            leaders.depart(s, tour.group_id, tour.plant)
        with db.reading() as s:
            (pos,) = leaders.positions(s, tour.activity_id, now=utc(15, 40))
            roster = leaders.group_roster(s, tour.group_id)
        assert pos.place == "第一污水处理厂" and pos.late_minutes == 5
        assert (roster.call.expected, roster.call.present) == (4, 3)
    finally:
        db.close()
