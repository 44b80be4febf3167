"""The opinions ledger (意见建议台账): each opinion, its responsible unit, due date and answer.

Service functions take a Session and never commit; every change leaves an OpinionChange row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app import clock, wording
from checkin_app.cells import strip_controls
from checkin_app.errors import NotFound, UserError
from checkin_app.events import closest, find_activity
from checkin_app.models import (
    Activity,
    Event,
    Opinion,
    OpinionChange,
    OpinionRule,
    OpinionStatus,
    Site,
)

TOPICS: tuple[str, ...] = ("市政设施", "园林绿化", "污水处理", "市容秩序", "智慧城管", "其他")
SOURCES: tuple[str, ...] = ("征集表", "座谈", "线上", "电话", "信件")
STATUS_LABELS: dict[OpinionStatus, str] = {
    OpinionStatus.PENDING: "待交办",
    OpinionStatus.ASSIGNED: "办理中",
    OpinionStatus.ANSWERED: "已答复",
    OpinionStatus.PUBLISHED: "已公开",
}
OPEN = (OpinionStatus.PENDING, OpinionStatus.ASSIGNED)
DONE = (OpinionStatus.ANSWERED, OpinionStatus.PUBLISHED)
FILTERS = ("open", "due", "late", "answered")
DEFAULT_REPORT_DAYS = 3  # 活动开展情况, the seeds' 3 days
DEFAULT_ANSWER_DAYS = 15  # 办理情况, the seeds' 15 days


# --- The clock: calendar or working days ---------------------------------------------------


@dataclass(frozen=True)
class DueDate:
    """A deadline and, when the holiday calendar could not count it, the warning saying so."""

    day: dt.date
    warning: str = ""


def _is_workday(day: dt.date) -> bool:
    """China's official calendar: holidays off, make-up Saturdays and Sundays (调休) on.

    Raises NotImplementedError for a year the package has no data for."""
    import chinese_calendar  # loaded only when an office counts working days

    return bool(chinese_calendar.is_workday(day))


def add_days(start: dt.date, days: int, *, working: bool) -> DueDate:
    """`days` calendar days after `start`, or `days` working days after it.

    A year beyond the holiday calendar's data is counted in calendar days, with a warning."""
    if not working:
        return DueDate(start + dt.timedelta(days=days))
    day, left = start, days
    try:
        while left > 0:
            day += dt.timedelta(days=1)
            if _is_workday(day):
                left -= 1
    except NotImplementedError:
        fallback = start + dt.timedelta(days=days)
        return DueDate(
            fallback,
            f"节假日日历没有{day.year}年的数据（请更新 chinesecalendar），"
            f"期限按{days}个自然日计算：{fallback.isoformat()}",
        )
    return DueDate(day)


# --- The event's rule ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    event_id: int
    report_days: int
    answer_days: int
    working_days: bool
    topics: tuple[str, ...]
    units: tuple[str, ...]  # the plan's host and responsible units, then the ones added


def _lines(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in text.splitlines() if s.strip()))


def _rule_row(session: Session, event_id: int) -> OpinionRule:
    row = session.get(OpinionRule, event_id)
    if row is None:
        row = OpinionRule(
            event_id=event_id,
            report_days=DEFAULT_REPORT_DAYS,
            answer_days=DEFAULT_ANSWER_DAYS,
            working_days=False,
            topics="",
            units="",
        )
    return row


def plan_units(session: Session, event_id: int) -> tuple[str, ...]:
    """The seeds' 承办单位/责任单位: activities' host units and sites' responsible units."""
    hosts = session.scalars(select(Activity.host_unit).where(Activity.event_id == event_id))
    owners = session.scalars(select(Site.responsible_unit).where(Site.event_id == event_id))
    return tuple(dict.fromkeys(u.strip() for u in [*hosts, *owners] if u.strip()))


def rule(session: Session, event_id: int) -> Rule:
    _event(session, event_id)
    row = _rule_row(session, event_id)
    units = tuple(dict.fromkeys([*plan_units(session, event_id), *_lines(row.units)]))
    return Rule(
        event_id,
        row.report_days,
        row.answer_days,
        row.working_days,
        _lines(row.topics) or TOPICS,
        units,
    )


def set_rule(
    session: Session,
    event_id: int,
    *,
    report_days: int | None = None,
    answer_days: int | None = None,
    working_days: bool | None = None,
    topics: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
) -> Rule:
    """Change the event's clocks, topics or extra units; what is not given stays."""
    _event(session, event_id)
    row = _rule_row(session, event_id)
    for name, value in (("活动开展情况", report_days), ("意见答复", answer_days)):
        if value is not None and not 1 <= value <= 90:
            raise UserError(f"{name}的期限须为1至90天，而不是{value}天")
    if report_days is not None:
        row.report_days = report_days
    if answer_days is not None:
        row.answer_days = answer_days
    if working_days is not None:
        row.working_days = working_days
    if topics is not None:
        row.topics = "\n".join(_lines("\n".join(topics)))
    if units is not None:
        row.units = "\n".join(_lines("\n".join(units)))
    session.add(row)
    session.flush()
    return rule(session, event_id)


def report_due(session: Session, event_id: int) -> DueDate | None:
    """When the 活动开展情况 is due: N days after the last activity (None without activities)."""
    event = _event(session, event_id)
    if not event.activities:
        return None
    r = rule(session, event_id)
    last = max(a.date for a in event.activities)
    return add_days(last, r.report_days, working=r.working_days)


# --- Opinions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewOpinion:
    """What the quick-entry form, the CLI or an import row gives."""

    text: str
    activity: str | None = None  # id or name
    topic: str | None = None
    unit: str | None = None
    source: str = "征集表"
    received: dt.date | None = None  # None: today on the event's clock
    name: str = ""
    phone: str = ""
    work_unit: str = ""
    due: dt.date | None = None  # None: by the event's rule


@dataclass(frozen=True)
class Added:
    id: int
    due: dt.date | None
    warning: str = ""


@dataclass(frozen=True)
class OpinionLine:
    """One opinion as the ledger and `opinions list --json` show it (the giver masked)."""

    id: int
    activity: str | None
    topic: str
    unit: str
    received: dt.date
    due: dt.date | None
    status: OpinionStatus
    answered_at: dt.date | None
    on_time: bool | None  # None while open and not yet late
    text: str = field(default="", metadata={"private": True})
    giver: str = field(default="", metadata={"private": True})
    answer: str = field(default="", metadata={"private": True})
    on_the_spot: bool = field(default=False, metadata={"private": True})
    source: str = field(default="", metadata={"private": True})


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"找不到编号为{event_id}的活动")
    return event


def _opinion(session: Session, opinion_id: int) -> Opinion:
    row = session.get(Opinion, opinion_id)
    if row is None:
        raise NotFound(f"找不到编号为{opinion_id}的意见建议")
    return row


def _choose(value: str, choices: Sequence[str], what: str, where: str) -> str:
    text = value.strip()
    if text in choices:
        return text
    guess = closest(text, list(choices))
    hint = f"，是否是“{guess}”？" if guess else f"（可选：{'、'.join(choices) or '无'}）"
    raise UserError(f"“{text}”不是{where}的{what}{hint}")


def check_unit(session: Session, event_id: int, unit: str) -> str:
    """The unit as the event names it; refused with the closest name when it is not one."""
    event = _event(session, event_id)
    units = rule(session, event_id).units
    if not units:
        raise UserError(
            f"{wording.quoted(event.name)}还没有承办单位或责任单位：请先在活动或观摩点中填写，"
            "或在意见建议设置中添加单位"
        )
    return _choose(unit, units, "承办单位或责任单位", wording.quoted(event.name))


def _text(raw: str, what: str = "意见建议内容") -> str:
    # Control characters would break the Word publication (XML) and mean nothing on paper.
    text = strip_controls(raw).strip()
    if not text:
        raise UserError(f"{what}不能为空")
    return text


def _check_due(due: dt.date, received: dt.date, opinion_id: int | None = None) -> None:
    if due < received:
        which = f"第{opinion_id}条意见建议" if opinion_id else "意见建议"
        raise UserError(
            f"{which}的办理期限{due.isoformat()}早于收到日期{received.isoformat()}，请检查日期"
        )


def due_for(
    session: Session, event_id: int, activity: Activity | None, received: dt.date
) -> DueDate:
    """The answer's deadline by the event's rule: M days after the activity (or, for an
    opinion received later or without an activity, after it was received)."""
    r = rule(session, event_id)
    start = max(activity.date, received) if activity is not None else received
    return add_days(start, r.answer_days, working=r.working_days)


def _log(row: Opinion, action: str, detail: str, actor: str) -> None:
    row.history.append(OpinionChange(action=action, status=row.status, detail=detail, actor=actor))


def add(session: Session, event_id: int, new: NewOpinion, *, actor: str) -> Added:
    """Record one opinion: 待交办, or 办理中 when a unit is named at once."""
    event = _event(session, event_id)
    text = _text(new.text)
    activity = find_activity(session, event, new.activity) if new.activity else None
    r = rule(session, event_id)
    where = wording.quoted(event.name)
    topic = _choose(new.topic, r.topics, "话题", where) if new.topic else "其他"
    source = _choose(new.source, SOURCES, "来源", "意见建议") if new.source else SOURCES[0]
    unit = check_unit(session, event_id, new.unit) if new.unit else ""
    received = new.received or clock.today(event.timezone)
    deadline = DueDate(new.due) if new.due else due_for(session, event_id, activity, received)
    _check_due(deadline.day, received)
    row = Opinion(
        event_id=event_id,
        activity=activity,
        received=received,
        source=source,
        name=strip_controls(new.name).strip(),
        phone=strip_controls(new.phone).strip(),
        work_unit=strip_controls(new.work_unit).strip(),
        text=text,
        topic=topic,
        unit=unit,
        due=deadline.day,
        status=OpinionStatus.ASSIGNED if unit else OpinionStatus.PENDING,
        answer="",
        answered_by="",
        on_the_spot=False,
    )
    session.add(row)
    # Names and phones stay out of the history: the purge removes them from one place only.
    _log(row, "收到", f"来源：{source}" + (f"；交办：{unit}" if unit else ""), actor)
    session.flush()
    return Added(row.id, row.due, deadline.warning)


def assign(
    session: Session, opinion_id: int, unit: str, *, actor: str, due: dt.date | None = None
) -> OpinionLine:
    """Hand the opinion to a responsible unit (交办), optionally with its own due date."""
    row = _opinion(session, opinion_id)
    if row.status in DONE:
        raise UserError(f"第{opinion_id}条意见建议已答复，不能再交办")
    name = check_unit(session, row.event_id, unit)
    if due is not None:
        _check_due(due, row.received, opinion_id)
        row.due = due
    row.unit = name
    row.status = OpinionStatus.ASSIGNED
    _log(row, "交办", f"{name}，期限{row.due.isoformat() if row.due else '未定'}", actor)
    session.flush()
    return line(session, opinion_id)


def answer(
    session: Session,
    opinion_id: int,
    text: str,
    *,
    actor: str,
    on_the_spot: bool = False,
    at: dt.date | None = None,
) -> OpinionLine:
    """Record the answer (答复); on the spot means during the discussion of the day."""
    row = _opinion(session, opinion_id)
    reply = _text(text, "答复内容")
    event = _event(session, row.event_id)
    day = at or (row.activity.date if on_the_spot and row.activity else None)
    day = day or clock.today(event.timezone)
    if day < row.received:
        raise UserError(
            f"第{opinion_id}条意见建议的答复日期{day.isoformat()}"
            f"早于收到日期{row.received.isoformat()}，请检查日期"
        )
    row.answer = reply
    row.answered_at = day
    row.answered_by = actor
    row.on_the_spot = on_the_spot
    row.status = OpinionStatus.ANSWERED
    _log(row, "答复", "现场答复" if on_the_spot else f"答复日期{day.isoformat()}", actor)
    session.flush()
    return line(session, opinion_id)


def mark_published(session: Session, event_id: int, *, actor: str) -> int:
    """The answered opinions of the event become 已公开; returns how many."""
    rows = session.scalars(
        select(Opinion).where(
            Opinion.event_id == event_id, Opinion.status == OpinionStatus.ANSWERED
        )
    ).all()
    for row in rows:
        row.status = OpinionStatus.PUBLISHED
        _log(row, "公开", "办理情况已公开", actor)
    session.flush()
    return len(rows)


def mask_name(name: str) -> str:
    """张三 -> 张*; empty -> 匿名 (lists and publications never show a giver's full name)."""
    text = name.strip()
    return text[0] + "*" * max(1, len(text) - 1) if text else "匿名"


def _on_time(row: Opinion, today: dt.date) -> bool | None:
    if row.due is None:
        return None if row.answered_at is None else True
    if row.answered_at is not None:
        return row.answered_at <= row.due
    return False if today > row.due else None


def _line(row: Opinion, today: dt.date) -> OpinionLine:
    return OpinionLine(
        id=row.id,
        activity=row.activity.name if row.activity else None,
        topic=row.topic,
        unit=row.unit,
        received=row.received,
        due=row.due,
        status=row.status,
        answered_at=row.answered_at,
        on_time=_on_time(row, today),
        text=row.text,
        giver=mask_name(row.name),
        answer=row.answer,
        on_the_spot=row.on_the_spot,
        source=row.source,
    )


def line(session: Session, opinion_id: int, today: dt.date | None = None) -> OpinionLine:
    row = _opinion(session, opinion_id)
    day = today or clock.today(_event(session, row.event_id).timezone)
    return _line(row, day)


def week_end(today: dt.date) -> dt.date:
    """The Sunday of this week: "due this week" is up to then."""
    return today + dt.timedelta(days=6 - today.weekday())


def _wanted(row: Opinion, status: str | None, today: dt.date) -> bool:
    if status is None:
        return True
    if status == "answered":
        return row.status in DONE
    if row.status not in OPEN:
        return False
    late = row.due is not None and row.due < today
    if status == "late":
        return late
    if status == "due":
        return row.due is not None and not late and row.due <= week_end(today)
    return True  # open


def ledger(
    session: Session, event_id: int, status: str | None = None, today: dt.date | None = None
) -> list[OpinionLine]:
    """The event's opinions, oldest first; `status` one of open, due (this week), late, answered."""
    event = _event(session, event_id)
    if status is not None and status not in FILTERS:
        raise UserError(f"状态筛选须为 {'、'.join(FILTERS)} 之一，而不是“{status}”")
    day = today or clock.today(event.timezone)
    rows = session.scalars(
        select(Opinion).where(Opinion.event_id == event_id).order_by(Opinion.id)
    ).all()
    return [_line(r, day) for r in rows if _wanted(r, status, day)]


@dataclass(frozen=True)
class Deadlines:
    """What the dashboard shows: open opinions due this week and late ones."""

    open: int
    due_this_week: int
    late: int


def deadlines(session: Session, event_id: int, today: dt.date | None = None) -> Deadlines:
    lines = ledger(session, event_id, "open", today)
    day = today or clock.today(_event(session, event_id).timezone)
    late = sum(1 for x in lines if x.due is not None and x.due < day)
    due = sum(1 for x in lines if x.due is not None and day <= x.due <= week_end(day))
    return Deadlines(len(lines), due, late)


@dataclass(frozen=True)
class Totals:
    received: int
    answered: int
    answered_on_time: int
    on_the_spot: int
    still_open: int
    by_topic: tuple[tuple[str, int], ...]

    @property
    def answer_rate(self) -> str:
        """答复率 as a publication writes it (100.0%)."""
        return f"{self.answered / self.received:.1%}" if self.received else "—"


def totals(lines: Iterable[OpinionLine]) -> Totals:
    items = list(lines)
    done = [x for x in items if x.status in DONE]
    topics = Counter(x.topic for x in items)
    return Totals(
        received=len(items),
        answered=len(done),
        answered_on_time=sum(1 for x in done if x.on_time),
        on_the_spot=sum(1 for x in done if x.on_the_spot),
        still_open=len(items) - len(done),
        by_topic=tuple(topics.most_common()),
    )


# --- Import from a survey download ---------------------------------------------------------


@dataclass(frozen=True)
class ImportedRow:
    row: int
    text: str


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """A submission already in the ledger (`duplicate_of` None) or earlier in the same file."""

    row: int
    duplicate_of: int | None


@dataclass(frozen=True)
class OpinionImport:
    """What an import would add: the same JSON as `checkin import` (`to_json`)."""

    file_name: str
    sha256: str
    accepted: tuple[ImportedRow, ...]
    rejected: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    new: tuple[tuple[int, NewOpinion], ...] = field(default=(), repr=False)
    duplicates: tuple[Duplicate, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            # A submission with two opinion columns is one row.
            "accepted": list(dict.fromkeys(a.row for a in self.accepted)),
            "rejected": [
                {"row": p.row, "column": p.column, "reason": p.reason} for p in self.rejected
            ],
            "duplicates": [{"row": d.row, "duplicate_of": d.duplicate_of} for d in self.duplicates],
            "warnings": [
                {"row": p.row, "column": p.column, "reason": p.reason} for p in self.warnings
            ],
        }


# Survey downloads: a free-text column is an opinion when its header asks for one.
_OPINION_HEADER = re.compile(r"意见|建议|问题|留言|看法|诉求|反映")
_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_NO_OPINION = frozenset({"无", "没有", "暂无", "无意见", "没有意见", "无建议", "/", "-", "—"})


def _date_of(text: str) -> dt.date | None:
    found = _DATE.search(text)
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def preview_import(session: Session, event_id: int, path: str | Path) -> OpinionImport:
    """Read a survey download (问卷星/腾讯问卷/金数据, XLSX or CSV): one row per submission,
    each non-empty free-text answer whose column asks for opinions becomes one opinion."""
    from checkin_app import sheets

    event = _event(session, event_id)
    sheet = sheets.read_sheet(path, free_text=_OPINION_HEADER)
    columns = [h for h in sheet.extra_headers if _OPINION_HEADER.search(h)]
    if not columns:
        raise UserError(
            f"“{sheet.file_name}”第{sheet.header_row}行的表头中没有意见建议列"
            "（列名应含“意见”“建议”“问题”或“留言”）"
        )
    names = {a.name for a in event.activities}
    rows = session.execute(select(Opinion.text, Opinion.name).where(Opinion.event_id == event_id))
    stored = {(text, name) for text, name in rows}
    seen: dict[tuple[str, str], int] = {}
    duplicates: list[Duplicate] = []
    accepted: list[ImportedRow] = []
    rejected: list[RowProblem] = []
    warnings: list[RowProblem] = []
    new: list[tuple[int, NewOpinion]] = []
    today = clock.today(event.timezone)
    for r in sheet.rows:
        texts = [r.extra.get(c, "").strip() for c in columns]
        texts = [t for t in texts if t and t not in _NO_OPINION]
        if not texts:
            warnings.append(RowProblem(r.number, columns[0], "没有填写意见建议，已跳过"))
            continue
        activity = r.get("activity") or None
        if activity is not None and activity not in names:
            warnings.append(
                RowProblem(r.number, sheet.column("activity"), f"活动“{activity}”不在本次活动中")
            )
            activity = None
        received = _date_of(r.get("registered_at")) or today
        for t in texts:
            key = (t, r.get("name"))
            if key in stored or key in seen:
                # The same download imported twice, or a submission sent twice.
                earlier = seen.get(key)
                duplicates.append(Duplicate(r.number, earlier))
                where = f"第{earlier}行" if earlier else "台账中"
                rejected.append(RowProblem(r.number, columns[0], f"与{where}的意见建议相同"))
                continue
            seen[key] = r.number
            item = NewOpinion(
                text=t,
                activity=activity,
                source="线上",
                received=received,
                name=r.get("name"),
                phone=r.get("phone"),
                work_unit=r.get("work_unit"),
            )
            new.append((r.number, item))
            accepted.append(ImportedRow(r.number, t))
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return OpinionImport(
        sheet.file_name,
        digest,
        tuple(accepted),
        tuple(rejected),
        tuple(warnings),
        tuple(new),
        tuple(duplicates),
    )


def commit_import(
    session: Session, event_id: int, preview: OpinionImport, *, actor: str
) -> list[Added]:
    return [add(session, event_id, item, actor=actor) for _, item in preview.new]


@dataclass(frozen=True)
class Overview:
    """What the office's 意见建议 tab shows: the choices of the quick-entry form, the ledger
    filtered as asked, and the deadline counts."""

    rule: Rule
    activities: tuple[str, ...]
    lines: tuple[OpinionLine, ...]
    deadlines: Deadlines
    today: dt.date


def overview(session: Session, event_id: int, status: str | None = None) -> Overview:
    event = _event(session, event_id)
    today = clock.today(event.timezone)
    return Overview(
        rule(session, event_id),
        tuple(a.name for a in event.activities),
        tuple(ledger(session, event_id, status, today)),
        deadlines(session, event_id, today),
        today,
    )
