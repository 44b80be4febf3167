"""Draws passes with QPainter (QtGui only): A4 sheets of eight to cut, A6 cards, one PNG each.

The same drawing code serves paper and phone images, on the offscreen platform when there is no
screen; Chinese text needs a CJK font on the machine, checked before anything is drawn.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zxingcpp
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QRawFont,
)

from checkin_app import files
from checkin_app.errors import UserError
from checkin_app.passes import PassCard, format_manual_code
from checkin_app.print_font import print_family

# Families that cover the 通用规范汉字表, by platform: Debian/Ubuntu, Windows, macOS, others.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)
NO_FONT_MESSAGE = (
    "找不到中文字体，无法打印通行证（否则姓名会显示为方框）。请安装 Noto Sans CJK SC："
    "Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk；Windows 请确认已安装“微软雅黑”。"
)
QR_ERROR = "M"
ACCENT = QColor(0xB7, 0x1C, 0x1C)  # the red of government notices, for the header band
_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

ProgressFn = Callable[[int, int], None]


def ensure_gui() -> QGuiApplication:
    """The Qt application fonts and painters need; offscreen when there is no display."""
    app = QGuiApplication.instance()
    if app is None:
        has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        if sys.platform.startswith("linux") and not has_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def cjk_font_family() -> str:
    """The first CJK family installed here, as its print font (`print_font`) where one can be
    made, or a UserError that says what to install."""
    ensure_gui()
    installed: set[str] = {str(f) for f in QFontDatabase.families()}
    for family in CJK_FAMILIES:
        if family in installed:
            return print_family(family)
    for family in sorted(installed):
        if any(hint in family for hint in ("CJK SC", "Sans SC", "YaHei", "WenQuanYi")):
            return print_family(family)
    raise UserError(NO_FONT_MESSAGE)


def print_qfont(family: str, pixel_size: int, bold: bool = False) -> QFont:
    """A font for paper and pass images. Without `locl`: in a run with Latin letters, Noto CJK's
    localised digits have no code point of their own, and a PDF's text layer lost "584" from
    "6404**********584X"."""
    font = QFont(family)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    font.setFeature(QFont.Tag("locl"), 0)
    return font


def missing_glyphs(text: str, family: str | None = None) -> list[str]:
    """The characters of `text` the chosen font cannot draw (they would print as boxes)."""
    raw = QRawFont.fromFont(QFont(family or cjk_font_family()))
    return [
        ch for ch in dict.fromkeys(text) if not ch.isspace() and not raw.supportsCharacter(ord(ch))
    ]


@functools.lru_cache(maxsize=4096)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The pass's QR modules (dark = True, no quiet zone): level M, the smallest version, in
    alphanumeric mode for our payloads. zxing-cpp encodes in C++: segno's pure-Python mask
    scoring took 17 ms a code, most of the time of printing 300 passes. Cached, so the PDF and
    the PNGs of one run encode each pass once."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR)
    image = np.asarray(zxingcpp.write_barcode_to_image(code, scale=1, add_quiet_zones=False))
    return tuple(tuple(bool(dark) for dark in row) for row in image < 128)


@functools.lru_cache(maxsize=4096)
def qr_runs(text: str) -> tuple[tuple[int, int, int], ...]:
    """The dark modules as (row, first column, past the last column) runs: one rectangle each
    to draw instead of one a module."""
    runs = []
    for row, cells in enumerate(qr_matrix(text)):
        col = 0
        while col < len(cells):
            if cells[col]:
                start = col
                while col < len(cells) and cells[col]:
                    col += 1
                runs.append((row, start, col))
            else:
                col += 1
    return tuple(runs)


def qr_version(text: str) -> int:
    return (len(qr_matrix(text)) - 17) // 4


# --- Drawing --------------------------------------------------------------------------------


@dataclass
class _Pen:
    """Draws text and shapes in millimetres on any paint device."""

    painter: QPainter
    origin: QPointF
    unit: float  # device pixels per millimetre
    family: str
    crisp: bool = False  # rasterised: keep QR modules on whole pixels

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        u = self.unit
        return QRectF(self.origin.x() + x * u, self.origin.y() + y * u, w * u, h * u)

    def font(self, size_mm: float, bold: bool = False) -> QFont:
        return print_qfont(self.family, max(1, round(size_mm * self.unit)), bold)

    def fitted(self, text: str, size_mm: float, width_mm: float, bold: bool = False) -> QFont:
        # Long names and activity titles shrink to their box rather than run off the card.
        font = self.font(size_mm, bold)
        width = QFontMetricsF(font).horizontalAdvance(text)
        if width > width_mm * self.unit and width > 0:
            font = self.font(size_mm * width_mm * self.unit / width * 0.98, bold)
        return font

    def text(
        self,
        x: float,
        y: float,
        w: float,
        text: str,
        size_mm: float,
        *,
        bold: bool = False,
        color: QColor | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        wrap: bool = False,
        max_lines: int = 1,
    ) -> float:
        """Draws `text` at (x, y) in a box `w` wide; returns the height used in millimetres."""
        if not text:
            return 0.0
        font = self.font(size_mm, bold) if wrap else self.fitted(text, size_mm, w, bold)
        self.painter.setFont(font)
        self.painter.setPen(color or QColor("black"))
        line = float(QFontMetricsF(font).lineSpacing()) / self.unit
        height = line * (max_lines if wrap else 1)
        box = self.rect(x, y, w, height)
        flags = int(align) | int(Qt.AlignmentFlag.AlignTop)
        if wrap:
            flags |= int(Qt.TextFlag.TextWordWrap)
            used = float(self.painter.boundingRect(box, flags, text).height()) / self.unit
            height = min(height, used)
        self.painter.drawText(box, flags, text)
        return height

    def qr(self, x: float, y: float, size: float, text: str) -> None:
        """The QR with its four-module quiet zone, on whole device pixels when rasterised."""
        modules = len(qr_matrix(text)) + 8
        module = size * self.unit / modules
        if self.crisp:
            module = float(max(1, int(module)))
        left = self.origin.x() + x * self.unit
        top = self.origin.y() + y * self.unit
        full = module * modules
        self.painter.fillRect(QRectF(left, top, full, full), QColor("white"))
        path = QPainterPath()
        for row, start, end in qr_runs(text):
            path.addRect(
                left + (start + 4) * module,
                top + (row + 4) * module,
                (end - start) * module,
                module,
            )
        self.painter.fillPath(path, QColor("black"))

    def line(self, x1: float, y1: float, x2: float, y2: float, pen: QPen) -> None:
        u, o = self.unit, self.origin
        self.painter.setPen(pen)
        self.painter.drawLine(
            QPointF(o.x() + x1 * u, o.y() + y1 * u), QPointF(o.x() + x2 * u, o.y() + y2 * u)
        )


def _date(card: PassCard) -> str:
    d = card.activity_date
    weekday = "一二三四五六日"[d.weekday()]
    return f"{d.year}年{d.month}月{d.day}日（星期{weekday}）"


def _window(card: PassCard) -> str:
    if card.signin_start and card.signin_end:
        return f"签到 {card.signin_start:%H:%M}–{card.signin_end:%H:%M}"
    if card.signin_start:
        return f"签到 {card.signin_start:%H:%M} 起"
    return ""


def _logistics(card: PassCard) -> str:
    parts = [
        f"{label} {value}"
        for label, value in (("车辆", card.bus), ("座位", card.seat), ("分组", card.group))
        if value
    ]
    return "　".join(parts)


def _lane(card: PassCard) -> str:
    parts = []
    if card.lane:
        parts.append(f"{card.lane}通道")
    if card.arrival_start and card.arrival_end:
        parts.append(f"{card.arrival_start:%H:%M}–{card.arrival_end:%H:%M} 到达")
    return "  ".join(parts)


def _header(pen: _Pen, card: PassCard, width: float, height: float) -> None:
    pen.painter.fillRect(pen.rect(0, 0, width, height), ACCENT)
    pen.text(3, 1.2, width - 6, card.event_name, height * 0.26, color=QColor("white"))
    pen.text(
        3,
        height * 0.45,
        width - 6,
        card.activity_name,
        height * 0.38,
        bold=True,
        color=QColor("white"),
    )


def _paint_cell(pen: _Pen, card: PassCard, width: float, height: float) -> None:
    """A landscape pass for an A4 sheet of eight (about 95 × 69 mm)."""
    _header(pen, card, width, 12.5)
    qr = 39.0
    pen.qr(2.0, 14.0, qr, card.qr_text)
    pen.text(2.0, 14.0 + qr, qr, "手工码", 2.4, align=Qt.AlignmentFlag.AlignHCenter)
    pen.text(
        2.0,
        17.2 + qr,
        qr,
        format_manual_code(card.manual_code),
        3.6,
        bold=True,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    x = qr + 5.0
    w = width - x - 3.0
    y = 15.0
    y += pen.text(x, y, w, card.name, 7.5, bold=True) + 0.3
    y += pen.text(x, y, w, card.masked_id, 2.8, color=QColor("#444")) + 1.2
    y += pen.text(x, y, w, _date(card), 3.0) + 0.5
    y += pen.text(x, y, w, _window(card), 3.0, bold=True) + 0.5
    if card.assembly_point:
        y += pen.text(x, y, w, f"集合：{card.assembly_point}", 2.8, wrap=True, max_lines=2) + 0.5
    y += pen.text(x, y, w, _logistics(card), 3.0, bold=True) + 0.5
    lane = _lane(card)
    if lane:
        box_y = max(y + 0.5, height - 19.0)
        pen.painter.setPen(QPen(ACCENT, 0.4 * pen.unit))
        pen.painter.drawRect(pen.rect(x, box_y, w, 10.0))
        pen.text(
            x + 1,
            box_y + 1.2,
            w - 2,
            lane,
            5.5,
            bold=True,
            color=ACCENT,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
    pen.text(x, height - 6.5, w, card.reminder, 3.2, bold=True, color=ACCENT)


def _paint_card(pen: _Pen, card: PassCard, width: float, height: float) -> None:
    """A portrait pass (A6, 105 × 148 mm): a single card, and the PNG sent by phone."""
    pen.painter.fillRect(pen.rect(0, 0, width, height), QColor("white"))
    _header(pen, card, width, 19.0)
    y = 22.0
    y += pen.text(5, y, width - 10, card.name, 10.0, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    y += (
        pen.text(
            5,
            y,
            width - 10,
            card.masked_id,
            3.4,
            color=QColor("#444"),
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        + 1.0
    )
    qr = 62.0
    pen.qr((width - qr) / 2, y, qr, card.qr_text)
    y += qr + 0.5
    code = f"手工码  {format_manual_code(card.manual_code)}"
    y += pen.text(5, y, width - 10, code, 4.2, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    y += 1.5
    lane = _lane(card)
    if lane:
        pen.painter.setPen(QPen(ACCENT, 0.5 * pen.unit))
        pen.painter.drawRect(pen.rect(5, y, width - 10, 11.0))
        pen.text(
            6,
            y + 1.5,
            width - 12,
            lane,
            6.5,
            bold=True,
            color=ACCENT,
            align=Qt.AlignmentFlag.AlignHCenter,
        )
        y += 12.5
    y += pen.text(6, y, width - 12, f"{_date(card)}　{_window(card)}", 3.8, bold=True) + 0.8
    if card.assembly_point:
        y += (
            pen.text(
                6, y, width - 12, f"集合地点：{card.assembly_point}", 3.5, wrap=True, max_lines=2
            )
            + 0.8
        )
    y += pen.text(6, y, width - 12, _logistics(card), 3.8, bold=True)
    pen.text(
        5,
        height - 8.5,
        width - 10,
        card.reminder,
        4.2,
        bold=True,
        color=ACCENT,
        align=Qt.AlignmentFlag.AlignHCenter,
    )


# --- PDF ------------------------------------------------------------------------------------

A4_COLUMNS, A4_ROWS = 2, 4
A4_MARGIN_X, A4_MARGIN_Y = 10.0, 10.0  # inside what office printers can reach
PDF_DPI = 600


@dataclass(frozen=True)
class PdfFile:
    """A PDF being painted: `writer` for new pages, `painter` to draw, in millimetres by `pen`."""

    writer: QPdfWriter
    painter: QPainter
    unit: float  # device pixels per millimetre
    family: str  # the CJK family that names are drawn in

    def pen(self, x_mm: float = 0.0, y_mm: float = 0.0) -> _Pen:
        """A pen whose origin is (x_mm, y_mm) from the page's top left corner."""
        origin = QPointF(x_mm * self.unit, y_mm * self.unit)
        return _Pen(self.painter, origin, self.unit, self.family)


@contextmanager
def open_pdf(
    path: Path, title: str, page: QPageSize.PageSizeId = QPageSize.PageSizeId.A4
) -> Iterator[PdfFile]:
    """A new portrait PDF without margins, ready to paint; finished however the painting ends.

    Raises UserError when no CJK font is installed or the file cannot be written.
    """
    family = cjk_font_family()
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"无法写入文件“{path}”：文件夹“{path.parent}”不存在")
    try:
        files.create_private(path)  # names (and the passes' codes): the owner's eyes only
    except OSError as err:
        raise UserError(f"无法写入文件“{path}”：{err.strerror or err}") from None
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("open-day-checkin")
    layout = QPageLayout(QPageSize(page), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    writer.setPageLayout(layout)
    painter = QPainter()
    if not painter.begin(writer):
        raise UserError(f"无法写入文件“{path}”，请检查路径是否存在、文件是否被其他程序打开")
    try:
        yield PdfFile(writer, painter, PDF_DPI / 25.4, family)
    finally:
        painter.end()  # writes the end of the file and closes it


def _cut_marks(pen: _Pen, cell_w: float, cell_h: float) -> None:
    grey = QPen(QColor("#999999"), 0.15 * pen.unit)
    dashed = QPen(QColor("#cccccc"), 0.1 * pen.unit, Qt.PenStyle.DashLine)
    total_w, total_h = cell_w * A4_COLUMNS, cell_h * A4_ROWS
    for c in range(A4_COLUMNS + 1):
        x = c * cell_w
        pen.line(x, -6, x, -1.5, grey)
        pen.line(x, total_h + 1.5, x, total_h + 6, grey)
        if 0 < c < A4_COLUMNS:
            pen.line(x, 0, x, total_h, dashed)
    for r in range(A4_ROWS + 1):
        y = r * cell_h
        pen.line(-6, y, -1.5, y, grey)
        pen.line(total_w + 1.5, y, total_w + 6, y, grey)
        if 0 < r < A4_ROWS:
            pen.line(0, y, total_w, y, dashed)


def write_pdf(
    cards: Sequence[PassCard],
    path: Path,
    *,
    a6: bool = False,
    progress: ProgressFn | None = None,
) -> int:
    """Writes the passes to a PDF: A4 sheets of eight with cut marks, or one A6 card a page.

    Returns the number of pages. Raises UserError when no CJK font is installed or the file
    cannot be written.
    """
    if not cards:
        raise UserError("没有可打印的通行证")
    per_page = 1 if a6 else A4_COLUMNS * A4_ROWS
    size = QPageSize.PageSizeId.A6 if a6 else QPageSize.PageSizeId.A4
    with open_pdf(path, "通行证", size) as pdf:
        pdf.painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for index, card in enumerate(cards):
            slot = index % per_page
            if slot == 0 and index:
                pdf.writer.newPage()
            if a6:
                _paint_card(pdf.pen(), card, 105.0, 148.0)
            else:
                _paint_slot(pdf.pen(), card, slot)
            if progress:
                progress(index + 1, len(cards))
    return -(-len(cards) // per_page)


def _paint_slot(page: _Pen, card: PassCard, slot: int) -> None:
    """One pass in its place on an A4 sheet of eight; the first also draws the cut marks."""
    unit = page.unit
    cell_w = (210.0 - 2 * A4_MARGIN_X) / A4_COLUMNS
    cell_h = (297.0 - 2 * A4_MARGIN_Y) / A4_ROWS
    if slot == 0:
        origin = QPointF(A4_MARGIN_X * unit, A4_MARGIN_Y * unit)
        _cut_marks(_Pen(page.painter, origin, unit, page.family), cell_w, cell_h)
    col, row = slot % A4_COLUMNS, slot // A4_COLUMNS
    # A little white inside each cut line, so a crooked cut never slices the text.
    inset = 2.0
    origin = QPointF(
        (A4_MARGIN_X + col * cell_w + inset) * unit, (A4_MARGIN_Y + row * cell_h + inset) * unit
    )
    _paint_cell(
        _Pen(page.painter, origin, unit, page.family), card, cell_w - 2 * inset, cell_h - 2 * inset
    )


# --- PNG ------------------------------------------------------------------------------------

# Qt's PNG quality sets zlib's effort: 70 took a quarter less time than the default here.
PNG_QUALITY = 70
_PALETTE = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
PNG_UNIT = 8.0  # pixels per millimetre: 840 × 1184, sharp on a phone, quick to make and send


def safe_file_part(text: str, limit: int = 40) -> str:
    """A piece of a file name that Windows, macOS and Linux all accept."""
    cleaned = _WINDOWS_BAD.sub("_", text).strip().rstrip(". ")
    return cleaned[:limit] or "_"


def png_file_names(cards: Sequence[PassCard]) -> list[str]:
    """`01_智慧城管_003_张三.png`: sorts by activity, then by name within it."""
    names = []
    counters: dict[int, int] = {}
    for card in cards:
        counters[card.activity_number] = counters.get(card.activity_number, 0) + 1
        names.append(
            f"{card.activity_number:02d}_{safe_file_part(card.activity_name)}_"
            f"{counters[card.activity_number]:03d}_{safe_file_part(card.name, 20)}.png"
        )
    return names


def render_card(card: PassCard, family: str | None = None, unit: float = PNG_UNIT) -> QImage:
    """One pass as an image, the A6 layout at `unit` pixels per millimetre."""
    family = family or cjk_font_family()
    image = QImage(round(105 * unit), round(148 * unit), QImage.Format.Format_RGB32)
    _paint_image(image, card, family, unit)
    return image


_canvas = threading.local()


def _reused_canvas(unit: float) -> QImage:
    """This thread's card-sized canvas: a fresh 4 MB image a card cost more in page faults than
    painting the card did."""
    image: QImage | None = getattr(_canvas, "image", None)
    if image is None or image.width() != round(105 * unit):
        image = QImage(round(105 * unit), round(148 * unit), QImage.Format.Format_RGB32)
        _canvas.image = image
    return image


def _paint_image(image: QImage, card: PassCard, family: str, unit: float) -> None:
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    try:
        pen = _Pen(painter, QPointF(0, 0), unit, family, crisp=True)
        _paint_card(pen, card, 105.0, 148.0)
    finally:
        painter.end()
        # Freeing the painter's wrapper is a Qt call too: keep it inside the guard.
        del painter


def write_pngs(
    cards: Sequence[PassCard],
    directory: Path,
    *,
    progress: ProgressFn | None = None,
    workers: int | None = None,
) -> list[Path]:
    """One PNG per pass in `directory` (created if missing); returns the files in card order."""
    if not cards:
        raise UserError("没有可导出的通行证")
    family = cjk_font_family()
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(f"无法创建文件夹“{directory}”：{err.strerror}") from err
    paths = [directory / name for name in png_file_names(cards)]

    def one(pair: tuple[PassCard, Path]) -> Path:
        card, target = pair
        # Each thread paints its own QImage; PNG compression is what takes the time.
        # A palette of the few colours a pass has: a tenth of the time of a full-colour PNG
        # and half the bytes, with the same reads.
        canvas = _reused_canvas(PNG_UNIT)
        _paint_image(canvas, card, family, PNG_UNIT)
        image = canvas.convertToFormat(QImage.Format.Format_Indexed8, _PALETTE)
        try:
            files.create_private(target)  # a pass is someone's ticket: 0600
        except OSError:
            raise UserError(f"无法写入图片“{target}”") from None
        # The stubs want the format as bytes; the binding itself only takes a str.
        if not image.save(str(target), "PNG", PNG_QUALITY):  # type: ignore[call-overload]
            raise UserError(f"无法写入图片“{target}”")
        return target

    # The first card on this thread alone: PySide6 builds its enum types lazily on first use,
    # and two threads doing that at once crashed the process.
    one((cards[0], paths[0]))
    done = 1
    if progress:
        progress(done, len(cards))
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        for _ in pool.map(one, zip(cards[1:], paths[1:], strict=True)):
            done += 1
            if progress:
                progress(done, len(cards))
    return paths
