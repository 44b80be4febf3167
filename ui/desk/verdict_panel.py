"""The verdict panel: readable from two metres, one colour per verdict, until the next scan."""

from __future__ import annotations

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
# Characters of detail that fit one line, roughly, before it wraps (a long reason does).
DETAIL_LINE_CHARS = 22
HEADLINE_MIN_PX = 56
HEADLINE_MAX_PX = 240
# The other lines, relative to the headline, each with a floor for a small panel.
NAME_SCALE, NAME_MIN_PX = 0.6, 32
IDENTITY_SCALE, IDENTITY_MIN_PX = 0.28, 18
PLACEMENT_SCALE, PLACEMENT_MIN_PX = 0.5, 28
DETAIL_SCALE, DETAIL_MIN_PX = 0.34, 20
MARGINS = (16, 12)
STACK_SPACING_PX = 30  # the layout's spacing between the five lines
PANEL_MIN = (300, 320)
# A scan whose record could not be committed: bright red, unlike any verdict, because the person
# in front of the desk has no verdict at all and must be scanned again.
UNSAVED_COLOUR = "#dc2626"


def stack_ems(name: str, identity: str, placement: str, detail: str) -> float:
    """How many headline sizes tall the lines shown are, the headline's own included."""
    detail_lines = -(-len(detail) // DETAIL_LINE_CHARS)  # ceiling
    scales = (
        1.0,
        NAME_SCALE if name else 0.0,
        IDENTITY_SCALE if identity else 0.0,
        PLACEMENT_SCALE if placement else 0.0,
        DETAIL_SCALE * detail_lines,
    )
    return LINE_EMS * sum(scales)


def headline_pixels(width: int, height: int, chars: int, ems: float) -> int:
    """The headline's font size for a panel of width x height showing `chars` characters on a
    stack of lines `ems` headline sizes tall."""
    by_height = height / ems
    by_width = 0.92 * width / max(chars, 3)
    return int(max(HEADLINE_MIN_PX, min(HEADLINE_MAX_PX, by_height, by_width)))


def _one_line_pixels(wanted: float, floor: int, width: int, text: str) -> int:
    # A name or a bus line stays on one line while the floor allows (ASCII is half an em).
    ems = sum(0.55 if ch.isascii() else 1.0 for ch in text) or 1.0
    return int(max(floor, min(wanted, 0.95 * width / ems)))


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
        height = max(1, self.height() - 2 * MARGINS[1])
        ems = stack_ems(
            self.name.text(), self.identity.text(), self.placement.text(), self.detail.text()
        )
        head = headline_pixels(width, height - STACK_SPACING_PX, len(self.headline.text()), ems)
        sizes = (
            (self.headline, head),
            (self.name, _one_line_pixels(NAME_SCALE * head, NAME_MIN_PX, width, self.name.text())),
            (
                self.identity,
                _one_line_pixels(
                    IDENTITY_SCALE * head, IDENTITY_MIN_PX, width, self.identity.text()
                ),
            ),
            (
                self.placement,
                _one_line_pixels(
                    PLACEMENT_SCALE * head, PLACEMENT_MIN_PX, width, self.placement.text()
                ),
            ),
            (self.detail, max(DETAIL_MIN_PX, int(DETAIL_SCALE * head))),
        )
        for label, pixels in sizes:
            if label.font().pixelSize() != pixels:
                font = label.font()
                font.setPixelSize(pixels)
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
