"""Events, their activities, sites and itineraries: lookup, summaries and editing."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from checkin_app.errors import NotFound, UserError
from checkin_app.models import Activity, Event, ItineraryStop, Participant, Site, Status


@dataclass(frozen=True)
class ActivitySummary:
    id: int
    name: str
    date: dt.date
    capacity: int
    applied: int
    confirmed: int
    waitlisted: int
    assembly_point: str = ""
    signin_start: dt.time | None = None
    signin_end: dt.time | None = None


@dataclass(frozen=True)
class EventSummary:
    id: int
    name: str
    organiser: str
    activities: tuple[ActivitySummary, ...] = field(default_factory=tuple)

    @property
    def participants(self) -> int:
        return sum(a.applied for a in self.activities)


def closest(name: str, choices: list[str]) -> str | None:
    """The choice a mistyped name most likely meant, for "did you mean" hints."""
    found = difflib.get_close_matches(name, choices, n=1, cutoff=0.4)
    if found:
        return found[0]
    # Short Chinese names often differ by one character in a way difflib scores low.
    hits = [c for c in choices if name and (name in c or c in name)]
    return hits[0] if hits else None


def _did_you_mean(name: str, choices: list[str]) -> str:
    guess = closest(name, choices)
    return f"，是否是“{guess}”？" if guess else ""


def find_event(session: Session, ref: str | int) -> Event:
    """The event with this id or exact name."""
    text = str(ref).strip()
    if text.isdigit():
        event = session.get(Event, int(text))
        if event is not None:
            return event
    event = session.scalars(select(Event).where(Event.name == text)).first()
    if event is None:
        names = list(session.scalars(select(Event.name)))
        raise NotFound(f"找不到活动“{text}”{_did_you_mean(text, names)}")
    return event


def find_activity(session: Session, event: Event, ref: str | int) -> Activity:
    """The activity of `event` with this id or exact name."""
    text = str(ref).strip()
    for activity in event.activities:
        if text == activity.name or (text.isdigit() and int(text) == activity.id):
            return activity
    names = [a.name for a in event.activities]
    raise NotFound(f"“{event.name}”中没有名为“{text}”的活动{_did_you_mean(text, names)}")


def summarise(session: Session, event: Event) -> EventSummary:
    """The event with, per activity, how many applied, are confirmed and waitlisted."""
    counts = {
        row.activity_id: row
        for row in session.execute(
            select(
                Participant.activity_id,
                func.count().label("applied"),
                func.sum(case((Participant.status == Status.CONFIRMED, 1), else_=0)).label("conf"),
                func.sum(case((Participant.status == Status.WAITLISTED, 1), else_=0)).label("wait"),
            )
            .where(Participant.event_id == event.id)
            .group_by(Participant.activity_id)
        )
    }
    activities = []
    for a in event.activities:
        row = counts.get(a.id)
        activities.append(
            ActivitySummary(
                id=a.id,
                name=a.name,
                date=a.date,
                capacity=a.capacity,
                applied=int(row.applied) if row else 0,
                confirmed=int(row.conf or 0) if row else 0,
                waitlisted=int(row.wait or 0) if row else 0,
                assembly_point=a.assembly_point,
                signin_start=a.signin_start,
                signin_end=a.signin_end,
            )
        )
    return EventSummary(event.id, event.name, event.organiser, tuple(activities))


def list_events(session: Session) -> list[EventSummary]:
    events = session.scalars(select(Event).order_by(Event.id))
    return [summarise(session, e) for e in events]


def create_event(session: Session, name: str, *, organiser: str = "") -> Event:
    name = name.strip()
    if not name:
        raise UserError("活动名称不能为空")
    if session.scalars(select(Event).where(Event.name == name)).first():
        raise UserError(f"已有同名活动“{name}”")
    event = Event(name=name, organiser=organiser)
    session.add(event)
    session.flush()
    return event


def add_activity(
    session: Session, event: Event, name: str, date: dt.date, capacity: int, **fields: object
) -> Activity:
    name = name.strip()
    if not name:
        raise UserError("活动项目名称不能为空")
    if capacity <= 0:
        raise UserError(f"“{name}”的名额必须大于0")
    if any(a.name == name for a in event.activities):
        raise UserError(f"“{event.name}”中已有名为“{name}”的活动项目")
    activity = Activity(name=name, date=date, capacity=capacity, **fields)
    event.activities.append(activity)
    session.flush()
    return activity


def add_site(session: Session, event: Event, name: str, **fields: object) -> Site:
    name = name.strip()
    if not name:
        raise UserError("观摩点名称不能为空")
    if any(s.name == name for s in event.sites):
        raise UserError(f"“{event.name}”中已有名为“{name}”的观摩点")
    site = Site(name=name, **fields)
    event.sites.append(site)
    session.flush()
    return site


def set_itinerary(
    session: Session, activity: Activity, stops: list[tuple[Site, int | None]]
) -> None:
    """Replace the activity's itinerary with `stops`: (site, travel minutes from the previous)."""
    if len({s.id for s, _ in stops}) != len(stops):
        raise UserError("行程中同一观摩点出现了两次")
    for site, _ in stops:
        if site.event_id != activity.event_id:
            raise UserError(f"观摩点“{site.name}”不属于本活动")
    activity.stops.clear()
    session.flush()
    for position, (site, minutes) in enumerate(stops, start=1):
        activity.stops.append(ItineraryStop(site=site, position=position, travel_minutes=minutes))
    session.flush()
