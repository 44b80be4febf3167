"""电话通知: the confirmed people to phone; each call's outcome recorded with time and operator."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from checkin_app import calls, clock, events, roles
from checkin_app.calls import CallRow
from checkin_app.db import Database, Session
from checkin_app.selection import Offer
from ui import operations
from ui.tables import fill_table, read_only_table


class CallListDialog(QDialog):
    """Pick a person, phone them, press the outcome; 无法参加 offers the seat to the waitlist."""

    loaded = Signal(object)
    recorded = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        self.rows: list[CallRow] = []
        self.zone = ""
        self.setWindowTitle(self.tr("电话通知"))
        self.table = read_only_table(
            [
                self.tr("姓名"),
                self.tr("联系电话"),
                self.tr("活动项目"),
                self.tr("结果"),
                self.tr("时间"),
                self.tr("操作员"),
            ]
        )
        self.offer = QLabel()
        self.offer.setObjectName("offer")
        self.offer.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for outcome in calls.OUTCOMES:
            button = QPushButton(self.tr(outcome))
            button.clicked.connect(lambda _=False, o=outcome: self.record(o))
            self.buttons[outcome] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.offer)
        layout.addLayout(row)
        self.resize(760, 520)
        self.reload()

    def reload(self) -> None:
        event_id = self.event_id

        def work(s: Session, _: operations.Progress) -> tuple[str, list[CallRow]]:
            return events.find_event(s, event_id).timezone, calls.call_list(s, event_id)

        operations.query(self.database, work).success(self._loaded).failure(
            self._failed
        ).run_in_background()

    def _loaded(self, answer: tuple[str, list[CallRow]]) -> None:
        self.zone, self.rows = answer
        fill_table(self.table, [self._cells(r) for r in self.rows])
        self.loaded.emit(self.rows)

    def _cells(self, r: CallRow) -> list[str]:
        # On the event's clock: the office PC may run on UTC.
        at = f"{clock.local_time(r.at, self.zone or None):%m-%d %H:%M}" if r.at else ""
        return [r.name, r.phone, r.activity, r.outcome, at, r.actor]

    def record(self, outcome: str) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.offer.setText(self.tr("请先选择要记录的人"))
            return
        participant_id, actor = self.rows[index].participant_id, roles.login_name()

        def work(s: Session, _: operations.Progress) -> Offer | None:
            return calls.record_call(s, participant_id, outcome, actor=actor)

        operations.change(self.database, work).success(self._recorded).failure(
            self._failed
        ).run_in_background()

    def _recorded(self, offer: Offer | None) -> None:
        self.offer.setStyleSheet("")
        self.offer.setText(offer.message if offer is not None else "")
        self.recorded.emit(offer)
        self.reload()

    def _failed(self, message: str) -> None:
        self.offer.setStyleSheet("color: #b00020; font-weight: bold;")
        self.offer.setText(message)
        self.failed.emit(message)
