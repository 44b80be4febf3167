"""The office's 车辆座位 tab: automatic seating, a drag to a seat locks the person there, and
the live view of where the groups are."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragLeaveEvent, QDragMoveEvent, QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app import passes
from checkin_app.db import Database
from checkin_app.logistics import SeatCell
from checkin_app.models import SeatAssignment
from tests.ui.conftest import screenshot
from ui.logistics_view import LogisticsView
from ui.main_window import MainWindow
from ui.passes_view import PRINT_COLUMN, REPRINT, PassesView
from ui.seat_map import drag_chip, person_mime


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
    view.move_person(taken[0].participant_id, bus.vehicle_id, taken[1].label)
    qtbot.waitUntil(lambda: "请先移走" in view.message.text())


def _drag_over(view: LogisticsView, cell: SeatCell, mime: QMimeData) -> None:
    centre = view.seat_map.cell_rect(cell).center()
    move = QDragMoveEvent(
        QPointF(centre).toPoint(),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.seat_map.dragMoveEvent(move)


def test_a_printed_pass_moved_to_another_seat_needs_a_reprint(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    """Item 7: the drag shows who lands where; the move says the printed pass is out of date,
    and the 通行证 tab lists it under 需重印 until it is printed again."""
    view = _view(qtbot, window)
    view.plan_button.click()
    qtbot.waitUntil(
        lambda: view.seat_map.map is not None and "20/23" in view.vehicles.item(0).text()
    )
    activity_id = view.activity_id()
    with demo_db.transaction() as s:
        passes.issue_missing(s, view.event_id, activity_id, actor="办公室")
        printed = passes.pass_cards(s, view.event_id, activity_id)
        assert passes.mark_printed(s, printed) == len(printed) > 0
        assert passes.reprints_needed(s, view.event_id, activity_id) == 0
    bus = view.seat_map.map
    assert bus is not None
    free = next(c for c in bus.cells if c.participant_id is None and not c.reserved)
    person = next(c for c in bus.cells if c.participant_id is not None)
    other = next(c for c in bus.cells if c.participant_id not in (None, person.participant_id))
    assert person.participant_id is not None

    # Dragged over a free seat: it lights green with the name; over a taken one, orange.
    mime = person_mime(person.participant_id, person.name)
    _drag_over(view, free, mime)
    assert view.seat_map.drop_target == free and view.seat_map.dragged_name == person.name
    screenshot(view.seat_map, "seat_map_drag_free")
    _drag_over(view, other, mime)
    assert view.seat_map.drop_target == other
    screenshot(view.seat_map, "seat_map_drag_taken")
    view.seat_map.dragLeaveEvent(QDragLeaveEvent())
    assert view.seat_map.drop_target is None
    assert not drag_chip(person.name, view.font()).isNull()

    view.move_person(person.participant_id, bus.vehicle_id, free.label)
    qtbot.waitUntil(lambda: "需重印通行证" in view.message.text())
    assert "座位已改，需重印通行证" in view.message.text()
    assert f"已把{person.name}移到{bus.label} {free.label}座" in view.message.text()
    screenshot(window, "logistics_view_reprint")

    passes_view = window.view(PassesView)
    assert isinstance(passes_view, PassesView)
    window.tabs.setCurrentWidget(passes_view)
    passes_view.refresh()
    passes_view.show_filter.setCurrentIndex(passes_view.show_filter.findData(REPRINT))
    qtbot.waitUntil(lambda: passes_view.table.rowCount() == 1)
    assert passes_view.table.item(0, 0).text() == person.name
    assert f"{bus.label} {free.label}座" in passes_view.table.item(0, 6).text()
    assert "座位已改，需重印" in passes_view.table.item(0, PRINT_COLUMN).text()
    assert "需重印 1 张" in passes_view.summary.text()
    screenshot(window, "passes_view_reprint")


def test_a_move_of_an_unprinted_pass_asks_for_no_reprint(qtbot: QtBot, window: MainWindow) -> None:
    view = _view(qtbot, window)
    view.plan_button.click()
    qtbot.waitUntil(
        lambda: view.seat_map.map is not None and "20/23" in view.vehicles.item(0).text()
    )
    bus = view.seat_map.map
    assert bus is not None
    free = next(c for c in bus.cells if c.participant_id is None and not c.reserved)
    person = next(c for c in bus.cells if c.participant_id is not None)
    assert person.participant_id is not None
    view.move_person(person.participant_id, bus.vehicle_id, free.label)
    qtbot.waitUntil(lambda: "已固定" in view.message.text())
    assert "重印" not in view.message.text()
