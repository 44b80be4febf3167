"""The check-in desk's core: one verdict per scan or entry, committed to the append-only attendance
log before it is shown, and the desk's state (who is in, who is missing) derived from that log."""

from __future__ import annotations

import base64
import bisect
import dataclasses
import datetime as dt
import enum
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from checkin_app import attendance, clock, idcard, passes, roles, sealing, slowhash, workspace
from checkin_app.clock import in_zone
from checkin_app.errors import NotFound, Refused, UserError
from checkin_app.idcard import mask_stored
from checkin_app.logistics import usable_seats
from checkin_app.models import (
    Activity,
    Event,
    Group,
    LogEvent,
    LogKind,
    Participant,
    SeatAssignment,
    Setting,
    Source,
    Station,
    Status,
    StatusChange,
    Vehicle,
    utcnow,
)
from checkin_app.participants import name_initials
from checkin_app.phones import mask_phone, normalise_phone
from checkin_app.roles import SupervisorGrant
from checkin_app.selection import status_label

# The kinds of event that let a person in; an UNDO whose `refers_to` names one takes it back.
ADMITTING = (LogKind.CHECKIN, LogKind.WALKIN, LogKind.OVERRIDE)


class Verdict(enum.StrEnum):
    """What the desk tells the steward; the value is what `checkin scan --json` prints."""

    ADMITTED = "admitted"
    ALREADY_CHECKED_IN = "already_checked_in"
    WRONG_ACTIVITY = "wrong_activity"
    WRONG_DAY = "wrong_day"
    NOT_CONFIRMED = "not_confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    OUTDATED = "outdated"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    FORGED = "forged"
    UNREADABLE = "unreadable"
    UNDONE = "undone"  # the answer to an undo: the person is out again and may be scanned


# Verdicts a supervisor may override into an admit: a known person who was refused. Never a
# forged, unreadable or unknown code (nobody to admit), nor someone already in.
OVERRIDABLE = frozenset(
    {
        Verdict.WRONG_ACTIVITY,
        Verdict.WRONG_DAY,
        Verdict.NOT_CONFIRMED,
        Verdict.WAITLISTED,
        Verdict.CANCELLED,
        Verdict.OUTDATED,
        Verdict.REVOKED,
    }
)

# Why a verdict that names someone cannot be overridden: nothing stops them (a script asked).
NOT_OVERRIDABLE = {
    Verdict.ADMITTED: "：此人可直接签到，无需放行",
    Verdict.ALREADY_CHECKED_IN: "：此人已签到，无需放行",
}

STATION_MAX = 60  # LogEvent.station is a String(60)


def check_station_name(name: str) -> str:
    """A station name as typed (trimmed), or a UserError in Chinese: 1 to 60 characters."""
    text = name.strip()
    if not text:
        raise UserError("签到点名称不能为空")
    if len(text) > STATION_MAX:
        raise UserError(f"签到点名称最多{STATION_MAX}个字符，输入的是{len(text)}个")
    return text


@dataclass(frozen=True)
class Desk:
    """Who acts where: every desk action is recorded with these."""

    activity_id: int
    station: str
    operator: str


# --- The log --------------------------------------------------------------------------------


def new_uid() -> str:
    """A globally unique event id: random, so stations never need to agree on anything."""
    return uuid.uuid4().hex


def next_seq(session: Session, station: str) -> int:
    """The station's next sequence number (1, 2, ...), in the caller's transaction."""
    last = session.scalar(select(func.max(LogEvent.seq)).where(LogEvent.station == station))
    return (last or 0) + 1


def append(
    session: Session,
    *,
    event_id: int,
    station: str,
    kind: LogKind,
    operator: str,
    activity_id: int | None = None,
    participant_id: int | None = None,
    person: str = "",
    verdict: str = "",
    site_id: int | None = None,
    group_id: int | None = None,
    refers_to: str = "",
    reason: str = "",
    detail: str = "",
    at: dt.datetime | None = None,
) -> LogEvent:
    """Add one event to the log and flush it. The caller's transaction commits it; a verdict may
    be shown only after that commit returns.

    The sequence number is max + 1, computed by the INSERT itself: on SQLite that runs under the
    write lock, so two writers with one station name cannot both take it. On PostgreSQL two
    concurrent inserts can (each sees the other's row only after it commits): the second breaks
    `(station, seq)` and is retried once with a fresh number, inside a SAVEPOINT so that the
    caller's transaction (a walk-in's new participant, an undo's other rows) survives."""
    check_station_name(station)  # a desk or script with a bad name records nothing
    check_not_another_station(session, event_id, station)
    fields: dict[str, Any] = {
        "event_id": event_id,
        "activity_id": activity_id,
        "station": station,
        "kind": kind,
        "participant_id": participant_id,
        "person": person,
        "verdict": verdict,
        "operator": operator,
        "at": at or utcnow(),
        "site_id": site_id,
        "group_id": group_id,
        "refers_to": refers_to,
        "reason": reason,
        "detail": detail,
    }
    if session.get_bind().dialect.name == "sqlite":
        # No SAVEPOINT here: pysqlite opens its transaction lazily, so a SAVEPOINT before any
        # write starts the transaction itself and its RELEASE would commit the caller's work.
        return _insert(session, fields)
    try:
        with session.begin_nested():
            return _insert(session, fields)
    except IntegrityError:
        with session.begin_nested():
            return _insert(session, fields)  # a second clash is a real fault: it goes up


def _insert(session: Session, fields: dict[str, Any]) -> LogEvent:
    seq = (
        select(func.coalesce(func.max(LogEvent.seq), 0) + 1)
        .where(LogEvent.station == fields["station"])
        .scalar_subquery()
    )
    row = LogEvent(uid=new_uid(), seq=seq, **fields)
    session.add(row)
    session.flush()
    return row


# --- State derived from the log -------------------------------------------------------------


@dataclass(frozen=True)
class Admission:
    """How a person got in: the first admitting event that has not been undone."""

    participant_id: int
    uid: str
    kind: LogKind
    station: str
    operator: str
    at: dt.datetime


def _undone(session: Session, activity_id: int) -> set[str]:
    return set(
        session.scalars(
            select(LogEvent.refers_to).where(
                LogEvent.activity_id == activity_id, LogEvent.kind == LogKind.UNDO
            )
        )
    )


def admissions(session: Session, activity_id: int) -> dict[int, Admission]:
    """Everyone in the activity who is checked in now, by participant id.

    Derived, never stored: a person is in when an admitting event of theirs (check-in, walk-in,
    override) has no undo referring to it. Two stations admitting the same person both count
    once; the earliest is the one shown ("already checked in at 14:21 at 东门").
    """
    undone = _undone(session, activity_id)
    # Columns, not LogEvent objects: thousands of admissions are read after every verdict.
    rows = session.execute(
        select(
            LogEvent.participant_id,
            LogEvent.uid,
            LogEvent.kind,
            LogEvent.station,
            LogEvent.operator,
            LogEvent.at,
        )
        .where(
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_(ADMITTING),
            LogEvent.participant_id.is_not(None),
        )
        .order_by(LogEvent.at, LogEvent.uid)
    )
    found: dict[int, Admission] = {}
    for pid, uid, kind, station, operator, at in rows:
        if uid in undone or pid is None or pid in found:
            continue
        found[pid] = Admission(pid, uid, kind, station, operator, at)
    return found


def admission_of(session: Session, activity_id: int, participant_id: int) -> Admission | None:
    """One person's admission (the earliest in effect), with one indexed query: what a scan
    needs, fast."""
    found = admissions_of(session, activity_id, participant_id)
    return found[0] if found else None


def admissions_of(session: Session, activity_id: int, participant_id: int) -> list[Admission]:
    """Every admitting event of one person that is still in effect, earliest first: two
    stations (merged later) may each have let the same person in."""
    rows = session.scalars(
        select(LogEvent)
        .where(
            LogEvent.participant_id == participant_id,
            LogEvent.activity_id == activity_id,
            LogEvent.kind.in_((*ADMITTING, LogKind.UNDO)),
        )
        .order_by(LogEvent.at, LogEvent.uid)
    ).all()
    undone = {e.refers_to for e in rows if e.kind == LogKind.UNDO}
    return [
        Admission(participant_id, e.uid, e.kind, e.station, e.operator, e.at)
        for e in rows
        if e.kind != LogKind.UNDO and e.uid not in undone
    ]


# --- This database's station ----------------------------------------------------------------

STATION_SETTING = "station_name"


def station_name(session: Session) -> str | None:
    """The station this database belongs to (set by a station package), or None at the office."""
    row = session.get(Setting, STATION_SETTING)
    return row.value.decode() if row else None


def check_not_another_station(session: Session, event_id: int, station: str) -> None:
    """Refuse to record under the name of a station registered for the event, unless this
    database is that station: its own records would clash with the station's bundle (same
    station, same sequence numbers) and make it unmergeable for ever."""
    registered = session.scalar(
        select(Station.id).where(Station.event_id == event_id, Station.name == station)
    )
    if registered is None or station_name(session) == station:
        return
    raise UserError(
        f"“{station}”是本活动已登记的签到点名称，本数据库不能以它的名义签到："
        "请换用本机自己的签到点名称（--station），该签到点的记录请用其数据包合并"
    )


def check_desk(session: Session, desk: Desk) -> None:
    """A desk's station name, checked when it opens: the same checks its first record gets."""
    check_station_name(desk.station)
    check_not_another_station(session, _activity(session, desk.activity_id).event_id, desk.station)


def set_station_name(session: Session, name: str) -> None:
    row = session.get(Setting, STATION_SETTING)
    if row is None:
        session.add(Setting(key=STATION_SETTING, value=name.encode()))
    else:
        row.value = name.encode()


# The office's own desk records under a name of the office's choosing, kept in its database:
# never the host name or the last station a laptop was set up as, which would make that
# station's genuine bundle clash with the office's records at the merge.
OFFICE_DESK_SETTING = "office_desk_name"
OFFICE_DESK_DEFAULT = "办公室"


def desk_station_name(session: Session) -> str:
    """The name this database's desk records under: a station's from its package, else the
    name the office chose for its own desk."""
    fixed = station_name(session)
    if fixed is not None:
        return fixed
    row = session.get(Setting, OFFICE_DESK_SETTING)
    return row.value.decode() if row else OFFICE_DESK_DEFAULT


def rename_office_desk(session: Session, name: str) -> str:
    """Choose the name the office's desk records under; UserError on a station database (its
    name comes with its package) or for the name of a station registered at the office."""
    if station_name(session) is not None:
        raise UserError("站点的签到点名称由站点包决定，不能更改")
    text = check_station_name(name)
    if session.scalar(select(Station.id).where(Station.name == text).limit(1)) is not None:
        raise UserError(f"“{text}”是已登记的签到站点的名称：办公室的签到台请另起一个名称")
    row = session.get(Setting, OFFICE_DESK_SETTING)
    if row is None:
        session.add(Setting(key=OFFICE_DESK_SETTING, value=text.encode()))
    else:
        row.value = text.encode()
    return text


def json_detail(value: dict[str, Any]) -> str:
    """`LogEvent.detail` text: compact, sorted and Chinese left readable in a dump."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- What the desk shows --------------------------------------------------------------------

# Verdicts beyond the scan's: the answer to an undo (the person is out again).
UNDONE_HEADLINE = "已撤销签到"

HEADLINES = {
    Verdict.ADMITTED: "请入场",
    Verdict.ALREADY_CHECKED_IN: "已签到",
    Verdict.WRONG_ACTIVITY: "非本场活动",
    Verdict.WRONG_DAY: "非今日活动",
    Verdict.NOT_CONFIRMED: "未确认参加",
    Verdict.WAITLISTED: "候补名单",
    Verdict.CANCELLED: "已取消报名",
    Verdict.OUTDATED: "通行证已过期",
    Verdict.REVOKED: "通行证已注销",
    Verdict.UNKNOWN: "查无此人",
    Verdict.FORGED: "通行证无效",
    Verdict.UNREADABLE: "无法识别",
    Verdict.UNDONE: UNDONE_HEADLINE,
}

UNASSIGNED_BUS = attendance.UNASSIGNED_BUS


@dataclass(frozen=True)
class Person:
    """What the desk shows about someone; never a clear ID number."""

    id: int
    name: str
    masked_id: str
    category: str
    phone_masked: str
    needs: str
    activity_id: int
    activity_name: str
    status: Status


@dataclass(frozen=True)
class Placement:
    """Where logistics put someone: bus, seat and group (each None until assigned)."""

    bus: str | None = None
    seat: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class ScanResult:
    """One verdict as the desk paints it, after the event behind it (`uid`) was committed."""

    verdict: Verdict
    headline: str
    detail: str
    person: Person | None
    bus: str | None
    seat: str | None
    group: str | None
    first_at: dt.datetime | None  # already checked in: when (UTC) ...
    first_station: str | None  # ... and where
    uid: str
    # The event's time zone, so `checked_in_at` is printed on the event's clock with its offset.
    zone: dt.tzinfo = dt.UTC

    @property
    def admitted(self) -> bool:
        return self.verdict == Verdict.ADMITTED

    def checked_in_at(self) -> dt.datetime | None:
        """When the person was first let in, aware, on the event's clock (e.g. +08:00)."""
        return None if self.first_at is None else in_zone(self.first_at, self.zone)

    def to_json(self) -> dict[str, Any]:
        person = self.person
        first_at = self.checked_in_at()
        return {
            "verdict": self.verdict.value,
            "participant": None
            if person is None
            else {
                "id": person.id,
                "name": person.name,
                "masked_id": person.masked_id,
                "category": person.category,
            },
            "bus": self.bus,
            "seat": self.seat,
            "group": self.group,
            "headline": self.headline,
            "detail": self.detail,
            "checked_in_at": first_at.isoformat() if first_at else None,
            "station": self.first_station,
            "uid": self.uid,
        }


@dataclass(frozen=True)
class WalkIn:
    """An on-site registration typed at the desk."""

    name: str
    id_number: str
    phone: str = ""
    category: str = "市民代表"
    work_unit: str = ""
    needs: str = ""


def _person(p: Participant, activity_name: str) -> Person:
    return Person(
        id=p.id,
        name=p.name,
        masked_id=mask_stored(p.doc_type, p.doc_prefix, p.doc_last4),
        category=p.category,
        phone_masked=mask_phone(p.phone),
        needs=p.needs,
        activity_id=p.activity_id,
        activity_name=activity_name,
        status=p.status,
    )


def _activity(session: Session, activity_id: int) -> Activity:
    # With its event in the same query: a scan needs the event's id and time zone.
    activity = session.get(Activity, activity_id, options=[joinedload(Activity.event)])
    if activity is None:
        raise NotFound(f"找不到编号为 {activity_id} 的活动项目")
    return activity


def _participant(session: Session, participant_id: int) -> Participant:
    person = session.get(Participant, participant_id)
    if person is None:
        raise NotFound(f"找不到编号为 {participant_id} 的报名人")
    return person


def _zone(event: Event) -> dt.tzinfo:
    return clock.zone(event.timezone)


def local_time(event: Event, at: dt.datetime) -> dt.datetime:
    """A stored UTC time in the event's time zone, for the screen."""
    return in_zone(at, _zone(event))


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def placement(session: Session, participant_id: int) -> Placement:
    """The bus, seat and group logistics assigned, in one indexed query."""
    row = session.execute(
        select(Vehicle.label, SeatAssignment.seat, Group.name)
        .select_from(SeatAssignment)
        .join(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(SeatAssignment.participant_id == participant_id)
    ).first()
    if row is None:
        return Placement()
    return Placement(row[0], row[1], row[2])


# --- Telling inputs apart -------------------------------------------------------------------


class InputKind(enum.StrEnum):
    """What was typed or scanned; recorded in the event's detail (never the input itself)."""

    QR = "qr"
    MANUAL = "manual"
    ID = "id"
    SEARCH = "search"
    OTHER = "other"


_ID_LIKE = re.compile(r"[0-9]{5,}[0-9Xx]?")
_BASE32 = re.compile(r"[A-Z2-7]+")
_MANUAL_TYPED = re.compile(r"[0-9A-Za-z]{5}[-\s]?[0-9A-Za-z]{5}")
_PASSPORT = re.compile(r"[A-Z]{1,2}[0-9]{6,9}")
# A QR payload is 130 characters; anything this long in base32 is treated as a (damaged) pass.
_QR_MIN = 24


def classify(text: str) -> InputKind:
    """A QR payload, a manual code, an ID number, or something the desk cannot read."""
    compact = "".join(text.split())
    if not compact:
        return InputKind.OTHER
    id_text = idcard.normalise(compact)
    if _ID_LIKE.fullmatch(id_text) and len(id_text) != passes.MANUAL_LENGTH:
        return InputKind.ID
    if len(compact) >= _QR_MIN and _BASE32.fullmatch(compact.upper()):
        return InputKind.QR
    if _MANUAL_TYPED.fullmatch(text.strip()):
        code = passes.normalise_manual_code(text)
        if _ID_LIKE.fullmatch(code) and not passes.manual_code_is_well_formed(code):
            return InputKind.ID  # ten digits: an ID number cut short, not a code
        return InputKind.MANUAL
    if _ID_LIKE.fullmatch(id_text) or _PASSPORT.fullmatch(id_text):
        return InputKind.ID
    return InputKind.OTHER


# --- Verdicts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    """A verdict before it is written: what the log event and the screen need."""

    verdict: Verdict
    detail: str
    participant: Participant | None = None
    activity_name: str = ""
    admission: Admission | None = None
    zone: dt.tzinfo = dt.UTC  # the desk's event's: where `admission.at` is shown


def _refusal(verdict: Verdict, detail: str) -> _Outcome:
    return _Outcome(verdict, detail)


def _status_outcome(p: Participant, activity_name: str) -> _Outcome | None:
    if p.status == Status.CONFIRMED:
        return None
    if p.status == Status.APPLIED:
        return _Outcome(
            Verdict.NOT_CONFIRMED,
            f"{p.name}已报名但尚未确认参加，请联系办公室",
            p,
            activity_name,
        )
    if p.status == Status.WAITLISTED:
        return _Outcome(
            Verdict.WAITLISTED,
            f"{p.name}在候补名单中，尚未确认参加，请联系办公室",
            p,
            activity_name,
        )
    word = "已谢绝参加" if p.status == Status.DECLINED else "已取消报名"
    return _Outcome(Verdict.CANCELLED, f"{p.name}{word}，不能入场", p, activity_name)


def _judge(
    session: Session, activity: Activity, p: Participant, now: dt.datetime | None
) -> _Outcome:
    """The verdict for a known participant at this activity's desk."""
    if p.activity_id != activity.id:
        theirs = _activity(session, p.activity_id)
        return _Outcome(
            Verdict.WRONG_ACTIVITY,
            f"{p.name}报名的是“{theirs.name}”（{_date_text(theirs.date)}），不是本场活动",
            p,
            theirs.name,
        )
    today = local_time(activity.event, now or utcnow()).date()
    if activity.date != today:
        return _Outcome(
            Verdict.WRONG_DAY,
            f"本活动在{_date_text(activity.date)}举行，今天是{_date_text(today)}",
            p,
            activity.name,
        )
    refused = _status_outcome(p, activity.name)
    if refused is not None:
        return refused
    first = admission_of(session, activity.id, p.id)
    if first is not None:
        at = local_time(activity.event, first.at)
        return _Outcome(
            Verdict.ALREADY_CHECKED_IN,
            f"{at:%H:%M} 已在{first.station}签到",
            p,
            activity.name,
            first,
            _zone(activity.event),
        )
    return _Outcome(Verdict.ADMITTED, "", p, activity.name)


def _from_pass(
    session: Session, activity: Activity, check: passes.Verification, now: dt.datetime | None
) -> _Outcome:
    if isinstance(check, passes.Valid):
        return _judge(session, activity, _participant(session, check.participant_id), now)
    if isinstance(check, passes.Outdated | passes.Revoked):
        verdict = Verdict.OUTDATED if isinstance(check, passes.Outdated) else Verdict.REVOKED
        p = session.get(Participant, check.data.participant_id)
        name = _activity(session, p.activity_id).name if p else ""
        return _Outcome(verdict, f"{check.message}；请核验身份证后由主管处理", p, name)
    if isinstance(check, passes.OtherEvent):
        return _refusal(Verdict.WRONG_ACTIVITY, "不是本次开放日的通行证")
    if isinstance(check, passes.BadSignature):
        return _refusal(Verdict.FORGED, check.message)
    if isinstance(check, passes.UnknownPass):
        return _refusal(Verdict.UNKNOWN, check.message)
    return _refusal(Verdict.UNREADABLE, check.message)


def _id_problem(number: str) -> str | None:
    """Why an ID number typed at the desk cannot be looked up (None when it can)."""
    if _PASSPORT.fullmatch(number):
        return None  # a passport: nothing to check, its hash is looked up as it is
    digits = number[:-1] if number.endswith("X") else number
    if not digits.isdigit() or len(number) != 18:
        return f"身份证号应为18位，输入的是{len(number)}位"
    if number[17] != idcard.check_character(number):
        return "身份证号码的校验位（最后一位）不正确，请核对后重新输入"
    return None


def _from_id(session: Session, activity: Activity, text: str, now: dt.datetime | None) -> _Outcome:
    number = idcard.normalise(text)
    problem = _id_problem(number)
    if problem is not None:
        return _refusal(Verdict.UNREADABLE, problem)
    p = _by_document(session, activity.event_id, number)
    if p is None:
        return _refusal(Verdict.UNKNOWN, "此身份证号码未报名本次开放日，可由主管办理现场登记")
    return _judge(session, activity, p, now)


def _by_document(session: Session, event_id: int, number: str) -> Participant | None:
    """The participant with this (normalised) ID number: a station compares its slow hashes
    (it holds no key), the office its keyed hash."""
    params = slowhash.station_params(session)
    if params is None:
        key = workspace.document_key(session)
        where = Participant.doc_hash == idcard.document_hash(key, number)
    else:
        where = Participant.doc_slow == slowhash.slow_hash(params, number)
    return session.scalars(
        select(Participant).where(Participant.event_id == event_id, where)
    ).first()


def _outcome(
    session: Session, activity: Activity, kind: InputKind, text: str, now: dt.datetime | None
) -> _Outcome:
    if kind == InputKind.QR:
        check = passes.verify_code(session, activity.event_id, text)
        return _from_pass(session, activity, check, now)
    if kind == InputKind.MANUAL:
        check = passes.lookup_manual_code(session, activity.event_id, text)
        return _from_pass(session, activity, check, now)
    if kind == InputKind.ID:
        return _from_id(session, activity, text, now)
    if not text.strip():
        return _refusal(Verdict.UNREADABLE, "输入为空：请扫描通行证，或输入手工码、身份证号码")
    return _refusal(Verdict.UNREADABLE, "无法识别：请扫描通行证二维码，或输入手工码、身份证号码")


def _desk_append(
    session: Session,
    desk: Desk,
    activity: Activity,
    kind: LogKind,
    p: Participant | None,
    **fields: Any,
) -> LogEvent:
    """One desk event: who acted where, for which activity and person, plus `fields`."""
    return append(
        session,
        event_id=activity.event_id,
        activity_id=activity.id,
        station=desk.station,
        kind=kind,
        operator=desk.operator,
        participant_id=p.id if p else None,
        person=p.doc_hash if p else "",
        **fields,
    )


def _record(
    session: Session,
    desk: Desk,
    activity: Activity,
    outcome: _Outcome,
    kind: InputKind,
    *,
    at: dt.datetime | None = None,
) -> ScanResult:
    """Append the one event this attempt makes, then describe it for the screen."""
    p = outcome.participant
    admitted = outcome.verdict == Verdict.ADMITTED
    row = _desk_append(
        session,
        desk,
        activity,
        LogKind.CHECKIN if admitted else LogKind.ATTEMPT,
        p,
        verdict=outcome.verdict.value,
        detail=json_detail({"input": kind.value}),
        at=at,
    )
    return _result(session, outcome, row.uid)


def _result(
    session: Session, outcome: _Outcome, uid: str, verdict: Verdict | None = None
) -> ScanResult:
    p = outcome.participant
    shown = verdict or outcome.verdict
    # Where they sit matters to someone let in and to someone already in (sent to their bus).
    placed = shown in (Verdict.ADMITTED, Verdict.ALREADY_CHECKED_IN)
    seat = placement(session, p.id) if p and placed else Placement()
    detail = outcome.detail
    if shown == Verdict.ADMITTED and p is not None and seat.bus is None:
        # Let in without a seat (an override, a walk-in, a late confirmation): still told
        # which bus has room, not left standing with "欢迎参加".
        seat, detail = _unseated_direction(session, uid)
    elif shown == Verdict.ADMITTED and not detail:
        detail = _boarding_text(seat)
    first = outcome.admission
    return ScanResult(
        verdict=shown,
        headline=HEADLINES[shown],
        detail=detail,
        person=_person(p, outcome.activity_name) if p else None,
        bus=seat.bus,
        seat=seat.seat,
        group=seat.group,
        first_at=first.at if first else None,
        first_station=first.station if first else None,
        uid=uid,
        zone=outcome.zone,
    )


def _unseated_direction(session: Session, uid: str) -> tuple[Placement, str]:
    """The bus with the most free seats in the activity the admission `uid` was recorded for,
    and the words sending the person there (logistics seats them later; the desk does not)."""
    activity_id = session.scalar(select(LogEvent.activity_id).where(LogEvent.uid == uid))
    vehicles = session.scalars(
        select(Vehicle).where(Vehicle.activity_id == activity_id).order_by(Vehicle.id)
    ).all()
    if not vehicles:
        return Placement(), "未分车：请听从工作人员安排"
    taken = dict(
        session.execute(
            select(SeatAssignment.vehicle_id, func.count())
            .where(SeatAssignment.vehicle_id.in_([v.id for v in vehicles]))
            .group_by(SeatAssignment.vehicle_id)
        ).all()
    )
    free = {v.label: len(usable_seats(v)) - taken.get(v.id, 0) for v in vehicles}
    bus = max(free, key=lambda label: free[label])  # the first of equals: ordered by id
    if free[bus] <= 0:
        return Placement(), "车辆已满：请联系主管安排车辆"
    return Placement(bus=bus), f"未排座：请上{bus}，空座就坐（余{free[bus]}座）"


def _boarding_text(seat: Placement) -> str:
    parts = []
    if seat.bus:
        parts.append(f"请上{seat.bus}" + (f"，{seat.seat}座" if seat.seat else ""))
    if seat.group:
        parts.append(seat.group)
    return "；".join(parts) or "欢迎参加"


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return utcnow()
    # Accept an aware time from a caller; the log keeps naive UTC.
    return now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now


def scan(session: Session, desk: Desk, text: str, *, now: dt.datetime | None = None) -> ScanResult:
    """The verdict for a scanned pass, a typed manual code or an ID number.

    Appends exactly one event (a check-in when admitted, else an attempt with its verdict) and
    flushes it; the caller commits, and only then may the verdict be shown.
    """
    at = _now(now)
    activity = _activity(session, desk.activity_id)
    kind = classify(text)
    outcome = _outcome(session, activity, kind, text, at)
    return _record(session, desk, activity, outcome, kind, at=at)


def admit(
    session: Session, desk: Desk, participant_id: int, *, now: dt.datetime | None = None
) -> ScanResult:
    """The verdict for someone chosen from the search (no pass, no ID card at hand)."""
    at = _now(now)
    activity = _activity(session, desk.activity_id)
    outcome = _judge(session, activity, _participant(session, participant_id), at)
    return _record(session, desk, activity, outcome, InputKind.SEARCH, at=at)


@dataclass(frozen=True)
class Identified:
    """Whom a desk input names and what `scan` would answer now; nothing is recorded."""

    verdict: Verdict
    participant_id: int | None  # None: the input names nobody (unknown, forged, unreadable)
    detail: str


def identify(
    session: Session,
    desk: Desk,
    text: str | None = None,
    *,
    participant_id: int | None = None,
    now: dt.datetime | None = None,
) -> Identified:
    """The person behind a scanned or typed input (or a participant id) and the verdict a scan
    would give, without recording an attempt: what a supervisor's override overrides, and how
    a script names someone for an undo or a leader's tick."""
    at = _now(now)
    activity = _activity(session, desk.activity_id)
    if participant_id is not None:
        outcome = _judge(session, activity, _participant(session, participant_id), at)
    else:
        outcome = _outcome(session, activity, classify(text or ""), text or "", at)
    p = outcome.participant
    return Identified(outcome.verdict, p.id if p else None, outcome.detail)


def _required_reason(reason: str, what: str) -> str:
    text = reason.strip()
    if not text:
        raise UserError(f"{what}须填写原因")
    return text


# --- Supervisor actions ---------------------------------------------------------------------


def unlock(
    session: Session, desk: Desk, pin: str, *, now: dt.datetime | None = None
) -> roles.Attempt:
    """A supervisor's PIN entered at `desk`: the grant the supervisor actions below require, or
    the refusal. Each refusal is logged (PIN_FAILED: station, operator, time, never the PIN) in
    the caller's transaction, which must commit whatever the answer."""
    at = _now(now)
    answer = roles.attempt(session, pin, now=at)
    if answer.granted or not roles.has_supervisor_pin(session):
        return answer
    activity = _activity(session, desk.activity_id)
    until = at + answer.locked_for if answer.locked_for else None
    _desk_append(
        session,
        desk,
        activity,
        LogKind.PIN_FAILED,
        None,
        verdict="locked" if answer.was_locked else "wrong_pin",
        detail=json_detail(
            {
                "failures": answer.failures,
                "locked_until": until.isoformat() if until else None,
            }
        ),
        at=at,
    )
    return answer


def undo(
    session: Session,
    desk: Desk,
    participant_id: int,
    *,
    reason: str,
    supervisor: SupervisorGrant | None,
) -> ScanResult:
    """Take back a person's check-in: one UNDO event for every admission of theirs still in
    effect (two stations may both have let them in), all in the caller's transaction, so after
    the commit they are out and can be scanned again. The result's `uid` is the first UNDO's."""
    roles.require_supervisor(session, supervisor, "撤销签到")
    activity = _activity(session, desk.activity_id)
    p = _participant(session, participant_id)
    why = _required_reason(reason, f"撤销“{p.name}”的签到")
    taken = admissions_of(session, activity.id, p.id)
    if not taken:
        raise Refused(f"“{p.name}”尚未签到，无需撤销")
    rows = [
        _desk_append(session, desk, activity, LogKind.UNDO, p, refers_to=a.uid, reason=why)
        for a in taken
    ]
    where = "、".join(f"{a.station}（{local_time(activity.event, a.at):%H:%M}）" for a in taken)
    outcome = _Outcome(
        Verdict.UNDONE,
        f"已撤销{p.name}在{where}的签到",
        p,
        _activity(session, p.activity_id).name,
    )
    return _result(session, outcome, rows[0].uid)


def override(
    session: Session,
    desk: Desk,
    participant_id: int,
    *,
    reason: str,
    overridden: Verdict,
    supervisor: SupervisorGrant | None,
) -> ScanResult:
    """A supervisor admits someone despite the verdict `overridden` (one of OVERRIDABLE), with a
    reason."""
    roles.require_supervisor(session, supervisor, "主管放行")
    if overridden not in OVERRIDABLE:
        why = NOT_OVERRIDABLE.get(overridden, "")
        raise Refused(f"“{HEADLINES.get(overridden, overridden)}”的结果不能由主管放行{why}")
    activity = _activity(session, desk.activity_id)
    p = _participant(session, participant_id)
    why = _required_reason(reason, f"放行“{p.name}”")
    first = admission_of(session, activity.id, p.id)
    if first is not None:
        at = local_time(activity.event, first.at)
        raise Refused(f"“{p.name}”已于{at:%H:%M}在{first.station}签到，无需放行")
    row = _desk_append(
        session, desk, activity, LogKind.OVERRIDE, p, verdict=overridden.value, reason=why
    )
    outcome = _Outcome(Verdict.ADMITTED, "", p, _activity(session, p.activity_id).name)
    result = _result(session, outcome, row.uid)
    return dataclasses.replace(result, detail=f"主管放行：{why}；{result.detail}")


def _walk_in_document(activity: Activity, reg: WalkIn) -> idcard.Document:
    try:
        return idcard.parse_document(
            reg.id_number, on_date=activity.date, min_age=activity.event.min_age
        )
    except idcard.DocumentError as err:
        raise UserError(f"证件号码：{err}") from None


def _walk_in_phone(reg: WalkIn) -> str:
    if not reg.phone.strip():
        return ""
    try:
        return normalise_phone(reg.phone)
    except UserError as err:
        raise UserError(f"联系电话：{err}") from None


# What the walk-in's over-capacity choice is called, in the desk's dialog and in the refusal.
OVER_CAPACITY_CHOICE = "超额接收"


def _check_room(session: Session, activity: Activity, over_capacity: bool, reason: str) -> None:
    confirmed = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.activity_id == activity.id, Participant.status == Status.CONFIRMED)
    )
    if (confirmed or 0) < activity.capacity:
        return
    if not over_capacity:
        # The desk's dialog has that box right there: the message names it.
        raise UserError(
            f"“{activity.name}”已满（{confirmed}/{activity.capacity}人）：确需接收，"
            f"请勾选“{OVER_CAPACITY_CHOICE}”并填写登记原因后再提交"
        )
    _required_reason(reason, "超额接收现场登记")


def walk_in(
    session: Session,
    desk: Desk,
    reg: WalkIn,
    *,
    reason: str,
    supervisor: SupervisorGrant | None,
    over_capacity: bool = False,
) -> ScanResult:
    """Register someone on the spot and admit them (a WALKIN event holding the registration)."""
    roles.require_supervisor(session, supervisor, "现场登记")
    activity = _activity(session, desk.activity_id)
    name = reg.name.strip()
    if not name:
        raise UserError("姓名：不能为空")
    doc = _walk_in_document(activity, reg)
    phone = _walk_in_phone(reg)
    twin = _by_document(session, activity.event_id, doc.number)
    if twin is not None:
        theirs = _activity(session, twin.activity_id).name
        raise UserError(
            f"此证件已报名：{twin.name}（{theirs}，{status_label(twin.status)}），请扫码或查找此人"
        )
    _check_room(session, activity, over_capacity, reason)
    p = Participant(
        event_id=activity.event_id,
        activity_id=activity.id,
        name=name,
        gender=doc.gender,
        work_unit=reg.work_unit.strip(),
        doc_type=doc.type,
        doc_last4=doc.last4,
        category=reg.category.strip() or "市民代表",
        needs=reg.needs.strip(),
        source=Source.ONSITE,
        status=Status.CONFIRMED,
        decision=WALK_IN_DECISION,
    )
    registration: dict[str, Any] = {
        "name": p.name,
        "gender": p.gender.value if p.gender else None,
        "doc_type": p.doc_type.value,
        "doc_last4": p.doc_last4,
        "category": p.category,
        "work_unit": p.work_unit,
        "needs": p.needs,
        "over_capacity": over_capacity,
        **_walk_in_identity(session, p, doc, phone),
    }
    session.add(p)
    session.add(
        StatusChange(
            participant=p,
            old=None,
            new=Status.CONFIRMED,
            reason=WALK_IN_DECISION,
            actor=desk.operator,
        )
    )
    session.flush()
    row = _desk_append(
        session,
        desk,
        activity,
        LogKind.WALKIN,
        p,
        reason=reason.strip() or WALK_IN_DECISION,
        detail=json_detail({"input": "walkin", "registration": registration}),
    )
    outcome = _Outcome(Verdict.ADMITTED, "", p, activity.name)
    result = _result(session, outcome, row.uid)
    return dataclasses.replace(result, detail=f"{WALK_IN_DECISION}；{result.detail}")


WALK_IN_DECISION = "现场登记"
WALK_IN_TAG = "w:"  # how a station names a walk-in in its log: it cannot compute the hash


def _walk_in_identity(
    session: Session, p: Participant, doc: idcard.Document, phone: str
) -> dict[str, Any]:
    """Set the walk-in's identity on `p`; return what the registration records of it.

    The office keeps its keyed hash, the number sealed with its key and the phone. A station
    holds no key: it names the person by a random tag, keeps the slow hash, the last four and
    a masked phone, and seals number and phone to the office (which puts its hash in place of
    the tag when it merges the log)."""
    params = slowhash.station_params(session)
    if params is None:
        p.doc_hash = idcard.document_hash(workspace.document_key(session), doc.number)
        p.doc_sealed = sealing.seal_document(session, doc.number)
        p.doc_prefix = doc.prefix
        p.phone = phone
        # Stations that sync through the hub find the office's walk-ins by ID number too.
        slow = slowhash.slow_hash(slowhash.event_params(session, p.event_id), doc.number)
        return {"phone": phone, "doc_prefix": doc.prefix, "doc_slow": slow}
    office = session.get(Setting, sealing.STATION_PUBLIC)
    if office is None:
        raise UserError("本站点包缺少办公室的加密公钥，无法办理现场登记：请向办公室重新索取站点包")
    p.doc_hash = WALK_IN_TAG + uuid.uuid4().hex
    p.doc_slow = slowhash.slow_hash(params, doc.number)
    p.phone = mask_phone(phone) if phone else ""
    sealed = sealing.WalkInSecrets(doc.number, phone).seal(office.value)
    return {
        "phone": p.phone,
        "tag": p.doc_hash,
        "doc_slow": p.doc_slow,
        "sealed": base64.b64encode(sealed).decode(),
    }


def reveal_phone(
    session: Session, desk: Desk, participant_id: int, *, supervisor: SupervisorGrant | None
) -> str:
    """The full phone number, for calling a latecomer; who saw it is recorded (REVEAL)."""
    roles.require_supervisor(session, supervisor, "显示完整电话号码")
    activity = _activity(session, desk.activity_id)
    p = _participant(session, participant_id)
    _desk_append(session, desk, activity, LogKind.REVEAL, p)
    return p.phone


# --- The desk's lists -----------------------------------------------------------------------


def _seat_key(seat: str | None) -> tuple[int, str]:
    """3C before 12A: the row number, then the letter."""
    if not seat:
        return (10_000, "")
    digits = "".join(ch for ch in seat if ch.isdigit())
    return (int(digits) if digits else 9_999, seat)


def _initials_readings(name: str, cap: int = 16) -> str:
    """Every reading's initials joined by "|": "zs|zc" for 张朝 (朝 reads zhao or chao)."""
    readings = [""]
    for options in name_initials(name):
        letters = sorted(options) or ["?"]
        readings = [r + ch for r in readings for ch in letters][:cap]
    return "|".join(readings)


class _Column:
    """One text per roster line, joined into one string so that a query is found by `str.find`
    (C speed) instead of a Python loop over every person."""

    def __init__(self, texts: list[str]) -> None:
        self.starts: list[int] = []
        position = 0
        for t in texts:
            self.starts.append(position)
            position += len(t) + 1
        # A leading separator lets "\n" + query find the lines that start with the query.
        self.blob = "\n" + "\n".join(texts)

    def find(self, query: str) -> list[tuple[int, int]]:
        """(line, where the query first occurs in it), in line order."""
        hits = []
        starts, find, locate = self.starts, self.blob.find, bisect.bisect_right
        last = len(starts) - 1
        found = find(query, 1)
        while found >= 0:
            line = locate(starts, found - 1) - 1
            hits.append((line, found - 1 - starts[line]))
            if line >= last:
                break
            found = find(query, starts[line + 1] + 1)  # one hit per line is enough
        return hits

    def starting(self, query: str) -> list[int]:
        """The lines that start with the query, in line order."""
        hits = []
        needle, find, starts = "\n" + query, self.blob.find, self.starts
        found = find(needle)
        while found >= 0:
            hits.append(bisect.bisect_left(starts, found))
            found = find(needle, found + 1)
        return hits


def _rank(p: Participant, activity_id: int) -> int:
    # This activity's confirmed people first, then its others, then the rest of the event.
    if p.activity_id != activity_id:
        return 2
    return 0 if p.status == Status.CONFIRMED else 1


class Roster:
    """The event's people in memory, for a search on every keystroke (10k people in a few ms).

    Lines are kept in the order results are shown (this activity's confirmed people first), so
    a search only sorts its hits by how well they match."""

    _CACHED = 256  # recent queries: typing back and forth asks the same ones again

    def __init__(
        self,
        activity_id: int,
        people: list[Person],
        columns: dict[str, _Column],
        buses: dict[int, str] | None = None,
    ) -> None:
        self.activity_id = activity_id
        self._people = people
        self._columns = columns
        self._recent: dict[str, list[int]] = {}
        self._buses = buses or {}

    @classmethod
    def load(cls, session: Session, activity_id: int) -> Roster:
        activity = _activity(session, activity_id)
        found = session.execute(
            select(Participant, Activity.name)
            .join(Activity, Activity.id == Participant.activity_id)
            .where(Participant.event_id == activity.event_id)
            .order_by(Participant.id)
        )
        # Stable: by id within a rank.
        rows = sorted(found, key=lambda row: _rank(row[0], activity_id))
        columns = {
            "name": _Column([p.name for p, _ in rows]),
            "initials": _Column([_initials_readings(p.name) for p, _ in rows]),
            "phone": _Column([p.phone for p, _ in rows]),
            "phone4": _Column([p.phone[-4:] for p, _ in rows]),
            "doc4": _Column([p.doc_last4.upper() for p, _ in rows]),
        }
        seated = session.execute(
            select(SeatAssignment.participant_id, Vehicle.label)
            .join(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
            .join(Participant, Participant.id == SeatAssignment.participant_id)
            .where(Participant.event_id == activity.event_id)
        )
        buses = {pid: label for pid, label in seated}
        return cls(activity_id, [_person(p, name) for p, name in rows], columns, buses)

    def __len__(self) -> int:
        return len(self._people)

    def search(self, query: str, limit: int = 20) -> list[Person]:
        """By name (substring), pinyin initials ("zs" finds 张三), or the last four digits of a
        phone or ID number (a shorter start of them narrows as they are typed). The best matches
        first (the whole name, its start, then anywhere in it); among equals this activity's
        confirmed people first."""
        q = "".join(query.split())
        if not q:
            return []
        lines = self._recent.get(q)
        if lines is None:
            lines = self._lines(q)
            if len(self._recent) >= self._CACHED:
                self._recent.clear()
            self._recent[q] = lines
        return [self._people[n] for n in lines[:limit]]

    def hits(
        self, query: str, inside: Mapping[int, dt.datetime], zone: dt.tzinfo, limit: int = 20
    ) -> list[SearchHit]:
        """`search` with what tells the people found apart: checked in here or not (`inside`:
        this activity's admissions, UTC, by participant id), their activity and bus."""
        found = []
        for p in self.search(query, limit):
            at = inside.get(p.id) if p.activity_id == self.activity_id else None
            found.append(
                SearchHit(p, None if at is None else in_zone(at, zone), self._buses.get(p.id))
            )
        return found

    def _lines(self, q: str) -> list[int]:
        """Every matching line, best first."""
        cols = self._columns
        if q.isascii() and (q.isdigit() or (q[:-1].isdigit() and q[-1] in "xX")):
            digits = q.upper()
            if len(digits) > 4:
                return [n for n, _ in cols["phone"].find(digits)]
            return sorted({*cols["phone4"].starting(digits), *cols["doc4"].starting(digits)})
        if q.isascii() and q.isalpha():
            # Initials of the whole name's start first ("zs" for 张三 before 李张森).
            hits = cols["initials"].find(q.lower())
            return [n for n, at in hits if at == 0] + [n for n, at in hits if at != 0]
        hits = cols["name"].find(q)
        exact = [n for n, at in hits if at == 0 and self._people[n].name == q]
        prefix = [n for n, at in hits if at == 0 and self._people[n].name != q]
        return exact + prefix + [n for n, at in hits if at != 0]


@dataclass(frozen=True)
class SearchHit:
    """One person the desk's search found: their 签到 state first, then who they are."""

    person: Person
    checked_in_at: dt.datetime | None  # in this activity, on the event's clock
    bus: str | None


@dataclass(frozen=True)
class SearchPick:
    """Whom Return in the search admits: `hit` to be confirmed once, or nobody yet because the
    steward must pick among several (`choose`). `twins`: others found with the same name, so the
    confirmation must show what tells them apart."""

    hit: SearchHit | None
    choose: bool
    twins: int


def pick_from_search(hits: Sequence[SearchHit], chosen: int | None) -> SearchPick:
    """Return on the search: a lone match, or the row the steward picked; never the first of
    several (the wrong 张伟 was admitted with one key)."""
    if chosen is None or not 0 <= chosen < len(hits):
        if len(hits) != 1:
            return SearchPick(None, len(hits) > 1, 0)
        chosen = 0
    hit = hits[chosen]
    twins = sum(1 for h in hits if h.person.name == hit.person.name) - 1
    return SearchPick(hit, False, twins)


# The desk counts by the one definition every screen and the report use (attendance.py).
BusCount = attendance.Tally
Counters = attendance.Counts


@dataclass(frozen=True)
class Arrival:
    person: Person
    at: dt.datetime  # UTC
    station: str
    kind: LogKind
    bus: str | None
    seat: str | None
    group: str | None


@dataclass(frozen=True)
class Absentee:
    person: Person
    bus: str | None
    seat: str | None
    group: str | None


@dataclass(frozen=True)
class _Seated:
    person: Person
    vehicle_id: int | None
    placement: Placement


# What the desk's lists show of a person, read as columns: building ORM objects for 10,000
# people after every verdict is what made the desk's refresh take seconds.
_SEATED_COLUMNS = (
    Participant.id,
    Participant.name,
    Participant.doc_type,
    Participant.doc_prefix,
    Participant.doc_last4,
    Participant.category,
    Participant.phone,
    Participant.needs,
    Participant.activity_id,
    Participant.status,
    Activity.name,
    Vehicle.id,
    Vehicle.label,
    SeatAssignment.seat,
    Group.name,
)


def _seated(session: Session, *conditions: Any) -> list[_Seated]:
    rows = session.execute(
        select(*_SEATED_COLUMNS)
        .select_from(Participant)
        .join(Activity, Activity.id == Participant.activity_id)
        .outerjoin(SeatAssignment, SeatAssignment.participant_id == Participant.id)
        .outerjoin(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(*conditions)
    )
    return [
        _Seated(
            Person(
                id=pid,
                name=name,
                masked_id=mask_stored(doc_type, prefix, last4),
                category=category,
                phone_masked=mask_phone(phone),
                needs=needs,
                activity_id=activity_id,
                activity_name=activity_name,
                status=status,
            ),
            vehicle_id,
            Placement(bus, seat, group),
        )
        for (
            pid,
            name,
            doc_type,
            prefix,
            last4,
            category,
            phone,
            needs,
            activity_id,
            status,
            activity_name,
            vehicle_id,
            bus,
            seat,
            group,
        ) in rows
    ]


def _expected(session: Session, activity_id: int) -> list[_Seated]:
    return _seated(
        session, Participant.activity_id == activity_id, Participant.status == Status.CONFIRMED
    )


@dataclass(frozen=True)
class DeskLists:
    """What the desk shows beside the verdict, from one read of the log and the roster."""

    counters: Counters
    arrivals: list[Arrival]
    missing: list[Absentee]


@dataclass(frozen=True)
class _Snapshot:
    """Who is in and who was expected, read once for the three lists."""

    activity_id: int
    inside: dict[int, Admission]
    expected: list[_Seated]
    others: list[_Seated]  # admitted from outside the expected list (an override, a walk-in)

    @property
    def seated(self) -> dict[int, _Seated]:
        return {s.person.id: s for s in [*self.expected, *self.others]}


def _snapshot(session: Session, activity_id: int, *, with_others: bool = True) -> _Snapshot:
    _activity(session, activity_id)
    inside = admissions(session, activity_id)
    expected = _expected(session, activity_id)
    others: list[_Seated] = []
    if with_others:
        expected_ids = {s.person.id for s in expected}
        extra = [pid for pid in inside if pid not in expected_ids]
        others = _seated(session, Participant.id.in_(extra)) if extra else []
    return _Snapshot(activity_id, inside, expected, others)


def desk_lists(session: Session, activity_id: int) -> DeskLists:
    """Counters, arrivals and the missing list together: one read of admissions and roster
    (a handful of queries, no ORM objects), what the desk runs after verdicts: kept current
    incrementally (desk_lists.py), so a refresh at 10,000 people reads only what changed."""
    from checkin_app import desk_lists as lists  # imported here: it builds on this module

    return lists.desk_lists(session, activity_id)


def counters(session: Session, activity_id: int) -> Counters:
    """Expected, arrived and still missing, for the activity and per bus (from the log)."""
    return _counters(_snapshot(session, activity_id))


def _counters(snap: _Snapshot) -> Counters:
    activity_id = snap.activity_id
    people = [
        attendance.Placed(
            s.person.id,
            s.person.activity_id == activity_id and s.person.status == Status.CONFIRMED,
            s.person.category,
            *(
                (s.placement.bus, s.vehicle_id, s.placement.group)
                if s.person.activity_id == activity_id
                else (None, None, None)
            ),
        )
        for s in [*snap.expected, *snap.others]
    ]
    return attendance.tally(people, {pid: a.kind for pid, a in snap.inside.items()})


def arrivals(session: Session, activity_id: int) -> list[Arrival]:
    """Everyone checked in now, newest first, with where they sit."""
    return _arrivals(_snapshot(session, activity_id))


def _arrivals(snap: _Snapshot) -> list[Arrival]:
    seated = snap.seated
    found = [
        Arrival(
            person=s.person,
            at=a.at,
            station=a.station,
            kind=a.kind,
            bus=s.placement.bus,
            seat=s.placement.seat,
            group=s.placement.group,
        )
        for pid, a in snap.inside.items()
        if (s := seated.get(pid)) is not None
    ]
    found.sort(key=lambda r: (r.at, r.person.id), reverse=True)
    return found


def missing(session: Session, activity_id: int) -> list[Absentee]:
    """Confirmed people not checked in yet, by bus and seat: who to call before the buses go."""
    return _missing(_snapshot(session, activity_id, with_others=False))


def _missing(snap: _Snapshot) -> list[Absentee]:
    absent = [s for s in snap.expected if s.person.id not in snap.inside]
    absent.sort(
        key=lambda s: (
            s.vehicle_id is None,
            s.vehicle_id or 0,
            _seat_key(s.placement.seat),
            s.person.name,
            s.person.id,
        )
    )
    return [
        Absentee(s.person, s.placement.bus, s.placement.seat, s.placement.group) for s in absent
    ]
