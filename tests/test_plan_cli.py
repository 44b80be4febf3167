"""`checkin vehicle|group edit|remove` and plans at 300 people: a site that takes 20 at once is
respected at every minute, by splitting a visit when a group is bigger than the site."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from checkin_app import leaders
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import Group, SeatAssignment, Vehicle
from tests.test_editing_cli import Cli, _confirm

EVENT = "固原市城市管理局2025年政府开放日"
ACTIVITY = "城市管理开放日"
# The 固原 day's sites, with the sewage plant's control room taking 20 at once.
SITES = (
    ("广场", 40, None, 10),
    ("第一污水处理厂", 15, 20, 15),
    ("停车场", 30, None, 15),
    ("数字化城市管理指挥大厅", 30, 100, 10),
)


@pytest.fixture
def cli(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


def _day(cli: Cli, people: int, db: Database) -> None:
    """An open day set up as a script would: a whole day for 300 (sign-in 08:30, talk at 15:00)."""
    assert cli("event", "add", EVENT, "--organizer", "固原市城市管理局")[0] == 0
    code, _, _ = cli(
        "activity", "add", "--event", EVENT, "--name", ACTIVITY, "--date", "2025-09-24",
        "--capacity", str(people), "--sign-in", "08:30-09:00", "--discussion", "15:00-16:00",
    )  # fmt: skip
    assert code == 0
    stops = []
    for name, minutes, at_once, travel in SITES:
        extra = ["--capacity", str(at_once)] if at_once else []
        assert (
            cli("site", "add", "--event", EVENT, "--name", name, "--minutes", str(minutes), *extra)[
                0
            ]
            == 0
        )
        stops.append(f"{name}:{travel}")
    assert cli("itinerary", "set", "--activity", ACTIVITY, *stops)[0] == 0
    _confirm(db, 1, people)


def _coaches(cli: Cli, n: int) -> None:
    for i in range(1, n + 1):
        # 53-seat coaches: 12 rows of 2 + 2 and a back row of 5, two seats kept for staff.
        code, bus, _ = cli(
            "vehicle", "add", "--activity", ACTIVITY, "--label", f"{i}号车", "--rows", "12"
        )
        assert code == 0 and bus["seats"] == 51


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _respects_every_site(plan: dict[str, Any]) -> None:
    """No site ever holds more than it takes, and every person goes through every site."""
    caps = {name: at_once for name, at_once in ((s[0], s[2]) for s in SITES)}
    inside: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for v in plan["timetable"]:
        seen[(v["group"], v["site"])] += v["people"]
        for minute in range(_minutes(v["start"]), _minutes(v["end"])):
            inside[v["site"]][minute] += v["people"]
        assert v["start"] >= "09:00" and v["end"] <= "15:00"
    sizes: dict[str, int] = defaultdict(int)
    for seat in plan["seats"]:
        sizes[seat["group"]] += 1
    assert seen == {(g, name): n for g, n in sizes.items() for name, *_ in SITES}
    for site, load in inside.items():
        cap = caps[site]
        assert cap is None or max(load.values()) <= cap, site


def test_300_people_6_coaches_and_a_20_person_site(cli: Cli, db: Database) -> None:
    _day(cli, 300, db)
    _coaches(cli, 6)
    code, plan, _ = cli("plan", "--event", EVENT, "--activity", ACTIVITY)
    assert code == 0
    assert len(plan["seats"]) == 300
    assert len({s["vehicle"] for s in plan["seats"]}) == 6
    _respects_every_site(plan)
    assert not [w for w in plan["warnings"] if "无法排出" in w]


def test_groups_bigger_than_the_site_go_in_as_sub_groups_and_the_plan_says_so(
    cli: Cli, db: Database
) -> None:
    _day(cli, 300, db)
    _coaches(cli, 6)
    # One group per coach, as an office that names its groups after the buses does: 50 each.
    for i in range(1, 7):
        code, group, _ = cli(
            "group", "add", "--activity", ACTIVITY, "--name", f"{i}车组", "--vehicle", f"{i}号车"
        )
        assert code == 0 and group["size_limit"] is None
    code, plan, _ = cli("plan", "--event", EVENT, "--activity", ACTIVITY)
    assert code == 0
    _respects_every_site(plan)
    first = [
        (v["part"], v["parts"], v["people"])
        for v in plan["timetable"]
        if v["group"] == "1车组" and v["site"] == "第一污水处理厂"
    ]
    assert first == [(1, 3, 20), (2, 3, 20), (3, 3, 10)]
    (note,) = [w for w in plan["warnings"] if w.startswith("“第一污水处理厂”一次只能进20人")]
    groups = "、".join(f"{i}车组" for i in range(1, 7))
    assert f"：{groups}各50人分3批（20人、20人、10人），按座位顺序先后进入" in note
    assert "分组人数上限设为不超过20人" in note
    # The group's leader is told the group is at the plant from its first sub-group's start to
    # its last one's end.
    plant = [
        v for v in plan["timetable"] if v["group"] == "1车组" and v["site"] == "第一污水处理厂"
    ]
    with db.reading() as s:
        group = s.scalars(select(Group).where(Group.name == "1车组")).one()
        roster = leaders.group_roster(s, group.id)
    (stop,) = [x for x in roster.stops if x.name == "第一污水处理厂"]
    assert stop.start is not None and stop.end is not None
    assert (stop.start.strftime("%H:%M"), stop.end.strftime("%H:%M")) == (
        plant[0]["start"],
        max(v["end"] for v in plant),
    )
    # What the note proposes, done: with --max 20 the groups fit and nobody is split.
    for i in range(1, 7):
        code, group, _ = cli(
            "group", "edit", "--activity", ACTIVITY, "--group", f"{i}车组", "--max", "20"
        )
        assert code == 0 and group["size_limit"] == 20 and group["size"] == 50
        cli(
            "group",
            "add",
            "--activity",
            ACTIVITY,
            "--name",
            f"{i}车二组",
            "--vehicle",
            f"{i}号车",
            "--max",
            "20",
        )
        cli("group", "add", "--activity", ACTIVITY, "--name", f"{i}车三组", "--vehicle", f"{i}号车")
    code, plan, _ = cli("plan", "--event", EVENT, "--activity", ACTIVITY)
    assert code == 0
    _respects_every_site(plan)
    assert {v["parts"] for v in plan["timetable"]} == {1}
    assert not [w for w in plan["warnings"] if "分批" in w]


# --- Vehicles. ---


@pytest.fixture
def seated(cli: Cli, db: Database) -> None:
    """30 people planned onto two small buses of 21 seats: 15 on each."""
    _day(cli, 30, db)
    for label in ("1号车", "2号车"):
        cli(
            "vehicle",
            "add",
            "--activity",
            ACTIVITY,
            "--label",
            label,
            "--rows",
            "5",
            "--back-row",
            "3",
        )
    assert cli("plan", "--event", EVENT, "--activity", ACTIVITY)[0] == 0


def _fleet(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as s:
        vehicles = [
            (v.id, v.label, v.plate, v.rows, v.back_row_seats, v.reserved)
            for v in s.scalars(select(Vehicle).order_by(Vehicle.id))
        ]
        seats = [
            (a.participant_id, a.vehicle_id, a.seat, a.group_id)
            for a in s.scalars(select(SeatAssignment).order_by(SeatAssignment.participant_id))
        ]
        groups = [(g.id, g.name, g.vehicle_id, g.size_limit) for g in s.scalars(select(Group))]
    return [tuple(vehicles), tuple(seats), tuple(groups)]


def test_vehicle_add_and_edit_print_the_vehicle(cli: Cli, seated: None) -> None:
    code, bus, _ = cli(
        "vehicle", "edit", "--activity", ACTIVITY, "--vehicle", "2号车", "--plate", "宁D·12345",
        "--rows", "6", "--driver", "马师傅",
    )  # fmt: skip
    assert code == 0
    assert (bus["id"], bus["label"], bus["plate"], bus["rows"], bus["driver"]) == (
        2, "2号车", "宁D·12345", 6, "马师傅"
    )  # fmt: skip
    assert bus["seats"] == 6 * 4 + 3 - 2 and bus["occupied"] == 15
    code, bus, _ = cli(
        "vehicle", "edit", "--activity", ACTIVITY, "--vehicle", "2", "--label", "二号车"
    )
    assert code == 0 and bus["label"] == "二号车" and bus["plate"] == "宁D·12345"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # 1号车 holds 15, front to back: rows 1 to 4 and 5A are taken.
        (("--vehicle", "1号车", "--rows", "3"), "车辆“1号车”的座位4D、5A已有人"),
        (
            ("--vehicle", "1号车", "--reserved", "1A,1B,2C"),
            "新的座位图没有这些座位或把它们留给工作人员",
        ),
        (("--vehicle", "1号车", "--label", "2号车"), "已有名为“2号车”的车辆"),
        (("--vehicle", "1号车", "--reserved", "9Z"), "没有座位9Z"),
        (("--vehicle", "3号车", "--plate", "x"), "没有名为“3号车”的车辆，是否是“2号车”"),
    ],
)
def test_vehicle_edit_refusals_change_nothing(
    cli: Cli, db: Database, seated: None, args: tuple[str, ...], message: str
) -> None:
    before = _fleet(db)
    code, shown, err = cli("vehicle", "edit", "--activity", ACTIVITY, *args)
    assert code == 2
    assert message in shown["error"] and message in err
    assert _fleet(db) == before


def test_removing_a_vehicle_with_people_seated_is_refused(
    cli: Cli, db: Database, seated: None
) -> None:
    before = _fleet(db)
    code, shown, _ = cli("vehicle", "remove", "--activity", ACTIVITY, "--vehicle", "2号车")
    assert code == 2
    assert "车辆“2号车”已安排15人的座位" in shown["error"] and "不能删除" in shown["error"]
    assert "--unseat" in shown["error"]
    assert _fleet(db) == before
    # Released on request: the seats go, the vehicle's groups stay without a vehicle.
    code, shown, _ = cli(
        "vehicle", "remove", "--activity", ACTIVITY, "--vehicle", "2号车", "--unseat"
    )
    assert code == 0
    assert shown["removed"] is True and shown["label"] == "2号车" and len(shown["unseated"]) == 15
    vehicles, seats, groups = _fleet(db)
    assert [v[1] for v in vehicles] == ["1号车"] and len(seats) == 15
    assert [g for g in groups if g[2] is None] and shown["groups_without_vehicle"]


def test_a_vehicle_someone_boarded_cannot_be_removed(cli: Cli, db: Database, seated: None) -> None:
    with db.transaction() as s:
        seat = s.scalars(select(SeatAssignment).where(SeatAssignment.vehicle_id == 2)).first()
        assert seat is not None and seat.group_id is not None
        leaders.tick(
            s,
            seat.group_id,
            seat.participant_id,
            None,
            present=True,
            at=dt.datetime(2025, 9, 24, 1),
        )
    before = _fleet(db)
    code, shown, _ = cli(
        "vehicle", "remove", "--activity", ACTIVITY, "--vehicle", "2号车", "--unseat"
    )
    assert code == 2 and "已有1人上车" in shown["error"]
    assert _fleet(db) == before


def test_an_empty_vehicle_is_removed(cli: Cli, db: Database, seated: None) -> None:
    cli("vehicle", "add", "--activity", ACTIVITY, "--label", "备用车")
    code, shown, _ = cli("vehicle", "remove", "--activity", ACTIVITY, "--vehicle", "备用车")
    assert code == 0 and shown["unseated"] == [] and shown["groups_without_vehicle"] == []
    assert [v[1] for v in _fleet(db)[0]] == ["1号车", "2号车"]


# --- Groups. ---


def test_group_add_edit_and_remove(cli: Cli, db: Database, seated: None) -> None:
    code, group, _ = cli(
        "group", "add", "--activity", ACTIVITY, "--name", "第九组", "--vehicle", "2号车",
        "--leader", "王领队", "--max", "12",
    )  # fmt: skip
    assert code == 0
    shown = (group["name"], group["vehicle"], group["leader"], group["size_limit"], group["size"])
    assert shown == ("第九组", "2号车", "王领队", 12, 0)
    code, changed, _ = cli(
        "group",
        "edit",
        "--activity",
        ACTIVITY,
        "--group",
        "第九组",
        "--max",
        "不限",
        "--vehicle",
        "1号车",
    )
    assert code == 0 and changed["id"] == group["id"]
    assert (changed["size_limit"], changed["vehicle"], changed["leader"]) == (
        None,
        "1号车",
        "王领队",
    )
    code, removed, _ = cli("group", "remove", "--activity", ACTIVITY, "--group", str(group["id"]))
    assert code == 0 and removed["removed"] is True and removed["name"] == "第九组"
    assert "第九组" not in [g[1] for g in _fleet(db)[2]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "--group", "第1组", "--max", "0"), "人数上限必须大于0"),
        (("edit", "--group", "第1组", "--name", "第2组"), "已有名为“第2组”的分组"),
        (("edit", "--group", "第1组", "--vehicle", "9号车"), "没有名为“9号车”的车辆"),
        (("edit", "--group", "第九组", "--max", "10"), "没有名为“第九组”的分组"),
        (("add", "--name", "第1组"), "已有名为“第1组”的分组"),
        (("add", "--name", "新组", "--max", "-1"), "人数上限必须大于0"),
    ],
)
def test_group_refusals_change_nothing(
    cli: Cli, db: Database, seated: None, args: tuple[str, ...], message: str
) -> None:
    before = _fleet(db)
    code, shown, _ = cli("group", args[0], "--activity", ACTIVITY, *args[1:])
    assert code == 2 and message in shown["error"]
    assert _fleet(db) == before


def test_a_group_with_roll_calls_cannot_be_removed(cli: Cli, db: Database, seated: None) -> None:
    with db.transaction() as s:
        seat = s.scalars(select(SeatAssignment)).first()
        assert seat is not None and seat.group_id is not None
        leaders.tick(
            s,
            seat.group_id,
            seat.participant_id,
            None,
            present=True,
            at=dt.datetime(2025, 9, 24, 1),
        )
        group_id = seat.group_id
    before = _fleet(db)
    code, shown, _ = cli("group", "remove", "--activity", ACTIVITY, "--group", str(group_id))
    assert code == 2 and "已有1条上车或点名记录，不能删除" in shown["error"]
    assert _fleet(db) == before


def test_a_group_edit_says_what_waits_for_the_next_plan(
    cli: Cli, seated: None, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["group", "edit", "--activity", ACTIVITY, "--group", "第1组", "--db", cli.db]
    assert main([*args, "--max", "5", "--vehicle", "2号车"]) == 0
    out = capsys.readouterr().out
    assert "已修改分组“第1组”" in out and "车辆“2号车”" in out and "人数上限5" in out
    assert "超过上限5人：重新运行 checkin plan 后生效" in out
    assert "仍坐在原来的车上" in out
