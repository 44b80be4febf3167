"""Runs core calls off the UI thread, one at a time, each in its own short-lived session."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from checkin_app.db import Database, Session
from checkin_app.errors import UserError

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[int, int], None]
# A core call: it gets a session (never shared with another thread) and a progress callback.
Work = Callable[[Session, Progress], T]


def _named_pool(name: str, threads: int | None) -> QThreadPool:
    """The application's pool of that name (made on first use), with `threads` workers (None:
    Qt's default, one a core)."""
    app = QCoreApplication.instance()
    pool = app.property(name) if app is not None else None
    if not isinstance(pool, QThreadPool):
        pool = QThreadPool(app)
        if threads is not None:
            pool.setMaxThreadCount(threads)
        if app is not None:
            app.setProperty(name, pool)
    return pool


def _pool() -> QThreadPool:
    # One worker thread, like Anki's task manager: database work is serialised, so a write never
    # waits on SQLite's lock held by another of our own workers, and results arrive in order.
    return _named_pool("checkin_db_pool", 1)


def _task_pool() -> QThreadPool:
    # Tasks (no database) in a pool of their own: they may run side by side, and never queue
    # behind a scan on the database worker or make it wait.
    return _named_pool("checkin_task_pool", None)


def _read_pool() -> QThreadPool:
    # Reads that refresh what is on screen (the desk's lists after each verdict) on workers of
    # their own: SQLite's WAL lets them read beside the database worker's writes, so a scan's
    # commit never queues behind a refresh. Two, so a slow reload does not hold up the next.
    return _named_pool("checkin_read_pool", 2)


def wait_for_workers(msecs: int = 30000) -> bool:
    """Block until queued operations and tasks finished (for closing the window, and tests)."""
    tasks_done = _task_pool().waitForDone(msecs)
    reads_done = _read_pool().waitForDone(msecs)
    return bool(_pool().waitForDone(msecs) and tasks_done and reads_done)


# Operations whose results are still on their way (nothing else may hold a reference to them).
_RUNNING: set[Any] = set()


class Operation(QObject, Generic[T]):
    """One core call; its signals arrive on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, database: Database, work: Work[T], *, write: bool) -> None:
        super().__init__()
        self._database = database
        self._work = work
        self._write = write

    def success(self, slot: Callable[[T], object]) -> Operation[T]:
        self.succeeded.connect(slot)
        return self

    def failure(self, slot: Callable[[str], object]) -> Operation[T]:
        self.failed.connect(slot)
        return self

    def with_progress(self, slot: Callable[[int, int], object]) -> Operation[T]:
        self.progress.connect(slot)
        return self

    def run_in_background(self) -> Operation[T]:
        # Keep a reference until the result has been delivered: the runnable holds only a lambda.
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))
        self._pool().start(_Runnable(self._call))
        return self

    def _pool(self) -> QThreadPool:
        return _pool()

    def _result(self) -> T:
        if self._write:
            with self._database.transaction() as session:
                return self._work(session, self.progress.emit)
        with self._database.reading() as session:
            return self._work(session, self.progress.emit)

    def _call(self) -> None:
        try:
            result = self._result()
        except UserError as err:
            self.failed.emit(str(err))
        except Exception as err:  # the UI must hear about every failure, not a silent thread
            # Where it failed, not the message: a message may quote what the user typed
            # (an identity number), and those never go into a log.
            log.error(
                "operation failed: %s\n%s",
                type(err).__name__,
                "".join(traceback.format_tb(err.__traceback__)),
            )
            self.failed.emit(
                QCoreApplication.translate("Operation", "内部错误：{0}").format(type(err).__name__)
            )
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = fn

    def run(self) -> None:
        self._fn()


def query(database: Database, work: Work[T]) -> Operation[T]:
    """A read: its session is rolled back at the end."""
    return Operation(database, work, write=False)


def change(database: Database, work: Work[T]) -> Operation[T]:
    """A write: everything `work` does commits together, or nothing does."""
    return Operation(database, work, write=True)


class _Task(Operation[T]):
    """Work without the database (drawing passes, writing files): on the task pool, so the
    database worker, and a scan waiting for it, is never held up by it. No session is opened:
    `_result` calls the work directly."""

    def __init__(self, database: Database, work: Callable[[Progress], T]) -> None:
        super().__init__(database, lambda _session, progress: work(progress), write=False)
        self._plain = work

    def _pool(self) -> QThreadPool:
        return _task_pool()

    def _result(self) -> T:
        return self._plain(self.progress.emit)


def task(database: Database, work: Callable[[Progress], T]) -> Operation[T]:
    """Work that needs no session, off both the UI thread and the database worker. `database`
    only ties the task to the workspace it serves."""
    return _Task(database, work)


class _Read(Operation[T]):
    """A read in a session of its own on the read workers (never the database worker's)."""

    def _pool(self) -> QThreadPool:
        return _read_pool()


def read(database: Database, work: Work[T]) -> Operation[T]:
    """A read beside the database worker, not behind it: for refreshes a scan must not wait for.
    Its session is its own (never shared across threads) and rolled back at the end."""
    return _Read(database, work, write=False)
