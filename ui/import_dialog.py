"""The import dialog: preview a registration sheet, see every bad row, then import or not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import column_maps, events, registrations, roles, sheets
from checkin_app.db import Database, Session
from checkin_app.errors import UserError
from checkin_app.registrations import ImportPreview, ImportResult
from ui import file_dialogs, operations
from ui.tables import fill_table, read_only_table


@dataclass(frozen=True)
class NeedsMapping:
    """The sheet was read but a required column was not recognised: the columns to map."""

    message: str
    columns: tuple[sheets.ColumnSample, ...]


class ImportDialog(QDialog):
    """Choose a file; the preview runs in a worker; nothing is written until 导入 is clicked."""

    previewed = Signal(object)
    needs_mapping = Signal(object)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        self.preview: ImportPreview | None = None
        self.path: Path | None = None
        self.outcome: ImportResult | None = None  # not `result`: QDialog.result() is the code
        self.setWindowTitle(self.tr("导入报名表"))
        # Which event the people go into, said before a file is chosen (filled in by a query).
        self.event_label = QLabel()
        self.event_label.setObjectName("event")
        self.event_label.setStyleSheet("font-weight: bold;")
        self.event_label.setWordWrap(True)

        self.file_label = QLabel(self.tr("尚未选择文件（支持 XLSX、XLS、ODS 和 CSV）"))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m 行"))
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")

        self.mapping = self._mapping_step()

        self.rejected_table = read_only_table([self.tr("行号"), self.tr("列"), self.tr("原因")])
        self.duplicates_table = read_only_table([self.tr("行号"), self.tr("重复")])
        self.warnings_table = read_only_table([self.tr("行号"), self.tr("列"), self.tr("提示")])
        self.accepted_table = read_only_table(
            [
                self.tr("行号"),
                self.tr("姓名"),
                self.tr("活动项目"),
                self.tr("类别"),
                self.tr("证件号码"),
                self.tr("联系电话"),
            ]
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.rejected_table, self.tr("不能导入"))
        self.tabs.addTab(self.duplicates_table, self.tr("重复"))
        self.tabs.addTab(self.warnings_table, self.tr("提示"))
        self.tabs.addTab(self.accepted_table, self.tr("可导入"))

        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.event_label)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(900, 560)
        operations.query(database, lambda s, _: events.event_details(s, event_id).name).success(
            self._named
        ).run_in_background()

    def _named(self, name: str) -> None:
        self.event_label.setText(self.tr("导入到：{0}").format(name))
        self.setWindowTitle(self.tr("导入报名表 · {0}").format(name))

    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("选择报名表"), self.tr("报名表 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)")
        )
        if path:
            self.load(path)

    def _mapping_step(self) -> QWidget:
        """Each column with a few of its values and a drop-down of our fields (忽略 included)."""
        page = QWidget()
        page.setObjectName("mapping")
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("表格中的列"), self.tr("示例"), self.tr("对应字段")]
        )
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.remember_map = QCheckBox(self.tr("导入后记住这份对应关系（表头相同的文件自动使用）"))
        self.map_button = QPushButton(self.tr("按此对应关系预览"))
        self.map_button.clicked.connect(self._preview_mapped)
        row = QHBoxLayout()
        row.addWidget(self.remember_map, 1)
        row.addWidget(self.map_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mapping_table)
        layout.addLayout(row)
        page.hide()
        return page

    def _show_mapping(self, needs: NeedsMapping) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setText(needs.message + "\n" + self.tr("请为每一列选择对应的字段，然后预览。"))
        self.tabs.hide()
        self.mapping.show()
        table = self.mapping_table
        table.setRowCount(len(needs.columns))
        fields = [
            (self.tr("忽略"), column_maps.IGNORE),
            *((label, f) for f, label in sheets.FIELD_NAMES.items()),
        ]
        for i, column in enumerate(needs.columns):
            table.setItem(i, 0, QTableWidgetItem(column.header))
            table.setItem(i, 1, QTableWidgetItem("；".join(column.samples)))
            box = QComboBox()
            for label, f in fields:
                box.addItem(label, f)
            box.setCurrentIndex(box.findData(column.field or column_maps.IGNORE))
            table.setCellWidget(i, 2, box)
        table.resizeColumnsToContents()
        self.needs_mapping.emit(needs)

    def chosen_mapping(self) -> dict[str, str]:
        """Header text -> field, as the drop-downs of the mapping step say."""
        chosen: dict[str, str] = {}
        for i in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(i, 2)
            item = self.mapping_table.item(i, 0)
            if isinstance(box, QComboBox) and item is not None:
                chosen[item.text()] = str(box.currentData())
        return chosen

    def _preview_mapped(self) -> None:
        if self.path is None:
            return
        mapping = self.chosen_mapping()
        try:
            column_maps.check(mapping)
        except UserError as err:  # two columns for one field: said at once, nothing read
            self.summary.setStyleSheet("color: #b00020; font-weight: bold;")
            self.summary.setText(str(err))
            return
        self.load(self.path, mapping)

    def load(self, path: Path, mapping: dict[str, str] | None = None) -> None:
        """Preview `path` in a worker; the tables fill in when it is done.

        Without `mapping`, a sheet whose required columns are not recognised opens the
        mapping step instead of the preview.
        """
        self.path = path
        self.mapping.setVisible(False)
        self.tabs.show()
        self.preview = None
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.file_label.setText(str(path))
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("正在检查……"))
        # The previous file's rows must not be mistaken for this one's.
        for i, table in enumerate(
            [self.rejected_table, self.duplicates_table, self.warnings_table, self.accepted_table]
        ):
            table.setRowCount(0)
            self.tabs.setTabText(
                i, [self.tr("不能导入"), self.tr("重复"), self.tr("提示"), self.tr("可导入")][i]
            )
        self.progress.setRange(0, 0)
        self.progress.show()
        event_id = self.event_id

        def work(s: Session, progress: operations.Progress) -> ImportPreview | NeedsMapping:
            event = events.find_event(s, event_id)
            try:
                return registrations.preview_import(
                    s, event, path, progress=progress, mapping=mapping
                )
            except sheets.MissingColumns as err:
                return NeedsMapping(str(err), sheets.sample_columns(path))

        operations.query(self.database, work).with_progress(self._progress).success(
            self._previewed
        ).failure(self._failed).run_in_background()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.summary.setStyleSheet("color: #b00020; font-weight: bold;")
        self.summary.setText(message)
        self.failed.emit(message)

    def _previewed(self, preview: ImportPreview | NeedsMapping) -> None:
        if isinstance(preview, NeedsMapping):
            self._show_mapping(preview)
            return
        self.preview = preview
        self.progress.hide()
        self.choose_button.setEnabled(True)
        rejected_rows = len(preview.rejected_rows)
        text = self.tr(
            "共 {0} 行：可导入 {1} 行，不能导入 {2} 行（其中重复 {3} 行），提示 {4} 条。"
        )
        text = text.format(
            preview.rows,
            len(preview.accepted),
            rejected_rows,
            len(preview.duplicates),
            len(preview.warnings),
        )
        before = preview.imported_before_local()
        if before is not None:
            # On the event's clock: the office PC may run on UTC, eight hours behind China.
            text += self.tr("这个文件已于 {0} 导入过。").format(f"{before:%Y-%m-%d %H:%M}")
        if preview.accepted:
            text += self.tr("点击“导入”写入，在此之前不会保存任何数据。")
        self.summary.setText(text)
        fill_table(
            self.rejected_table, [[str(p.row), p.column, p.reason] for p in preview.rejected]
        )
        fill_table(
            self.duplicates_table,
            [[str(d.row), d.reason] for d in preview.duplicates],
        )
        fill_table(
            self.warnings_table, [[str(p.row), p.column, p.reason] for p in preview.warnings]
        )
        fill_table(
            self.accepted_table,
            [
                [str(a.row), a.name, a.activity, a.category, a.doc_masked, a.phone_masked]
                for a in preview.accepted
            ],
        )
        for i, count in enumerate(
            [len(preview.rejected), len(preview.duplicates), len(preview.warnings)]
        ):
            base = [self.tr("不能导入"), self.tr("重复"), self.tr("提示")][i]
            self.tabs.setTabText(i, f"{base} ({count})")
        self.tabs.setTabText(3, f"{self.tr('可导入')} ({len(preview.accepted)})")
        self.tabs.setCurrentIndex(0 if preview.rejected else 3)
        self.import_button.setEnabled(bool(preview.accepted))
        self.previewed.emit(preview)

    def commit(self) -> None:
        preview = self.preview
        if preview is None:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        event_id = self.event_id
        actor = roles.login_name()
        remember = self.remember_map.isChecked() and bool(preview.mapping)

        def work(s: Session, _: operations.Progress) -> ImportResult:
            event = events.find_event(s, event_id)
            result = registrations.commit_import(s, event, preview, actor=actor)
            if remember and result.added:
                # In the import's own transaction: remembered only with what it imported.
                column_maps.save(s, preview.columns, dict(preview.mapping))
            return result

        operations.change(self.database, work).success(self._imported).failure(
            self._failed
        ).run_in_background()

    def _imported(self, result: ImportResult) -> None:
        self.outcome = result
        self.preview = None
        self.progress.hide()
        self.choose_button.setEnabled(True)
        self.summary.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.summary.setText(
            self.tr("已导入 {0} 人；{1} 行未导入。").format(result.added, result.rejected)
        )
        self.imported.emit(result)
