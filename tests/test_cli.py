"""What every `checkin` subcommand shares: --db everywhere, JSON even on errors, pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkin_app.cli import build_parser, main


def _subcommands() -> list[str]:
    parser = build_parser()
    (group,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(group.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", _subcommands())
def test_every_subcommand_takes_db(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    # Commands with actions (`opinions add …`) take --db on each action.
    assert "--db" in capsys.readouterr().out or command in {"vehicle", "group", "opinions"}


def test_unreadable_import_still_prints_one_json_object(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(db_path)]) == 0
    capsys.readouterr()
    not_a_sheet = tmp_path / "报名表.xlsx"
    not_a_sheet.write_bytes(b"this is not a spreadsheet")
    code = main(["import", str(not_a_sheet), "--event", "2", "--db", str(db_path), "--json"])
    out, err = capsys.readouterr()
    assert code == 2
    shown = json.loads(out)
    assert shown["accepted"] == [] and shown["rejected"] == [] and shown["error"]
    assert "报名表.xlsx" in err


def test_unknown_event_with_json_prints_the_error(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["events", "--db", str(db_path), "--json"]) == 1
    capsys.readouterr()
    assert main(["select", "--event", "没有这个活动", "--db", str(db_path), "--json"]) == 2
    assert "没有这个活动" in json.loads(capsys.readouterr().out)["error"]


def test_output_into_a_closed_pipe_is_quiet(db_path: Path) -> None:
    assert main(["demo", "--db", str(db_path)]) == 0
    # `| head -1`: the reader leaves after one line; no traceback may follow.
    done = subprocess.run(
        f'"{sys.executable}" -m checkin_app.cli events --db "{db_path}" | true',
        shell=True,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_the_command_table_names_what_each_module_registers() -> None:
    import argparse
    import importlib

    from checkin_app.cli import COMMAND_MODULES, COMMANDS

    registered: dict[str, str] = {}
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers(dest="command")
        importlib.import_module(name).register(subparsers)
        registered |= dict.fromkeys(subparsers.choices, name)
    assert registered == COMMANDS


def test_listing_events_loads_neither_qt_nor_the_decoders_nor_alembic(db_path: Path) -> None:
    assert main(["demo", "--db", str(db_path)]) == 0
    heavy = ["PySide6", "cv2", "zxingcpp", "pypinyin", "alembic", "openpyxl"]
    script = (
        "import sys\n"
        "from checkin_app.cli import main\n"
        f"code = main(['events', '--json', '--db', {str(db_path)!r}])\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)  # the events were listed
    assert done.stderr.strip().splitlines()[-1] == "[]"
