"""Options every subcommand shares (`--db`, `--json`) and how results are printed."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import sys
import unicodedata
from typing import Any

from checkin_app import roles
from checkin_app.db import Database


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
        return dataclasses.asdict(value)
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
