"""The call list (电话通知): the confirmed people to phone, each call's outcome recorded; a person
who cannot come is declined and the freed seat offered to the waitlist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import selection
from checkin_app.errors import UserError
from checkin_app.models import NoticeCall, Participant, Status, utcnow
from checkin_app.selection import Offer

CONFIRMED = "确认参加"
CANNOT_COME = "无法参加"
NO_ANSWER = "未接通"
OUTCOMES = (CONFIRMED, CANNOT_COME, NO_ANSWER)


@dataclass(frozen=True)
class CallRow:
    """A person of the call list and the last call's outcome, if any (time in UTC)."""

    participant_id: int
    name: str
    phone: str
    activity: str
    outcome: str
    actor: str
    at: dt.datetime | None
    calls: int


def call_list(session: Session, event_id: int, activity_id: int | None = None) -> list[CallRow]:
    """The confirmed people, by activity and registration, with their last call."""
    query = select(Participant).where(
        Participant.event_id == event_id, Participant.status == Status.CONFIRMED
    )
    if activity_id is not None:
        query = query.where(Participant.activity_id == activity_id)
    people = list(
        session.scalars(
            query.order_by(Participant.activity_id, Participant.registered_at, Participant.id)
        )
    )
    calls: dict[int, list[NoticeCall]] = {}
    ids = [p.id for p in people]
    for call in session.scalars(
        select(NoticeCall).where(NoticeCall.participant_id.in_(ids)).order_by(NoticeCall.id)
    ):
        calls.setdefault(call.participant_id, []).append(call)
    rows = []
    for p in people:
        made = calls.get(p.id, [])
        last = made[-1] if made else None
        rows.append(
            CallRow(
                p.id,
                p.name,
                p.phone,
                p.activity.name,
                last.outcome if last else "",
                last.actor if last else "",
                last.at if last else None,
                len(made),
            )
        )
    return rows


def record_call(session: Session, participant_id: int, outcome: str, *, actor: str) -> Offer | None:
    """Record a call; 无法参加 declines the person and returns the offer of their seat."""
    if outcome not in OUTCOMES:
        raise UserError(f"未知的通话结果“{outcome}”：应为{'、'.join(OUTCOMES)}")
    person = session.get(Participant, participant_id)
    if person is None:
        raise UserError(f"没有编号为{participant_id}的报名人")
    if person.status != Status.CONFIRMED:
        raise UserError(f"“{person.name}”不是已确认人员，不在电话通知名单上")
    session.add(NoticeCall(participant_id=person.id, outcome=outcome, actor=actor, at=utcnow()))
    if outcome != CANNOT_COME:
        return None
    selection.decline(session, person.id, actor=actor, reason="电话通知时本人表示无法参加")
    session.flush()
    return selection.first_waitlisted(session, person.activity)
