"""The desk's side panels: counters, arrivals, the missing list and the roster search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checkin_app.checkin import Absentee, Arrival, Counters, Person
from checkin_app.models import LogKind, Status

KIND_LABELS = {
    LogKind.CHECKIN: QT_TRANSLATE_NOOP("DeskLists", "签到"),
    LogKind.WALKIN: QT_TRANSLATE_NOOP("DeskLists", "现场登记"),
    LogKind.OVERRIDE: QT_TRANSLATE_NOOP("DeskLists", "主管放行"),
}
STATUS_LABELS = {
    Status.CONFIRMED: QT_TRANSLATE_NOOP("DeskLists", "已确认"),
    Status.APPLIED: QT_TRANSLATE_NOOP("DeskLists", "已报名"),
    Status.WAITLISTED: QT_TRANSLATE_NOOP("DeskLists", "候补"),
    Status.CANCELLED: QT_TRANSLATE_NOOP("DeskLists", "已取消"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("DeskLists", text)


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _placement(bus: str | None, seat: str | None, group: str | None) -> str:
    return " ".join(x for x in (bus, seat, group) if x)


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.setFont(_font(15))
    # Focus stays in the scan field; a click still selects the row.
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def _fill(table: QTableWidget, rows: list[tuple[int, list[str]]]) -> None:
    """New rows; the selection follows the person picked (by id), or is cleared when they left
    the list. Kept by row, it moved to whoever took that row after an undo, and the next
    撤销签到 or 显示电话 acted on them."""
    keep = selected_id(table)
    table.clearSelection()
    table.setCurrentItem(None)
    table.setRowCount(len(rows))
    for row, (person_id, cells) in enumerate(rows):
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            table.setItem(row, col, item)
        if person_id == keep:
            table.selectRow(row)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(
        table.columnCount() - 1, QHeaderView.ResizeMode.Stretch
    )


def selected_id(table: QTableWidget) -> int | None:
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class CountersBar(QWidget):
    """Expected, arrived and missing for the activity, then per bus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = QLabel()
        self.total.setFont(_font(22, bold=True))
        self.total.setWordWrap(True)  # a narrow verdict column on a 1024 px screen
        self.buses = QLabel()
        self.buses.setFont(_font(16))
        self.buses.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.total)
        layout.addWidget(self.buses)
        self.counters: Counters | None = None

    def show_counters(self, c: Counters) -> None:
        self.counters = c
        text = self.tr("应到 {0}　已到 {1}　未到 {2}").format(c.expected, c.arrived, c.missing)
        if c.walk_ins:
            text += self.tr("　现场登记 {0}").format(c.walk_ins)
        self.total.setText(text)
        self.buses.setText(
            "　".join(
                self.tr("{0} {1}/{2}").format(b.label, b.arrived, b.expected)
                + (self.tr("（缺{0}）").format(b.missing) if b.missing else " ✓")
                for b in c.buses
            )
        )


class ArrivalsList(QWidget):
    """Everyone in, newest first."""

    def __init__(self, zone: dt.tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.table = _table(
            [
                self.tr("时间"),
                self.tr("姓名"),
                self.tr("车 座 组"),
                self.tr("方式"),
                self.tr("签到点"),
            ]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.arrivals: list[Arrival] = []

    def show_arrivals(self, arrivals: list[Arrival]) -> None:
        self.arrivals = arrivals
        rows = []
        for a in arrivals:
            at = a.at.replace(tzinfo=dt.UTC).astimezone(self.zone)
            kind = QCoreApplication.translate(
                "DeskLists", str(KIND_LABELS.get(a.kind, a.kind.value))
            )
            rows.append(
                (
                    a.person.id,
                    [
                        f"{at:%H:%M}",
                        a.person.name,
                        _placement(a.bus, a.seat, a.group),
                        kind,
                        a.station,
                    ],
                )
            )
        _fill(self.table, rows)

    def selected(self) -> int | None:
        return selected_id(self.table)


class MissingList(QWidget):
    """Confirmed people not in yet, by bus and seat; phones masked until a supervisor asks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table(
            [self.tr("姓名"), self.tr("电话"), self.tr("车 座 组"), self.tr("类别")]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.absentees: list[Absentee] = []
        self.revealed: dict[int, str] = {}

    def show_missing(self, absentees: list[Absentee]) -> None:
        self.absentees = absentees
        rows = [
            (
                a.person.id,
                [
                    a.person.name,
                    self.revealed.get(a.person.id, a.person.phone_masked),
                    _placement(a.bus, a.seat, a.group),
                    a.person.category,
                ],
            )
            for a in absentees
        ]
        _fill(self.table, rows)

    def reveal(self, person_id: int, phone: str) -> None:
        self.revealed[person_id] = phone or self.tr("（未留电话）")
        self.show_missing(self.absentees)

    def hide_phones(self) -> None:
        """Back to masked numbers (the supervisor locked the desk)."""
        self.revealed = {}
        self.show_missing(self.absentees)

    def selected(self) -> int | None:
        return selected_id(self.table)


class SearchPanel(QWidget):
    """Find someone without a pass: name, pinyin initials, or last four digits of phone or ID.

    `chosen(person)` when a hit is activated (double-click or Enter on it)."""

    chosen = Signal(object)
    query_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        # No input method here either: with a Chinese IME on, a scanner's burst aimed at this
        # box is composed (letters into hanzi, digits pick candidates) before any key event
        # exists to recognise it. People are found by pinyin initials or last digits instead.
        self.field.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.field.setPlaceholderText(self.tr("查找：拼音首字母 / 后4位"))
        self.field.setToolTip(self.tr("查找：拼音首字母（如 zs）/ 手机或证件号后4位"))
        self.field.setFont(_font(16))
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.query_changed)
        self.field.returnPressed.connect(self._enter)
        self.results = QListWidget()
        self.results.setFont(_font(15))
        self.results.itemActivated.connect(self._activated)
        self.hint = QLabel()
        self.hint.setFont(_font(13))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.people: list[Person] = []

    def show_people(self, people: list[Person], activity_id: int) -> None:
        self.people = people
        self.results.clear()
        for p in people:
            status = QCoreApplication.translate("DeskLists", str(STATUS_LABELS.get(p.status, "")))
            where = "" if p.activity_id == activity_id else f" · {p.activity_name}"
            item = QListWidgetItem(
                f"{p.name}　{p.masked_id}　{p.phone_masked}　{p.category}{where}　{status}"
            )
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.results.addItem(item)
        if people:
            self.results.setCurrentRow(0)
        text = self.field.text().strip()
        self.hint.setText(
            self.tr("双击或回车签到所选的人") if people else (self.tr("查无此人") if text else "")
        )

    def selected(self) -> Person | None:
        row = self.results.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def clear(self) -> None:
        self.field.clear()
        self.results.clear()
        self.people = []
        self.hint.setText("")

    def _enter(self) -> None:
        person = self.selected()
        if person is not None:
            self.chosen.emit(person)

    def _activated(self, item: QListWidgetItem) -> None:
        row = self.results.row(item)
        if 0 <= row < len(self.people):
            self.chosen.emit(self.people[row])
