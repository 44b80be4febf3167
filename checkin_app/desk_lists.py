"""The desk's counters, arrivals and missing list, kept current cheaply after every verdict: the
roster is read once per activity and again only when it changed; the log only past its last row."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from checkin_app import attendance, changes, checkin
from checkin_app.models import (
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Status,
    StatusChange,
    Vehicle,
)

# Another process's edit of a name or a seat (the CLI while the desk runs) shows within this;
# this process's own edits, and anyone's additions and status changes, show at once.
ROSTER_MAX_AGE_S = 60.0
_READ_KINDS = (*checkin.ADMITTING, LogKind.UNDO)


@dataclass
class _Roster:
    """The activity's people as the desk lists them, prepared for counting and listing."""

    fingerprint: tuple[object, ...]
    generation: int
    read_at: float
    roll: attendance.Roll
    seated: dict[int, checkin._Seated]
    absentees: list[checkin.Absentee]  # every expected person, in the missing list's order
    others: dict[int, checkin._Seated | None] = field(default_factory=dict)


@dataclass
class _Log:
    """The admitting events and undos read so far, and who they leave inside."""

    last_id: int = 0
    last_uid: str = ""
    rows: int = 0
    events: dict[int, list[checkin.Admission]] = field(default_factory=dict)
    owner: dict[str, int] = field(default_factory=dict)  # event uid -> participant
    undone: set[str] = field(default_factory=set)
    inside: dict[int, checkin.Admission] = field(default_factory=dict)


@dataclass
class _Entry:
    roster: _Roster | None = None
    log: _Log = field(default_factory=_Log)
    lock: threading.Lock = field(default_factory=threading.Lock)


_entries: dict[tuple[str, int], _Entry] = {}
_entries_lock = threading.Lock()


def desk_lists(session: Session, activity_id: int) -> checkin.DeskLists:
    """What `checkin.desk_lists` returns, from the cache when nothing it shows has changed."""
    checkin._activity(session, activity_id)
    url = str(session.get_bind().engine.url)
    generation = changes.generation(url)  # before any read: a write after it is seen next time
    with _entries_lock:
        entry = _entries.setdefault((url, activity_id), _Entry())
    with entry.lock:  # two readers of one activity take turns; the cache is theirs in turn
        entry.log = _read_log(session, activity_id, entry.log)
        fingerprint = _fingerprint(session, activity_id)
        roster = entry.roster
        if (
            roster is None
            or roster.generation != generation
            or roster.fingerprint != fingerprint
            or time.monotonic() - roster.read_at > ROSTER_MAX_AGE_S
        ):
            roster = entry.roster = _read_roster(session, activity_id, fingerprint, generation)
        return _lists(session, activity_id, roster, entry.log.inside)


def _fingerprint(session: Session, activity_id: int) -> tuple[object, ...]:
    """Counts and newest ids (index-only reads): another process's additions, removals and status
    changes change it."""

    def stamp(column: Any, where: ColumnElement[bool]) -> tuple[object, ...]:
        return tuple(session.execute(select(func.count(), func.max(column)).where(where)).one())

    people = stamp(Participant.id, Participant.activity_id == activity_id)
    seats = stamp(SeatAssignment.participant_id, SeatAssignment.activity_id == activity_id)
    buses = stamp(Vehicle.id, Vehicle.activity_id == activity_id)
    statuses = session.scalar(select(func.max(StatusChange.id)))
    return (*people, *seats, *buses, statuses)


def _read_log(session: Session, activity_id: int, log: _Log) -> _Log:
    """The log is append-only: read the rows after the last one seen. A purge (rows gone) reads
    it all again."""
    if log.last_id and session.scalar(_uid_at(log.last_id)) != log.last_uid:
        log = _Log()  # the last row seen was rolled back (its id taken by another): start over
    rows = session.execute(
        select(
            LogEvent.id,
            LogEvent.participant_id,
            LogEvent.uid,
            LogEvent.kind,
            LogEvent.station,
            LogEvent.operator,
            LogEvent.at,
            LogEvent.refers_to,
        )
        .where(
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_(_READ_KINDS),
            LogEvent.id > log.last_id,
        )
        .order_by(LogEvent.id)
    ).all()
    last_id = rows[-1][0] if rows else log.last_id
    held = session.scalar(
        select(func.count()).where(
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_(_READ_KINDS),
            LogEvent.id <= last_id,
        )
    )
    if held != log.rows + len(rows):  # rows gone (a purge): read it all again
        return _read_log(session, activity_id, _Log()) if log.last_id else _Log()
    changed: set[int] = set()
    for _id, pid, uid, kind, station, operator, at, refers_to in rows:
        if kind == LogKind.UNDO:
            log.undone.add(refers_to)
            if refers_to in log.owner:
                changed.add(log.owner[refers_to])
        elif pid is not None:
            log.owner[uid] = pid
            log.events.setdefault(pid, []).append(
                checkin.Admission(pid, uid, kind, station, operator, at)
            )
            changed.add(pid)
    for pid in changed:
        standing = [a for a in log.events.get(pid, []) if a.uid not in log.undone]
        if standing:  # the earliest in effect, as `checkin.admissions` has it
            log.inside[pid] = min(standing, key=lambda a: (a.at, a.uid))
        else:
            log.inside.pop(pid, None)
    if rows:
        log.last_id, log.last_uid = last_id, rows[-1][2]
    log.rows += len(rows)
    return log


def _uid_at(row_id: int) -> Select[Any]:
    return select(LogEvent.uid).where(LogEvent.id == row_id)


def _read_roster(
    session: Session, activity_id: int, fingerprint: tuple[object, ...], generation: int
) -> _Roster:
    expected = checkin._expected(session, activity_id)
    expected_sorted = sorted(
        expected,
        key=lambda s: (
            s.vehicle_id is None,
            s.vehicle_id or 0,
            checkin._seat_key(s.placement.seat),
            s.person.name,
            s.person.id,
        ),
    )
    return _Roster(
        fingerprint=fingerprint,
        generation=generation,
        read_at=time.monotonic(),
        roll=attendance.Roll(_placed(s, activity_id) for s in expected),
        seated={s.person.id: s for s in expected},
        absentees=[
            checkin.Absentee(s.person, s.placement.bus, s.placement.seat, s.placement.group)
            for s in expected_sorted
        ],
    )


def _placed(s: checkin._Seated, activity_id: int) -> attendance.Placed:
    if s.person.activity_id != activity_id:  # another activity's person: their seat is not here
        return attendance.Placed(s.person.id, False, s.person.category)
    return attendance.Placed(
        s.person.id,
        s.person.status == Status.CONFIRMED,
        s.person.category,
        s.placement.bus,
        s.vehicle_id,
        s.placement.group,
    )


def _lists(
    session: Session,
    activity_id: int,
    roster: _Roster,
    inside: dict[int, checkin.Admission],
) -> checkin.DeskLists:
    unknown = [pid for pid in inside if pid not in roster.seated and pid not in roster.others]
    if unknown:  # let in from outside the expected list: few, read by id once
        found = {s.person.id: s for s in checkin._seated(session, Participant.id.in_(unknown))}
        roster.others.update({pid: found.get(pid) for pid in unknown})
    others = {pid: s for pid in inside if (s := roster.others.get(pid)) is not None}
    counters = roster.roll.count(
        {pid: a.kind for pid, a in inside.items()},
        {pid: _placed(s, activity_id) for pid, s in others.items()},
    )
    arrivals = [
        checkin.Arrival(
            person=s.person,
            at=a.at,
            station=a.station,
            kind=a.kind,
            bus=s.placement.bus,
            seat=s.placement.seat,
            group=s.placement.group,
        )
        for pid, a in inside.items()
        if (s := roster.seated.get(pid) or others.get(pid)) is not None
    ]
    arrivals.sort(key=_newest_first, reverse=True)
    missing = [a for a in roster.absentees if a.person.id not in inside]
    return checkin.DeskLists(counters, arrivals, missing)


def _newest_first(arrival: checkin.Arrival) -> tuple[dt.datetime, int]:
    return (arrival.at, arrival.person.id)
