"""Settling a conflict between stations: the stations' own records, offered as the decisions
the office can record ("以“东门”14:21的签到为准"), so nobody has to retype times and places."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import clock, idcard, sync, wording
from checkin_app.models import Event, LogEvent, LogKind, Participant

_KIND_WORDS = {
    LogKind.CHECKIN: "签到",
    LogKind.WALKIN: "现场登记",
    LogKind.OVERRIDE: "主管放行",
    LogKind.UNDO: "撤销",
    LogKind.BOARD: "上车记录",
}


def choices(session: Session, event_id: int, conflict: sync.Conflict) -> tuple[str, ...]:
    """The decisions the records of `conflict` allow, one per record, in time order."""
    rows = list(
        session.scalars(
            select(LogEvent).where(LogEvent.uid.in_(conflict.uids)).order_by(LogEvent.at)
        )
    )
    if not rows:
        return ()
    event = session.get(Event, event_id)
    zone = clock.zone(event.timezone if event else None)

    def record(e: LogEvent) -> str:
        when = clock.in_zone(e.at, zone).strftime("%H:%M")
        who = f"（{e.operator}）" if e.operator else ""
        return f"{wording.quoted(e.station)}{when}{who}的{_KIND_WORDS.get(e.kind, e.kind.value)}"

    if conflict.kind == sync.DOUBLE_CHECKIN:
        return tuple(f"以{record(e)}为准，其余不计" for e in rows)
    if conflict.kind == sync.UNDO_ELSEWHERE:
        return _undo_choices(rows, record)
    if conflict.kind == sync.SEAT_TWICE:
        return tuple(
            f"{_name(session, e)}坐此座（以{record(e)}为准），其他人另排座位" for e in rows
        )
    return tuple(f"以{record(e)}为准" for e in rows)


def _undo_choices(rows: Sequence[LogEvent], record: Callable[[LogEvent], str]) -> tuple[str, ...]:
    undo = next((e for e in rows if e.kind == LogKind.UNDO), None)
    target = next((e for e in rows if e.kind != LogKind.UNDO), None)
    found = []
    if undo is not None:
        found.append(f"撤销有效，此人未在场（以{record(undo)}为准）")
    if target is not None:
        found.append(f"撤销无效，此人在场（以{record(target)}为准）")
    return tuple(found)


def _name(session: Session, e: LogEvent) -> str:
    person = session.get(Participant, e.participant_id) if e.participant_id else None
    return person.name if person else "未知人员"


def person_label(session: Session, participant_id: int | None) -> str:
    """Whom a conflict concerns, as the office's list shows them: name and masked document
    number ("" when the log names nobody known here)."""
    person = session.get(Participant, participant_id) if participant_id is not None else None
    if person is None:
        return ""
    masked = idcard.mask_stored(person.doc_type, person.doc_prefix, person.doc_last4)
    return f"{person.name}（{masked}）" if masked else person.name
