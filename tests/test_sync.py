"""Sync: events on the wire, ingest by uid, bundles (verify, merge, tamper), conflicts, settle."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from checkin_app import checkin, events, purge, sync
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import (
    ConflictDecision,
    DocumentType,
    Event,
    LogEvent,
    LogKind,
    Participant,
    Station,
    Status,
)
from tests.test_stations import build_office, package, setup

DAY = dt.datetime(2025, 9, 24, 1, 30)


def make_event(db: Database, people: int = 3) -> tuple[int, int]:
    """An event with one activity and `people` confirmed participants hashed "hash-1", ..."""
    with db.transaction() as s:
        event = events.create_event(s, "晋城市城市管理局2024年“政府开放周”")
        activity = events.add_activity(s, event, "智慧城管", dt.date(2025, 9, 24), 40)
        for n in range(1, people + 1):
            s.add(
                Participant(
                    event_id=event.id,
                    activity_id=activity.id,
                    name=f"参观者{n}",
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"hash-{n}",
                    doc_last4=f"{n:03d}X",
                    doc_prefix="1405",
                    status=Status.CONFIRMED,
                )
            )
        return event.id, activity.id


def pid(db: Database, person: str) -> int:
    with db.reading() as s:
        value = s.scalar(select(Participant.id).where(Participant.doc_hash == person))
        assert value is not None
        return value


def checkin_at(
    db: Database, station: str, person: str, *, minutes: int = 0, kind: LogKind = LogKind.CHECKIN
) -> sync.WireEvent:
    event_id, activity_id = ids(db)
    with db.transaction() as s:
        row = checkin.append(
            s,
            event_id=event_id,
            activity_id=activity_id,
            station=station,
            kind=kind,
            operator="张三",
            participant_id=s.scalar(select(Participant.id).where(Participant.doc_hash == person)),
            person=person,
            at=DAY + dt.timedelta(minutes=minutes),
        )
        return sync.to_wire(row)


def ids(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        row = s.execute(select(events.Activity.event_id, events.Activity.id)).first()
        assert row is not None
        return row[0], row[1]


def log_count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(LogEvent)) or 0


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Database, Database]:
    office = Database.open(str(tmp_path / "office.sqlite3"))
    station = Database.open(str(tmp_path / "station.sqlite3"))
    make_event(office)
    make_event(station)
    yield office, station
    office.close()
    station.close()


def test_wire_event_round_trips_through_a_list(pair: tuple[Database, Database]) -> None:
    _, station = pair
    wire = checkin_at(station, "东门", "hash-1")
    assert sync.WireEvent.from_list(wire.to_list()) == wire
    with pytest.raises(ValueError):
        sync.WireEvent.from_list([*wire.to_list()[:-1], 5])
    with pytest.raises(ValueError):
        sync.WireEvent.from_list(["x"])


def test_ingest_inserts_what_is_missing_once(pair: tuple[Database, Database]) -> None:
    office, station = pair
    sent = [checkin_at(station, "东门", f"hash-{n}", minutes=n) for n in (1, 2)]
    with office.transaction() as s:
        assert sync.ingest(s, sent) == 2
    with office.transaction() as s:
        assert sync.ingest(s, list(reversed(sent))) == 0
    assert log_count(office) == 2
    with office.reading() as s:
        admitted = checkin.admissions(s, ids(office)[1])
    assert set(admitted) == {pid(office, "hash-1"), pid(office, "hash-2")}


def test_ingest_resolves_participants_by_document_hash(pair: tuple[Database, Database]) -> None:
    office, station = pair
    with office.transaction() as s:
        # The office's ids differ from the station's: a person registered in between.
        event_id, activity_id = ids(office)
        s.execute(
            Participant.__table__.update()
            .where(Participant.doc_hash == "hash-1")
            .values(doc_hash="hash-9")
        )
        s.add(
            Participant(
                event_id=event_id,
                activity_id=activity_id,
                name="后来者",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash="hash-1",
                doc_last4="0001",
                status=Status.CONFIRMED,
            )
        )
    wire = checkin_at(station, "东门", "hash-1")
    with office.transaction() as s:
        sync.ingest(s, [wire])
        row = s.scalars(select(LogEvent)).one()
        assert row.participant_id == pid(office, "hash-1") != pid(station, "hash-1")


def test_ingest_creates_the_participant_of_an_unknown_walk_in(
    pair: tuple[Database, Database],
) -> None:
    office, station = pair
    event_id, activity_id = ids(station)
    detail = checkin.json_detail(
        {"name": "现场甲", "doc_type": "resident_id", "doc_last4": "123X", "doc_prefix": "1405"}
    )
    with station.transaction() as s:
        walk = sync.to_wire(
            checkin.append(
                s,
                event_id=event_id,
                activity_id=activity_id,
                station="东门",
                kind=LogKind.WALKIN,
                operator="张三",
                person="hash-walk",
                reason="未报名",
                detail=detail,
            )
        )
        undo = sync.to_wire(
            checkin.append(
                s,
                event_id=event_id,
                activity_id=activity_id,
                station="东门",
                kind=LogKind.UNDO,
                operator="张三",
                person="hash-walk",
                refers_to=walk.uid,
                reason="登记错误",
            )
        )
    with office.transaction() as s:
        # The undo first: the walk-in inside the same batch still resolves it.
        assert sync.ingest(s, [undo, walk]) == 2
        person = s.scalars(select(Participant).where(Participant.doc_hash == "hash-walk")).one()
        assert (person.name, person.doc_last4) == ("现场甲", "123X")
        assert person.status == Status.CONFIRMED
        kinds = {e.kind: e.participant_id for e in s.scalars(select(LogEvent))}
        assert kinds == {LogKind.WALKIN: person.id, LogKind.UNDO: person.id}


def test_ingest_refuses_a_station_number_taken_by_another_event(
    pair: tuple[Database, Database], tmp_path: Path
) -> None:
    office, station = pair
    first = checkin_at(station, "东门", "hash-1")
    with office.transaction() as s:
        sync.ingest(s, [first])
    # A second laptop set up from the same package numbers its events from 1 again.
    twin = Database.open(str(tmp_path / "twin.sqlite3"))
    make_event(twin)
    clash = checkin_at(twin, "东门", "hash-2")
    twin.close()
    with office.transaction() as s, pytest.raises(sync.InconsistentLog, match="两台电脑"):
        sync.ingest(s, [clash])
    assert log_count(office) == 1


# --- Bundles ---------------------------------------------------------------------------------


class Field:
    """An office with two station laptops (东门, 西门) set up from packages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.office = Database.open(str(root / "office.sqlite3"))
        self.event_id = build_office(self.office)
        self.stations = {name: self._station(name) for name in ("东门", "西门")}
        with self.office.reading() as s:
            self.activity_id = s.scalars(
                select(Participant.activity_id).where(Participant.name == "参观者1")
            ).one()

    def _station(self, name: str) -> Database:
        pkg = package(self.office, self.event_id, name, self.root / f"{name}.pkg")
        return setup(self.root / f"{name}.sqlite3", pkg)

    def person(self, n: int) -> str:
        with self.office.reading() as s:
            return s.scalars(
                select(Participant.doc_hash).where(Participant.name == f"参观者{n}")
            ).one()

    def log(
        self, station: str, kind: LogKind, n: int | None, minutes: int, **fields: object
    ) -> str:
        db = self.stations[station]
        person = self.person(n) if n is not None else ""
        with db.transaction() as s:
            pid = s.scalar(select(Participant.id).where(Participant.doc_hash == person))
            row = checkin.append(
                s,
                event_id=self.event_id,
                activity_id=self.activity_id,
                station=station,
                kind=kind,
                operator="张三",
                participant_id=pid,
                person=person,
                at=DAY + dt.timedelta(minutes=minutes),
                **fields,  # type: ignore[arg-type]
            )
            return row.uid

    def export(self, station: str, name: str, *, everything: bool = False) -> Path:
        out = self.root / name
        with self.stations[station].transaction() as s:
            info = sync.export_bundle(s, out, everything=everything)
        assert info.file == str(out)
        return out

    def merge(self, *paths: Path, event_id: int | None = None) -> sync.MergeResult:
        return sync.merge_bundles(self.office, list(paths), event_id=event_id)

    def close(self) -> None:
        for db in (self.office, *self.stations.values()):
            db.close()


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    f = Field(tmp_path)
    yield f
    f.close()


def test_bundles_merge_once_and_report_what_was_already_there(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("东门", LogKind.CHECKIN, 2, 2)
    first = field.export("东门", "east-1.bundle")
    field.log("东门", LogKind.CHECKIN, 3, 3)
    second = field.export("东门", "east-2.bundle")
    everything = field.export("东门", "east-all.bundle", everything=True)
    assert field.merge(second).to_json() == {
        "merged": 1,
        "already_had": 0,
        "refused": [],
        "conflicts": [],
    }
    result = field.merge(first, everything, first)
    assert (result.merged, result.already_had, result.refused) == (2, 5, [])
    assert log_count(field.office) == 3
    with field.office.reading() as s:
        station = s.scalars(select(Station).where(Station.name == "东门")).one()
        assert station.merged_seq == 3 and station.last_sync_at is not None
        assert len(checkin.admissions(s, field.activity_id)) == 3


def test_nothing_new_to_export_writes_no_file(field: Field, tmp_path: Path) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    field.export("东门", "east-1.bundle")
    with field.stations["东门"].transaction() as s:
        info = sync.export_bundle(s, tmp_path / "empty.bundle")
    assert info.count == 0 and info.file is None and not (tmp_path / "empty.bundle").exists()


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("magic", "不是签到数据包"),
        ("header", "签名不符"),
        # A flipped bit may leave valid base64 (wrong signature) or not (damaged header).
        ("signature", "签名不符|损坏"),
        ("body", "校验值不符"),
        ("last", "校验值不符"),
    ],
)
def test_one_byte_flipped_is_refused_and_nothing_merged(
    field: Field, where: str, reason: str
) -> None:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    path = field.export("东门", "east.bundle")
    data = path.read_bytes()
    first, header, _ = data.split(b"\n", 2)
    offsets = {
        "magic": 2,
        "header": len(first) + 1 + header.index(b'"count":') + 8,
        "signature": len(first) + len(header) + 5,
        "body": len(data) // 2 + 40,
        "last": len(data) - 3,
    }
    flip(path, offsets[where])
    result = field.merge(path)
    assert result.merged == 0 and len(result.refused) == 1
    assert re.search(reason, result.refused[0].reason) and result.refused[0].file == str(path)
    assert log_count(field.office) == 0


def test_a_truncated_bundle_is_refused(field: Field) -> None:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    path = field.export("东门", "east.bundle")
    path.write_bytes(path.read_bytes()[:-50])
    assert "被截断" in field.merge(path).refused[0].reason
    path.write_bytes(path.read_bytes().split(b"\n")[0])
    assert "被截断" in field.merge(path).refused[0].reason
    assert log_count(field.office) == 0


def test_reordered_events_are_refused_even_when_signed_again(field: Field) -> None:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    path = field.export("东门", "east.bundle")
    file = sync.read_signed(path, sync.BUNDLE_MAGIC, "签到数据包")
    items = json.loads(file.body)
    items[0], items[1] = items[1], items[0]
    body = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()
    swapped = path.with_name("swapped.bundle")
    swapped.write_bytes(file.signed + b"\n" + base64.b64encode(file.signature) + b"\n" + body)
    assert "校验值不符" in field.merge(swapped).refused[0].reason
    # Even the station's own key cannot make a bundle whose numbering is out of order.
    with field.stations["东门"].reading() as s:
        key = sync.identity(s).private_key
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    sync.write_signed(swapped, sync.BUNDLE_MAGIC, header, body, key)
    assert "顺序不对" in field.merge(swapped).refused[0].reason
    assert log_count(field.office) == 0


def test_another_events_bundle_is_refused_when_the_office_names_the_event(
    field: Field,
) -> None:
    with field.office.transaction() as s:
        other = events.create_event(s, "固原市城市管理局2025年“政府开放日”").id
    field.log("东门", LogKind.CHECKIN, 1, 1)
    path = field.export("东门", "east.bundle")
    result = field.merge(path, event_id=other)
    assert "不是“固原市" in result.refused[0].reason
    assert log_count(field.office) == 0
    assert field.merge(path, event_id=field.event_id).merged == 1


def test_another_workspaces_bundle_is_refused(field: Field, tmp_path: Path) -> None:
    elsewhere = Field(tmp_path / "elsewhere")
    try:
        elsewhere.log("东门", LogKind.CHECKIN, 1, 1)
        path = elsewhere.export("东门", "east.bundle")
    finally:
        elsewhere.close()
    result = field.merge(path)
    # Same event name and station name, but another office made its package.
    assert "签名不符" in result.refused[0].reason
    assert log_count(field.office) == 0
    with field.office.transaction() as s:
        s.execute(Event.__table__.update().values(name="改名后的活动"))
    assert "另一个工作区" in field.merge(path).refused[0].reason


def test_an_unknown_station_is_refused(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    path = field.export("东门", "east.bundle")
    with field.office.transaction() as s:
        renamed = Station.__table__.update().where(Station.name == "东门")
        s.execute(renamed.values(name="东门（旧）"))
    assert "未知站点“东门”" in field.merge(path).refused[0].reason


def test_a_package_installed_twice_is_caught_as_replayed(field: Field) -> None:
    """Two laptops set up from one package both number from 1: the second log is refused whole,
    and the first stays as merged."""
    twin = setup(field.root / "twin.sqlite3", field.root / "东门.pkg")
    try:
        field.log("东门", LogKind.CHECKIN, 1, 1)
        with twin.transaction() as s:
            checkin.append(
                s,
                event_id=field.event_id,
                activity_id=field.activity_id,
                station="东门",
                kind=LogKind.CHECKIN,
                operator="李四",
                person=field.person(2),
                at=DAY,
            )
            sync.export_bundle(s, field.root / "twin.bundle")
    finally:
        twin.close()
    east = field.export("东门", "east.bundle")
    assert field.merge(east).merged == 1
    result = field.merge(field.root / "twin.bundle")
    assert "两台电脑" in result.refused[0].reason
    assert log_count(field.office) == 1


def test_a_refused_bundle_does_not_stop_the_others(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("西门", LogKind.CHECKIN, 2, 1)
    east = field.export("东门", "east.bundle")
    west = field.export("西门", "west.bundle")
    flip(east, len(east.read_bytes()) - 3)
    result = field.merge(east, west)
    assert result.merged == 1 and [r.file for r in result.refused] == [str(east)]


def test_a_bundle_naming_one_uid_twice_is_refused(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("东门", LogKind.CHECKIN, 2, 2)
    path = field.export("东门", "east.bundle")
    file = sync.read_signed(path, sync.BUNDLE_MAGIC, "签到数据包")
    items = json.loads(file.body)
    items[1][0] = items[0][0]  # the station's own key cannot make one uid two events either
    body = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()
    with field.stations["东门"].reading() as s:
        key = sync.identity(s).private_key
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    sync.write_signed(path, sync.BUNDLE_MAGIC, header, body, key)
    assert "出现两次" in field.merge(path).refused[0].reason
    assert log_count(field.office) == 0


def purge_office(field: Field) -> None:
    with field.office.transaction() as s:
        purge.purge_event(
            s, field.event_id, reason="保存期限已满", actor="王主任", today=dt.date(2030, 1, 1)
        )


def test_bundles_of_a_purged_event_are_refused_and_nothing_merged(field: Field) -> None:
    assert sync.PURGE_SCOPE_EVENT == purge.EVENT_SCOPE
    field.log("东门", LogKind.CHECKIN, 1, 1)
    first = field.export("东门", "east-1.bundle")
    assert field.merge(first).merged == 1
    field.log("东门", LogKind.CHECKIN, 2, 2)
    late = field.export("东门", "east-2.bundle")
    purge_office(field)
    with field.office.reading() as s:
        before = [sync.to_wire(e) for e in s.scalars(select(LogEvent))]
        people = s.scalar(select(func.count()).select_from(Participant))
    result = field.merge(late, first)
    assert result.merged == 0 and [r.file for r in result.refused] == [str(late), str(first)]
    assert "个人信息已于" in result.refused[0].reason and "不能再合并" in result.refused[0].reason
    with field.office.reading() as s:
        assert [sync.to_wire(e) for e in s.scalars(select(LogEvent))] == before
        assert s.scalar(select(func.count()).select_from(Participant)) == people


def test_ingest_refuses_the_events_of_a_purged_event(field: Field) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    with field.stations["东门"].reading() as s:
        wires = [sync.to_wire(e) for e in s.scalars(select(LogEvent))]
    purge_office(field)
    with field.office.transaction() as s, pytest.raises(sync.PurgedEvent, match=r"已于.*清除"):
        sync.ingest(s, wires)
    assert log_count(field.office) == 0


# --- Conflicts -------------------------------------------------------------------------------


def board(field: Field, station: str, n: int, minutes: int, seat: str = "3C") -> str:
    detail = checkin.json_detail({"vehicle": "1号车", "seat": seat})
    return field.log(station, LogKind.BOARD, n, minutes, verdict="present", detail=detail)


def make_conflicts(field: Field) -> dict[str, str]:
    """A person admitted at both gates, an undo at 西门 of 东门's check-in, a seat boarded twice."""
    uids = {
        "east1": field.log("东门", LogKind.CHECKIN, 1, 1),
        "east2": field.log("东门", LogKind.CHECKIN, 2, 2),
    }
    uids["west1"] = field.log("西门", LogKind.CHECKIN, 1, 5)
    uids["undo2"] = field.log(
        "西门", LogKind.UNDO, 2, 6, refers_to=uids["east2"], reason="扫错了人"
    )
    uids["board3"] = board(field, "东门", 3, 30)
    uids["board4"] = board(field, "西门", 4, 31)
    return uids


def test_conflicts_are_reported_with_stations_and_people(
    field: Field, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_conflicts(field)
    east = field.export("东门", "east.bundle")
    west = field.export("西门", "west.bundle")
    code = main(
        [
            "bundle",
            "merge",
            str(west),
            str(east),
            "--db",
            str(field.root / "office.sqlite3"),
            "--json",
        ]
    )
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["merged"] == 6 and shown["refused"] == []
    simple = [(c["kind"], c["participant"], c["stations"]) for c in shown["conflicts"]]
    assert simple == [
        ("double_checkin", pid(field.office, field.person(1)), ["东门", "西门"]),
        ("undo_elsewhere", pid(field.office, field.person(2)), ["东门", "西门"]),
        ("seat_twice", pid(field.office, field.person(3)), ["东门", "西门"]),
    ]
    texts = [c["description"] for c in shown["conflicts"]]
    assert "参观者1在“东门”（09:31）、“西门”（09:35）都签到了" in texts[0]
    assert "被“西门”（09:36）撤销" in texts[1]
    assert "1号车3C座" in texts[2] and "参观者4" in texts[2]
    with field.office.reading() as s:
        # Person 1 counts once; person 2's check-in was taken back.
        admitted = checkin.admissions(s, field.activity_id)
    assert pid(field.office, field.person(1)) in admitted
    assert pid(field.office, field.person(2)) not in admitted


def test_settling_records_the_decision_once(field: Field) -> None:
    make_conflicts(field)
    field.merge(field.export("东门", "east.bundle"), field.export("西门", "west.bundle"))
    with field.office.reading() as s:
        first = sync.conflicts(s, field.event_id)[0]
    with field.office.transaction() as s, pytest.raises(UserError, match="处理意见"):
        sync.settle(s, field.event_id, first.key, decision=" ", actor="王主任")
    with field.office.transaction() as s:
        sync.settle(s, field.event_id, first.key, decision="以东门为准", actor="王主任")
    with field.office.transaction() as s, pytest.raises(UserError, match="已由王主任处理"):
        sync.settle(s, field.event_id, first.key, decision="以西门为准", actor="李")
    with field.office.transaction() as s, pytest.raises(UserError, match="找不到这个冲突"):
        sync.settle(s, field.event_id, "double_checkin:nope", decision="x", actor="李")
    with field.office.reading() as s:
        found = sync.conflicts(s, field.event_id)
        decision = s.scalars(select(ConflictDecision)).one()
    assert [c.decision for c in found] == ["以东门为准", None, None]
    assert (decision.kind, decision.actor) == ("double_checkin", "王主任")
    # Merging again changes nothing: the decision stays attached to the same conflict.
    again = field.merge(field.root / "east.bundle", field.root / "west.bundle")
    assert again.merged == 0 and again.conflicts[0].decision == "以东门为准"


def test_an_undo_of_a_check_in_at_the_same_station_is_no_conflict(field: Field) -> None:
    uid = field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("东门", LogKind.UNDO, 1, 2, refers_to=uid, reason="误扫")
    field.log("西门", LogKind.CHECKIN, 1, 3)
    board(field, "东门", 3, 30)
    board(field, "西门", 3, 31)  # the same person ticked twice: one seat, one person
    result = field.merge(field.export("东门", "e.bundle"), field.export("西门", "w.bundle"))
    assert result.conflicts == []


def test_a_merge_reports_the_conflicts_of_the_people_it_brought(field: Field) -> None:
    """Conflicts are found for the people a merge's bundles name, not by reading the whole log:
    the same ones `conflicts` finds for them, while the others stay listed for the office."""
    field.log("东门", LogKind.CHECKIN, 1, 1)
    board(field, "东门", 2, 2, seat="3C")
    field.log("西门", LogKind.CHECKIN, 1, 3)
    first = field.merge(field.export("东门", "east.bundle"), field.export("西门", "west.bundle"))
    with field.office.reading() as s:
        assert first.conflicts == sync.conflicts(s, field.event_id)
    assert [(c.kind, c.participant) for c in first.conflicts] == [
        ("double_checkin", pid(field.office, field.person(1)))
    ]
    field.log("东门", LogKind.CHECKIN, 3, 10)  # nobody else's business
    later = field.merge(field.export("东门", "east-2.bundle"))
    assert (later.merged, later.conflicts) == (1, [])
    field.log("西门", LogKind.CHECKIN, 3, 11)  # now person 3 is in at both gates
    board(field, "西门", 4, 12, seat="3C")  # and 3C is taken by persons 2 and 4
    third = field.merge(field.export("西门", "west-2.bundle"))
    with field.office.reading() as s:
        everything = sync.conflicts(s, field.event_id)
    assert [(c.kind, c.participant) for c in third.conflicts] == [
        ("double_checkin", pid(field.office, field.person(3))),
        ("seat_twice", pid(field.office, field.person(2))),
    ]
    assert "参观者4" in third.conflicts[1].description
    assert [c for c in everything if c not in third.conflicts] == first.conflicts


def test_an_undo_naming_nobody_still_takes_a_check_in_back(field: Field) -> None:
    """An undo whose person the office cannot resolve is still read for the merged activity."""
    uid = field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("西门", LogKind.CHECKIN, 1, 2)
    field.log("西门", LogKind.UNDO, None, 3, refers_to=uid, reason="扫错了人")
    result = field.merge(field.export("东门", "e.bundle"), field.export("西门", "w.bundle"))
    with field.office.reading() as s:
        everything = sync.conflicts(s, field.event_id)
    assert [c.kind for c in result.conflicts] == [c.kind for c in everything] == ["undo_elsewhere"]


# --- Merging is commutative, associative and idempotent ---------------------------------------


WALK_IN = checkin.json_detail(
    {
        "input": "walkin",
        "registration": {"name": "现场甲", "doc_type": "resident_id", "doc_last4": "123X"},
    }
)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """An office file before any merge, and five bundles (incremental, overlapping, all)."""
    field = Field(tmp_path_factory.mktemp("scenario"))
    uids = {"e1": field.log("东门", LogKind.CHECKIN, 1, 1)}
    uids["e2"] = field.log("东门", LogKind.CHECKIN, 2, 2)
    files = [field.export("东门", "e-1.bundle")]
    field.log("东门", LogKind.ATTEMPT, None, 3, verdict="unreadable")
    board(field, "东门", 3, 4)
    files += [
        field.export("东门", "e-2.bundle"),
        field.export("东门", "e-all.bundle", everything=True),
    ]
    field.log("西门", LogKind.CHECKIN, 1, 5)
    field.log("西门", LogKind.UNDO, 2, 6, refers_to=uids["e2"], reason="扫错了人")
    with field.stations["西门"].transaction() as s:
        walk = checkin.append(
            s,
            event_id=field.event_id,
            activity_id=field.activity_id,
            station="西门",
            kind=LogKind.WALKIN,
            operator="李四",
            person="walk-in-hash",
            detail=WALK_IN,
            at=DAY + dt.timedelta(minutes=7),
        )
        checkin.append(
            s,
            event_id=field.event_id,
            activity_id=field.activity_id,
            station="西门",
            kind=LogKind.UNDO,
            operator="李四",
            person="walk-in-hash",
            refers_to=walk.uid,
            reason="登记重复",
            at=DAY + dt.timedelta(minutes=8),
        )
    files.append(field.export("西门", "w-1.bundle"))
    board(field, "西门", 4, 9)
    files.append(field.export("西门", "w-2.bundle"))
    field.close()
    return field.root / "office.sqlite3", files


def canonical(db: Database, event_id: int) -> object:
    """The merged state with local ids replaced by document hashes."""
    with db.reading() as s:
        hashes = {p.id: p.doc_hash for p in s.scalars(select(Participant))}
        log = sorted(
            (sync.to_wire(e).to_list(), hashes.get(e.participant_id or 0))
            for e in s.scalars(select(LogEvent))
        )
        activities = {e.activity_id for e in s.scalars(select(LogEvent))} - {None}
        admitted = sorted(
            (hashes[pid], a.uid)
            for activity in activities
            for pid, a in checkin.admissions(s, activity or 0).items()
        )
        people = sorted(
            (p.doc_hash, p.name, p.status.value) for p in s.scalars(select(Participant))
        )
        found = [(c.kind, c.key, c.stations, c.uids) for c in sync.conflicts(s, event_id)]
        seqs = sorted((r.name, r.merged_seq) for r in s.scalars(select(Station)))
    return log, admitted, people, found, seqs


def merged_copy(office_file: Path, groups: list[list[Path]], work: Path) -> object:
    work.mkdir()
    copy = work / "office.sqlite3"
    shutil.copyfile(office_file, copy)
    db = Database.open(str(copy))
    try:
        for group in groups:
            result = sync.merge_bundles(db, group)
            assert result.refused == []
        return canonical(db, 1)
    finally:
        db.close()


REFERENCE: list[object] = []  # the state after merging every bundle once, in order


@given(data=st.data())
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_merging_in_any_order_grouping_or_repetition_gives_the_same_state(
    scenario: tuple[Path, list[Path]], data: st.DataObject
) -> None:
    office_file, files = scenario
    with tempfile.TemporaryDirectory() as tmp:
        if not REFERENCE:
            REFERENCE.append(merged_copy(office_file, [files], Path(tmp) / "reference"))
        reference = REFERENCE[0]
        groups = data.draw(st.lists(st.lists(st.sampled_from(files), max_size=4), max_size=4))
        groups.append(data.draw(st.permutations(files)))
        assert merged_copy(office_file, groups, Path(tmp) / "drawn") == reference
    log, admitted, people, found, _ = reference  # type: ignore[misc]
    assert (len(log), len(admitted), len(people), len(found)) == (9, 1, 6, 3)
