"""The office's small dialogs as a user meets them: 新建活动 keeps a refused name on screen, a new
activity is dated today in China, and purge says when it may run before asking anything."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app import clock, events
from checkin_app.db import Database
from checkin_app.models import Event, Purge
from tests.ui.conftest import screenshot
from ui import operations
from ui.dashboard_view import DashboardView
from ui.event_editor import EventEditor
from ui.main_window import MainWindow


def _events(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Event)) or 0)


def test_new_event_with_an_empty_name_stays_open_with_the_reason(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    before = _events(demo_db)
    window.new_event_button.click()
    dialog = window.new_event_dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.organiser.setText("青岛市城市管理局")
    ok.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "活动名称不能为空")
    assert dialog.isVisible() and dialog.organiser.text() == "青岛市城市管理局"
    assert _events(demo_db) == before
    screenshot(dialog, "new_event_refused")
    # A taken name: refused the same way, still open.
    dialog.name.setText("晋城市城市管理局2024年政府开放周")
    ok.click()
    qtbot.waitUntil(lambda: "已有同名活动" in dialog.message.text())
    assert dialog.isVisible() and _events(demo_db) == before
    dialog.name.setText("青岛市城市管理局公众开放日")
    with qtbot.waitSignal(dialog.created, timeout=10000):
        ok.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: window.event_list.count() == before + 1)
    with demo_db.reading() as s:
        made = events.find_event(s, "青岛市城市管理局公众开放日")
        assert made.organiser == "青岛市城市管理局"


def test_a_new_activity_is_dated_today_in_china_not_on_the_machines_utc_date(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 UTC on 23 September is 07:30 on 24 September in China.
    monkeypatch.setattr(clock, "utc_now", lambda: dt.datetime(2025, 9, 23, 23, 30, tzinfo=dt.UTC))
    with db.transaction() as s:
        event_id = events.create_event(s, "新开放日").id
    editor = EventEditor(db, event_id)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=10000):
        pass
    with qtbot.waitSignal(editor.changed, timeout=10000):
        editor.add_activity()
    with db.reading() as s:
        (activity,) = events.find_event(s, event_id).activities
        assert activity.date == dt.date(2025, 9, 24)
    operations.wait_for_workers()


def test_purge_before_the_retention_date_says_so_before_asking(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo is held today: its data must stay 15 days. The date is said at once, with no
    reason asked and no confirmation to click through first."""

    def never(*_: object, **__: object) -> object:
        raise AssertionError("asked before saying the purge is not allowed yet")

    monkeypatch.setattr(QInputDialog, "getText", never)
    monkeypatch.setattr(QMessageBox, "question", never)
    with demo_db.reading() as s:
        event_id = events.find_event(s, "晋城市城市管理局2024年政府开放周").id
    view = DashboardView(demo_db, event_id)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=20000)
    view.purge_button.click()
    qtbot.waitUntil(lambda: "最早可于" in view.message.text(), timeout=10000)
    text = view.message.text()
    assert text.startswith("“晋城市城市管理局2024年政府开放周”的个人信息须保存至活动结束后15天")
    QApplication.processEvents()
    with demo_db.reading() as s:
        assert s.scalars(select(Purge)).first() is None
    operations.wait_for_workers()
