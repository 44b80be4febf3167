"""冲突处理: the conflicts between the stations of an event, settled one by one; bundles merged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from checkin_app import roles, settling, sync
from checkin_app.db import Database, Session
from ui import file_dialogs, operations
from ui.tables import fill_table, read_only_table
from ui.view import EventView

KIND_NAMES: dict[str, str] = {
    sync.DOUBLE_CHECKIN: str(QT_TRANSLATE_NOOP("ConflictsView", "重复签到")),
    sync.UNDO_ELSEWHERE: str(QT_TRANSLATE_NOOP("ConflictsView", "异地撤销")),
    sync.SEAT_TWICE: str(QT_TRANSLATE_NOOP("ConflictsView", "座位重复")),
}
OPEN, ALL = "open", "all"
# Columns of the conflicts table; the description takes the room left and wraps.
KIND, PERSON, STATIONS, DECISION, DESCRIPTION = range(5)
DECISION_WIDTH = 240


@dataclass(frozen=True)
class ConflictRow:
    conflict: sync.Conflict
    person: str  # name and masked document number ("" when the log names nobody known)
    choices: tuple[str, ...] = ()  # the stations' records as decisions to choose from


def load_conflicts(session: Session, event_id: int) -> list[ConflictRow]:
    """The event's conflicts with the person each concerns (in the DB worker)."""
    return [
        ConflictRow(
            c,
            settling.person_label(session, c.participant),
            () if c.decision else settling.choices(session, event_id, c),
        )
        for c in sync.conflicts(session, event_id)
    ]


class ConflictsView(EventView):
    """The office settles what the stations' logs disagree on; the log itself is never changed."""

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(database, event_id, parent)
        self.rows: list[ConflictRow] = []
        self.shown: list[ConflictRow] = []
        self.loaded_once = False
        self.operator = roles.login_name()  # recorded with each decision
        self.settle_dialog: QInputDialog | None = None

        self.filter = QComboBox()
        self.filter.addItem(self.tr("待处理"), OPEN)
        self.filter.addItem(self.tr("全部"), ALL)
        self.filter.currentIndexChanged.connect(self._show_rows)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.settle_button = QPushButton(self.tr("记录处理意见…"))
        self.settle_button.setEnabled(False)
        self.settle_button.clicked.connect(self.ask_settle)
        self.merge_button = QPushButton(self.tr("合并签到点数据…"))
        self.merge_button.setToolTip(self.tr("导入各签到点用U盘带回的签到数据包，核验后合并"))
        self.merge_button.clicked.connect(self.ask_merge)

        self.table = read_only_table(
            [
                self.tr("类型"),
                self.tr("人员"),
                self.tr("签到点"),
                self.tr("处理意见"),
                self.tr("说明"),
            ]
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.ask_settle())

        self.refused_label = QLabel(self.tr("拒收的文件（未合并其中任何记录）"))
        self.refused = read_only_table([self.tr("文件"), self.tr("原因")])
        self.refused.setMaximumHeight(140)
        self.refused_label.hide()
        self.refused.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("显示：")))
        top.addWidget(self.filter)
        top.addWidget(self.counts, 1)
        for button in (self.refresh_button, self.settle_button, self.merge_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refused_label)
        layout.addWidget(self.refused)
        layout.addWidget(self.message)
        self.refresh()

    # -- loading

    def refresh(self) -> None:
        event_id = self.event_id
        operations.query(self.database, lambda s, _: load_conflicts(s, event_id)).success(
            self._loaded
        ).failure(self.show_error).run_in_background()

    def _loaded(self, rows: list[ConflictRow]) -> None:
        self.rows = rows
        self.loaded_once = True
        self._show_rows()
        self.loaded.emit()

    def _show_rows(self) -> None:
        keep = self.selected()
        only_open = self.filter.currentData() == OPEN
        self.shown = [r for r in self.rows if not (only_open and r.conflict.decision)]
        waiting = sum(1 for r in self.rows if not r.conflict.decision)
        self.counts.setText(self.tr("冲突 {0} 项，待处理 {1} 项").format(len(self.rows), waiting))
        fill_table(self.table, [self._cells(r) for r in self.shown])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(DECISION, min(self.table.columnWidth(DECISION), DECISION_WIDTH))
        self.table.resizeRowsToContents()
        for index, row in enumerate(self.shown):
            if keep is not None and row.conflict.key == keep.conflict.key:
                self.table.selectRow(index)
        self._selection_changed()

    def _cells(self, row: ConflictRow) -> list[str]:
        c = row.conflict
        kind = KIND_NAMES.get(c.kind)
        return [
            QCoreApplication.translate("ConflictsView", kind) if kind else c.kind,
            row.person or self.tr("未知人员"),
            "、".join(c.stations),
            c.decision or self.tr("待处理"),
            c.description,
        ]

    def selected(self) -> ConflictRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def select_key(self, key: str) -> None:
        """Select the conflict with this key if it is shown (for tests and after a refresh)."""
        for index, row in enumerate(self.shown):
            if row.conflict.key == key:
                self.table.selectRow(index)

    def _selection_changed(self) -> None:
        row = self.selected()
        self.settle_button.setEnabled(row is not None and not row.conflict.decision)

    # -- settling

    def ask_settle(self) -> None:
        row = self.selected()
        if row is None:
            self.show_error(self.tr("请先选择一个冲突"))
            return
        if row.conflict.decision:
            self.show_error(self.tr("这个冲突已处理：{0}").format(row.conflict.decision))
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("记录处理意见"))
        if row.choices:
            # The question is "以哪次为准": offer the stations' records; typing stays possible.
            dialog.setLabelText(
                self.tr("{0}\n\n以哪次为准（选择一条记录，或自行填写处理意见）：").format(
                    row.conflict.description
                )
            )
            dialog.setComboBoxItems(list(row.choices))
            dialog.setComboBoxEditable(True)
        else:
            dialog.setLabelText(self.tr("{0}\n\n处理意见：").format(row.conflict.description))
            dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setOkButtonText(self.tr("记录"))
        dialog.setCancelButtonText(self.tr("取消"))
        dialog.resize(520, 300)
        key = row.conflict.key
        dialog.textValueSelected.connect(lambda text: self.settle(key, text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._settle_dialog_closed)
        self.settle_dialog = dialog
        dialog.open()

    def _settle_dialog_closed(self) -> None:
        self.settle_dialog = None

    def settle(self, key: str, decision: str) -> None:
        """Record the office's decision on one conflict, with the operator, in the worker."""
        event_id, actor = self.event_id, self.operator

        def work(s: Session, _: operations.Progress) -> None:
            sync.settle(s, event_id, key, decision=decision, actor=actor)

        operations.change(self.database, work).success(self._settled).failure(
            self.show_error
        ).run_in_background()

    def _settled(self, _: object) -> None:
        self.show_info(self.tr("已记录处理意见"))
        self.refresh()
        self.changed.emit()

    # -- merging the stations' bundles

    def ask_merge(self) -> None:
        paths = file_dialogs.open_files(
            self,
            self.tr("选择签到点导出的数据包"),
            self.tr("签到数据包 (*.bundle);;所有文件 (*)"),
        )
        if paths:
            self.merge(paths)

    def merge(self, paths: list[Path]) -> None:
        """Verify and merge the bundles in the DB worker: each one whole or not at all."""
        database, event_id = self.database, self.event_id

        def work(_s: Session, _: operations.Progress) -> sync.MergeResult:
            # merge_bundles runs one transaction per file; the worker's own session stays unused.
            return sync.merge_bundles(database, paths, event_id=event_id)

        self.merge_button.setEnabled(False)
        self.show_info(self.tr("正在核验并合并 {0} 个数据包…").format(len(paths)))
        operations.query(database, work).success(self._merged).failure(
            self._merge_failed
        ).run_in_background()

    def _merged(self, result: sync.MergeResult) -> None:
        self.merge_button.setEnabled(True)
        waiting = sum(1 for c in result.conflicts if not c.decision)
        text = self.tr(
            "新合并 {0} 条记录，已有 {1} 条；拒收 {2} 个文件；冲突 {3} 项（待处理 {4} 项）"
        ).format(
            result.merged, result.already_had, len(result.refused), len(result.conflicts), waiting
        )
        if result.refused:
            self.show_error(text)
        else:
            self.show_info(text)
        fill_table(self.refused, [[Path(r.file).name, r.reason] for r in result.refused])
        for index, r in enumerate(result.refused):
            item = self.refused.item(index, 0)
            if item is not None:
                item.setToolTip(r.file)
        self.refused_label.setVisible(bool(result.refused))
        self.refused.setVisible(bool(result.refused))
        self.refresh()
        self.changed.emit()

    def _merge_failed(self, text: str) -> None:
        self.merge_button.setEnabled(True)
        self.show_error(text)
