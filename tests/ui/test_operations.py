"""The one helper that runs core calls off the UI thread: results, refusals, progress, rollback."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from checkin_app import events
from checkin_app.db import Database
from checkin_app.errors import UserError
from ui import operations


def test_result_arrives_on_the_ui_thread_with_progress(qtbot: QtBot, db: Database) -> None:
    seen: list[tuple[int, int]] = []
    threads: list[int] = []

    def work(s: Session, progress: operations.Progress) -> str:
        threads.append(threading.get_ident())
        for done in range(1, 4):
            progress(done, 3)
        return "ok"

    op = operations.query(db, work).with_progress(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(op.succeeded) as blocker:
        op.run_in_background()
    assert blocker.args == ["ok"]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert threads and threads[0] != threading.get_ident()


def test_a_refusal_reaches_the_user_and_nothing_is_kept(qtbot: QtBot, db: Database) -> None:
    def work(s: Session, _: operations.Progress) -> None:
        events.create_event(s, "半途而废的活动")
        raise UserError("名额必须大于0")

    op = operations.change(db, work)
    with qtbot.waitSignal(op.failed) as blocker:
        op.run_in_background()
    assert blocker.args == ["名额必须大于0"]
    with db.reading() as s:
        assert events.list_events(s) == []


def test_a_crash_is_reported_without_its_details(
    qtbot: QtBot, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    number = "".join(["140502", "19900101", "1234"])

    def work(s: Session, _: operations.Progress) -> None:
        raise KeyError(number)

    op = operations.query(db, work)
    with qtbot.waitSignal(op.failed) as blocker:
        op.run_in_background()
    assert blocker.args == ["内部错误：KeyError"]
    assert "KeyError" in caplog.text
    assert number not in caplog.text


def test_a_task_never_holds_up_the_database_worker(qtbot: QtBot, db: Database) -> None:
    """Drawing 300 passes runs as a task: a scan's query meanwhile is answered at once."""
    drawing = threading.Event()
    release = threading.Event()
    threads: dict[str, int] = {}

    def draw(progress: operations.Progress) -> str:
        threads["task"] = threading.get_ident()
        drawing.set()
        assert release.wait(20)
        progress(1, 1)
        return "drawn"

    def scan(_s: Session, _p: operations.Progress) -> str:
        threads["database"] = threading.get_ident()
        return "scanned"

    task = operations.task(db, draw)
    with qtbot.waitSignal(task.succeeded, timeout=30000) as drawn:
        task.run_in_background()
        assert drawing.wait(10)
        query = operations.query(db, scan)
        with qtbot.waitSignal(query.succeeded, timeout=10000) as scanned:
            query.run_in_background()
        assert scanned.args == ["scanned"]  # while the task is still drawing
        release.set()
    assert drawn.args == ["drawn"]
    assert threads["task"] != threads["database"] != threading.get_ident()


def test_a_write_commits_while_a_read_on_the_read_workers_is_held(
    qtbot: QtBot, db: Database
) -> None:
    """A refresh runs as `read`: a scan's write meanwhile commits without waiting for it."""
    reading = threading.Event()
    release = threading.Event()

    def refresh(s: Session, _p: operations.Progress) -> int:
        reading.set()
        assert release.wait(20)
        return len(events.list_events(s))

    def scan(s: Session, _p: operations.Progress) -> str:
        return events.create_event(s, "扫码期间的写入").name

    read = operations.read(db, refresh)
    with qtbot.waitSignal(read.succeeded, timeout=30000) as refreshed:
        read.run_in_background()
        assert reading.wait(10)
        write = operations.change(db, scan)
        with qtbot.waitSignal(write.succeeded, timeout=10000) as written:
            write.run_in_background()
        assert written.args == ["扫码期间的写入"] and not release.is_set()
        release.set()
    assert isinstance(refreshed.args[0], int)
    with db.reading() as s:
        assert "扫码期间的写入" in [e.name for e in events.list_events(s)]
