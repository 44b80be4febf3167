"""通行证: confirmed participants and their passes; issue, reissue, revoke, print and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from checkin_app import clock, events, passes, roles
from checkin_app.db import Database, Session
from ui import file_dialogs, operations
from ui.view import EventView

T = TypeVar("T")
# What the 显示 filter lists.
ALL, REPRINT, UNPRINTED, UNISSUED = "all", "reprint", "unprinted", "unissued"
STATE_COLUMN, PRINT_COLUMN = 3, 7


class PassesView(EventView):
    """The pass of every confirmed participant of one event, with what the office can do."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.states: list[passes.PassState] = []
        self.activity = QComboBox()
        self.activity.addItem(self.tr("全部活动项目"), None)
        self.activity.currentIndexChanged.connect(lambda _: self.refresh())
        self.summary = QLabel()
        self.show_filter = QComboBox()
        self.show_filter.addItem(self.tr("全部"), ALL)
        self.show_filter.addItem(self.tr("需重印"), REPRINT)
        self.show_filter.addItem(self.tr("未打印"), UNPRINTED)
        self.show_filter.addItem(self.tr("未发放"), UNISSUED)
        self.show_filter.setToolTip(self.tr("打印 PDF 和导出图片只输出列出的人"))
        self.show_filter.currentIndexChanged.connect(lambda _: self._show_rows())
        self.all_states: list[passes.PassState] = []
        self.timezone: str | None = None

        # No 通道 column: nothing in the app sets a desk lane, and an always-empty column read
        # as missing data. 车辆座位 and 打印 say whether the printed pass still holds.
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("姓名"),
                self.tr("证件号"),
                self.tr("活动项目"),
                self.tr("通行证"),
                self.tr("发放时间"),
                self.tr("手工码"),
                self.tr("车辆座位"),
                self.tr("打印"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.issue_button = QPushButton(self.tr("发放通行证"))
        self.issue_button.setToolTip(self.tr("为尚无通行证的已确认人员发放"))
        self.issue_button.clicked.connect(self.issue_missing)
        self.reissue_button = QPushButton(self.tr("补发…"))
        self.reissue_button.clicked.connect(self.ask_reissue)
        self.revoke_button = QPushButton(self.tr("注销…"))
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.a6 = QCheckBox(self.tr("A6 单张"))
        self.pdf_button = QPushButton(self.tr("打印 PDF…"))
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.png_button = QPushButton(self.tr("导出图片…"))
        self.png_button.clicked.connect(self.ask_images)
        self.notices_button = QPushButton(self.tr("导出通知…"))
        self.notices_button.setToolTip(
            self.tr("每人一行的通知短信表（已确认者和候补者），供群发短信平台上传")
        )
        self.notices_button.clicked.connect(self.ask_notices)
        self.progress = QProgressBar()
        self.progress.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("活动项目")))
        top.addWidget(self.activity)
        top.addWidget(QLabel(self.tr("显示")))
        top.addWidget(self.show_filter)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.reissue_button, self.revoke_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.a6)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.png_button)
        buttons.addWidget(self.notices_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self._activities_loaded = False
        self._selection_changed()
        self.refresh()

    # -- loading

    def activity_id(self) -> int | None:
        value = self.activity.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        event_id, activity_id = self.event_id, self.activity_id()

        def load(
            s: Session, _: operations.Progress
        ) -> tuple[events.EventSummary, list[passes.PassState], str]:
            summary = events.summarise(s, events.find_event(s, event_id))
            timezone = events.event_details(s, event_id).timezone
            return summary, passes.pass_states(s, event_id, activity_id), timezone

        operations.query(self.database, load).success(self._loaded).failure(
            self.show_error
        ).run_in_background()

    def _loaded(self, data: tuple[events.EventSummary, list[passes.PassState], str]) -> None:
        summary, states, self.timezone = data
        if not self._activities_loaded:
            self._activities_loaded = True
            self.activity.blockSignals(True)
            for a in summary.activities:
                self.activity.addItem(a.name, a.id)
            self.activity.blockSignals(False)
        self.all_states = states
        self._show_rows()
        valid = sum(1 for p in states if p.version is not None and not p.revoked)
        reprint = sum(1 for p in states if p.needs_reprint)
        text = self.tr("共 {0} 人：有效通行证 {1} 张，未发放 {2} 人").format(
            len(states), valid, self._unissued()
        )
        if reprint:
            text += self.tr("；座位已改、需重印 {0} 张").format(reprint)
        self.summary.setText(text)
        self._enable_issue()
        self.loaded.emit()

    def _unissued(self) -> int:
        return sum(1 for p in self.all_states if p.version is None)

    def _enable_issue(self) -> None:
        """发放 only while someone lacks a pass: clicked with nobody left it said 已发放 0 张."""
        self.issue_button.setEnabled(self._unissued() > 0 and self.progress.isHidden())

    def _show_rows(self) -> None:
        keep = self.selected()
        filters: dict[str, Callable[[passes.PassState], bool]] = {
            ALL: lambda p: True,
            REPRINT: lambda p: p.needs_reprint,
            UNPRINTED: lambda p: p.version is not None and not p.revoked and not p.printed_at,
            UNISSUED: lambda p: p.version is None,
        }
        shown = filters[self.show_filter.currentData() or ALL]
        states = [p for p in self.all_states if shown(p)]
        self.states = states
        self.table.setRowCount(len(states))
        for row, p in enumerate(states):
            cells = [
                p.name,
                p.doc_masked,
                p.activity_name,
                self._state_text(p),
                self._local(p.issued_at),
                passes.format_manual_code(p.manual_code) if p.manual_code else "",
                p.placement or (self.tr("未排座") if p.version is not None else ""),
                self._print_text(p),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.participant_id)
                if (p.revoked and col == STATE_COLUMN) or (p.needs_reprint and col == PRINT_COLUMN):
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, col, item)
            if keep is not None and p.participant_id == keep.participant_id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PRINT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self._selection_changed()

    def _state_text(self, p: passes.PassState) -> str:
        if p.version is None:
            return self.tr("未发放")
        if p.revoked:
            return self.tr("第{0}版 · 已注销").format(p.version)
        return self.tr("第{0}版 · 有效").format(p.version)

    def _local(self, at: dt.datetime | None) -> str:
        """A stored UTC time on the event's clock, whatever the office PC's zone."""
        return clock.local_time(at, self.timezone).strftime("%Y-%m-%d %H:%M") if at else ""

    def _print_text(self, p: passes.PassState) -> str:
        if p.version is None or p.revoked:
            return ""
        if p.needs_reprint:
            was = p.printed_placement or self.tr("未排座")
            return self.tr("座位已改，需重印（打印时为 {0}）").format(was)
        if p.printed_at is None:
            return self.tr("未打印")
        return self.tr("已打印 {0}").format(self._local(p.printed_at))

    def selected(self) -> passes.PassState | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.states):
            return None
        return self.states[rows[0].row()]

    def select_participant(self, participant_id: int) -> None:
        for row, p in enumerate(self.states):
            if p.participant_id == participant_id:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        p = self.selected()
        has_pass = p is not None and p.version is not None
        self.reissue_button.setEnabled(has_pass)
        self.revoke_button.setEnabled(has_pass and p is not None and not p.revoked)

    # -- changes

    def _busy(self, busy: bool, total: int = 0) -> None:
        for button in (self.pdf_button, self.png_button, self.notices_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self._enable_issue()
        if busy:  # the last run's figures stay readable (and testable) after it ends
            self.progress.setRange(0, total)
            self.progress.setValue(0)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.show_error(message)
        self.refresh()

    def issue_missing(self) -> None:
        event_id, activity_id, actor = self.event_id, self.activity_id(), roles.login_name()

        def work(s: Session, progress: operations.Progress) -> int:
            return len(
                passes.issue_missing(s, event_id, activity_id, actor=actor, progress=progress)
            )

        self._busy(True)
        operations.change(self.database, work).with_progress(self._progress).success(
            self._issued
        ).failure(self._failed).run_in_background()

    def _issued(self, count: int) -> None:
        self._busy(False)
        if count:
            self.show_info(self.tr("已发放通行证 {0} 张").format(count))
        else:
            self.show_info(self.tr("已确认的人员都已有通行证，无需发放"))
        self.changed.emit()
        self.refresh()

    def ask_reissue(self) -> None:
        p = self.selected()
        if p is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("补发通行证"), self.tr("补发“{0}”的通行证，原因：").format(p.name)
        )
        if ok:
            self.reissue(p.participant_id, reason)

    def reissue(self, participant_id: int, reason: str) -> None:
        actor = roles.login_name()

        def work(s: Session, _: operations.Progress) -> passes.PassInfo:
            return passes.reissue_pass(s, participant_id, actor=actor, reason=reason)

        self.write(operations.change(self.database, work)).success(
            lambda info: self._after_change(
                self.tr("已补发“{0}”的通行证（第{1}版），旧通行证作废").format(
                    info.name, info.version
                )
            )
        )

    def ask_revoke(self) -> None:
        p = self.selected()
        if p is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("注销通行证"), self.tr("注销“{0}”的通行证，原因：").format(p.name)
        )
        if ok:
            self.revoke(p.participant_id, reason)

    def revoke(self, participant_id: int, reason: str) -> None:
        actor = roles.login_name()

        def work(s: Session, _: operations.Progress) -> passes.PassInfo:
            return passes.revoke_pass(s, participant_id, actor=actor, reason=reason)

        self.write(operations.change(self.database, work)).success(
            lambda info: self._after_change(self.tr("已注销“{0}”的通行证").format(info.name))
        )

    def _after_change(self, text: str) -> None:
        self.show_info(text)
        self.refresh()

    # -- output

    def ask_pdf(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("打印通行证"), "通行证.pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if path:
            self.print_pdf(path, a6=self.a6.isChecked())

    def _chosen_ids(self) -> list[int] | None:
        """Who to print: everyone of the activity, or only the rows a filter shows."""
        if (self.show_filter.currentData() or ALL) == ALL:
            return None
        return [p.participant_id for p in self.states]

    def print_pdf(self, path: Path, *, a6: bool = False) -> None:
        def draw(cards: list[passes.PassCard], progress: operations.Progress) -> tuple[int, int]:
            from checkin_app import printing

            return len(cards), printing.write_pdf(cards, path, a6=a6, progress=progress)

        self._draw(draw, lambda r: self.tr("已写出 {0} 张通行证（{1} 页）：{2}").format(*r, path))

    def _printed(self, cards: list[passes.PassCard], text: str) -> None:
        """The file is written: remember what each pass showed (a short write of its own)."""
        self._written(text)

        def work(s: Session, _: operations.Progress) -> int:
            return passes.mark_printed(s, cards)

        operations.change(self.database, work).success(lambda _: self.refresh()).failure(
            self.show_error
        ).run_in_background()

    def ask_notices(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("导出通知"), "通知短信.xlsx", self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            self.export_notices(path)

    def export_notices(self, path: Path) -> None:
        """The notice sheet (the office's default wording), like `checkin notices`."""
        event_id, activity_id = self.event_id, self.activity_id()

        def work(s: Session, _: operations.Progress) -> tuple[int, int]:
            from checkin_app import notices

            activity = str(activity_id) if activity_id is not None else None
            rows = notices.notices(s, str(event_id), activity)
            notices.write_notices(rows, path)
            waiting = sum(1 for r in rows if r.status == "候补")
            return len(rows) - waiting, waiting

        self._busy(True)
        operations.query(self.database, work).success(
            lambda n: self._written(
                self.tr("已导出通知：已确认 {0} 人，候补 {1} 人：{2}").format(*n, path)
            )
        ).failure(self._failed).run_in_background()

    def ask_images(self) -> None:
        directory = file_dialogs.existing_directory(self, self.tr("导出通行证图片到"))
        if directory:
            self.export_images(directory)

    def export_images(self, directory: Path) -> None:
        def draw(cards: list[passes.PassCard], progress: operations.Progress) -> int:
            from checkin_app import printing

            return len(printing.write_pngs(cards, directory, progress=progress))

        self._draw(draw, lambda n: self.tr("已导出 {0} 张图片：{1}").format(n, directory))

    def _draw(
        self,
        draw: Callable[[list[passes.PassCard], operations.Progress], T],
        said: Callable[[T], str],
    ) -> None:
        """The cards are read on the database worker, drawn and written on a task of their own:
        a PDF of 300 passes never holds up the database (or a desk's scan) while it is drawn."""
        event_id, activity_id, chosen = self.event_id, self.activity_id(), self._chosen_ids()

        def read(s: Session, _: operations.Progress) -> list[passes.PassCard]:
            return passes.pass_cards(s, event_id, activity_id, chosen)

        def start(cards: list[passes.PassCard]) -> None:
            operations.task(self.database, lambda progress: draw(cards, progress)).with_progress(
                self._progress
            ).success(lambda result: self._printed(cards, said(result))).failure(
                self._failed
            ).run_in_background()

        self._busy(True)
        operations.query(self.database, read).success(start).failure(
            self._failed
        ).run_in_background()

    def _written(self, text: str) -> None:
        self._busy(False)
        self.show_info(text)
