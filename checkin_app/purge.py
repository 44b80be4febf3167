"""Purging an event's personal data after its retention period (PIPL), and wiping a station.

What goes: each participant's name (it becomes "已清除#<id>"), phone, document hash, prefix and
last four characters, gender, work unit, job title, companions, needs and remarks; the drivers'
and leaders' names and phones of the event's vehicles and groups. What stays: ids, activities,
categories, statuses, seats and the whole attendance log, so every count and the report come out
the same afterwards.

The one exception to the append-only log: `log_events.person` is a keyed hash of an ID number,
so anyone holding the workspace key and a number could still tell that this person came. A purge
therefore rewrites `person` to the participant's new random hash (the same one their row gets, so
`person` still names the participant and the log still groups one person's events together) and
strips the walk-in registration out of `detail`. No log row is deleted, and no kind, time,
station, sequence, uid or participant id changes; the Purge row written in the same transaction
records that it happened.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from checkin_app import checkin, clock, sync, wording
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    Event,
    Group,
    LogEvent,
    LogKind,
    Participant,
    Purge,
    Setting,
    Vehicle,
)

# Opinions must be answered within 15 days of the event, by phone among others: the contact data
# is needed until then, and not after.
RETENTION_DAYS = 15
PURGED_PREFIX = "已清除#"
EVENT_SCOPE = "event"
STATION_SCOPE = "station"
_HUB_PUSHED = "hub_pushed_seq"  # the hub's confirmed sequence (checkin_app.hub.PUSHED_SETTING)


@dataclass(frozen=True)
class PurgeResult:
    event: str
    scope: str  # "event" at the office, "station" on a laptop
    people: int  # participants whose personal data was removed
    log_events: int  # log rows whose `person` or walk-in registration was rewritten
    done: bool  # False: nothing was left to purge (no Purge row written)


@dataclass(frozen=True)
class PurgePlan:
    """What a purge of the event would remove, shown before the office confirms."""

    event: str
    people: int
    log_events: int
    earliest: dt.date
    purges: int  # earlier purges of this event
    allowed: bool = True  # the retention period is over today (on the event's clock)


def purged_name(participant_id: int) -> str:
    return f"{PURGED_PREFIX}{participant_id}"


def earliest_purge(session: Session, event: Event) -> dt.date:
    """The first day the event's personal data may be purged."""
    last = session.scalar(select(func.max(Activity.date)).where(Activity.event_id == event.id))
    return (last or event.created_at.date()) + dt.timedelta(days=RETENTION_DAYS)


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise UserError(f"找不到编号为 {event_id} 的活动")
    return event


def _with_personal_data(session: Session, event_id: int) -> list[Participant]:
    return list(
        session.scalars(
            select(Participant)
            .where(
                Participant.event_id == event_id,
                or_(
                    Participant.doc_last4 != "",
                    Participant.phone != "",
                    Participant.name.not_like(f"{PURGED_PREFIX}%"),
                ),
            )
            .order_by(Participant.id)
        )
    )


def _log_rows_to_scrub(session: Session, event_id: int) -> int:
    count = session.scalar(
        select(func.count())
        .select_from(LogEvent)
        .where(
            LogEvent.event_id == event_id,
            or_(LogEvent.person != "", LogEvent.kind == LogKind.WALKIN),
        )
    )
    return int(count or 0)


def plan(session: Session, event_id: int, *, today: dt.date | None = None) -> PurgePlan:
    """What a purge would remove and whether it may run today: shown before anything is asked."""
    event = _event(session, event_id)
    done = session.scalar(select(func.count()).select_from(Purge).where(Purge.event_id == event_id))
    earliest = earliest_purge(session, event)
    return PurgePlan(
        event.name,
        len(_with_personal_data(session, event_id)),
        _log_rows_to_scrub(session, event_id),
        earliest,
        int(done or 0),
        (today or clock.today(event.timezone)) >= earliest,
    )


def _forget(p: Participant) -> str:
    """Blank one participant; return the new random hash that stands in for the old one."""
    p.name = purged_name(p.id)
    p.phone = ""
    p.gender = None
    p.work_unit = ""
    p.job_title = ""
    p.companion_key = ""
    p.needs = ""
    p.remarks = ""
    p.doc_hash = secrets.token_hex(32)
    p.doc_last4 = ""
    p.doc_prefix = ""
    return p.doc_hash


def _scrub_walk_in(detail: str) -> str:
    """A walk-in's detail without the registration's personal fields."""
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return ""
    if not isinstance(data, dict):
        return ""
    registration = data.get("registration")
    if isinstance(registration, dict):
        data["registration"] = {
            k: registration[k] for k in ("category", "over_capacity") if k in registration
        }
    return checkin.json_detail(data)


def _scrub_log(session: Session, event_id: int, new_hash: dict[str, str]) -> int:
    """Rewrite `person` (and walk-in registrations) in the event's log; see the module's note."""
    rows = session.execute(
        select(LogEvent.id, LogEvent.person, LogEvent.kind, LogEvent.detail).where(
            LogEvent.event_id == event_id,
            or_(LogEvent.person != "", LogEvent.kind == LogKind.WALKIN),
        )
    ).all()
    changes = []
    for row_id, person, kind, detail in rows:
        values: dict[str, object] = {"id": row_id}
        if person:
            values["person"] = new_hash.get(person, "")
        if kind == LogKind.WALKIN:
            values["detail"] = _scrub_walk_in(detail)
        changes.append(values)
    if changes:
        session.execute(update(LogEvent), changes)
    return len(changes)


def _forget_staff(session: Session, event_id: int) -> None:
    activity_ids = select(Activity.id).where(Activity.event_id == event_id)
    session.execute(
        update(Vehicle)
        .where(Vehicle.activity_id.in_(activity_ids))
        .values(driver="", driver_phone="", leader="", leader_phone="")
    )
    session.execute(
        update(Group).where(Group.activity_id.in_(activity_ids)).values(leader="", leader_phone="")
    )


def _purge(session: Session, event: Event, scope: str, *, reason: str, actor: str) -> PurgeResult:
    people = _with_personal_data(session, event.id)
    if not people and not _log_rows_with_old_hashes(session, event.id):
        return PurgeResult(event.name, scope, 0, 0, done=False)
    new_hash = {}
    for p in people:
        old = p.doc_hash
        new_hash[old] = _forget(p)
    # Hashes of people purged before stay as they are: they are random already.
    for p in session.scalars(select(Participant).where(Participant.event_id == event.id)):
        new_hash.setdefault(p.doc_hash, p.doc_hash)
    session.flush()
    scrubbed = _scrub_log(session, event.id, new_hash)
    _forget_staff(session, event.id)
    session.add(
        Purge(event_id=event.id, scope=scope, people=len(people), actor=actor, reason=reason)
    )
    session.flush()
    return PurgeResult(event.name, scope, len(people), scrubbed, done=True)


def _log_rows_with_old_hashes(session: Session, event_id: int) -> bool:
    """Log rows naming a hash no participant holds (an event merged into after a purge)."""
    known = select(Participant.doc_hash).where(Participant.event_id == event_id)
    found = session.scalar(
        select(LogEvent.id)
        .where(LogEvent.event_id == event_id, LogEvent.person != "", LogEvent.person.not_in(known))
        .limit(1)
    )
    return found is not None


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise UserError("清除个人信息须填写原因（例如：保存期限已满）")
    return text


def purge_event(
    session: Session, event_id: int, *, reason: str, actor: str, today: dt.date | None = None
) -> PurgeResult:
    """Remove the event's personal data at the office; refused before the retention period ends."""
    event = _event(session, event_id)
    why = _reason(reason)
    earliest = earliest_purge(session, event)
    day = today or clock.today(event.timezone)
    if day < earliest:
        raise UserError(
            f"{wording.quoted(event.name)}的个人信息须保存至活动结束后{RETENTION_DAYS}天"
            "（答复意见建议），"
            f"最早可于{earliest.year}年{earliest.month}月{earliest.day}日清除"
        )
    return _purge(session, event, EVENT_SCOPE, reason=why, actor=actor)


@dataclass(frozen=True)
class StationBacklog:
    station: str
    own_events: int
    last_seq: int
    exported_seq: int  # written to a bundle
    pushed_seq: int  # confirmed by the office through the hub

    @property
    def unsent(self) -> int:
        """Own events neither written to a bundle nor confirmed by the hub."""
        return max(0, self.last_seq - max(self.exported_seq, self.pushed_seq))

    @property
    def confirmed_by_office(self) -> bool:
        return self.pushed_seq >= self.last_seq


def _setting_int(session: Session, key: str) -> int:
    row = session.get(Setting, key)
    return int(row.value.decode() or 0) if row else 0


def station_backlog(session: Session) -> StationBacklog:
    me = sync.identity(session)
    own = session.execute(
        select(func.count(), func.max(LogEvent.seq)).where(LogEvent.station == me.name)
    ).one()
    return StationBacklog(
        me.name,
        int(own[0] or 0),
        int(own[1] or 0),
        sync.exported_seq(session),
        _setting_int(session, _HUB_PUSHED),
    )


def purge_station(
    session: Session, *, reason: str, actor: str, bundle_merged: bool = False
) -> PurgeResult:
    """Wipe a station laptop's copy of the event once the office holds all of its log.

    The office's hub confirmation proves it; a bundle on a USB stick cannot be seen from here,
    so the operator must say the office merged it (`bundle_merged`), which the Purge row keeps.
    """
    me = sync.identity(session)
    why = _reason(reason)
    backlog = station_backlog(session)
    if backlog.unsent:
        raise UserError(
            f"站点“{me.name}”还有 {backlog.unsent} 条签到记录未导出也未上传：请先导出数据包"
            "（checkin bundle export）交办公室合并，再清除"
        )
    if not backlog.confirmed_by_office and not bundle_merged:
        raise UserError(
            f"站点“{me.name}”的记录已导出为数据包，但本机无法确认办公室已合并："
            "请确认办公室已合并后再清除（命令行加 --merged）"
        )
    event = _event(session, me.event_id)
    if bundle_merged and not backlog.confirmed_by_office:
        why += "（操作人确认数据包已由办公室合并）"
    result = _purge(session, event, STATION_SCOPE, reason=why, actor=actor)
    # The workspace's document key links any ID number to its hash: a wiped laptop keeps none.
    key = session.get(Setting, "document_hash_key")
    if key is not None:
        session.delete(key)
        session.flush()
    return result


def has_document_key(session: Session) -> bool:
    return session.get(Setting, "document_hash_key") is not None
