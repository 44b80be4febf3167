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

# One module per command group; each has `register(subparsers)` and sets `func` on its parser.
COMMAND_MODULES = [
    "checkin_app.cli.events",
    "checkin_app.cli.demo",
    "checkin_app.cli.importing",
    "checkin_app.cli.selection",
    "checkin_app.cli.plan",
    "checkin_app.cli.decode",
    "checkin_app.cli.passes",
    "checkin_app.cli.scan",
    "checkin_app.cli.hub",
    "checkin_app.cli.roster",
    "checkin_app.cli.stations",
    "checkin_app.cli.bundle",
    "checkin_app.cli.report",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="checkin", description="政府开放日 报名、签到与行程")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            continue  # a command group still being written
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Chinese messages must survive a console set to a legacy code page.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
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
