"""The group leader's window: ticks are log events, the bus leaves only with a matching count
or a reason, and the phone of someone missing is shown (and the look logged)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import attendance, checkin, events, logistics
from checkin_app.db import Database
from checkin_app.models import Activity, LogEvent, LogKind, SeatAssignment
from tests.ui.conftest import screenshot
from ui import leader_window, operations
from ui.leader_window import LeaderWindow


@pytest.fixture
def planned_db(demo_db: Database) -> Database:
    """The demo's 固原 open day seated on its bus, everyone but the last two checked in."""
    with demo_db.transaction() as s:
        event = events.find_event(s, 1)
        activity = event.activities[0]
        logistics.plan_activity(s, activity)
        seats = list(
            s.scalars(select(SeatAssignment).where(SeatAssignment.activity_id == activity.id))
        )
        for a in sorted(seats, key=lambda a: a.participant_id)[:-2]:
            checkin.append(
                s,
                event_id=event.id,
                station="东门",
                kind=LogKind.CHECKIN,
                operator="签到员",
                activity_id=activity.id,
                participant_id=a.participant_id,
            )
    return demo_db


@pytest.fixture
def leader(qtbot: QtBot, planned_db: Database) -> Iterator[LeaderWindow]:
    win = LeaderWindow(planned_db, 1)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.data is not None and win.data.roster is not None)
    yield win
    operations.wait_for_workers()


def _events(db: Database, kind: LogKind) -> list[LogEvent]:
    with db.reading() as s:
        return list(s.scalars(select(LogEvent).where(LogEvent.kind == kind)))


def _ticked(win: LeaderWindow, row: int) -> tuple[bool, bool]:
    """What row `row` shows: (到 lit, 未到 lit)."""
    present, missing = win.tick_buttons(row)
    return bool(present.property("ticked")), bool(missing.property("ticked"))


def test_ticking_boarding_writes_the_log_and_the_tick_shows_only_after_the_commit(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.data is not None and leader.data.roster is not None
    roster = leader.data.roster
    assert leader.stop.currentText() == "上车（集合点）"
    assert leader.table.rowCount() == len(roster.members) == 20
    present, missing = leader.tick_buttons(0)
    assert not present.isCheckable() and not missing.isCheckable()
    present.click()
    # Nothing is lit by the click itself; the row waits for the commit and the reload.
    assert _ticked(leader, 0) == (False, False) and not present.isEnabled()
    qtbot.waitUntil(lambda: len(_events(planned_db, LogKind.BOARD)) == 1)
    qtbot.waitUntil(lambda: "实到 1" in leader.count.text())
    assert _ticked(leader, 0) == (True, False)
    (board,) = _events(planned_db, LogKind.BOARD)
    assert board.participant_id == roster.members[0].participant_id
    assert board.verdict == "present" and board.group_id == roster.group_id
    # 到 again writes nothing more: the log already says so.
    leader.tick_buttons(0)[0].click()
    operations.wait_for_workers()
    assert len(_events(planned_db, LogKind.BOARD)) == 1
    screenshot(leader, "leader_window")


def test_someone_never_ticked_can_be_marked_missing_from_the_row_or_the_missing_list(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.data is not None and leader.data.roster is not None
    members = leader.data.roster.members
    assert _ticked(leader, 1) == (False, False)
    leader.tick_buttons(1)[1].click()
    qtbot.waitUntil(lambda: _ticked(leader, 1) == (False, True))
    (mark,) = _events(planned_db, LogKind.BOARD)
    assert mark.participant_id == members[1].participant_id and mark.verdict == "missing"
    # The missing list: nobody chosen, nothing to mark; choose one, then 标记未到.
    assert not leader.mark_button.isEnabled() and not leader.call_button.isEnabled()
    leader.missing.setCurrentRow(0)
    assert leader.mark_button.isEnabled() and leader.call_button.isEnabled()
    first = leader.chosen_missing()
    assert first == members[0].participant_id
    leader.mark_button.click()
    qtbot.waitUntil(lambda: _ticked(leader, 0) == (False, True))
    assert leader.chosen_missing() == first  # still missing: the choice survives the reload
    verdicts = {(e.participant_id, e.verdict) for e in _events(planned_db, LogKind.BOARD)}
    assert verdicts == {(members[1].participant_id, "missing"), (first, "missing")}
    # Changing one's mind is another tick: the latest wins.
    leader.tick_buttons(0)[0].click()
    qtbot.waitUntil(lambda: _ticked(leader, 0) == (True, False))
    assert "实到 1" in leader.count.text() and len(_events(planned_db, LogKind.BOARD)) == 3
    screenshot(leader, "leader_window_ticks")


def test_a_refused_tick_lights_nothing_and_the_table_shows_the_log(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.data is not None and leader.data.roster is not None
    gone = leader.data.roster.members[0]
    with planned_db.transaction() as s:  # the office moved them off the bus meanwhile
        seat = s.scalars(
            select(SeatAssignment).where(SeatAssignment.participant_id == gone.participant_id)
        ).one()
        s.delete(seat)
    leader.tick_buttons(0)[0].click()
    qtbot.waitUntil(lambda: "不在" in leader.message.text())
    qtbot.waitUntil(lambda: leader.table.rowCount() == 19)
    assert f"{gone.name}不在" in leader.message.text()
    assert _events(planned_db, LogKind.BOARD) == []
    assert all(_ticked(leader, row) == (False, False) for row in range(19))


def test_the_bus_leaves_only_with_a_reason_when_people_are_missing(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert "需填写原因" in leader.depart_button.text()
    leader.depart_with("")
    qtbot.waitUntil(lambda: "未到：" in leader.message.text())
    assert "应到" in leader.message.text() and _events(planned_db, LogKind.DEPART) == []
    leader.depart_with("其余人员自行前往第一个观摩点")
    qtbot.waitUntil(lambda: len(_events(planned_db, LogKind.DEPART)) == 1)
    qtbot.waitUntil(lambda: leader.stop.currentIndex() == 1)
    assert leader.stop.currentText().startswith(("人民广场", "第一污水处理厂"))
    screenshot(leader, "leader_window_site")


def test_the_phone_of_someone_missing_is_shown_and_the_look_logged(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.missing.count() > 0
    leader.missing.setCurrentRow(0)
    asked: list[bool] = []

    def wrong_pin() -> str:
        asked.append(True)
        return "0000"

    leader.ask_pin = wrong_pin  # type: ignore[method-assign]
    leader.show_phone()
    qtbot.waitUntil(lambda: "主管密码不正确" in leader.message.text())
    assert asked and leader.phone.text() == "" and _events(planned_db, LogKind.REVEAL) == []
    (failed,) = _events(planned_db, LogKind.PIN_FAILED)
    assert failed.detail and "0000" not in failed.detail
    leader.ask_pin = lambda: "1234"  # type: ignore[method-assign]  # the demo's PIN
    leader.show_phone()
    qtbot.waitUntil(lambda: leader.phone.text() != "")
    _, phone = leader.phone.text().split("　")
    assert len(phone) == 11 and "*" not in phone
    (reveal,) = _events(planned_db, LogKind.REVEAL)
    assert reveal.reason == "带队联系未到人员"


def test_no_phone_is_shown_until_someone_is_chosen_in_the_missing_list(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.missing.count() > 0 and leader.chosen_missing() is None
    assert not leader.call_button.isEnabled()
    leader.show_phone()
    operations.wait_for_workers()
    assert leader.message.text() == "请先在未到名单中选择要联系的人"
    assert leader.phone.text() == "" and _events(planned_db, LogKind.REVEAL) == []


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The site each load of the leader's window asked for, counted as the worker runs it."""
    asked: list[int | None] = []
    real = leader_window.load

    def counted(
        s: Session, event_id: int, activity_id: int | None, group_id: int | None, site: int | None
    ) -> leader_window.LeaderData:
        asked.append(site)
        return real(s, event_id, activity_id, group_id, site)

    monkeypatch.setattr(leader_window, "load", counted)
    return asked


def _settle(qtbot: QtBot) -> None:
    """Let every queued load run and deliver its result (a retry loop would start another)."""
    for _ in range(5):
        operations.wait_for_workers()
        qtbot.wait(20)


def test_an_event_that_is_gone_shows_its_error_once_and_loads_no_more(
    qtbot: QtBot, demo_db: Database, loads: list[int | None]
) -> None:
    win = LeaderWindow(demo_db, 9999)
    qtbot.addWidget(win)
    failures: list[str] = []
    win.load_failed.connect(failures.append)
    win.show()
    qtbot.waitUntil(lambda: win.message.text() != "")
    _settle(qtbot)
    assert len(loads) == 1 and len(failures) == 1
    assert "找不到" in win.message.text() and "9999" in win.message.text()
    assert win.count.text() == "未能载入" and win.table.rowCount() == 0
    assert not win.depart_button.isEnabled()


def test_a_site_removed_while_shown_shows_one_error_and_the_next_load_asks_for_the_current_stop(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database, loads: list[int | None]
) -> None:
    leader.stop.setCurrentIndex(1)
    qtbot.waitUntil(
        lambda: (
            leader.data is not None
            and leader.data.roster is not None
            and leader.data.roster.shown == 1
        )
    )
    shown = leader.data.roster.call.stop
    with planned_db.transaction() as s:
        activity = s.get(Activity, leader.data.roster.activity_id)
        assert activity is not None
        activity.stops = [st for st in activity.stops if st.site_id != shown.site_id]
    failures: list[str] = []
    leader.load_failed.connect(failures.append)
    loads.clear()
    leader.refresh()
    qtbot.waitUntil(lambda: len(failures) == 1)
    _settle(qtbot)
    assert loads == [shown.site_id] and len(failures) == 1
    assert f"观摩点编号{shown.site_id}不在" in leader.message.text()
    assert leader.stop.count() == 0 and leader.table.rowCount() == 0
    with planned_db.reading() as s:  # nothing was written by the failed loads
        assert s.scalars(select(LogEvent).where(LogEvent.kind != LogKind.CHECKIN)).all() == []
    # 刷新 asks for the stop the group is at now, which still exists.
    leader.refresh_button.click()
    qtbot.waitUntil(lambda: leader.data is not None and leader.data.roster is not None)
    assert loads[-1] == -1 and leader.stop.currentText() == "上车（集合点）"
    assert shown.name not in [leader.stop.itemText(i) for i in range(leader.stop.count())]


def test_the_groups_sign_in_counts_are_the_desks(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    """The leader sees the group's sign-in as the desk and the report count it (one definition:
    attendance.attendance_counts), beside the roll call of the stop."""
    assert leader.data is not None and leader.data.roster is not None
    roster = leader.data.roster
    with planned_db.reading() as s:
        counts = attendance.attendance_counts(s, roster.activity_id)
        desk = checkin.desk_lists(s, roster.activity_id).counters
    group = counts.group(roster.group)
    assert group is not None and desk.group(roster.group) == group
    assert group.expected == len(roster.members)
    assert group.missing == sum(1 for m in roster.members if not m.checked_in) > 0
    assert leader.signin.text() == (
        f"签到：应到 {group.expected} 已到 {group.arrived} 未到 {group.missing}"
    )
    assert leader.count.text().startswith("点名：应到")


def test_the_highlight_stays_on_the_person_ticked_across_reloads(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    """到 on one row keeps the highlight on that person after the reload (it moved to another
    row: the disabled button handed the focus, and the table's current row, to the next one)."""
    assert leader.data is not None and leader.data.roster is not None
    members = leader.data.roster.members
    leader.table.selectRow(5)
    assert leader.chosen_member() == members[5].participant_id
    leader.tick_buttons(2)[0].click()
    assert leader.chosen_member() == members[2].participant_id
    qtbot.waitUntil(lambda: _ticked(leader, 2) == (True, False))
    assert leader.chosen_member() == members[2].participant_id
    assert len(leader.table.selectionModel().selectedRows()) == 1
    # Someone highlighted who leaves the roster (moved off the bus): nobody is highlighted.
    gone = members[7]
    leader.table.selectRow(7)
    with planned_db.transaction() as s:
        seat = s.scalars(
            select(SeatAssignment).where(SeatAssignment.participant_id == gone.participant_id)
        ).one()
        s.delete(seat)
    leader.refresh()
    qtbot.waitUntil(lambda: leader.table.rowCount() == len(members) - 1)
    assert leader.chosen_member() is None
    # Someone above the highlighted row leaves: the highlight stays on the same person.
    leader.table.selectRow(9)
    kept = leader.chosen_member()
    with planned_db.transaction() as s:
        seat = s.scalars(
            select(SeatAssignment).where(SeatAssignment.participant_id == members[0].participant_id)
        ).one()
        s.delete(seat)
    leader.refresh()
    qtbot.waitUntil(lambda: leader.table.rowCount() == len(members) - 2)
    assert kept is not None and leader.chosen_member() == kept
    assert leader.table.selectionModel().selectedRows()[0].row() == 8
