"""Bundles signed with a station's own key (a stolen or faulty laptop): every record is checked
before anything is written; a bad one refuses its bundle only, with the file and record named."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from checkin_app import checkin, events, stations, sync
from checkin_app.cli import main
from checkin_app.models import Activity, LogEvent, LogKind, Participant
from tests.test_sync import DAY, Field, log_count

Change = Callable[[list[list[Any]]], None]


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    f = Field(tmp_path)
    yield f
    f.close()


def resign(field: Field, station: str, path: Path, change: Change, **header: Any) -> Path:
    """The bundle with its records changed, signed again with the station's own key."""
    file = sync.read_signed(path, sync.BUNDLE_MAGIC, sync.BUNDLE)
    items = json.loads(file.body)
    change(items)
    # ASCII escapes: a lone surrogate is valid JSON (a station could send one) but not UTF-8.
    body = json.dumps(items, separators=(",", ":")).encode()
    with field.stations[station].reading() as s:
        key = sync.identity(s).private_key
    fields = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    sync.write_signed(path, sync.BUNDLE_MAGIC, {**fields, **header}, body, key)
    return path


def walk_in(field: Field, station: str, name: str, minutes: int = 3) -> str:
    registration = {"name": name, "doc_type": "resident_id", "doc_last4": "123X", "phone": ""}
    with field.stations[station].transaction() as s:
        row = checkin.append(
            s,
            event_id=field.event_id,
            activity_id=field.activity_id,
            station=station,
            kind=LogKind.WALKIN,
            operator="张三",
            person="walkin-" + name.encode("unicode_escape").hex()[:40],
            reason="现场登记",
            detail=checkin.json_detail({"input": "walkin", "registration": registration}),
            at=DAY + dt.timedelta(minutes=minutes),
        )
        return row.uid


def snapshot(field: Field) -> tuple[int, int, list[str]]:
    with field.office.reading() as s:
        people = s.scalars(select(Participant.name).order_by(Participant.id)).all()
        return log_count(field.office), len(people), list(people)


def east_bundle(field: Field, change: Change, name: str = "east.bundle") -> Path:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    return resign(field, "东门", field.export("东门", name), change)


def west_bundle(field: Field) -> Path:
    field.log("西门", LogKind.CHECKIN, 4, 5)
    return field.export("西门", "west.bundle")


def set_field(index: int, value: Any, record: int = 1) -> Change:
    def change(items: list[list[Any]]) -> None:
        items[record][index] = value

    return change


def test_a_year_one_time_refuses_its_bundle_and_the_next_one_still_merges(
    field: Field, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: OverflowError, and the genuine bundle named after it in the command not merged."""
    east = east_bundle(field, set_field(9, "0001-01-01T00:00:00+08:00"))
    west = west_bundle(field)
    before = snapshot(field)
    office = str(field.root / "office.sqlite3")
    assert main(["bundle", "merge", str(east), str(west), "--db", office]) == 2  # one refused
    out = capsys.readouterr().out
    assert "新合并 1 条记录" in out
    assert "已拒收" in out and "east.bundle 中第2条记录格式不对" in out
    assert snapshot(field)[0] == before[0] + 1
    # A year-1 time written without a zone is representable: refused for its date instead.
    resign(field, "东门", east, set_field(9, "0001-01-01T00:00:00"))
    result = field.merge(east)
    assert result.refused[0].reason == (
        "签到数据包 east.bundle 中第2号记录的时间 0001-01-01 00:00（UTC）"
        "不在活动日期（2025-09-24）前后一天内：整批不予合并"
    )
    assert snapshot(field)[0] == before[0] + 1


@pytest.mark.parametrize(
    "when", ["2025-09-22T15:59:00", "2025-09-26T16:00:00", "9999-12-31T23:59:59+00:00"]
)
def test_times_outside_the_activity_days_and_a_day_are_refused(field: Field, when: str) -> None:
    east = east_bundle(field, set_field(9, when))
    assert "不在活动日期（2025-09-24）前后一天内" in field.merge(east).refused[0].reason
    assert log_count(field.office) == 0


def test_times_within_a_day_of_the_activity_merge(field: Field) -> None:
    # 2025-09-23 00:00 and 2025-09-25 23:59 in Beijing: the day before and the day after.
    early = east_bundle(field, set_field(9, "2025-09-22T16:00:00", record=0))
    assert field.merge(early).refused == []
    field.log("东门", LogKind.CHECKIN, 4, 4)
    late = resign(
        field, "东门", field.export("东门", "late.bundle"), set_field(9, "2025-09-25T15:59:00", 0)
    )
    assert field.merge(late).merged == 1 and log_count(field.office) == 4


def other_event(field: Field) -> tuple[int, int]:
    with field.office.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        activity = events.add_activity(s, event, "亲民城管", dt.date(2025, 9, 24), 30)
        return event.id, activity.id


def test_a_walk_in_placed_in_another_events_activity_is_refused(field: Field) -> None:
    other_event_id, other_activity = other_event(field)
    walk_in(field, "东门", "王五")
    east = resign(
        field, "东门", field.export("东门", "east.bundle"), set_field(2, other_activity, 0)
    )
    west = west_bundle(field)
    result = field.merge(east, west)
    assert [r.file for r in result.refused] == [str(east)] and result.merged == 1
    assert result.refused[0].reason == (
        f"签到数据包 east.bundle 中第1号记录的活动项目（编号 {other_activity}）不属于本活动："
        "整批不予合并"
    )
    with field.office.reading() as s:
        # The other event's report is as it was: nobody registered in it.
        theirs = select(func.count()).select_from(Participant)
        assert s.scalar(theirs.where(Participant.event_id == other_event_id)) == 0
        assert s.scalar(select(func.count()).select_from(LogEvent)) == 1


@pytest.mark.parametrize(
    ("index", "value", "reason"),
    [
        (1, "other", "第1条记录格式不对"),  # the event id, as a string
        (10, 9999, "的观摩点（编号 9999）不属于本活动"),
        (11, 9999, "的分组（编号 9999）不属于本活动"),
        (6, "x" * 65, "的记录标识或人员标识格式不对"),
        (0, "../../etc", "的记录标识或人员标识格式不对"),
        (8, "张三\x1b[31m", "的操作人含有控制字符"),
        (13, "原因" * 1001, "的原因超过2000个字符"),
        (7, "admitted\udc80", "的结果含有控制字符"),
    ],
)
def test_each_field_of_a_record_is_checked(
    field: Field, index: int, value: Any, reason: str
) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    east = resign(field, "东门", field.export("东门", "east.bundle"), set_field(index, value, 0))
    result = field.merge(east)
    assert reason in result.refused[0].reason and "east.bundle" in result.refused[0].reason
    assert log_count(field.office) == 0


def test_a_walk_in_name_with_a_control_character_never_reaches_the_report(
    field: Field, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: `checkin report` failed for the whole event (openpyxl's IllegalCharacterError)."""
    walk_in(field, "东门", "赵\x07六")
    east = field.export("东门", "east.bundle")
    before = snapshot(field)
    result = field.merge(east)
    assert result.refused[0].reason == (
        "签到数据包 east.bundle 中第1号记录的详情含有控制字符或过长的文字：整批不予合并"
    )
    assert snapshot(field) == before and not any("\x07" in n for n in before[2])
    office = str(field.root / "office.sqlite3")
    report = ["report", "--event", str(field.event_id), "--xlsx", str(field.root / "r.xlsx")]
    assert main([*report, "--db", office]) == 0
    capsys.readouterr()


def test_a_walk_in_registration_that_does_not_fit_the_roster_is_refused(field: Field) -> None:
    walk_in(field, "东门", "孙" * 101)
    result = field.merge(field.export("东门", "east.bundle"))
    assert "登记信息“name”应为不超过100个字符的文字" in result.refused[0].reason
    assert snapshot(field)[1] == 5


@pytest.mark.parametrize("depth", [9, 5000, 200_000])
def test_deep_json_in_a_detail_is_refused_without_recursion_error(field: Field, depth: int) -> None:
    deep = "[" * depth + "]" * depth
    east = east_bundle(field, set_field(14, deep))
    reason = field.merge(east).refused[0].reason
    if depth * 2 > 20000:
        assert "的详情超过20000个字符" in reason
    else:
        assert "第2号记录的详情不是有效的 JSON，或嵌套过深" in reason
    assert log_count(field.office) == 0


def test_a_deeply_nested_body_is_refused(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    path = field.export("东门", "east.bundle")
    with field.stations["东门"].reading() as s:
        key = sync.identity(s).private_key
    header = {k: v for k, v in sync.read_signed(path, sync.BUNDLE_MAGIC, "x").header.items()}
    for name in ("size", "sha256"):
        del header[name]
    sync.write_signed(path, sync.BUNDLE_MAGIC, header, b"[" * 100_000 + b"]" * 100_000, key)
    assert field.merge(path).refused[0].reason == "签到数据包内容无法读取"
    # The header is JSON too.
    for nested in (b"[" * 30_000, b"[" * 100_000):
        path.write_bytes(sync.BUNDLE_MAGIC.encode() + b"\n" + nested + b"\nAAAA\n")
        assert "文件头已损坏" in field.merge(path).refused[0].reason


@pytest.mark.parametrize(
    ("numbers", "reason"),
    [
        ((0, 2, 3), "文件头不完整或已损坏"),
        ((-5, -4, -3), "文件头不完整或已损坏"),
        ((2**31, 2**31 + 1, 2**31 + 2), "文件头不完整或已损坏"),
        ((2**70, 2**70 + 1, 2**70 + 2), "文件头不完整或已损坏"),
        ((1, 2, 4), "记录数与文件头不符"),
        ((1, 3, 2), "顺序不对"),
    ],
)
def test_sequence_numbers_out_of_range_or_inconsistent_are_refused(
    field: Field, numbers: tuple[int, int, int], reason: str
) -> None:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    east = field.export("东门", "east.bundle")

    def renumber(items: list[list[Any]]) -> None:
        for item, seq in zip(items, numbers, strict=True):
            item[4] = seq

    resign(field, "东门", east, renumber, from_seq=min(numbers), to_seq=max(numbers))
    west = west_bundle(field)
    result = field.merge(east, west)
    assert reason in result.refused[0].reason and result.merged == 1
    assert log_count(field.office) == 1


def test_an_undo_of_another_events_record_is_refused(field: Field) -> None:
    other_event_id, other_activity = other_event(field)
    with field.office.transaction() as s:
        theirs = checkin.append(
            s,
            event_id=other_event_id,
            activity_id=other_activity,
            station="办公室",
            kind=LogKind.ATTEMPT,
            operator="王",
            at=DAY,
        ).uid
    field.log("东门", LogKind.UNDO, None, 1, refers_to=theirs, reason="撤销")
    result = field.merge(field.export("东门", "east.bundle"))
    assert "第1号记录撤销的是其他活动的记录" in result.refused[0].reason
    assert log_count(field.office) == 1


def records(field: Field, station: str) -> list[list[Any]]:
    with field.stations[station].reading() as s:
        rows = s.scalars(select(LogEvent).order_by(LogEvent.seq))
        return [sync.to_wire(e).to_list() for e in rows]


def test_check_records_checks_a_batch_that_came_from_no_file(field: Field) -> None:
    """The hub's inbox: the same checks, the station and record named, the input left as is."""
    field.log("东门", LogKind.CHECKIN, 1, 1)
    walk_in(field, "东门", "王五", minutes=4)
    batch = records(field, "东门")
    with field.office.reading() as s:
        checked = sync.check_records(s, field.event_id, "东门", batch)
    assert [r[9] for r in checked] == [DAY + dt.timedelta(minutes=m) for m in (1, 4)]
    assert isinstance(batch[0][9], str)  # not changed in place
    with field.office.transaction() as s:
        assert sync.ingest(s, [sync.WireEvent(*r) for r in checked]) == 2
    bad = [list(r) for r in batch]
    bad[1][9] = "0001-01-01T00:00:00+08:00"
    with field.office.reading() as s, pytest.raises(sync.RefusedFile) as refused:
        sync.check_records(s, field.event_id, "东门", bad)
    assert str(refused.value) == "站点“东门”的第2条记录格式不对（字段缺少、类型不符或时间无法识别）"
    bad[1][9] = "2025-09-24T09:30:00"
    bad[1][2] = 777
    with field.office.reading() as s, pytest.raises(sync.RefusedFile) as refused:
        sync.check_records(s, field.event_id, "东门", bad)
    assert str(refused.value) == (
        "站点“东门”的第2号记录的活动项目（编号 777）不属于本活动：整批不予合并"
    )
    for wrong_station in ("西门", "东门\n"):
        with field.office.reading() as s, pytest.raises(sync.RefusedFile, match="其他站点"):
            sync.check_records(s, field.event_id, wrong_station, batch)
    with field.office.reading() as s, pytest.raises(sync.RefusedFile, match="编号重复"):
        sync.check_records(s, field.event_id, "东门", [batch[0], batch[0]])
    for junk in ([None], ["x"], [[1] * 15], [{"uid": "u"}]):
        with field.office.reading() as s, pytest.raises(sync.RefusedFile, match="第1条记录格式"):
            sync.check_records(s, field.event_id, "东门", junk)
    assert snapshot(field)[0] == 2


def test_an_event_with_no_activity_takes_no_records(field: Field) -> None:
    other_event_id, _ = other_event(field)
    field.log("东门", LogKind.CHECKIN, 1, 1)
    with field.office.transaction() as s:
        s.execute(Activity.__table__.delete().where(Activity.event_id == other_event_id))
    with field.office.reading() as s, pytest.raises(sync.RefusedFile, match="还没有活动项目"):
        sync.check_records(s, other_event_id, "东门", records(field, "东门"))


def test_an_oversized_file_is_refused_unread(field: Field) -> None:
    huge = field.root / "huge.bundle"
    with huge.open("wb") as out:
        out.write(sync.BUNDLE_MAGIC.encode() + b"\n")
        out.truncate(sync.MAX_FILE_BYTES + 1)  # sparse: nothing of it is read
    west = west_bundle(field)
    result = field.merge(huge, west)
    assert result.merged == 1 and result.refused[0].file == str(huge)
    assert result.refused[0].reason == "签到数据包文件过大：超过64 MB，不是本系统导出的文件"
    with pytest.raises(sync.RefusedFile, match="站点包文件过大"):
        stations.read_package(huge)


@pytest.mark.parametrize(
    ("detail", "reason"),
    [
        ('{"input":"walkin","registration":{"category":"市民代表"}}', None),  # as purged
        ('{"input":"walkin","registration":["王五"]}', "的登记信息格式不对"),
        ('{"input":"walkin","registration":{"name":7}}', "登记信息“name”应为不超过100个字符"),
        ('{"registration":{"name":"王五","phone":"138\\u00001234"}}', "的详情含有控制字符"),
        ('{"input":"qr"', "的详情不是有效的 JSON"),
    ],
)
def test_a_walk_ins_detail_is_read_as_the_roster_will_read_it(
    field: Field, detail: str, reason: str | None
) -> None:
    walk_in(field, "东门", "王五")
    east = resign(field, "东门", field.export("东门", "east.bundle"), set_field(14, detail, 0))
    result = field.merge(east)
    if reason is None:
        assert result.refused == [] and result.merged == 1
    else:
        assert reason in result.refused[0].reason and log_count(field.office) == 0


def test_a_bundle_in_memory_gets_the_same_checks(field: Field) -> None:
    """A hub push travels as a bundle's bytes, not a file: the same refusal, nothing written."""
    east = east_bundle(field, set_field(9, "0001-01-01T00:00:00"))
    pushed = field.root / "push-from-东门"  # names the push; no such file
    with field.office.transaction() as s, pytest.raises(sync.RefusedFile) as refused:
        sync.merge_bundle(s, pushed, data=east.read_bytes())
    assert "push-from-东门 中第2号记录的时间 0001-01-01 00:00" in str(refused.value)
    assert log_count(field.office) == 0 and not pushed.exists()
