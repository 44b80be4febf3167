"""The office's 车辆座位 tab: automatic seating, a drag to a seat locks the person there, and
the live view of where the groups are."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app.db import Database
from checkin_app.models import SeatAssignment
from tests.ui.conftest import screenshot
from ui.logistics_view import LogisticsView
from ui.main_window import MainWindow
from ui.seat_map import person_mime


def _view(qtbot: QtBot, window: MainWindow) -> LogisticsView:
    view = window.view(LogisticsView)
    assert isinstance(view, LogisticsView)
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.data is not None and view.activity.count() > 0)
    return view


def test_automatic_seating_then_a_drag_locks_a_person_on_a_seat(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    view = _view(qtbot, window)
    assert view.vehicles.count() == 2  # the demo hires two midibuses, still empty
    view.plan_button.click()
    qtbot.waitUntil(
        lambda: view.seat_map.map is not None and "20/23" in view.vehicles.item(0).text()
    )
    # The two buses take turns at the plant (20 at a time), so a timetable fits the afternoon.
    assert "无法排出" not in view.warnings.text()
    assert view.vehicles.item(0).text().startswith("1号车")
    bus = view.seat_map.map
    assert bus is not None
    free = next(c for c in bus.cells if c.participant_id is None and not c.reserved)
    person = next(c for c in bus.cells if c.participant_id is not None)
    assert person.participant_id is not None
    centre = view.seat_map.cell_rect(free).center()
    # The event only points at the data: keep it alive for as long as the event.
    mime = person_mime(person.participant_id)
    drop = QDropEvent(
        QPointF(centre),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.seat_map.dropEvent(drop)

    def moved() -> bool:
        with demo_db.reading() as s:
            a = s.scalars(
                select(SeatAssignment).where(SeatAssignment.participant_id == person.participant_id)
            ).one()
            return a.seat == free.label and a.locked

    qtbot.waitUntil(moved)
    qtbot.waitUntil(lambda: "已固定" in view.message.text())
    qtbot.waitUntil(
        lambda: (
            view.seat_map.map is not None
            and any(c.label == free.label and c.locked for c in view.seat_map.map.cells)
        )
    )
    assert view.live.rowCount() >= 1
    assert view.live.item(0, 3).text() == "集合点"
    screenshot(window, "logistics_view")


def test_a_drop_on_a_taken_seat_is_refused_with_the_reason(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = _view(qtbot, window)
    view.plan_button.click()
    qtbot.waitUntil(
        lambda: (
            view.seat_map.map is not None
            and any(c.participant_id is not None for c in view.seat_map.map.cells)
        )
    )
    bus = view.seat_map.map
    assert bus is not None
    taken = [c for c in bus.cells if c.participant_id is not None]
    assert taken[0].participant_id is not None
    view.move(taken[0].participant_id, bus.vehicle_id, taken[1].label)
    qtbot.waitUntil(lambda: "请先移走" in view.message.text())
