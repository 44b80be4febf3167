"""`checkin-app --station PACKAGE`: the steward confirms the office's key fingerprint, read out
over the phone, before the package sets the laptop up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from checkin_app.stations import PackageSummary


def _tr(text: str) -> str:
    return QCoreApplication.translate("StationDialog", text)


class FingerprintDialog(QDialog):
    """Whose package this is and its key's fingerprint in digits and as read aloud; the set-up
    button works only once the steward ticks that every group matched what the office read."""

    def __init__(self, summary: PackageSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("核对站点包"))
        layout = QVBoxLayout(self)
        office = summary.organiser or _tr("（未填写）")
        self.about = QLabel(
            _tr("这份站点包将把本电脑设为签到站点：")
            + "\n"
            + _tr("活动：{0}\n办公室：{1}\n站点：{2}，报名人 {3} 人").format(
                summary.event, office, summary.station, summary.participants
            )
        )
        self.about.setWordWrap(True)
        layout.addWidget(self.about)
        ask = QLabel(
            _tr("请打电话给办公室，请对方读出制作站点包时显示的密钥指纹，与下面逐组核对：")
        )
        ask.setWordWrap(True)
        layout.addWidget(ask)
        self.digits = QLabel(summary.digits.replace("-", "  "))
        big = QFont(self.font())
        big.setPointSize(max(big.pointSize(), 9) * 2)
        big.setBold(True)
        self.digits.setFont(big)
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.digits)
        self.spoken = QLabel(_tr("读作：{0}").format(summary.spoken))
        self.spoken.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.spoken)
        layout.addWidget(QLabel(_tr("（字母形式：{0}）").format(summary.fingerprint)))
        self.matched = QCheckBox(_tr("我已与办公室逐组核对，指纹完全一致"))
        layout.addWidget(self.matched)
        warn = QLabel(_tr("如有任何一组不同，请按“取消”：这份站点包不是办公室制作的，请勿使用。"))
        warn.setWordWrap(True)
        layout.addWidget(warn)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_tr("确认并设置"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
        self.matched.toggled.connect(self.ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.setMaximumSize(1000, 740)  # fits a 1024x768 screen with its frame


def confirm_fingerprint(summary: PackageSummary, parent: QWidget | None = None) -> bool:
    """Ask; True only when the steward ticked the match and pressed 确认并设置."""
    dialog = FingerprintDialog(summary, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted and dialog.matched.isChecked()
