"""The office window on the demo workspace: events, tabs, editing, and the English translation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from checkin_app import events
from checkin_app.db import Database
from tests.fixtures_import import good_rows, write_xlsx
from tests.ui.conftest import screenshot
from ui import operations
from ui.event_editor import EventEditor
from ui.i18n import install_language, remove_language
from ui.main_window import MainWindow
from ui.participants_view import ParticipantsView
from ui.sites_editor import SitesEditor


def _choose(window: MainWindow, qtbot: QtBot, name_part: str) -> None:
    for row in range(window.event_list.count()):
        if name_part in window.event_list.item(row).text():
            window.event_list.setCurrentRow(row)
    qtbot.waitUntil(lambda: name_part in window.view(EventEditor).name.text())  # type: ignore[attr-defined]


def test_events_and_tabs(window: MainWindow, qtbot: QtBot) -> None:
    texts = [window.event_list.item(i).text() for i in range(window.event_list.count())]
    assert any("固原" in t for t in texts) and any("晋城" in t for t in texts)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "活动设置",
        "观摩点",
        "报名人员",
        "均衡选取",
        "通行证",
        "车辆座位",
        "当日看板",
        "冲突处理",
        "意见建议",
    ]
    # It fits an office laptop's 1366×768 screen.
    assert window.width() <= 1366 and window.height() <= 740
    _choose(window, qtbot, "晋城")
    editor = window.view(EventEditor)
    assert isinstance(editor, EventEditor)
    qtbot.waitUntil(lambda: editor.table.rowCount() == 3)
    screenshot(window, "main_window_event_editor")
    for index, name in [(1, "sites"), (2, "participants"), (3, "selection")]:
        window.tabs.setCurrentIndex(index)
        view = window.tabs.currentWidget()
        if name == "participants":
            qtbot.waitUntil(lambda v=view: v.model.rowCount() > 50)  # type: ignore[attr-defined]
        screenshot(window, f"main_window_{name}")


def test_edit_event_activity_site_and_itinerary(
    window: MainWindow, qtbot: QtBot, demo_db: Database
) -> None:
    _choose(window, qtbot, "固原")
    editor = window.view(EventEditor)
    assert isinstance(editor, EventEditor)
    qtbot.waitUntil(lambda: editor.itinerary.table.rowCount() == 4)
    event_id = editor.event_id

    # The event: rename, organiser, minimum age, invited-first.
    editor.name.setText("固原市城市管理局2025年开放日（改）")
    editor.min_age.setValue(20)
    editor.invited_first.setChecked(False)
    # Saved, then reloaded: only then are the activity's fields the stored ones again.
    with qtbot.waitSignal(editor.loaded):
        qtbot.mouseClick(editor.save_event_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "（改）" in window.event_list.item(0).text())

    # The activity: a sign-in end before its start is refused with a message, nothing saved.
    editor.a_signin_end.set_value(dt.time(14, 0))
    qtbot.mouseClick(editor.save_activity_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "早于签到开始" in editor.message.text())
    editor.a_signin_end.set_value(dt.time(14, 45))
    editor.a_capacity.setValue(45)
    editor.a_responsible.setText("王主任")
    with qtbot.waitSignal(editor.loaded):
        qtbot.mouseClick(editor.save_activity_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "活动项目已保存"
    qtbot.waitUntil(lambda: editor.itinerary.table.rowCount() == 4)

    # The itinerary: move the last stop up, remove the first, save.
    itinerary = editor.itinerary
    before = [s[1] for s in itinerary.stops]
    itinerary.table.selectRow(3)
    qtbot.mouseClick(itinerary.up_button, Qt.MouseButton.LeftButton)
    itinerary.table.selectRow(0)
    qtbot.mouseClick(itinerary.remove_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(editor.loaded):
        qtbot.mouseClick(itinerary.save_button, Qt.MouseButton.LeftButton)
    expected = [before[1], before[3], before[2]]

    # A site: its safety notes and capacity at once.
    window.tabs.setCurrentIndex(1)
    sites = window.view(SitesEditor)
    assert isinstance(sites, SitesEditor)
    qtbot.waitUntil(lambda: sites.table.rowCount() == 4)
    sites.table.selectRow(1)
    sites.at_once.setValue(15)
    sites.safety.setPlainText("沿标线行走，不得触碰设备")
    with qtbot.waitSignal(sites.loaded):
        qtbot.mouseClick(sites.save_button, Qt.MouseButton.LeftButton)
    screenshot(window, "main_window_sites_edited")
    operations.wait_for_workers()

    with demo_db.reading() as s:
        details = events.event_details(s, event_id)
        (activity,) = events.list_activities(s, event_id)
        stops = [x.site_name for x in events.itinerary(s, activity.id)]
        site = events.list_sites(s, event_id)[1]
    assert (details.name, details.min_age, details.invited_first) == (
        "固原市城市管理局2025年开放日（改）",
        20,
        False,
    )
    assert (activity.signin_end, activity.capacity) == (dt.time(14, 45), 45)
    assert activity.responsible_person == "王主任"
    assert stops == expected
    assert (site.capacity_at_once, site.safety_notes) == (15, "沿标线行走，不得触碰设备")


def test_new_event_from_the_window(window: MainWindow, qtbot: QtBot) -> None:
    window.create_event("青岛市城市管理局公众开放日")
    qtbot.waitUntil(lambda: window.event_list.count() == 3)
    window.create_event("青岛市城市管理局公众开放日")
    qtbot.waitUntil(lambda: "已有同名活动" in window.statusBar().currentMessage())
    assert window.event_list.count() == 3


@pytest.fixture
def english(qtbot: QtBot) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_language(app, "en")
    yield
    remove_language(app, translator)


def test_english_translation(english: None, window: MainWindow, qtbot: QtBot) -> None:
    assert window.tabs.tabText(3) == "Balanced selection"
    window.reload_events()
    items = lambda: [window.event_list.item(i).text() for i in range(window.event_list.count())]  # noqa: E731
    qtbot.waitUntil(lambda: any("1 activity ·" in t for t in items()))
    assert any("3 activities ·" in t for t in items())
    editor = window.view(EventEditor)
    assert isinstance(editor, EventEditor)
    assert editor.save_event_button.text() == "Save event"
    qtbot.waitUntil(lambda: editor.itinerary.table.rowCount() == 4)
    screenshot(window, "main_window_english")
    assert QTime(14, 20).isValid()


def test_qt_s_own_dialogs_speak_chinese_in_the_chinese_window(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_language(app, "zh")
    try:
        assert translator is not None
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Yes
            | QDialogButtonBox.StandardButton.No
            | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(buttons)
        texts = {b.text().replace("&", "") for b in buttons.buttons()}
        assert texts & {"是(Y)", "是"} and texts & {"否(N)", "否"}
        assert QApplication.translate("QFileDialog", "Look in:") == "查找范围："
    finally:
        remove_language(app, translator)


def test_import_from_the_window_refreshes_every_view(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    _choose(window, qtbot, "晋城")
    people = window.view(ParticipantsView)
    assert isinstance(people, ParticipantsView)
    qtbot.waitUntil(lambda: people.model.rowCount() == 76)
    window.open_import()
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.load(write_xlsx(tmp_path / "补充报名.xlsx", good_rows(3)))
    screenshot(dialog, "import_dialog_from_window")
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.model.rowCount() == 79)
    qtbot.waitUntil(lambda: "79 人报名" in window.event_list.currentItem().text())


def test_every_tab_fits_a_1024x768_screen(window: MainWindow, qtbot: QtBot) -> None:
    """No tab may push the office window past a 1024×768 screen with a 40 px taskbar."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        hint, name = window.minimumSizeHint(), window.tabs.tabText(index)
        assert hint.width() <= 1024, name
        assert hint.height() <= 768 - 40, name
