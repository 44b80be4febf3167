"""Seating an activity's confirmed people on vehicles and in groups, manual moves, and re-plans."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from itertools import count

import pytest
from sqlalchemy import func, select

from checkin_app import events, logistics
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    DocumentType,
    Group,
    Participant,
    SeatAssignment,
    Status,
    Vehicle,
)

_ids = count(1)


def _person(activity: Activity, name: str, **fields: object) -> Participant:
    n = next(_ids)
    values: dict[str, object] = {
        "event_id": activity.event_id,
        "activity_id": activity.id,
        "name": name,
        "doc_type": DocumentType.RESIDENT_ID,
        "doc_hash": f"hash{n}",
        "doc_last4": f"{n:04d}"[-4:],
        "phone": f"139{n:08d}",
        "status": Status.CONFIRMED,
    }
    values.update(fields)
    return Participant(**values)


def _activity(db: Database) -> int:
    with db.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        act = events.add_activity(
            s,
            event,
            "城市管理开放日",
            dt.date(2025, 9, 24),
            300,
            signin_start=dt.time(14, 20),
            signin_end=dt.time(14, 40),
            discussion_start=dt.time(17, 0),
        )
        return act.id


def _small_bus(
    s: object, act: Activity, label: str, rows: int = 5, reserved: str = "1A,1B"
) -> Vehicle:
    assert hasattr(s, "add")
    return logistics.add_vehicle(
        s,  # type: ignore[arg-type]
        act,
        label,
        rows=rows,
        seats_per_row=4,
        aisle_after=2,
        back_row_seats=0,
        reserved=reserved,
    )


def _seats(db: Database, activity_id: int) -> dict[int, tuple[int, str, bool]]:
    with db.reading() as s:
        return {
            a.participant_id: (a.vehicle_id, a.seat, a.locked)
            for a in s.scalars(
                select(SeatAssignment).where(SeatAssignment.activity_id == activity_id)
            )
        }


def _row(seat: str) -> int:
    return int(seat[:-1])


@pytest.fixture
def act_id(db: Database) -> int:
    return _activity(db)


def test_companions_sit_together_front_seats_for_needs_and_reserved_seats_stay_free(
    db: Database, act_id: int
) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        _small_bus(s, act, "2号车")
        people = [_person(act, f"市民{i}") for i in range(20)]
        people += [_person(act, f"夫妻{i}", companion_key="couple") for i in range(2)]
        people += [_person(act, f"一家{i}", companion_key="family") for i in range(3)]
        people.append(_person(act, "王老伯", needs="行动不便，需坐前排"))
        people.append(_person(act, "李晕", needs="晕车"))
        people.append(_person(act, "候补者", status=Status.WAITLISTED))
        s.add_all(people)
        s.flush()
        plan = logistics.assign(s, act)
        pids = {p.name: p.id for p in people}

    by_name = {seat.name: seat for seat in plan.seats}
    assert "候补者" not in by_name  # only confirmed people get seats
    assert len(plan.seats) == 27
    assert all(seat.seat not in {"1A", "1B"} for seat in plan.seats)
    couple = [by_name["夫妻0"], by_name["夫妻1"]]
    assert couple[0].vehicle == couple[1].vehicle
    assert _row(couple[0].seat) == _row(couple[1].seat)
    family = [by_name[f"一家{i}"] for i in range(3)]
    assert len({f.vehicle for f in family}) == 1
    assert _row(by_name["王老伯"].seat) == 1 and _row(by_name["李晕"].seat) == 1
    met = {c.name: (c.met, c.total) for c in plan.constraints}
    assert met["同行人同车相邻"] == (2, 2)
    assert met["需照顾者坐前排"] == (2, 2)
    assert met["已确认者有座位"] == (27, 27)
    # Every seated person has a group, and by default a group is its vehicle.
    assert all(seat.group for seat in plan.seats)
    assert {g.vehicle for g in plan.groups} == {"1号车", "2号车"}
    assert pids["王老伯"] in _seats(db, act_id)


def test_the_same_input_gives_the_same_plan(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        _small_bus(s, act, "2号车")
        s.add_all(
            _person(act, f"人{i}", category=["市民代表", "学生", "企业代表"][i % 3])
            for i in range(30)
        )
        s.flush()
        first = logistics.assign(s, act)
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        again = logistics.assign(s, act)
    assert [(x.participant_id, x.vehicle, x.seat, x.group) for x in first.seats] == [
        (x.participant_id, x.vehicle, x.seat, x.group) for x in again.seats
    ]


def test_categories_are_spread_across_vehicles(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        _small_bus(s, act, "2号车")
        # Registered category by category: a naive fill would put all students on one bus.
        s.add_all(_person(act, f"市民{i}", category="市民代表") for i in range(12))
        s.add_all(_person(act, f"学生{i}", category="学生") for i in range(12))
        s.flush()
        plan = logistics.assign(s, act)
    counts = Counter((seat.vehicle, seat.category) for seat in plan.seats)
    assert counts[("1号车", "学生")] == counts[("2号车", "学生")] == 6
    assert counts[("1号车", "市民代表")] == counts[("2号车", "市民代表")] == 6


def test_same_work_unit_together_when_asked(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        _small_bus(s, act, "2号车")
        s.add_all(
            _person(act, f"人{i}", work_unit=["固原市第一中学", "宁夏日报社"][i % 2])
            for i in range(24)
        )
        s.flush()
        plan = logistics.assign(s, act, keep_work_units=True)
    units: dict[str, set[str]] = {}
    with db.reading() as s:
        work = {i: w for i, w in s.execute(select(Participant.id, Participant.work_unit))}
    for seat in plan.seats:
        units.setdefault(work[seat.participant_id], set()).add(seat.vehicle)
    assert all(len(v) == 1 for v in units.values())
    assert {c.name: (c.met, c.total) for c in plan.constraints}["同单位同车"] == (2, 2)


def test_a_manual_move_locks_the_seat_for_the_next_automatic_run(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        bus2 = _small_bus(s, act, "2号车")
        people = [_person(act, f"人{i}") for i in range(10)]
        s.add_all(people)
        s.flush()
        logistics.assign(s, act)
        moved = logistics.move(s, people[0].id, bus2.id, "5d")
        bus2_id, pid = bus2.id, people[0].id
    assert (moved.vehicle, moved.seat, moved.locked) == ("2号车", "5D", True)
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        plan = logistics.assign(s, act)
    assert _seats(db, act_id)[pid] == (bus2_id, "5D", True)
    assert next(x for x in plan.seats if x.participant_id == pid).group


def test_a_move_onto_a_staff_seat_or_a_taken_seat_is_refused(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        bus = _small_bus(s, act, "1号车")
        people = [_person(act, "张三"), _person(act, "李四")]
        s.add_all(people)
        s.flush()
        logistics.assign(s, act)
        ids = (bus.id, people[0].id, people[1].id)
    before = _seats(db, act_id)
    taken = before[ids[2]][1]
    with pytest.raises(UserError, match="1A留给工作人员"), db.transaction() as s:
        logistics.move(s, ids[1], ids[0], "1A")
    with pytest.raises(UserError, match=f"{taken}已有李四"), db.transaction() as s:
        logistics.move(s, ids[1], ids[0], taken)
    with pytest.raises(UserError, match="没有座位9Z"), db.transaction() as s:
        logistics.move(s, ids[1], ids[0], "9Z")
    assert _seats(db, act_id) == before


def test_more_confirmed_people_than_seats_says_how_many_are_missing(
    db: Database, act_id: int
) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")  # 5 rows of 4, minus 2 staff seats: 18
        s.add_all(_person(act, f"人{i}") for i in range(15))
        s.flush()
        logistics.assign(s, act)
    before = _seats(db, act_id)
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        s.add_all(_person(act, f"新人{i}") for i in range(7))
    with pytest.raises(UserError) as err, db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        logistics.assign(s, act)
    assert "座位不足" in str(err.value)
    assert "已确认22人" in str(err.value) and "还缺4个座位" in str(err.value)
    assert _seats(db, act_id) == before


def test_a_group_leader_seated_as_a_participant_is_refused(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        bus = _small_bus(s, act, "1号车")
        leader = _person(act, "马领队", phone="13900000001")
        s.add_all([leader, *(_person(act, f"人{i}") for i in range(5))])
        s.flush()
        logistics.add_group(
            s, act, "第一组", vehicle=bus, leader="马领队", leader_phone="13900000001"
        )
    with db.reading() as s:
        groups_before = s.scalar(select(func.count()).select_from(Group))
    with pytest.raises(UserError) as err, db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        logistics.assign(s, act)
    assert "分组“第一组”的领队“马领队”同时是已确认的参加人" in str(err.value)
    assert _seats(db, act_id) == {}
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Group)) == groups_before


def test_companions_too_many_for_one_vehicle_sit_as_close_as_possible(
    db: Database, act_id: int
) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车", rows=2, reserved="")  # 8 seats each
        _small_bus(s, act, "2号车", rows=2, reserved="")
        s.add_all(_person(act, f"同行{i}", companion_key="club") for i in range(10))
        s.add_all(_person(act, f"散客{i}") for i in range(4))
        s.flush()
        plan = logistics.assign(s, act)
    assert len(plan.seats) == 14
    assert any("无法安排在同一辆车" in w and "同行0" in w for w in plan.warnings)
    club = Counter(x.vehicle for x in plan.seats if x.name.startswith("同行"))
    assert sorted(club.values()) == [2, 8]  # as many together as one vehicle takes
    assert {c.name: (c.met, c.total) for c in plan.constraints}["同行人同车相邻"] == (0, 1)


def test_replan_after_no_shows_fills_from_the_front_and_releases_a_vehicle(
    db: Database, act_id: int
) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        _small_bus(s, act, "2号车")
        people = [_person(act, f"人{i}") for i in range(30)]
        s.add_all(people)
        s.flush()
        logistics.assign(s, act)
    seats = _seats(db, act_id)
    with db.reading() as s:
        labels = {i: x for i, x in s.execute(select(Vehicle.id, Vehicle.label))}
    on_bus1 = sorted(pid for pid, (v, _, _) in seats.items() if labels[v] == "1号车")
    on_bus2 = sorted(pid for pid, (v, _, _) in seats.items() if labels[v] == "2号车")
    boarded = set(on_bus1[-3:])  # three people at the back of bus 1 already sat down
    arrived = set(on_bus1[:6]) | set(on_bus2[:6])  # 15 of 30 came
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        plan = logistics.replan_after_no_shows(s, act, arrived, boarded)
    after = _seats(db, act_id)
    assert set(after) == arrived | boarded
    for pid in boarded:
        assert after[pid] == seats[pid]  # nobody who boarded was moved
    assert plan.released == ("2号车",)
    assert any("可以放走2号车" in w and "未到15人" in w for w in plan.warnings)
    assert {x.vehicle for x in plan.seats} == {"1号车"}
    # Gaps close from the front: the movers take the first free seats of bus 1.
    with db.reading() as s:
        bus1 = s.scalars(select(Vehicle).where(Vehicle.label == "1号车")).one()
        order = [p.label for p in logistics.usable_seats(bus1)]
    boarded_seats = {after[pid][1] for pid in boarded}
    free_front = [x for x in order if x not in boarded_seats][:12]
    movers = {after[pid][1] for pid in arrived - boarded}
    assert movers == set(free_front)


def test_checkin_plan_json_makes_a_default_fleet_when_there_are_no_vehicles(
    db: Database, db_path: object, act_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        s.add_all(_person(act, f"人{i}", companion_key="k" if i < 2 else "") for i in range(50))
        plant = events.add_site(
            s, act.event, "第一污水处理厂", planned_minutes=40, capacity_at_once=30
        )
        hall = events.add_site(s, act.event, "数字化城市管理指挥大厅", planned_minutes=30)
        events.set_itinerary(s, act, [(plant, 15), (hall, 10)])
    code = main(
        ["plan", "--db", str(db_path), "--event", "1", "--activity", "城市管理开放日", "--json"]
    )
    out = capsys.readouterr().out
    assert code == 0
    (line,) = out.strip().splitlines()  # exactly one JSON object
    result = json.loads(line)
    assert set(result) == {"seats", "timetable", "warnings"}
    assert len(result["seats"]) == 50
    assert set(result["seats"][0]) == {"participant", "name", "vehicle", "seat", "group"}
    assert "新建2辆45座大巴" in result["warnings"][0]
    assert {v["site"] for v in result["timetable"]} == {"第一污水处理厂", "数字化城市管理指挥大厅"}
    first = result["timetable"][0]
    assert first["start"] >= "14:55" and len(first["end"]) == 5
    # A group never exceeds what the plant takes at once.
    sizes = Counter(x["group"] for x in result["seats"])
    assert max(sizes.values()) <= 30
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Vehicle)) == 2


def test_replan_with_people_of_another_activity_is_refused(db: Database, act_id: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        _small_bus(s, act, "1号车")
        s.add_all(_person(act, f"人{i}") for i in range(5))
        s.flush()
        logistics.assign(s, act)
    before = _seats(db, act_id)
    refused = "编号9999不是“城市管理开放日”的已确认参加人"
    with pytest.raises(UserError, match=refused), db.transaction() as s:
        act = s.get(Activity, act_id)
        assert act is not None
        logistics.replan_after_no_shows(s, act, {9999}, set())
    assert _seats(db, act_id) == before
