"""Expected, arrived and missing: the one definition the desk, the dashboard, the leaders' window
and the report all count by, so that arrived + missing = expected wherever a number is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from checkin_app.errors import NotFound
from checkin_app.models import (
    Activity,
    Group,
    LogKind,
    Participant,
    SeatAssignment,
    Status,
    Vehicle,
)

UNASSIGNED_BUS = "未分车"
UNASSIGNED_GROUP = "未分组"


@dataclass(frozen=True)
class Tally:
    """One line of counts (an activity, a bus, a group or a category)."""

    label: str
    expected: int
    arrived: int
    missing: int

    def __post_init__(self) -> None:
        # The promise every screen relies on: no count may be shown that does not add up.
        if self.arrived + self.missing != self.expected or min(self.arrived, self.missing) < 0:
            raise ValueError(f"counts do not add up: {self}")


@dataclass(frozen=True)
class Counts:
    """An activity's attendance now.

    expected: everyone confirmed for the activity, plus everyone let in at its desk who was not
      (an override of a waitlisted person, someone confirmed then cancelled but admitted): a
      person who is there is always someone who was expected.
    arrived: everyone whose admission (check-in, walk-in, override) is in effect.
    missing: the expected who have not arrived (confirmed and not let in).
    """

    expected: int
    arrived: int
    missing: int
    walk_ins: int  # arrived by registering on the spot (they are confirmed, so expected too)
    unconfirmed: int  # arrived though not confirmed: a supervisor's override
    buses: tuple[Tally, ...]
    groups: tuple[Tally, ...]
    categories: tuple[Tally, ...]

    def __post_init__(self) -> None:
        if self.arrived + self.missing != self.expected:
            raise ValueError(f"counts do not add up: {self}")

    def bus(self, label: str) -> Tally | None:
        return next((t for t in self.buses if t.label == label), None)

    def group(self, label: str) -> Tally | None:
        return next((t for t in self.groups if t.label == label), None)


@dataclass(frozen=True)
class Placed:
    """One person of the activity as counting needs them: confirmed or not, and where they sit."""

    participant_id: int
    confirmed: bool
    category: str = ""
    bus: str | None = None
    bus_order: int | None = None  # the vehicle's id: buses are listed in the order they were added
    group: str | None = None


def tally(people: Iterable[Placed], inside: Mapping[int, LogKind]) -> Counts:
    """Count `people` (the confirmed and anyone else in) against `inside` (who is in now, with the
    kind of their admission). Someone in who is not among `people` still counts, unplaced."""
    return Roll(people).count(inside)


# How each kind of line labels and orders a person: buses in the order they were added.
_DIMENSIONS: tuple[tuple[Callable[[Placed], str], Callable[[Placed], tuple[bool, int]]], ...] = (
    (lambda p: p.bus or UNASSIGNED_BUS, lambda p: (p.bus is None, p.bus_order or 0)),
    (lambda p: p.group or UNASSIGNED_GROUP, lambda p: (p.group is None, 0)),
    (lambda p: p.category or "其他", lambda p: (False, 0)),
)


class Roll:
    """The people counted against, prepared once (the expected per bus, group and category):
    counting who is in is then as quick as the number inside, which is what lets the desk
    recount 10,000 people after every verdict."""

    def __init__(self, people: Iterable[Placed]) -> None:
        self.by_id = {p.participant_id: p for p in people}
        self._confirmed = sum(1 for p in self.by_id.values() if p.confirmed)
        self._expected: list[dict[str, int]] = [{} for _ in _DIMENSIONS]
        self._order: list[dict[str, tuple[bool, int]]] = [{} for _ in _DIMENSIONS]
        for p in self.by_id.values():
            if p.confirmed:
                self._place(p, self._expected, self._order)

    @staticmethod
    def _place(
        p: Placed, totals: list[dict[str, int]], orders: list[dict[str, tuple[bool, int]]]
    ) -> None:
        for (label_of, order_of), total, order in zip(_DIMENSIONS, totals, orders, strict=True):
            label = label_of(p)
            total[label] = total.get(label, 0) + 1
            order[label] = min(order.get(label, order_of(p)), order_of(p))

    def count(
        self, inside: Mapping[int, LogKind], others: Mapping[int, Placed] | None = None
    ) -> Counts:
        """The counts with `inside` in; `others` places anyone in who is not on the roll."""
        expected = [dict(t) for t in self._expected]
        order = [dict(o) for o in self._order]
        arrived: list[dict[str, int]] = [{} for _ in _DIMENSIONS]
        unconfirmed = 0
        for pid in inside:
            p = self.by_id.get(pid) or (others or {}).get(pid) or Placed(pid, confirmed=False)
            if not p.confirmed:  # let in though not expected: expected now, since they are here
                unconfirmed += 1
                self._place(p, expected, order)
            for (label_of, _), line in zip(_DIMENSIONS, arrived, strict=True):
                label = label_of(p)
                line[label] = line.get(label, 0) + 1
        lines = [
            tuple(
                Tally(k, total[k], got.get(k, 0), total[k] - got.get(k, 0))
                for k in sorted(total, key=lambda label: (*rank[label], label))
            )
            for total, got, rank in zip(expected, arrived, order, strict=True)
        ]
        return Counts(
            expected=self._confirmed + unconfirmed,
            arrived=len(inside),
            missing=self._confirmed + unconfirmed - len(inside),
            walk_ins=sum(1 for kind in inside.values() if kind == LogKind.WALKIN),
            unconfirmed=unconfirmed,
            buses=lines[0],
            groups=lines[1],
            categories=lines[2],
        )


def attendance_counts(session: Session, activity_id: int) -> Counts:
    """The activity's counts as the log and the roster stand now."""
    from checkin_app import checkin  # imported here: checkin counts its desk's lists with `tally`

    if session.get(Activity, activity_id) is None:
        raise NotFound(f"找不到编号为 {activity_id} 的活动项目")
    inside = {pid: a.kind for pid, a in checkin.admissions(session, activity_id).items()}
    people = _placed(
        session,
        activity_id,
        (Participant.activity_id == activity_id) & (Participant.status == Status.CONFIRMED),
    )
    known = {p.participant_id for p in people}
    # Let in though not confirmed here: few, read by id.
    extra = [pid for pid in inside if pid not in known]
    if extra:
        people += _placed(session, activity_id, Participant.id.in_(extra))
    return tally(people, inside)


def _placed(session: Session, activity_id: int, condition: ColumnElement[bool]) -> list[Placed]:
    rows = session.execute(
        select(
            Participant.id,
            Participant.activity_id,
            Participant.status,
            Participant.category,
            Vehicle.label,
            Vehicle.id,
            Group.name,
        )
        .select_from(Participant)
        .outerjoin(SeatAssignment, SeatAssignment.participant_id == Participant.id)
        .outerjoin(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(condition)
    )
    found = []
    for pid, own, status, category, bus, bus_id, group in rows:
        if own != activity_id:  # another activity's person let in here: their seat is not here
            found.append(Placed(pid, False, category))
        else:
            found.append(Placed(pid, status == Status.CONFIRMED, category, bus, bus_id, group))
    return found
