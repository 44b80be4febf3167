"""The desk's hub light: green when the office is reached, grey and counting the queue when not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app import checkin, demo, hub
from checkin_app.db import Database
from checkin_app.models import LogEvent, LogKind, Participant, Setting
from tests.hub_support import confirmed, copy_station, copy_workspace, enrol, free_port
from tests.ui.conftest import screenshot
from ui.hub_status import GREEN, GREY, HubStatusLight, HubWorker, attach_hub, attach_inbox


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hub-ui") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as session:
        demo.build_demo(session)
    database.close()
    return path


@pytest.fixture
def pair(template: Path, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    office = copy_station(template, tmp_path / "office.sqlite3", "办公室")
    east = copy_station(template, tmp_path / "east.sqlite3", "东门")
    enrol(office, east, "东门")
    yield office, east
    office.close()
    east.close()


@pytest.fixture
def light(qtbot: QtBot) -> HubStatusLight:
    widget = HubStatusLight()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _check_in(database: Database) -> None:
    with database.transaction() as session:
        person = session.get(Participant, confirmed(database, 1)[0])
        assert person is not None
        checkin.append(
            session,
            event_id=1,
            station="东门",
            kind=LogKind.CHECKIN,
            operator="test",
            activity_id=1,
            participant_id=person.id,
            person=person.doc_hash,
        )


def _set_url(database: Database, url: str) -> None:
    with database.transaction() as session:
        session.merge(Setting(key=hub.HUB_URL_SETTING, value=url.encode()))


def test_the_light_goes_grey_offline_and_green_when_the_office_is_back(
    qtbot: QtBot, light: HubStatusLight, pair: tuple[Database, Database]
) -> None:
    office, east = pair
    _set_url(east, f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/office")
    _check_in(east)
    worker = HubWorker(east, interval=0.05)
    light.attach(worker)
    worker.start()
    try:
        qtbot.waitUntil(lambda: light.label.text() == "离线 · 待上传 1 条", timeout=20000)
        assert GREY in light.dot.styleSheet()
        assert "无法连接办公室数据库" in light.toolTip()
        screenshot(light, "hub_light_offline")

        _set_url(east, office.url)  # the network is back
        qtbot.waitUntil(lambda: light.label.text() == "在线", timeout=30000)
        assert GREEN in light.dot.styleSheet()
        assert "上次同步：" in light.toolTip()
        screenshot(light, "hub_light_online")
    finally:
        assert worker.stop()


def test_without_a_hub_url_the_light_says_so(
    qtbot: QtBot, light: HubStatusLight, pair: tuple[Database, Database]
) -> None:
    worker = HubWorker(pair[1], interval=0.05)
    light.attach(worker)
    worker.start()
    try:
        qtbot.waitUntil(lambda: worker.loop.rounds >= 2)
    finally:
        assert worker.stop()
    assert light.label.text() == "未连接办公室"
    assert "设置办公室数据库地址后自动同步" in light.toolTip()


def test_the_last_sync_is_shown_in_the_event_time_zone(light: HubStatusLight) -> None:
    at = dt.datetime(2025, 5, 20, 1, 2, 3)  # UTC
    light.show_status(hub.HubStatus(configured=True, online=True, queued=3, last_success=at))
    assert light.label.text() == "在线 · 待上传 3 条"
    assert "上次同步：09:02:03" in light.toolTip()


class _Desk(QMainWindow):
    """Stands in for the desk window: a signal after each verdict, a refresh of its lists, and
    a kiosk mode that refuses to close."""

    shown = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.refreshed = 0
        self.kiosk = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk:
            event.ignore()
        else:
            super().closeEvent(event)

    def refresh(self) -> None:
        self.refreshed += 1


def test_a_desk_window_gets_its_hub_in_one_line(
    qtbot: QtBot, template: Path, tmp_path: Path, pair: tuple[Database, Database]
) -> None:
    office, east = pair
    west = copy_station(template, tmp_path / "west.sqlite3", "西门")
    enrol(office, west, "西门")
    for database in (east, west):
        _set_url(database, office.url)
    desks = [_Desk(), _Desk()]
    workers = []
    for desk, database in zip(desks, (east, west), strict=True):
        qtbot.addWidget(desk)
        desk.show()
        workers.append(
            attach_hub(desk, database, verdicts=desk.shown, refresh=desk.refresh, interval=0.05)
        )
    light = workers[1].light
    assert light is not None and light.window() is desks[1]
    qtbot.waitUntil(lambda: light.label.text() == "在线", timeout=20000)

    _check_in(east)
    desks[0].shown.emit(object())  # the east desk shows its verdict: push now
    qtbot.waitUntil(lambda: desks[1].refreshed > 0, timeout=20000)  # the west desk reloads
    with west.reading() as session:
        seen = checkin.admission_of(session, 1, confirmed(west, 1)[0])
    assert seen is not None and seen.station == "东门"
    screenshot(desks[1], "hub_light_in_desk_status_bar")

    desks[0].kiosk = True
    desks[0].close()  # refused: the desk stays open, and so does its hub
    qtbot.wait(50)
    assert workers[0].isRunning()
    desks[0].kiosk = False

    for desk, worker in zip(desks, workers, strict=True):
        desk.close()
        qtbot.waitUntil(worker.isFinished, timeout=20000)
    west.close()


@pytest.mark.postgres
def test_the_office_window_merges_what_the_desks_push(
    qtbot: QtBot, template: Path, tmp_path: Path, pg_url: str
) -> None:
    """With a PostgreSQL workspace the office window merges the stations' pushes itself: the
    east desk's check-in reaches the office log and the west desk without any command."""
    office = Database(pg_url)
    copy_workspace(Database.open(str(template)), office)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    inbox = attach_inbox(window, office)
    assert inbox is not None and inbox.isRunning()
    east = copy_station(template, tmp_path / "east.sqlite3", "东门")
    west = copy_station(template, tmp_path / "west.sqlite3", "西门")
    urls = [enrol(office, d, n) for d, n in ((east, "东门"), (west, "西门"))]
    _check_in(east)
    assert hub.Hub(east, urls[0]).sync_once().pushed == 1

    def office_has_it() -> bool:
        with office.reading() as session:
            return session.scalar(select(func.count()).select_from(LogEvent)) == 1

    qtbot.waitUntil(office_has_it, timeout=20000)
    assert hub.Hub(west, urls[1]).sync_once().pulled == 1
    window.close()
    qtbot.waitUntil(inbox.isFinished, timeout=20000)
    assert attach_inbox(window, east) is None  # a SQLite workspace has no live hub
    for database in (office, east, west):
        database.close()
