"""Sync: events on the wire, ingest by uid, bundles (verify, merge, tamper), conflicts, settle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from checkin_app import checkin, events, sync
from checkin_app.db import Database
from checkin_app.models import DocumentType, LogEvent, LogKind, Participant, Status

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
