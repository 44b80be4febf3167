"""The import dialog: preview a registration sheet, see every bad row, then import or not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events, registrations, roles
from checkin_app.db import Database, Session
from checkin_app.registrations import ImportPreview, ImportResult
from ui import file_dialogs, operations
from ui.tables import fill_table, read_only_table


class ImportDialog(QDialog):
    """Choose a file; the preview runs in a worker; nothing is written until 导入 is clicked."""

    previewed = Signal(object)
    imported = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Database, event_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.event_id = event_id
        self.preview: ImportPreview | None = None
        self.outcome: ImportResult | None = None  # not `result`: QDialog.result() is the code
        self.setWindowTitle(self.tr("导入报名表"))
        # Which event the people go into, said before a file is chosen (filled in by a query).
        self.event_label = QLabel()
        self.event_label.setObjectName("event")
        self.event_label.setStyleSheet("font-weight: bold;")
        self.event_label.setWordWrap(True)

        self.file_label = QLabel(self.tr("尚未选择文件（支持 XLSX 和 CSV）"))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m 行"))
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")

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
            self, self.tr("选择报名表"), self.tr("报名表 (*.xlsx *.csv);;所有文件 (*)")
        )
        if path:
            self.load(path)

    def load(self, path: Path) -> None:
        """Preview `path` in a worker; the tables fill in when it is done."""
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

        def work(s: Session, progress: operations.Progress) -> ImportPreview:
            event = events.find_event(s, event_id)
            return registrations.preview_import(s, event, path, progress=progress)

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

    def _previewed(self, preview: ImportPreview) -> None:
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

        def work(s: Session, _: operations.Progress) -> ImportResult:
            event = events.find_event(s, event_id)
            return registrations.commit_import(s, event, preview, actor=actor)

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
