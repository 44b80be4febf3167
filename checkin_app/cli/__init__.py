"""The `checkin` command line: the office's batch jobs, and what scripts and tests drive.

Exit codes: 0 done, 1 done but nothing to do or refused, 2 bad usage or unreadable input,
3 internal error (logged).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from checkin_app.cli.common import log_internal_error, print_json
from checkin_app.errors import Refused, UserError

DEBUG_ENV = "CHECKIN_DEBUG"  # set (not 0): an internal error's traceback goes to stderr too

# Each command and the module that registers it (`register(subparsers)`, setting `func`). Only
# the module of the command being run is imported: the others load Qt, OpenCV, zxing and
# pypinyin, seconds that `checkin events` should not wait for. A test holds this table to what
# the modules register.
COMMANDS: dict[str, str] = {
    "events": "checkin_app.cli.events",
    "event": "checkin_app.cli.editing",
    "activity": "checkin_app.cli.editing",
    "site": "checkin_app.cli.editing",
    "itinerary": "checkin_app.cli.editing",
    "demo": "checkin_app.cli.demo",
    "import": "checkin_app.cli.importing",
    "forms": "checkin_app.cli.forms",
    "notices": "checkin_app.cli.notices",
    "select": "checkin_app.cli.selection",
    "status": "checkin_app.cli.selection",
    "plan": "checkin_app.cli.plan",
    "vehicle": "checkin_app.cli.plan",
    "group": "checkin_app.cli.plan",
    "decode": "checkin_app.cli.decode",
    "passes": "checkin_app.cli.passes",
    "scan": "checkin_app.cli.scan",
    "supervisor-pin": "checkin_app.cli.scan",
    "hub": "checkin_app.cli.hub",
    "roster": "checkin_app.cli.roster",
    "station-package": "checkin_app.cli.stations",
    "station-setup": "checkin_app.cli.stations",
    "bundle": "checkin_app.cli.bundle",
    "report": "checkin_app.cli.report",
    "purge": "checkin_app.cli.report",
    "opinions": "checkin_app.cli.opinions",
    "publish": "checkin_app.cli.opinions",
    "walk-in": "checkin_app.cli.desk_actions",
    "undo": "checkin_app.cli.desk_actions",
    "override": "checkin_app.cli.desk_actions",
    "board": "checkin_app.cli.tour",
    "roll-call": "checkin_app.cli.tour",
    "depart": "checkin_app.cli.tour",
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known `command`, only that command's module is imported."""
    parser = argparse.ArgumentParser(prog="checkin", description="政府开放日 报名、签到与行程")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"内部错误时在屏幕上显示完整的错误信息（也可设环境变量 {DEBUG_ENV}=1）",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(name).register(subparsers)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    # The first word that is not an option (`checkin --debug events`).
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Chinese messages must survive a console set to a legacy code page.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(given))
    args = parser.parse_args(given)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # a closed pipe must show up here, not at interpreter exit
    except Refused as err:
        _say(args, str(err), "未执行")
        return 1
    except UserError as err:
        _say(args, str(err), "错误")
        return 2
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as err:  # a fault of ours or of the system under us: never a bare traceback
        return _internal_error(args, err)
    return code


def _say(args: argparse.Namespace, message: str, prefix: str) -> None:
    if getattr(args, "json", False):
        error_json = getattr(args, "error_json", lambda message: {"error": message})
        print_json(error_json(message))
    print(f"{prefix}：{message}", file=sys.stderr)


def _internal_error(args: argparse.Namespace, err: Exception) -> int:
    log = log_internal_error(str(getattr(args, "command", "")), err)
    where = f"详细信息已记入 {log}" if log else "详细信息未能写入日志"
    message = (
        f"内部错误（{type(err).__name__}），命令未能完成；{where}，请把它交给技术支持"
        f"（加 --debug 可在屏幕上显示）"
    )
    try:
        _say(args, message, "错误")
        if args.debug or os.environ.get(DEBUG_ENV, "") not in ("", "0"):
            traceback.print_exception(err, file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 3


if __name__ == "__main__":
    sys.exit(main())
