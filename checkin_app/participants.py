"""The participants of an event as the office sees them: masked, filtered and searchable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin
from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app.idcard import mask_stored
from checkin_app.models import Activity, Gender, Participant, Source, Status
from checkin_app.phones import mask_phone

# Documents of 18 characters whose middle is starred out; passports vary in length.


@dataclass(frozen=True)
class ParticipantRow:
    """One registration, with the identity number and phone masked for the screen."""

    id: int
    name: str
    gender: Gender | None
    work_unit: str
    job_title: str
    phone_masked: str
    doc_masked: str
    category: str
    invited: bool
    activity_id: int
    activity_name: str
    status: Status
    companion_key: str
    needs: str
    remarks: str
    source: Source
    decision: str
    registered_at: dt.datetime


@lru_cache(maxsize=65536)
def name_initials(name: str) -> tuple[frozenset[str], ...]:
    """Every initial each character of `name` may be read with (单 is both d and s as a surname).

    Cached per name: a roster of thousands has far fewer distinct names than searches.
    """
    return tuple(_char_initials(ch) for ch in name)


@lru_cache(maxsize=8192)
def _char_initials(ch: str) -> frozenset[str]:
    # One character at a time so a Latin letter in a name stays one position, not one chunk.
    (readings,) = pinyin(ch, style=Style.FIRST_LETTER, heteronym=True, errors="default")
    return frozenset(r.lower()[:1] for r in readings if r)


def matches_initials(name: str, query: str) -> bool:
    """Whether `query` (e.g. "zs") spells consecutive initials of `name` (e.g. 张三)."""
    initials = name_initials(name)
    q = query.lower()
    for start in range(len(initials) - len(q) + 1):
        if all(q[i] in initials[start + i] for i in range(len(q))):
            return True
    return False


def _matches(row: Participant, query: str) -> bool:
    if query in row.name:
        return True
    if query.isascii() and query.isalpha() and matches_initials(row.name, query):
        return True
    # The last four digits a person reads out from their phone or ID card.
    if len(query) == 4 and query.isascii() and query.isalnum():
        last4 = query.upper()
        return row.phone[-4:] == last4 or row.doc_last4.upper() == last4
    return False


def list_participants(
    session: Session,
    event_id: int,
    *,
    status: Status | None = None,
    category: str | None = None,
    activity_id: int | None = None,
    search: str = "",
) -> list[ParticipantRow]:
    """The event's registrations in registration order, filtered and searched.

    `search` finds a name by substring or pinyin initials, or the last four characters of the
    phone number or identity document.
    """
    stmt = (
        select(Participant, Activity.name)
        .join(Activity, Participant.activity_id == Activity.id)
        .where(Participant.event_id == event_id)
        .order_by(Participant.registered_at, Participant.id)
    )
    if status is not None:
        stmt = stmt.where(Participant.status == status)
    if category:
        stmt = stmt.where(Participant.category == category)
    if activity_id is not None:
        stmt = stmt.where(Participant.activity_id == activity_id)
    query = search.strip()
    rows = []
    for p, activity_name in session.execute(stmt):
        if query and not _matches(p, query):
            continue
        rows.append(
            ParticipantRow(
                id=p.id,
                name=p.name,
                gender=p.gender,
                work_unit=p.work_unit,
                job_title=p.job_title,
                phone_masked=mask_phone(p.phone),
                doc_masked=mask_stored(p.doc_type, p.doc_prefix, p.doc_last4),
                category=p.category,
                invited=p.invited,
                activity_id=p.activity_id,
                activity_name=activity_name,
                status=p.status,
                companion_key=p.companion_key,
                needs=p.needs,
                remarks=p.remarks,
                source=p.source,
                decision=p.decision,
                registered_at=p.registered_at,
            )
        )
    return rows


def categories(session: Session, event_id: int) -> list[str]:
    """The categories used by the event's registrations, for the filter."""
    stmt = (
        select(Participant.category)
        .where(Participant.event_id == event_id)
        .distinct()
        .order_by(Participant.category)
    )
    return [c for c in session.scalars(stmt) if c]
