"""Editing events, activities, sites and itineraries: each refusal says why and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from checkin_app import events
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import DocumentType, Participant, Status


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        event = events.create_event(
            s, "固原市城市管理局2025年“政府开放日”", organiser="固原市城市管理局"
        )
        events.create_event(s, "另一个开放日")
        act = events.add_activity(
            s,
            event,
            "城市管理开放日",
            dt.date(2025, 9, 24),
            40,
            signin_start=dt.time(14, 20),
            signin_end=dt.time(14, 40),
        )
        events.add_activity(s, event, "第二场", dt.date(2025, 9, 25), 20)
        square = events.add_site(s, event, "广场景观", planned_minutes=40)
        plant = events.add_site(s, event, "污水处理厂", planned_minutes=40)
        hall = events.add_site(s, event, "数字城管指挥大厅", planned_minutes=30)
        s.add(
            Participant(
                event_id=event.id,
                activity_id=act.id,
                name="张三",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash="h1",
                doc_last4="123X",
                status=Status.CONFIRMED,
            )
        )
        return {
            "event": event.id,
            "activity": act.id,
            "square": square.id,
            "plant": plant.id,
            "hall": hall.id,
        }


def test_update_event_fields(db: Database, ids: dict[str, int]) -> None:
    with db.transaction() as s:
        events.update_event(s, ids["event"], name=" 新名称 ", min_age=16, invited_first=False)
    with db.reading() as s:
        details = events.event_details(s, ids["event"])
    assert (details.name, details.min_age, details.invited_first) == ("新名称", 16, False)
    assert details.organiser == "固原市城市管理局"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "活动名称不能为空"),
        ({"name": "另一个开放日"}, "已有同名活动“另一个开放日”"),
        ({"min_age": 130}, "最低年龄应在0到120岁之间"),
    ],
)
def test_update_event_refusals(
    db: Database, ids: dict[str, int], change: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message), db.transaction() as s:
        events.update_event(s, ids["event"], **change)  # type: ignore[arg-type]
    with db.reading() as s:
        details = events.event_details(s, ids["event"])
    assert details.name == "固原市城市管理局2025年“政府开放日”"
    assert details.min_age == 18


def test_update_activity_fields(db: Database, ids: dict[str, int]) -> None:
    with db.transaction() as s:
        events.update_activity(
            s,
            ids["activity"],
            assembly_point="市城市管理局办公楼前",
            discussion_start=dt.time(17, 0),
            end_time=dt.time(18, 0),
            capacity=30,
            host_unit="办公室",
            responsible_person="王主任",
            contact_phone="0954-1234567",
        )
    with db.reading() as s:
        (act, _) = events.list_activities(s, ids["event"])
    assert act.assembly_point == "市城市管理局办公楼前"
    assert (act.discussion_start, act.end_time, act.capacity) == (dt.time(17), dt.time(18), 30)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "活动项目名称不能为空"),
        ({"name": "第二场"}, "已有名为“第二场”的活动项目"),
        ({"capacity": 0}, "名额必须大于0"),
        ({"signin_end": dt.time(14, 0)}, r"签到结束（14:00）早于签到开始（14:20）"),
        ({"end_time": dt.time(12, 0)}, r"结束时间（12:00）早于签到结束（14:40）"),
    ],
)
def test_update_activity_refusals(
    db: Database, ids: dict[str, int], change: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message), db.transaction() as s:
        events.update_activity(s, ids["activity"], **change)
    with db.reading() as s:
        (act, _) = events.list_activities(s, ids["event"])
    assert (act.name, act.capacity, act.signin_end) == ("城市管理开放日", 40, dt.time(14, 40))


def test_capacity_cannot_drop_below_confirmed(db: Database, ids: dict[str, int]) -> None:
    with db.transaction() as s:
        for n in range(2):
            s.add(
                Participant(
                    event_id=ids["event"],
                    activity_id=ids["activity"],
                    name=f"李{n}",
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"x{n}",
                    doc_last4="0000",
                    status=Status.CONFIRMED,
                )
            )
    with pytest.raises(UserError, match="已确认3人，名额不能少于3"), db.transaction() as s:
        events.update_activity(s, ids["activity"], capacity=2)


def test_activity_with_registrations_cannot_be_removed(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(UserError, match="已有1人报名，不能删除"), db.transaction() as s:
        events.remove_activity(s, ids["activity"])
    with db.transaction() as s:
        second = events.list_activities(s, ids["event"])[1].id
        events.remove_activity(s, second)
    with db.reading() as s:
        assert [a.name for a in events.list_activities(s, ids["event"])] == ["城市管理开放日"]


def test_update_site_and_refusals(db: Database, ids: dict[str, int]) -> None:
    with db.transaction() as s:
        events.update_site(
            s, ids["plant"], capacity_at_once=15, safety_notes="沿标线行走", address="清水河畔"
        )
    for change, message in [
        ({"name": "广场景观"}, "已有名为“广场景观”的观摩点"),
        ({"planned_minutes": 0}, "计划时长必须大于0分钟"),
        ({"capacity_at_once": 0}, "同时容纳人数必须大于0"),
    ]:
        with pytest.raises(UserError, match=message), db.transaction() as s:
            events.update_site(s, ids["plant"], **change)
    with db.reading() as s:
        plant = next(x for x in events.list_sites(s, ids["event"]) if x.id == ids["plant"])
    assert (plant.name, plant.planned_minutes, plant.capacity_at_once) == ("污水处理厂", 40, 15)
    assert plant.safety_notes == "沿标线行走"


def test_itinerary_in_order_and_site_in_use(db: Database, ids: dict[str, int]) -> None:
    with db.transaction() as s:
        events.set_itinerary_ids(
            s, ids["activity"], [(ids["plant"], 20), (ids["square"], 15), (ids["hall"], None)]
        )
    with db.transaction() as s:
        # Move the square up, as the editor's "上移" does: the whole order is rewritten.
        stops = events.set_itinerary_ids(
            s, ids["activity"], [(ids["square"], 15), (ids["plant"], 20), (ids["hall"], None)]
        )
    assert [(x.site_name, x.position, x.travel_minutes) for x in stops] == [
        ("广场景观", 1, 15),
        ("污水处理厂", 2, 20),
        ("数字城管指挥大厅", 3, None),
    ]
    with pytest.raises(UserError, match="在“城市管理开放日”的行程中"), db.transaction() as s:
        events.remove_site(s, ids["hall"])
    with pytest.raises(UserError, match="同一观摩点出现了两次"), db.transaction() as s:
        events.set_itinerary_ids(s, ids["activity"], [(ids["hall"], 1), (ids["hall"], 2)])
    with db.reading() as s:
        assert len(events.itinerary(s, ids["activity"])) == 3
        assert len(events.list_sites(s, ids["event"])) == 3
