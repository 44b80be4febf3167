"""Pictures and paper for the duties after the day: the arrivals chart, scaled photos for the
活动开展情况, and the blank 意见建议征集表 (a printing module: QtGui, never widgets)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPen

from checkin_app.printing import _Pen, cjk_font_family, ensure_gui, open_pdf, print_qfont

PHOTO_LIMIT = 6  # the draft takes up to six photos
PHOTO_MAX_SIDE = 1600  # pixels: sharp at 15 cm wide, a few hundred KB in the DOCX
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".heic")
CHART_SIZE = QSize(1600, 800)
_COLORS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f")


@dataclass(frozen=True)
class Photo:
    caption: str
    jpeg: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Photos:
    photos: tuple[Photo, ...]
    skipped: tuple[str, ...]  # "file: why", for the user; never a failure of the document


def _encoded(image: QImage, kind: str, quality: int = -1) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 wants the format as str at run time, whatever its stubs say.
    image.save(buffer, kind, quality)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def _jpeg(image: QImage) -> bytes:
    return _encoded(image, "JPEG", 85)


def _png(image: QImage) -> bytes:
    return _encoded(image, "PNG")


def caption(path: Path) -> str:
    """The file name without the number that orders the folder: "01_座谈会.jpg" -> 座谈会."""
    return re.sub(r"^\d+[\s._、-]*", "", path.stem) or path.stem


def scaled_photo(path: Path) -> Photo | str:
    """The photo decoded straight at most PHOTO_MAX_SIDE wide or high (a 40 MB camera file is
    never held at full size), turned upright by its EXIF tag; or why it cannot be used."""
    ensure_gui()
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if not reader.canRead():
        return f"{path.name}：不是可读取的图片，已跳过"
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > PHOTO_MAX_SIDE:
        reader.setScaledSize(
            size.scaled(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        return f"{path.name}：图片无法解码（{reader.errorString()}），已跳过"
    if max(image.width(), image.height()) > PHOTO_MAX_SIDE:
        image = image.scaled(
            PHOTO_MAX_SIDE,
            PHOTO_MAX_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return Photo(caption(path), _jpeg(image), image.width(), image.height())


def photos_in(folder: Path) -> Photos:
    """Up to six photos of the folder in name order, scaled down; the rest said, not failed."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    taken: list[Photo] = []
    skipped: list[str] = []
    for path in files:
        if len(taken) == PHOTO_LIMIT:
            skipped.append(f"{path.name}：已有{PHOTO_LIMIT}张照片，未放入")
            continue
        try:
            found = scaled_photo(path)
        except OSError as err:
            found = f"{path.name}：无法读取（{err.strerror or err}），已跳过"
        if isinstance(found, Photo):
            taken.append(found)
        else:
            skipped.append(found)
    return Photos(tuple(taken), tuple(skipped))


@dataclass(frozen=True)
class Curve:
    """One activity's arrivals on its day: local times and how many were in by then (a
    record on another day, such as a late correction, is left out of the time axis)."""

    label: str
    points: tuple[tuple[dt.datetime, int], ...]

    @classmethod
    def of_day(cls, label: str, day: dt.date, points: Sequence[tuple[dt.datetime, int]]) -> Curve:
        return cls(label, tuple(sorted(p for p in points if p[0].date() == day)))


def _minutes(at: dt.datetime) -> float:
    return at.hour * 60 + at.minute + at.second / 60


def arrivals_chart(curves: Sequence[Curve], title: str) -> bytes:
    """The arrivals chart as a PNG: people in against the time of day, one line an activity."""
    ensure_gui()
    family = cjk_font_family()
    image = QImage(CHART_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        _paint_chart(painter, [c for c in curves if c.points], title, family)
    finally:
        painter.end()
    return _png(image)


def _paint_chart(painter: QPainter, curves: list[Curve], title: str, family: str) -> None:
    w, h = CHART_SIZE.width(), CHART_SIZE.height()
    # Room under the axis for the time labels and a legend line per activity.
    plot = QRectF(110.0, 90.0, w - 150.0, h - 90.0 - (90.0 + 40 * len(curves)))
    painter.setFont(print_qfont(family, 36, bold=True))
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(0, 10, w, 60), int(Qt.AlignmentFlag.AlignCenter), title)
    painter.setFont(print_qfont(family, 24))
    if not curves:
        painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), "暂无签到记录")
        return
    times = [_minutes(t) for c in curves for t, _ in c.points]
    span = (min(times) - 5, max(times) + 5)
    most = max(n for c in curves for _, n in c.points)
    step = max(1, -(-most // 5))
    top_value = step * -(-most // step)
    _axes(painter, plot, span, top_value, step)
    for index, curve in enumerate(curves):
        color = QColor(_COLORS[index % len(_COLORS)])
        painter.setPen(QPen(color, 5))
        painter.drawPolyline(_steps(curve, plot, span, top_value))
        legend_y = plot.bottom() + 60 + index * 40
        painter.fillRect(QRectF(plot.left(), legend_y - 6, 40, 10), color)
        painter.setPen(QColor("black"))
        painter.drawText(QPointF(plot.left() + 52, legend_y + 8), curve.label)


def _axes(
    painter: QPainter, plot: QRectF, span: tuple[float, float], top_value: int, step: int
) -> None:
    painter.setPen(QPen(QColor("#999999"), 1))
    for k in range(0, top_value + 1, step):
        y = plot.bottom() - plot.height() * k / top_value
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        box = QRectF(0, y - 16, plot.left() - 12, 32)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignRight), str(k))
    ticks = 6
    start, end = span
    for i in range(ticks + 1):
        m = start + (end - start) * i / ticks
        x = plot.left() + plot.width() * i / ticks
        label = f"{int(m // 60):02d}:{int(m % 60):02d}"
        box = QRectF(x - 60, plot.bottom() + 8, 120, 32)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)


def _steps(curve: Curve, plot: QRectF, span: tuple[float, float], top_value: int) -> list[QPointF]:
    start, end = span
    points: list[QPointF] = []
    for t, n in curve.points:
        x = plot.left() + plot.width() * (_minutes(t) - start) / (end - start)
        if points:  # a step: the count rises at the moment someone is let in
            points.append(QPointF(x, points[-1].y()))
        points.append(QPointF(x, plot.bottom() - plot.height() * n / top_value))
    return points


# --- The blank 意见建议征集表 ------------------------------------------------------------------


def blank_form(path: Path, event: str, activity: str, organiser: str) -> None:
    """The seeds' attachment 2 on A4: header with the event and activity, fields for name,
    work unit and phone, a large box for the opinion, and a tick box for 需要答复."""
    with open_pdf(path, f"{event} 意见建议征集表") as pdf:
        _paint_form(pdf.pen(20, 18), event, activity, organiser)


def _paint_form(pen: _Pen, event: str, activity: str, organiser: str) -> None:
    width = 170.0
    thin = QPen(QColor("black"), max(1.0, 0.3 * pen.unit))
    y = pen.text(0, 0, width, event, 5.0, bold=True, align=Qt.AlignmentFlag.AlignHCenter)
    y += 2 + pen.text(
        0, y + 2, width, "意见建议征集表", 7.0, bold=True, align=Qt.AlignmentFlag.AlignHCenter
    )
    y += 4 + pen.text(0, y + 4, width, f"活动项目：{activity or '＿＿＿＿＿＿＿＿'}", 4.2)
    rows = (("姓　　名", 14.0), ("工作单位", 14.0), ("联系电话", 14.0))
    y += 4
    pen.painter.setPen(thin)
    for label, height in rows:
        pen.painter.drawRect(pen.rect(0, y, width, height))
        pen.line(32, y, 32, y + height, thin)
        pen.text(2, y + height / 2 - 2.6, 28, label, 4.2, align=Qt.AlignmentFlag.AlignHCenter)
        pen.painter.setPen(thin)
        y += height
    box = 150.0
    pen.painter.drawRect(pen.rect(0, y, width, box))
    pen.line(32, y, 32, y + box, thin)
    pen.text(2, y + box / 2 - 5, 28, "意见建议", 4.2, align=Qt.AlignmentFlag.AlignHCenter)
    for k in range(1, 12):
        pen.line(36, y + k * 12.5, width - 4, y + k * 12.5, QPen(QColor("#bbbbbb"), 1))
    y += box + 5
    pen.painter.setPen(thin)
    pen.painter.drawRect(pen.rect(0, y + 0.6, 4, 4))
    pen.text(6, y, 100, "需要答复（请留联系电话）", 4.2)
    y += 10
    note = (
        "您提出的意见建议将由相关责任单位研究办理，并在活动结束后按时公开办理情况。"
        "个人信息仅用于联系答复，不对外公开。"
    )
    y += pen.text(0, y, width, note, 3.5, wrap=True, max_lines=3) + 4
    if organiser:
        pen.text(0, y, width, organiser, 4.0, align=Qt.AlignmentFlag.AlignRight)
