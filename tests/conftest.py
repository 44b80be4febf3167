"""Fixtures shared by the suite: a migrated SQLite workspace, and a throwaway PostgreSQL server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt on the offscreen platform, set before any test imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may touch the user's real workspace.
os.environ.pop("CHECKIN_DB", None)

from checkin_app import slowhash
from checkin_app.db import Database
from tests.pgserver import PostgresServer, start_postgres


@pytest.fixture(autouse=True)
def cheap_slow_hash(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stations' scrypt costs ~50 ms and 16 MiB per hash by design: every package and
    station ID scan of the suite would pay it. Tests marked `real_cost` keep it."""
    if request.node.get_closest_marker("real_cost") is None:
        monkeypatch.setattr(slowhash, "COST_N", 2**4)
        monkeypatch.setattr(slowhash, "COST_R", 1)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly migrated SQLite workspace, empty."""
    database = Database.open(str(db_path))
    yield database
    database.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the throwaway server."""
    return postgres_server.new_database()


@pytest.fixture(autouse=True)
def _internal_errors_logged_here(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Nothing a test does may write to the user's real log (an internal error's traceback)."""
    from checkin_app.cli import common

    log = tmp_path_factory.getbasetemp() / "logs" / "checkin.log"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(common, "log_file", lambda: log)
        yield


@pytest.fixture(autouse=True, scope="session")
def _one_qt_application(qapp: object) -> object:
    """The run's one Qt application is a QApplication from the start: a command run in-process
    (`checkin passes --pdf`) would otherwise make the QGuiApplication printing needs, and every
    widget test after it would abort."""
    return qapp
