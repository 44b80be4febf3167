"""The schema comes from the migrations, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from checkin_app import db as db_module
from checkin_app import events
from checkin_app.db import Database, make_engine
from checkin_app.models import Base


def _round_trip(database: Database) -> None:
    with database.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        events.add_activity(s, event, "城市管理开放日", dt.date(2025, 9, 24), 40)
    with database.reading() as s:
        (summary,) = events.list_events(s)
    assert summary.activities[0].name == "城市管理开放日"
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_sqlite_schema_from_migrations_with_pragmas(db: Database) -> None:
    _round_trip(db)
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA secure_delete")).scalar() == 1


def _head() -> str:
    """The newest revision (one head: the migrations form a single chain)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(db_module.__file__).parent / "migrations"))
    (head,) = ScriptDirectory.from_config(config).get_heads()
    return str(head)


def test_migrations_are_idempotent(db_path: object) -> None:
    first = Database.open(str(db_path))
    first.close()
    again = Database.open(str(db_path))  # upgrading an up-to-date database changes nothing
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
    again.close()


@pytest.mark.postgres
def test_postgres_schema_from_migrations(pg_url: str) -> None:
    database = Database(pg_url)
    _round_trip(database)
    database.close()


def test_the_head_revision_from_file_names_is_alembic_s_own() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from checkin_app.db import MIGRATIONS, head_revision

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == head_revision()


def test_a_current_database_opens_without_alembic_and_an_old_one_is_upgraded(
    tmp_path: Path,
) -> None:
    from checkin_app.db import head_revision, schema_revision, upgrade

    old = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(old, "0004")
    assert schema_revision(old) == "0004"
    old.dispose()
    reopened = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    assert schema_revision(reopened.engine) == head_revision()
    reopened.close()
    empty = make_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert schema_revision(empty) is None
    empty.dispose()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    old = os.umask(0o022)  # what most systems use: new files 0644
    try:
        database = Database.open(str(path))
        _round_trip(database)
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            files = [path, tmp_path / "new.sqlite3-wal", tmp_path / "new.sqlite3-shm"]
            assert all(f.exists() for f in files)
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        database.close()
        # A database made world-readable by an older version is made private when opened.
        path.chmod(0o644)
        again = Database.open(str(path))
        with again.reading() as s:
            s.execute(text("SELECT 1"))
        assert _mode(path) == 0o600
        again.close()
    finally:
        os.umask(old)
