"""The verdict panel: readable from two metres, one colour per verdict, until the next scan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
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
HEADLINE_PX = 76
# "未保存，请重扫" is seven characters: at the verdicts' size it would wrap on a 1366 px screen.
UNSAVED_HEADLINE_PX = 60
# A scan whose record could not be committed: bright red, unlike any verdict, because the person
# in front of the desk has no verdict at all and must be scanned again.
UNSAVED_COLOUR = "#dc2626"


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
        self.headline = _label(HEADLINE_PX, bold=True)
        self.name = _label(44, bold=True)
        self.identity = _label(22)
        self.placement = _label(38, bold=True)
        self.detail = _label(28)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
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

    def _headline_size(self, pixels: int) -> None:
        font = self.headline.font()
        font.setPixelSize(pixels)
        self.headline.setFont(font)

    def _paint(self, background: str, foreground: str) -> None:
        self.setStyleSheet(
            f"QFrame#verdict {{ background: {background}; border-radius: 10px; }}"
            f"QFrame#verdict QLabel {{ color: {foreground}; background: transparent; }}"
        )

    def show_idle(self) -> None:
        self.result = None
        self.unsaved = False
        self._headline_size(HEADLINE_PX)
        self._paint(IDLE_COLOUR, "#374151")
        self.headline.setText(self.tr("请扫码"))
        self.name.setText("")
        self.identity.setText(self.tr("出示通行证二维码，或输入证件号、手工码"))
        self.placement.setText("")
        self.detail.setText("")

    def show_unsaved(self, why: str) -> None:
        """The last scan was not stored: no verdict may stay on screen for it (the previous
        person's green would let this one in)."""
        self.result = None
        self.unsaved = True
        self._paint(UNSAVED_COLOUR, "#ffffff")
        self._headline_size(UNSAVED_HEADLINE_PX)
        self.headline.setText(self.tr("未保存，请重扫"))
        self.name.setText("")
        self.identity.setText(self.tr("本次扫码没有记录成功，不能据此放行"))
        self.placement.setText("")
        self.detail.setText(why)

    def show_result(self, result: ScanResult) -> None:
        self.result = result
        self.unsaved = False
        self._headline_size(HEADLINE_PX)
        self._paint(COLOURS[result.verdict], "#ffffff")
        self.headline.setText(result.headline)
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
