"""The check-in desk's core: one verdict per scan or entry, committed to the append-only attendance
log before it is shown, and the desk's state (who is in, who is missing) derived from that log."""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app.models import LogEvent, LogKind, Setting, utcnow

# The kinds of event that let a person in; an UNDO whose `refers_to` names one takes it back.
ADMITTING = (LogKind.CHECKIN, LogKind.WALKIN, LogKind.OVERRIDE)


class Verdict(enum.StrEnum):
    """What the desk tells the steward; the value is what `checkin scan --json` prints."""

    ADMITTED = "admitted"
    ALREADY_CHECKED_IN = "already_checked_in"
    WRONG_ACTIVITY = "wrong_activity"
    WRONG_DAY = "wrong_day"
    NOT_CONFIRMED = "not_confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    OUTDATED = "outdated"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    FORGED = "forged"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Desk:
    """Who acts where: every desk action is recorded with these."""

    activity_id: int
    station: str
    operator: str


# --- The log --------------------------------------------------------------------------------


def new_uid() -> str:
    """A globally unique event id: random, so stations never need to agree on anything."""
    return uuid.uuid4().hex


def next_seq(session: Session, station: str) -> int:
    """The station's next sequence number (1, 2, ...), in the caller's transaction."""
    last = session.scalar(select(func.max(LogEvent.seq)).where(LogEvent.station == station))
    return (last or 0) + 1


def append(
    session: Session,
    *,
    event_id: int,
    station: str,
    kind: LogKind,
    operator: str,
    activity_id: int | None = None,
    participant_id: int | None = None,
    person: str = "",
    verdict: str = "",
    site_id: int | None = None,
    group_id: int | None = None,
    refers_to: str = "",
    reason: str = "",
    detail: str = "",
    at: dt.datetime | None = None,
) -> LogEvent:
    """Add one event to the log and flush it. The caller's transaction commits it; a verdict may
    be shown only after that commit returns."""
    row = LogEvent(
        uid=new_uid(),
        event_id=event_id,
        activity_id=activity_id,
        station=station,
        seq=next_seq(session, station),
        kind=kind,
        participant_id=participant_id,
        person=person,
        verdict=verdict,
        operator=operator,
        at=at or utcnow(),
        site_id=site_id,
        group_id=group_id,
        refers_to=refers_to,
        reason=reason,
        detail=detail,
    )
    session.add(row)
    session.flush()
    return row


# --- State derived from the log -------------------------------------------------------------


@dataclass(frozen=True)
class Admission:
    """How a person got in: the first admitting event that has not been undone."""

    participant_id: int
    uid: str
    kind: LogKind
    station: str
    operator: str
    at: dt.datetime


def _undone(session: Session, activity_id: int) -> set[str]:
    return set(
        session.scalars(
            select(LogEvent.refers_to).where(
                LogEvent.activity_id == activity_id, LogEvent.kind == LogKind.UNDO
            )
        )
    )


def admissions(session: Session, activity_id: int) -> dict[int, Admission]:
    """Everyone in the activity who is checked in now, by participant id.

    Derived, never stored: a person is in when an admitting event of theirs (check-in, walk-in,
    override) has no undo referring to it. Two stations admitting the same person both count
    once; the earliest is the one shown ("already checked in at 14:21 at 东门").
    """
    undone = _undone(session, activity_id)
    rows = session.scalars(
        select(LogEvent)
        .where(
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_(ADMITTING),
            LogEvent.participant_id.is_not(None),
        )
        .order_by(LogEvent.at, LogEvent.uid)
    )
    found: dict[int, Admission] = {}
    for e in rows:
        if e.uid in undone or e.participant_id is None or e.participant_id in found:
            continue
        found[e.participant_id] = Admission(
            e.participant_id, e.uid, e.kind, e.station, e.operator, e.at
        )
    return found


def admission_of(session: Session, activity_id: int, participant_id: int) -> Admission | None:
    """One person's admission, with two indexed queries: what a scan needs, fast."""
    rows = session.scalars(
        select(LogEvent)
        .where(
            LogEvent.participant_id == participant_id,
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_((*ADMITTING, LogKind.UNDO)),
        )
        .order_by(LogEvent.at, LogEvent.uid)
    ).all()
    undone = {e.refers_to for e in rows if e.kind == LogKind.UNDO}
    for e in rows:
        if e.kind != LogKind.UNDO and e.uid not in undone:
            return Admission(participant_id, e.uid, e.kind, e.station, e.operator, e.at)
    return None


# --- This database's station ----------------------------------------------------------------

STATION_SETTING = "station_name"


def station_name(session: Session) -> str | None:
    """The station this database belongs to (set by a station package), or None at the office."""
    row = session.get(Setting, STATION_SETTING)
    return row.value.decode() if row else None


def set_station_name(session: Session, name: str) -> None:
    row = session.get(Setting, STATION_SETTING)
    if row is None:
        session.add(Setting(key=STATION_SETTING, value=name.encode()))
    else:
        row.value = name.encode()


def json_detail(value: dict[str, Any]) -> str:
    """`LogEvent.detail` text: compact, sorted and Chinese left readable in a dump."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
