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


def _checked_name(raw: object, kind: str, taken: list[str], owner: str) -> str:
    """`raw` stripped, refused when empty or already used by another `kind` of `owner`."""
    name = str(raw).strip()
    if not name:
        raise UserError(f"{kind}名称不能为空")
    if name in taken:
        raise UserError(f"“{owner}”中已有名为“{name}”的{kind}")
    return name


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


def resolve_activity(session: Session, activity_ref: str, event_ref: str | None) -> Activity:
    """The activity by id or name; without an event its name must be unique across events."""
    if event_ref:
        return find_activity(session, find_event(session, event_ref), activity_ref)
    if session.scalar(select(Event.id).limit(1)) is None:
        raise UserError("数据库中还没有任何活动：请先导入报名表或运行 checkin demo")
    text = activity_ref.strip()
    if text.isdigit():
        found = session.get(Activity, int(text))
        if found is not None:
            return found
    matches = list(session.scalars(select(Activity).where(Activity.name == text)))
    if len(matches) > 1:
        raise UserError(f"多个活动中都有名为“{text}”的项目，请用 --event 指明是哪一个活动")
    if not matches:
        names = list(session.scalars(select(Activity.name)))
        raise NotFound(f"找不到名为“{text}”的活动项目{_did_you_mean(text, names)}")
    return matches[0]


def find_site(session: Session, event: Event, ref: str | int) -> Site:
    """The observation site of `event` with this id or exact name."""
    text = str(ref).strip()
    for site in event.sites:
        if text == site.name or (text.isdigit() and int(text) == site.id):
            return site
    names = [s.name for s in event.sites]
    raise NotFound(f"“{event.name}”中没有名为“{text}”的观摩点{_did_you_mean(text, names)}")


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
    name = _checked_name(name, "活动项目", [a.name for a in event.activities], event.name)
    if capacity <= 0:
        raise UserError(f"“{name}”的名额必须大于0")
    _check_clock(name, [(label, fields.get(key)) for key, label in _CLOCK])
    activity = Activity(name=name, date=date, capacity=capacity, **fields)
    event.activities.append(activity)
    session.flush()
    return activity


def add_site(session: Session, event: Event, name: str, **fields: object) -> Site:
    name = _checked_name(name, "观摩点", [s.name for s in event.sites], event.name)
    _check_site_numbers(name, fields.get("planned_minutes", 30), fields.get("capacity_at_once"))
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


# --- Editing from the office window: frozen views of the rows, and field-by-field updates. ---


@dataclass(frozen=True)
class EventDetails:
    id: int
    name: str
    organiser: str
    min_age: int
    invited_first: bool
    timezone: str
    notes: str


@dataclass(frozen=True)
class ActivityDetails:
    id: int
    event_id: int
    name: str
    date: dt.date
    assembly_point: str
    signin_start: dt.time | None
    signin_end: dt.time | None
    discussion_start: dt.time | None
    end_time: dt.time | None
    capacity: int
    host_unit: str
    responsible_person: str
    contact_phone: str
    description: str


@dataclass(frozen=True)
class SiteDetails:
    id: int
    name: str
    address: str
    planned_minutes: int
    responsible_unit: str
    capacity_at_once: int | None
    safety_notes: str


@dataclass(frozen=True)
class StopDetails:
    site_id: int
    site_name: str
    position: int
    travel_minutes: int | None
    planned_minutes: int


ACTIVITY_FIELDS = frozenset(
    {
        "name",
        "date",
        "assembly_point",
        "signin_start",
        "signin_end",
        "discussion_start",
        "end_time",
        "capacity",
        "host_unit",
        "responsible_person",
        "contact_phone",
        "description",
    }
)
SITE_FIELDS = frozenset(
    {"name", "address", "planned_minutes", "responsible_unit", "capacity_at_once", "safety_notes"}
)
# The day's clock in the order it runs, with the label the office window shows for each.
_CLOCK = (
    ("signin_start", "签到开始"),
    ("signin_end", "签到结束"),
    ("discussion_start", "座谈开始"),
    ("end_time", "结束时间"),
)


def _event_details(e: Event) -> EventDetails:
    return EventDetails(e.id, e.name, e.organiser, e.min_age, e.invited_first, e.timezone, e.notes)


def _activity_details(a: Activity) -> ActivityDetails:
    return ActivityDetails(
        a.id,
        a.event_id,
        a.name,
        a.date,
        a.assembly_point,
        a.signin_start,
        a.signin_end,
        a.discussion_start,
        a.end_time,
        a.capacity,
        a.host_unit,
        a.responsible_person,
        a.contact_phone,
        a.description,
    )


def _site_details(s: Site) -> SiteDetails:
    return SiteDetails(
        s.id,
        s.name,
        s.address,
        s.planned_minutes,
        s.responsible_unit,
        s.capacity_at_once,
        s.safety_notes,
    )


def _get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(f"找不到编号为 {activity_id} 的活动项目")
    return activity


def _get_site(session: Session, site_id: int) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(f"找不到编号为 {site_id} 的观摩点")
    return site


def event_details(session: Session, event_id: int) -> EventDetails:
    return _event_details(find_event(session, event_id))


def update_event(
    session: Session,
    event_id: int,
    *,
    name: str | None = None,
    organiser: str | None = None,
    min_age: int | None = None,
    invited_first: bool | None = None,
) -> EventDetails:
    """Rename the event or change its organiser, minimum age and invited-first flag."""
    event = find_event(session, event_id)
    if name is not None:
        name = name.strip()
        if not name:
            raise UserError("活动名称不能为空")
        clash = session.scalars(select(Event).where(Event.name == name, Event.id != event.id))
        if clash.first():
            raise UserError(f"已有同名活动“{name}”")
        event.name = name
    if organiser is not None:
        event.organiser = organiser.strip()
    if min_age is not None:
        if not 0 <= min_age <= 120:
            raise UserError(f"最低年龄应在0到120岁之间，而不是{min_age}")
        event.min_age = min_age
    if invited_first is not None:
        event.invited_first = invited_first
    session.flush()
    return _event_details(event)


def activity_details(session: Session, activity_id: int) -> ActivityDetails:
    return _activity_details(_get_activity(session, activity_id))


def site_details(session: Session, site_id: int) -> SiteDetails:
    return _site_details(_get_site(session, site_id))


def list_activities(session: Session, event_id: int) -> list[ActivityDetails]:
    return [_activity_details(a) for a in find_event(session, event_id).activities]


def update_activity(session: Session, activity_id: int, **fields: object) -> ActivityDetails:
    """Change the named fields of an activity; the day's times must run in order."""
    activity = _get_activity(session, activity_id)
    unknown = set(fields) - ACTIVITY_FIELDS
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    if "name" in fields:
        others = [a.name for a in activity.event.activities if a.id != activity.id]
        fields["name"] = _checked_name(fields["name"], "活动项目", others, activity.event.name)
    if "capacity" in fields:
        capacity = fields["capacity"]
        if not isinstance(capacity, int) or capacity <= 0:
            raise UserError(f"“{activity.name}”的名额必须大于0")
        confirmed = session.scalar(
            select(func.count()).where(
                Participant.activity_id == activity.id, Participant.status == Status.CONFIRMED
            )
        )
        if confirmed and capacity < confirmed:
            raise UserError(
                f"“{activity.name}”已确认{confirmed}人，名额不能少于{confirmed}；请先取消多余的确认"
            )
    _check_clock(
        activity.name, [(label, fields.get(key, getattr(activity, key))) for key, label in _CLOCK]
    )
    for key, value in fields.items():
        setattr(activity, key, value)
    session.flush()
    return _activity_details(activity)


def _check_clock(name: str, clock: list[tuple[str, object]]) -> None:
    """The day's times, those that are set, must run in order."""
    times = [(label, t) for label, t in clock if isinstance(t, dt.time)]
    for i in range(1, len(times)):
        (label_a, a), (label_b, b) = times[i - 1], times[i]
        if b < a:
            raise UserError(f"“{name}”的{label_b}（{b:%H:%M}）早于{label_a}（{a:%H:%M}）")


def remove_activity(session: Session, activity_id: int) -> None:
    """Delete an activity that nobody has registered for yet."""
    activity = _get_activity(session, activity_id)
    count = session.scalar(select(func.count()).where(Participant.activity_id == activity.id))
    if count:
        raise UserError(f"“{activity.name}”已有{count}人报名，不能删除")
    activity.event.activities.remove(activity)
    session.flush()


def list_sites(session: Session, event_id: int) -> list[SiteDetails]:
    return [_site_details(s) for s in find_event(session, event_id).sites]


def update_site(session: Session, site_id: int, **fields: object) -> SiteDetails:
    """Change the named fields of an observation site."""
    site = _get_site(session, site_id)
    unknown = set(fields) - SITE_FIELDS
    if unknown:
        raise ValueError(f"unknown site fields: {sorted(unknown)}")
    if "name" in fields:
        others = [s.name for s in site.event.sites if s.id != site.id]
        fields["name"] = _checked_name(fields["name"], "观摩点", others, site.event.name)
    _check_site_numbers(
        site.name,
        fields.get("planned_minutes", site.planned_minutes),
        fields.get("capacity_at_once", site.capacity_at_once),
    )
    for key, value in fields.items():
        setattr(site, key, value)
    session.flush()
    return _site_details(site)


def _check_site_numbers(name: str, minutes: object, at_once: object) -> None:
    if not isinstance(minutes, int) or minutes <= 0:
        raise UserError(f"观摩点“{name}”的计划时长必须大于0分钟")
    if at_once is not None and (not isinstance(at_once, int) or at_once <= 0):
        raise UserError(f"观摩点“{name}”的同时容纳人数必须大于0（不限则留空）")


def remove_site(session: Session, site_id: int) -> None:
    """Delete a site that no itinerary visits."""
    site = _get_site(session, site_id)
    used = session.scalars(
        select(Activity.name).join(ItineraryStop).where(ItineraryStop.site_id == site.id)
    ).all()
    if used:
        raise UserError(f"观摩点“{site.name}”在“{'、'.join(used)}”的行程中，请先从行程中移除")
    site.event.sites.remove(site)
    session.flush()


def itinerary(session: Session, activity_id: int) -> list[StopDetails]:
    activity = _get_activity(session, activity_id)
    return [
        StopDetails(s.site_id, s.site.name, s.position, s.travel_minutes, s.site.planned_minutes)
        for s in activity.stops
    ]


def set_itinerary_ids(
    session: Session, activity_id: int, stops: list[tuple[int, int | None]]
) -> list[StopDetails]:
    """Replace the itinerary with (site id, travel minutes) pairs, in visiting order."""
    activity = _get_activity(session, activity_id)
    pairs = []
    for site_id, minutes in stops:
        if minutes is not None and minutes < 0:
            raise UserError("路上时间不能为负数")
        pairs.append((_get_site(session, site_id), minutes))
    set_itinerary(session, activity, pairs)
    return itinerary(session, activity_id)
