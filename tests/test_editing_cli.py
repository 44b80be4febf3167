"""`checkin event|activity|site|itinerary`: a day set up from the command line, and the refusals
that change nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from checkin_app import events
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import Activity, DocumentType, Event, Participant, Site, Status

EVENT = "固原市城市管理局2025年政府开放日"


class Cli:
    """Runs `checkin` on one workspace and hands back the exit code with what was printed."""

    def __init__(self, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = str(db_path)
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, Any, str]:
        self.capsys.readouterr()
        code = main([*args, "--db", self.db, "--json"])
        out, err = self.capsys.readouterr()
        (line,) = out.strip().splitlines()  # exactly one JSON object, on success or error
        return code, json.loads(line), err


@pytest.fixture
def cli(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(db_path, capsys)


@pytest.fixture
def day(cli: Cli) -> dict[str, int]:
    """The 固原 afternoon: one event, one activity, four sites on the itinerary."""
    _, event, _ = cli("event", "add", EVENT, "--organizer", "固原市城市管理局")
    _, act, _ = cli(
        "activity", "add", "--event", EVENT, "--name", "城市管理开放日", "--date", "2025-09-24",
        "--capacity", "40", "--sign-in", "14:20-14:40", "--assembly", "市城市管理局办公楼前",
        "--discussion", "17:00-18:00",
    )  # fmt: skip
    sites = {}
    for name, minutes, at_once in (
        ("广场", "40", None),
        ("第一污水处理厂", "40", "20"),
        ("停车场", "30", None),
    ):
        extra = ["--capacity", at_once] if at_once else []
        _, site, _ = cli(
            "site", "add", "--event", "1", "--name", name, "--minutes", minutes, *extra
        )
        sites[name] = site["id"]
    return {"event": event["id"], "activity": act["id"], **sites}


def _confirm(db: Database, activity_id: int, n: int) -> None:
    with db.transaction() as s:
        act = s.get(Activity, activity_id)
        assert act is not None
        s.add_all(
            Participant(
                event_id=act.event_id,
                activity_id=act.id,
                name=f"人{i}",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=f"h{i}",
                doc_last4=f"{i:04d}",
                status=Status.CONFIRMED,
            )
            for i in range(n)
        )


def test_event_add_and_edit_print_the_event_with_its_id(cli: Cli) -> None:
    code, made, _ = cli("event", "add", EVENT, "--organizer", "固原市城市管理局", "--min-age", "18")
    assert code == 0
    assert made["id"] == 1 and made["name"] == EVENT
    assert (made["organiser"], made["min_age"]) == ("固原市城市管理局", 18)
    code, changed, _ = cli("event", "edit", EVENT, "--name", "固原开放日", "--min-age", "16")
    assert code == 0
    assert (changed["id"], changed["name"], changed["min_age"]) == (1, "固原开放日", 16)
    assert changed["organiser"] == "固原市城市管理局"  # what was not given stays
    code, listed, _ = cli("events")
    assert [e["name"] for e in listed] == ["固原开放日"]
    code, same, _ = cli("event", "edit", "1")  # nothing to change: done, nothing to do
    assert code == 1 and same == changed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("event", "add", EVENT), f"已有同名活动“{EVENT}”"),
        (("event", "add", "  "), "活动名称不能为空"),
        (("event", "add", "第二个活动", "--min-age", "200"), "最低年龄应在0到120岁之间"),
        (("event", "edit", EVENT, "--min-age", "200"), "最低年龄应在0到120岁之间"),
        (("event", "edit", "没有这个活动", "--name", "x"), "找不到活动“没有这个活动”"),
    ],
)
def test_event_refusals_change_nothing(
    cli: Cli, db: Database, args: tuple[str, ...], message: str
) -> None:
    cli("event", "add", EVENT, "--min-age", "18")
    code, shown, err = cli(*args)
    assert code == 2
    assert message in shown["error"] and message in err
    with db.reading() as s:
        assert [(e.name, e.min_age) for e in s.scalars(select(Event))] == [(EVENT, 18)]


def test_activity_add_prints_its_times_and_edit_changes_only_what_is_given(
    cli: Cli, day: dict[str, int]
) -> None:
    code, act, _ = cli("activity", "edit", "--activity", "城市管理开放日", "--capacity", "300")
    assert code == 0
    assert act["id"] == day["activity"] and act["capacity"] == 300
    assert (act["date"], act["signin_start"], act["signin_end"]) == ("2025-09-24", "14:20", "14:40")
    assert (act["discussion_start"], act["end_time"]) == ("17:00", "18:00")
    assert act["assembly_point"] == "市城市管理局办公楼前"
    code, act, _ = cli(
        "activity", "edit", "--event", EVENT, "--activity", str(day["activity"]),
        "--sign-in", "14:00-14:30", "--date", "2025-09-25",
    )  # fmt: skip
    assert code == 0
    assert (act["date"], act["signin_start"], act["signin_end"]) == ("2025-09-25", "14:00", "14:30")
    assert act["capacity"] == 300


def _activity_row(db: Database) -> tuple[object, ...]:
    with db.reading() as s:
        (a,) = s.scalars(select(Activity))
        return (a.name, a.date, a.capacity, a.signin_start, a.signin_end, a.discussion_start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--activity", "城市开放日", "--capacity", "50"), "找不到名为“城市开放日”的活动项目"),
        (("--activity", "1", "--capacity", "2"), "已确认3人，名额不能少于3"),
        (("--activity", "1", "--capacity", "0"), "名额必须大于0"),
        (("--activity", "1", "--sign-in", "17:10-17:30"), "座谈开始（17:00）早于签到结束（17:30）"),
        (("--activity", "1", "--discussion", "14:30-18:00"), "座谈开始（14:30）早于签到结束"),
    ],
)
def test_activity_edit_refusals_change_nothing(
    cli: Cli, db: Database, day: dict[str, int], args: tuple[str, ...], message: str
) -> None:
    _confirm(db, day["activity"], 3)
    before = _activity_row(db)
    code, shown, err = cli("activity", "edit", *args)
    assert code == 2
    assert message in shown["error"] and message in err
    assert _activity_row(db) == before


def test_activity_add_refusals_create_nothing(
    cli: Cli, db: Database, day: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, shown, _ = cli(
        "activity", "add", "--event", EVENT, "--name", "第二场", "--date", "2025-09-25",
        "--capacity", "20", "--sign-in", "14:40-14:20",
    )  # fmt: skip
    assert code == 2 and "签到结束（14:20）早于签到开始（14:40）" in shown["error"]
    code, shown, _ = cli(
        "activity", "add", "--event", "没有这个活动", "--name", "第二场", "--date", "2025-09-25",
        "--capacity", "20",
    )  # fmt: skip
    assert code == 2 and "找不到活动“没有这个活动”" in shown["error"]
    # A time that is not a time is bad usage, said in Chinese before anything is opened.
    with pytest.raises(SystemExit) as done:
        main(["activity", "add", "--event", EVENT, "--name", "第二场", "--date", "2025-09-25",
              "--capacity", "20", "--sign-in", "两点二十", "--db", cli.db])  # fmt: skip
    assert done.value.code == 2
    assert "时间段“两点二十”格式不对，应为 HH:MM-HH:MM" in capsys.readouterr().err
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 1


def test_activity_remove_only_without_registrations(
    cli: Cli, db: Database, day: dict[str, int]
) -> None:
    _confirm(db, day["activity"], 1)
    code, shown, _ = cli("activity", "remove", "--activity", "城市管理开放日")
    assert code == 2 and "已有1人报名，不能删除" in shown["error"]
    _, extra, _ = cli(
        "activity", "add", "--event", "1", "--name", "第二场", "--date", "2025-09-25",
        "--capacity", "9",
    )  # fmt: skip
    code, shown, _ = cli("activity", "remove", "--activity", "第二场")
    assert code == 0 and shown["id"] == extra["id"] and shown["removed"] is True
    with db.reading() as s:
        assert [a.name for a in s.scalars(select(Activity))] == ["城市管理开放日"]


def test_site_add_and_edit(cli: Cli, day: dict[str, int]) -> None:
    code, site, _ = cli(
        "site", "edit", "--event", EVENT, "--site", "第一污水处理厂", "--minutes", "30"
    )
    assert code == 0
    assert site["id"] == day["第一污水处理厂"]
    assert (site["planned_minutes"], site["capacity_at_once"]) == (30, 20)
    code, site, _ = cli(
        "site", "edit", "--event", "1", "--site", "第一污水处理厂", "--capacity", "不限"
    )
    assert code == 0 and site["capacity_at_once"] is None
    code, site, _ = cli(
        "site", "add", "--event", "1", "--name", "数字化城市管理指挥大厅", "--minutes", "30",
        "--capacity", "60", "--responsible-unit", "数字化城管中心",
    )  # fmt: skip
    assert code == 0 and site["id"] == 4
    assert (site["capacity_at_once"], site["responsible_unit"]) == (60, "数字化城管中心")


def _sites(db: Database) -> list[tuple[str, int, int | None]]:
    with db.reading() as s:
        return [
            (x.name, x.planned_minutes, x.capacity_at_once)
            for x in s.scalars(select(Site).order_by(Site.id))
        ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("edit", "--site", "污水厂", "--minutes", "30"),
            "没有名为“污水厂”的观摩点，是否是“第一污水处理厂”",
        ),
        (("edit", "--site", "广场", "--minutes", "0"), "计划时长必须大于0分钟"),
        (("edit", "--site", "广场", "--capacity", "0"), "同时容纳人数必须大于0"),
        (("edit", "--site", "广场", "--name", "停车场"), "已有名为“停车场”的观摩点"),
        (("add", "--name", "车间", "--minutes", "-5"), "计划时长必须大于0分钟"),
        (("add", "--name", "广场", "--minutes", "30"), "已有名为“广场”的观摩点"),
    ],
)
def test_site_refusals_change_nothing(
    cli: Cli, db: Database, day: dict[str, int], args: tuple[str, ...], message: str
) -> None:
    before = _sites(db)
    code, shown, _ = cli("site", args[0], "--event", EVENT, *args[1:])
    assert code == 2 and message in shown["error"]
    assert _sites(db) == before


def test_itinerary_set_in_order_with_travel_minutes(
    cli: Cli, db: Database, day: dict[str, int]
) -> None:
    code, shown, _ = cli(
        "itinerary", "set", "--activity", "城市管理开放日", "广场:10", "第一污水处理厂：15",
        f"{day['停车场']}:15",
    )  # fmt: skip
    assert code == 0
    assert shown["id"] == day["activity"] and shown["activity"] == "城市管理开放日"
    assert [(x["site_name"], x["position"], x["travel_minutes"]) for x in shown["stops"]] == [
        ("广场", 1, 10),
        ("第一污水处理厂", 2, 15),
        ("停车场", 3, 15),
    ]
    with db.reading() as s:
        assert [x.site_name for x in events.itinerary(s, day["activity"])] == [
            "广场",
            "第一污水处理厂",
            "停车场",
        ]


@pytest.mark.parametrize(
    ("stops", "message"),
    [
        (("广场:10", "污水厂:15"), "没有名为“污水厂”的观摩点"),
        (("广场:10", "广场:15"), "同一观摩点出现了两次"),
        (("广场:十分钟",), "行程“广场:十分钟”格式不对"),
        (("广场:-3",), "路上时间不能为负数"),
    ],
)
def test_itinerary_refusals_keep_the_old_itinerary(
    cli: Cli, db: Database, day: dict[str, int], stops: tuple[str, ...], message: str
) -> None:
    cli("itinerary", "set", "--activity", "1", "停车场:20")
    code, shown, _ = cli("itinerary", "set", "--activity", "1", *stops)
    assert code == 2 and message in shown["error"]
    with db.reading() as s:
        assert [(x.site_name, x.travel_minutes) for x in events.itinerary(s, 1)] == [("停车场", 20)]


def test_itinerary_of_an_unknown_activity_is_refused(cli: Cli, day: dict[str, int]) -> None:
    code, shown, _ = cli("itinerary", "set", "--activity", "城市开放日", "广场:10")
    assert (
        code == 2 and "找不到名为“城市开放日”的活动项目，是否是“城市管理开放日”" in shown["error"]
    )
