"""Options every subcommand shares (`--db`, `--json`) and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import getpass
import json
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from checkin_app import roles
from checkin_app.db import Database
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
    return Database.open(args.db)


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
