"""What every `checkin` subcommand shares: --db everywhere, JSON even on errors, pipes, and the
README's exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import segno
import sqlalchemy.exc
from sqlalchemy import select

from checkin_app import demo, events, passes, scanning
from checkin_app.cli import build_parser, main
from checkin_app.cli import common as cli_common
from checkin_app.db import Database
from checkin_app.models import Participant, Pass, Status
from tests.fixtures_import import good_rows, write_xlsx


def _subcommands() -> list[str]:
    parser = build_parser()
    (group,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(group.choices)  # type: ignore[arg-type]


def _runnable() -> list[list[str]]:
    """Every command line that runs something: a command, or each action of one (`vehicle add`)."""
    found: list[list[str]] = []
    parser = build_parser()
    (group,) = [a for a in parser._actions if a.dest == "command"]
    for name, sub in sorted(group.choices.items()):  # type: ignore[union-attr]
        actions = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
        if actions:
            found += [[name, action] for action in sorted(actions[0].choices)]  # type: ignore[arg-type]
        else:
            found.append([name])
    return found


@pytest.mark.parametrize("command", _runnable(), ids=" ".join)
def test_every_subcommand_takes_db(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    assert "--db" in capsys.readouterr().out


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


# --- Exit codes as the README's table gives them, for every command ----------------------------
# 0 done, 1 done but nothing to do or refused, 2 bad usage or unreadable input, 3 internal error.


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace, built once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as s:
        demo.build_demo(s, seed=2025)
    database.close()
    return path


class Cli:
    """Runs `checkin` in-process on a copy of the demo workspace and checks its exit code."""

    def __init__(self, capsys: pytest.CaptureFixture[str], tmp: Path, demo_file: Path) -> None:
        self.capsys = capsys
        self.tmp = tmp
        self.office = tmp / "office.sqlite3"
        shutil.copy(demo_file, self.office)
        self.empty = tmp / "empty.sqlite3"
        self.garbage = tmp / "garbage.sqlite3"
        self.garbage.write_bytes(b"this is not a database\n" * 100)
        self._station: tuple[Path, str] | None = None

    def run(self, *argv: str, db: Path | None = None) -> tuple[int, str, str]:
        try:
            code = main([*argv, "--db", str(db or self.office)])
        except SystemExit as done:  # argparse: bad usage
            code = int(done.code or 0)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def expect(self, code: int, *argv: str, db: Path | None = None) -> str:
        got, out, err = self.run(*argv, db=db)
        assert got == code, (argv, out, err)
        return out

    def pass_code(self, participant: int) -> str:
        """The QR text of the participant's pass (issued by `checkin passes` first)."""
        self.expect(0, "passes", "--event", "1")
        database = Database.open(str(self.office))
        try:
            with database.reading() as s:
                row = s.scalars(select(Pass).where(Pass.participant_id == participant)).one()
                return passes.qr_text(s, row)
        finally:
            database.close()

    def station(self) -> tuple[Path, str]:
        """A station database for 东门 of the 固原 open day, and the office's pass code of
        participant 1 (scanned there)."""
        if self._station is None:
            code = self.pass_code(1)
            out = self.expect(
                0, "station-package", "--event", "1", "--station", "东门", "--out",
                str(self.tmp / "东门.pkg"), "--json",
            )  # fmt: skip
            fingerprint = json.loads(out)["fingerprint"]
            db = self.tmp / "station.sqlite3"
            self.expect(
                0, "station-setup", str(self.tmp / "东门.pkg"), "--fingerprint", fingerprint,
                db=db,
            )  # fmt: skip
            self._station = db, code
        return self._station


EXIT_CHECKS: dict[str, Callable[[Cli], None]] = {}


def exits(command: str) -> Callable[[Callable[[Cli], None]], Callable[[Cli], None]]:
    def register(check: Callable[[Cli], None]) -> Callable[[Cli], None]:
        EXIT_CHECKS[command] = check
        return check

    return register


@exits("events")
def _events(cli: Cli) -> None:
    cli.expect(0, "events")
    cli.expect(1, "events", db=cli.empty)
    cli.expect(2, "events", db=cli.garbage)  # not a database: unreadable input


@exits("demo")
def _demo(cli: Cli) -> None:
    cli.expect(1, "demo")  # there is data already
    cli.expect(2, "demo", "--seed", "x")
    cli.expect(0, "demo", db=cli.empty)


@exits("import")
def _import(cli: Cli) -> None:
    sheet = write_xlsx(cli.tmp / "报名表.xlsx", good_rows(2))
    cli.expect(0, "import", str(sheet), "--event", "2")
    cli.expect(1, "import", str(sheet), "--event", "2")  # every row already imported
    broken = cli.tmp / "坏.xlsx"
    broken.write_bytes(sheet.read_bytes()[:500])
    cli.expect(2, "import", str(broken), "--event", "2")


@exits("forms")
def _forms(cli: Cli) -> None:
    cli.expect(0, "forms", "--event", "2", "--registration", str(cli.tmp / "报名表.xlsx"))
    cli.expect(2, "forms", "--event", "2", "--registration", str(cli.tmp / "报名表.doc"))
    cli.expect(2, "forms", "--event", "没有", "--registration", str(cli.tmp / "报名表.xlsx"))


@exits("notices")
def _notices(cli: Cli) -> None:
    cli.expect(0, "notices", "--event", "1", "--out", str(cli.tmp / "通知.xlsx"))
    cli.expect(0, "notices", "--event", "1", "--out", str(cli.tmp / "公示.xlsx"), "--publish")
    cli.expect(
        2, "notices", "--event", "1", "--out", str(cli.tmp / "x.xlsx"), "--template", "{座号}"
    )


@exits("select")
def _select(cli: Cli) -> None:
    cli.expect(0, "status", "1", "decline")
    cli.expect(0, "select", "--event", "1")  # the first waitlisted person takes the seat
    cli.expect(1, "select", "--event", "1")
    cli.expect(2, "select", "--event", "没有这个活动")


@exits("status")
def _status(cli: Cli) -> None:
    cli.expect(0, "status", "1", "explain")
    cli.expect(1, "status", "1", "confirm")  # already confirmed: refused
    cli.expect(2, "status", "99999", "explain")


@exits("plan")
def _plan(cli: Cli) -> None:
    cli.expect(0, "plan", "--event", "1", "--activity", "1")
    cli.expect(2, "plan", "--event", "1", "--activity", "没有这个项目")


@exits("vehicle")
def _vehicle(cli: Cli) -> None:
    cli.expect(0, "vehicle", "add", "--event", "1", "--activity", "1", "--label", "9号车")
    cli.expect(2, "vehicle", "add", "--event", "1", "--activity", "没有", "--label", "9号车")


@exits("group")
def _group(cli: Cli) -> None:
    cli.expect(0, "group", "add", "--event", "1", "--activity", "1", "--name", "第9组")
    args = ["group", "add", "--event", "1", "--activity", "1", "--name", "第8组"]
    cli.expect(2, *args, "--vehicle", "没有这辆车")


@exits("event")
def _event(cli: Cli) -> None:
    cli.expect(0, "event", "add", "区城管局开放日")
    cli.expect(1, "event", "edit", "区城管局开放日")  # nothing to change
    cli.expect(2, "event", "add", "区城管局开放日")  # the name is taken


@exits("activity")
def _activity(cli: Cli) -> None:
    add = ["activity", "add", "--event", "1", "--name", "夜间巡查", "--date", "2026-12-24"]
    cli.expect(0, *add, "--capacity", "20")
    cli.expect(1, "activity", "edit", "--event", "1", "--activity", "夜间巡查")
    cli.expect(2, "activity", "edit", "--event", "1", "--activity", "没有", "--capacity", "9")


@exits("site")
def _site(cli: Cli) -> None:
    cli.expect(0, "site", "add", "--event", "1", "--name", "桥梁监测站", "--minutes", "30")
    cli.expect(1, "site", "edit", "--event", "1", "--site", "桥梁监测站")
    cli.expect(2, "site", "add", "--event", "1", "--name", "", "--minutes", "30")


@exits("itinerary")
def _itinerary(cli: Cli) -> None:
    cli.expect(0, "site", "add", "--event", "1", "--name", "桥梁监测站", "--minutes", "30")
    cli.expect(0, "itinerary", "set", "--event", "1", "--activity", "1", "桥梁监测站:10")
    cli.expect(2, "itinerary", "set", "--event", "1", "--activity", "1", "没有的点:10")


@exits("decode")
def _decode(cli: Cli) -> None:
    qr = cli.tmp / "qr.png"
    segno.make("HELLO123", micro=False).save(str(qr), scale=8, border=4)
    cli.expect(0, "decode", str(qr))
    blank = cli.tmp / "blank.png"
    segno.make("X", micro=False).save(str(blank), scale=8, dark="white")
    cli.expect(1, "decode", str(blank))
    cli.expect(2, "decode", str(cli.tmp / "没有这张图.png"))


@exits("passes")
def _passes(cli: Cli) -> None:
    cli.expect(0, "passes", "--event", "1")
    database = Database.open(str(cli.office))
    with database.transaction() as s:
        events.add_activity(s, events.find_event(s, "1"), "新项目", dt.date(2030, 1, 1), 10)
    database.close()
    cli.expect(1, "passes", "--event", "1", "--activity", "新项目")  # nobody confirmed
    cli.expect(2, "passes", "--event", "没有这个活动")


@exits("scan")
def _scan(cli: Cli) -> None:
    code = cli.pass_code(1)
    cli.expect(0, "scan", code, "--activity", "1", "--station", "东门")
    cli.expect(1, "scan", code, "--activity", "1", "--station", "东门")  # already in
    cli.expect(2, "scan", "XYZ", "--activity", "1", "--station", "东门")


@exits("supervisor-pin")
def _supervisor_pin(cli: Cli) -> None:
    cli.expect(0, "supervisor-pin", "--set", "4321")
    cli.expect(2, "supervisor-pin", "--set", "ab")


@exits("hub")
def _hub(cli: Cli) -> None:
    station, _ = cli.station()
    cli.expect(0, "hub", db=station)
    cli.expect(2, "hub", "--sync", db=station)  # no hub address set
    # Nothing listens on port 9: offline, the queue stays; done but refused.
    url = "postgresql+psycopg://station:secret@127.0.0.1:9/office?connect_timeout=2"
    code, out, err = cli.run("hub", "--url", url, "--sync", "--json", db=station)
    assert code == 1 and json.loads(out)["online"] is False
    assert "secret" not in out + err
    cli.expect(1, "hub", "--sync", db=station)


@exits("roster")
def _roster(cli: Cli) -> None:
    cli.expect(0, "roster", "--activity", "1", "--pdf", str(cli.tmp / "r.pdf"))
    cli.expect(1, "roster", "--event", "2", "--activity", "亲民城管", "--pdf", str(cli.tmp / "x"))
    cli.expect(2, "roster", "--activity", "1", "--group", "没有这个组", "--pdf", str(cli.tmp / "y"))


@exits("station-package")
def _station_package(cli: Cli) -> None:
    out = str(cli.tmp / "p.pkg")
    cli.expect(0, "station-package", "--event", "1", "--station", "西门", "--out", out)
    cli.expect(2, "station-package", "--event", "没有", "--station", "西门", "--out", out)


@exits("station-setup")
def _station_setup(cli: Cli) -> None:
    cli.station()  # 0
    cli.expect(2, "station-setup", str(cli.tmp / "没有.pkg"), db=cli.tmp / "other.sqlite3")


@exits("bundle")
def _bundle(cli: Cli) -> None:
    station, code = cli.station()
    out = str(cli.tmp / "东门.bundle")
    cli.expect(1, "bundle", "export", "--out", out, db=station)  # nothing scanned yet
    cli.expect(0, "scan", code, "--activity", "1", db=station)
    cli.expect(0, "bundle", "export", "--out", out, db=station)
    cli.expect(0, "bundle", "merge", out)
    cli.expect(2, "bundle", "merge", str(cli.tmp / "没有.bundle"))  # unreadable: refused
    # A refused file beside a good one: the good one merges, the command says 2.
    out_text = cli.expect(2, "bundle", "merge", out, str(cli.tmp / "没有.bundle"))
    assert "没有.bundle" in out_text
    cli.expect(2, "bundle", "merge")


@exits("report")
def _report(cli: Cli) -> None:
    cli.expect(0, "report", "--event", "1", "--xlsx", str(cli.tmp / "r.xlsx"))
    cli.expect(2, "report", "--event", "没有", "--xlsx", str(cli.tmp / "r.xlsx"))


@exits("purge")
def _purge(cli: Cli) -> None:
    cli.expect(1, "purge", "--event", "1")  # without --yes: shown, not done
    # The demo is held today: the 15 days of retention have not passed. Refused, not misused.
    cli.expect(1, "purge", "--event", "1", "--yes", "--reason", "到期")
    cli.expect(2, "purge", "--event", "1", "--yes")  # no reason
    station, code = cli.station()
    cli.expect(0, "scan", code, "--activity", "1", db=station)
    cli.expect(1, "purge", "--station", "--yes", "--reason", "结束", db=station)  # log not sent


@exits("opinions")
def _opinions(cli: Cli) -> None:
    cli.expect(1, "opinions", "list", "--event", "1")  # none yet
    cli.expect(0, "opinions", "add", "--event", "1", "--text", "希望多办")
    cli.expect(0, "opinions", "list", "--event", "1")
    cli.expect(2, "opinions", "add", "--event", "1", "--text", "")
    cli.expect(2, "opinions", "answer", "1", "--text", "已答复", "--at", "2000-01-01")
    docx, xlsx = str(cli.tmp / "o.docx"), str(cli.tmp / "o.xlsx")
    cli.expect(0, "opinions", "publish", "--event", "1", "--docx", docx, "--xlsx", xlsx)


@exits("publish")
def _publish(cli: Cli) -> None:
    cli.expect(0, "publish", "--event", "1", "--docx", str(cli.tmp / "p.docx"))
    cli.expect(2, "publish", "--event", "没有", "--docx", str(cli.tmp / "p.docx"))
    cli.expect(2, "publish", "--event", "1", "--docx", str(cli.tmp / "p.txt"))


def _waitlisted(cli: Cli) -> str:
    database = Database.open(str(cli.office))
    try:
        with database.reading() as s:
            found = s.scalar(
                select(Participant.id)
                .where(Participant.activity_id == 1, Participant.status == Status.WAITLISTED)
                .order_by(Participant.id)
            )
            return str(found)
    finally:
        database.close()


DESK = ["--activity", "1", "--pin", demo.DEMO_SUPERVISOR_PIN]


@exits("walk-in")
def _walk_in(cli: Cli) -> None:
    person = ["--name", "张三", "--id-number", "11010519491231002X", *DESK]
    cli.expect(2, "walk-in", *person)  # the activity is full
    cli.expect(0, "walk-in", *person, "--over-capacity", "--reason", "领导同意")
    cli.expect(2, "walk-in", *person, "--over-capacity", "--reason", "再登记")  # registered


@exits("undo")
def _undo(cli: Cli) -> None:
    code = cli.pass_code(1)
    cli.expect(1, "undo", code, "--reason", "误扫", *DESK)  # not checked in
    cli.expect(0, "scan", code, "--activity", "1")
    cli.expect(2, "undo", code, "--reason", "误扫", "--activity", "1", "--pin", "9999")
    cli.expect(0, "undo", code, "--reason", "误扫", *DESK)
    cli.expect(2, "undo", "--participant", "99999", "--reason", "误扫", *DESK)


@exits("override")
def _override(cli: Cli) -> None:
    waiting = _waitlisted(cli)
    cli.expect(0, "override", "--participant", waiting, "--reason", "领导同意", *DESK)
    cli.expect(1, "override", "--participant", waiting, "--reason", "再放", *DESK)  # in
    cli.expect(1, "override", "--participant", "1", "--reason", "x", *DESK)  # a scan admits
    cli.expect(2, "override", "--participant", "1", "--reason", "x", "--activity", "没有")


LEADER = ["--activity", "1", "--group", "第1组", "--participant", "1"]


@exits("board")
def _board(cli: Cli) -> None:
    cli.expect(0, "board", *LEADER)
    cli.expect(1, "board", *LEADER)  # ticked already: nothing recorded
    cli.expect(2, "board", "--activity", "1", "--group", "没有这个组", "--participant", "1")


@exits("roll-call")
def _roll_call(cli: Cli) -> None:
    cli.expect(0, "roll-call", *LEADER, "--site", "人民广场园林绿化景观")
    cli.expect(1, "roll-call", *LEADER, "--site", "人民广场园林绿化景观")
    cli.expect(2, "roll-call", *LEADER, "--site", "城区执法中队")  # another event's site


@exits("depart")
def _depart(cli: Cli) -> None:
    group = ["--activity", "1", "--group", "第1组"]
    cli.expect(0, "scan", cli.pass_code(1), "--activity", "1")
    cli.expect(1, "depart", *group)  # participant 1 is in but not on the bus
    cli.expect(0, "depart", *group, "--reason", "自行前往")
    cli.expect(2, "depart", *group, "--site", "没有这个观摩点")


def test_every_command_has_its_exit_codes_checked() -> None:
    assert set(EXIT_CHECKS) == set(_subcommands())


@pytest.mark.parametrize("command", sorted(EXIT_CHECKS))
def test_exit_codes(
    command: str, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    EXIT_CHECKS[command](Cli(capsys, tmp_path, demo_file))


# What reaches the database (or the decoder) for each command, when a fault is injected there.
REACHES_WORK = {
    "events": ["events"],
    "demo": ["demo"],
    "import": ["import", "报名表.xlsx", "--event", "1"],
    "forms": ["forms", "--event", "1", "--registration", "f.xlsx"],
    "notices": ["notices", "--event", "1", "--out", "n.xlsx"],
    "select": ["select", "--event", "1"],
    "status": ["status", "1", "explain"],
    "plan": ["plan", "--event", "1", "--activity", "1"],
    "vehicle": ["vehicle", "add", "--event", "1", "--activity", "1", "--label", "9号车"],
    "group": ["group", "add", "--event", "1", "--activity", "1", "--name", "第9组"],
    "event": ["event", "add", "区城管局开放日"],
    "activity": ["activity", "edit", "--event", "1", "--activity", "1", "--capacity", "50"],
    "site": ["site", "add", "--event", "1", "--name", "桥梁监测站", "--minutes", "30"],
    "itinerary": ["itinerary", "set", "--event", "1", "--activity", "1", "x:10"],
    "decode": ["decode", "qr.png"],
    "passes": ["passes", "--event", "1"],
    "scan": ["scan", "ABC", "--activity", "1"],
    "supervisor-pin": ["supervisor-pin", "--set", "4321"],
    "hub": ["hub"],
    "roster": ["roster", "--activity", "1", "--pdf", "r.pdf"],
    "station-package": ["station-package", "--event", "1", "--station", "西门", "--out", "p"],
    "station-setup": ["station-setup", "p.pkg", "--fingerprint", "0000-0000-0000-0000"],
    "bundle": ["bundle", "export", "--out", "b"],
    "report": ["report", "--event", "1", "--xlsx", "r.xlsx"],
    "purge": ["purge", "--event", "1"],
    "opinions": ["opinions", "list", "--event", "1"],
    "publish": ["publish", "--event", "1", "--docx", "p.docx"],
    "walk-in": ["walk-in", "--activity", "1", "--name", "张三", "--id-number", "11010519491231002X",
                "--pin", "4321"],
    "undo": ["undo", "--participant", "1", "--activity", "1", "--reason", "x", "--pin", "4321"],
    "override": ["override", "--participant", "1", "--activity", "1", "--reason", "x", "--pin",
                 "4321"],
    "board": ["board", "--participant", "1", "--activity", "1", "--group", "第1组"],
    "roll-call": ["roll-call", "--participant", "1", "--activity", "1", "--group", "第1组",
                  "--site", "x"],
    "depart": ["depart", "--activity", "1", "--group", "第1组"],
}  # fmt: skip


def test_every_command_is_checked_for_internal_errors() -> None:
    assert set(REACHES_WORK) == set(_subcommands())


def _inject_fault(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    def fault(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("注入的故障")

    monkeypatch.setattr(Database, "open", fault)
    monkeypatch.setattr(scanning, "decode_file", fault)
    log = tmp_path / "logs" / "checkin.log"
    monkeypatch.setattr(cli_common, "log_file", lambda: log)
    monkeypatch.delenv("CHECKIN_DEBUG", raising=False)
    return log


@pytest.mark.parametrize("command", sorted(REACHES_WORK))
def test_an_internal_error_exits_3_with_one_sentence_and_a_log_entry(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = _inject_fault(monkeypatch, tmp_path)
    assert main([*REACHES_WORK[command], "--db", str(tmp_path / "w.sqlite3")]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("错误：内部错误（RuntimeError），命令未能完成")
    assert str(log) in err and "Traceback" not in err
    entry = log.read_text(encoding="utf-8")
    assert f"checkin {command}\n" in entry and "注入的故障" in entry and "Traceback" in entry
    assert "4321" not in entry  # the arguments (a PIN, a hub password) are never logged
    assert log.stat().st_mode & 0o777 == 0o600


def test_internal_error_with_json_and_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _inject_fault(monkeypatch, tmp_path)
    assert main(["events", "--json", "--db", str(tmp_path / "w.sqlite3")]) == 3
    out, err = capsys.readouterr()
    assert "内部错误" in json.loads(out)["error"] and "Traceback" not in err
    assert main(["--debug", "events", "--db", str(tmp_path / "w.sqlite3")]) == 3
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("CHECKIN_DEBUG", "1")
    assert main(["events", "--db", str(tmp_path / "w.sqlite3")]) == 3
    assert "RuntimeError: 注入的故障" in capsys.readouterr().err


def test_a_log_that_cannot_be_written_still_gives_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _inject_fault(monkeypatch, tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(cli_common, "log_file", lambda: blocker / "checkin.log")
    assert main(["events", "--db", str(tmp_path / "w.sqlite3")]) == 3
    err = capsys.readouterr().err
    assert "详细信息未能写入日志" in err and "Traceback" not in err


def test_a_database_that_cannot_be_opened_is_named_without_its_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database\n" * 100)
    assert main(["events", "--db", str(garbage)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"错误：无法打开数据库“{garbage}”：") and err.count("\n") == 1
    url = "postgresql+psycopg://office:secret@127.0.0.1:9/office?connect_timeout=2"
    assert main(["events", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "无法打开数据库“postgresql+psycopg://office:***@127.0.0.1:9/office" in err
    assert "secret" not in err


def test_the_log_keeps_no_values_of_a_failed_statement(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log = db_path.parent / "logs" / "checkin.log"
    monkeypatch.setattr(cli_common, "log_file", lambda: log)
    # What PostgreSQL says of a duplicate: the DETAIL line quotes the row's values.
    phone = "".join(["138", "0000", "1111"])  # never spelt out on a line a traceback shows
    driver = Exception(
        'duplicate key value violates unique constraint "participants_phone"\n'
        f"DETAIL:  Key (phone)=({phone}) already exists."
    )
    values = (chr(0x5F20) + chr(0x4E09), phone)  # 张三
    sql = "INSERT INTO participants (name, phone) VALUES (?, ?)"

    def fails(*_args: object) -> None:
        raise sqlalchemy.exc.IntegrityError(sql, values, driver) from driver

    monkeypatch.setattr(events, "list_events", fails)
    assert main(["events", "--db", str(db_path)]) == 3
    assert "IntegrityError" in capsys.readouterr().err
    entry = log.read_text(encoding="utf-8")
    assert "participants_phone" in entry and "INSERT INTO participants" in entry
    assert phone not in entry and values[0] not in entry
