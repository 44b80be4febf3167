"""Options every subcommand shares (`--db`, `--json`) and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import getpass
import json
import os
import sys
import traceback
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
import sqlalchemy.exc
from sqlalchemy.engine import make_url

from checkin_app import roles
from checkin_app.db import APP_NAME, DB_ENV, Database, default_db_path
from checkin_app.errors import UserError

if TYPE_CHECKING:  # the desk's module loads pypinyin: only the commands that act need it
    from checkin_app import checkin


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="SQLite 文件路径或 postgresql+psycopg:// 地址（默认：CHECKIN_DB 或用户数据目录）",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="输出 JSON 而不是表格")


def open_db(args: argparse.Namespace) -> Database:
    """The workspace `--db` names; one sentence (exit 2) when it cannot be opened."""
    try:
        return Database.open(args.db)
    except Exception as err:
        if not _cannot_open(err):
            raise
        shown = args.db or os.environ.get(DB_ENV) or str(default_db_path())
        if "://" in shown:  # never print a password
            try:
                shown = make_url(shown).render_as_string(hide_password=True)
            except sqlalchemy.exc.ArgumentError:
                shown = shown.split("://", 1)[0] + "://…"
        reason = err.strerror if isinstance(err, OSError) else _db_reason(err)
        raise UserError(f"无法打开数据库“{shown}”：{reason}") from err


def _cannot_open(err: Exception) -> bool:
    """Whether opening failed on the database itself: not a database, a newer app's database,
    no such server, a wrong password (and not on a fault of ours)."""
    if isinstance(err, OSError | sqlalchemy.exc.DBAPIError | sqlalchemy.exc.ArgumentError):
        return True
    # Alembic is loaded only when the schema needs migrating: never import it here for nothing.
    alembic = sys.modules.get("alembic.util.exc")
    return alembic is not None and isinstance(err, alembic.CommandError)


def _db_reason(err: Exception) -> str:
    if isinstance(err, sqlalchemy.exc.DBAPIError) and err.orig is not None:
        return _first_line(err.orig)
    return str(err)


def _first_line(err: BaseException) -> str:
    """A driver's message without its DETAIL lines, which may quote a row's values."""
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def log_file() -> Path:
    """Where the command line records internal errors (the user's log directory)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "checkin.log"


def log_internal_error(command: str, err: BaseException) -> Path | None:
    """Append the traceback to the log file (0600); None when it cannot be written.

    Only the command's name is written, never its arguments (a PIN, a hub password), and a
    database error only by its type and statement: its parameters and the server's DETAIL line
    quote row values (names, phones)."""
    entry = f"--- {dt.datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z} checkin {command}\n"
    entry += "".join(_traceback_lines(err))
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", errors="replace") as f:
            f.write(entry)
    except OSError:
        return None
    return path


def _traceback_lines(err: BaseException) -> list[str]:
    """The traceback as Python prints it, innermost exception first, database errors cut short."""
    blocks: list[list[str]] = []
    seen: BaseException | None = err
    chain: set[int] = set()
    drivers: set[int] = set()  # the driver's own exceptions: a DETAIL line may quote values
    while seen is not None and id(seen) not in chain:
        chain.add(id(seen))
        if isinstance(seen, sqlalchemy.exc.DBAPIError):
            drivers.add(id(seen.orig))
            what = f"{type(seen).__name__}: {_db_reason(seen)}; SQL: {seen.statement}\n"
        elif id(seen) in drivers:
            what = f"{type(seen).__module__}.{type(seen).__name__}: {_first_line(seen)}\n"
        else:
            what = "".join(traceback.format_exception_only(seen))
        frames = traceback.format_tb(seen.__traceback__)
        blocks.append(["Traceback (most recent call last):\n", *frames, what])
        seen = seen.__cause__ or seen.__context__
    between = ["\nThe above exception led to the following exception:\n\n"]
    return [line for n, b in enumerate(reversed(blocks)) for line in (between if n else []) + b]


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field marked private (e.g. the values a purge removed) is never printed.
        return {
            f.name: getattr(value, f.name)
            for f in dataclasses.fields(value)
            if not f.metadata.get("private")
        }
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_default)


def print_json(value: Any) -> None:
    sys.stdout.write(dumps(value) + "\n")


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", default="", help="操作人（记入记录；默认：当前系统用户）")


def actor(args: argparse.Namespace) -> str:
    """Who did it, for the records: `--actor`, else the logged-in user."""
    if getattr(args, "actor", ""):
        return str(args.actor)
    return roles.login_name()


def pad(text: str, width: int) -> str:
    """Left-align in a console, where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def add_pin_option(parser: argparse.ArgumentParser) -> None:
    """`--pin` for the supervisor's actions (undo, override, walk-in, phone reveal)."""
    parser.add_argument("--pin", help="主管密码（不加则提示输入，输入时不显示）")


def supervisor_grant(db: Database, desk: checkin.Desk, pin: str | None) -> roles.SupervisorGrant:
    """The grant a supervisor action needs: `--pin`, else asked for without echo. A wrong PIN
    is committed (counted towards the lock and logged) before it is refused (exit 2)."""
    text = pin if pin is not None else getpass.getpass("主管密码：")
    with db.transaction() as session:
        from checkin_app import checkin

        answer = checkin.unlock(session, desk, text)
    if answer.grant is None:
        raise UserError(answer.message)
    return answer.grant


_UNLIMITED = {"", "none", "不限", "无"}


def count(text: str) -> int:
    """A whole number for an argparse option, refused in Chinese."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，而不是“{text}”") from None


def count_or_unlimited(text: str) -> int | None:
    """A limit (people at a site at once, a group's size): a number, or 不限/none for none."""
    return None if text.strip().lower() in _UNLIMITED else count(text)
