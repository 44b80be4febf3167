"""`checkin-app --station PACKAGE`: a station laptop set up from its package, then its desk."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app import checkin, stations, sync
from checkin_app.db import Database
from checkin_app.models import Activity, Participant, PassKey, Setting
from tests.test_stations import build_office, package
from tests.ui.conftest import screenshot
from ui import operations
from ui.app import main, parse_args, start, station_package, stop
from ui.desk.window import DeskWindow
from ui.station_dialog import FingerprintDialog

TIMEOUT = 15000
# The desk brings sound and speech up; the test machine has neither.
multimedia_noise = pytest.mark.qt_log_ignore(
    "propagateSizeHints",
    "Couldn't (load|resolve)",
    "pa_context_connect",
    "PulseAudio",
    "FFmpeg",
    "text-to-speech",
    "QSoundEffect",
)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Database, int]]:
    database = Database.open(str(tmp_path / "office.sqlite3"))
    event_id = build_office(database)
    yield database, event_id
    database.close()


@pytest.fixture
def quiet_settings(tmp_path: Path) -> None:
    # Nothing the desk remembers may land in the user's own settings.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))


def smart_package(office: tuple[Database, int], out: Path) -> Path:
    database, event_id = office
    with database.reading() as s:
        smart = s.scalars(select(Activity.id).where(Activity.name == "智慧城管")).one()
    return package(database, event_id, "东门", out, activity_id=smart)


def argv(db: Path, pkg: Path, camera: Path, *more: str) -> list[str]:
    camera.mkdir(exist_ok=True)
    options = ["--db", str(db), "--station", str(pkg), "--operator", "小赵"]
    return ["checkin-app", *options, "--camera", str(camera), *more]


def office_fingerprint(office: tuple[Database, int]) -> str:
    with office[0].reading() as s:
        return sync.fingerprint(s.scalars(select(PassKey.public_key)).one())


def count(db: Path, model: type) -> int:
    database = Database.open(str(db))
    try:
        with database.reading() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0
    finally:
        database.close()


def test_station_option_is_a_package_file_or_a_station_name(tmp_path: Path) -> None:
    pkg = tmp_path / "东门"
    pkg.write_bytes(b"x")
    assert station_package(str(pkg)) == pkg
    assert station_package("东门.pkg") == Path("东门.pkg")  # missing: refused when read
    assert station_package("东门") is None and station_package(None) is None
    args, _ = parse_args(["--station", "东门"])
    assert args.station == "东门"


@multimedia_noise
def test_a_package_sets_the_laptop_up_and_opens_its_desk(
    qtbot: QtBot, tmp_path: Path, office: tuple[Database, int], quiet_settings: None
) -> None:
    pkg = smart_package(office, tmp_path / "东门.pkg")
    station_db = tmp_path / "station.sqlite3"
    steward = Steward(tick=True, accept=True)
    try:
        running = start(argv(station_db, pkg, tmp_path / "frames"))
    finally:
        steward.stop()
    # The steward saw whose package it is and the office's fingerprint, read aloud, and could
    # set up only after ticking that it matched.
    summary = stations.package_summary(*stations.read_package(pkg))
    ((about, digits, spoken, ok_before_tick, size),) = steward.seen
    assert "晋城市城市管理局2024年“政府开放周”" in about and "站点：东门" in about
    assert digits.split() == summary.digits.split("-") and summary.spoken in spoken
    assert summary.fingerprint == office_fingerprint(office)
    assert not ok_before_tick and size.width() <= 1024 and size.height() <= 768
    window = running.window
    assert isinstance(window, DeskWindow)
    qtbot.addWidget(window)
    # The package's one activity, the package's station name, no demo events added.
    qtbot.waitUntil(lambda: "智慧城管" in window.title.text(), timeout=TIMEOUT)
    assert (window.desk.station, window.desk.operator) == ("东门", "小赵")
    screenshot(window, "station_app_desk")
    stop(running)
    operations.wait_for_workers()
    assert count(station_db, Participant) == 4
    database = Database.open(str(station_db))
    with database.reading() as s:
        assert checkin.station_name(s) == "东门" and sync.identity(s).event_id == office[1]
        assert s.scalar(select(func.count()).select_from(Activity)) == 2
    database.close()

    # The same command the next morning: the database is already that station's, just opened
    # (its fingerprint was confirmed at set-up: no dialog).
    steward = Steward(tick=True, accept=True)
    try:
        running = start(argv(station_db, pkg, tmp_path / "frames"))
    finally:
        steward.stop()
    assert steward.seen == []
    again = running.window
    assert isinstance(again, DeskWindow)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: "智慧城管" in again.title.text(), timeout=TIMEOUT)
    assert again.desk.station == "东门"
    stop(running)
    operations.wait_for_workers()
    assert count(station_db, Participant) == 4


class Steward:
    """Answers the fingerprint dialog when it shows, as a steward on the phone to the office
    would: what it showed is kept in `seen`."""

    def __init__(self, *, tick: bool, accept: bool) -> None:
        self.tick, self.accept = tick, accept
        self.seen: list[tuple[str, str, str, bool, QSize]] = []
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.answer)
        self.timer.start()

    def answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, FingerprintDialog):
            return
        shown = (box.about.text(), box.digits.text(), box.spoken.text(), box.ok.isEnabled())
        self.seen.append((*shown, box.size()))
        screenshot(box, "station_fingerprint")
        if self.tick:
            box.matched.setChecked(True)
        if self.accept:
            box.ok.click()
        else:
            box.reject()

    def stop(self) -> None:
        self.timer.stop()


def run_refused(args: list[str], qtbot: QtBot) -> tuple[int, str]:
    """`main` with the refusal box answered as the steward would; its exit code and text."""
    shown: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            screenshot(box, "station_app_refused")
            box.accept()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(close_box)
    timer.start()
    try:
        code = main(args)
    finally:
        timer.stop()
    assert len(shown) == 1
    return code, shown[0]


def test_an_altered_package_is_refused_in_a_box_and_nothing_written(
    qtbot: QtBot, tmp_path: Path, office: tuple[Database, int], quiet_settings: None
) -> None:
    pkg = smart_package(office, tmp_path / "东门.pkg")
    data = bytearray(pkg.read_bytes())
    data[len(data) // 2] ^= 0x01
    pkg.write_bytes(bytes(data))
    station_db = tmp_path / "station.sqlite3"
    code, text = run_refused(argv(station_db, pkg, tmp_path / "frames"), qtbot)
    assert code == 2
    assert "站点包“东门.pkg”不能使用" in text and "被改动过" in text
    # Checked before the database was even opened: no file made.
    assert not station_db.exists()


def test_a_database_with_other_data_is_left_alone(
    qtbot: QtBot, tmp_path: Path, office: tuple[Database, int], quiet_settings: None
) -> None:
    pkg = smart_package(office, tmp_path / "东门.pkg")
    office_db = tmp_path / "office.sqlite3"
    before = count(office_db, Participant), count(office_db, Setting)
    check = ("--fingerprint", office_fingerprint(office))
    code, text = run_refused(argv(office_db, pkg, tmp_path / "frames", *check), qtbot)
    assert code == 2 and "这个数据库不是空的" in text
    assert (count(office_db, Participant), count(office_db, Setting)) == before


def test_cancelling_the_fingerprint_check_writes_nothing(
    qtbot: QtBot, tmp_path: Path, office: tuple[Database, int], quiet_settings: None
) -> None:
    pkg = smart_package(office, tmp_path / "东门.pkg")
    station_db = tmp_path / "station.sqlite3"
    for tick in (False, True):
        steward = Steward(tick=tick, accept=False)
        try:
            assert main(argv(station_db, pkg, tmp_path / "frames")) == 1
        finally:
            steward.stop()
        assert len(steward.seen) == 1
        assert not station_db.exists()


def test_a_forged_package_is_refused_with_the_offices_fingerprint(
    qtbot: QtBot, tmp_path: Path, office: tuple[Database, int], quiet_settings: None
) -> None:
    """Given the fingerprint the office read out, a package signed by anyone else is refused
    in a box before the database is made."""
    pkg = smart_package(office, tmp_path / "东门.pkg")
    file = sync.read_signed(pkg, sync.PACKAGE_MAGIC, stations.WHAT)
    private, public = sync.new_key_pair()
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    header["signer"] = base64.b64encode(public).decode()
    tables = json.loads(file.body)
    for row in tables["pass_keys"]:
        row["public_key"] = header["signer"]
    sync.write_signed(pkg, sync.PACKAGE_MAGIC, header, sync.json_bytes(tables), private)
    station_db = tmp_path / "station.sqlite3"
    check = ("--fingerprint", office_fingerprint(office))
    code, text = run_refused(argv(station_db, pkg, tmp_path / "frames", *check), qtbot)
    assert code == 2 and "不是办公室制作的" in text and not station_db.exists()
