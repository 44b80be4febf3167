"""新建活动: a name and an organiser; the dialog stays open with the reason when one is refused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events
from checkin_app.db import Database, Session
from ui import operations


class NewEventDialog(QDialog):
    """Creates the event in the DB worker and closes only once it exists: an empty or taken
    name is refused by the core and its sentence shown here, with what was typed kept."""

    created = Signal(int)  # the new event's id

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(self.tr("新建活动"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例如：2025年“政府开放日”"))
        self.organiser = QLineEdit()
        self.organiser.setPlaceholderText(self.tr("例如：某市城市管理局"))
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("创建"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("活动名称"), self.name)
        form.addRow(self.tr("主办单位"), self.organiser)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(460, 160)

    def accept(self) -> None:
        """Ask the core to create the event; the dialog closes only when it did."""
        name, organiser = self.name.text(), self.organiser.text().strip()

        def work(s: Session, _: operations.Progress) -> int:
            return events.create_event(s, name, organiser=organiser).id

        self.buttons.setEnabled(False)
        self.message.clear()
        operations.change(self.database, work).success(self._created).failure(
            self._refused
        ).run_in_background()

    def _created(self, event_id: int) -> None:
        self.buttons.setEnabled(True)
        self.created.emit(event_id)
        super().accept()

    def _refused(self, text: str) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(text)
        self.name.setFocus()
