"""What every tab of the main window is: a widget over one event that reloads itself."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from checkin_app.db import Database
from ui.operations import Operation


class EventView(QWidget):
    """A tab for one event. `changed` after it wrote something; `loaded` after a refresh."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        # Errors and outcomes are shown inline: a modal box would stop the office mid-task.
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("message")

    def refresh(self) -> None:
        """Reload what the view shows from the database (in a worker)."""

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(text)

    def write(self, op: Operation[Any], done: str = "") -> Operation[Any]:
        """Run a change; on success say `done`, tell the window, and reload."""

        def ok(_: object) -> None:
            if done:
                self.show_info(done)
            self.changed.emit()

        return op.success(ok).failure(self.show_error).run_in_background()
