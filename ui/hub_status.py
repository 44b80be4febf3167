"""The live hub in the app: its loop on a worker thread, and the desk's small status light."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QThread,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QWidget

from checkin_app import clock, hub
from checkin_app.db import Database

GREEN = "#2e9d4a"
GREY = "#9a9a9a"


class HubWorker(QThread):
    """Runs the hub loop (push, pull, back off) until `stop()`; the desk never waits on it.

    `status_changed(HubStatus)` arrives on the UI thread. The loop reads the hub URL from the
    station database each round, so setting one later starts the syncing without a restart.
    """

    status_changed = Signal(object)
    pulled = Signal(int)  # other stations' events just stored here: lists and counters changed

    def __init__(
        self, database: Database, parent: QObject | None = None, *, interval: float = 1.0
    ) -> None:
        super().__init__(parent)
        self.light: HubStatusLight | None = None  # set by attach_hub
        self.loop = hub.HubLoop(
            hub.Hub(database),
            interval=interval,
            on_status=self.status_changed.emit,
            on_pulled=self.pulled.emit,
        )

    def run(self) -> None:
        self.loop.run()

    def nudge(self) -> None:
        """After a scan: push it now rather than at the next round (returns at once)."""
        self.loop.nudge()

    def stop(self, msecs: int = 15000) -> bool:
        """Ask the loop to finish its round and wait for it (at closing time)."""
        self.loop.stop()
        return self.wait(msecs)


class InboxWorker(QThread):
    """The office's side of the live hub on a worker thread: merges what the stations push
    (`hub.InboxLoop`) while the office window is open."""

    def __init__(
        self, database: Database, parent: QObject | None = None, *, interval: float = 2.0
    ) -> None:
        super().__init__(parent)
        self.loop = hub.InboxLoop(database, interval=interval)

    def run(self) -> None:
        self.loop.run()

    def stop(self, msecs: int = 15000) -> bool:
        self.loop.stop()
        return self.wait(msecs)


def attach_inbox(window: QMainWindow, database: Database) -> InboxWorker | None:
    """Merge the stations' pushes while the office window is open; None for a SQLite office
    (no live hub: its stations bring bundles)."""
    if not database.url.startswith("postgresql"):
        return None
    worker = InboxWorker(database, window)
    _StopOnClose(window, worker)
    worker.start()
    return worker


class HubStatusLight(QWidget):
    """A dot and a few words: green 在线, grey 离线 or 未连接办公室, and how many events wait."""

    def __init__(self, parent: QWidget | None = None, *, timezone: str = "Asia/Shanghai") -> None:
        super().__init__(parent)
        self._zone = clock.zone(timezone)
        self.dot = QLabel()
        self.dot.setFixedSize(14, 14)
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        layout.addWidget(self.dot)
        layout.addWidget(self.label)
        self.status = hub.OFFLINE
        self.show_status(hub.OFFLINE)

    def attach(self, worker: HubWorker) -> None:
        worker.status_changed.connect(self.show_status)

    def show_status(self, status: hub.HubStatus) -> None:
        self.status = status
        color = GREEN if status.online else GREY
        self.dot.setStyleSheet(f"background: {color}; border-radius: 7px;")
        self.label.setText(self._text(status))
        self.setToolTip(self._tip(status))

    def _text(self, status: hub.HubStatus) -> str:
        if not status.configured:
            state = self.tr("未连接办公室")
        elif status.online:
            state = self.tr("在线")
        else:
            state = self.tr("离线")
        if status.queued:
            return self.tr("{0} · 待上传 {1} 条").format(state, status.queued)
        return state

    def _tip(self, status: hub.HubStatus) -> str:
        if not status.configured:
            return self.tr("本站只在本机记录；设置办公室数据库地址后自动同步")
        lines = [self.tr("上次同步：{0}").format(self._when(status.last_success))]
        if status.error:
            lines.append(status.error)
        if status.queued:
            lines.append(self.tr("待上传的记录已保存在本机，恢复连接后自动上传"))
        return "\n".join(lines)

    def _when(self, at: dt.datetime | None) -> str:
        if at is None:
            return self.tr("尚未同步")
        return clock.in_zone(at, self._zone).strftime("%H:%M:%S")


class _StopOnClose(QObject):
    """Stops the hub when its window closes or the application quits: a QThread must not
    outlive its objects, and the last round should finish, not be cut."""

    def __init__(self, window: QMainWindow, worker: HubWorker | InboxWorker) -> None:
        super().__init__(window)
        self.window = window
        self.worker = worker
        window.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(worker.stop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            # After the window's own closeEvent: a kiosk desk may refuse to close.
            QTimer.singleShot(0, self._stop_if_closed)
        return False

    def _stop_if_closed(self) -> None:
        if not self.window.isVisible():
            self.worker.stop()


def attach_hub(
    window: QMainWindow,
    database: Database,
    *,
    verdicts: SignalInstance | None = None,
    refresh: Callable[[], object] | None = None,
    interval: float = 1.0,
) -> HubWorker:
    """Give a desk window its live hub, in one line of the window:
    `self.hub = attach_hub(self, self.database, verdicts=self.shown, refresh=self.refresh)`.

    The light goes into the window's status bar; each committed verdict (`verdicts`) pushes at
    once; other desks' check-ins arriving call `refresh`; closing the window stops the worker.
    """
    worker = HubWorker(database, window, interval=interval)
    light = HubStatusLight(window)
    light.attach(worker)
    window.statusBar().addPermanentWidget(light)
    worker.light = light
    if verdicts is not None:
        verdicts.connect(lambda *_: worker.nudge())
    if refresh is not None:
        worker.pulled.connect(lambda _: refresh())
    _StopOnClose(window, worker)
    worker.start()
    return worker
