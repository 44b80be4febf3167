"""电话报名: quick entry of a registration taken by phone or at the desk, checked as typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events, registrations, roles
from checkin_app.db import Database, Session
from checkin_app.registrations import Entry, EntryCheck
from ui import operations


class PhoneEntryDialog(QDialog):
    """Each change is checked in a worker (ID number, age, duplicates); 添加 adds the person."""

    checked = Signal(object)
    added = Signal(int)
    failed = Signal(str)

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        self.setWindowTitle(self.tr("电话报名"))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.document = QLineEdit()
        self.activity = QComboBox()
        self.gender = QComboBox()
        self.gender.addItems(["", self.tr("男"), self.tr("女")])
        self.work_unit = QLineEdit()
        self.job_title = QLineEdit()
        self.remarks = QLineEdit()
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.tr("身份证号码"), self.document)
        form.addRow(self.tr("报名参加哪项活动"), self.activity)
        form.addRow(self.tr("性别"), self.gender)
        form.addRow(self.tr("工作单位"), self.work_unit)
        form.addRow(self.tr("职务"), self.job_title)
        form.addRow(self.tr("备注"), self.remarks)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        # Wide enough for an 18-character ID number and a long activity name in full.
        self.setMinimumWidth(480)
        # Every answer given is checked at once; a stale answer (an older keystroke) is dropped.
        self._asked = 0
        for edit in (self.name, self.phone, self.document, self.work_unit, self.job_title):
            edit.textChanged.connect(self.check)
        self.activity.currentIndexChanged.connect(self.check)
        self.gender.currentIndexChanged.connect(self.check)
        operations.query(
            database, lambda s, _: [a.name for a in events.find_event(s, event_id).activities]
        ).success(self._activities).run_in_background()

    def _activities(self, names: list[str]) -> None:
        self.activity.addItems(names)

    def entry(self) -> Entry:
        return Entry(
            name=self.name.text(),
            phone=self.phone.text(),
            document=self.document.text(),
            activity=self.activity.currentText(),
            gender=self.gender.currentText(),
            work_unit=self.work_unit.text(),
            job_title=self.job_title.text(),
            remarks=self.remarks.text(),
        )

    def check(self) -> None:
        self._asked += 1
        asked, entry, event_id = self._asked, self.entry(), self.event_id
        self.add_button.setEnabled(False)

        def work(s: Session, _: operations.Progress) -> tuple[int, EntryCheck]:
            return asked, registrations.check_entry(s, events.find_event(s, event_id), entry)

        operations.query(self.database, work).success(self._checked).failure(
            self._failed
        ).run_in_background()

    def _checked(self, answer: tuple[int, EntryCheck]) -> None:
        asked, result = answer
        if asked != self._asked:
            return
        lines = [f"{p.column}：{p.reason}" for p in result.problems]
        lines += [f"{self.tr('提示')} {p.column}：{p.reason}" for p in result.warnings]
        self.verdict.setStyleSheet("" if result.ok else "color: #b00020;")
        self.verdict.setText("\n".join(lines) if lines else self.tr("可以添加"))
        self.add_button.setEnabled(result.ok)
        self.checked.emit(result)

    def _failed(self, message: str) -> None:
        self.verdict.setStyleSheet("color: #b00020; font-weight: bold;")
        self.verdict.setText(message)
        self.failed.emit(message)

    def add(self) -> None:
        entry, event_id, actor = self.entry(), self.event_id, roles.login_name()
        self.add_button.setEnabled(False)

        def work(s: Session, _: operations.Progress) -> int:
            return registrations.add_entry(s, events.find_event(s, event_id), entry, actor=actor)

        operations.change(self.database, work).success(self._added).failure(
            self._failed
        ).run_in_background()

    def _added(self, participant_id: int) -> None:
        name = self.name.text()
        for edit in (self.name, self.phone, self.document, self.work_unit, self.job_title):
            edit.clear()
        self.remarks.clear()
        self.verdict.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.verdict.setText(self.tr("已添加：{0}").format(name))
        self.added.emit(participant_id)
