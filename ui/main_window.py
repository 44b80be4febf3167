"""The office window: the events on the left, the chosen event's views as tabs on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin_app import events
from checkin_app.db import Database, Session
from ui import operations
from ui.call_list import CallListDialog
from ui.conflicts_view import ConflictsView
from ui.dashboard_view import DashboardView
from ui.event_editor import EventEditor
from ui.hub_status import attach_inbox
from ui.import_dialog import ImportDialog
from ui.leader_window import LeaderWindow
from ui.logistics_view import LogisticsView
from ui.new_event_dialog import NewEventDialog
from ui.opinions_view import OpinionsView
from ui.participants_view import ParticipantsView
from ui.passes_view import PassesView
from ui.phone_entry import PhoneEntryDialog
from ui.selection_view import SelectionView
from ui.sites_editor import SitesEditor

if TYPE_CHECKING:  # the desk (camera, sound) loads only when it is opened
    from ui.desk.launch import DeskSetup
    from ui.desk.window import DeskWindow

ViewFactory = Callable[[Database, int], QWidget]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks a tab's title for translation; Qt's own returns `object` to the type checker."""
    return text


# The tabs of an event, in order. Adding a view is one line: (title, class taking db and event id).
# A view may offer `changed` (emitted after it wrote) and `refresh()` (reload); both are optional.
VIEWS: list[tuple[str, ViewFactory]] = [
    (QT_TRANSLATE_NOOP("MainWindow", "活动设置"), EventEditor),
    (QT_TRANSLATE_NOOP("MainWindow", "观摩点"), SitesEditor),
    (QT_TRANSLATE_NOOP("MainWindow", "报名人员"), ParticipantsView),
    (QT_TRANSLATE_NOOP("MainWindow", "均衡选取"), SelectionView),
    (QT_TRANSLATE_NOOP("MainWindow", "通行证"), PassesView),
    (QT_TRANSLATE_NOOP("MainWindow", "车辆座位"), LogisticsView),
    (QT_TRANSLATE_NOOP("MainWindow", "当日看板"), DashboardView),
    (QT_TRANSLATE_NOOP("MainWindow", "冲突处理"), ConflictsView),
    (QT_TRANSLATE_NOOP("MainWindow", "意见建议"), OpinionsView),
]


class MainWindow(QMainWindow):
    """Chooses the event; each view of it refreshes itself when another one changed data."""

    events_loaded = Signal()

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.event_id: int | None = None
        self.views: list[QWidget] = []
        self.import_dialog: ImportDialog | None = None
        self.new_event_dialog: NewEventDialog | None = None
        self.desk_window: DeskWindow | None = None
        self.desk_camera: str | None = None  # checkin-app --camera, for the desk
        self.leader_window: LeaderWindow | None = None
        self.setWindowTitle(self.tr("政府开放日 · 办公室"))
        # A PostgreSQL office merges its stations' live pushes while this window is open.
        self.inbox = attach_inbox(self, database)

        self.event_list = QListWidget()
        self.event_list.setWordWrap(True)
        self.event_list.currentItemChanged.connect(self._event_chosen)
        self.new_event_button = QPushButton(self.tr("新建活动"))
        self.new_event_button.clicked.connect(self.ask_new_event)
        self.import_button = QPushButton(self.tr("导入报名表…"))
        self.import_button.clicked.connect(self.open_import)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("活动")))
        left_layout.addWidget(self.event_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_event_button)
        buttons.addWidget(self.import_button)
        self.desk_button = QPushButton(self.tr("打开签到台"))
        self.desk_button.clicked.connect(self.open_desk)
        left_layout.addWidget(self.desk_button)
        left_layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.placeholder = QLabel(self.tr("请在左侧选择或新建一个活动"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.addTab(self.placeholder, "")
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1070])
        self.setCentralWidget(splitter)

        menu = self.menuBar().addMenu(self.tr("文件"))
        import_action = QAction(self.tr("导入报名表…"), self)
        import_action.triggered.connect(self.open_import)
        menu.addAction(import_action)
        phone_action = QAction(self.tr("电话报名…"), self)
        phone_action.triggered.connect(self.open_phone_entry)
        menu.addAction(phone_action)
        calls_action = QAction(self.tr("电话通知…"), self)
        calls_action.triggered.connect(self.open_call_list)
        menu.addAction(calls_action)
        leader_action = QAction(self.tr("带队名单…"), self)
        leader_action.triggered.connect(self.open_leader)
        menu.addAction(leader_action)
        desk_action = QAction(self.tr("打开签到台…"), self)
        desk_action.triggered.connect(self.open_desk)
        menu.addAction(desk_action)
        quit_action = QAction(self.tr("退出"), self)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        self.statusBar().showMessage(self.tr("工作区：{0}").format(database.url))
        # Fits a 1366×768 office laptop with the taskbar.
        self.resize(1300, 700)
        self.reload_events()

    # -- events

    def reload_events(self, select: int | None = None) -> None:
        keep = select if select is not None else self.event_id
        operations.query(self.database, lambda s, _: events.list_events(s)).success(
            lambda summaries: self._events_loaded(summaries, keep)
        ).failure(self.statusBar().showMessage).run_in_background()

    def _events_loaded(self, summaries: list[events.EventSummary], keep: int | None) -> None:
        self.event_list.blockSignals(True)
        self.event_list.clear()
        for e in summaries:
            item = QListWidgetItem(
                # %n: Qt's plural forms ("1 activity", "3 activities" in English).
                self.tr("{0}\n%n 个项目 · {1} 人报名", "", len(e.activities)).format(
                    e.name, e.participants
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            self.event_list.addItem(item)
        ids = [e.id for e in summaries]
        self.event_list.blockSignals(False)
        if ids:
            self.event_list.setCurrentRow(ids.index(keep) if keep in ids else 0)
        self.events_loaded.emit()

    def _event_chosen(self, item: QListWidgetItem | None) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        if event_id != self.event_id:
            self.show_event(event_id)

    def show_event(self, event_id: int | None) -> None:
        """Build the event's tabs afresh: views hold one event each."""
        current = self.tabs.currentIndex()
        self.event_id = event_id
        self.tabs.clear()
        for view in self.views:
            view.deleteLater()
        self.views = []
        if event_id is None:
            self.tabs.addTab(self.placeholder, "")
            return
        for title, factory in VIEWS:
            view = factory(self.database, event_id)
            changed = getattr(view, "changed", None)
            if changed is not None:
                changed.connect(self.data_changed)
            self.views.append(view)
            self.tabs.addTab(view, QCoreApplication.translate("MainWindow", title))
        self.tabs.setCurrentIndex(max(current, 0))

    def view(self, kind: type[QWidget]) -> QWidget:
        """The current event's view of this class (for menus and tests)."""
        return next(v for v in self.views if isinstance(v, kind))

    def data_changed(self) -> None:
        """One view wrote something: every view and the event list reload what they show."""
        for view in self.views:
            refresh = getattr(view, "refresh", None)
            if refresh is not None:
                refresh()
        self.reload_events()

    def ask_new_event(self) -> None:
        """The dialog stays open with the reason when the name is refused (empty, taken)."""
        dialog = NewEventDialog(self.database, self)
        dialog.created.connect(self.reload_events)
        dialog.finished.connect(dialog.deleteLater)
        self.new_event_dialog = dialog
        dialog.open()

    def create_event(self, name: str, organiser: str = "") -> None:
        def work(s: Session, _: operations.Progress) -> int:
            return events.create_event(s, name, organiser=organiser).id

        operations.change(self.database, work).success(self.reload_events).failure(
            self.statusBar().showMessage
        ).run_in_background()

    # -- import

    def open_import(self) -> None:
        if self.event_id is None:
            self.statusBar().showMessage(self.tr("请先选择要导入报名的活动"))
            return
        dialog = ImportDialog(self.database, self.event_id, self)
        dialog.imported.connect(lambda _: self.data_changed())
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()

    def open_phone_entry(self) -> None:
        """电话报名: one person at a time, checked as typed, added with source "phone"."""
        if self.event_id is None:
            self.statusBar().showMessage(self.tr("请先选择活动"))
            return
        dialog = PhoneEntryDialog(self.database, self.event_id, self)
        dialog.added.connect(lambda _: self.data_changed())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_call_list(self) -> None:
        """电话通知: the confirmed people to phone, each call's outcome recorded."""
        if self.event_id is None:
            self.statusBar().showMessage(self.tr("请先选择活动"))
            return
        dialog = CallListDialog(self.database, self.event_id, self)
        dialog.recorded.connect(lambda _: self.data_changed())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_leader(self) -> None:
        """The group leaders' roster and roll call for the chosen event, in its own window."""
        if self.event_id is None:
            self.statusBar().showMessage(self.tr("请先选择活动"))
            return
        if self.leader_window is not None:
            self.leader_window.close()
            self.leader_window.deleteLater()
        self.leader_window = LeaderWindow(self.database, self.event_id)
        self.leader_window.show()

    def open_desk(self) -> None:
        """The check-in desk for an activity of the chosen event, in its own window."""
        if self.event_id is None:
            self.statusBar().showMessage(self.tr("请先选择活动"))
            return
        from ui.desk.launch import desk_setup

        event_id = self.event_id
        operations.query(self.database, lambda s, _: desk_setup(s, None, event_id)).success(
            self._desk_ready
        ).failure(self.statusBar().showMessage).run_in_background()

    def _desk_ready(self, setup: DeskSetup) -> None:
        from ui.desk.launch import open_desk

        desk = open_desk(self.database, setup, camera=self.desk_camera, parent=self)
        if desk is None:
            return
        if self.desk_window is not None:
            self.desk_window.close()
            self.desk_window.deleteLater()
        self.desk_window = desk
        desk.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.desk_window is not None:
            self.desk_window.close()
        if self.leader_window is not None:
            self.leader_window.close()
        # Let a running import or selection finish its transaction before the process exits.
        operations.wait_for_workers()
        super().closeEvent(event)
