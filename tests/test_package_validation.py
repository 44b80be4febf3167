"""A station package is validated whole before a byte is written, and set up only with the
office's fingerprint confirmed: a forged package (re-signed with another key) is refused."""

from __future__ import annotations

import base64
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from checkin_app import stations, sync
from checkin_app.cli import main
from checkin_app.db import Database
from tests.test_stations import EVENT_NAME, build_office, package

Tables = dict[str, Any]


@pytest.fixture
def office_pkg(tmp_path: Path) -> tuple[Path, str]:
    """The office's genuine package of 东门 and the fingerprint the office shows."""
    office = Database.open(str(tmp_path / "office.sqlite3"))
    build_office(office)
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    office.close()
    header, _ = stations.read_package(pkg)
    return pkg, sync.fingerprint(base64.b64decode(header["signer"]))


def forge(pkg: Path, out: Path, change: Callable[[Tables], None]) -> str:
    """The package with its tables changed, signed with a fresh key whose public half it also
    carries as the pass key (what anyone can make); returns the forger's fingerprint."""
    file = sync.read_signed(pkg, sync.PACKAGE_MAGIC, stations.WHAT)
    tables = json.loads(file.body)
    private, public = sync.new_key_pair()
    for row in tables["pass_keys"]:
        row["public_key"] = base64.b64encode(public).decode()
    change(tables)
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    header["signer"] = base64.b64encode(public).decode()
    # ASCII escapes: a lone surrogate is valid JSON (a forger could send one) but not UTF-8.
    body = json.dumps(tables, separators=(",", ":")).encode()
    sync.write_signed(out, sync.PACKAGE_MAGIC, header, body, private)
    return sync.fingerprint(public)


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def empty_station(path: Path) -> list[str]:
    Database.open(str(path)).close()
    return dump(path)


def test_a_forged_package_is_refused_with_the_offices_fingerprint(
    office_pkg: tuple[Path, str], tmp_path: Path
) -> None:
    pkg, office_fp = office_pkg
    forged = tmp_path / "forged.pkg"
    forger_fp = forge(pkg, forged, lambda t: None)
    station = tmp_path / "east.sqlite3"
    before = empty_station(station)
    db = Database.open(str(station))
    with pytest.raises(sync.RefusedFile) as refused, db.transaction() as s:
        stations.setup_station(s, forged, expected_fingerprint=office_fp)
    assert str(refused.value) == (
        f"站点包的密钥指纹是 {forger_fp}，与办公室给出的 {office_fp} 不符："
        "这份站点包不是办公室制作的，请勿使用"
    )
    db.close()
    assert dump(station) == before
    # The digits read out over the phone are as good as the letters.
    digits = sync.fingerprint_digits(office_fp).replace("-", " ")
    db = Database.open(str(station))
    with db.transaction() as s:
        assert stations.setup_station(s, pkg, expected_fingerprint=digits).station == "东门"
    db.close()


def add_row_field(table: str, key: str, value: Any, row: int = 0) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table][row][key] = value

    return change


def settings_without(key: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables["settings"] = [r for r in tables["settings"] if r["key"] != key]

    return change


def append_copy(table: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        tables[table].append(dict(tables[table][0]))

    return change


def drop_field(table: str, key: str) -> Callable[[Tables], None]:
    def change(tables: Tables) -> None:
        del tables[table][-1][key]

    return change


def extra_setting(tables: Tables) -> None:
    tables["settings"].append({"key": "hub_pushed_seq", "value": base64.b64encode(b"9").decode()})


def deep(tables: Tables) -> None:
    tables["notes"] = [[[[[[["x"]]]]]]]


CASES: list[tuple[str, Callable[[Tables], None], str]] = [
    ("unknown table", lambda t: t.update(log_events=[]), "含有未知的表"),
    ("unknown field", add_row_field("participants", "evil", 1), "participants 表第1行有未知字段"),
    ("string as int", add_row_field("activities", "capacity", "40"), "“capacity”应为整数"),
    ("bool as int", add_row_field("activities", "capacity", True), "“capacity”应为整数"),
    ("huge int", add_row_field("activities", "capacity", 2**70), "“capacity”应为整数"),
    ("long name", add_row_field("participants", "name", "王" * 101), "不超过100个字符"),
    ("control char", add_row_field("participants", "name", "王\x07五"), "“name”含有控制字符"),
    ("surrogate", add_row_field("participants", "name", "王\udc80"), "“name”含有控制字符"),
    ("year 1", add_row_field("participants", "registered_at", "0001-01-01T00:00:00"), "年份"),
    ("aware time", add_row_field("passes", "issued_at", "2025-09-01T08:00:00+08:00"), "日期或时间"),
    ("bad date", add_row_field("activities", "date", "2025-13-01"), "“date”不是有效的日期"),
    ("bad enum", add_row_field("participants", "status", "admitted"), "“status”不是允许的取值"),
    ("null name", add_row_field("participants", "name", None), "“name”不能为空"),
    ("bad base64", add_row_field("stations", "public_key", "!!"), "“public_key”不是有效的数据"),
    ("other event", add_row_field("participants", "event_id", 7), "指向站点包中没有的events记录"),
    ("no activity", add_row_field("participants", "activity_id", 999), "没有的activities记录"),
    ("duplicate id", append_copy("participants"), "participants 表的“id”有重复"),
    ("missing id", drop_field("participants", "id"), "缺少“id”"),
    ("missing name", drop_field("participants", "name"), "缺少“name”"),
    ("mixed rows", drop_field("participants", "phone"), "各行的字段不一致"),
    ("no station name", settings_without("station_name"), "设置项“station_name”缺少"),
    ("no station key", settings_without(sync.KEY_SETTING), "缺少站点签名密钥"),
    ("other event name", add_row_field("events", "name", "别的活动"), "活动与文件头不符"),
    ("foreign setting", extra_setting, "不应有的设置项“hub_pushed_seq”"),
    ("not a list", lambda t: t.update(participants={"a": 1}), "participants 表不是记录列表"),
    ("row not a dict", lambda t: t["participants"].append([1]), "participants 表第6行不是"),
    ("deep", deep, "站点包内容无法读取"),
]


@pytest.mark.parametrize(("change", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_package_with_a_bad_row_is_refused_whole_and_nothing_written(
    office_pkg: tuple[Path, str],
    tmp_path: Path,
    change: Callable[[Tables], None],
    reason: str,
) -> None:
    """Even signed by a key the steward was told to trust (the forger's own fingerprint), a
    package whose rows do not fit the station database changes nothing."""
    pkg, _ = office_pkg
    forged = tmp_path / "forged.pkg"
    forger_fp = forge(pkg, forged, change)
    station = tmp_path / "east.sqlite3"
    before = empty_station(station)
    db = Database.open(str(station))
    with pytest.raises(sync.RefusedFile) as refused, db.transaction() as s:
        stations.setup_station(s, forged, expected_fingerprint=forger_fp)
    db.close()
    assert reason in str(refused.value) and str(refused.value).startswith("站点包")
    assert dump(station) == before


def test_a_stations_key_that_is_not_its_own_is_refused(
    office_pkg: tuple[Path, str], tmp_path: Path
) -> None:
    """A station that could never have its bundles accepted is not set up."""
    pkg, _ = office_pkg
    _, public = sync.new_key_pair()
    forged = tmp_path / "forged.pkg"
    key = base64.b64encode(public).decode()
    forger_fp = forge(pkg, forged, add_row_field("stations", "public_key", key))
    with pytest.raises(sync.RefusedFile, match="站点的签名密钥与站点记录不符"):
        stations.read_package(forged, forger_fp)


def test_cli_setup_needs_the_fingerprint_and_makes_no_file_without_it(
    office_pkg: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg, office_fp = office_pkg
    station = tmp_path / "east.sqlite3"
    assert main(["station-setup", str(pkg), "--db", str(station)]) == 2
    err = capsys.readouterr().err
    assert "装入站点包须核对办公室的密钥指纹" in err and "--fingerprint" in err
    assert not station.exists()
    wrong = ["--fingerprint", "0000-0000-0000-0000"]
    assert main(["station-setup", str(pkg), "--db", str(station), *wrong]) == 2
    assert "不是办公室制作的" in capsys.readouterr().err
    digits = sync.fingerprint_digits(office_fp)
    assert main(["station-setup", str(pkg), "--db", str(station), "--fingerprint", digits]) == 0
    assert f"密钥指纹：{office_fp}（与办公室核对一致）" in capsys.readouterr().out


def test_cli_setup_asks_for_the_fingerprint_at_a_terminal(
    office_pkg: tuple[Path, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pkg, office_fp = office_pkg
    typed: list[str] = []

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def answer(prompt: str) -> str:
        typed.append(prompt)
        return "0000 0000 0000 0000" if len(typed) == 1 else office_fp.lower()

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", answer)
    station = str(tmp_path / "east.sqlite3")
    assert main(["station-setup", str(pkg), "--db", station]) == 2
    assert main(["station-setup", str(pkg), "--db", station]) == 0
    assert typed[0] == "请输入办公室告知的密钥指纹（制作站点包时显示）："
    assert "已设为" in capsys.readouterr().out


def test_the_office_is_shown_the_fingerprint_to_read_aloud(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Database.open(str(db_path))
    build_office(office)
    office.close()
    pkg = tmp_path / "east.pkg"
    args = ["station-package", "--event", EVENT_NAME, "--station", "东门", "--out", str(pkg)]
    assert main([*args, "--db", str(db_path)]) == 0
    shown = capsys.readouterr().out
    header, tables = stations.read_package(pkg)
    summary = stations.package_summary(header, tables)
    assert f"密钥指纹：{summary.fingerprint}，即 {summary.digits}" in shown
    assert f"电话核对时读作：{summary.spoken}" in shown
    assert summary.spoken.count("，") == 4 and len(summary.spoken) == 24
    assert set(summary.spoken) <= set("洞幺两三四五六拐八勾，")


def test_fingerprint_forms() -> None:
    key = bytes(range(32))
    shown = sync.fingerprint(key)
    digits = sync.fingerprint_digits(shown)
    assert int(digits.replace("-", "")) == int(shown.replace("-", ""), 16)
    assert sync.fingerprint_digits("0000-0000-0000-0001") == "0000-0000-0000-0000-0001"
    assert (
        sync.fingerprint_words("0000-0000-0000-0079")
        == "洞洞洞洞，洞洞洞洞，洞洞洞洞，洞洞洞洞，洞幺两幺"
    )
    for typed in (shown, shown.lower(), shown.replace("-", " "), digits, digits.replace("-", "")):
        assert sync.same_fingerprint(typed, key)
    other = shown[:-1] + ("1" if shown[-1] == "0" else "0")
    assert not sync.same_fingerprint(other, key) and not sync.same_fingerprint("", key)
    with pytest.raises(ValueError):
        sync.fingerprint_digits("not a fingerprint")
