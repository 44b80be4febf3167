"""The verdict panel: readable from two metres, one colour per verdict, until the next scan."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from checkin_app.checkin import ScanResult, Verdict

# White text on each; the hues group the verdicts a steward must tell apart at a glance: green
# lets in, amber has been here, blues/violet are the wrong session, greys/teal/brown are not
# (yet) invited, orange/rose are a bad pass, reds are no pass of ours at all.
COLOURS: dict[Verdict, str] = {
    Verdict.ADMITTED: "#15803d",
    Verdict.ALREADY_CHECKED_IN: "#b45309",
    Verdict.WRONG_ACTIVITY: "#6d28d9",
    Verdict.WRONG_DAY: "#1d4ed8",
    Verdict.NOT_CONFIRMED: "#475569",
    Verdict.WAITLISTED: "#0e7490",
    Verdict.CANCELLED: "#7c2d12",
    Verdict.OUTDATED: "#c2410c",
    Verdict.REVOKED: "#be123c",
    Verdict.UNKNOWN: "#3f3f46",
    Verdict.FORGED: "#991b1b",
    Verdict.UNREADABLE: "#57534e",
    Verdict.UNDONE: "#334155",
}
IDLE_COLOUR = "#e5e7eb"
# The core's headlines (checkin.HEADLINES: the core is Qt-free and speaks Chinese), marked here
# so that an English desk shows them in English; a test keeps the two lists the same.
HEADLINE_SOURCES = (
    QT_TRANSLATE_NOOP("VerdictPanel", "请入场"),
    QT_TRANSLATE_NOOP("VerdictPanel", "已签到"),
    QT_TRANSLATE_NOOP("VerdictPanel", "非本场活动"),
    QT_TRANSLATE_NOOP("VerdictPanel", "非今日活动"),
    QT_TRANSLATE_NOOP("VerdictPanel", "未确认参加"),
    QT_TRANSLATE_NOOP("VerdictPanel", "候补名单"),
    QT_TRANSLATE_NOOP("VerdictPanel", "已取消报名"),
    QT_TRANSLATE_NOOP("VerdictPanel", "通行证已过期"),
    QT_TRANSLATE_NOOP("VerdictPanel", "通行证已注销"),
    QT_TRANSLATE_NOOP("VerdictPanel", "查无此人"),
    QT_TRANSLATE_NOOP("VerdictPanel", "通行证无效"),
    QT_TRANSLATE_NOOP("VerdictPanel", "无法识别"),
    QT_TRANSLATE_NOOP("VerdictPanel", "已撤销签到"),
)
# The headline fills the panel (a fixed 76 px was 12.7 mm on a 15.6" 1080p screen, too small
# for two metres): as large as the panel's height allows for the whole stack of lines, and as
# its width allows for the headline on one line (a CJK glyph is one em wide).
# A CJK font's line is about 1.45 em tall (Noto Sans CJK: ascent 1.16, descent 0.29).
LINE_EMS = 1.5
HEADLINE_MIN_PX = 56
HEADLINE_MAX_PX = 240
# The other lines, relative to the headline, each with a floor for a small panel.
NAME_SCALE, NAME_MIN_PX = 0.6, 32
IDENTITY_SCALE, IDENTITY_MIN_PX = 0.28, 18
PLACEMENT_SCALE, PLACEMENT_MIN_PX = 0.5, 28
DETAIL_SCALE, DETAIL_MIN_PX = 0.34, 20
MARGINS = (16, 12)
TWO_LINES_GAIN = 1.2  # a headline goes on two lines only when that makes it this much bigger
STACK_SPACING_PX = 30  # the layout's spacing between the five lines
PANEL_MIN = (300, 320)
# A scan whose record could not be committed: bright red, unlike any verdict, because the person
# in front of the desk has no verdict at all and must be scanned again.
UNSAVED_COLOUR = "#dc2626"


def _ems(text: str) -> float:
    # A CJK character is one em wide, ASCII about half of one.
    return sum(0.55 if ch.isascii() else 1.0 for ch in text)


def _one_line_pixels(wanted: float, floor: int, width: int, text: str) -> int:
    # A name or a bus line stays on one line while the floor allows.
    return int(max(floor, min(wanted, 0.95 * width / (_ems(text) or 1.0))))


@dataclass(frozen=True)
class Texts:
    """What the panel shows, line by line (empty lines are hidden)."""

    headline: str
    name: str
    identity: str
    placement: str
    detail: str


@dataclass(frozen=True)
class Sizes:
    """Font sizes in pixels, and how many lines the headline takes."""

    headline: int
    headline_lines: int
    name: int
    identity: int
    placement: int
    detail: int


def _sizes(texts: Texts, width: int, head: int, headline_lines: int) -> Sizes:
    return Sizes(
        head,
        headline_lines,
        _one_line_pixels(NAME_SCALE * head, NAME_MIN_PX, width, texts.name),
        _one_line_pixels(IDENTITY_SCALE * head, IDENTITY_MIN_PX, width, texts.identity),
        _one_line_pixels(PLACEMENT_SCALE * head, PLACEMENT_MIN_PX, width, texts.placement),
        max(DETAIL_MIN_PX, int(DETAIL_SCALE * head)),
    )


def _height(texts: Texts, sizes: Sizes, width: int) -> float:
    """The stack's height in pixels, the detail wrapped to the width."""
    detail_lines = math.ceil(_ems(texts.detail) * sizes.detail / (0.95 * width))
    return LINE_EMS * (
        sizes.headline * sizes.headline_lines
        + (sizes.name if texts.name else 0)
        + (sizes.identity if texts.identity else 0)
        + (sizes.placement if texts.placement else 0)
        + sizes.detail * detail_lines
    )


def fit(texts: Texts, width: int, height: int) -> Sizes:
    """The biggest headline (and the lines under it in proportion) that fits the panel: on one
    line, or on two balanced lines when that is much bigger (a long refusal on a small screen)."""
    chars = len(texts.headline)

    def best(lines: int) -> Sizes:
        per_line = math.ceil(chars / lines)
        head = int(min(HEADLINE_MAX_PX, 0.92 * width / max(per_line, 3)))
        while head > HEADLINE_MIN_PX:
            sizes = _sizes(texts, width, head, lines)
            if _height(texts, sizes, width) <= height:
                return sizes
            head -= 2
        return _sizes(texts, width, HEADLINE_MIN_PX, lines)

    one = best(1)
    if chars >= 4:
        two = best(2)
        if two.headline >= TWO_LINES_GAIN * one.headline:
            return two
    return one


def _label(pixels: int, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class VerdictPanel(QFrame):
    """Shows one ScanResult: headline, name, masked ID and category, bus/seat/group, detail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verdict")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.result: ScanResult | None = None
        self.unsaved = False
        self.headline = _label(HEADLINE_MIN_PX, bold=True)
        self.name = _label(44, bold=True)
        self.identity = _label(22)
        self.placement = _label(38, bold=True)
        self.detail = _label(28)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*MARGINS, *MARGINS)
        layout.addStretch(1)
        for label in (self.headline, self.name, self.identity, self.placement, self.detail):
            layout.addWidget(label)
        layout.addStretch(1)
        self.show_idle()

    @property
    def verdict(self) -> Verdict | None:
        return self.result.verdict if self.result else None

    def colour(self) -> str:
        if self.unsaved:
            return UNSAVED_COLOUR
        return COLOURS[self.result.verdict] if self.result else IDLE_COLOUR

    def minimumSizeHint(self) -> QSize:
        # Fixed, not the labels' sum: their fonts follow the panel's size, and a minimum that
        # grew with them would never let the panel (or the window) shrink again.
        return QSize(*PANEL_MIN)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Every line's size from the panel's size and what it says."""
        width = max(1, self.width() - 2 * MARGINS[0])
        height = max(1, self.height() - 2 * MARGINS[1] - STACK_SPACING_PX)
        labels = (self.headline, self.name, self.identity, self.placement, self.detail)
        texts = Texts(*(label.text() for label in labels))
        sizes = fit(texts, width, height)
        if sizes.headline_lines == 2:
            # Side margins leave the text half its width: Qt wraps it there, half on each line.
            half = math.ceil(len(texts.headline) / 2)
            side = max(0, (width - int(half * sizes.headline * 1.08)) // 2)
            self.headline.setContentsMargins(side, 0, side, 0)
        else:
            self.headline.setContentsMargins(0, 0, 0, 0)
        pixels = (sizes.headline, sizes.name, sizes.identity, sizes.placement, sizes.detail)
        for label, size in zip(labels, pixels, strict=True):
            # An empty line takes no room (an empty label is still a line tall).
            label.setVisible(bool(label.text()))
            if label.font().pixelSize() != size:
                font = label.font()
                font.setPixelSize(size)
                label.setFont(font)

    def _paint(self, background: str, foreground: str) -> None:
        self.setStyleSheet(
            f"QFrame#verdict {{ background: {background}; border-radius: 10px; }}"
            f"QFrame#verdict QLabel {{ color: {foreground}; background: transparent; }}"
        )

    def show_idle(self) -> None:
        self.result = None
        self.unsaved = False
        self._paint(IDLE_COLOUR, "#374151")
        self.headline.setText(self.tr("请扫码"))
        self.name.setText("")
        self.identity.setText(self.tr("出示通行证二维码，或输入证件号、手工码"))
        self.placement.setText("")
        self.detail.setText("")
        self._fit()

    def show_unsaved(self, why: str) -> None:
        """The last scan was not stored: no verdict may stay on screen for it (the previous
        person's green would let this one in)."""
        self.result = None
        self.unsaved = True
        self._paint(UNSAVED_COLOUR, "#ffffff")
        self.headline.setText(self.tr("未保存，请重扫"))
        self.name.setText("")
        self.identity.setText(self.tr("本次扫码没有记录成功，不能据此放行"))
        self.placement.setText("")
        self.detail.setText(why)
        self._fit()

    def show_result(self, result: ScanResult) -> None:
        self.result = result
        self.unsaved = False
        self._paint(COLOURS[result.verdict], "#ffffff")
        self.headline.setText(QCoreApplication.translate("VerdictPanel", result.headline))
        person = result.person
        self.name.setText(person.name if person else "")
        self.identity.setText(
            " · ".join(x for x in (person.masked_id, person.category) if x) if person else ""
        )
        placement = self._placement_text(result)
        self.placement.setText(placement)
        # The core's "请上1号车，3C座；第一组" says again what the big line shows; an override's
        # or a walk-in's reason in front of it is kept.
        boarding_only = bool(placement) and result.detail.startswith("请上")
        self.detail.setText("" if boarding_only else result.detail)
        self._fit()

    def _placement_text(self, result: ScanResult) -> str:
        # Where to go matters to someone let in, or back to ask which bus; a refusal shows why.
        if result.verdict not in (Verdict.ADMITTED, Verdict.ALREADY_CHECKED_IN):
            return ""
        parts = []
        if result.bus:
            parts.append(result.bus)
        if result.seat:
            parts.append(self.tr("{0}座").format(result.seat))
        if result.group:
            parts.append(result.group)
        return " · ".join(parts)
