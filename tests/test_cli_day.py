"""The desk's supervisor actions and the leaders' ticks from the command line: walk-in, undo,
override, board, roll-call, depart; their JSON, exit codes, bad inputs and the PIN."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from checkin_app import checkin, demo
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import (
    Group,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Site,
    Station,
    Status,
)

PIN = demo.DEMO_SUPERVISOR_PIN
ACTIVITY = "城市管理开放日"  # the demo's activity held today, planned into 第1组 and 第2组
WALK_IN_ID = "11010519491231002X"  # passes the check character
SCAN_KEYS = {
    "verdict", "participant", "bus", "seat", "group", "headline", "detail", "checked_in_at",
    "station", "uid",
}  # fmt: skip


@pytest.fixture
def url(db_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["demo", "--db", str(db_path)]) == 0
    capsys.readouterr()
    return str(db_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """Exit code, the JSON printed, and stderr."""
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _count(url: str, *where: Any) -> int:
    with Database.open(url).reading() as s:
        return s.scalar(select(func.count()).select_from(LogEvent).where(*where)) or 0


def _people(url: str) -> int:
    with Database.open(url).reading() as s:
        return s.scalar(select(func.count()).select_from(Participant)) or 0


def _activity_id(url: str) -> int:
    with Database.open(url).reading() as s:
        found = s.scalar(select(Participant.activity_id).where(Participant.id == _group(url)[0]))
        assert found is not None
        return found


def _group(url: str, name: str = "第1组") -> list[int]:
    """The group's members in seat order."""
    with Database.open(url).reading() as s:
        rows = s.scalars(
            select(SeatAssignment.participant_id)
            .join(Group, Group.id == SeatAssignment.group_id)
            .where(Group.name == name)
            .order_by(SeatAssignment.id)
        )
        return list(rows)


def _waitlisted(url: str) -> int:
    with Database.open(url).reading() as s:
        found = s.scalar(
            select(Participant.id)
            .where(Participant.status == Status.WAITLISTED, Participant.activity_id == 1)
            .order_by(Participant.id)
        )
        assert found is not None
        return found


def _admit(url: str, *people: int) -> None:
    with Database.open(url).transaction() as s:
        for pid in people:
            result = checkin.admit(s, checkin.Desk(_activity_id(url), "西门", "小王"), pid)
            assert result.admitted, result.detail


def _desk(*argv: str, url: str) -> list[str]:
    return [*argv, "--activity", ACTIVITY, "--db", url]


# --- Desk actions -------------------------------------------------------------------------------


def test_walk_in_prints_the_scan_verdict(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _people(url)
    args = _desk("walk-in", "--name", "张三", "--id-number", WALK_IN_ID, url=url)
    code, shown, _ = _run(capsys, *args, "--phone", "13800138000", "--over-capacity",
                          "--reason", "领导同意", "--pin", PIN)  # fmt: skip
    assert code == 0
    assert set(shown) == SCAN_KEYS
    assert shown["verdict"] == "admitted" and shown["participant"]["name"] == "张三"
    assert shown["participant"]["masked_id"] == "1101**********002X"
    assert _people(url) == before + 1
    assert _count(url, LogEvent.uid == shown["uid"], LogEvent.kind == LogKind.WALKIN) == 1
    # The same ID again: already registered, bad input, nothing stored.
    events = _count(url)
    code, shown, err = _run(capsys, *args, "--over-capacity", "--reason", "再登记", "--pin", PIN)
    assert code == 2 and "此证件已报名：张三" in shown["error"] and "此证件已报名" in err
    assert (_count(url), _people(url)) == (events, before + 1)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--id-number", "110105194912310021"], "证件号码："),  # wrong check character
        (["--id-number", WALK_IN_ID], "已满"),  # the activity is full: no --over-capacity
    ],
)
def test_walk_in_bad_input_changes_nothing(
    url: str, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    events, people = _count(url), _people(url)
    code, shown, err = _run(
        capsys, *_desk("walk-in", "--name", "张三", *extra, url=url), "--pin", PIN
    )
    assert code == 2 and message in shown["error"] and message in err
    assert (_count(url), _people(url)) == (events, people)


def test_unknown_activity_is_bad_usage(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    events = _count(url)
    for argv in (
        ["undo", "--participant", "1", "--reason", "x", "--pin", PIN],
        ["board", "--group", "第1组", "--participant", "1"],
    ):
        code, shown, _ = _run(capsys, *argv, "--activity", "没有这个项目", "--db", url)
        assert code == 2 and "找不到名为“没有这个项目”的活动项目" in shown["error"]
    assert _count(url) == events


def test_override_then_undo(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    waiting = _waitlisted(url)
    person = ["--participant", str(waiting), "--pin", PIN]
    code, shown, _ = _run(capsys, *_desk("override", "--reason", "领导同意", url=url), *person)
    assert code == 0 and set(shown) == SCAN_KEYS
    assert shown["verdict"] == "admitted" and shown["participant"]["id"] == waiting
    assert "主管放行：领导同意" in shown["detail"]
    with Database.open(url).reading() as s:
        row = s.scalars(select(LogEvent).where(LogEvent.uid == shown["uid"])).one()
        # The verdict overridden is the one a scan gives now, recorded with the reason.
        assert (row.kind, row.verdict, row.reason) == (LogKind.OVERRIDE, "waitlisted", "领导同意")
    # Overriding again: done but refused, nothing recorded.
    events = _count(url)
    code, shown, _ = _run(capsys, *_desk("override", "--reason", "再放", url=url), *person)
    assert code == 1 and shown["verdict"] == "refused" and set(shown) >= SCAN_KEYS
    assert "在办公室签到，无需放行" in shown["detail"]
    assert _count(url) == events
    code, shown, _ = _run(capsys, *_desk("undo", "--reason", "误放", url=url), *person)
    assert code == 0 and shown["verdict"] == "undone" and set(shown) == SCAN_KEYS
    assert _count(url, LogEvent.kind == LogKind.UNDO) == 1


def test_override_of_someone_a_scan_admits_is_refused(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _count(url)
    argv = _desk("override", "--participant", str(_group(url)[0]), "--reason", "x", url=url)
    code, shown, _ = _run(capsys, *argv, "--pin", PIN)
    assert code == 1 and "可直接签到，无需放行" in shown["detail"]
    assert _count(url) == events


def test_undo_names_the_person_by_id_number(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    walk = _desk("walk-in", "--name", "张三", "--id-number", WALK_IN_ID, url=url)
    assert _run(capsys, *walk, "--over-capacity", "--reason", "领导同意", "--pin", PIN)[0] == 0
    code, shown, _ = _run(capsys, *_desk("undo", WALK_IN_ID, "--reason", "误登", url=url),
                          "--pin", PIN)  # fmt: skip
    assert code == 0 and shown["verdict"] == "undone"
    assert shown["participant"]["name"] == "张三"


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (["--participant", "99999"], "找不到编号为 99999 的报名人"),
        (["110105194912310021"], "找不到此人：身份证号码的校验位"),
        ([], "二者选一"),
        (["--participant", "1", "110105194912310021"], "二者选一"),
    ],
)
def test_undo_of_nobody_is_bad_input(
    url: str, capsys: pytest.CaptureFixture[str], person: list[str], message: str
) -> None:
    events = _count(url)
    argv = _desk("undo", *person, "--reason", "x", url=url)
    code, shown, err = _run(capsys, *argv, "--pin", PIN)
    assert code == 2 and message in shown["error"] and message in err
    assert _count(url) == events


def test_undo_of_someone_not_in_is_refused(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    events = _count(url)
    argv = _desk("undo", "--participant", str(_group(url)[0]), "--reason", "x", url=url)
    code, shown, _ = _run(capsys, *argv, "--pin", PIN)
    assert code == 1 and shown["verdict"] == "refused" and "尚未签到，无需撤销" in shown["detail"]
    assert shown["participant"]["id"] == _group(url)[0]  # whom the refusal is about
    assert _count(url) == events


def test_wrong_pin_is_counted_and_nothing_is_done(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    waiting = _waitlisted(url)
    argv = _desk("override", "--participant", str(waiting), "--reason", "x", url=url)
    code, shown, err = _run(capsys, *argv, "--pin", "9999")
    assert code == 2 and "主管密码不正确（再输错4次" in shown["error"] and "主管密码不正确" in err
    assert _count(url, LogEvent.kind == LogKind.PIN_FAILED) == 1
    assert _count(url, LogEvent.kind == LogKind.OVERRIDE) == 0
    code, shown, _ = _run(capsys, *argv, "--pin", "9998")
    assert code == 2 and "再输错3次" in shown["error"]  # the lock counts across commands
    assert _count(url, LogEvent.kind == LogKind.PIN_FAILED) == 2


def test_pin_is_asked_for_when_not_given(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PIN)
    argv = _desk("override", "--participant", str(_waitlisted(url)), "--reason", "x", url=url)
    code, shown, _ = _run(capsys, *argv)
    assert code == 0 and shown["verdict"] == "admitted" and asked == ["主管密码："]


def test_registered_station_name_is_refused_at_the_office(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(url).transaction() as s:
        s.add(Station(event_id=1, name="东门", public_key=b"k" * 32))
    events = _count(url)
    argv = _desk("undo", "--participant", "1", "--reason", "x", "--station", "东门", url=url)
    code, shown, _ = _run(capsys, *argv, "--pin", "9999")
    assert code == 2 and "“东门”是本活动已登记的签到点名称" in shown["error"]
    assert _count(url) == events  # refused before the PIN was even looked at


def test_desk_action_in_text(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = _desk("override", "--participant", str(_waitlisted(url)), "--reason", "x", url=url)
    assert main([*argv, "--pin", PIN, "--station", "二号台"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("请入场\n") and "主管放行：x" in out
    assert _count(url, LogEvent.station == "二号台", LogEvent.kind == LogKind.OVERRIDE) == 1


# --- Leaders ------------------------------------------------------------------------------------


def _leader(*argv: str, url: str, group: str = "第1组") -> list[str]:
    return [*argv, "--activity", ACTIVITY, "--group", group, "--db", url]


def test_board_roll_call_and_depart(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _group(url)[:2]
    _admit(url, first, second)
    code, shown, _ = _run(capsys, *_leader("board", "--participant", str(first), url=url))
    assert code == 0 and set(shown) == SCAN_KEYS | {"stop", "call"}
    assert shown["verdict"] == "boarded" and shown["participant"]["id"] == first
    assert shown["group"] == "第1组" and shown["bus"] and shown["seat"]
    assert shown["stop"] == "集合点" and shown["station"] == "办公室"
    assert shown["call"] == {"expected": 2, "present": 1, "missing": [second]}
    assert _count(url, LogEvent.uid == shown["uid"], LogEvent.kind == LogKind.BOARD) == 1

    # The same tick again records nothing: done but refused.
    events = _count(url)
    code, shown, _ = _run(capsys, *_leader("board", "--participant", str(first), url=url))
    assert code == 1 and shown["verdict"] == "unchanged" and shown["uid"] is None
    # Leaving with someone missing and no reason: refused, the message names them.
    code, shown, _ = _run(capsys, *_leader("depart", url=url))
    assert code == 1 and shown["verdict"] == "refused" and "应到2人，实到1人" in shown["detail"]
    assert _count(url) == events

    code, shown, _ = _run(
        capsys, *_leader("board", "--participant", str(second), "--missing", url=url)
    )
    assert code == 0 and shown["verdict"] == "missing" and shown["headline"] == "未上车"
    code, shown, _ = _run(capsys, *_leader("depart", "--reason", "电话联系，自行前往", url=url))
    assert code == 0 and set(shown) == SCAN_KEYS | {"stop", "call"}
    assert shown["verdict"] == "departed" and shown["stop"] == "集合点"
    assert shown["call"] == {"expected": 2, "present": 1, "missing": [second]}
    assert _count(url, LogEvent.uid == shown["uid"], LogEvent.kind == LogKind.DEPART) == 1

    site = "人民广场园林绿化景观"  # the itinerary's first stop
    argv = _leader("roll-call", "--participant", str(first), "--site", site, url=url)
    code, shown, _ = _run(capsys, *argv)
    assert code == 0 and shown["verdict"] == "present" and shown["stop"] == site
    assert shown["call"] == {"expected": 1, "present": 1, "missing": []}
    code, shown, _ = _run(capsys, *_leader("depart", "--site", site, url=url))
    assert code == 0 and shown["verdict"] == "departed" and shown["stop"] == site
    code, shown, _ = _run(capsys, *_leader("depart", "--site", site, url=url))
    assert code == 1 and "不用再次发车" in shown["detail"]


def test_roll_call_at_a_site_not_on_the_itinerary(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(url).transaction() as s:
        s.add(Site(event_id=1, name="备用观摩点"))
    first = _group(url)[0]
    _admit(url, first)
    events = _count(url)
    for argv in (
        _leader("roll-call", "--participant", str(first), "--site", "备用观摩点", url=url),
        _leader("depart", "--site", "备用观摩点", url=url),
    ):
        code, shown, err = _run(capsys, *argv)
        assert code == 2 and "不在“城市管理开放日”的行程中" in shown["error"], shown
        assert "行程" in err
    code, shown, _ = _run(
        capsys, *_leader("roll-call", "--participant", str(first), "--site", "无此处", url=url)
    )
    assert code == 2 and "找不到观摩点“无此处”" in shown["error"]
    assert _count(url) == events


@pytest.mark.parametrize(
    ("group", "person", "message"),
    [
        ("第9组", None, "没有分组“第9组”（现有分组：第1组、第2组）"),
        ("第2组", None, "不在第2组的名单中"),
        ("第1组", "99999", "找不到编号为 99999 的报名人"),
    ],
)
def test_board_bad_input_changes_nothing(
    url: str,
    capsys: pytest.CaptureFixture[str],
    group: str,
    person: str | None,
    message: str,
) -> None:
    events = _count(url)
    pid = person or str(_group(url)[0])
    code, shown, _ = _run(capsys, *_leader("board", "--participant", pid, url=url, group=group))
    assert code == 2 and message in shown["error"]
    assert _count(url) == events


def test_board_in_text_under_a_station(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = _group(url)[0]
    _admit(url, first)
    argv = _leader("board", "--participant", str(first), url=url)
    assert main([*argv, "--station", "1号车", "--operator", "李队"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已上车\n") and "集合点：应到1人，已点到1人" in out
    with Database.open(url).reading() as s:
        row = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.BOARD)).one()
        assert (row.station, row.operator) == ("1号车", "李队")
