"""The `checkin` command line: the office's batch jobs, and what scripts and tests drive.

Exit codes: 0 done, 1 done but nothing to do or all refused, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from checkin_app.cli.common import print_json
from checkin_app.errors import UserError

# Each command and the module that registers it (`register(subparsers)`, setting `func`). Only
# the module of the command being run is imported: the others load Qt, OpenCV, zxing and
# pypinyin, seconds that `checkin events` should not wait for. A test holds this table to what
# the modules register.
COMMANDS: dict[str, str] = {
    "events": "checkin_app.cli.events",
    "demo": "checkin_app.cli.demo",
    "import": "checkin_app.cli.importing",
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
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known `command`, only that command's module is imported."""
    parser = argparse.ArgumentParser(prog="checkin", description="政府开放日 报名、签到与行程")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(name).register(subparsers)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    return argv[0] if argv and not argv[0].startswith("-") else None


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
    except UserError as err:
        if getattr(args, "json", False):
            error_json = getattr(args, "error_json", lambda message: {"error": message})
            print_json(error_json(str(err)))
        print(f"错误：{err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (`| head`) has gone: stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
