"""The office's view of an event and its report: attendance derived from the log, the dashboard's
figures, the XLSX the office keeps and the short Chinese summary it publishes within three days.

Everything here reads; nothing writes. Personal data leaves only masked: names stay, document
numbers show as `6404**********123X`, phones as `138****5678`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app import attendance, cells, checkin, files, sync, wording
from checkin_app.errors import UserError
from checkin_app.idcard import mask_stored
from checkin_app.models import (
    Activity,
    Event,
    ItineraryStop,
    LogEvent,
    LogKind,
    Participant,
    Setting,
    Site,
    Station,
    Status,
    utcnow,
)
from checkin_app.phones import mask_phone

# --- What the dashboard and the report show --------------------------------------------------


@dataclass(frozen=True)
class ActivityAttendance:
    id: int
    name: str
    date: dt.date
    capacity: int
    confirmed: int
    attended: int  # in now: check-ins, walk-ins and overrides not undone
    walk_ins: int
    no_shows: int  # confirmed and not in
    sites: tuple[str, ...]  # the itinerary: what was planned
    expected: int = 0  # confirmed, plus anyone let in who was not (attendance.Counts)
    visited: tuple[str, ...] = ()  # its sites where a leader's roll call found someone present


@dataclass(frozen=True)
class CategoryAttendance:
    category: str
    confirmed: int
    attended: int
    walk_ins: int
    no_shows: int
    expected: int = 0


@dataclass(frozen=True)
class VehicleAttendance:
    activity: str
    label: str
    expected: int
    arrived: int
    missing: int


@dataclass(frozen=True)
class NoShow:
    activity: str
    name: str
    masked_id: str
    phone_masked: str
    category: str
    bus: str | None
    seat: str | None
    group: str | None


@dataclass(frozen=True)
class Attendee:
    """Someone let in and still in: what the office checks its published attendance against."""

    activity: str
    name: str
    masked_id: str
    phone_masked: str
    category: str
    bus: str | None
    seat: str | None
    group: str | None
    how: str  # 签到, 现场登记 or 主管放行
    station: str
    at: dt.datetime  # local time of the event


@dataclass(frozen=True)
class WalkInRecord:
    activity: str
    name: str
    masked_id: str
    phone_masked: str
    category: str
    station: str
    operator: str
    at: dt.datetime  # local time of the event
    reason: str


@dataclass(frozen=True)
class ArrivalCurve:
    """How many were in by each admission of one activity (local times): the chart's line."""

    activity: str
    date: dt.date
    points: tuple[tuple[dt.datetime, int], ...]


@dataclass(frozen=True)
class StationState:
    """A station of the event as the office sees it; `unsent` only for this database's own."""

    name: str
    merged_seq: int
    last_sync_at: dt.datetime | None  # local time of the event
    events: int  # log events of this station held here (merged or own)
    last_event_at: dt.datetime | None  # local time
    unsent: int | None  # own events neither confirmed by the hub nor written to a bundle
    local: bool = False  # this database's own desk: its records are here, nothing to merge


@dataclass(frozen=True)
class ConflictLine:
    kind: str  # Chinese
    description: str
    stations: tuple[str, ...]
    decision: str  # "" while open


@dataclass(frozen=True)
class Totals:
    confirmed: int
    attended: int
    walk_ins: int
    no_shows: int
    conflicts: int
    open_conflicts: int
    expected: int = 0  # attended + no_shows, always (attendance.Counts)


@dataclass(frozen=True)
class Dashboard:
    event_id: int
    event: str
    organiser: str
    made_at: dt.datetime  # local time of the event
    totals: Totals
    activities: tuple[ActivityAttendance, ...]
    categories: tuple[CategoryAttendance, ...]
    vehicles: tuple[VehicleAttendance, ...]
    arrivals: tuple[ArrivalCurve, ...]
    stations: tuple[StationState, ...]
    conflicts: tuple[ConflictLine, ...]


@dataclass(frozen=True)
class Report:
    """Everything the XLSX holds: the dashboard's figures and the people behind the counts."""

    dashboard: Dashboard
    no_shows: tuple[NoShow, ...]
    walk_ins: tuple[WalkInRecord, ...]
    summary: str  # 活动开展情况
    attendees: tuple[Attendee, ...] = ()


@dataclass(frozen=True)
class ReportFile:
    event: str
    file: str
    attended: int
    no_shows: int
    walk_ins: int
    conflicts: int
    summary: str
    attendees: tuple[Attendee, ...] = ()  # masked as in the XLSX's 实到人员 sheet


# The source of the conflicts sheet; one name to switch should the sync module's API move.
conflicts_of: Callable[[Session, int], Sequence[sync.Conflict]] = sync.conflicts

CONFLICT_KINDS = {
    sync.DOUBLE_CHECKIN: "重复签到",
    sync.UNDO_ELSEWHERE: "异地撤销",
    sync.SEAT_TWICE: "座位重复",
}


# --- Reading the event ------------------------------------------------------------------------


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise UserError(f"找不到编号为 {event_id} 的活动")
    return event


def _people(session: Session, event_id: int) -> dict[int, Participant]:
    rows = session.scalars(select(Participant).where(Participant.event_id == event_id))
    return {p.id: p for p in rows}


def _sites(session: Session, activity_id: int) -> tuple[str, ...]:
    names = session.scalars(
        select(Site.name)
        .join(ItineraryStop, ItineraryStop.site_id == Site.id)
        .where(ItineraryStop.activity_id == activity_id)
        .order_by(ItineraryStop.position)
    )
    return tuple(names)


def _visited(session: Session, activity_id: int, sites: tuple[str, ...]) -> tuple[str, ...]:
    """The itinerary's sites that the log shows were visited: someone was ticked present there."""
    names = set(
        session.scalars(
            select(Site.name)
            .join(LogEvent, LogEvent.site_id == Site.id)
            .where(
                LogEvent.activity_id == activity_id,
                LogEvent.kind == LogKind.ROLL_CALL,
                LogEvent.verdict == "present",
            )
        )
    )
    return tuple(s for s in sites if s in names)


@dataclass(frozen=True)
class _ActivityLog:
    activity: Activity
    inside: dict[int, checkin.Admission]
    confirmed: frozenset[int]
    counts: attendance.Counts  # expected, arrived, missing: the one definition


def _logs(session: Session, event: Event) -> list[_ActivityLog]:
    people = _people(session, event.id)
    found = []
    for a in event.activities:
        confirmed = frozenset(
            p.id for p in people.values() if p.activity_id == a.id and p.status == Status.CONFIRMED
        )
        counts = attendance.attendance_counts(session, a.id)
        found.append(_ActivityLog(a, checkin.admissions(session, a.id), confirmed, counts))
    return found


def _activity_rows(session: Session, logs: Iterable[_ActivityLog]) -> list[ActivityAttendance]:
    return [
        ActivityAttendance(
            id=log.activity.id,
            name=log.activity.name,
            date=log.activity.date,
            capacity=log.activity.capacity,
            confirmed=len(log.confirmed),
            attended=log.counts.arrived,
            walk_ins=log.counts.walk_ins,
            no_shows=log.counts.missing,
            sites=sites,
            expected=log.counts.expected,
            visited=_visited(session, log.activity.id, sites),
        )
        for log in logs
        for sites in (_sites(session, log.activity.id),)
    ]


def _category_rows(
    people: dict[int, Participant], logs: Iterable[_ActivityLog]
) -> list[CategoryAttendance]:
    # category -> [confirmed, attended, walk-ins, no-shows, expected]
    tally: dict[str, list[int]] = {}
    for log in logs:
        for line in log.counts.categories:
            tally.setdefault(line.label, [0, 0, 0, 0, 0])
            tally[line.label][1] += line.arrived
            tally[line.label][3] += line.missing
            tally[line.label][4] += line.expected
        for pid in log.confirmed | log.inside.keys():
            p = people.get(pid)
            counts = tally.setdefault(p.category if p and p.category else "其他", [0] * 5)
            admission = log.inside.get(pid)
            counts[0] += pid in log.confirmed
            counts[2] += admission is not None and admission.kind == LogKind.WALKIN
    order = sorted(tally, key=lambda c: (-tally[c][1], -tally[c][0], c))
    return [CategoryAttendance(c, *tally[c]) for c in order]


def _vehicle_rows(logs: Iterable[_ActivityLog]) -> list[VehicleAttendance]:
    return [
        VehicleAttendance(log.activity.name, bus.label, bus.expected, bus.arrived, bus.missing)
        for log in logs
        for bus in log.counts.buses
    ]


def _curves(event: Event, logs: Iterable[_ActivityLog]) -> list[ArrivalCurve]:
    curves = []
    for log in logs:
        times = sorted(
            checkin.local_time(event, x.at).replace(tzinfo=None) for x in log.inside.values()
        )
        points = tuple((at, n) for n, at in enumerate(times, start=1))
        curves.append(ArrivalCurve(log.activity.name, log.activity.date, points))
    return curves


def _own_unsent(session: Session, station: str) -> int:
    """Own events the office has neither confirmed (hub) nor received on a stick (bundle)."""
    done = 0
    for key in (sync.EXPORTED_SETTING, "hub_pushed_seq"):
        row = session.get(Setting, key)
        if row is not None:
            done = max(done, int(row.value.decode() or 0))
    count = session.scalar(
        select(func.count())
        .select_from(LogEvent)
        .where(LogEvent.station == station, LogEvent.seq > done)
    )
    return int(count or 0)


def _stations(session: Session, event: Event) -> list[StationState]:
    held = {
        name: (count, last)
        for name, count, last in session.execute(
            select(LogEvent.station, func.count(), func.max(LogEvent.at))
            .where(LogEvent.event_id == event.id)
            .group_by(LogEvent.station)
        )
    }
    known = {
        s.name: s for s in session.scalars(select(Station).where(Station.event_id == event.id))
    }
    own = checkin.station_name(session)
    desk = checkin.desk_station_name(session)

    def local(at: dt.datetime | None) -> dt.datetime | None:
        return checkin.local_time(event, at).replace(tzinfo=None) if at else None

    found = []
    for name in sorted(set(known) | set(held)):
        row = known.get(name)
        count, last = held.get(name, (0, None))
        found.append(
            StationState(
                name=name,
                merged_seq=row.merged_seq if row else 0,
                last_sync_at=local(row.last_sync_at) if row else None,
                events=int(count),
                last_event_at=local(last),
                unsent=_own_unsent(session, name) if name == own else None,
                local=name == desk,
            )
        )
    return found


def _conflict_lines(session: Session, event_id: int) -> list[ConflictLine]:
    return [
        ConflictLine(
            CONFLICT_KINDS.get(c.kind, c.kind), c.description, tuple(c.stations), c.decision or ""
        )
        for c in conflicts_of(session, event_id)
    ]


def dashboard(session: Session, event_id: int) -> Dashboard:
    """The event's figures as they stand in this database's log."""
    event = _event(session, event_id)
    people = _people(session, event_id)
    logs = _logs(session, event)
    activities = _activity_rows(session, logs)
    conflicts = _conflict_lines(session, event_id)
    totals = Totals(
        confirmed=sum(a.confirmed for a in activities),
        attended=sum(a.attended for a in activities),
        walk_ins=sum(a.walk_ins for a in activities),
        no_shows=sum(a.no_shows for a in activities),
        conflicts=len(conflicts),
        open_conflicts=sum(1 for c in conflicts if not c.decision),
        expected=sum(a.expected for a in activities),
    )
    return Dashboard(
        event_id=event.id,
        event=event.name,
        organiser=event.organiser,
        made_at=checkin.local_time(event, utcnow()).replace(tzinfo=None),
        totals=totals,
        activities=tuple(activities),
        categories=tuple(_category_rows(people, logs)),
        vehicles=tuple(_vehicle_rows(logs)),
        arrivals=tuple(_curves(event, logs)),
        stations=tuple(_stations(session, event)),
        conflicts=tuple(conflicts),
    )


def _masked_id(p: Participant) -> str:
    if not p.doc_last4 and not p.doc_prefix:
        return ""  # purged: nothing left to mask
    return mask_stored(p.doc_type, p.doc_prefix, p.doc_last4)


def _no_shows(session: Session, event: Event) -> list[NoShow]:
    found = []
    for a in event.activities:
        for absent in checkin.missing(session, a.id):
            p = session.get(Participant, absent.person.id)
            assert p is not None
            found.append(
                NoShow(
                    a.name,
                    p.name,
                    _masked_id(p),
                    mask_phone(p.phone) if p.phone else "",
                    p.category,
                    absent.bus,
                    absent.seat,
                    absent.group,
                )
            )
    return found


ADMITTED_HOW = {LogKind.CHECKIN: "签到", LogKind.WALKIN: "现场登记", LogKind.OVERRIDE: "主管放行"}


def _attendees(session: Session, event: Event) -> list[Attendee]:
    """Everyone in now, by activity and time of admission: the people behind 实到."""
    found = []
    for a in event.activities:
        for x in sorted(checkin.arrivals(session, a.id), key=lambda x: (x.at, x.person.id)):
            p = session.get(Participant, x.person.id)
            assert p is not None
            found.append(
                Attendee(
                    a.name,
                    p.name,
                    _masked_id(p),
                    mask_phone(p.phone) if p.phone else "",
                    p.category,
                    x.bus,
                    x.seat,
                    x.group,
                    ADMITTED_HOW.get(x.kind, str(x.kind)),
                    x.station,
                    checkin.local_time(event, x.at).replace(tzinfo=None),
                )
            )
    return found


def _walk_ins(session: Session, event: Event) -> list[WalkInRecord]:
    found = []
    for a in event.activities:
        inside = checkin.admissions(session, a.id)
        walked = [x for x in inside.values() if x.kind == LogKind.WALKIN]
        for x in sorted(walked, key=lambda x: (x.at, x.uid)):
            p = session.get(Participant, x.participant_id)
            assert p is not None
            reason = session.scalar(select(LogEvent.reason).where(LogEvent.uid == x.uid)) or ""
            found.append(
                WalkInRecord(
                    a.name,
                    p.name,
                    _masked_id(p),
                    mask_phone(p.phone) if p.phone else "",
                    p.category,
                    x.station,
                    x.operator,
                    checkin.local_time(event, x.at).replace(tzinfo=None),
                    reason,
                )
            )
    return found


def report(session: Session, event_id: int) -> Report:
    """The dashboard, the no-shows, the walk-ins and the summary, ready to be written."""
    board = dashboard(session, event_id)
    event = _event(session, event_id)
    return Report(
        dashboard=board,
        no_shows=tuple(_no_shows(session, event)),
        walk_ins=tuple(_walk_ins(session, event)),
        summary=summary_text(board),
        attendees=tuple(_attendees(session, event)),
    )


# --- 活动开展情况 ---------------------------------------------------------------------------------


def date_span(days: Iterable[dt.date]) -> str:
    """2024年6月18日、19日、20日 — or 2025年9月24日 — the way a notice writes dates."""
    text = ""
    previous: dt.date | None = None
    for day in sorted(set(days)):
        if previous is None or day.year != previous.year:
            part = f"{day.year}年{day.month}月{day.day}日"
        elif day.month != previous.month:
            part = f"{day.month}月{day.day}日"
        else:
            part = f"{day.day}日"
        text += ("、" if text else "") + part
        previous = day
    return text


def _counted(items: Iterable[tuple[str, int]]) -> str:
    return "、".join(f"{name}{n}人" for name, n in items if n)


def summary_text(board: Dashboard) -> str:
    """A short paragraph for the publication due within three days of the event, written as an
    editor would: the organiser named once, no quotation marks around the event's own name (it
    may hold its own, as in 2025年“政府开放日”), the activities quoted without 顿号 between."""
    held = [a for a in board.activities if a.attended] or list(board.activities)
    if not held:
        return f"{wording.quoted(board.event)}尚未安排活动项目。"
    who = board.organiser or "本单位"
    event = wording.without_organiser(board.event, board.organiser)
    names = wording.quoted_list(a.name for a in held)
    text = f"{date_span(a.date for a in held)}，{who}举办{event}，开展{names}"
    text += f"{len(held)}项活动。" if len(held) > 1 else "活动。"
    t = board.totals
    if t.attended == 0:
        return text + "截至本报告生成时，尚无签到记录。"
    categories = _counted((c.category, c.attended) for c in board.categories)
    text += f"共有{t.attended}人参加，其中{categories}"
    text += f"（含现场登记{t.walk_ins}人）。" if t.walk_ins else "。"
    if len(held) > 1:
        text += "各项活动参加人数：" + _counted((a.name, a.attended) for a in held) + "。"
    return text + _sites_text(held)


def _sites_text(held: Sequence[ActivityAttendance]) -> str:
    """What the itinerary planned and what the leaders' roll calls show happened."""
    planned: list[str] = []
    visited: list[str] = []
    for a in held:
        planned += [s for s in a.sites if s not in planned]
        visited += [s for s in a.visited if s not in visited]
    if not planned:
        return ""
    visited = [s for s in planned if s in visited]
    if visited == planned:
        return (
            f"参加人员按行程实地观摩了{'、'.join(planned)}，共{len(planned)}个点位，"
            "并在座谈中提出意见建议。"
        )
    text = f"行程安排观摩{'、'.join(planned)}共{len(planned)}个点位"
    if not visited:
        return text + "（各点尚无点名记录，实际观摩情况请核实后填写）。"
    skipped = [s for s in planned if s not in visited]
    return (
        text + f"，据各点点名记录，实际观摩了{'、'.join(visited)}共{len(visited)}个点位"
        f"（{'、'.join(skipped)}没有点名记录，请核实）。"
    )


# --- The XLSX -----------------------------------------------------------------------------------


def _time(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else ""


def _sheets(r: Report) -> dict[str, list[Sequence[object]]]:
    """Every sheet as rows (the first is the header), in the order of the workbook."""
    b, t = r.dashboard, r.dashboard.totals
    return {
        "汇总": [
            ["项目", "数值"],
            ["活动", b.event],
            ["主办单位", b.organiser],
            ["报告生成时间", _time(b.made_at)],
            ["确认参加", t.confirmed],
            ["应到人数", t.expected],
            ["实到人数", t.attended],
            ["其中现场登记", t.walk_ins],
            ["未到人数", t.no_shows],
            ["冲突", t.conflicts],
            ["待处理冲突", t.open_conflicts],
        ],
        "按活动": [
            ["活动项目", "日期", "名额", "确认参加", "应到", "实到", "现场登记", "未到", "观摩点"],
            *[
                [a.name, a.date.isoformat(), a.capacity, a.confirmed, a.expected, a.attended,
                 a.walk_ins, a.no_shows, "、".join(a.sites)]
                for a in b.activities
            ],
        ],
        "按类别": [
            ["类别", "确认参加", "应到", "实到", "现场登记", "未到"],
            *[[c.category, c.confirmed, c.expected, c.attended, c.walk_ins, c.no_shows]
              for c in b.categories],
        ],
        "按车辆": [
            ["活动项目", "车辆", "应到", "实到", "未到"],
            *[[v.activity, v.label, v.expected, v.arrived, v.missing] for v in b.vehicles],
        ],
        "实到人员": [
            ["活动项目", "姓名", "证件号", "联系电话", "类别", "车辆", "座位", "分组", "入场方式",
             "签到点", "时间"],
            *[
                [a.activity, a.name, a.masked_id, a.phone_masked, a.category, a.bus or "",
                 a.seat or "", a.group or "", a.how, a.station, _time(a.at)]
                for a in r.attendees
            ],
        ],
        "未到人员": [
            ["活动项目", "姓名", "证件号", "联系电话", "类别", "车辆", "座位", "分组"],
            *[
                [n.activity, n.name, n.masked_id, n.phone_masked, n.category, n.bus or "",
                 n.seat or "", n.group or ""]
                for n in r.no_shows
            ],
        ],
        "现场登记": [
            ["活动项目", "姓名", "证件号", "联系电话", "类别", "签到点", "操作人", "时间", "原因"],
            *[
                [w.activity, w.name, w.masked_id, w.phone_masked, w.category, w.station,
                 w.operator, _time(w.at), w.reason]
                for w in r.walk_ins
            ],
        ],
        "冲突": [
            ["类型", "说明", "签到点", "处理意见"],
            *[[c.kind, c.description, "、".join(c.stations), c.decision or "待处理"]
              for c in b.conflicts],
        ],
    }  # fmt: skip


def _width(value: object) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_xlsx(r: Report, out: Path) -> None:
    """The report as a workbook: the summary text first, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "活动开展情况"
    # Names, categories, stations and reasons come from the public: every cell goes through
    # cells.put, so none of them can become a formula when the office opens the file.
    cells.put(first, 1, 1, f"{r.dashboard.event} 活动开展情况").font = Font(bold=True, size=14)
    cells.put(first, 3, 1, r.summary).alignment = Alignment(wrap_text=True, vertical="top")
    first.column_dimensions["A"].width = 90
    first.row_dimensions[3].height = max(60, 16 * (_width(r.summary) // 88 + 1))
    for title, rows in _sheets(r).items():
        sheet = book.create_sheet(title)
        cells.write_rows(sheet, rows)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for n, column in enumerate(zip(*rows, strict=True), start=1):
            letter = sheet.cell(row=1, column=n).column_letter
            sheet.column_dimensions[letter].width = min(60, max(8, *map(_width, column)) + 2)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        files.create_private(out)  # names and phones: the owner's eyes only (0600)
        book.save(out)
    except OSError as err:
        raise UserError(f"无法写出报告文件 {out}：{err.strerror or err}") from None


def export_report(session: Session, event_id: int, out: Path) -> ReportFile:
    """Write the event's report to `out` and say what is in it."""
    r = report(session, event_id)
    write_xlsx(r, out)
    t = r.dashboard.totals
    return ReportFile(
        r.dashboard.event,
        str(out),
        t.attended,
        t.no_shows,
        t.walk_ins,
        t.conflicts,
        r.summary,
        r.attendees,
    )
