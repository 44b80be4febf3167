"""Selection of participants within each activity's capacity, manual status changes, and why.

The seeds ask for a balanced final list (最终参与名单将根据报名情况均衡选取): people already
confirmed by phone keep their seats, invited people come first where the office says so, then
categories take turns, and companions are confirmed together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app.errors import NotFound, UserError
from checkin_app.models import Activity, Event, Participant, Status, StatusChange

# Statuses the selection may move; declined and cancelled people are the office's call, not ours.
_OPEN = (Status.APPLIED, Status.WAITLISTED)
SELECTION_ACTOR = "自动选取"

STATUS_LABELS: dict[Status, str] = {
    Status.APPLIED: "已报名",
    Status.CONFIRMED: "已确认",
    Status.WAITLISTED: "候补",
    Status.DECLINED: "本人谢绝",
    Status.CANCELLED: "已取消",
}


@dataclass(frozen=True)
class Decision:
    """What the selection (or an office worker) did to one person, and why."""

    participant_id: int
    name: str
    activity_id: int
    old: Status | None
    new: Status
    reason: str

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class ActivityOutcome:
    """How full one activity is after the selection, overall and per category."""

    id: int
    name: str
    capacity: int
    confirmed: int
    waitlisted: int
    # (category, confirmed people) and (category, waitlisted people), categories in name order.
    confirmed_by_category: tuple[tuple[str, int], ...]
    waitlisted_by_category: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class SelectionReport:
    event_id: int
    event_name: str
    activities: tuple[ActivityOutcome, ...]
    # Every person the selection placed (confirmed or waitlisted this run), in decision order.
    decisions: tuple[Decision, ...]

    @property
    def changes(self) -> tuple[Decision, ...]:
        """Only the decisions that moved someone to another status."""
        return tuple(d for d in self.decisions if d.changed)


@dataclass(frozen=True)
class Offer:
    """The first waitlisted person of an activity, offered a freed seat; nobody is confirmed yet."""

    participant_id: int
    name: str
    category: str
    phone: str
    activity_id: int
    activity_name: str
    free_seats: int
    # Companions who must be confirmed with this person (ids, registration order), if any.
    companions: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class HistoryEntry:
    old: Status | None
    new: Status
    reason: str
    actor: str
    at: dt.datetime


@dataclass(frozen=True)
class Explanation:
    participant_id: int
    name: str
    activity_name: str
    category: str
    status: Status
    decision: str
    history: tuple[HistoryEntry, ...]


# ---------------------------------------------------------------- the selection itself


@dataclass
class _Unit:
    """People who come together (one companion key) or one person alone, in registration order."""

    members: list[Participant]
    with_confirmed: bool = False  # a companion already holds a confirmed seat

    @property
    def head(self) -> Participant:
        return self.members[0]

    @property
    def category(self) -> str:
        return self.head.category

    @property
    def invited(self) -> bool:
        return any(p.invited for p in self.members)

    @property
    def size(self) -> int:
        return len(self.members)

    def order_key(self) -> tuple[dt.datetime, int]:
        return (self.head.registered_at, self.head.id)


def _reg_key(p: Participant) -> tuple[dt.datetime, int]:
    return (p.registered_at, p.id)


def _units(candidates: Sequence[Participant], confirmed: Sequence[Participant]) -> list[_Unit]:
    """Group candidates by companion key (within the activity); singles stay alone."""
    confirmed_keys = {p.companion_key for p in confirmed if p.companion_key}
    by_key: dict[str, _Unit] = {}
    units: list[_Unit] = []
    for p in sorted(candidates, key=_reg_key):
        key = p.companion_key.strip()
        if not key:
            units.append(_Unit([p]))
        elif key in by_key:
            by_key[key].members.append(p)
        else:
            unit = _Unit([p], with_confirmed=key in confirmed_keys)
            by_key[key] = unit
            units.append(unit)
    return units


@dataclass(frozen=True)
class _Placed:
    unit: _Unit
    phase: str  # "companion", "invited" or "balanced"


def _priority(
    units: list[_Unit], confirmed: Sequence[Participant], invited_first: bool
) -> list[_Placed]:
    """The order in which units get seats; it continues past capacity to order the waitlist.

    Companions of people already confirmed come first (their party is committed), then the
    invited where the office asked for that, then categories take turns: the category with the
    fewest people taken so far goes next (ties: whose next unit registered first, then name).
    """
    ordered: list[_Placed] = []
    rest: list[_Unit] = []
    for unit in sorted(units, key=_Unit.order_key):
        if unit.with_confirmed:
            ordered.append(_Placed(unit, "companion"))
        elif invited_first and unit.invited:
            ordered.append(_Placed(unit, "invited"))
        else:
            rest.append(unit)
    taken: Counter[str] = Counter(p.category for p in confirmed)
    for placed in ordered:
        taken[placed.unit.category] += placed.unit.size
    queues: dict[str, list[_Unit]] = defaultdict(list)
    for unit in rest:  # already in registration order
        queues[unit.category].append(unit)
    heads = {category: 0 for category in queues}
    while heads:
        category = min(
            heads,
            key=lambda c: (taken[c], queues[c][heads[c]].order_key(), c),
        )
        unit = queues[category][heads[category]]
        ordered.append(_Placed(unit, "balanced"))
        taken[category] += unit.size
        heads[category] += 1
        if heads[category] == len(queues[category]):
            del heads[category]
    return ordered


def _activity_rows(session: Session, activity: Activity) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.activity_id == activity.id)
            .order_by(Participant.registered_at, Participant.id)
        )
    )


def _record(session: Session, p: Participant, new: Status, reason: str, actor: str) -> Decision:
    old = p.status
    p.decision = reason
    if old != new:
        p.status = new
        session.add(StatusChange(participant=p, old=old, new=new, reason=reason, actor=actor))
    return Decision(p.id, p.name, p.activity_id, old, new, reason)


def _confirm_reason(placed: _Placed, seat: int, capacity: int, skipped: int) -> str:
    unit = placed.unit
    seats = (
        f"名额 {capacity} 中第 {seat} 位"
        if unit.size == 1
        else f"同行 {unit.size} 人一同确认，名额 {capacity} 中第 {seat}–{seat + unit.size - 1} 位"
    )
    if placed.phase == "companion":
        why = "与已确认的同行人一同参加"
    elif placed.phase == "invited":
        why = f"特邀（{unit.category}）优先"
    else:
        why = f"均衡选取，类别“{unit.category}”"
    text = f"确认：{why}，{seats}"
    if skipped:
        # Say why a later, smaller party got seats that an earlier one did not.
        text += f"（前面 {skipped} 组同行人数超过剩余名额，按顺序递补）"
    return text


def _waitlist_reason(
    placed: _Placed, position: int, activity: Activity, free: int, confirmed: int, in_category: int
) -> str:
    unit = placed.unit
    if free > 0:
        return f"候补第 {position} 位：同行 {unit.size} 人需同时确认，剩余名额 {free}"
    return (
        f"候补第 {position} 位：“{activity.name}”名额已满（{confirmed}/{activity.capacity}），"
        f"类别“{unit.category}”已确认 {in_category} 人"
    )


def _select_activity(
    session: Session, event: Event, activity: Activity, actor: str
) -> tuple[ActivityOutcome, list[Decision]]:
    rows = _activity_rows(session, activity)
    confirmed = [p for p in rows if p.status == Status.CONFIRMED]
    candidates = [p for p in rows if p.status in _OPEN]
    units = _units(candidates, confirmed)
    order = _priority(units, confirmed, event.invited_first)

    seated = len(confirmed)
    by_category: Counter[str] = Counter(p.category for p in confirmed)
    # Confirm in priority order while the whole unit fits; a unit that does not fit is
    # waitlisted whole, and smaller units after it may still take the last seats.
    fits: list[tuple[_Placed, int, int]] = []  # (unit, first seat, parties skipped before)
    waiting: list[tuple[_Placed, int]] = []  # (unit, seats that were free when it came up)
    for placed in order:
        if seated + placed.unit.size <= activity.capacity:
            fits.append((placed, seated + 1, len(waiting)))
            seated += placed.unit.size
            by_category[placed.unit.category] += placed.unit.size
        else:
            waiting.append((placed, activity.capacity - seated))

    decisions: list[Decision] = []
    for placed, seat, skipped in fits:
        reason = _confirm_reason(placed, seat, activity.capacity, skipped)
        for p in placed.unit.members:
            decisions.append(_record(session, p, Status.CONFIRMED, reason, actor))
    position = 1
    waitlisted: Counter[str] = Counter()
    for placed, free in waiting:
        reason = _waitlist_reason(
            placed, position, activity, free, seated, by_category[placed.unit.category]
        )
        for p in placed.unit.members:
            decisions.append(_record(session, p, Status.WAITLISTED, reason, actor))
            waitlisted[p.category] += 1
        position += 1
    session.flush()
    outcome = ActivityOutcome(
        id=activity.id,
        name=activity.name,
        capacity=activity.capacity,
        confirmed=seated,
        waitlisted=sum(waitlisted.values()),
        confirmed_by_category=tuple(sorted(by_category.items())),
        waitlisted_by_category=tuple(sorted(waitlisted.items())),
    )
    return outcome, decisions


def run_selection(session: Session, event: Event, *, actor: str = "") -> SelectionReport:
    """Confirm within capacity and waitlist the rest, per activity; safe to run again.

    Deterministic for the same data. Confirmed, declined and cancelled people are not moved.
    """
    outcomes: list[ActivityOutcome] = []
    decisions: list[Decision] = []
    for activity in event.activities:
        outcome, made = _select_activity(session, event, activity, actor or SELECTION_ACTOR)
        outcomes.append(outcome)
        decisions.extend(made)
    return SelectionReport(event.id, event.name, tuple(outcomes), tuple(decisions))


# ---------------------------------------------------------------- manual changes


def _participant(session: Session, participant_id: int) -> Participant:
    p = session.get(Participant, participant_id)
    if p is None:
        raise NotFound(f"找不到编号为 {participant_id} 的报名人")
    return p


def _change(
    session: Session, p: Participant, new: Status, *, actor: str, reason: str, default: str
) -> None:
    if p.status == new:
        raise UserError(f"“{p.name}”已经是“{STATUS_LABELS[new]}”状态，无需更改")
    text = reason.strip() or default
    who = f"（{actor}）" if actor else ""
    _record(session, p, new, f"{STATUS_LABELS[new]}：{text}{who}", actor)
    session.flush()


def _confirmed_count(session: Session, activity_id: int) -> int:
    count = session.scalar(
        select(func.count()).where(
            Participant.activity_id == activity_id, Participant.status == Status.CONFIRMED
        )
    )
    return int(count or 0)


def _companions(session: Session, p: Participant) -> list[Participant]:
    if not p.companion_key.strip():
        return []
    return [
        q
        for q in _activity_rows(session, p.activity)
        if q.id != p.id and q.companion_key.strip() == p.companion_key.strip()
    ]


def confirm(
    session: Session, participant_id: int, *, actor: str, reason: str = "", override: bool = False
) -> tuple[str, ...]:
    """Confirm one person by hand; refuses beyond capacity unless `override`.

    Returns warnings for the office (companions not confirmed together); never refuses for them.
    """
    p = _participant(session, participant_id)
    activity = p.activity
    if p.status != Status.CONFIRMED:
        taken = _confirmed_count(session, activity.id)
        if taken >= activity.capacity and not override:
            raise UserError(
                f"“{activity.name}”名额已满（{taken}/{activity.capacity}），无法确认“{p.name}”；"
                "如确需超额，请选择超额确认"
            )
    default = "办公室确认" + ("（超额确认）" if override else "")
    _change(session, p, Status.CONFIRMED, actor=actor, reason=reason, default=default)
    others = [q for q in _companions(session, p) if q.status != Status.CONFIRMED]
    if others:
        names = "、".join(q.name for q in others)
        return (f"“{p.name}”的同行人{names}尚未确认，同行人应一同参加",)
    return ()


def decline(session: Session, participant_id: int, *, actor: str, reason: str = "") -> None:
    """The person said no when phoned (or the office turned them down)."""
    p = _participant(session, participant_id)
    _change(session, p, Status.DECLINED, actor=actor, reason=reason, default="电话确认时本人谢绝")


def waitlist(session: Session, participant_id: int, *, actor: str, reason: str = "") -> None:
    p = _participant(session, participant_id)
    _change(session, p, Status.WAITLISTED, actor=actor, reason=reason, default="办公室改为候补")


def cancel(session: Session, participant_id: int, *, actor: str, reason: str = "") -> Offer | None:
    """Cancel a registration; a freed seat is offered to the first waitlisted person.

    The offer confirms nobody: the office phones that person and confirms them if they accept.
    """
    p = _participant(session, participant_id)
    was_confirmed = p.status == Status.CONFIRMED
    _change(session, p, Status.CANCELLED, actor=actor, reason=reason, default="办公室取消报名")
    if not was_confirmed:
        return None
    return first_waitlisted(session, p.activity)


def first_waitlisted(session: Session, activity: Activity) -> Offer | None:
    """The waitlisted person the selection would seat next, as an offer; None if nobody waits."""
    rows = _activity_rows(session, activity)
    confirmed = [p for p in rows if p.status == Status.CONFIRMED]
    waiting = [p for p in rows if p.status == Status.WAITLISTED]
    free = activity.capacity - len(confirmed)
    order = _priority(_units(waiting, confirmed), confirmed, activity.event.invited_first)
    if not order or free <= 0:
        return None
    # The first party that fits the free seats; else the first in line, to phone anyway.
    placed = next((u for u in order if u.unit.size <= free), order[0])
    head = placed.unit.head
    companions = tuple(q.id for q in placed.unit.members[1:])
    party = f"（同行 {placed.unit.size} 人）" if companions else ""
    message = (
        f"“{activity.name}”空出 {free} 个名额；候补第一位是“{head.name}”"
        f"（{head.category}）{party}，是否电话联系并确认？"
    )
    return Offer(
        participant_id=head.id,
        name=head.name,
        category=head.category,
        phone=head.phone,
        activity_id=activity.id,
        activity_name=activity.name,
        free_seats=free,
        companions=companions,
        message=message,
    )


def explain(session: Session, participant_id: int) -> Explanation:
    """Why the person has their status: the last decision and the whole history."""
    p = _participant(session, participant_id)
    history = tuple(HistoryEntry(h.old, h.new, h.reason, h.actor, h.at) for h in p.history)
    decision = p.decision or (history[-1].reason if history else "尚未进行选取")
    return Explanation(
        participant_id=p.id,
        name=p.name,
        activity_name=p.activity.name,
        category=p.category,
        status=p.status,
        decision=decision,
        history=history,
    )


def status_label(status: Status | None) -> str:
    return "—" if status is None else STATUS_LABELS[status]


def describe(decisions: Iterable[Decision]) -> list[str]:
    """One line per decision, for a console or a log view."""
    return [
        f"[{d.participant_id}] {d.name}：{status_label(d.old)} → {status_label(d.new)}  {d.reason}"
        for d in decisions
    ]
