"""Purging personal data (PIPL): the office's event purge and the station wipe; counts survive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from checkin_app import checkin, hub, purge, reports, roles, stations, sync
from checkin_app.checkin import Desk
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import LogEvent, LogKind, Participant, Purge, Setting, Vehicle
from tests.test_reports import EVENT, TIMES, Day, build_day

TODAY = dt.date(2024, 7, 20)  # a month after the open week


@pytest.fixture
def day(db: Database) -> Day:
    return build_day(db)


def _counts(board: reports.Dashboard) -> object:
    """Everything the dashboard counts, without when it was made."""
    return dataclasses.replace(board, made_at=dt.datetime(2000, 1, 1), conflicts=()), [
        (c.kind, c.stations, c.decision) for c in board.conflicts
    ]


def _log(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as s:
        rows = s.execute(
            select(
                LogEvent.uid,
                LogEvent.station,
                LogEvent.seq,
                LogEvent.kind,
                LogEvent.participant_id,
                LogEvent.at,
                LogEvent.refers_to,
                LogEvent.verdict,
            ).order_by(LogEvent.id)
        )
        return [tuple(r) for r in rows]


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as s:
        rows = s.execute(
            select(Participant.id, Participant.name, Participant.phone, Participant.doc_hash)
        )
        return sorted(tuple(r) for r in rows)


def test_purge_removes_personal_data_and_keeps_every_count(day: Day, tmp_path: Path) -> None:
    with day.db.reading() as s:
        before = _counts(reports.dashboard(s, day.event_id))
        old_hashes = set(s.scalars(select(Participant.doc_hash)))
        old_phones = {p for p in s.scalars(select(Participant.phone)) if p}
    log_before = _log(day.db)
    with day.db.transaction() as s:
        result = purge.purge_event(
            s, day.event_id, reason="保存期限已满", actor="办公室", today=TODAY
        )
    assert result.done and result.people > 40 and result.log_events >= len(log_before) - 5
    with day.db.reading() as s:
        after = _counts(reports.dashboard(s, day.event_id))
        people = list(s.scalars(select(Participant).where(Participant.event_id == day.event_id)))
        log = list(s.scalars(select(LogEvent)))
        (record,) = s.scalars(select(Purge))
        vehicles = list(s.scalars(select(Vehicle)))
    assert after == before
    # The log is the same log: no row gone, no time, kind, station or person id changed.
    assert _log(day.db) == log_before
    for p in people:
        assert p.name == f"已清除#{p.id}" and p.phone == "" and p.work_unit == ""
        assert p.doc_last4 == p.doc_prefix == "" and p.doc_hash not in old_hashes
    hashes = {p.doc_hash for p in people}
    assert all(e.person in hashes for e in log if e.person)
    assert not {e.person for e in log} & old_hashes
    (walk,) = [e for e in log if e.kind == LogKind.WALKIN]
    assert json.loads(walk.detail)["registration"] == {
        "category": "市民代表",
        "over_capacity": True,
    }
    texts = " ".join(e.detail for e in log)
    assert "现场甲" not in texts and "0019" not in texts and "13912345678" not in texts
    assert vehicles and all(v.driver_phone == v.leader_phone == "" for v in vehicles)
    assert (record.scope, record.people, record.reason) == ("event", result.people, "保存期限已满")
    # The report is still produced, with the same figures and no one's data.
    out = tmp_path / "after.xlsx"
    with day.db.reading() as s:
        info = reports.export_report(s, day.event_id, out)
    book = load_workbook(out)
    cells = " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert not any(phone in cells for phone in old_phones)
    assert "现场甲" not in cells and "已清除#" in cells
    assert info.walk_ins == 1 and info.no_shows == sum(len(v) for v in day.absent.values())


def test_a_second_purge_has_nothing_to_do(day: Day) -> None:
    with day.db.transaction() as s:
        purge.purge_event(s, day.event_id, reason="保存期限已满", actor="", today=TODAY)
    with day.db.transaction() as s:
        again = purge.purge_event(s, day.event_id, reason="再次", actor="", today=TODAY)
    assert not again.done and again.people == 0
    with day.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Purge)) == 1


def test_purge_before_the_retention_period_ends_is_refused(day: Day) -> None:
    before = _snapshot(day.db)
    too_early = r"须保存至活动结束后15天.*最早可于2024年7月5日清除"
    with pytest.raises(UserError, match=too_early), day.db.transaction() as s:
        purge.purge_event(s, day.event_id, reason="提前", actor="", today=dt.date(2024, 7, 4))
    with pytest.raises(UserError, match="须填写原因"), day.db.transaction() as s:
        purge.purge_event(s, day.event_id, reason="  ", actor="", today=TODAY)
    assert _snapshot(day.db) == before


def test_cli_purge_asks_for_yes_and_a_reason(day: Day, capsys: pytest.CaptureFixture[str]) -> None:
    url = day.db.url
    before = _snapshot(day.db)
    assert main(["purge", "--event", EVENT, "--db", url]) == 1
    assert "确认请加 --yes" in capsys.readouterr().out
    assert main(["purge", "--event", EVENT, "--db", url, "--yes"]) == 2
    assert "错误：清除个人信息须填写原因" in capsys.readouterr().err
    assert _snapshot(day.db) == before
    args = ["purge", "--event", EVENT, "--db", url, "--yes", "--reason", "保存期限已满", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["done"] and data["scope"] == "event" and data["people"] > 40
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out)["done"] is False


# --- A station laptop ---------------------------------------------------------------------------


@pytest.fixture
def station(day: Day, tmp_path: Path) -> Iterator[Database]:
    """A station database for 亲民城管 with two check-ins of its own."""
    package = tmp_path / "东站.pkg"
    with day.db.transaction() as s:
        stations.export_package(s, day.event_id, "东站", package)
    laptop = Database.open(str(tmp_path / "station.sqlite3"))
    with laptop.transaction() as s:
        stations.setup_station(s, package)
    activity = day.activities["亲民城管"]
    for pid in day.absent["亲民城管"]:
        with laptop.transaction() as s:
            checkin.admit(s, Desk(activity, "东站", "小张"), pid, now=TIMES["亲民城管"])
    yield laptop
    laptop.close()


def test_a_station_is_wiped_only_after_its_log_left_it(
    station: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = station.url
    before = _snapshot(station)
    with station.reading() as s:
        assert s.get(Setting, sync.KEY_SETTING) and s.get(Setting, roles.PIN_SETTING)
    base = ["purge", "--station", "--db", url, "--yes", "--reason", "活动结束"]
    # Refused, not bad usage: the README's exit 1.
    assert main(base) == 1
    assert "未执行：站点“东站”还有 2 条签到记录未导出也未上传" in capsys.readouterr().err
    with station.transaction() as s:
        sync.export_bundle(s, tmp_path / "东站.bundle")
    assert main(base) == 1
    assert "无法确认办公室已合并" in capsys.readouterr().err
    assert _snapshot(station) == before
    assert main([*base, "--merged", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scope"] == "station" and data["done"]
    with station.reading() as s:
        assert all(
            p.name.startswith("已清除#") and not p.phone for p in s.scalars(select(Participant))
        )
        assert s.get(Setting, "document_hash_key") is None
        # Nor the station's signing key, nor the supervisor PIN's hash.
        assert s.get(Setting, sync.KEY_SETTING) is None
        assert s.get(Setting, roles.PIN_SETTING) is None
        (record,) = s.scalars(select(Purge))
        assert record.scope == "station" and "确认数据包已由办公室合并" in record.reason
        assert s.scalar(select(func.count()).select_from(LogEvent)) == 2


def test_a_station_whose_log_the_hub_confirmed_needs_no_word(station: Database) -> None:
    with station.transaction() as s:
        # The hub URL holds the password of the station's PostgreSQL role.
        hub.set_hub_url(s, "postgresql://checkin_station_x:s3cret@office/openday")
        s.merge(Setting(key="hub_pushed_seq", value=b"2"))
    with station.transaction() as s:
        result = purge.purge_station(s, reason="活动结束", actor="小张")
    assert result.done and result.scope == "station"
    with station.reading() as s:
        assert hub.hub_url(s) is None
        assert all(b"s3cret" not in row.value for row in s.scalars(select(Setting)))


def test_the_office_database_is_no_station(day: Day) -> None:
    with pytest.raises(UserError, match="不是站点数据库"), day.db.transaction() as s:
        purge.purge_station(s, reason="x", actor="")


# --- Gone from the file, not only from the tables ---------------------------------------------


def _secure_delete_off(db: Database) -> None:
    """Every connection from now on without secure_delete, as CPython's Windows build has it."""

    def off(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA secure_delete=OFF")

    event.listen(db.engine, "connect", off)
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 0


def _distinctive(day: Day) -> list[str]:
    """Give the event's people names and phones found nowhere else; return them and the hashes."""
    values: list[str] = []
    with day.db.transaction() as s:
        people = s.scalars(select(Participant).where(Participant.event_id == day.event_id))
        for n, p in enumerate(people):
            p.name, p.phone = f"蘩蘅{n:04d}号", f"1770{n:07d}"
            values += [p.name, p.phone, p.doc_hash]
    return values


def _file_bytes(db: Database) -> bytes:
    path = Path(db.engine.url.database or "")
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_nothing_purged_is_left_in_the_file_even_without_secure_delete(day: Day) -> None:
    _secure_delete_off(day.db)
    values = _distinctive(day)
    with day.db.transaction() as s:
        result = purge.purge_event(s, day.event_id, reason="保存期限已满", actor="", today=TODAY)
    assert set(values) <= set(result.traces) and "蘩蘅" not in repr(result)
    # Committed, yet still in the bytes: old pages in the file, new ones in the WAL.
    data = _file_bytes(day.db)
    left = [v for v in values if v.encode() in data]
    assert len(left) > len(values) // 2
    done = purge.make_gone(day.db, result)
    assert done.file is not None and done.file.ok, done.file
    assert done.file.values >= len(set(values)) and done.file.remaining == 0
    assert done.file.searched[0] == "workspace.sqlite3"
    data = _file_bytes(day.db)
    assert [v for v in values if v.encode() in data] == []
    assert b"\xe8\x98\xa9\xe8\x98\x85" not in data  # 蘩蘅 itself
    with day.db.reading() as s:  # the database is whole after its VACUUM
        assert s.scalar(select(func.count()).select_from(Participant)) > 40


def test_a_reader_holding_old_pages_makes_the_purge_say_so_loudly(
    day: Day, capsys: pytest.CaptureFixture[str]
) -> None:
    _secure_delete_off(day.db)
    _distinctive(day)
    # Another program (a desk left open) in the middle of a read: the WAL cannot be emptied.
    other = sqlite3.connect(day.db.engine.url.database or "")
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM participants").fetchone()
    try:
        args = ["purge", "--event", EVENT, "--db", day.db.url, "--yes", "--reason", "期满"]
        assert main(args) == 2
        out, err = capsys.readouterr()
        assert (
            "已清除" in out
            and "错误：清除已记录，但" in err
            and "请关闭所有使用此数据库的程序" in err
        )
    finally:
        other.close()
    # Closed: purging again (nothing left to purge) compacts it, and the bytes are gone.
    assert main(args) == 1
    assert "蘩蘅".encode() not in _file_bytes(day.db)


def test_the_purge_s_json_never_holds_what_it_removed(
    day: Day, capsys: pytest.CaptureFixture[str]
) -> None:
    values = _distinctive(day)
    args = ["purge", "--event", EVENT, "--db", day.db.url, "--yes", "--reason", "期满", "--json"]
    assert main(args) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert "traces" not in data and data["file"]["remaining"] == 0 and data["file"]["compacted"]
    assert not any(v in out for v in values)
