"""The group leader's window: ticks are log events, the bus leaves only with a matching count
or a reason, and the phone of someone missing is shown (and the look logged)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app import checkin, events, logistics
from checkin_app.db import Database
from checkin_app.models import LogEvent, LogKind, SeatAssignment
from tests.ui.conftest import screenshot
from ui import operations
from ui.leader_window import TICK_COLUMN, LeaderWindow


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


def test_ticking_boarding_writes_the_log_and_the_count_follows(
    qtbot: QtBot, leader: LeaderWindow, planned_db: Database
) -> None:
    assert leader.data is not None and leader.data.roster is not None
    roster = leader.data.roster
    assert leader.stop.currentText() == "上车（集合点）"
    assert leader.table.rowCount() == len(roster.members) == 20
    item = leader.table.item(0, TICK_COLUMN)
    item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: len(_events(planned_db, LogKind.BOARD)) == 1)
    qtbot.waitUntil(lambda: "实到 1" in leader.count.text())
    (board,) = _events(planned_db, LogKind.BOARD)
    assert board.participant_id == roster.members[0].participant_id
    assert board.verdict == "present" and board.group_id == roster.group_id
    screenshot(leader, "leader_window")


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
    leader.show_phone()
    qtbot.waitUntil(lambda: leader.phone.text() != "")
    _, phone = leader.phone.text().split("　")
    assert len(phone) == 11 and "*" not in phone
    (reveal,) = _events(planned_db, LogKind.REVEAL)
    assert reveal.reason == "带队联系未到人员"
