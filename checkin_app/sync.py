"""Moving the attendance log between databases: events on the wire, ingesting them by uid.

A station's log travels as `WireEvent`s: the same fields as `LogEvent` minus the local row id and
the local `participant_id`, which each database resolves again from `person` (the document hash,
identical in every database of a workspace). Event, activity, site and group ids travel as they
are: a station package keeps them equal to the office's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from checkin_app.errors import UserError
from checkin_app.models import (
    DocumentType,
    Gender,
    LogEvent,
    LogKind,
    Participant,
    Source,
    Status,
)

# SQLite's historic limit on bound parameters is 999: stay under it in `IN (...)` lists.
_CHUNK = 900


@dataclass(frozen=True)
class WireEvent:
    """A LogEvent as it travels between databases (no local ids except event/activity/site/group,
    which a package keeps equal)."""

    uid: str
    event_id: int
    activity_id: int | None
    station: str
    seq: int
    kind: str
    person: str
    verdict: str
    operator: str
    at: dt.datetime
    site_id: int | None
    group_id: int | None
    refers_to: str
    reason: str
    detail: str

    def to_list(self) -> list[Any]:
        """A compact JSON-ready list in field order (what a bundle line holds)."""
        values = list(astuple(self))
        values[9] = self.at.isoformat()
        return values

    @classmethod
    def from_list(cls, values: Any) -> WireEvent:
        """The inverse of `to_list`; ValueError on anything malformed."""
        if not isinstance(values, list) or len(values) != len(_FIELD_TYPES):
            raise ValueError("not an event record")
        for value, (name, types) in zip(values, _FIELD_TYPES, strict=True):
            if not isinstance(value, types) or isinstance(value, bool):
                raise ValueError(f"bad field {name}")
        at = dt.datetime.fromisoformat(values[9])
        if at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
        LogKind(values[5])  # ValueError when unknown
        fields = dict(zip((name for name, _ in _FIELD_TYPES), values, strict=True))
        fields["at"] = at
        return cls(**fields)


_FIELD_TYPES: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("uid", str),
    ("event_id", int),
    ("activity_id", (int, type(None))),
    ("station", str),
    ("seq", int),
    ("kind", str),
    ("person", str),
    ("verdict", str),
    ("operator", str),
    ("at", str),
    ("site_id", (int, type(None))),
    ("group_id", (int, type(None))),
    ("refers_to", str),
    ("reason", str),
    ("detail", str),
)


def to_wire(e: LogEvent) -> WireEvent:
    return WireEvent(
        uid=e.uid,
        event_id=e.event_id,
        activity_id=e.activity_id,
        station=e.station,
        seq=e.seq,
        kind=LogKind(e.kind).value,
        person=e.person,
        verdict=e.verdict,
        operator=e.operator,
        at=e.at,
        site_id=e.site_id,
        group_id=e.group_id,
        refers_to=e.refers_to,
        reason=e.reason,
        detail=e.detail,
    )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class InconsistentLog(UserError):
    """Events that contradict what this database already holds (same uid elsewhere, or the
    same station and sequence number with another uid): never merged."""


def _unique(events: Sequence[WireEvent]) -> list[WireEvent]:
    """The batch without repeats; the same uid or (station, seq) twice with other content is an
    inconsistency."""
    by_uid: dict[str, WireEvent] = {}
    by_seq: dict[tuple[str, int], str] = {}
    for e in events:
        seen = by_uid.get(e.uid)
        if seen is not None:
            if seen != e:
                raise InconsistentLog(f"记录 {e.uid} 出现两次且内容不同")
            continue
        other = by_seq.setdefault((e.station, e.seq), e.uid)
        if other != e.uid:
            raise InconsistentLog(f"站点“{e.station}”的第{e.seq}号记录出现两次且内容不同")
        by_uid[e.uid] = e
    return list(by_uid.values())


def existing_positions(session: Session, events: Sequence[WireEvent]) -> dict[str, tuple[str, int]]:
    """Of these events' uids, those this database holds, with the station and seq stored."""
    found: dict[str, tuple[str, int]] = {}
    uids = [e.uid for e in events]
    for chunk in _chunks(uids):
        rows = session.execute(
            select(LogEvent.uid, LogEvent.station, LogEvent.seq).where(LogEvent.uid.in_(chunk))
        )
        for uid, station, seq in rows:
            found[uid] = (station, seq)
    return found


def check_consistent(session: Session, events: Sequence[WireEvent]) -> None:
    """Raise InconsistentLog when an event contradicts the stored log: its uid stored under
    another station or number, or its station and number stored with another uid. This is what a
    copy of one station's package installed on two laptops, or a log replayed under another
    station's name, looks like."""
    stored = existing_positions(session, events)
    for e in events:
        position = stored.get(e.uid)
        if position is not None and position != (e.station, e.seq):
            raise InconsistentLog(
                f"记录 {e.uid[:8]} 已作为站点“{position[0]}”的第{position[1]}号记录合并过，"
                f"这里却标为站点“{e.station}”的第{e.seq}号"
            )
    by_station: dict[str, list[WireEvent]] = {}
    for e in events:
        by_station.setdefault(e.station, []).append(e)
    for station, items in by_station.items():
        low = min(e.seq for e in items)
        high = max(e.seq for e in items)
        rows = session.execute(
            select(LogEvent.seq, LogEvent.uid).where(
                LogEvent.station == station, LogEvent.seq.between(low, high)
            )
        )
        taken = {seq: uid for seq, uid in rows}
        for e in items:
            uid = taken.get(e.seq)
            if uid is not None and uid != e.uid:
                raise InconsistentLog(
                    f"站点“{station}”的第{e.seq}号记录与已合并的不同："
                    "同一站点包可能装在了两台电脑上，或这份数据来自别处"
                )


def _participant_ids(session: Session, events: Sequence[WireEvent]) -> dict[tuple[int, str], int]:
    keys = sorted({(e.event_id, e.person) for e in events if e.person})
    found: dict[tuple[int, str], int] = {}
    for chunk in _chunks(keys):
        rows = session.execute(
            select(Participant.event_id, Participant.doc_hash, Participant.id).where(
                tuple_(Participant.event_id, Participant.doc_hash).in_(chunk)
            )
        )
        for event_id, doc_hash, pid in rows:
            found[(event_id, doc_hash)] = pid
    return found


def _text(data: dict[str, Any], key: str, default: str = "", limit: int = 200) -> str:
    value = data.get(key, default)
    return str(value)[:limit] if value is not None else default


def walk_in_participant(e: WireEvent) -> Participant:
    """The participant a WALKIN event registered, rebuilt from its `detail` (the registration
    without the ID number: name, doc_type, doc_last4, doc_prefix, gender, phone, category,
    work_unit, job_title, needs)."""
    try:
        data = json.loads(e.detail) if e.detail else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    try:
        doc_type = DocumentType(data.get("doc_type", DocumentType.RESIDENT_ID.value))
    except ValueError:
        doc_type = DocumentType.RESIDENT_ID
    try:
        gender: Gender | None = Gender(data["gender"]) if data.get("gender") else None
    except ValueError:
        gender = None
    return Participant(
        event_id=e.event_id,
        activity_id=e.activity_id,
        name=_text(data, "name", "现场登记", 100) or "现场登记",
        gender=gender,
        work_unit=_text(data, "work_unit"),
        job_title=_text(data, "job_title", limit=100),
        phone=_text(data, "phone", limit=20),
        doc_type=doc_type,
        doc_hash=e.person,
        doc_last4=_text(data, "doc_last4", limit=4),
        doc_prefix=_text(data, "doc_prefix", limit=4),
        category=_text(data, "category", "市民代表", 40) or "市民代表",
        needs=_text(data, "needs"),
        source=Source.ONSITE,
        status=Status.CONFIRMED,
        decision="现场登记",
        registered_at=e.at,
    )


def _create_walk_ins(
    session: Session, events: Sequence[WireEvent], known: dict[tuple[int, str], int]
) -> None:
    """Register the walk-ins this database has not seen, before any event refers to them, so
    every event of the batch resolves its participant whatever the order inside the batch."""
    for e in sorted(events, key=lambda w: (w.at, w.uid)):
        key = (e.event_id, e.person)
        if e.kind != LogKind.WALKIN.value or not e.person or e.activity_id is None or key in known:
            continue
        row = walk_in_participant(e)
        session.add(row)
        session.flush()
        known[key] = row.id


def ingest(session: Session, events: Sequence[WireEvent]) -> int:
    """Insert the events this database lacks (by uid), resolving participant_id from `person`
    (creating the participant of a WALKIN from its detail when unknown); return how many were new.

    Raises InconsistentLog (nothing inserted) when an event contradicts the stored log. Existing
    rows are never touched: the log stays append-only.
    """
    batch = _unique(events)
    check_consistent(session, batch)
    stored = existing_positions(session, batch)
    new = sorted((e for e in batch if e.uid not in stored), key=lambda w: (w.station, w.seq))
    if not new:
        return 0
    people = _participant_ids(session, new)
    _create_walk_ins(session, new, people)
    rows = [
        {
            "uid": e.uid,
            "event_id": e.event_id,
            "activity_id": e.activity_id,
            "station": e.station,
            "seq": e.seq,
            "kind": LogKind(e.kind),
            "participant_id": people.get((e.event_id, e.person)) if e.person else None,
            "person": e.person,
            "verdict": e.verdict,
            "operator": e.operator,
            "at": e.at,
            "site_id": e.site_id,
            "group_id": e.group_id,
            "refers_to": e.refers_to,
            "reason": e.reason,
            "detail": e.detail,
        }
        for e in new
    ]
    session.execute(insert(LogEvent), rows)
    return len(rows)
