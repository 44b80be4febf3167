"""The desk's questions: operator name, activity, supervisor PIN, a reason, a walk-in's details."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from checkin_app.checkin import OVER_CAPACITY_CHOICE, WalkIn

# The categories of the registration forms, most common first; the field also takes others.
CATEGORIES = ("市民代表", "人大代表", "政协委员", "媒体记者", "企业代表", "社区代表", "学生")


def ask_operator(parent: QWidget | None, current: str) -> str | None:
    """The name recorded with every scan of this station: None when cancelled, "" when
    confirmed empty (the caller keeps the current name)."""
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("DeskDialogs", "签到人员"),
        QCoreApplication.translate("DeskDialogs", "请输入您的姓名（记录在每次签到中）："),
        text=current,
    )
    return text.strip() if ok else None


def ask_station_name(parent: QWidget | None, current: str) -> str | None:
    """The name the office's own desk records under (a station's comes with its package)."""
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("DeskDialogs", "签到点名称"),
        QCoreApplication.translate(
            "DeskDialogs", "办公室签到台的名称（记录在每次签到中，不能与签到站点重名）："
        ),
        text=current,
    )
    return text.strip() if ok and text.strip() else None


def ask_pin(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("DeskDialogs", "主管解锁"),
        QCoreApplication.translate("DeskDialogs", "请输入主管密码："),
        QLineEdit.EchoMode.Password,
    )
    return text if ok else None


def ask_reason(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """A reason for an undo, an override or a revealed number; None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text if ok else None


def confirm_admit(parent: QWidget | None, question: str) -> bool:
    """ "确认为 龙强明 签到？": the one question before someone found by search is let in."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("DeskDialogs", "查找签到"))
    box.setText(question)
    yes = box.addButton(
        QCoreApplication.translate("DeskDialogs", "签到"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(
        QCoreApplication.translate("DeskDialogs", "取消"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


@dataclass(frozen=True)
class ActivityChoice:
    id: int
    name: str
    label: str  # 活动 · 项目 · 日期


def choose_activity(parent: QWidget | None, choices: list[ActivityChoice]) -> int | None:
    if len(choices) == 1:
        return choices[0].id
    labels = [c.label for c in choices]
    label, ok = QInputDialog.getItem(
        parent,
        QCoreApplication.translate("DeskDialogs", "打开签到台"),
        QCoreApplication.translate("DeskDialogs", "签到的活动项目："),
        labels,
        0,
        False,
    )
    return choices[labels.index(label)].id if ok and label in labels else None


class WalkInDialog(QDialog):
    """On-site registration. It stays open until the desk stored the person (`submitted` ->
    `done_ok`), so a wrong ID number is corrected in place, not typed again."""

    submitted = Signal(object, str, bool)  # WalkIn, reason, over capacity

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("现场登记"))
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        # ID numbers are digits and X: a Chinese input method must not swallow them.
        self.id_number.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.id_number.setMaxLength(24)
        self.phone = QLineEdit()
        self.phone.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(list(CATEGORIES))
        self.work_unit = QLineEdit()
        self.needs = QLineEdit()
        self.needs.setPlaceholderText(self.tr("如：行动不便、需要座位靠前"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：报名时漏登记"))
        self.over_capacity = QCheckBox(self.tr("超额接收（活动已满时仍登记）"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("证件号码"), self.id_number)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("工作单位"), self.work_unit)
        form.addRow(self.tr("特殊需求"), self.needs)
        form.addRow(self.tr("登记原因"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记并签到"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.over_capacity)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        font = QFont(self.font())
        font.setPixelSize(16)
        self.setFont(font)
        self.setMinimumWidth(480)

    def registration(self) -> WalkIn:
        return WalkIn(
            name=self.name.text().strip(),
            id_number=self.id_number.text().strip(),
            phone=self.phone.text().strip(),
            category=self.category.currentText().strip() or CATEGORIES[0],
            work_unit=self.work_unit.text().strip(),
            needs=self.needs.text().strip(),
        )

    def submit(self) -> None:
        self.error.setText("")
        self.ok_button.setEnabled(False)
        self.submitted.emit(
            self.registration(), self.reason.text().strip(), self.over_capacity.isChecked()
        )

    def show_error(self, text: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(text)
        # A full activity: the refusal names the box below, so point at it.
        full = OVER_CAPACITY_CHOICE in text and not self.over_capacity.isChecked()
        self.over_capacity.setStyleSheet(
            "QCheckBox { color: #b00020; font-weight: bold; }" if full else ""
        )
        if full:
            self.reason.setFocus()

    def done_ok(self) -> None:
        self.accept()
