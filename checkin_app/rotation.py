"""The site rotation timetable: which group is at which site when, within the afternoon's time.

A party is one vehicle with its groups: it travels together. When a site takes fewer people at
once than a party brings, the party's groups go in one batch after another while the rest wait;
a group bigger than the site takes goes in as sub-groups in turn (front seats first), and the
timetable says so; when it takes fewer than all parties bring, parties visit the sites in
rotated orders so that they are not all queueing at the same door. The return from the last
site to the discussion is not modelled: the seeds hold the discussion at (or beside) the
itinerary's last site.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app.errors import UserError
from checkin_app.models import Activity, Group, SeatAssignment, Vehicle

ASSEMBLY = "集合点"


@dataclass(frozen=True)
class Stop:
    """A site of the itinerary, in order, with the travel minutes from the previous stop."""

    name: str
    minutes: int
    capacity: int | None
    travel: int | None


@dataclass(frozen=True)
class Party:
    """People who travel together (one vehicle): its groups as (name, size)."""

    label: str
    groups: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        return sum(n for _, n in self.groups)


@dataclass(frozen=True)
class Visit:
    """A group (or, at a site that takes fewer at once, one of its sub-groups) at a site."""

    group: str
    site: str
    start: dt.time
    end: dt.time
    people: int = 0
    part: int = 1  # which sub-group, counted in seat order (front rows first) ...
    parts: int = 1  # ... of how many the group goes in as at this site

    @property
    def who(self) -> str:
        """第1组, or 第1组第2批（11人） for the second sub-group of a split visit."""
        if self.parts == 1:
            return self.group
        return f"{self.group}第{self.part}批（{self.people}人）"


@dataclass(frozen=True)
class Timetable:
    visits: tuple[Visit, ...]
    orders: tuple[tuple[str, tuple[str, ...]], ...]  # party label -> the sites in its order
    idle_minutes: int  # summed over groups: waiting at a site's door or for the rest of the bus
    finish: dt.time | None
    rotated: bool
    warnings: tuple[str, ...] = ()


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _clock(m: int) -> dt.time:
    m = max(0, min(m, 24 * 60 - 1))
    return dt.time(m // 60, m % 60)


def _hhmm(m: int) -> str:
    return _clock(m).strftime("%H:%M")


class _Travel:
    """Travel minutes between stops: the itinerary's legs, else along the itinerary's route."""

    def __init__(self, stops: Sequence[Stop], first_known: bool) -> None:
        self.stops = stops
        self.legs = [s.travel or 0 for s in stops]  # legs[i]: previous (or assembly) -> i
        self.first_known = first_known

    def minutes(self, a: int | None, b: int) -> tuple[int, bool]:
        """From stop `a` (None: the assembly point) to stop `b`; and whether it is an estimate."""
        if a is None:
            return sum(self.legs[: b + 1]), b != 0 or not self.first_known
        lo, hi = min(a, b), max(a, b)
        return sum(self.legs[lo + 1 : hi + 1]), hi - lo != 1


@dataclass(frozen=True)
class _Entry:
    """Who goes through a site's door together: a group, or one sub-group of a split group."""

    group: str
    size: int
    part: int = 1
    parts: int = 1


def _split(size: int, capacity: int | None) -> list[int]:
    """A group's size as the sub-groups a site takes in turn (one when it fits).

    Each sub-group but the last fills the site: the smaller rest can then share a batch with
    another group of the bus, where near-equal halves would each need one of their own.
    """
    if capacity is None or size <= capacity:
        return [size]
    full, rest = divmod(size, capacity)
    return [capacity] * full + ([rest] if rest else [])


def _entries(groups: Sequence[tuple[str, int]], capacity: int | None) -> list[_Entry]:
    return [
        _Entry(name, n, k, len(sizes))
        for name, size in groups
        for sizes in (_split(size, capacity),)
        for k, n in enumerate(sizes, start=1)
    ]


def _batches(groups: Sequence[tuple[str, int]], capacity: int | None) -> list[list[_Entry]]:
    """The party's groups packed into as few batches as the site's door allows (first fit)."""
    entries = _entries(groups, capacity)
    if capacity is None:
        return [entries]
    batches: list[list[_Entry]] = []
    loads: list[int] = []
    # Sorted by size only: a split group's front sub-group keeps going in first.
    for e in sorted(entries, key=lambda e: -e.size):
        for i, load in enumerate(loads):
            if load + e.size <= capacity:
                batches[i].append(e)
                loads[i] += e.size
                break
        else:
            batches.append([e])
            loads.append(e.size)
    return batches


def _earliest(
    reserved: list[tuple[int, int, int]], t: int, length: int, people: int, capacity: int | None
) -> int:
    """The first start at or after `t` when `people` more fit inside the site for `length`."""
    if capacity is None:
        return t
    for x in sorted({t} | {e for _, e, _ in reserved if e > t}):
        points = [x] + [s for s, _, _ in reserved if x < s < x + length]
        if all(sum(n for s, e, n in reserved if s <= p < e) + people <= capacity for p in points):
            return x
    raise AssertionError("a site always frees up after its last reservation")


@dataclass
class _Run:
    visits: list[tuple[int, _Entry, int, str, int, int]]  # (party, who, order, site, start, end)
    idle: int
    finish: int
    estimates: set[tuple[str, str, int]]
    waits: dict[str, int]


def _simulate(
    stops: Sequence[Stop],
    parties: Sequence[Party],
    orders: Sequence[list[int]],
    start: int,
    travel: _Travel,
) -> _Run:
    reserved: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    visits: list[tuple[int, _Entry, int, str, int, int]] = []
    estimates: set[tuple[str, str, int]] = set()
    idle = 0
    waits: dict[str, int] = defaultdict(int)
    finish = start
    heap: list[tuple[int, int, int]] = []  # (ready time, party, step)
    for p, order in enumerate(orders):
        minutes, guessed = travel.minutes(None, order[0])
        if guessed:
            estimates.add((ASSEMBLY, stops[order[0]].name, minutes))
        heapq.heappush(heap, (start + minutes, p, 0))
    while heap:
        t, p, step = heapq.heappop(heap)
        site_index = orders[p][step]
        stop = stops[site_index]
        booked = reserved[site_index]
        # Arrivals come in time order, so reservations that ended before now never matter again.
        booked[:] = [r for r in booked if r[1] > t]
        done = t
        slots: list[tuple[list[_Entry], int, int]] = []
        for batch in _batches(parties[p].groups, stop.capacity):
            people = sum(e.size for e in batch)
            begin = _earliest(booked, t, stop.minutes, people, stop.capacity)
            booked.append((begin, begin + stop.minutes, people))
            slots.append((batch, begin, begin + stop.minutes))
            done = max(done, begin + stop.minutes)
        for batch, begin, end in slots:
            for entry in batch:
                visits.append((p, entry, step, stop.name, begin, end))
                idle += (begin - t) + (done - end)
                waits[stop.name] += (begin - t) + (done - end)
        finish = max(finish, done)
        if step + 1 < len(orders[p]):
            nxt = orders[p][step + 1]
            minutes, guessed = travel.minutes(site_index, nxt)
            if guessed:
                estimates.add((stop.name, stops[nxt].name, minutes))
            heapq.heappush(heap, (done + minutes, p, step + 1))
    return _Run(visits, idle, finish, estimates, dict(waits))


def _candidates(n_sites: int, n_parties: int) -> list[list[list[int]]]:
    forward = list(range(n_sites))
    same = [forward for _ in range(n_parties)]
    cyclic = [forward[p % n_sites :] + forward[: p % n_sites] for p in range(n_parties)]
    both = [
        forward if p % 2 == 0 else list(reversed(forward)) for p in range(n_parties)
    ]  # half the buses drive the route backwards
    mixed = [
        (lambda o: o if (p // n_sites) % 2 == 0 else list(reversed(o)))(cyclic[p])
        for p in range(n_parties)
    ]
    found: list[list[list[int]]] = []
    for c in (same, cyclic, both, mixed):
        if c not in found:
            found.append(c)
    return found


def _split_notes(stops: Sequence[Stop], parties: Sequence[Party]) -> list[str]:
    """What the office is told for each site that takes fewer at once than a group has."""
    notes: list[str] = []
    for s in stops:
        if s.capacity is None:
            continue
        by_size: dict[int, list[str]] = defaultdict(list)  # groups of one size split alike
        for party in parties:
            for name, size in party.groups:
                if size > s.capacity:
                    by_size[size].append(name)
        split = [
            f"{'、'.join(names)}{'各' if len(names) > 1 else ''}{size}人分{len(sizes)}批"
            f"（{'、'.join(f'{n}人' for n in sizes)}）"
            for size, names in by_size.items()
            for sizes in (_split(size, s.capacity),)
        ]
        if split:
            notes.append(
                f"“{s.name}”一次只能进{s.capacity}人：{'；'.join(split)}，按座位顺序先后进入，"
                f"其余组员在外等候。如要整组同进，请把分组人数上限设为不超过{s.capacity}人"
                "或增加分组后重新排座"
            )
    return notes


def _check(
    stops: Sequence[Stop], parties: Sequence[Party], start: int, end: int
) -> tuple[list[str], bool]:
    """Refuse what no order can fix; returns warnings and whether the first leg is known."""
    warnings: list[str] = []
    for i, s in enumerate(stops):
        if s.capacity is not None and s.capacity <= 0:
            raise UserError(
                f"观摩点“{s.name}”的同时容纳人数为{s.capacity}：请填写一次能进入的人数（不限可留空）"
            )
        if s.minutes <= 0:
            raise UserError(f"观摩点“{s.name}”的参观时长为{s.minutes}分钟：请填写大于0的分钟数")
        if i > 0 and s.travel is None:
            raise UserError(
                f"行程中“{stops[i - 1].name}”到“{s.name}”的车程未填写：请在行程中补上分钟数"
            )
    first_known = stops[0].travel is not None
    if not first_known:
        warnings.append(f"集合点到“{stops[0].name}”的车程未填写，按0分钟计算")
    warnings += _split_notes(stops, parties)
    available = end - start
    if available <= 0:
        raise UserError(f"观摩开始{_hhmm(start)}不早于座谈开始{_hhmm(end)}：请检查活动时间")
    travel = sum(s.travel or 0 for s in stops)
    for party in parties:
        visiting = 0
        split: list[str] = []
        for s in stops:
            waves = len(_batches(party.groups, s.capacity))
            visiting += s.minutes * waves
            if waves > 1:
                split.append(f"“{s.name}”分{waves}批")
        if visiting + travel > available:
            detail = f"参观{visiting}分钟" + (f"，其中{'、'.join(split)}" if split else "")
            raise UserError(
                f"观摩点共需{visiting + travel}分钟（{detail}；车程{travel}分钟），"
                f"{_hhmm(start)}到{_hhmm(end)}只有{available}分钟：请减少观摩点、缩短参观时间"
                "或推迟座谈"
            )
    total = sum(p.size for p in parties)
    for s in stops:
        if s.capacity is None:
            continue
        # However the parties are interleaved, the site serves at most `capacity` at a time.
        waves = -(-total // s.capacity)
        if waves * s.minutes > available:
            raise UserError(
                f"“{s.name}”一次只能进{s.capacity}人，{total}人需分{waves}批×{s.minutes}分钟"
                f"={waves * s.minutes}分钟，{_hhmm(start)}到{_hhmm(end)}只有{available}分钟："
                "请增加该点的同时容纳人数、缩短参观时间或减少人数"
            )
    return warnings, first_known


def timetable(
    stops: Sequence[Stop], parties: Sequence[Party], start: dt.time, end: dt.time
) -> Timetable:
    """Schedule every party's groups through every site between `start` and `end`.

    Tries the itinerary's order for everyone, rotated orders and reversed orders, and keeps the
    one that ends in time with the least waiting; raises UserError naming what cannot fit.
    """
    parties = [p for p in parties if p.size > 0]
    if not stops:
        return Timetable((), (), 0, None, False, ("活动没有行程（观摩点），未排时间表",))
    if not parties:
        return Timetable((), (), 0, None, False, ("还没有人安排到车辆和分组，未排时间表",))
    begin, finish_by = _minutes(start), _minutes(end)
    warnings, first_known = _check(stops, parties, begin, finish_by)
    travel = _Travel(stops, first_known)
    best: tuple[tuple[int, int, int, int], _Run, list[list[int]]] | None = None
    for n, orders in enumerate(_candidates(len(stops), len(parties))):
        run = _simulate(stops, parties, orders, begin, travel)
        late = max(0, run.finish - finish_by)
        score = (late, run.idle, run.finish, n)
        if best is None or score < best[0]:
            best = (score, run, orders)
    assert best is not None
    (late, _, _, _), run, orders = best
    if late > 0:
        site, waited = max(run.waits.items(), key=lambda kv: (kv[1], kv[0]))
        raise UserError(
            f"按各观摩点的同时容纳人数轮换后，最晚一组{_hhmm(run.finish)}才结束，"
            f"比{_hhmm(finish_by)}晚{late}分钟（等候最多的是“{site}”，各组共等{waited}分钟）："
            "请增加同时容纳人数、缩短参观时间或推迟座谈"
        )
    for a, b, minutes in sorted(run.estimates):
        warnings.append(f"“{a}”到“{b}”没有直达车程，按行程路线估算为{minutes}分钟，请核实")
    rank = {
        name: (p, i) for p, party in enumerate(parties) for i, (name, _) in enumerate(party.groups)
    }
    ordered = sorted(run.visits, key=lambda v: (rank[v[1].group], v[2], v[1].part))
    visits = tuple(
        Visit(who.group, site, _clock(s), _clock(e), who.size, who.part, who.parts)
        for _, who, _, site, s, e in ordered
    )
    rotated = any(o != orders[0] for o in orders)
    return Timetable(
        visits,
        tuple(
            (party.label, tuple(stops[i].name for i in order))
            for party, order in zip(parties, orders, strict=True)
        ),
        run.idle,
        _clock(run.finish),
        rotated,
        tuple(warnings),
    )


def activity_stops(activity: Activity) -> list[Stop]:
    return [
        Stop(s.site.name, s.site.planned_minutes, s.site.capacity_at_once, s.travel_minutes)
        for s in activity.stops
    ]


def activity_parties(session: Session, activity: Activity) -> list[Party]:
    """The activity's vehicles with their groups and how many people each group has."""
    sizes = {
        group_id: n
        for group_id, n in session.execute(
            select(SeatAssignment.group_id, func.count())
            .where(SeatAssignment.activity_id == activity.id)
            .group_by(SeatAssignment.group_id)
        )
    }
    groups: dict[int | None, list[tuple[str, int]]] = defaultdict(list)
    for g in session.scalars(
        select(Group).where(Group.activity_id == activity.id).order_by(Group.id)
    ):
        if sizes.get(g.id):
            groups[g.vehicle_id].append((g.name, sizes[g.id]))
    parties = [
        Party(v.label, tuple(groups[v.id]))
        for v in session.scalars(
            select(Vehicle).where(Vehicle.activity_id == activity.id).order_by(Vehicle.id)
        )
        if groups.get(v.id)
    ]
    return parties


def timetable_for(session: Session, activity: Activity) -> Timetable:
    """The timetable from the activity's itinerary, groups, sign-in end and discussion start."""
    if activity.signin_end is None:
        raise UserError(f"“{activity.name}”没有填写签到结束时间，无法排观摩时间表")
    end = activity.discussion_start or activity.end_time
    if end is None:
        raise UserError(f"“{activity.name}”没有填写座谈开始或结束时间，无法排观摩时间表")
    return timetable(
        activity_stops(activity), activity_parties(session, activity), activity.signin_end, end
    )
