"""车辆座位: an activity's vehicles and seat maps (drag a person to a seat), automatic seating,
the re-plan after sign-in, and where every group is now."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checkin_app import clock, events, leaders, logistics, passes
from checkin_app.db import Database, Session
from ui import operations
from ui.seat_map import SeatMap, drag_chip, person_mime
from ui.view import EventView

LIVE_REFRESH_MS = 30_000


# What the tab shows, read by the core (leaders.logistics_view); `load` is the name it calls it by.
LogisticsData = leaders.LogisticsData
load = leaders.logistics_view


class PeopleList(QListWidget):
    """The activity's people, dragged from here onto a seat of any vehicle."""

    def __init__(self) -> None:
        super().__init__()
        self.setDragEnabled(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        item = items[0]
        return person_mime(int(item.data(Qt.ItemDataRole.UserRole)), _name(item))

    def startDrag(self, supported: Qt.DropAction) -> None:
        """Drag the person's name (not a picture of the list row) so the seat map can say who
        lands where."""
        items = self.selectedItems()
        if not items:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData(items))
        chip = drag_chip(_name(items[0]), self.font())
        drag.setPixmap(chip)
        drag.setHotSpot(QPoint(chip.width() // 2, chip.height() // 2))
        drag.exec(supported)


NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def _name(item: QListWidgetItem) -> str:
    return str(item.data(NAME_ROLE) or "")


class LogisticsView(EventView):
    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.data: LogisticsData | None = None
        self.activity = QComboBox()
        self.activity.currentIndexChanged.connect(lambda _: self.refresh())
        self.plan_button = QPushButton(self.tr("自动排座"))
        self.plan_button.setToolTip(
            self.tr("按同行人、需照顾者和类别均衡排座分组；手动调整过的座位保持不动")
        )
        self.plan_button.clicked.connect(self.auto_plan)
        self.replan_button = QPushButton(self.tr("签到截止后重排"))
        self.replan_button.setToolTip(self.tr("只保留已签到的人，从前排补齐空位；已上车的人不动"))
        self.replan_button.clicked.connect(self.replan)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00;")

        self.vehicles = QListWidget()
        self.vehicles.currentRowChanged.connect(self._vehicle_chosen)
        self.people = PeopleList()
        self.seat_map = SeatMap(editable=True)
        self.seat_map.move_requested.connect(self.move_person)

        self.live = QTableWidget(0, 7)
        self.live.setHorizontalHeaderLabels(
            [
                self.tr("分组"),
                self.tr("车辆"),
                self.tr("带队"),
                self.tr("位置"),
                self.tr("时间"),
                self.tr("应到/实到"),
                self.tr("未到（最后一次）"),
            ]
        )
        self.live.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.live.verticalHeader().hide()
        self.live.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.live.horizontalHeader().setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("活动项目")))
        top.addWidget(self.activity, 1)
        top.addWidget(self.plan_button)
        top.addWidget(self.replan_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("车辆")))
        left_layout.addWidget(self.vehicles, 1)
        left_layout.addWidget(QLabel(self.tr("人员（拖到座位上）")))
        left_layout.addWidget(self.people, 2)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.seat_map)
        split.setStretchFactor(1, 1)
        split.setSizes([240, 700])
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(split)
        live_box = QWidget()
        live_layout = QVBoxLayout(live_box)
        live_layout.setContentsMargins(0, 0, 0, 0)
        live_layout.addWidget(QLabel(self.tr("各组动态")))
        live_layout.addWidget(self.live)
        vertical.addWidget(live_box)
        vertical.setSizes([480, 160])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warnings)
        layout.addWidget(vertical, 1)
        layout.addWidget(self.message)
        # Leaders' ticks arrive by sync while the office watches: reload the live view now and then.
        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def activity_id(self) -> int | None:
        value = self.activity.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        event_id, activity_id = self.event_id, self.activity_id()
        operations.query(self.database, lambda s, _: load(s, event_id, activity_id)).success(
            self._loaded
        ).failure(self.show_error).run_in_background()

    def _loaded(self, data: LogisticsData) -> None:
        self.data = data
        if self.activity.count() != len(data.activities):
            self.activity.blockSignals(True)
            self.activity.clear()
            for aid, name in data.activities:
                self.activity.addItem(name, aid)
            self.activity.blockSignals(False)
        keep = self.vehicles.currentRow()
        self.vehicles.blockSignals(True)
        self.vehicles.clear()
        for m in data.maps:
            self.vehicles.addItem(self.tr("{0}　{1}/{2}人").format(m.label, m.occupied, m.usable))
        self.vehicles.blockSignals(False)
        if data.maps:
            self.vehicles.setCurrentRow(min(max(keep, 0), len(data.maps) - 1))
        self._vehicle_chosen(self.vehicles.currentRow())
        self.people.clear()
        for pid, name in data.unseated:
            item = QListWidgetItem(self.tr("未排座　{0}").format(name))
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(NAME_ROLE, name)
            self.people.addItem(item)
        for s in data.seats:
            item = QListWidgetItem(f"{s.vehicle} {s.seat}　{s.name}　{s.group}")
            item.setData(Qt.ItemDataRole.UserRole, s.participant_id)
            item.setData(NAME_ROLE, s.name)
            self.people.addItem(item)
        self._show_live(data)
        self.loaded.emit()

    def _vehicle_chosen(self, row: int) -> None:
        maps = self.data.maps if self.data else ()
        self.seat_map.set_map(maps[row] if 0 <= row < len(maps) else None)

    def _show_live(self, data: LogisticsData) -> None:
        self.live.setRowCount(len(data.positions))
        for row, p in enumerate(data.positions):
            since = _clock(p.since, data.timezone)
            if p.late_minutes:
                since += self.tr("（晚{0}分钟）").format(p.late_minutes)
            missing = "；".join(f"{a.name} {a.phone_masked}（{a.last_seen}）" for a in p.missing)
            values = [
                p.group,
                p.vehicle,
                p.leader,
                p.place,
                since,
                f"{p.expected}/{p.present}",
                missing,
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 4 and p.late_minutes:
                    item.setForeground(Qt.GlobalColor.red)
                if col == 6 and p.missing:
                    item.setForeground(Qt.GlobalColor.red)
                self.live.setItem(row, col, item)

    # -- actions

    def _planned(self, result: tuple[logistics.Planned, int]) -> None:
        planned, reprint = result
        self.warnings.setText("\n".join(planned.warnings))
        text = self.tr("已安排{0}人").format(len(planned.plan.seats))
        if reprint:
            self.show_error(
                text
                + self.tr("。{0}人的座位已改，需重印通行证（见“通行证”页的“需重印”）").format(
                    reprint
                )
            )
        else:
            self.show_info(text)
        self.changed.emit()

    def auto_plan(self) -> None:
        self._plan(after_signin=False)

    def replan(self) -> None:
        self._plan(after_signin=True)

    def _plan(self, *, after_signin: bool) -> None:
        """Seat the chosen activity (again after the sign-in, or from scratch) in the DB worker."""
        activity_id = self.activity_id()
        if activity_id is None:
            return

        event_id = self.event_id

        def work(s: Session, _: operations.Progress) -> tuple[logistics.Planned, int]:
            activity = events.find_activity(s, events.find_event(s, event_id), activity_id)
            planner = leaders.replan_after_signin if after_signin else logistics.plan_activity
            planned = planner(s, activity)
            return planned, passes.reprints_needed(s, activity.event_id, activity.id)

        operations.change(self.database, work).success(self._planned).failure(
            self.show_error
        ).run_in_background()

    def move_person(self, participant_id: int, vehicle_id: int, seat: str) -> None:
        def work(s: Session, _: operations.Progress) -> tuple[logistics.SeatView, bool]:
            moved = logistics.move(s, participant_id, vehicle_id, seat)
            return moved, passes.needs_reprint(s, participant_id)

        # The result's slot is connected before the worker starts: it cannot finish unheard.
        self.write(operations.change(self.database, work).success(self._moved))

    def _moved(self, result: tuple[logistics.SeatView, bool]) -> None:
        moved, reprint = result
        text = self.tr("已把{0}移到{1} {2}座，该座位已固定，自动排座时不再变动").format(
            moved.name, moved.vehicle, moved.seat
        )
        if reprint:
            # The printed pass still shows the old seat: say so where the move was made.
            self.show_error(text + self.tr("。座位已改，需重印通行证（见“通行证”页的“需重印”）"))
        else:
            self.show_info(text)


def _clock(at: dt.datetime | None, zone: str) -> str:
    if at is None:
        return ""
    return clock.local_time(at, zone).strftime("%H:%M")
