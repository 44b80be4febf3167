"""The site rotation timetable: rotated orders within capacities, and clear refusals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from checkin_app import events, logistics, rotation
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import Activity, DocumentType, Participant, SeatAssignment, Status
from checkin_app.rotation import Party, Stop

T = dt.time


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _parties(n: int, size: int) -> list[Party]:
    return [Party(f"{i}号车", ((f"第{i}组", size),)) for i in range(1, n + 1)]


def _never_over_capacity(
    table: rotation.Timetable, stops: list[Stop], sizes: dict[str, int]
) -> None:
    """Every group's people go through every site, and no site ever holds more than it takes."""
    caps = {s.name: s.capacity for s in stops}
    inside: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for v in table.visits:
        seen[(v.group, v.site)] += v.people
        for minute in range(_minutes(v.start), _minutes(v.end)):
            inside[v.site][minute] += v.people
    assert seen == {(g, s.name): n for g, n in sizes.items() for s in stops}
    for site, load in inside.items():
        cap = caps[site]
        assert cap is None or max(load.values()) <= cap, site


def test_everyone_follows_the_itinerary_together_when_the_sites_take_them_all() -> None:
    stops = [Stop("广场", 40, None, 10), Stop("停车场", 30, None, 15)]
    table = rotation.timetable(stops, _parties(2, 20), T(14, 40), T(17, 0))
    assert not table.rotated
    assert table.idle_minutes == 0
    rows = [(v.group, v.site, v.start, v.end) for v in table.visits]
    assert rows == [
        ("第1组", "广场", T(14, 50), T(15, 30)),
        ("第1组", "停车场", T(15, 45), T(16, 15)),
        ("第2组", "广场", T(14, 50), T(15, 30)),
        ("第2组", "停车场", T(15, 45), T(16, 15)),
    ]
    assert table.finish == T(16, 15)


def test_groups_rotate_when_sites_take_fewer_people_at_once() -> None:
    stops = [
        Stop("广场", 30, 20, 10),
        Stop("污水处理厂", 30, 20, 10),
        Stop("停车场", 30, 20, 10),
    ]
    parties = _parties(3, 20)
    table = rotation.timetable(stops, parties, T(14, 0), T(17, 0))
    assert table.rotated
    starts = {order[0] for _, order in table.orders}
    assert len(starts) == 3  # each bus starts at a different site
    assert table.idle_minutes == 0
    _never_over_capacity(table, stops, {f"第{i}组": 20 for i in range(1, 4)})
    for v in table.visits:
        assert T(14, 0) <= v.start and v.end <= T(17, 0)
    per_group = defaultdict(set)
    for v in table.visits:
        per_group[v.group].add(v.site)
    assert all(sites == {"广场", "污水处理厂", "停车场"} for sites in per_group.values())
    # The rotated orders use legs the itinerary does not give: the user is told they are guesses.
    assert any("没有直达车程" in w for w in table.warnings)


def test_a_bus_bigger_than_a_site_goes_in_batches() -> None:
    stops = [Stop("广场", 40, None, 10), Stop("污水处理厂", 40, 20, 15)]
    party = Party("1号车", (("第1组", 20), ("第2组", 20)))
    table = rotation.timetable(stops, [party], T(14, 40), T(17, 30))
    plant = sorted((v.start, v.group) for v in table.visits if v.site == "污水处理厂")
    assert [start for start, _ in plant] == [T(15, 45), T(16, 25)]
    assert table.idle_minutes == 80  # each batch waits 40 minutes for the other
    _never_over_capacity(table, stops, {"第1组": 20, "第2组": 20})


def test_the_afternoon_too_short_names_both_figures() -> None:
    # The 固原 day: four sites of 40, 40, 30 and 30 minutes, 50 minutes by bus, 14:40 to 17:00.
    stops = [
        Stop("广场", 40, None, 10),
        Stop("污水处理厂", 40, None, 15),
        Stop("停车场", 30, None, 15),
        Stop("指挥大厅", 30, None, 10),
    ]
    with pytest.raises(UserError) as err:
        rotation.timetable(stops, _parties(1, 40), T(14, 40), T(17, 0))
    message = str(err.value)
    assert "观摩点共需190分钟" in message
    assert "14:40到17:00只有140分钟" in message


def test_a_site_that_cannot_serve_everyone_in_time_is_named() -> None:
    stops = [Stop("广场", 20, None, 10), Stop("污水处理厂", 40, 20, 10)]
    with pytest.raises(UserError) as err:
        rotation.timetable(stops, _parties(6, 20), T(14, 0), T(17, 0))
    message = str(err.value)
    assert "“污水处理厂”一次只能进20人" in message
    assert "120人需分6批×40分钟=240分钟" in message and "只有180分钟" in message


def test_zero_capacity_site_is_refused() -> None:
    stops = [Stop("广场", 40, None, 10), Stop("污水处理厂", 40, 0, 15)]
    with pytest.raises(UserError, match="“污水处理厂”的同时容纳人数为0"):
        rotation.timetable(stops, _parties(1, 20), T(14, 40), T(17, 0))


def test_missing_travel_between_consecutive_sites_is_refused() -> None:
    stops = [Stop("广场", 40, None, 10), Stop("污水处理厂", 40, None, None)]
    with pytest.raises(UserError, match="“广场”到“污水处理厂”的车程未填写"):
        rotation.timetable(stops, _parties(1, 20), T(14, 40), T(17, 0))


def test_a_group_bigger_than_a_site_goes_in_as_sub_groups_in_turn() -> None:
    stops = [Stop("广场", 30, None, 10), Stop("控制室", 30, 15, 10)]
    party = Party("1号车", (("第1组", 23), ("第2组", 5)))
    table = rotation.timetable(stops, [party], T(14, 40), T(17, 0))
    room = [(v.who, v.start, v.end) for v in table.visits if v.site == "控制室"]
    # The front 15 of 第1组 fill the room; then its back 8 go in with 第2组's 5.
    assert [(v.part, v.parts, v.people) for v in table.visits if v.group == "第1组"] == [
        (1, 1, 23),
        (1, 2, 15),
        (2, 2, 8),
    ]
    assert room == [
        ("第1组第1批（15人）", T(15, 30), T(16, 0)),
        ("第1组第2批（8人）", T(16, 0), T(16, 30)),
        ("第2组", T(16, 0), T(16, 30)),
    ]
    _never_over_capacity(table, stops, {"第1组": 23, "第2组": 5})
    (note,) = [w for w in table.warnings if "控制室" in w]
    assert "第1组23人分2批（15人、8人），按座位顺序先后进入" in note
    assert "分组人数上限设为不超过15人" in note


def _stored_activity(db: Database, capacity: int, travel: int | None) -> int:
    with db.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        act = events.add_activity(
            s,
            event,
            "城市管理开放日",
            dt.date(2025, 9, 24),
            40,
            signin_end=T(14, 40),
            discussion_start=T(17, 0),
        )
        square = events.add_site(s, event, "广场", planned_minutes=30)
        plant = events.add_site(s, event, "污水处理厂", planned_minutes=30, capacity_at_once=20)
        events.set_itinerary(s, act, [(square, 10), (plant, 15)])
        logistics.add_vehicle(s, act, "1号车")
        s.add_all(
            Participant(
                event_id=event.id,
                activity_id=act.id,
                name=f"人{i}",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=f"h{i}",
                doc_last4=f"{i:04d}",
                status=Status.CONFIRMED,
            )
            for i in range(30)
        )
        s.flush()
        logistics.assign(s, act)
        plant.capacity_at_once = capacity
        act.stops[1].travel_minutes = travel
        return act.id


def _seat_rows(db: Database) -> list[tuple[int, int, str, int | None]]:
    with db.reading() as s:
        return [
            (a.participant_id, a.vehicle_id, a.seat, a.group_id)
            for a in s.scalars(select(SeatAssignment).order_by(SeatAssignment.participant_id))
        ]


def test_timetable_for_a_stored_activity_uses_its_groups(db: Database) -> None:
    act_id = _stored_activity(db, 20, 15)
    with db.reading() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        table = rotation.timetable_for(s, act)
    groups = {v.group for v in table.visits}
    assert groups == {"第1组", "第2组"}  # 30 people split for the plant's 20 at once
    assert table.visits[0].start == T(14, 50)


@pytest.mark.parametrize(
    ("capacity", "travel", "expected"),
    [(0, 15, "同时容纳人数为0"), (20, None, "“广场”到“污水处理厂”的车程未填写")],
)
def test_refusals_on_a_stored_activity_change_nothing(
    db: Database, capacity: int, travel: int | None, expected: str
) -> None:
    act_id = _stored_activity(db, capacity, travel)
    before = _seat_rows(db)
    with pytest.raises(UserError, match=expected), db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        rotation.timetable_for(s, act)
    assert _seat_rows(db) == before
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(SeatAssignment)) == 30
