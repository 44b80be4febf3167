"""Makes the engine and session factory, sets SQLite's pragmas and runs the migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as Session  # re-exported: the UI names it, never SQLAlchemy
from sqlalchemy.orm import sessionmaker

from checkin_app import changes
from checkin_app.files import PRIVATE_MODE

APP_NAME = "open-day-checkin"
DB_ENV = "CHECKIN_DB"


def default_db_path() -> Path:
    """The office workspace: one SQLite file in the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workspace.sqlite3"


def resolve_url(db: str | None = None) -> str:
    """Turn `--db` (a path or URL), else `CHECKIN_DB`, else the default file, into a URL."""
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL keeps readers (the UI) off the writer's back; FULL makes a commit survive a power cut,
    # which is the promise a verdict on the screen makes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # Deleted and overwritten content is zeroed, not left in free pages: a purge must not leave
    # names behind. (CPython's Windows build compiles SQLite without it; the purge's VACUUM
    # covers that case too.)
    cur.execute("PRAGMA secure_delete=ON")
    files = [row[2] for row in cur.execute("PRAGMA database_list") if row[1] == "main"]
    cur.close()
    for name in files:
        if name:
            private_database(Path(name))


def private_database(path: Path) -> None:
    """Make the SQLite file and its -wal and -shm readable by their owner only (POSIX): the
    database holds names, phones and keys."""
    if os.name != "posix":
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.exists() and file.stat().st_mode & 0o777 != PRIVATE_MODE:
                file.chmod(PRIVATE_MODE)
        except OSError:
            pass  # another user's file (a shared folder): SQLite itself says whether it opens


def _create_private(url: str) -> None:
    """Create a new SQLite file as 0600 before SQLite does (it would use the umask, 0644):
    SQLite then creates the -wal and -shm with the same mode as the file."""
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    if not path.exists() and path.parent.is_dir():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_MODE))


def make_engine(url: str) -> Engine:
    """An engine for a SQLite or PostgreSQL URL, with the pragmas this app relies on."""
    if url.startswith("sqlite"):
        _create_private(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    changes.watch(engine)  # the desk's cached roster hears of every write to it
    return engine


MIGRATIONS = Path(__file__).parent / "migrations"


def head_revision() -> str:
    """The newest migration, from the file names alone: revisions are numbered 0001, 0002, ...
    in a line (a test holds this to Alembic's own head), so start-up need not load Alembic."""
    return max(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (one query), None for a new or foreign database."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` through the Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # A batch migration copies a table and drops the old one: with foreign keys on, the
            # drop cascades and deletes the rows that point at it (an old station's pass events).
            # SQLite ignores this pragma inside a transaction, so it goes first.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("the upgraded database has rows pointing at nothing")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


class Database:
    """One workspace: its engine and its session factory, made once at start-up."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        # Alembic's machinery takes most of a second to load: only run it when there is work.
        if migrate and schema_revision(self.engine) != head_revision():
            upgrade(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, db: str | None = None) -> Database:
        return cls(resolve_url(db))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The unit of work: everything inside commits together or not at all."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def sqlite_file(self) -> Path | None:
        """The workspace's file when it is SQLite: nothing but SQLite may open it."""
        if self.engine.dialect.name != "sqlite" or not self.engine.url.database:
            return None
        return Path(self.engine.url.database)

    def close(self) -> None:
        self.engine.dispose()
