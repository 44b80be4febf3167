"""The desk's side panels: counters, arrivals, the missing list and the roster search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
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

from checkin_app.checkin import Absentee, Arrival, Counters, Person, SearchHit
from checkin_app.vocabulary import LogKind, Status

KIND_LABELS = {
    LogKind.CHECKIN: QT_TRANSLATE_NOOP("DeskLists", "签到"),
    LogKind.WALKIN: QT_TRANSLATE_NOOP("DeskLists", "现场登记"),
    LogKind.OVERRIDE: QT_TRANSLATE_NOOP("DeskLists", "主管放行"),
}
STATUS_LABELS = {
    Status.CONFIRMED: QT_TRANSLATE_NOOP("DeskLists", "已确认"),
    Status.APPLIED: QT_TRANSLATE_NOOP("DeskLists", "已报名"),
    Status.WAITLISTED: QT_TRANSLATE_NOOP("DeskLists", "候补"),
    Status.DECLINED: QT_TRANSLATE_NOOP("DeskLists", "本人谢绝"),
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
    table.setCurrentCell(-1, -1)  # no current cell: nothing stays highlighted
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

    Nothing is preselected. `entered(row)` on Return (the row picked with the arrows or a
    click, or None) and on a double-click; the desk decides whom that admits."""

    entered = Signal(object)  # int | None
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
        self.field.returnPressed.connect(lambda: self.entered.emit(self.picked_row()))
        self.field.installEventFilter(self)
        self.results = QListWidget()
        self.results.setFont(_font(15))
        # Two lines a person, wrapped, never cut: "已…" and "候衤" told nobody anything.
        self.results.setWordWrap(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.itemDoubleClicked.connect(
            lambda item: self.entered.emit(self.results.row(item))
        )
        self.hint = QLabel()
        self.hint.setFont(_font(13))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        layout.addLayout(top)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self.hits: list[SearchHit] = []

    @property
    def people(self) -> list[Person]:
        return [h.person for h in self.hits]

    def show_hits(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(
                f"{hit.person.name}　{self.state_text(hit)}\n{self.details(hit)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, hit.person.id)
            self.results.addItem(item)
        text = self.field.text().strip()
        if len(hits) > 1:
            hint = self.tr("找到 {0} 人：用 ↑↓ 或单击选中，再按回车").format(len(hits))
        elif hits:
            hint = self.tr("回车签到此人（会先确认）")
        else:
            hint = self.tr("查无此人") if text else ""
        self.hint.setText(hint)

    def state_text(self, hit: SearchHit) -> str:
        """签到 state first, then the registration's status: 已签到 14:30 · 已确认."""
        at = hit.checked_in_at
        state = self.tr("已签到 {0}").format(f"{at:%H:%M}") if at else self.tr("未签到")
        status = QCoreApplication.translate("DeskLists", str(STATUS_LABELS[hit.person.status]))
        return f"{state} · {status}"

    def details(self, hit: SearchHit) -> str:
        p = hit.person
        bus = hit.bus or self.tr("未分车")
        return " · ".join(x for x in (p.activity_name, bus, p.masked_id, p.phone_masked) if x)

    def picked_row(self) -> int | None:
        """The row the steward picked, None when none is (a lone match is not "picked")."""
        rows = self.results.selectedIndexes()
        return rows[0].row() if rows else None

    def selected(self) -> Person | None:
        row = self.picked_row()
        return self.hits[row].person if row is not None else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The arrows move the pick while the focus stays in the search box.
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.hits:
                row = self.picked_row()
                row = 0 if row is None else max(0, min(len(self.hits) - 1, row + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def clear(self) -> None:
        self.field.clear()
        self.results.clear()
        self.hits = []
        self.hint.setText("")
