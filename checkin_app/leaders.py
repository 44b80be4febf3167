"""Group leaders' roll calls: boarding, the roll call before leaving each site, departures, and
where every group is now; all of it derived from the append-only attendance log.

A leader's tick is a log event like a check-in (BOARD at the assembly point, ROLL_CALL at a site,
DEPART when the bus leaves), so it works on a laptop with no network and syncs the same way.
The latest tick of a person at a stop wins: a wrong tick is corrected by ticking again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import attendance, checkin, clock, events, logistics, roles, rotation
from checkin_app.errors import NotFound, Refused, UserError
from checkin_app.models import (
    Activity,
    Event,
    Group,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Vehicle,
    utcnow,
)
from checkin_app.phones import mask_phone

PRESENT = "present"
MISSING = "missing"
ASSEMBLY = "集合点"
_TICKS = (LogKind.BOARD, LogKind.ROLL_CALL, LogKind.DEPART)


# --- What the leader's window and the office are shown. ---


@dataclass(frozen=True)
class Stop:
    """A place where the group takes a roll call: boarding (site_id None), then each site."""

    site_id: int | None
    name: str
    start: dt.time | None = None  # the timetable's planned arrival, when there is one
    end: dt.time | None = None  # ... and planned departure


@dataclass(frozen=True)
class Member:
    """One person of the group as the leader sees them, ticks relative to one stop."""

    participant_id: int
    name: str
    phone_masked: str
    needs: str
    category: str
    vehicle: str
    seat: str
    checked_in: bool  # admitted at the desk
    boarded: bool
    tick: str  # at the stop shown: PRESENT, MISSING or "" (not yet called)
    expected: bool  # counted at the stop shown
    left_behind: bool  # marked missing at a stop the bus has left since
    last_seen: str  # "最后一次在 第一污水处理厂 15:42 点名在场", or "未签到"


@dataclass(frozen=True)
class StopCall:
    """The roll call at one stop: who is expected, who was ticked, and whether the bus left."""

    stop: Stop
    expected: int
    present: int
    missing: tuple[int, ...]  # expected and not ticked present, in seat order
    departed_at: dt.datetime | None  # UTC
    reason: str  # why the bus left with people missing

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class GroupRoster:
    group_id: int
    group: str
    activity_id: int
    activity: str
    event_id: int
    vehicle_id: int | None
    vehicle: str
    leader: str
    leader_phone: str
    stops: tuple[Stop, ...]
    current: int  # index of the stop the group is at (len(stops) once it left the last one)
    shown: int  # index of the stop the members' ticks refer to
    members: tuple[Member, ...]
    calls: tuple[StopCall, ...]

    @property
    def call(self) -> StopCall:
        return self.calls[self.shown]

    @property
    def finished(self) -> bool:
        return self.current >= len(self.stops)


@dataclass(frozen=True)
class Absent:
    name: str
    phone_masked: str
    seat: str
    last_seen: str


@dataclass(frozen=True)
class GroupPosition:
    """Where a group is, for the office's live view."""

    group_id: int
    group: str
    vehicle: str
    leader: str
    leader_phone: str
    place: str  # "集合点", a site's name, "前往 第一污水处理厂", "已返回"
    moving: bool
    since: dt.datetime | None  # UTC
    late_minutes: int | None  # against the timetable; None when there is no timetable
    expected: int
    present: int
    missing: tuple[Absent, ...]


# --- Reading the log. ---


@dataclass
class _Log:
    """The group's part of the log, with the latest tick per (person, stop)."""

    ticks: dict[tuple[int, int | None], str] = field(default_factory=dict)
    tick_at: dict[tuple[int, int | None], dt.datetime] = field(default_factory=dict)
    first_tick: dict[int | None, dt.datetime] = field(default_factory=dict)
    departed: dict[int | None, LogEvent] = field(default_factory=dict)
    seen: dict[int, tuple[dt.datetime, LogKind, int | None]] = field(default_factory=dict)


def _read_log(session: Session, activity_id: int, group_id: int, people: set[int]) -> _Log:
    log = _Log()
    rows = session.scalars(
        select(LogEvent)
        .where(LogEvent.activity_id == activity_id, LogEvent.kind.in_(_TICKS))
        .order_by(LogEvent.at, LogEvent.uid)
    )
    for e in rows:
        site = e.site_id if e.kind != LogKind.BOARD else None
        if e.kind == LogKind.DEPART:
            if e.group_id == group_id and site not in log.departed:
                log.departed[site] = e
            continue
        if e.participant_id is None or e.participant_id not in people:
            continue
        key = (e.participant_id, site)
        log.ticks[key] = e.verdict
        log.tick_at[key] = e.at
        if e.group_id == group_id:
            log.first_tick.setdefault(site, e.at)
        if e.verdict == PRESENT:
            log.seen[e.participant_id] = (e.at, e.kind, site)
    return log


def _zone(event: Event) -> dt.tzinfo:
    return clock.zone(event.timezone)


def _last_seen(
    pid: int,
    log: _Log,
    admitted: dict[int, checkin.Admission],
    site_names: dict[int, str],
    zone: dt.tzinfo,
) -> str:
    candidates: list[tuple[dt.datetime, str]] = []
    if pid in log.seen:
        at, kind, site = log.seen[pid]
        when = clock.in_zone(at, zone).strftime("%H:%M")
        if kind == LogKind.BOARD:
            candidates.append((at, f"最后一次在 {ASSEMBLY} {when} 上车"))
        else:
            name = site_names.get(site or 0, "观摩点")
            candidates.append((at, f"最后一次在 {name} {when} 点名在场"))
    a = admitted.get(pid)
    if a is not None:
        when = clock.in_zone(a.at, zone).strftime("%H:%M")
        candidates.append((a.at, f"最后一次在 {a.station} {when} 签到"))
    if not candidates:
        return "未签到"
    return max(candidates)[1]


# --- The group's stops and people. ---


def _group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound(f"找不到编号为{group_id}的分组")
    return group


def _activity(session: Session, group: Group) -> Activity:
    activity = session.get(Activity, group.activity_id)
    assert activity is not None  # a group belongs to its activity (foreign key)
    return activity


def planned_timetable(session: Session, activity: Activity) -> rotation.Timetable | None:
    try:
        return rotation.timetable_for(session, activity)
    except UserError:
        return None


def group_stops(
    activity: Activity, group: Group, table: rotation.Timetable | None
) -> tuple[Stop, ...]:
    """Boarding, then the group's sites in the order the timetable sends it (else the itinerary)."""
    sites = [(s.site.id, s.site.name) for s in activity.stops]
    visits = [v for v in (table.visits if table else ()) if v.group == group.name]
    # A group split at a site is there from its first sub-group's start to its last one's end.
    by_name: dict[str, tuple[dt.time, dt.time]] = {}
    for v in visits:
        start, end = by_name.get(v.site, (v.start, v.end))
        by_name[v.site] = (min(start, v.start), max(end, v.end))
    if by_name:
        sites.sort(key=lambda s: by_name[s[1]][0] if s[1] in by_name else dt.time.max)
    first = min((v.start for v in visits), default=None)
    board_end = activity.signin_end if first is not None else None
    boarding = Stop(None, ASSEMBLY, activity.signin_start, board_end)
    visited = [Stop(sid, name, *by_name.get(name, ())) for sid, name in sites]
    return (boarding, *visited)


@dataclass(frozen=True)
class _Seated:
    participant: Participant
    vehicle: str
    seat: str


def _seated(session: Session, group: Group) -> list[_Seated]:
    """The group's people in seat order (vehicle by vehicle, front to back, left to right)."""
    rows = list(
        session.execute(
            select(SeatAssignment, Participant, Vehicle)
            .join(Participant, Participant.id == SeatAssignment.participant_id)
            .join(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
            .where(SeatAssignment.group_id == group.id)
        ).all()
    )
    ranks: dict[int, dict[str, int]] = {}
    for _, _, v in rows:
        if v.id not in ranks:
            ranks[v.id] = {s.label: n for n, s in enumerate(logistics.layout(v))}
    rows.sort(
        key=lambda r: (r[2].id != group.vehicle_id, r[2].id, ranks[r[2].id].get(r[0].seat, 0))
    )
    return [_Seated(p, v.label, a.seat) for a, p, v in rows]


@dataclass
class _State:
    calls: list[StopCall]
    current: int
    expected_at: list[set[int]]
    left_behind: set[int]


def _derive(
    stops: Sequence[Stop], people: Sequence[_Seated], log: _Log, admitted: set[int]
) -> _State:
    """Walk the stops in order: who is expected at each, who answered, and who stayed behind.

    Boarding expects the seated people who checked in at the desk (or boarded anyway). Each
    site expects whoever was still with the bus, plus anyone ticked present there (a latecomer
    who caught up). Leaving a stop drops the people ticked missing there: they are left behind,
    and the next stop does not count them unless they turn up again.
    """
    order = [s.participant.id for s in people]
    carried = {pid for pid in order if pid in admitted or log.ticks.get((pid, None)) == PRESENT}
    calls: list[StopCall] = []
    expected_at: list[set[int]] = []
    left: set[int] = set()
    current = len(stops)
    for i, stop in enumerate(stops):
        key = stop.site_id
        present = {pid for pid in order if log.ticks.get((pid, key)) == PRESENT}
        expected = carried | present
        departed = log.departed.get(key)
        calls.append(
            StopCall(
                stop,
                len(expected),
                len(present & expected),
                tuple(pid for pid in order if pid in expected and pid not in present),
                departed.at if departed else None,
                departed.reason if departed else "",
            )
        )
        expected_at.append(expected)
        if departed is None and current == len(stops):
            current = i
        if departed is not None:
            gone = {pid for pid in expected if log.ticks.get((pid, key)) == MISSING}
            left = (left | gone) - present
            carried = expected - gone
        else:
            carried = expected
    return _State(calls, current, expected_at, left)


def _site_names(activity: Activity) -> dict[int, str]:
    return {s.site.id: s.site.name for s in activity.stops}


def group_roster(session: Session, group_id: int, site_id: int | None = -1) -> GroupRoster:
    """The group's roster in seat order, with ticks at `site_id` (None: boarding; -1: the stop
    the group is at now)."""
    group = _group(session, group_id)
    activity = _activity(session, group)
    table = planned_timetable(session, activity)
    stops = group_stops(activity, group, table)
    people = _seated(session, group)
    ids = {s.participant.id for s in people}
    log = _read_log(session, activity.id, group.id, ids)
    admitted = checkin.admissions(session, activity.id)
    state = _derive(stops, people, log, set(admitted))
    if site_id == -1:
        shown = min(state.current, len(stops) - 1)
    else:
        keys = [s.site_id for s in stops]
        if site_id not in keys:
            raise UserError(f"观摩点编号{site_id}不在“{activity.name}”的行程中")
        shown = keys.index(site_id)
    zone = _zone(activity.event)
    names = _site_names(activity)
    key = stops[shown].site_id
    vehicle = session.get(Vehicle, group.vehicle_id) if group.vehicle_id else None
    members = tuple(
        Member(
            s.participant.id,
            s.participant.name,
            mask_phone(s.participant.phone),
            s.participant.needs,
            s.participant.category,
            s.vehicle,
            s.seat,
            s.participant.id in admitted,
            log.ticks.get((s.participant.id, None)) == PRESENT,
            log.ticks.get((s.participant.id, key), ""),
            s.participant.id in state.expected_at[shown],
            s.participant.id in state.left_behind,
            _last_seen(s.participant.id, log, admitted, names, zone),
        )
        for s in people
    )
    return GroupRoster(
        group.id,
        group.name,
        activity.id,
        activity.name,
        activity.event_id,
        group.vehicle_id,
        vehicle.label if vehicle else "",
        group.leader,
        group.leader_phone,
        stops,
        state.current,
        shown,
        members,
        tuple(state.calls),
    )


@dataclass(frozen=True)
class GroupChoice:
    id: int
    name: str
    vehicle: str
    leader: str
    size: int


def activity_groups(session: Session, activity_id: int) -> list[GroupChoice]:
    """The activity's groups for the leader to choose from."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(f"找不到编号为{activity_id}的活动项目")
    plan = logistics.plan_view(session, activity)
    return [GroupChoice(g.id, g.name, g.vehicle, g.leader, g.size) for g in plan.groups]


# --- Ticking. ---


def _who(
    session: Session, group: Group, station: str | None, operator: str | None
) -> tuple[str, str]:
    if station is None:
        station = checkin.desk_station_name(session)
    if not operator:
        operator = group.leader
    if not operator:
        operator = roles.login_name()
    return station, operator


def tick(
    session: Session,
    group_id: int,
    participant_id: int,
    site_id: int | None,
    *,
    present: bool,
    station: str | None = None,
    operator: str | None = None,
    at: dt.datetime | None = None,
) -> GroupRoster:
    """Tick a person present or missing at boarding (site_id None) or at a site's roll call."""
    group = _group(session, group_id)
    activity = _activity(session, group)
    seat = session.scalars(
        select(SeatAssignment).where(SeatAssignment.participant_id == participant_id)
    ).first()
    person = session.get(Participant, participant_id)
    if person is None:
        raise NotFound(f"找不到编号为{participant_id}的报名人")
    if seat is None or seat.group_id != group.id:
        raise UserError(f"{person.name}不在{group.name}的名单中，请核对分组")
    if site_id is not None and site_id not in _site_names(activity):
        raise UserError(f"观摩点编号{site_id}不在“{activity.name}”的行程中")
    station, operator = _who(session, group, station, operator)
    vehicle = session.get(Vehicle, seat.vehicle_id)
    checkin.append(
        session,
        event_id=activity.event_id,
        station=station,
        kind=LogKind.BOARD if site_id is None else LogKind.ROLL_CALL,
        operator=operator,
        activity_id=activity.id,
        participant_id=person.id,
        person=person.doc_hash,
        verdict=PRESENT if present else MISSING,
        site_id=site_id,
        group_id=group.id,
        # Where they sat, so merging stations can tell a seat boarded by two people.
        detail=checkin.json_detail(
            {"vehicle": vehicle.label if vehicle else "", "seat": seat.seat}
        ),
        at=at,
    )
    return group_roster(session, group.id, site_id)


def depart(
    session: Session,
    group_id: int,
    site_id: int | None,
    *,
    reason: str = "",
    station: str | None = None,
    operator: str | None = None,
    at: dt.datetime | None = None,
) -> StopCall:
    """The bus leaves the stop: only when everyone expected was ticked present, or with a reason.

    Raises UserError naming who is missing and where each was last seen.
    """
    roster = group_roster(session, group_id, site_id)
    call = roster.call
    where = call.stop.name
    if call.departed_at is not None:
        when = clock.in_zone(call.departed_at, _zone_of(session, roster)).strftime("%H:%M")
        raise Refused(f"{roster.group}已于{when}离开{where}，不用再次发车")
    reason = reason.strip()
    if not call.complete and not reason:
        by_id = {m.participant_id: m for m in roster.members}
        shown = [f"{by_id[pid].name}（{by_id[pid].last_seen}）" for pid in call.missing[:8]]
        more = f"等{len(call.missing)}人" if len(call.missing) > 8 else ""
        raise Refused(
            f"{roster.group}在{where}应到{call.expected}人，实到{call.present}人，"
            f"未到：{'、'.join(shown)}{more}。请找到他们并点名，或填写原因后再离开"
        )
    if call.expected == 0 and not reason:
        raise Refused(f"{roster.group}在{where}没有应到的人：请先点名，或填写原因后再离开")
    group = _group(session, group_id)
    station, operator = _who(session, group, station, operator)
    missing = len(call.missing)
    row = checkin.append(
        session,
        event_id=roster.event_id,
        station=station,
        kind=LogKind.DEPART,
        operator=operator,
        activity_id=roster.activity_id,
        verdict="complete" if call.complete else "override",
        site_id=site_id,
        group_id=group_id,
        reason=reason,
        detail=checkin.json_detail(
            {"expected": call.expected, "present": call.present, "missing": missing}
        ),
        at=at,
    )
    return StopCall(call.stop, call.expected, call.present, call.missing, row.at, reason)


def _zone_of(session: Session, roster: GroupRoster) -> dt.tzinfo:
    event = session.get(Event, roster.event_id)
    return clock.zone(event.timezone if event else None)


def unlock(
    session: Session,
    group_id: int,
    pin: str,
    *,
    station: str | None = None,
    operator: str | None = None,
    now: dt.datetime | None = None,
) -> roles.Attempt:
    """The supervisor PIN entered at a leader's window (to see phones): a grant or the refusal,
    counted and logged as at the desk (`checkin.unlock`); the caller commits either way."""
    group = _group(session, group_id)
    activity = _activity(session, group)
    station, operator = _who(session, group, station, operator)
    desk = checkin.Desk(activity.id, station, operator)
    return checkin.unlock(session, desk, pin, now=now)


def reveal_phone(
    session: Session,
    group_id: int,
    participant_id: int,
    *,
    supervisor: roles.SupervisorGrant | None,
    station: str | None = None,
    operator: str | None = None,
) -> str:
    """The full number of a group member, to call them; the look is logged (PIPL: who saw what).
    Phones are shown only with the supervisor's grant, as at the desk."""
    roles.require_supervisor(session, supervisor, "显示完整电话号码")
    group = _group(session, group_id)
    person = session.get(Participant, participant_id)
    seat = session.scalars(
        select(SeatAssignment).where(SeatAssignment.participant_id == participant_id)
    ).first()
    if person is None or seat is None or seat.group_id != group.id:
        raise UserError(f"编号{participant_id}不在{group.name}的名单中")
    if not person.phone:
        raise UserError(f"{person.name}没有登记联系电话")
    station, operator = _who(session, group, station, operator)
    checkin.append(
        session,
        event_id=person.event_id,
        station=station,
        kind=LogKind.REVEAL,
        operator=operator,
        activity_id=person.activity_id,
        participant_id=person.id,
        person=person.doc_hash,
        group_id=group.id,
        reason="带队联系未到人员",
    )
    return person.phone


# --- The office's live view. ---


def _planned(activity: Activity, planned: dt.time | None, zone: dt.tzinfo) -> dt.datetime | None:
    """A timetable time of the activity's day as naive UTC (how the log stores times)."""
    if planned is None:
        return None
    aware = dt.datetime.combine(activity.date, planned, tzinfo=zone)
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def _late(now: dt.datetime, due: dt.datetime | None) -> int | None:
    if due is None:
        return None
    return max(0, int((now - due).total_seconds() // 60))


def positions(
    session: Session, activity_id: int, *, now: dt.datetime | None = None
) -> list[GroupPosition]:
    """Which group is where since when, how late against the timetable, and who is missing."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(f"找不到编号为{activity_id}的活动项目")
    now = now or utcnow()
    zone = _zone(activity.event)
    table = planned_timetable(session, activity)
    groups = session.scalars(
        select(Group).where(Group.activity_id == activity.id).order_by(Group.id)
    ).all()
    admitted = checkin.admissions(session, activity.id)
    names = _site_names(activity)
    found: list[GroupPosition] = []
    for group in groups:
        people = _seated(session, group)
        if not people:
            continue
        ids = {s.participant.id for s in people}
        log = _read_log(session, activity.id, group.id, ids)
        stops = group_stops(activity, group, table)
        state = _derive(stops, people, log, set(admitted))
        found.append(
            _position(activity, group, stops, people, log, state, admitted, names, zone, now)
        )
    return found


def _position(
    activity: Activity,
    group: Group,
    stops: Sequence[Stop],
    people: Sequence[_Seated],
    log: _Log,
    state: _State,
    admitted: dict[int, checkin.Admission],
    names: dict[int, str],
    zone: dt.tzinfo,
    now: dt.datetime,
) -> GroupPosition:
    has_table = any(s.start is not None for s in stops[1:])
    by_id = {s.participant.id: s for s in people}
    vehicle = people[0].vehicle if people else ""
    i = state.current
    since: dt.datetime | None
    if i >= len(stops):
        last = log.departed[stops[-1].site_id]
        place, moving, since = "已返回", False, last.at
        due = _planned(activity, stops[-1].end, zone) if has_table else None
        late = _late(last.at, due) if due else (0 if has_table else None)
        call = state.calls[-1]
    else:
        stop = stops[i]
        call = state.calls[i]
        arrived = log.first_tick.get(stop.site_id)
        before = log.departed.get(stops[i - 1].site_id) if i > 0 else None
        if i == 0 or (arrived is not None and (before is None or arrived >= before.at)):
            place, moving = stop.name, False
            since = arrived
            end = stop.end if i > 0 else activity.signin_end
            late = _late(now, _planned(activity, end, zone)) if has_table else None
        else:
            place, moving = f"前往 {stop.name}", True
            since = before.at if before else None
            late = _late(now, _planned(activity, stop.start, zone)) if has_table else None
    absent_ids = [pid for pid in call.missing if log.ticks.get((pid, call.stop.site_id)) == MISSING]
    absent_ids += sorted(state.left_behind - set(absent_ids), key=list(by_id).index)
    missing = tuple(
        Absent(
            by_id[pid].participant.name,
            mask_phone(by_id[pid].participant.phone),
            by_id[pid].seat,
            _last_seen(pid, log, admitted, names, zone),
        )
        for pid in absent_ids
        if pid in by_id
    )
    return GroupPosition(
        group.id,
        group.name,
        vehicle,
        group.leader,
        group.leader_phone,
        place,
        moving,
        since,
        late,
        call.expected,
        call.present,
        missing,
    )


def replan_after_signin(session: Session, activity: Activity) -> logistics.Planned:
    """Once sign-in closed: seat the people the desks admitted, keep everyone who boarded."""
    arrived = set(checkin.admissions(session, activity.id))
    return logistics.plan_activity(session, activity, arrived=arrived)


@dataclass(frozen=True)
class LeaderData:
    """What a group leader's window shows: the choices, the group's roster, its bus and sign-in."""

    activities: tuple[tuple[int, str], ...]
    activity_id: int | None
    groups: tuple[GroupChoice, ...]
    roster: GroupRoster | None
    bus: logistics.VehicleMap | None
    # The group's sign-in at the desk, counted as the desk and the report count (attendance.py).
    signin: attendance.Tally | None = None


def leader_view(
    session: Session, event_id: int, activity_id: int | None, group_id: int | None, site: int | None
) -> LeaderData:
    """The leader's window for a group (the first of the activity when none is chosen)."""
    event = events.find_event(session, event_id)
    choices = tuple((a.id, a.name) for a in event.activities)
    if activity_id is None and choices:
        activity_id = choices[0][0]
    activity = session.get(Activity, activity_id) if activity_id is not None else None
    if activity is None:
        return LeaderData(choices, None, (), None, None)
    groups = tuple(g for g in activity_groups(session, activity.id) if g.size)
    if group_id not in {g.id for g in groups}:
        group_id, site = (groups[0].id if groups else None), -1
    if group_id is None:
        return LeaderData(choices, activity.id, groups, None, None)
    roster = group_roster(session, group_id, site)
    bus = next(
        (m for m in logistics.vehicle_maps(session, activity) if m.vehicle_id == roster.vehicle_id),
        None,
    )
    signin = attendance.attendance_counts(session, activity.id).group(roster.group)
    return LeaderData(choices, activity.id, groups, roster, bus, signin)


@dataclass(frozen=True)
class LogisticsData:
    """The logistics tab: the activity's buses with their seats, who has no seat yet, and where
    each group is now."""

    activities: tuple[tuple[int, str], ...]
    activity_id: int | None
    maps: tuple[logistics.VehicleMap, ...]
    seats: tuple[logistics.SeatView, ...]
    unseated: tuple[tuple[int, str], ...]
    positions: tuple[GroupPosition, ...]
    timezone: str


def logistics_view(session: Session, event_id: int, activity_id: int | None) -> LogisticsData:
    """What the logistics tab shows for an activity (the event's first when none is chosen)."""
    summary = events.summarise(session, events.find_event(session, event_id))
    choices = tuple((a.id, a.name) for a in summary.activities)
    if activity_id is None and choices:
        activity_id = choices[0][0]
    event = events.find_event(session, event_id)
    activity = next((a for a in event.activities if a.id == activity_id), None)
    if activity is None:
        return LogisticsData(choices, None, (), (), (), (), event.timezone)
    plan = logistics.plan_view(session, activity)
    seated = {s.participant_id for s in plan.seats}
    unseated = tuple(
        (p.id, p.name) for p in logistics.confirmed_people(session, activity) if p.id not in seated
    )
    return LogisticsData(
        choices,
        activity.id,
        tuple(logistics.vehicle_maps(session, activity)),
        plan.seats,
        unseated,
        tuple(positions(session, activity.id)),
        event.timezone,
    )
