"""A vehicle drawn as rows of seats with names; the office drags people onto seats."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from checkin_app.logistics import SeatCell, VehicleMap

# What a drag carries: the participant's id as text, and their name for the landing seat.
PERSON_MIME = "application/x-checkin-participant"
NAME_MIME = "application/x-checkin-participant-name"
CELL_W, CELL_H, AISLE = 92, 40, 26
MARKS = {
    "present": QColor("#c8e6c9"),
    "missing": QColor("#ffcdd2"),
    "absent": QColor("#eeeeee"),
}


def person_mime(participant_id: int, name: str = "") -> QMimeData:
    data = QMimeData()
    data.setData(PERSON_MIME, str(participant_id).encode())
    data.setData(NAME_MIME, name.encode())
    data.setText(name)
    return data


def name_of(mime: QMimeData) -> str:
    if not mime.hasFormat(NAME_MIME):
        return ""
    return bytes(mime.data(NAME_MIME).data()).decode(errors="replace")


def drag_chip(name: str, font: QFont) -> QPixmap:
    """What the pointer carries while dragging: the person's name on a seat-coloured chip."""
    chip_font = QFont(font)
    chip_font.setPixelSize(15)
    chip_font.setBold(True)
    width = QFontMetrics(chip_font).horizontalAdvance(name or "?") + 24
    pixmap = QPixmap(max(width, 60), 30)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#bbdefb"))
    painter.setPen(QPen(QColor("#1565c0"), 2))
    painter.drawRoundedRect(QRectF(1, 1, pixmap.width() - 2, 28), 6, 6)
    painter.setFont(chip_font)
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(0, 0, pixmap.width(), 30), Qt.AlignmentFlag.AlignCenter, name or "?")
    painter.end()
    return pixmap


def person_of(mime: QMimeData) -> int | None:
    if not mime.hasFormat(PERSON_MIME):
        return None
    try:
        return int(bytes(mime.data(PERSON_MIME).data()).decode())
    except ValueError:
        return None


class SeatMap(QWidget):
    """Paints one vehicle; with `editable`, a person dropped on a seat asks for that move."""

    move_requested = Signal(int, int, str)  # participant id, vehicle id, seat
    seat_clicked = Signal(int)  # participant id

    def __init__(self, parent: QWidget | None = None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self.map: VehicleMap | None = None
        self.marks: dict[int, str] = {}  # participant id -> key of MARKS
        self.editable = editable
        self._press: tuple[QPoint, int] | None = None
        # While a person is dragged over the map: the seat they would land on, and their name.
        self.drop_target: SeatCell | None = None
        self.dragged_name = ""
        self.setAcceptDrops(editable)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_map(self, vehicle: VehicleMap | None, marks: dict[int, str] | None = None) -> None:
        self.map = vehicle
        self.marks = marks or {}
        self.updateGeometry()
        self.update()

    # -- geometry

    def _columns(self) -> float:
        if self.map is None:
            return 4
        return max(self.map.seats_per_row + AISLE / CELL_W, float(self.map.back_row))

    def sizeHint(self) -> QSize:
        rows = (self.map.rows + (1 if self.map.back_row else 0)) if self.map else 11
        return QSize(int(self._columns() * CELL_W) + 20, rows * CELL_H + 50)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 200)

    def _scale(self) -> float:
        hint = self.sizeHint()
        return min(self.width() / hint.width(), self.height() / hint.height(), 1.4)

    def cell_rect(self, cell: SeatCell) -> QRectF:
        assert self.map is not None
        k = self._scale()
        cw, ch = CELL_W * k, CELL_H * k
        left = (self.width() - self._columns() * cw) / 2
        top = 40 * k
        if cell.row == self.map.rows + 1:
            x = left + (self._columns() - self.map.back_row) * cw / 2 + cell.index * cw
        else:
            x = left + cell.index * cw + (AISLE * k if cell.aisle_side == 1 else 0)
        return QRectF(x + 2, top + (cell.row - 1) * ch + 2, cw - 4, ch - 4)

    def cell_at(self, point: QPoint) -> SeatCell | None:
        if self.map is None:
            return None
        for cell in self.map.cells:
            if self.cell_rect(cell).contains(point.toPointF()):
                return cell
        return None

    # -- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.map is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("没有车辆"))
            return
        k = self._scale()
        front = QRectF(
            (self.width() - self._columns() * CELL_W * k) / 2,
            6 * k,
            self._columns() * CELL_W * k,
            26 * k,
        )
        painter.setPen(QPen(QColor("#555555")))
        painter.drawRoundedRect(front, 6, 6)
        painter.drawText(front, Qt.AlignmentFlag.AlignCenter, self.tr("▲ 车头 · 司机"))
        name_font = QFont(self.font())
        name_font.setPixelSize(max(9, int(14 * k)))
        label_font = QFont(self.font())
        label_font.setPixelSize(max(7, int(10 * k)))
        for cell in self.map.cells:
            self._paint_cell(painter, cell, name_font, label_font)
        painter.end()

    def _paint_cell(
        self, painter: QPainter, cell: SeatCell, name_font: QFont, label_font: QFont
    ) -> None:
        rect = self.cell_rect(cell)
        if cell.reserved:
            fill = QColor("#dddddd")
        elif cell.participant_id is not None:
            fill = MARKS.get(self.marks.get(cell.participant_id, ""), QColor("#e3f2fd"))
        else:
            fill = QColor("white")
        painter.setBrush(fill)
        painter.setPen(
            QPen(QColor("#1565c0") if cell.locked else QColor("#888888"), 2 if cell.locked else 1)
        )
        painter.drawRoundedRect(rect, 4, 4)
        if self.drop_target is not None and cell.label == self.drop_target.label:
            self._paint_landing(painter, cell, rect, name_font)
            return
        painter.setPen(QColor("#777777"))
        painter.setFont(label_font)
        painter.drawText(
            rect.adjusted(3, 1, -2, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            cell.label + (self.tr(" 固定") if cell.locked else ""),
        )
        name = self.tr("工作人员") if cell.reserved and not cell.name else cell.name
        if name:
            painter.setPen(QColor("black"))
            painter.setFont(name_font)
            painter.drawText(rect.adjusted(2, 8, -2, 0), Qt.AlignmentFlag.AlignCenter, name)

    def _paint_landing(self, painter: QPainter, cell: SeatCell, rect: QRectF, font: QFont) -> None:
        """The seat under a dragged person: green with their name if it is free (or theirs),
        orange naming who sits there if the move would be refused."""
        taken = cell.participant_id is not None and cell.name != self.dragged_name
        painter.setBrush(QColor("#ffe0b2") if taken else QColor("#a5d6a7"))
        painter.setPen(QPen(QColor("#e65100") if taken else QColor("#1b5e20"), 3))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        text = (
            self.tr("{0}已有{1}").format(cell.label, cell.name)
            if taken
            else (self.tr("→ {0} {1}").format(cell.label, self.dragged_name))
        )
        painter.drawText(rect.adjusted(2, 0, -2, 0), Qt.AlignmentFlag.AlignCenter, text)

    def _set_target(self, cell: SeatCell | None, name: str = "") -> None:
        if cell != self.drop_target or name != self.dragged_name:
            self.drop_target, self.dragged_name = cell, name
            self.update()

    # -- dragging people

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and cell.participant_id is not None:
            self._press = (event.position().toPoint(), cell.participant_id)
            self.seat_clicked.emit(cell.participant_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.editable or self._press is None:
            return
        start, pid = self._press
        if (
            event.position().toPoint() - start
        ).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        cell = (
            next((c for c in self.map.cells if c.participant_id == pid), None) if self.map else None
        )
        name = cell.name if cell else ""
        drag = QDrag(self)
        drag.setMimeData(person_mime(pid, name))
        chip = drag_chip(name, self.font())
        drag.setPixmap(chip)
        drag.setHotSpot(QPoint(chip.width() // 2, chip.height() // 2))
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.editable and person_of(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and not cell.reserved:
            event.acceptProposedAction()
            self._set_target(cell, name_of(event.mimeData()))
        else:
            event.ignore()
            self._set_target(None)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_target(None)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_target(None)
        pid = person_of(event.mimeData())
        cell = self.cell_at(event.position().toPoint())
        if pid is None or cell is None or self.map is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.move_requested.emit(pid, self.map.vehicle_id, cell.label)
