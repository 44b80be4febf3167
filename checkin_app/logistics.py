"""Vehicles, seat layouts and groups: automatic seating, manual moves, re-plans after no-shows."""

from __future__ import annotations

import itertools
import math
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from checkin_app import rotation
from checkin_app.errors import NotFound, UserError
from checkin_app.events import closest
from checkin_app.models import (
    Activity,
    Group,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Status,
    Vehicle,
)

# Words in Participant.needs that call for a front seat: mobility, age, motion sickness, pregnancy.
FRONT_SEAT_NEEDS = (
    "行动不便",
    "轮椅",
    "拐杖",
    "腿脚",
    "老人",
    "年长",
    "高龄",
    "晕车",
    "孕",
    "残疾",
)

# The default coach: 10 rows of 2 + 2 and a back row of 5 is the common 45-seat bus; the guide
# and a staff member take the two seats behind the driver.
COACH_ROWS = 10
COACH_SEATS_PER_ROW = 4
COACH_AISLE_AFTER = 2
COACH_BACK_ROW = 5
COACH_RESERVED = "1A,1B"

_SEAT_RE = re.compile(r"^\s*(\d{1,2})\s*([A-Za-z])\s*$")


# --- Frozen views handed to the UI and the command line. ---


@dataclass(frozen=True)
class SeatView:
    participant_id: int
    name: str
    vehicle: str
    seat: str
    group: str
    locked: bool
    category: str = ""
    needs: str = ""


@dataclass(frozen=True)
class GroupView:
    id: int
    name: str
    vehicle: str
    leader: str
    leader_phone: str
    size: int
    size_limit: int | None


@dataclass(frozen=True)
class VehicleView:
    id: int
    label: str
    plate: str
    seats: int  # usable by participants: the layout minus the reserved seats
    occupied: int


@dataclass(frozen=True)
class Constraint:
    """How many of the cases a rule applies to were satisfied (for the benchmark and the office)."""

    name: str
    met: int
    total: int


@dataclass(frozen=True)
class Plan:
    activity_id: int
    seats: tuple[SeatView, ...]
    groups: tuple[GroupView, ...]
    vehicles: tuple[VehicleView, ...]
    released: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    constraints: tuple[Constraint, ...] = ()


# --- Seat layouts. ---


def _letters(n: int) -> str:
    if n > len(string.ascii_uppercase):
        raise UserError(f"每排座位数{n}太多（最多26）")
    return string.ascii_uppercase[:n]


@dataclass(frozen=True)
class SeatPos:
    label: str
    row: int
    index: int  # 0-based from the left
    side: int  # 0 left of the aisle, 1 right of it; the back row is one bench


def layout(v: Vehicle) -> list[SeatPos]:
    """Every seat of the vehicle, front to back and left to right, reserved ones included."""
    seats = [
        SeatPos(f"{row}{letter}", row, i, 0 if i < v.aisle_after else 1)
        for row in range(1, v.rows + 1)
        for i, letter in enumerate(_letters(v.seats_per_row))
    ]
    back = v.rows + 1
    seats += [
        SeatPos(f"{back}{letter}", back, i, 0)
        for i, letter in enumerate(_letters(v.back_row_seats))
    ]
    return seats


def reserved_seats(v: Vehicle) -> set[str]:
    return {s.strip().upper() for s in v.reserved.replace("，", ",").split(",") if s.strip()}


def normalise_seat(label: str) -> str:
    m = _SEAT_RE.match(label)
    if not m:
        raise UserError(f"座位号“{label}”格式不对，应为排号加字母，例如 3C")
    return f"{int(m.group(1))}{m.group(2).upper()}"


def usable_seats(v: Vehicle) -> list[SeatPos]:
    kept = reserved_seats(v)
    return [s for s in layout(v) if s.label not in kept]


def _adjacent(a: SeatPos, b: SeatPos) -> bool:
    same_row = a.row == b.row and abs(a.index - b.index) == 1
    front_back = a.index == b.index and abs(a.row - b.row) == 1
    return same_row or front_back


def needs_front_seat(needs: str) -> bool:
    return any(word in needs for word in FRONT_SEAT_NEEDS)


# --- Editing vehicles and groups. ---


def add_vehicle(
    session: Session,
    activity: Activity,
    label: str,
    *,
    rows: int = COACH_ROWS,
    seats_per_row: int = COACH_SEATS_PER_ROW,
    aisle_after: int = COACH_AISLE_AFTER,
    back_row_seats: int = COACH_BACK_ROW,
    reserved: str = COACH_RESERVED,
    **fields: str,
) -> Vehicle:
    """A vehicle of the activity; its layout is checked and reserved seats must exist in it."""
    label = _vehicle_label(session, activity, label)
    vehicle = Vehicle(
        activity_id=activity.id,
        label=label,
        rows=rows,
        seats_per_row=seats_per_row,
        aisle_after=aisle_after,
        back_row_seats=back_row_seats,
        reserved=reserved,
        **fields,
    )
    _check_layout(vehicle)
    session.add(vehicle)
    session.flush()
    return vehicle


def _vehicle_label(
    session: Session, activity: Activity, label: str, vehicle_id: int | None = None
) -> str:
    """`label` stripped, refused when empty or another vehicle of the activity has it."""
    return _unique_name(session, activity, Vehicle, Vehicle.label, label, vehicle_id, "车辆")


def _unique_name(
    session: Session,
    activity: Activity,
    model: type[Vehicle] | type[Group],
    column: Any,
    text: str,
    own_id: int | None,
    what: str,
) -> str:
    """A vehicle's or group's name: stripped, refused when empty or when another of the
    activity's vehicles (groups) has it."""
    name = text.strip()
    if not name:
        raise UserError(f"{what}名称不能为空")
    taken = session.scalars(
        select(model.id).where(model.activity_id == activity.id, column == name, model.id != own_id)
    ).first()
    if taken is not None:
        raise UserError(f"“{activity.name}”已有名为“{name}”的{what}")
    return name


def _check_layout(v: Vehicle) -> None:
    label = v.label
    if v.rows <= 0 or v.seats_per_row <= 0 or v.back_row_seats < 0:
        raise UserError(f"车辆“{label}”的排数和每排座位数必须大于0")
    if not 0 <= v.aisle_after <= v.seats_per_row:
        raise UserError(f"车辆“{label}”的过道位置应在0到{v.seats_per_row}之间")
    labels = {s.label for s in layout(v)}
    bad = sorted(reserved_seats(v) - labels)
    if bad:
        raise UserError(f"车辆“{label}”没有座位{'、'.join(bad)}（保留座位必须在座位图内）")


def add_group(
    session: Session,
    activity: Activity,
    name: str,
    *,
    vehicle: Vehicle | None = None,
    leader: str = "",
    leader_phone: str = "",
    size_limit: int | None = None,
) -> Group:
    name = _group_name(session, activity, name)
    _check_size_limit(name, size_limit)
    group = Group(
        activity_id=activity.id,
        name=name,
        leader=leader,
        leader_phone=leader_phone,
        size_limit=size_limit,
        vehicle_id=vehicle.id if vehicle else None,
    )
    session.add(group)
    session.flush()
    return group


def _group_name(
    session: Session, activity: Activity, name: str, group_id: int | None = None
) -> str:
    """`name` stripped, refused when empty or another group of the activity has it."""
    return _unique_name(session, activity, Group, Group.name, name, group_id, "分组")


def _check_size_limit(name: str, size_limit: object) -> None:
    if size_limit is not None and (not isinstance(size_limit, int) or size_limit <= 0):
        raise UserError(f"分组“{name}”的人数上限必须大于0（不限则留空）")


# --- Changing and removing vehicles and groups (the command line and the office window). ---


@dataclass(frozen=True)
class VehicleDetails:
    """A vehicle as the office edits it: layout, staff seats, driver and leader, and its load."""

    id: int
    activity_id: int
    label: str
    plate: str
    rows: int
    seats_per_row: int
    aisle_after: int
    back_row_seats: int
    reserved: str
    driver: str
    driver_phone: str
    leader: str
    leader_phone: str
    seats: int  # usable by participants: the layout minus the reserved seats
    occupied: int


@dataclass(frozen=True)
class RemovedVehicle:
    vehicle: VehicleDetails
    unseated: tuple[int, ...]  # participants whose seats on it were released
    groups: tuple[str, ...]  # its groups, now without a vehicle


class VehicleInUse(UserError):
    """A vehicle that still has people seated on it: removing it would leave them seatless."""


VEHICLE_FIELDS = frozenset(
    {
        "label",
        "plate",
        "rows",
        "seats_per_row",
        "aisle_after",
        "back_row_seats",
        "reserved",
        "driver",
        "driver_phone",
        "leader",
        "leader_phone",
    }
)
GROUP_FIELDS = frozenset({"name", "vehicle_id", "leader", "leader_phone", "size_limit"})
_LAYOUT = ("label", "rows", "seats_per_row", "aisle_after", "back_row_seats", "reserved")


def _seated_on(session: Session, vehicle_id: int) -> list[tuple[SeatAssignment, Participant]]:
    rows = session.execute(
        select(SeatAssignment, Participant)
        .join(Participant, Participant.id == SeatAssignment.participant_id)
        .where(SeatAssignment.vehicle_id == vehicle_id)
        .order_by(Participant.id)
    )
    return [(a, p) for a, p in rows]


def _vehicle_details(session: Session, v: Vehicle) -> VehicleDetails:
    return VehicleDetails(
        v.id,
        v.activity_id,
        v.label,
        v.plate,
        v.rows,
        v.seats_per_row,
        v.aisle_after,
        v.back_row_seats,
        v.reserved,
        v.driver,
        v.driver_phone,
        v.leader,
        v.leader_phone,
        len(usable_seats(v)),
        len(_seated_on(session, v.id)),
    )


def _activity_of(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    assert activity is not None  # vehicles and groups belong to their activity (foreign key)
    return activity


def _ref_matches(ref: str, row_id: int, name: str) -> bool:
    return ref == name or (ref.isdigit() and int(ref) == row_id)


def find_vehicle(session: Session, activity: Activity, ref: str | int) -> Vehicle:
    """The vehicle of `activity` with this id or label."""
    text = str(ref).strip()
    vehicles = activity_vehicles(session, activity)
    for v in vehicles:
        if _ref_matches(text, v.id, v.label):
            return v
    guess = closest(text, [v.label for v in vehicles])
    hint = f"，是否是“{guess}”？" if guess else ""
    raise NotFound(f"“{activity.name}”没有名为“{text}”的车辆{hint}")


def find_group(session: Session, activity: Activity, ref: str | int) -> Group:
    """The group of `activity` with this id or name."""
    text = str(ref).strip()
    groups = list(
        session.scalars(select(Group).where(Group.activity_id == activity.id).order_by(Group.id))
    )
    for g in groups:
        if _ref_matches(text, g.id, g.name):
            return g
    guess = closest(text, [g.name for g in groups])
    hint = f"，是否是“{guess}”？" if guess else ""
    raise NotFound(f"“{activity.name}”没有名为“{text}”的分组{hint}")


def vehicle_details(session: Session, vehicle_id: int) -> VehicleDetails:
    return _vehicle_details(session, _get_vehicle(session, vehicle_id))


def _get_vehicle(session: Session, vehicle_id: int) -> Vehicle:
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise NotFound(f"找不到编号为{vehicle_id}的车辆")
    return vehicle


def update_vehicle(session: Session, vehicle_id: int, **fields: object) -> VehicleDetails:
    """Change the named fields of a vehicle; nobody seated may lose their seat to a new layout."""
    vehicle = _get_vehicle(session, vehicle_id)
    unknown = set(fields) - VEHICLE_FIELDS
    if unknown:
        raise ValueError(f"unknown vehicle fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    if "label" in fields:
        activity = _activity_of(session, vehicle.activity_id)
        fields["label"] = _vehicle_label(session, activity, str(fields["label"]), vehicle.id)
    proposed = Vehicle(**{k: fields.get(k, getattr(vehicle, k)) for k in _LAYOUT})
    _check_layout(proposed)
    usable = {s.label for s in usable_seats(proposed)}
    lost = [(a, p) for a, p in _seated_on(session, vehicle.id) if a.seat not in usable]
    if lost:
        seats = "、".join(a.seat for a, _ in lost[:6]) + ("等" if len(lost) > 6 else "")
        raise UserError(
            f"车辆“{vehicle.label}”的座位{seats}已有人（{_names(p for _, p in lost)}），"
            "新的座位图没有这些座位或把它们留给工作人员：请先把这些人移到别的座位或重新排座"
        )
    for key, value in fields.items():
        setattr(vehicle, key, value)
    session.flush()
    return _vehicle_details(session, vehicle)


def remove_vehicle(session: Session, vehicle_id: int, *, unseat: bool = False) -> RemovedVehicle:
    """Delete a vehicle. Its seated people keep the vehicle unless `unseat` releases their seats
    (never for people who boarded); its groups stay, without a vehicle."""
    vehicle = _get_vehicle(session, vehicle_id)
    details = _vehicle_details(session, vehicle)
    seated = _seated_on(session, vehicle.id)
    if seated:
        ticked = boarded(session, vehicle.activity_id)
        on_board = [p for _, p in seated if p.id in ticked]
        if on_board:
            raise UserError(
                f"车辆“{vehicle.label}”上已有{len(on_board)}人上车（{_names(on_board)}），不能删除"
            )
        if not unseat:
            raise VehicleInUse(
                f"车辆“{vehicle.label}”已安排{len(seated)}人的座位"
                f"（{_names(p for _, p in seated)}），不能删除：请先把他们移到其他车辆，"
                "或在删除时一并释放这些座位（之后重新排座）"
            )
        for a, _ in seated:
            session.delete(a)
    groups = list(
        session.scalars(select(Group).where(Group.vehicle_id == vehicle.id).order_by(Group.id))
    )
    for g in groups:
        g.vehicle_id = None
    session.delete(vehicle)
    session.flush()
    return RemovedVehicle(details, tuple(p.id for _, p in seated), tuple(g.name for g in groups))


def _get_group(session: Session, group_id: int) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound(f"找不到编号为{group_id}的分组")
    return group


def group_view(session: Session, group_id: int) -> GroupView:
    """The group with its vehicle's label and how many people it has now."""
    g = _get_group(session, group_id)
    vehicle = session.get(Vehicle, g.vehicle_id) if g.vehicle_id else None
    size = session.scalar(
        select(func.count()).select_from(SeatAssignment).where(SeatAssignment.group_id == g.id)
    )
    label = vehicle.label if vehicle else ""
    return GroupView(g.id, g.name, label, g.leader, g.leader_phone, size or 0, g.size_limit)


def update_group(session: Session, group_id: int, **fields: object) -> GroupView:
    """Change the named fields of a group; a new size limit or vehicle applies at the next plan."""
    group = _get_group(session, group_id)
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise ValueError(f"unknown group fields: {sorted(unknown)}")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    activity = _activity_of(session, group.activity_id)
    if "name" in fields:
        fields["name"] = _group_name(session, activity, str(fields["name"]), group.id)
    if "size_limit" in fields:
        _check_size_limit(str(fields.get("name", group.name)), fields["size_limit"])
    vehicle_id = fields.get("vehicle_id")
    if vehicle_id is not None:
        vehicle = session.get(Vehicle, vehicle_id)
        if vehicle is None or vehicle.activity_id != activity.id:
            raise UserError(f"“{activity.name}”没有编号为{vehicle_id}的车辆")
    for key, value in fields.items():
        setattr(group, key, value)
    session.flush()
    return group_view(session, group.id)


def remove_group(session: Session, group_id: int) -> GroupView:
    """Delete a group that no leader has ticked anyone in; its people wait for the next plan."""
    group = _get_group(session, group_id)
    view = group_view(session, group.id)
    ticks = session.scalar(
        select(func.count()).select_from(LogEvent).where(LogEvent.group_id == group.id)
    )
    if ticks:
        raise UserError(f"分组“{group.name}”已有{ticks}条上车或点名记录，不能删除")
    session.execute(
        update(SeatAssignment).where(SeatAssignment.group_id == group.id).values(group_id=None)
    )
    session.delete(group)
    session.flush()
    return view


def default_fleet(session: Session, activity: Activity, people: int) -> list[Vehicle]:
    """Enough standard 45-seat coaches for `people`, for offices that plan before hiring."""
    per_coach = len(usable_seats(_coach()))
    count = max(1, math.ceil(people / per_coach))
    return [add_vehicle(session, activity, f"{i}号车") for i in range(1, count + 1)]


def _coach() -> Vehicle:
    return Vehicle(
        label="",
        rows=COACH_ROWS,
        seats_per_row=COACH_SEATS_PER_ROW,
        aisle_after=COACH_AISLE_AFTER,
        back_row_seats=COACH_BACK_ROW,
        reserved=COACH_RESERVED,
    )


# --- The seating algorithm. ---


@dataclass
class _Bus:
    vehicle: Vehicle
    index: int
    seats: list[SeatPos]
    taken: dict[str, int] = field(default_factory=dict)  # seat label -> participant id
    planned: list[list[Participant]] = field(default_factory=list)
    planned_count: int = 0
    limit: int = 0
    categories: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    units: set[str] = field(default_factory=set)

    @property
    def load(self) -> int:
        return len(self.taken) + self.planned_count

    @property
    def room(self) -> int:
        return self.limit - self.load


@dataclass
class _Unit:
    people: list[Participant]
    front: bool
    work_unit: str
    current: tuple[int, int] | None = None  # (bus index, seat order) before a re-plan

    @property
    def first_id(self) -> int:
        return min(p.id for p in self.people)


def _units(people: Sequence[Participant]) -> list[_Unit]:
    by_key: dict[str, list[Participant]] = defaultdict(list)
    units: list[_Unit] = []
    for p in sorted(people, key=lambda p: p.id):
        if p.companion_key:
            by_key[p.companion_key].append(p)
        else:
            units.append(_Unit([p], needs_front_seat(p.needs), p.work_unit.strip()))
    for members in by_key.values():
        front = any(needs_front_seat(p.needs) for p in members)
        units.append(_Unit(members, front, members[0].work_unit.strip()))
    units.sort(key=lambda u: u.first_id)
    return units


def _names(people: Iterable[Participant]) -> str:
    names = [p.name for p in people]
    shown = "、".join(names[:4])
    return shown + (f"等{len(names)}人" if len(names) > 4 else f"共{len(names)}人")


def _choose_buses(
    units: list[_Unit], buses: list[_Bus], *, keep_work_units: bool, warnings: list[str]
) -> None:
    """Put each unit in a bus: big units first, then spread categories and keep loads even.

    When the office keeps work units together, each work unit is placed in one go, biggest
    first, into a vehicle with room for all of it where there is one.
    """
    left: dict[str, int] = defaultdict(int)  # people of each work unit not yet placed
    if keep_work_units:
        for u in units:
            left[u.work_unit] += len(u.people)
        order = sorted(
            units,
            key=lambda u: (
                -left[u.work_unit] if u.work_unit else 0,
                u.work_unit,
                -len(u.people),
                not u.front,
                u.first_id,
            ),
        )
    else:
        order = sorted(units, key=lambda u: (-len(u.people), not u.front, u.first_id))
    for unit in order:
        size = len(unit.people)
        category = unit.people[0].category
        work = unit.work_unit if keep_work_units else ""
        need = left[work] if work else 0
        stay = unit.current[0] if unit.current is not None else -1
        bus: _Bus | None = None
        best: tuple[bool, bool, bool, float, float, int] | None = None
        for b in buses:
            room = b.limit - len(b.taken) - b.planned_count
            if room < size:
                continue
            limit = b.limit or 1
            key = (
                b.index != stay,
                not (work and work in b.units),
                bool(work) and room < need,
                b.categories[category] / limit,
                (limit - room) / limit,
                b.index,
            )
            if best is None or key < best:
                bus, best = b, key
        if work:
            left[work] -= size
        if bus is not None:
            bus.planned.append(unit.people)
            bus.planned_count += size
            for p in unit.people:
                bus.categories[p.category] += 1
            if work:
                bus.units.add(work)
            continue
        # Companions that no single vehicle can take: the fullest fit first, as close as possible.
        rest = list(unit.people)
        used: list[str] = []
        for bus in sorted(buses, key=lambda b: (-b.room, b.index)):
            if not rest or bus.room <= 0:
                continue
            part, rest = rest[: bus.room], rest[bus.room :]
            bus.planned.append(part)
            bus.planned_count += len(part)
            used.append(bus.vehicle.label)
            for p in part:
                bus.categories[p.category] += 1
        warnings.append(
            f"同行人（{_names(unit.people)}）无法安排在同一辆车，已分坐{'、'.join(used)}，"
            "座位尽量靠近"
        )


def _free_run(bus: _Bus, size: int) -> list[SeatPos]:
    """The frontmost free seats for `size` people sitting together, best shape first."""
    free = [s for s in bus.seats if s.label not in bus.taken]
    if size == 1 or len(free) <= size:
        return free[:size]
    rows: dict[int, list[SeatPos]] = defaultdict(list)
    for s in free:
        rows[s.row].append(s)

    def runs(same_side: bool) -> list[SeatPos] | None:
        for row in sorted(rows):
            seats = rows[row]
            for i in range(len(seats) - size + 1):
                run = seats[i : i + size]
                if all(_adjacent(a, b) for a, b in itertools.pairwise(run)) and (
                    not same_side or len({s.side for s in run}) == 1
                ):
                    return run
        return None

    found = runs(True) or runs(False)
    if found:
        return found
    if size == 2:
        for a in free:
            for b in free:
                if b.row == a.row + 1 and b.index == a.index:
                    return [a, b]
    # Across rows: consecutive free seats in reading order are the closest we can do.
    return free[:size]


def _seat_bus(bus: _Bus, replan: bool) -> None:
    """Seat the bus's planned units: front-seat needs first, then companions, then the rest."""

    def key(people: list[Participant]) -> tuple[object, ...]:
        front = any(needs_front_seat(p.needs) for p in people)
        order = min(p.id for p in people)
        return (not front, 0 if replan else -len(people), order)

    for people in sorted(bus.planned, key=key):
        seats = _free_run(bus, len(people))
        for p, seat in zip(people, seats, strict=True):
            bus.taken[seat.label] = p.id
    bus.planned.clear()
    bus.planned_count = 0


def _check_leaders(session: Session, activity: Activity, confirmed: Sequence[Participant]) -> None:
    by_phone = {p.phone: p for p in confirmed if p.phone}
    by_name = {p.name: p for p in confirmed}
    leaders: list[tuple[str, str, str]] = [
        (f"分组“{g.name}”", g.leader, g.leader_phone)
        for g in session.scalars(select(Group).where(Group.activity_id == activity.id))
    ]
    leaders += [
        (f"车辆“{v.label}”", v.leader, v.leader_phone)
        for v in session.scalars(select(Vehicle).where(Vehicle.activity_id == activity.id))
    ]
    for where, name, phone in leaders:
        if not name.strip():
            continue
        p = by_phone.get(phone) if phone else by_name.get(name.strip())
        if p is not None:
            raise UserError(
                f"{where}的领队“{name}”同时是已确认的参加人（编号{p.id}）：领队坐工作人员座位，"
                "请把此人从参加名单中取消，或更换领队后再排座"
            )


def confirmed_people(session: Session, activity: Activity) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.activity_id == activity.id, Participant.status == Status.CONFIRMED)
            .order_by(Participant.id)
        )
    )


def activity_vehicles(session: Session, activity: Activity) -> list[Vehicle]:
    return list(
        session.scalars(
            select(Vehicle).where(Vehicle.activity_id == activity.id).order_by(Vehicle.id)
        )
    )


def _groups_by_vehicle(session: Session, activity: Activity) -> dict[int | None, list[Group]]:
    found: dict[int | None, list[Group]] = defaultdict(list)
    for g in session.scalars(
        select(Group).where(Group.activity_id == activity.id).order_by(Group.id)
    ):
        found[g.vehicle_id].append(g)
    return found


def _smallest_site(activity: Activity) -> int | None:
    caps = [s.site.capacity_at_once for s in activity.stops if s.site.capacity_at_once]
    return min(caps) if caps else None


def _plan_seats(
    session: Session,
    activity: Activity,
    movers: Sequence[Participant],
    fixed: Sequence[SeatAssignment],
    *,
    keep_work_units: bool,
    current: dict[int, SeatAssignment] | None = None,
) -> tuple[list[str], list[str]]:
    """Seat `movers` around the `fixed` assignments; returns (warnings, released vehicle labels)."""
    warnings: list[str] = []
    vehicles = activity_vehicles(session, activity)
    groups = _groups_by_vehicle(session, activity)
    buses: list[_Bus] = []
    for i, v in enumerate(vehicles):
        seats = usable_seats(v)
        limit = len(seats)
        limits = [g.size_limit for g in groups.get(v.id, [])]
        if limits and all(x is not None for x in limits):
            limit = min(limit, sum(x for x in limits if x is not None))
        buses.append(_Bus(v, i, seats, limit=limit))
    by_id = {b.vehicle.id: b for b in buses}
    for a in fixed:
        by_id[a.vehicle_id].taken[a.seat] = a.participant_id

    needed = len(movers)
    total_room = sum(max(b.room, 0) for b in buses)
    if needed > total_room:
        seats_all = sum(len(b.seats) for b in buses)
        raise UserError(
            f"座位不足：已确认{needed + len(fixed)}人，{len(buses)}辆车共有{seats_all}个可用座位"
            f"（已除去工作人员座位和分组人数上限），还缺{needed - total_room}个座位。"
            "请增加车辆或调整人数"
        )
    # Use as few vehicles as the people need: the ones already holding people, then in order.
    active = [b for b in buses if b.taken]
    room = sum(b.room for b in active)
    for b in buses:
        if room >= needed:
            break
        if b not in active:
            active.append(b)
            room += b.room
    active.sort(key=lambda b: b.index)
    idle = [b for b in buses if b not in active]

    units = _units(movers)
    if current:
        order = {b.vehicle.id: b.index for b in buses}
        seat_order = {(b.vehicle.id, s.label): n for b in buses for n, s in enumerate(b.seats)}
        for u in units:
            was = current.get(u.people[0].id)
            if was is not None:
                u.current = (order[was.vehicle_id], seat_order.get((was.vehicle_id, was.seat), 0))
    _count_fixed_categories(session, active)
    _choose_buses(units, active, keep_work_units=keep_work_units, warnings=warnings)
    if current:
        for b in active:
            b.planned.sort(key=lambda ps: _current_order(ps, current, b))
    for b in active:
        _seat_bus(b, replan=bool(current))

    group_of = _assign_groups(session, activity, active, groups, warnings)
    fixed_ids = {a.participant_id for a in fixed}
    for a in fixed:
        a.group_id = group_of.get(a.participant_id, a.group_id)
    session.add_all(
        SeatAssignment(
            participant_id=pid,
            activity_id=activity.id,
            vehicle_id=b.vehicle.id,
            seat=seat,
            group_id=group_of.get(pid),
        )
        for b in active
        for seat, pid in b.taken.items()
        if pid not in fixed_ids
    )
    session.flush()
    released = [b.vehicle.label for b in idle]
    return warnings, released


def _current_order(
    people: list[Participant], current: dict[int, SeatAssignment], bus: _Bus
) -> tuple[int, int]:
    seat_rank = {s.label: n for n, s in enumerate(bus.seats)}
    a = current.get(people[0].id)
    if a is None:
        return (1, people[0].id)
    return (0, seat_rank.get(a.seat, len(seat_rank)) if a.vehicle_id == bus.vehicle.id else 999)


def _count_fixed_categories(session: Session, buses: list[_Bus]) -> None:
    ids = [pid for b in buses for pid in b.taken.values()]
    if not ids:
        return
    cats = {
        pid: category
        for pid, category in session.execute(
            select(Participant.id, Participant.category).where(Participant.id.in_(ids))
        )
    }
    for b in buses:
        for pid in b.taken.values():
            b.categories[cats.get(pid, "")] += 1


def _assign_groups(
    session: Session,
    activity: Activity,
    active: list[_Bus],
    groups: dict[int | None, list[Group]],
    warnings: list[str],
) -> dict[int, int]:
    """Each vehicle's people, in seat order, into its groups; default groups are made as needed.

    Returns participant id -> group id.
    """
    smallest = _smallest_site(activity)
    existing = {g.name for gs in groups.values() for g in gs}
    number = 1
    made: list[Group] = []
    for bus in active:
        if not groups.get(bus.vehicle.id):
            # A group is the vehicle by default, split when a site takes fewer at once.
            parts = 1 if not smallest else max(1, math.ceil(len(bus.taken) / smallest))
            own: list[Group] = []
            for _ in range(parts):
                while f"第{number}组" in existing:
                    number += 1
                name = f"第{number}组"
                existing.add(name)
                own.append(
                    Group(
                        activity_id=activity.id,
                        name=name,
                        vehicle_id=bus.vehicle.id,
                        leader=bus.vehicle.leader if parts == 1 else "",
                        leader_phone=bus.vehicle.leader_phone if parts == 1 else "",
                    )
                )
            groups[bus.vehicle.id] = own
            made += own
    # One flush for all the new groups: they need ids before the seats can point at them.
    session.add_all(made)
    session.flush()
    group_of: dict[int, int] = {}
    for bus in active:
        people = _in_seat_order(bus)
        own = groups[bus.vehicle.id]
        unlimited = [g for g in own if g.size_limit is None]
        limited_total = sum(g.size_limit or 0 for g in own)
        share = math.ceil(max(len(people) - limited_total, 0) / len(unlimited)) if unlimited else 0
        caps = [g.size_limit if g.size_limit is not None else share for g in own]
        gi, filled = 0, 0
        for pid in people:
            while gi < len(own) - 1 and filled >= caps[gi]:
                gi, filled = gi + 1, 0
            group_of[pid] = own[gi].id
            filled += 1
    for g in groups.get(None, []):
        warnings.append(f"分组“{g.name}”没有指定车辆，本次未分配人员")
    return group_of


def _in_seat_order(bus: _Bus) -> list[int]:
    return [bus.taken[s.label] for s in bus.seats if s.label in bus.taken]


# --- Public services. ---


def assign(session: Session, activity: Activity, *, keep_work_units: bool = False) -> Plan:
    """Seat the activity's confirmed people and put them in groups; locked seats are kept."""
    confirmed = confirmed_people(session, activity)
    _check_leaders(session, activity, confirmed)
    if not activity_vehicles(session, activity):
        raise UserError(f"“{activity.name}”还没有车辆：请先添加车辆")
    ids = {p.id for p in confirmed}
    warnings: list[str] = []
    existing = list(
        session.scalars(select(SeatAssignment).where(SeatAssignment.activity_id == activity.id))
    )
    for a in existing:
        if a.locked and a.participant_id not in ids:
            warnings.append(f"编号{a.participant_id}已不是确认状态，其手动安排的座位已释放")
    fixed = [a for a in existing if a.locked and a.participant_id in ids]
    session.execute(
        delete(SeatAssignment).where(
            SeatAssignment.activity_id == activity.id,
            SeatAssignment.id.not_in([a.id for a in fixed]),
        )
    )
    session.flush()
    for a in fixed:
        session.refresh(a)
    placed = {a.participant_id for a in fixed}
    movers = [p for p in confirmed if p.id not in placed]
    more, released = _plan_seats(session, activity, movers, fixed, keep_work_units=keep_work_units)
    warnings += more
    for label in released:
        warnings.append(f"车辆“{label}”没有安排人员：现有人数用不到这辆车")
    return plan_view(
        session,
        activity,
        warnings=warnings,
        released=released,
        keep_work_units=keep_work_units,
    )


def move(session: Session, participant_id: int, vehicle_id: int, seat: str) -> SeatView:
    """A manual move (drag to a seat): the person is locked there for later automatic runs."""
    person = session.get(Participant, participant_id)
    if person is None:
        raise NotFound(f"找不到编号为{participant_id}的报名人")
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None or vehicle.activity_id != person.activity_id:
        raise UserError(f"{person.name}的活动中没有这辆车")
    if person.status != Status.CONFIRMED:
        raise UserError(f"{person.name}还未确认参加，不能安排座位")
    label = normalise_seat(seat)
    if label not in {s.label for s in layout(vehicle)}:
        raise UserError(f"车辆“{vehicle.label}”没有座位{label}")
    if label in reserved_seats(vehicle):
        raise UserError(f"车辆“{vehicle.label}”的座位{label}留给工作人员")
    holder = session.scalars(
        select(SeatAssignment).where(
            SeatAssignment.vehicle_id == vehicle.id, SeatAssignment.seat == label
        )
    ).first()
    if holder is not None and holder.participant_id != person.id:
        other = session.get(Participant, holder.participant_id)
        raise UserError(
            f"车辆“{vehicle.label}”的座位{label}已有{other.name if other else '他人'}，请先移走"
        )
    mine = session.scalars(
        select(SeatAssignment).where(SeatAssignment.participant_id == person.id)
    ).first()
    groups = _groups_by_vehicle(session, person.activity).get(vehicle.id, [])
    group_id = groups[0].id if groups else None
    if mine is None:
        mine = SeatAssignment(participant_id=person.id, activity_id=person.activity_id)
        session.add(mine)
    elif mine.vehicle_id == vehicle.id:
        group_id = mine.group_id
    mine.vehicle_id, mine.seat, mine.locked, mine.group_id = vehicle.id, label, True, group_id
    session.flush()
    group = session.get(Group, group_id) if group_id else None
    return SeatView(person.id, person.name, vehicle.label, label, group.name if group else "", True)


def boarded(session: Session, activity_id: int) -> set[int]:
    """Who is on a bus now, from the log: their latest boarding tick says present.

    A leader who ticked someone by mistake ticks them again as missing; the latest tick wins
    (ordered by time, then uid, so every database derives the same answer).
    """
    latest: dict[int, str] = {}
    for pid, verdict in session.execute(
        select(LogEvent.participant_id, LogEvent.verdict)
        .where(
            LogEvent.activity_id == activity_id,
            LogEvent.kind == LogKind.BOARD,
            LogEvent.participant_id.is_not(None),
        )
        .order_by(LogEvent.at, LogEvent.uid)
    ):
        if pid is not None:
            latest[pid] = verdict
    return {pid for pid, verdict in latest.items() if verdict == "present"}


def replan_after_no_shows(
    session: Session, activity: Activity, arrived: set[int], boarded_too: Iterable[int] = ()
) -> Plan:
    """After sign-in: drop no-shows, close gaps from the front, never move anyone who boarded.

    Who boarded comes from the log (the leaders' boarding ticks); `boarded_too` adds people the
    office knows are seated although no tick reached this database yet.
    """
    told = set(boarded_too)
    confirmed_ids = {p.id for p in confirmed_people(session, activity)}
    # A boarded person who has since been cancelled keeps no seat; everyone else who boarded stays.
    boarded_ids = (boarded(session, activity.id) & confirmed_ids) | told
    return _replan(session, activity, arrived, boarded_ids)


def _replan(session: Session, activity: Activity, arrived: set[int], boarded: set[int]) -> Plan:
    present = arrived | boarded
    confirmed = confirmed_people(session, activity)
    by_id = {p.id: p for p in confirmed}
    strangers = sorted(present - set(by_id))
    if strangers:
        shown = "、".join(str(i) for i in strangers[:10]) + ("等" if len(strangers) > 10 else "")
        raise UserError(f"编号{shown}不是“{activity.name}”的已确认参加人，未重排")
    if not present:
        raise UserError(f"没有给出“{activity.name}”的到场人员，未重排")
    existing = {
        a.participant_id: a
        for a in session.scalars(
            select(SeatAssignment).where(SeatAssignment.activity_id == activity.id)
        )
    }
    before = {a.vehicle_id for a in existing.values()}
    fixed = [a for pid, a in existing.items() if pid in boarded]
    current = {pid: a for pid, a in existing.items()}
    keep = {a.id for a in fixed}
    session.execute(
        delete(SeatAssignment).where(
            SeatAssignment.activity_id == activity.id, SeatAssignment.id.not_in(sorted(keep))
        )
    )
    session.flush()
    for a in fixed:
        session.refresh(a)
    movers = [by_id[pid] for pid in sorted(present) if pid in by_id and pid not in boarded]
    # The movers' old rows are gone; keep plain copies of where they sat to preserve the order.
    snapshot = {
        pid: SeatAssignment(vehicle_id=a.vehicle_id, seat=a.seat)
        for pid, a in current.items()
        if pid not in boarded
    }
    warnings, released = _plan_seats(
        session, activity, movers, fixed, keep_work_units=False, current=snapshot
    )
    absent = len([p for p in confirmed if p.id not in present])
    labels = {v.id: v.label for v in activity_vehicles(session, activity)}
    freed = [label for label in released if any(labels.get(v) == label for v in before)]
    if freed:
        warnings.append(
            f"到场{len(movers) + len(fixed)}人（未到{absent}人），坐得下更少的车："
            f"可以放走{'、'.join(freed)}"
        )
    return plan_view(session, activity, warnings=warnings, released=freed)


def plan_view(
    session: Session,
    activity: Activity,
    *,
    warnings: Sequence[str] = (),
    released: Sequence[str] = (),
    keep_work_units: bool = False,
) -> Plan:
    """The activity's current seats, groups and vehicles, with how well the rules are met."""
    vehicles = activity_vehicles(session, activity)
    vlabel = {v.id: v.label for v in vehicles}
    groups = list(
        session.scalars(select(Group).where(Group.activity_id == activity.id).order_by(Group.id))
    )
    gname = {g.id: g.name for g in groups}
    pairs = [
        (a, p)
        for a, p in session.execute(
            select(SeatAssignment, Participant)
            .join(Participant, Participant.id == SeatAssignment.participant_id)
            .where(SeatAssignment.activity_id == activity.id)
        )
    ]
    rank = {(v.id, s.label): n for v in vehicles for n, s in enumerate(layout(v))}
    pairs.sort(key=lambda ap: (ap[0].vehicle_id, rank.get((ap[0].vehicle_id, ap[0].seat), 0)))
    seats = tuple(
        SeatView(
            p.id,
            p.name,
            vlabel[a.vehicle_id],
            a.seat,
            gname.get(a.group_id, "") if a.group_id else "",
            a.locked,
            p.category,
            p.needs,
        )
        for a, p in pairs
    )
    size: dict[int, int] = defaultdict(int)
    occupied: dict[int, int] = defaultdict(int)
    for a, _ in pairs:
        occupied[a.vehicle_id] += 1
        if a.group_id:
            size[a.group_id] += 1
    group_views = tuple(
        GroupView(
            g.id,
            g.name,
            vlabel.get(g.vehicle_id, "") if g.vehicle_id else "",
            g.leader,
            g.leader_phone,
            size[g.id],
            g.size_limit,
        )
        for g in groups
    )
    vehicle_views = tuple(
        VehicleView(v.id, v.label, v.plate, len(usable_seats(v)), occupied[v.id]) for v in vehicles
    )
    confirmed = confirmed_people(session, activity)
    constraints = _evaluate(vehicles, pairs, confirmed, keep_work_units=keep_work_units)
    return Plan(
        activity.id,
        seats,
        group_views,
        vehicle_views,
        tuple(released),
        tuple(warnings),
        constraints,
    )


def _evaluate(
    vehicles: Sequence[Vehicle],
    pairs: Sequence[tuple[SeatAssignment, Participant]],
    confirmed: Sequence[Participant],
    *,
    keep_work_units: bool,
) -> tuple[Constraint, ...]:
    pos = {(v.id, s.label): s for v in vehicles for s in layout(v)}
    per_row = {v.id: max(1, len(usable_seats(v)) // max(v.rows, 1)) for v in vehicles}
    where = {p.id: a for a, p in pairs}
    checks: list[Constraint] = [Constraint("已确认者有座位", len(where), len(confirmed))]

    companions: dict[str, list[Participant]] = defaultdict(list)
    for p in confirmed:
        if p.companion_key:
            companions[p.companion_key].append(p)
    together = 0
    units = [ps for ps in companions.values() if len(ps) > 1]
    for ps in units:
        seated = [where[p.id] for p in ps if p.id in where]
        if len(seated) == len(ps) and len({a.vehicle_id for a in seated}) == 1:
            spots = [pos[(a.vehicle_id, a.seat)] for a in seated]
            if all(any(_adjacent(s, t) for t in spots if t is not s) for s in spots):
                together += 1
    checks.append(Constraint("同行人同车相邻", together, len(units)))

    front_people = [p for p in confirmed if needs_front_seat(p.needs) and p.id in where]
    count: dict[int, int] = defaultdict(int)
    for p in front_people:
        count[where[p.id].vehicle_id] += 1
    front_ok = sum(
        1
        for p in front_people
        if pos[(where[p.id].vehicle_id, where[p.id].seat)].row
        <= 2 + count[where[p.id].vehicle_id] // per_row[where[p.id].vehicle_id]
    )
    checks.append(Constraint("需照顾者坐前排", front_ok, len(front_people)))

    if keep_work_units:
        units_by_work: dict[str, set[int]] = defaultdict(set)
        sizes: dict[str, int] = defaultdict(int)
        for p in confirmed:
            if p.work_unit.strip() and p.id in where:
                units_by_work[p.work_unit.strip()].add(where[p.id].vehicle_id)
                sizes[p.work_unit.strip()] += 1
        many = [w for w in units_by_work if sizes[w] > 1]
        checks.append(
            Constraint("同单位同车", sum(1 for w in many if len(units_by_work[w]) == 1), len(many))
        )

    loads: dict[int, int] = defaultdict(int)
    by_cat: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for a, p in pairs:
        loads[a.vehicle_id] += 1
        by_cat[p.category][a.vehicle_id] += 1
    total = sum(loads.values())
    spread = 0
    for counts in by_cat.values():
        n = sum(counts.values())
        if all(abs(counts[v] - n * loads[v] / total) <= 1.5 for v in loads):
            spread += 1
    if len(loads) > 1:
        checks.append(Constraint("各车类别均衡", spread, len(by_cat)))
    return tuple(checks)


# --- The office's one call: seats, groups and the timetable. ---


@dataclass(frozen=True)
class Planned:
    plan: Plan
    visits: tuple[rotation.Visit, ...]
    warnings: tuple[str, ...]  # fleet notes, the seating's warnings, then the timetable's


def plan_activity(
    session: Session,
    activity: Activity,
    *,
    keep_work_units: bool = False,
    arrived: set[int] | None = None,
    boarded_too: Iterable[int] = (),
) -> Planned:
    """Plan (or, with `arrived`, re-plan after no-shows) and schedule the site rotation.

    An activity with no vehicles gets standard coaches for its people, with a note to change them
    once the real ones are hired; a timetable that cannot be made is a warning, not a failure.
    """
    notes: list[str] = []
    after: list[str] = []
    confirmed = len(confirmed_people(session, activity))
    if confirmed and not activity_vehicles(session, activity):
        fleet = default_fleet(session, activity, confirmed)
        notes.append(
            f"“{activity.name}”还没有车辆：已按{confirmed}人新建{len(fleet)}辆45座大巴"
            f"（{COACH_RESERVED}留给导游和工作人员），租车后请改成实际车辆"
        )
    if not confirmed:
        plan = plan_view(session, activity)
        after.append(f"“{activity.name}”还没有已确认的参加人，没有可安排的座位")
    elif arrived is not None:
        plan = replan_after_no_shows(session, activity, arrived, boarded_too)
    else:
        plan = assign(session, activity, keep_work_units=keep_work_units)
    timetable: rotation.Timetable | None = None
    try:
        timetable = rotation.timetable_for(session, activity)
    except UserError as err:
        after.append(f"无法排出观摩时间表：{err}")
    warnings = notes + list(plan.warnings) + after
    if timetable is not None:
        warnings += list(timetable.warnings)
    return Planned(plan, timetable.visits if timetable else (), tuple(warnings))


# --- Seat maps for the screens. ---


@dataclass(frozen=True)
class SeatCell:
    label: str
    row: int
    index: int  # 0-based from the left
    aisle_side: int  # 0 left of the aisle, 1 right of it
    reserved: bool
    participant_id: int | None
    name: str
    group: str
    locked: bool


@dataclass(frozen=True)
class VehicleMap:
    """A vehicle drawn as rows of seats, with who sits where."""

    vehicle_id: int
    label: str
    plate: str
    rows: int
    seats_per_row: int
    back_row: int
    cells: tuple[SeatCell, ...]

    @property
    def occupied(self) -> int:
        return sum(1 for c in self.cells if c.participant_id is not None)

    @property
    def usable(self) -> int:
        return sum(1 for c in self.cells if not c.reserved)


def vehicle_maps(session: Session, activity: Activity) -> list[VehicleMap]:
    plan = plan_view(session, activity)
    by_seat = {(s.vehicle, s.seat): s for s in plan.seats}
    maps: list[VehicleMap] = []
    for v in activity_vehicles(session, activity):
        kept = reserved_seats(v)
        cells = []
        for pos in layout(v):
            s = by_seat.get((v.label, pos.label))
            cells.append(
                SeatCell(
                    pos.label,
                    pos.row,
                    pos.index,
                    pos.side,
                    pos.label in kept,
                    s.participant_id if s else None,
                    s.name if s else "",
                    s.group if s else "",
                    s.locked if s else False,
                )
            )
        maps.append(
            VehicleMap(
                v.id, v.label, v.plate, v.rows, v.seats_per_row, v.back_row_seats, tuple(cells)
            )
        )
    return maps
