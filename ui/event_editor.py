"""The event's settings: its name and rules, its activities and each activity's itinerary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from checkin_app import clock, events
from checkin_app.db import Database, Session
from ui import operations
from ui.view import EventView


class OptionalTimeEdit(QWidget):
    """A clock time that may be left unset (a checkbox in front of the time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox()
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setEnabled(False)
        self.enabled.toggled.connect(self.time.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.time, 1)

    def value(self) -> dt.time | None:
        if not self.enabled.isChecked():
            return None
        t = self.time.time()
        return dt.time(t.hour(), t.minute(), t.second())

    def set_value(self, value: dt.time | None) -> None:
        self.enabled.setChecked(value is not None)
        self.time.setTime(QTime(value.hour, value.minute) if value else QTime(0, 0))


def _clock(t: dt.time | None) -> str:
    return f"{t:%H:%M}" if t else "—"


class EventEditor(EventView):
    """Event fields at the top; activities on the left; the selected activity on the right."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.activities: list[events.ActivityDetails] = []
        self.sites: list[events.SiteDetails] = []
        self.timezone: str | None = None

        # The event itself.
        self.name = QLineEdit()
        self.organiser = QLineEdit()
        self.min_age = QSpinBox()
        self.min_age.setRange(0, 120)
        self.min_age.setSuffix(self.tr(" 岁"))
        self.invited_first = QCheckBox(self.tr("邀请对象（两代表一委员、专家学者）优先确认"))
        self.save_event_button = QPushButton(self.tr("保存活动信息"))
        self.save_event_button.clicked.connect(self.save_event)
        event_box = QGroupBox(self.tr("活动信息"))
        event_form = QFormLayout(event_box)
        event_form.addRow(self.tr("名称"), self.name)
        event_form.addRow(self.tr("主办单位"), self.organiser)
        age_row = QHBoxLayout()
        age_row.addWidget(self.min_age)
        age_row.addWidget(self.invited_first, 1)
        age_row.addWidget(self.save_event_button)
        event_form.addRow(self.tr("最低年龄"), age_row)

        # The activities.
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("活动项目"), self.tr("日期"), self.tr("名额"), self.tr("签到时间")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(90)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.add_activity_button = QPushButton(self.tr("新增活动项目"))
        self.add_activity_button.clicked.connect(self.add_activity)
        self.remove_activity_button = QPushButton(self.tr("删除"))
        self.remove_activity_button.clicked.connect(self.remove_activity)
        list_box = QGroupBox(self.tr("活动项目"))
        list_layout = QVBoxLayout(list_box)
        list_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_activity_button)
        buttons.addWidget(self.remove_activity_button)
        buttons.addStretch(1)
        list_layout.addLayout(buttons)

        # The selected activity.
        self.a_name = QLineEdit()
        self.a_date = QDateEdit()
        self.a_date.setCalendarPopup(True)
        self.a_date.setDisplayFormat("yyyy-MM-dd")
        self.a_assembly = QLineEdit()
        self.a_signin_start = OptionalTimeEdit()
        self.a_signin_end = OptionalTimeEdit()
        self.a_discussion = OptionalTimeEdit()
        self.a_end = OptionalTimeEdit()
        self.a_capacity = QSpinBox()
        self.a_capacity.setRange(1, 100000)
        self.a_host = QLineEdit()
        self.a_responsible = QLineEdit()
        self.a_phone = QLineEdit()
        self.save_activity_button = QPushButton(self.tr("保存活动项目"))
        self.save_activity_button.clicked.connect(self.save_activity)
        form_box = QGroupBox(self.tr("所选活动项目"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("名称"), self.a_name)
        date_row = QHBoxLayout()
        date_row.addWidget(self.a_date)
        date_row.addWidget(QLabel(self.tr("名额")))
        date_row.addWidget(self.a_capacity)
        form.addRow(self.tr("日期"), date_row)
        form.addRow(self.tr("集合地点"), self.a_assembly)
        signin_row = QHBoxLayout()
        signin_row.addWidget(self.a_signin_start)
        signin_row.addWidget(QLabel(self.tr("至")))
        signin_row.addWidget(self.a_signin_end)
        form.addRow(self.tr("签到时间"), signin_row)
        later_row = QHBoxLayout()
        later_row.addWidget(self.a_discussion)
        later_row.addWidget(QLabel(self.tr("结束")))
        later_row.addWidget(self.a_end)
        form.addRow(self.tr("座谈开始"), later_row)
        form.addRow(self.tr("承办单位"), self.a_host)
        person_row = QHBoxLayout()
        person_row.addWidget(self.a_responsible)
        person_row.addWidget(QLabel(self.tr("电话")))
        person_row.addWidget(self.a_phone)
        form.addRow(self.tr("负责人"), person_row)
        form.addRow("", self.save_activity_button)

        self.itinerary = ItineraryEditor(self)

        # Activities and the selected one's itinerary on the left, its fields on the right:
        # both columns stay short enough for a 1366×768 screen.
        left = QVBoxLayout()
        left.addWidget(list_box, 1)
        left.addWidget(self.itinerary, 1)
        right = QVBoxLayout()
        right.addWidget(form_box)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(event_box)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        self.refresh()

    # -- loading

    def refresh(self) -> None:
        event_id = self.event_id

        def load(
            s: Session, _: operations.Progress
        ) -> tuple[events.EventDetails, list[events.ActivityDetails], list[events.SiteDetails]]:
            return (
                events.event_details(s, event_id),
                events.list_activities(s, event_id),
                events.list_sites(s, event_id),
            )

        operations.query(self.database, load).success(self._loaded).failure(
            self.show_error
        ).run_in_background()

    def _loaded(
        self,
        data: tuple[events.EventDetails, list[events.ActivityDetails], list[events.SiteDetails]],
    ) -> None:
        details, self.activities, self.sites = data
        self.timezone = details.timezone
        self.name.setText(details.name)
        self.organiser.setText(details.organiser)
        self.min_age.setValue(details.min_age)
        self.invited_first.setChecked(details.invited_first)
        selected = self.selected_activity()
        keep = selected.id if selected else None
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.activities))
        for row, a in enumerate(self.activities):
            signin = f"{_clock(a.signin_start)}–{_clock(a.signin_end)}"
            for col, text in enumerate([a.name, f"{a.date:%Y-%m-%d}", str(a.capacity), signin]):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        ids = [a.id for a in self.activities]
        self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.table.blockSignals(False)
        self._show_selected()
        self.loaded.emit()

    def selected_activity(self) -> events.ActivityDetails | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.activities):
            return None
        return self.activities[rows[0].row()]

    def _show_selected(self) -> None:
        a = self.selected_activity()
        for widget in (self.save_activity_button, self.remove_activity_button):
            widget.setEnabled(a is not None)
        if a is None:
            self.itinerary.show_activity(None, self.sites)
            return
        self.a_name.setText(a.name)
        self.a_date.setDate(QDate(a.date.year, a.date.month, a.date.day))
        self.a_assembly.setText(a.assembly_point)
        self.a_signin_start.set_value(a.signin_start)
        self.a_signin_end.set_value(a.signin_end)
        self.a_discussion.set_value(a.discussion_start)
        self.a_end.set_value(a.end_time)
        self.a_capacity.setValue(a.capacity)
        self.a_host.setText(a.host_unit)
        self.a_responsible.setText(a.responsible_person)
        self.a_phone.setText(a.contact_phone)
        self.itinerary.show_activity(a, self.sites)

    # -- changes

    def save_event(self) -> None:
        event_id = self.event_id
        name, organiser = self.name.text(), self.organiser.text()
        min_age, invited_first = self.min_age.value(), self.invited_first.isChecked()
        self.write(
            operations.change(
                self.database,
                lambda s, _: events.update_event(
                    s,
                    event_id,
                    name=name,
                    organiser=organiser,
                    min_age=min_age,
                    invited_first=invited_first,
                ),
            ),
            self.tr("活动信息已保存"),
        )

    def save_activity(self) -> None:
        a = self.selected_activity()
        if a is None:
            return
        fields: dict[str, object] = {
            "name": self.a_name.text(),
            "date": self.a_date.date().toPython(),
            "assembly_point": self.a_assembly.text().strip(),
            "signin_start": self.a_signin_start.value(),
            "signin_end": self.a_signin_end.value(),
            "discussion_start": self.a_discussion.value(),
            "end_time": self.a_end.value(),
            "capacity": self.a_capacity.value(),
            "host_unit": self.a_host.text().strip(),
            "responsible_person": self.a_responsible.text().strip(),
            "contact_phone": self.a_phone.text().strip(),
        }
        activity_id = a.id
        self.write(
            operations.change(
                self.database, lambda s, _: events.update_activity(s, activity_id, **fields)
            ),
            self.tr("活动项目已保存"),
        )

    def add_activity(self) -> None:
        event_id = self.event_id
        taken = {a.name for a in self.activities}
        base = self.tr("新活动项目")
        name = next(
            f"{base}{n or ''}" for n in range(len(taken) + 1) if f"{base}{n or ''}" not in taken
        )
        # Today on the event's clock: the machine's date is yesterday in China before 08:00 UTC.
        day = self.activities[-1].date if self.activities else clock.today(self.timezone)

        def add(s: Session, _: operations.Progress) -> int:
            event = events.find_event(s, event_id)
            return events.add_activity(s, event, name, day, 20).id

        self.write(operations.change(self.database, add), self.tr("已新增活动项目，请填写详情"))

    def remove_activity(self) -> None:
        a = self.selected_activity()
        if a is None:
            return
        activity_id = a.id
        self.write(
            operations.change(self.database, lambda s, _: events.remove_activity(s, activity_id)),
            self.tr("活动项目已删除"),
        )


class ItineraryEditor(QGroupBox):
    """The selected activity's sites in visiting order, with travel minutes between them."""

    def __init__(self, editor: EventEditor) -> None:
        super().__init__()
        self.setTitle(self.tr("行程（观摩点顺序）"))
        self.editor = editor
        self.activity: events.ActivityDetails | None = None
        self.sites: list[events.SiteDetails] = []
        self.stops: list[tuple[int, str, int | None]] = []  # site id, name, travel minutes

        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("观摩点"), self.tr("路上（分钟）"), self.tr("停留（分钟）")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Four or five stops fit; the window must still fit a 1366×768 screen.
        self.table.setMinimumHeight(90)
        self.site_choice = QComboBox()
        self.travel = QSpinBox()
        self.travel.setRange(0, 600)
        self.travel.setSuffix(self.tr(" 分钟"))
        self.add_button = QPushButton(self.tr("添加"))
        self.remove_button = QPushButton(self.tr("移除"))
        self.up_button = QPushButton(self.tr("上移"))
        self.down_button = QPushButton(self.tr("下移"))
        self.save_button = QPushButton(self.tr("保存行程"))
        self.add_button.clicked.connect(self.add_stop)
        self.remove_button.clicked.connect(self.remove_stop)
        self.up_button.clicked.connect(lambda: self.move_stop(-1))
        self.down_button.clicked.connect(lambda: self.move_stop(1))
        self.save_button.clicked.connect(self.save)

        add_row = QHBoxLayout()
        add_row.addWidget(self.site_choice, 1)
        add_row.addWidget(self.travel)
        add_row.addWidget(self.add_button)
        edit_row = QHBoxLayout()
        for b in (self.remove_button, self.up_button, self.down_button):
            edit_row.addWidget(b)
        edit_row.addStretch(1)
        edit_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addLayout(edit_row)

    def show_activity(
        self, activity: events.ActivityDetails | None, sites: list[events.SiteDetails]
    ) -> None:
        self.activity, self.sites = activity, sites
        self.site_choice.clear()
        for site in sites:
            self.site_choice.addItem(site.name, site.id)
        self.setEnabled(activity is not None)
        self.stops = []
        self._paint()
        if activity is None:
            return
        activity_id = activity.id
        operations.query(
            self.editor.database, lambda s, _: events.itinerary(s, activity_id)
        ).success(self._loaded).failure(self.editor.show_error).run_in_background()

    def _loaded(self, stops: list[events.StopDetails]) -> None:
        self.stops = [(x.site_id, x.site_name, x.travel_minutes) for x in stops]
        self._paint()

    def _paint(self, select: int | None = None) -> None:
        planned = {s.id: s.planned_minutes for s in self.sites}
        self.table.setRowCount(len(self.stops))
        for row, (site_id, name, minutes) in enumerate(self.stops):
            cells = [name, "—" if minutes is None else str(minutes)]
            cells.append(str(planned.get(site_id, "")))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if select is not None:
            self.table.selectRow(select)

    def _current(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_stop(self) -> None:
        site_id = self.site_choice.currentData()
        if site_id is None:
            return
        self.stops.append((int(site_id), self.site_choice.currentText(), self.travel.value()))
        self._paint(len(self.stops) - 1)

    def remove_stop(self) -> None:
        row = self._current()
        if row is not None:
            del self.stops[row]
            self._paint(min(row, len(self.stops) - 1) if self.stops else None)

    def move_stop(self, step: int) -> None:
        row = self._current()
        if row is None or not 0 <= row + step < len(self.stops):
            return
        self.stops[row], self.stops[row + step] = self.stops[row + step], self.stops[row]
        self._paint(row + step)

    def save(self) -> None:
        if self.activity is None:
            return
        activity_id = self.activity.id
        pairs = [(site_id, minutes) for site_id, _, minutes in self.stops]
        self.editor.write(
            operations.change(
                self.editor.database,
                lambda s, _: events.set_itinerary_ids(s, activity_id, pairs),
            ),
            self.tr("行程已保存"),
        )
