"""The check-in desk, driven as a steward and a supervisor would: scanner, camera, search, lists."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
import threading
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app import checkin, events, logistics, passes
from checkin_app.checkin import Verdict
from checkin_app.db import Database
from checkin_app.demo import JINCHENG
from checkin_app.models import LogEvent, LogKind, Participant, Station, Status
from tests.ui.conftest import screenshot
from ui import operations
from ui.app import use_cjk_font
from ui.desk import camera as camera_module
from ui.desk import dialogs
from ui.desk.burst import ScannerBurstFilter
from ui.desk.camera import ImageFolderSource, RepeatFilter, VideoFileSource
from ui.desk.serial_scanner import LineSplitter
from ui.desk.speech import Speaker, prompt_text, recording_files
from ui.desk.verdict_panel import COLOURS, UNSAVED_COLOUR
from ui.desk.window import DeskWindow

# QtMultimedia and QtTextToSpeech say on loading which optional system libraries they did not
# find (PipeWire, VA-API, PulseAudio, speech-dispatcher): the test machine's lack, not ours.
# (A test's own marker wins over the one tests/ui/conftest.py adds, so it repeats that one.)
multimedia_noise = pytest.mark.qt_log_ignore(
    "propagateSizeHints",
    "Couldn't (load|resolve)",
    "pa_context_connect",
    "PulseAudio",
    "FFmpeg",
    "text-to-speech",
    "QSoundEffect",
)

TIMEOUT = 15000
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass
class DeskData:
    db: Database
    event_id: int
    activity_id: int  # 亲民城管, moved to today, seated on two buses
    other_activity_id: int  # another activity of the same event
    codes: dict[int, str]  # participant id -> QR text, the activity's confirmed people
    names: dict[int, str]


# The desk's day: a fixed clock (14:30 in Shanghai, 06:30 UTC, on DAY) so that no test fails
# when it runs across Shanghai's midnight.
DAY = dt.date(2026, 3, 9)
START = dt.datetime(2026, 3, 9, 6, 30)


def _today() -> dt.date:
    return DAY


class TickingClock:
    """The core's clock in these tests: START, then one second later on every reading."""

    def __init__(self) -> None:
        self.ticks = itertools.count()

    def __call__(self) -> dt.datetime:
        return START + dt.timedelta(seconds=next(self.ticks))


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> TickingClock:
    """Every desk (made here, by `checkin-app --desk` or the office window) scans on DAY."""
    clock = TickingClock()
    monkeypatch.setattr(checkin, "utcnow", clock)
    return clock


@pytest.fixture
def desk_data(demo_db: Database) -> DeskData:
    with demo_db.transaction() as s:
        event = events.find_event(s, JINCHENG)
        activity = events.find_activity(s, event, "亲民城管")
        other = next(a for a in event.activities if a.id != activity.id)
        events.update_activity(s, activity.id, date=_today())
        events.update_activity(s, other.id, date=_today() + dt.timedelta(days=1))
        small = {"seats_per_row": 3, "back_row_seats": 0, "reserved": ""}
        one = logistics.add_vehicle(s, activity, "1号车", rows=1, **small)  # type: ignore[arg-type]
        two = logistics.add_vehicle(s, activity, "2号车", rows=3, **small)  # type: ignore[arg-type]
        logistics.add_group(s, activity, "第一组", vehicle=one)
        logistics.add_group(s, activity, "第二组", vehicle=two)
        logistics.assign(s, activity)
        passes.issue_missing(s, event.id, actor="测试")
        cards = passes.pass_cards(s, event.id, activity.id)
        data = DeskData(
            demo_db,
            event.id,
            activity.id,
            other.id,
            {c.participant_id: c.qr_text for c in cards},
            {c.participant_id: c.name for c in cards},
        )
    assert len(data.codes) >= 5
    return data


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_desk(qtbot: QtBot, desk_data: DeskData, settings: QSettings) -> Iterator[object]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_cjk_font(app)
    made: list[DeskWindow] = []

    def make(
        activity_id: int | None = None, source: camera_module.FrameSource | None = None
    ) -> DeskWindow:
        win = DeskWindow(
            desk_data.db,
            activity_id if activity_id is not None else desk_data.activity_id,
            station="东门",
            operator="小李",
            settings=settings,
            camera=source,
            use_cameras=False,
        )
        win.sounds.enabled = False  # the test machine has no sound device; one test plays
        # A busy 2-core test machine can pause between two synthetic keys; a scanner's burst
        # must still be one burst here (a person's pace is simulated well above this).
        win.burst.gap_ms = 150
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
    operations.wait_for_workers()


@pytest.fixture
def desk(make_desk: object, qtbot: QtBot) -> DeskWindow:
    win = make_desk()  # type: ignore[operator]
    qtbot.waitUntil(lambda: win.roster is not None and win.counters.counters is not None)
    return win


def scan(qtbot: QtBot, desk: DeskWindow, text: str) -> checkin.ScanResult:
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        desk.submit(text)
    result = blocker.args[0]
    assert isinstance(result, checkin.ScanResult)
    return result


def events_of(db: Database, kind: LogKind | None = None) -> list[LogEvent]:
    with db.reading() as s:
        query = select(LogEvent).order_by(LogEvent.seq)
        if kind is not None:
            query = query.where(LogEvent.kind == kind)
        return list(s.scalars(query))


def wait_lists(qtbot: QtBot, desk: DeskWindow) -> None:
    """Until the counters and lists show what is committed now."""
    with qtbot.waitSignal(desk.refreshed, timeout=TIMEOUT):
        desk.refresh()


def unlock(qtbot: QtBot, desk: DeskWindow) -> None:
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        desk.unlock("1234")  # the demo's PIN
    assert desk.supervisor


def set_status(db: Database, participant_id: int, status: Status) -> None:
    with db.transaction() as s:
        person = s.get(Participant, participant_id)
        assert person is not None
        person.status = status


def waitlisted_ids(db: Database, activity_id: int) -> list[int]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(Participant.id)
                .where(
                    Participant.activity_id == activity_id,
                    Participant.status == Status.WAITLISTED,
                )
                .order_by(Participant.id)
            )
        )


# --- the scan field and the scanner's burst -----------------------------------------------


def test_scanner_burst_into_the_field_admits(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    pid, code = next(iter(desk_data.codes.items()))
    assert not desk.scan_field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClicks(desk.scan_field, code)
        qtbot.keyClick(desk.scan_field, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert result.verdict == Verdict.ADMITTED and result.person.id == pid
    assert desk.verdict.headline.text() == "请入场"
    assert desk.verdict.name.text() == desk_data.names[pid]
    assert desk.verdict.colour() == COLOURS[Verdict.ADMITTED]
    assert "号车" in desk.verdict.placement.text()
    assert desk.scan_field.text() == ""
    # The verdict on screen is in the log already.
    (row,) = events_of(desk_data.db, LogKind.CHECKIN)
    assert (row.participant_id, row.station, row.operator) == (pid, "东门", "小李")


def test_burst_is_a_scan_wherever_the_focus_is(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    code = next(iter(desk_data.codes.values()))
    field = desk.search.field
    # With a Chinese input method switched on, the burst would be composed into hanzi before a
    # key event reached the filter: the search box takes no input method, like the scan field.
    assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert not desk.scan_field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClicks(field, code)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args[0].verdict == Verdict.ADMITTED
    assert field.text() == ""  # the search box never saw the code


def test_a_person_typing_in_the_search_box_is_not_taken_for_a_scanner(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    name = next(iter(desk_data.names.values()))
    field = desk.search.field
    typed = "1234567"  # long enough for a code, but typed at a person's pace
    for ch in typed:
        qtbot.keyClicks(field, ch)
        qtbot.wait(desk.burst.gap_ms * 3)
    qtbot.waitUntil(lambda: field.text() == typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert desk.last_result is None and events_of(desk_data.db) == []
    # A name pasted in (no input method here) is still found.
    field.setText(name)
    qtbot.waitUntil(lambda: any(p.name == name for p in desk.search.people))


def test_burst_filter_hands_slow_keys_on_unchanged(qtbot: QtBot) -> None:
    scan_field, other = QLineEdit(), QLineEdit()
    for w in (scan_field, other):
        qtbot.addWidget(w)
    burst = ScannerBurstFilter(scan_field, gap_ms=150)
    burst.install()
    seen: list[str] = []
    burst.scanned.connect(seen.append)
    try:
        qtbot.keyClicks(other, "ABCDE-FGHJK")
        qtbot.keyClick(other, Qt.Key.Key_Return)
        assert seen == ["ABCDE-FGHJK"] and other.text() == ""
        qtbot.keyClicks(other, "ab")  # a short fast pair (key rollover), then a pause
        qtbot.waitUntil(lambda: other.text() == "ab")
        qtbot.keyClick(other, Qt.Key.Key_Return)
        assert seen == ["ABCDE-FGHJK"]
        qtbot.keyClicks(scan_field, "XYZXYZXYZ")  # the scan field gets its keys directly
        assert scan_field.text() == "XYZXYZXYZ"
    finally:
        burst.remove()


# --- verdicts -------------------------------------------------------------------------------


def test_second_scan_says_already_checked_in_with_the_first_time(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    code = next(iter(desk_data.codes.values()))
    first = scan(qtbot, desk, code)
    second = scan(qtbot, desk, code)
    assert second.verdict == Verdict.ALREADY_CHECKED_IN
    assert second.first_at is not None
    at = second.first_at.replace(tzinfo=dt.UTC).astimezone(ZONE)
    assert desk.verdict.headline.text() == "已签到"
    assert f"{at:%H:%M}" in desk.verdict.detail.text() and "东门" in desk.verdict.detail.text()
    assert desk.verdict.colour() == COLOURS[Verdict.ALREADY_CHECKED_IN]
    assert first.uid != second.uid
    assert len(events_of(desk_data.db, LogKind.CHECKIN)) == 1
    assert [e.verdict for e in events_of(desk_data.db, LogKind.ATTEMPT)] == ["already_checked_in"]
    wait_lists(qtbot, desk)
    screenshot(desk, "desk_already")


def test_a_scan_that_is_not_stored_clears_the_previous_verdict(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = list(desk_data.codes.values())
    assert scan(qtbot, desk, codes[0]).verdict == Verdict.ADMITTED
    assert desk.verdict.colour() == COLOURS[Verdict.ADMITTED]

    def locked(*_args: object, **_kwargs: object) -> checkin.ScanResult:
        raise sqlite3.OperationalError("database is locked")

    # Only the core call fails (as on a locked or vanished database): nothing is committed.
    real_scan = checkin.scan
    monkeypatch.setattr(checkin, "scan", locked)
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        desk.submit(codes[1])
    assert desk.verdict.headline.text() == "未保存，请重扫"
    assert desk.verdict.colour() == UNSAVED_COLOUR
    assert desk.verdict.name.text() == "" and desk.verdict.result is None
    assert desk.last_result is None  # nothing left to undo or override by mistake
    assert "OperationalError" in desk.verdict.detail.text()
    assert len(events_of(desk_data.db)) == 1
    screenshot(desk, "desk_unsaved")
    monkeypatch.setattr(checkin, "scan", real_scan)  # (undo() would stop the fixed clock too)
    # The next scan that is stored paints its verdict again.
    assert scan(qtbot, desk, codes[1]).verdict == Verdict.ADMITTED
    assert desk.verdict.colour() == COLOURS[Verdict.ADMITTED] and not desk.verdict.unsaved


def test_the_missing_list_shrinks_as_people_arrive(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    wait_lists(qtbot, desk)
    expected = len(desk_data.codes)
    assert desk.missing.table.rowCount() == expected
    assert desk.counters.counters is not None and desk.counters.counters.expected == expected
    for n, code in enumerate(list(desk_data.codes.values())[:3], start=1):
        scan(qtbot, desk, code)
        wait_lists(qtbot, desk)
        assert desk.missing.table.rowCount() == expected - n
        assert desk.arrivals.table.rowCount() == n
        assert desk.counters.counters.arrived == n
    assert "已到 3" in desk.lists.tabText(0) and f"未到 {expected - 3}" in desk.lists.tabText(1)
    assert "1号车" in desk.counters.buses.text()
    wait_lists(qtbot, desk)
    screenshot(desk, "desk_admitted")


def test_verdicts_reload_the_lists_once_later_and_never_ahead_of_a_scan(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    wait_lists(qtbot, desk)
    codes = list(desk_data.codes.values())[:3]
    with qtbot.waitSignal(desk.refreshed, timeout=TIMEOUT):
        for code in codes:
            scan(qtbot, desk, code)
            # No reload queued on the database worker per verdict: one is due, coalesced.
            assert desk._refresh_timer.isActive() and not desk._refreshing
    # The one reload after the verdicts shows all three.
    assert desk.arrivals.table.rowCount() == 3
    assert desk.counters.counters is not None and desk.counters.counters.arrived == 3
    # A reload that falls due while a scan is on the worker waits for the scan's verdict.
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT):
        desk.submit(list(desk_data.codes.values())[3])
        desk._refresh_when_idle()
        assert not desk._refreshing and desk._refresh_timer.isActive()
    with qtbot.waitSignal(desk.refreshed, timeout=TIMEOUT):
        pass
    assert desk.arrivals.table.rowCount() == 4


def test_a_scan_commits_while_a_slow_refresh_is_still_reading(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh reads on its own worker: a scan's commit is never queued behind it."""
    wait_lists(qtbot, desk)
    reading = threading.Event()
    release = threading.Event()
    threads: dict[str, int] = {}
    slow_lists = checkin.desk_lists

    def stuck(s: Session, activity_id: int) -> checkin.DeskLists:
        threads["refresh"] = threading.get_ident()
        reading.set()
        assert release.wait(TIMEOUT / 1000)
        return slow_lists(s, activity_id)

    monkeypatch.setattr(checkin, "desk_lists", stuck)
    code = next(iter(desk_data.codes.values()))
    try:
        desk.refresh()
        assert reading.wait(TIMEOUT / 1000)
        result = scan(qtbot, desk, code)  # while the refresh is still held
        assert result.verdict == Verdict.ADMITTED
        assert not release.is_set() and desk._refreshing
        assert len(events_of(desk_data.db, LogKind.CHECKIN)) == 1  # committed, not queued
    finally:
        release.set()
    qtbot.waitUntil(lambda: not desk._refreshing, timeout=TIMEOUT)
    assert threads["refresh"] != threading.get_ident()


def _other_event_code(db: Database) -> str:
    with db.transaction() as s:
        guyuan = next(e for e in events.list_events(s) if "固原" in e.name)
        passes.issue_missing(s, guyuan.id, actor="测试")
        return passes.pass_cards(s, guyuan.id)[0].qr_text


def _tampered(code: str) -> str:
    # One character of the signature changed: still a well-formed pass, not ours.
    middle = len(code) // 2
    swap = "A" if code[middle] != "A" else "B"
    return code[:middle] + swap + code[middle + 1 :]


def test_refusals_by_pass_each_with_its_colour_and_words(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    db = desk_data.db
    ids = list(desk_data.codes)
    with db.transaction() as s:
        other_card = passes.pass_cards(s, desk_data.event_id, desk_data.other_activity_id)[0]
        old_code = desk_data.codes[ids[0]]
        passes.reissue_pass(s, ids[0], actor="测试", reason="丢失")
        passes.revoke_pass(s, ids[1], actor="测试", reason="冒用")
    cases = [
        (other_card.qr_text, Verdict.WRONG_ACTIVITY, "非本场活动", other_card.activity_name),
        (old_code, Verdict.OUTDATED, "通行证已过期", ""),
        (desk_data.codes[ids[1]], Verdict.REVOKED, "通行证已注销", ""),
        (_other_event_code(db), Verdict.WRONG_ACTIVITY, "非本场活动", "不是本次开放日"),
        (_tampered(desk_data.codes[ids[2]]), Verdict.FORGED, "通行证无效", ""),
        ("hello, world!", Verdict.UNREADABLE, "无法识别", "无法识别"),
        ("14052119900101123", Verdict.UNREADABLE, "无法识别", "输入的是17位"),
    ]
    for text, verdict, headline, words in cases:
        result = scan(qtbot, desk, text)
        assert result.verdict == verdict, (text[:20], result.detail)
        assert desk.verdict.headline.text() == headline
        assert words in desk.verdict.detail.text()
        assert desk.verdict.colour() == COLOURS[verdict]
        if verdict == Verdict.REVOKED:
            screenshot(desk, "desk_refused")
    # Every attempt is one event, none of them a check-in.
    assert len(events_of(db, LogKind.ATTEMPT)) == len(cases)
    assert events_of(db, LogKind.CHECKIN) == []


def test_an_unregistered_id_number_is_unknown(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    import random

    from checkin_app.demo import generate_id_number
    from checkin_app.models import Gender

    number = generate_id_number(random.Random(7), "140502", dt.date(1980, 5, 6), Gender.MALE)
    result = scan(qtbot, desk, number)
    assert result.verdict == Verdict.UNKNOWN
    assert desk.verdict.headline.text() == "查无此人"
    assert desk.verdict.colour() == COLOURS[Verdict.UNKNOWN]
    with desk_data.db.reading() as s:
        details = [e.detail for e in s.scalars(select(LogEvent))]
    assert all(number not in d for d in details)  # the number itself is never stored


def test_refusals_by_status_and_day_from_the_search(
    make_desk: object, qtbot: QtBot, desk_data: DeskData
) -> None:
    db = desk_data.db
    waiting = waitlisted_ids(db, desk_data.activity_id)
    set_status(db, waiting[1], Status.APPLIED)
    set_status(db, waiting[2], Status.CANCELLED)
    desk = make_desk()  # type: ignore[operator]
    qtbot.waitUntil(lambda: desk.roster is not None)
    cases = [
        (waiting[0], Verdict.WAITLISTED, "候补名单"),
        (waiting[1], Verdict.NOT_CONFIRMED, "未确认参加"),
        (waiting[2], Verdict.CANCELLED, "已取消报名"),
    ]
    for pid, verdict, headline in cases:
        with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
            desk.admit(pid)
        assert blocker.args[0].verdict == verdict
        assert desk.verdict.headline.text() == headline
        assert desk.verdict.colour() == COLOURS[verdict]
    # A desk for an activity on another day: its own people are told which day.
    other = make_desk(desk_data.other_activity_id)  # type: ignore[operator]
    with db.reading() as s:
        theirs = passes.pass_cards(s, desk_data.event_id, desk_data.other_activity_id)[0]
    result = scan(qtbot, other, theirs.qr_text)
    assert result.verdict == Verdict.WRONG_DAY
    assert other.verdict.headline.text() == "非今日活动"
    assert other.verdict.colour() == COLOURS[Verdict.WRONG_DAY]


def test_search_by_initials_and_last_digits_then_admit(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm_admit", lambda *_: True)
    pid = next(iter(desk_data.codes))
    person = next(p for p in desk.roster.search(desk_data.names[pid]) if p.id == pid)
    last4 = person.masked_id[-4:]
    desk.search.field.setText(last4)
    assert any(p.id == pid for p in desk.search.people)
    desk.search.results.setCurrentRow(
        next(i for i, p in enumerate(desk.search.people) if p.id == pid)
    )
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    assert blocker.args[0].verdict == Verdict.ADMITTED and blocker.args[0].person.id == pid
    assert desk.search.field.text() == ""
    # Pinyin initials find people too.
    from pypinyin import Style, lazy_pinyin

    initials = "".join(lazy_pinyin(desk_data.names[pid], style=Style.FIRST_LETTER))
    desk.search.field.setText(initials)
    assert any(p.id == pid for p in desk.search.people)


# --- supervisor -----------------------------------------------------------------------------


def test_steward_cannot_use_supervisor_actions_and_a_wrong_pin_is_refused(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    assert not desk.undo_button.isEnabled() and not desk.walk_in_button.isEnabled()
    pid = next(iter(desk_data.codes))
    desk.undo(pid, "试试")
    assert "需要主管解锁" in desk.message.text()
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        desk.unlock("0000")
    assert not desk.supervisor and "主管密码不正确" in desk.message.text()
    unlock(qtbot, desk)
    assert desk.undo_button.isEnabled() and desk.walk_in_button.isEnabled()
    desk.lock()
    assert not desk.supervisor and not desk.walk_in_button.isEnabled()


def test_five_wrong_pins_lock_the_desk_s_pin_and_each_is_logged(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    for _ in range(5):
        with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
            desk.unlock("0000")
    assert "已连续输错5次，主管密码锁定30秒" in desk.message.text()
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        desk.unlock("1234")  # the right PIN, while locked
    assert not desk.supervisor and desk.grant is None
    assert "主管密码已锁定" in desk.message.text() and "秒后再试" in desk.message.text()
    failed = events_of(desk_data.db, LogKind.PIN_FAILED)
    assert [(e.station, e.operator, e.verdict) for e in failed] == [
        ("东门", "小李", "wrong_pin")
    ] * 5 + [("东门", "小李", "locked")]


def test_a_desk_under_a_registered_station_s_name_says_so_and_records_nothing(
    make_desk: object, qtbot: QtBot, desk_data: DeskData
) -> None:
    with desk_data.db.transaction() as s:
        s.add(Station(event_id=desk_data.event_id, name="东门", public_key=b"k" * 32))
    win = make_desk()  # type: ignore[operator]
    qtbot.waitUntil(lambda: "已登记的签到点名称" in win.message.text(), timeout=TIMEOUT)
    win.message.clear()
    win.submit(next(iter(desk_data.codes.values())))
    qtbot.waitUntil(lambda: "已登记的签到点名称" in win.message.text(), timeout=TIMEOUT)
    operations.wait_for_workers()
    assert events_of(desk_data.db) == []


def test_undo_asks_a_reason_and_lets_the_person_scan_again(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid, code = next(iter(desk_data.codes.items()))
    scan(qtbot, desk, code)
    unlock(qtbot, desk)
    asked: list[str] = []

    def reason(_parent: object, _title: str, prompt: str) -> str:
        asked.append(prompt)
        return "扫错了人"

    monkeypatch.setattr(dialogs, "ask_reason", reason)
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        desk.ask_undo()
    assert desk_data.names[pid] in asked[0]
    assert blocker.args[0].verdict == Verdict.UNDONE
    assert desk.verdict.headline.text() == "已撤销签到"
    (undo,) = events_of(desk_data.db, LogKind.UNDO)
    assert (undo.reason, undo.operator, undo.participant_id) == ("扫错了人", "小李", pid)
    assert scan(qtbot, desk, code).verdict == Verdict.ADMITTED
    # A cancelled reason dialog changes nothing.
    monkeypatch.setattr(dialogs, "ask_reason", lambda *_: None)
    desk.ask_undo()
    qtbot.wait(50)
    assert len(events_of(desk_data.db, LogKind.UNDO)) == 1


def test_override_admits_a_refused_person_with_a_reason(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = waitlisted_ids(desk_data.db, desk_data.activity_id)[0]
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT):
        desk.admit(pid)
    assert desk.last_result is not None and desk.last_result.verdict == Verdict.WAITLISTED
    assert not desk.override_button.isEnabled()  # a steward may not
    unlock(qtbot, desk)
    assert desk.override_button.isEnabled()
    monkeypatch.setattr(dialogs, "ask_reason", lambda *_: "领导特批")
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        desk.ask_override()
    assert blocker.args[0].verdict == Verdict.ADMITTED
    assert "主管放行" in desk.verdict.detail.text()
    # Never seated (waitlisted), still sent to the bus with room: 2号车 has 3 free seats.
    assert blocker.args[0].bus == "2号车"
    assert desk.verdict.placement.text() == "2号车"
    assert "未排座：请上2号车，空座就坐（余3座）" in desk.verdict.detail.text()
    (row,) = events_of(desk_data.db, LogKind.OVERRIDE)
    assert (row.participant_id, row.verdict, row.reason) == (pid, "waitlisted", "领导特批")


def test_walk_in_validates_the_id_then_registers_and_admits(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    import random

    from checkin_app.demo import generate_id_number
    from checkin_app.models import Gender

    unlock(qtbot, desk)
    dialog = desk.ask_walk_in()
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("现场甲")
    dialog.id_number.setText("14052119900101123")  # 17 characters
    dialog.reason.setText("报名时漏登记")
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        dialog.ok_button.click()
    assert "证件号码" in dialog.error.text() and dialog.isVisible()
    number = generate_id_number(random.Random(3), "140502", dt.date(1975, 3, 4), Gender.FEMALE)
    dialog.id_number.setText(number)
    # The activity is full (9 of 9): refused until the supervisor takes one over capacity.
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        dialog.ok_button.click()
    assert "已满" in dialog.error.text()
    # The refusal points at the box right there, by its name, and the box is marked.
    assert "请勾选“超额接收”" in dialog.error.text()
    assert dialog.over_capacity.text().startswith("超额接收")
    assert "color" in dialog.over_capacity.styleSheet()
    with desk_data.db.reading() as s:
        assert (
            s.scalar(
                select(func.count()).select_from(Participant).where(Participant.name == "现场甲")
            )
            == 0
        )
    dialog.over_capacity.setChecked(True)
    screenshot(dialog, "desk_walk_in")
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        dialog.ok_button.click()
    result = blocker.args[0]
    assert result.verdict == Verdict.ADMITTED and result.person.name == "现场甲"
    assert "现场登记" in desk.verdict.detail.text()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (row,) = events_of(desk_data.db, LogKind.WALKIN)
    assert row.operator == "小李" and number not in row.detail
    wait_lists(qtbot, desk)
    assert desk.counters.counters is not None and desk.counters.counters.walk_ins == 1
    qtbot.waitUntil(
        lambda: (
            desk.roster is not None
            and any(p.name == "现场甲" for p in desk.roster.search("现场甲"))
        )
    )


def test_phones_are_masked_until_a_supervisor_reveals_one(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    wait_lists(qtbot, desk)
    table = desk.missing.table
    assert all("*" in (table.item(r, 1).text() or "*") for r in range(table.rowCount()))
    table.selectRow(0)
    desk.reveal_selected()
    assert "需要主管解锁" in desk.message.text() and events_of(desk_data.db, LogKind.REVEAL) == []
    unlock(qtbot, desk)
    table.selectRow(0)
    pid = desk.missing.selected()
    desk.reveal_selected()
    qtbot.waitUntil(lambda: pid in desk.missing.revealed)
    with desk_data.db.reading() as s:
        phone = s.get(Participant, pid).phone
    assert table.item(0, 1).text() == phone
    (row,) = events_of(desk_data.db, LogKind.REVEAL)
    assert (row.participant_id, row.operator) == (pid, "小李")
    desk.lock()
    assert "*" in table.item(0, 1).text()


# --- camera ---------------------------------------------------------------------------------


def _passes_video(desk_data: DeskData, folder: Path, count: int) -> tuple[Path, list[int]]:
    """An MJPG video of `count` passes held up in turn, from the passes' PNGs."""
    from checkin_app import printing

    with desk_data.db.reading() as s:
        cards = passes.pass_cards(s, desk_data.event_id, desk_data.activity_id)[:count]
    # One painting thread: PySide6 creates its enum types lazily and not thread-safely, and two
    # threads painting the first cards of a process at once have crashed it (see the report).
    files = printing.write_pngs(cards, folder / "png", workers=1)
    path = folder / "passes.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (1280, 720))
    assert writer.isOpened()
    blank = np.full((720, 1280, 3), 200, np.uint8)
    for file in files:
        card = cv2.imread(str(file))
        scale = 700 / card.shape[0]
        card = cv2.resize(card, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        frame = blank.copy()
        x = (1280 - card.shape[1]) // 2
        frame[10 : 10 + card.shape[0], x : x + card.shape[1]] = card
        for _ in range(5):  # held up for half a second: one attempt, not five
            writer.write(frame)
        writer.write(blank)
    writer.release()
    return path, [c.participant_id for c in cards]


def test_camera_fed_with_a_video_of_passes_admits_each_once(
    make_desk: object, qtbot: QtBot, desk_data: DeskData, tmp_path: Path
) -> None:
    video, ids = _passes_video(desk_data, tmp_path, 4)
    desk = make_desk(source=VideoFileSource(video, interval_s=0.01))  # type: ignore[operator]
    qtbot.waitUntil(lambda: "播放完毕" in desk.camera_status.text(), timeout=60000)
    qtbot.waitUntil(lambda: len(events_of(desk_data.db)) >= len(ids), timeout=TIMEOUT)
    operations.wait_for_workers()
    admitted = [e.participant_id for e in events_of(desk_data.db, LogKind.CHECKIN)]
    assert sorted(admitted) == sorted(ids)
    assert events_of(desk_data.db, LogKind.ATTEMPT) == []  # no string of "already checked in"
    assert desk.preview.pixmap() is not None and not desk.preview.pixmap().isNull()
    wait_lists(qtbot, desk)
    screenshot(desk, "desk_camera")


def test_a_camera_that_cannot_be_opened_is_named_and_the_field_still_works(
    make_desk: object, qtbot: QtBot, desk_data: DeskData, tmp_path: Path
) -> None:
    desk = make_desk(source=VideoFileSource(tmp_path / "没有这个摄像头.avi"))  # type: ignore[operator]
    qtbot.waitUntil(lambda: "无法打开摄像头" in desk.camera_status.text(), timeout=TIMEOUT)
    assert "扫码枪和手工输入照常可用" in desk.camera_status.text()
    code = next(iter(desk_data.codes.values()))
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClicks(desk.scan_field, code)
        qtbot.keyClick(desk.scan_field, Qt.Key.Key_Return)
    assert blocker.args[0].verdict == Verdict.ADMITTED


class UnpluggedCamera:
    """A live camera that gives `frames` frames (a pass in the first), then nothing: unplugged."""

    live = True
    interval_s = 0.01
    description = "USB 摄像头"

    def __init__(self, first: np.ndarray, frames: int) -> None:
        self.first, self.left, self.opens = first, frames, 0

    def open(self) -> bool:
        self.opens += 1
        return self.opens == 1  # once unplugged, it does not come back in this test

    def read(self) -> np.ndarray | None:
        if self.left <= 0:
            return None
        self.left -= 1
        return self.first

    def close(self) -> None:
        pass


def test_a_camera_unplugged_mid_session_is_reported_and_the_desk_keeps_working(
    make_desk: object, qtbot: QtBot, desk_data: DeskData, tmp_path: Path
) -> None:
    from bench.frames import qr_image

    codes = list(desk_data.codes.values())
    image = cv2.cvtColor(qr_image(codes[0], module_px=4), cv2.COLOR_GRAY2BGR)
    source = UnpluggedCamera(image, frames=8)
    desk = make_desk(source=source)  # type: ignore[operator]
    qtbot.waitUntil(lambda: "已断开" in desk.camera_status.text(), timeout=TIMEOUT)
    assert "扫码枪和手工输入照常可用" in desk.camera_status.text()
    qtbot.waitUntil(lambda: len(events_of(desk_data.db, LogKind.CHECKIN)) == 1, timeout=TIMEOUT)
    result = scan(qtbot, desk, codes[1])
    assert result.verdict == Verdict.ADMITTED


def test_image_folder_source_reads_images_in_order_and_skips_broken_ones(tmp_path: Path) -> None:
    for name in ("b.png", "a.png"):
        cv2.imwrite(str(tmp_path / name), np.zeros((10, 20, 3), np.uint8))
    (tmp_path / "c.png").write_bytes(b"not an image")
    source = ImageFolderSource(tmp_path)
    assert source.open()
    assert [source.read() is not None for _ in range(3)] == [True, True, False]
    assert not ImageFolderSource(tmp_path / "missing").open()


def test_the_same_code_seen_again_within_seconds_is_one_attempt() -> None:
    repeats = RepeatFilter(window_s=3.0)
    assert repeats.is_new("A", 0.0)
    assert not repeats.is_new("A", 0.1)
    assert not repeats.is_new("A", 2.9)  # still held up: counts from the last sighting
    assert not repeats.is_new("A", 5.5)
    assert repeats.is_new("B", 5.6)
    assert repeats.is_new("A", 9.0)  # out of sight for more than 3 s: a new attempt


# --- serial scanner, sounds, speech ---------------------------------------------------------


def test_serial_lines_in_pieces() -> None:
    lines = LineSplitter()
    assert lines.feed(b"ABCDE-") == []
    assert lines.feed(b"FGHJK\r\n140521") == ["ABCDE-FGHJK"]
    assert lines.feed(b"199001011234\r") == ["140521199001011234"]
    assert lines.feed(b"\n\n") == []


@multimedia_noise
def test_every_verdict_has_a_colour_and_a_sound_that_plays(qtbot: QtBot) -> None:
    from ui.desk.sounds import VerdictSounds, sound_file

    sounds = VerdictSounds()
    for verdict in Verdict:
        assert verdict in COLOURS
        assert sound_file(verdict).is_file()
        sounds.play(verdict)  # no sound device here: it must not matter
        assert sounds.last_played == verdict


@multimedia_noise
def test_spoken_prompt_falls_back_to_recordings_and_never_fails(
    qtbot: QtBot, tmp_path: Path
) -> None:
    assert prompt_text("王芳", "3号车") == "王芳，请上3号车"
    assert prompt_text("王芳", None) == "王芳，请入场"
    assert [f.name for f in recording_files("3号车")] == ["bus_3.wav"]
    assert [f.stem for f in recording_files("23号车")] == [
        "qing_shang",
        "digit_2",
        "digit_3",
        "hao_che",
    ]
    speaker = Speaker()
    speaker.enabled = True
    speaker.allow_tts = False
    assert speaker.mode == "recordings"
    speaker.announce("王芳", "2号车")
    assert speaker.last_said == "bus_2"
    silent = Speaker(voice_folder=tmp_path)
    silent.enabled = True
    silent.allow_tts = False
    assert silent.mode == ""
    silent.announce("王芳", "2号车")  # neither a voice nor recordings: quiet, no error
    assert silent.last_said == ""
    # Whatever this machine's text-to-speech engines are, looking for a voice is safe.
    assert Speaker().mode in ("tts", "recordings")


# --- bad input and station ------------------------------------------------------------------


def test_empty_database_desk(qtbot: QtBot, db: Database, settings: QSettings) -> None:
    with db.transaction() as s:
        event = events.create_event(s, "空白开放日")
        activity = events.add_activity(s, event, "空白活动", _today(), 10)
        activity_id = activity.id
    desk = DeskWindow(
        db, activity_id, station="A", operator="甲", settings=settings, use_cameras=False
    )
    desk.sounds.enabled = False
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitUntil(lambda: desk.counters.counters is not None and desk.roster is not None)
    assert desk.counters.counters.expected == 0 and desk.missing.table.rowCount() == 0
    assert scan(qtbot, desk, "ABCDE-FGHJK").verdict in (Verdict.UNKNOWN, Verdict.UNREADABLE)
    assert scan(qtbot, desk, "garbage!").verdict == Verdict.UNREADABLE
    desk.search.field.setText("zs")
    assert desk.search.people == [] and desk.search.hint.text() == "查无此人"
    desk.close()
    operations.wait_for_workers()


def test_a_desk_for_an_activity_that_does_not_exist_paints_no_verdict(
    make_desk: object, qtbot: QtBot, desk_data: DeskData
) -> None:
    desk = make_desk(activity_id=9999)  # type: ignore[operator]
    qtbot.waitUntil(lambda: "找不到编号为 9999 的活动项目" in desk.message.text())
    desk.submit(next(iter(desk_data.codes.values())))
    # The refresh's own refusal may arrive first (it reads on its own worker): wait for the scan's.
    qtbot.waitUntil(lambda: desk.verdict.headline.text() == "未保存，请重扫", timeout=TIMEOUT)
    assert desk.verdict.result is None
    assert events_of(desk_data.db) == []


def test_a_desk_with_a_bad_station_name_says_so_and_records_nothing(
    qtbot: QtBot, desk_data: DeskData, settings: QSettings
) -> None:
    desk = DeskWindow(
        desk_data.db,
        desk_data.activity_id,
        station="东" * 61,  # a long host name taken for the station's name
        operator="小李",
        settings=settings,
        use_cameras=False,
    )
    desk.sounds.enabled = False
    qtbot.addWidget(desk)
    desk.show()
    assert "签到点名称无效" in desk.message.text() and "最多60个字符" in desk.message.text()
    with qtbot.waitSignal(desk.message_shown, timeout=TIMEOUT):
        desk.submit(next(iter(desk_data.codes.values())))
    assert desk.verdict.headline.text() == "未保存，请重扫"
    assert "签到点名称最多60个字符" in desk.verdict.detail.text()
    assert events_of(desk_data.db) == []
    desk.close()
    operations.wait_for_workers()


def test_operator_is_remembered_and_f11_goes_full_screen(
    desk: DeskWindow, qtbot: QtBot, settings: QSettings
) -> None:
    desk.set_operator("小王")
    assert settings.value("desk/operator") == "小王" and "小王" in desk.who.text()
    assert desk.desk.operator == "小王"
    desk.toggle_full_screen()
    qtbot.waitUntil(desk.isFullScreen)
    # A kiosk: a steward can neither leave full screen nor close the desk.
    desk.toggle_full_screen()
    assert desk.isFullScreen() and "需要主管解锁" in desk.message.text()
    assert not desk.close() and desk.isVisible()
    unlock(qtbot, desk)
    desk.toggle_full_screen()
    qtbot.waitUntil(lambda: not desk.isFullScreen())


@multimedia_noise
def test_checkin_app_desk_opens_the_desk_directly_with_a_folder_for_a_camera(
    qtbot: QtBot, tmp_path: Path, desk_data: DeskData, db_path: Path
) -> None:
    from ui.app import start, stop

    # Nothing this test remembers may land in the user's own settings.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    frames = tmp_path / "frames"
    frames.mkdir()
    from bench.frames import qr_image

    code = next(iter(desk_data.codes.values()))
    cv2.imwrite(str(frames / "1.png"), qr_image(code, module_px=4))
    operations.wait_for_workers()
    desk_data.db.close()  # the app opens the same file itself
    argv = ["checkin-app", "--db", str(db_path), "--desk", "--activity", "亲民城管"]
    running = start([*argv, "--station", "南门", "--operator", "小赵", "--camera", str(frames)])
    window = running.window
    assert isinstance(window, DeskWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "亲民城管" in window.title.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.last_result is not None, timeout=TIMEOUT)
    assert window.last_result is not None and window.last_result.verdict == Verdict.ADMITTED
    assert (window.desk.station, window.desk.operator) == ("南门", "小赵")
    stop(running)


@multimedia_noise
def test_the_office_window_opens_the_desk_for_an_activity_of_the_chosen_event(
    window: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    offered: list[list[str]] = []

    def choose(_parent: object, choices: list[dialogs.ActivityChoice]) -> int:
        offered.append([c.name for c in choices])
        return choices[0].id

    monkeypatch.setattr(dialogs, "choose_activity", choose)
    monkeypatch.setattr(dialogs, "ask_operator", lambda _parent, _current: "小孙")
    window.desk_button.click()
    qtbot.waitUntil(lambda: window.desk_window is not None, timeout=TIMEOUT)
    desk = window.desk_window
    assert desk is not None
    qtbot.addWidget(desk)
    with window.database.reading() as s:
        chosen = events.find_event(s, window.event_id)
        assert offered == [[a.name for a in chosen.activities]]
    assert desk.desk.operator == "小孙"
    qtbot.waitUntil(lambda: offered[0][0] in desk.title.text(), timeout=TIMEOUT)
    window.close()
    assert not desk.isVisible()


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_a_scanner_in_serial_mode_admits(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    import os

    # A pseudo-terminal stands in for the scanner's virtual COM port.
    scanner_end, port_end = os.openpty()
    try:
        assert desk.serial.open(os.ttyname(port_end))
        code = next(iter(desk_data.codes.values()))
        with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
            os.write(scanner_end, code.encode()[:40])
            os.write(scanner_end, code.encode()[40:] + b"\r\n")
        assert blocker.args[0].verdict == Verdict.ADMITTED
    finally:
        desk.serial.close()
        os.close(scanner_end)
        os.close(port_end)


def test_focus_goes_back_to_the_scan_field(desk: DeskWindow, qtbot: QtBot) -> None:
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow)
    qtbot.waitUntil(desk.scan_field.hasFocus)
    desk.search.field.setFocus()
    qtbot.waitUntil(desk.search.field.hasFocus)
    desk._search_idle.timeout.emit()  # nobody typed in the search box for a while
    qtbot.waitUntil(desk.scan_field.hasFocus)
    desk.search.results.setFocus()  # a click into the hits list
    qtbot.waitUntil(desk.scan_field.hasFocus)
    for widget in (desk.undo_button, desk.walk_in_button, desk.missing.table, desk.sound_box):
        assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus


@multimedia_noise
def test_the_office_desk_is_named_by_the_office_database_never_by_qsettings(
    window: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    # What an earlier `--station east.pkg` on this laptop left behind must not name this desk.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings().setValue("desk/station", "东门")
    monkeypatch.setattr(dialogs, "choose_activity", lambda _p, choices: choices[0].id)
    monkeypatch.setattr(dialogs, "ask_operator", lambda _parent, _current: "小孙")
    window.desk_button.click()
    qtbot.waitUntil(lambda: window.desk_window is not None, timeout=TIMEOUT)
    desk = window.desk_window
    assert desk is not None
    qtbot.addWidget(desk)
    assert desk.desk.station == checkin.OFFICE_DESK_DEFAULT
    assert desk.station_button.isVisibleTo(desk)
    assert "签到点：办公室" in desk.who.text()

    desk.rename_station("办公室前台")
    qtbot.waitUntil(lambda: desk.desk.station == "办公室前台", timeout=TIMEOUT)
    assert "签到点：办公室前台" in desk.who.text()
    with window.database.reading() as s:
        assert checkin.desk_station_name(s) == "办公室前台"
    window.close()


@multimedia_noise
def test_cancelling_the_operator_question_does_not_open_the_desk(
    window: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ui.desk.launch import desk_setup, open_desk
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(dialogs, "choose_activity", lambda _p, choices: choices[0].id)
    monkeypatch.setattr(dialogs, "ask_operator", lambda _parent, _current: None)
    with window.database.reading() as s:
        setup = desk_setup(s, None)
    assert open_desk(window.database, setup) is None


# --- fitting the screen (issue 12, item 3) ----------------------------------------------------

# The smallest screen the desk is laid out for, less a 40 px taskbar and a title bar of 30 px.
SMALL_SCREEN = (1024, 768 - 40 - 30)


def test_the_desk_fits_a_1024x768_screen_with_a_taskbar(desk: DeskWindow, qtbot: QtBot) -> None:
    hint = desk.minimumSizeHint()
    print(f"desk minimumSizeHint {hint.width()}x{hint.height()}")
    assert hint.width() <= SMALL_SCREEN[0] and hint.height() <= SMALL_SCREEN[1]
    desk.resize(*SMALL_SCREEN)
    qtbot.waitUntil(lambda: desk.width() <= SMALL_SCREEN[0])
    QApplication.processEvents()
    # Every control is inside the window, none pushed off its right or bottom edge.
    window = desk.rect()

    def inside(widget: QWidget) -> bool:
        top_left = widget.mapTo(desk, widget.rect().topLeft())
        bottom_right = widget.mapTo(desk, widget.rect().bottomRight())
        return window.contains(top_left) and window.contains(bottom_right)

    controls = [
        desk.full_button,
        desk.sound_box,
        desk.speech_box,
        desk.unlock_button,
        desk.operator_button,
        desk.lists,
        desk.counters,
        desk.message,
        desk.undo_button,
        desk.walk_in_button,
        desk.scan_field,
        desk.search.field,
        desk.preview,
    ]
    assert [w for w in controls if not inside(w)] == []
    desk.lists.setCurrentIndex(1)  # the 未到 page and its 显示电话
    qtbot.waitUntil(lambda: desk.reveal_button.isVisible())
    assert inside(desk.reveal_button)


def test_the_desk_opens_inside_the_screen_s_free_area(desk: DeskWindow) -> None:
    """Not under the taskbar: the window (and its title bar) within the available geometry."""
    from ui.desk.window import TITLE_BAR_PX

    area = desk.screen().availableGeometry()
    assert desk.height() + TITLE_BAR_PX <= area.height()
    assert desk.width() <= max(area.width(), desk.minimumSizeHint().width())
    assert desk.y() >= area.y()


@pytest.mark.parametrize("size", [(1024, 696), (1024, 768), (1366, 768), (1920, 1080)])
def test_the_verdict_grows_with_the_panel_and_shows_whole(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, size: tuple[int, int]
) -> None:
    code = next(iter(desk_data.codes.values()))
    scan(qtbot, desk, code)
    wait_lists(qtbot, desk)
    desk.resize(*size)
    qtbot.waitUntil(lambda: desk.width() == size[0])
    QApplication.processEvents()
    panel = desk.verdict
    head = panel.headline.font().pixelSize()
    print(f"{size[0]}x{size[1]}: verdict panel {panel.width()}x{panel.height()}, headline {head}px")
    screenshot(desk, f"desk_admitted_{size[0]}x{size[1]}")
    # At least the floor, bigger than the old fixed 76 px wherever the panel has the room,
    # and on one line: the headline's text fits the panel's width.
    assert head >= 56
    if panel.height() >= 400 and panel.width() >= 400:
        assert head > 76
    metrics = panel.headline.fontMetrics()
    assert metrics.horizontalAdvance(panel.headline.text()) <= panel.headline.width()
    # A long refusal's headline: bigger on two balanced lines where one line would be small.
    with desk_data.db.reading() as s:
        theirs = passes.pass_cards(s, desk_data.event_id, desk_data.other_activity_id)[0]
    scan(qtbot, desk, theirs.qr_text)
    QApplication.processEvents()
    head = panel.headline
    assert head.text() == "非本场活动"
    lines = round(head.heightForWidth(head.width()) / head.fontMetrics().lineSpacing())
    one_line = 0.92 * (panel.width() - 32) / 5
    print(f"  {head.text()}: {head.font().pixelSize()}px on {lines} line(s)")
    assert lines in (1, 2) and head.font().pixelSize() >= min(one_line, 56)
    if lines == 2:
        assert head.font().pixelSize() > one_line
    scan(qtbot, desk, code)  # back to the admitted verdict for the rest
    for label in (panel.name, panel.placement):
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
    # Nothing is cut at the bottom, with a long reason too (a detail that wraps).
    long_reason = dataclasses.replace(
        desk.last_result, detail="主管放行：" + "领导特批，同意其随第二组参观" * 3
    )
    for show in (
        lambda: panel.show_result(desk.last_result),
        lambda: panel.show_result(long_reason),
        lambda: panel.show_unsaved("数据库已被另一程序锁定，" * 4),
    ):
        show()
        QApplication.processEvents()
        screenshot(desk, f"desk_long_{size[0]}x{size[1]}")
        # Each line is given the height its wrapped text needs, inside the panel.
        labels = [panel.headline, panel.name, panel.identity, panel.placement, panel.detail]
        cut = [
            (x.text()[:8], x.height(), x.heightForWidth(x.width()))
            for x in labels
            if x.text()
            and (
                x.height() < x.heightForWidth(x.width()) - 2
                or x.geometry().bottom() > panel.contentsRect().bottom()
            )
        ]
        assert cut == []


# --- selections across reloads (issue 12, item 6) ---------------------------------------------


def test_the_arrivals_selection_stays_on_the_person_or_is_cleared(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = list(desk_data.codes.items())[:4]
    for _, code in codes:
        scan(qtbot, desk, code)
    wait_lists(qtbot, desk)
    table = desk.arrivals.table
    # Newest first: row 0 is the last scanned, row 2 the second.
    second = codes[1][0]
    table.selectRow(2)
    assert desk.arrivals.selected() == second
    # The newest is taken back (by another desk, say): every row below moves up one.
    unlock(qtbot, desk)
    with desk_data.db.transaction() as s:
        checkin.undo(
            s,
            checkin.Desk(desk_data.activity_id, "西门", "老王"),
            codes[3][0],
            reason="扫错",
            supervisor=desk.grant,
        )
    wait_lists(qtbot, desk)
    assert desk.arrivals.selected() == second
    assert (
        table.item(table.selectionModel().selectedRows()[0].row(), 1).text()
        == (desk_data.names[second])
    )
    # The selected person is taken back: nobody is selected, and 撤销签到 does not pick the
    # one who moved into their row.
    monkeypatch.setattr(dialogs, "ask_reason", lambda *_: "扫错了人")
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        desk.ask_undo()
    assert blocker.args[0].person.id == second
    wait_lists(qtbot, desk)
    assert desk.arrivals.selected() is None and table.selectionModel().selectedRows() == []
    desk.ask_undo()
    assert "请先在“已到”列表中选中" in desk.message.text()
    assert len(events_of(desk_data.db, LogKind.UNDO)) == 2


def test_the_missing_selection_stays_on_the_person_or_is_cleared(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    wait_lists(qtbot, desk)
    missing = desk.missing
    ids = [a.person.id for a in missing.absentees]
    assert len(ids) >= 4
    missing.table.selectRow(3)
    picked = ids[3]
    # Someone above in the list arrives: the selection stays on the same person.
    scan(qtbot, desk, desk_data.codes[ids[0]])
    wait_lists(qtbot, desk)
    assert missing.selected() == picked
    assert missing.table.selectionModel().selectedRows()[0].row() == 2
    # 显示电话 shows that person's number.
    unlock(qtbot, desk)
    desk.reveal_selected()
    qtbot.waitUntil(lambda: picked in missing.revealed)
    (row,) = events_of(desk_data.db, LogKind.REVEAL)
    assert row.participant_id == picked
    # The selected person arrives: nobody is selected, 显示电话 asks for a choice.
    scan(qtbot, desk, desk_data.codes[picked])
    wait_lists(qtbot, desk)
    assert missing.selected() is None
    desk.reveal_selected()
    assert "请先在“未到”列表中选中一人" in desk.message.text()
    assert len(events_of(desk_data.db, LogKind.REVEAL)) == 1


# --- the search admits only whom the steward confirmed (issue 12, item 4) ---------------------


def _rename(db: Database, participant_id: int, name: str) -> None:
    with db.transaction() as s:
        person = s.get(Participant, participant_id)
        assert person is not None
        person.name = name


def test_search_results_show_the_checkin_state_first_then_status_activity_and_bus(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    pid, code = next(iter(desk_data.codes.items()))
    scan(qtbot, desk, code)
    wait_lists(qtbot, desk)
    desk.search.field.setText(desk_data.names[pid])
    row = next(i for i, h in enumerate(desk.search.hits) if h.person.id == pid)
    text = desk.search.results.item(row).text()
    first, second = text.split("\n")
    assert first == f"{desk_data.names[pid]}　已签到 14:30 · 已确认"
    assert "亲民城管" in second and "号车" in second
    # Someone not in: 未签到 first, then their status (候补 here, and 本人谢绝 in full).
    waiting = waitlisted_ids(desk_data.db, desk_data.activity_id)
    set_status(desk_data.db, waiting[1], Status.DECLINED)
    with qtbot.waitSignal(desk.roster_loaded, timeout=TIMEOUT):
        desk.load_roster()
    for person, status in ((waiting[0], "候补"), (waiting[1], "本人谢绝")):
        with desk_data.db.reading() as s:
            name = s.get(Participant, person).name
        desk.search.field.setText(name)
        row = next(i for i, h in enumerate(desk.search.hits) if h.person.id == person)
        assert desk.search.results.item(row).text().split("\n")[0] == f"{name}　未签到 · {status}"
        assert "未分车" in desk.search.results.item(row).text()
    # Rows wrap in the list's width: no line is cut at the right edge.
    assert desk.search.results.wordWrap()
    screenshot(desk, "desk_search_results")


def test_return_on_the_search_asks_once_and_never_picks_among_several(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = list(desk_data.codes)
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: object, question: str) -> bool:
        asked.append(question)
        return answer[0]

    monkeypatch.setattr(dialogs, "confirm_admit", confirm)
    # One match: Return asks "确认为 … 签到？" once; 取消 admits nobody.
    name = desk_data.names[ids[0]]
    desk.search.field.setText(name)
    assert [h.person.id for h in desk.search.hits] == [ids[0]]
    assert desk.search.picked_row() is None  # nothing preselected
    qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    assert asked == [f"确认为 {name} 签到？"]
    operations.wait_for_workers()
    assert events_of(desk_data.db, LogKind.CHECKIN) == []
    answer[0] = True
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    assert len(asked) == 2 and blocker.args[0].person.id == ids[0]
    # Two people with the same name: Return asks to pick first, and admits nobody.
    _rename(desk_data.db, ids[2], desk_data.names[ids[1]])
    with qtbot.waitSignal(desk.roster_loaded, timeout=TIMEOUT):
        desk.load_roster()
    twin = desk_data.names[ids[1]]
    desk.search.field.setText(twin)
    assert {h.person.id for h in desk.search.hits} == {ids[1], ids[2]}
    qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    assert "请先用 ↑↓ 或单击选中" in desk.message.text() and len(asked) == 2
    # Picked with the arrow key: the question tells the two apart by ID number and bus.
    qtbot.keyClick(desk.search.field, Qt.Key.Key_Down)
    picked = desk.search.hits[desk.search.picked_row() or 0]
    with qtbot.waitSignal(desk.shown, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    assert blocker.args[0].person.id == picked.person.id
    assert asked[-1].startswith(f"确认为 {twin} 签到？\n同名 2 人，请核对证件：")
    assert picked.person.masked_id in asked[-1]
    # A typed query that matches several (initials shared by many): pick first, too.
    desk.search.field.setText("1")
    assert len(desk.search.hits) > 1
    before = len(events_of(desk_data.db, LogKind.CHECKIN))
    qtbot.keyClick(desk.search.field, Qt.Key.Key_Return)
    operations.wait_for_workers()
    assert len(asked) == 3 and len(events_of(desk_data.db, LogKind.CHECKIN)) == before


def test_an_english_desk_shows_verdicts_in_english(
    desk: DeskWindow, qtbot: QtBot, desk_data: DeskData
) -> None:
    from ui.desk.verdict_panel import HEADLINE_SOURCES
    from ui.i18n import install_language, remove_language

    # Every headline the core can give is marked for translation.
    assert set(HEADLINE_SOURCES) == set(checkin.HEADLINES.values())
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_language(app, "en")
    try:
        result = scan(qtbot, desk, next(iter(desk_data.codes.values())))
        assert desk.verdict.headline.text() == "Come in"
        again = scan(qtbot, desk, next(iter(desk_data.codes.values())))
        assert again.verdict == Verdict.ALREADY_CHECKED_IN
        assert desk.verdict.headline.text() == "Already checked in"
        assert result.headline == "请入场"  # the core's words are unchanged
    finally:
        remove_language(app, translator)
