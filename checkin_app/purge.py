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

Gone from the file too (`make_gone`, after the commit): every SQLite connection runs with
secure_delete, and the purge ends with a VACUUM and a WAL checkpoint (TRUNCATE), then reads the
database file and its -wal back and searches them for each purged name, phone and document
hash; a trace left is reported, never passed over. Packages and bundles made before the purge
still hold names: they are files the office must delete itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import secrets
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import String, Text, func, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from checkin_app import checkin, clock, hub, roles, sealing, sync, wording
from checkin_app.db import Database
from checkin_app.errors import Refused, UserError
from checkin_app.models import (
    Activity,
    Base,
    Event,
    Group,
    LogEvent,
    LogKind,
    Opinion,
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
class FileCheck:
    """The database file after a purge: compacted, then searched for what the purge removed."""

    compacted: bool  # VACUUM and a truncating WAL checkpoint both went through
    searched: tuple[str, ...]  # the files read (the database, its -wal and -shm)
    values: int  # purged names, phones and document hashes looked for
    remaining: int  # of them, still found in the files' bytes
    message: str  # what to do when not `ok`, in Chinese

    @property
    def ok(self) -> bool:
        return self.compacted and self.remaining == 0


@dataclass(frozen=True)
class PurgeResult:
    event: str
    scope: str  # "event" at the office, "station" on a laptop
    people: int  # participants whose personal data was removed
    log_events: int  # log rows whose `person` or walk-in registration was rewritten
    done: bool  # False: nothing was left to purge (no Purge row written)
    # What was removed, to look for in the file afterwards (`make_gone`); never printed.
    traces: tuple[str, ...] = field(
        default=(), repr=False, compare=False, metadata={"private": True}
    )
    file: FileCheck | None = None  # set by `make_gone` (None on PostgreSQL: no file to read)


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
    p.doc_sealed = None
    p.doc_slow = ""
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


def _forget_opinion_givers(session: Session, event_id: int) -> None:
    """Opinions keep their text and answer (the ledger and its publication stay); who gave
    them goes."""
    session.execute(
        update(Opinion).where(Opinion.event_id == event_id).values(name="", phone="", work_unit="")
    )


def _opinion_givers(session: Session, event_id: int) -> set[str]:
    """Givers' names and phones (a work unit alone is cleared too, but is no trace: the plan's
    own units would be found in the file)."""
    rows = session.execute(select(Opinion.name, Opinion.phone).where(Opinion.event_id == event_id))
    return {v for row in rows for v in row if v}


def _traces(session: Session, event_id: int, people: list[Participant]) -> tuple[str, ...]:
    """The names, phones and document hashes a purge removes (staff's too), before it does."""
    values = {v for p in people for v in (p.name, p.phone, p.doc_hash)}
    values |= _opinion_givers(session, event_id)
    activity_ids = select(Activity.id).where(Activity.event_id == event_id)
    for staff in session.execute(
        select(Vehicle.driver, Vehicle.driver_phone, Vehicle.leader, Vehicle.leader_phone).where(
            Vehicle.activity_id.in_(activity_ids)
        )
    ):
        values.update(staff)
    for leader in session.execute(
        select(Group.leader, Group.leader_phone).where(Group.activity_id.in_(activity_ids))
    ):
        values.update(leader)
    # One character is no trace of anyone (and would be found by chance).
    return tuple(sorted(v for v in values if len(v.strip()) >= 2))


def _purge(session: Session, event: Event, scope: str, *, reason: str, actor: str) -> PurgeResult:
    people = _with_personal_data(session, event.id)
    givers = _opinion_givers(session, event.id)
    if not people and not givers and not _log_rows_with_old_hashes(session, event.id):
        return PurgeResult(event.name, scope, 0, 0, done=False)
    traces = _traces(session, event.id, people)
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
    _forget_opinion_givers(session, event.id)
    session.add(
        Purge(event_id=event.id, scope=scope, people=len(people), actor=actor, reason=reason)
    )
    session.flush()
    return PurgeResult(event.name, scope, len(people), scrubbed, done=True, traces=traces)


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
        raise Refused(
            f"{wording.quoted(event.name)}的个人信息须保存至活动结束后{RETENTION_DAYS}天"
            "（答复意见建议），"
            f"最早可于{earliest.year}年{earliest.month}月{earliest.day}日清除"
        )
    sealing.forget_event_key(session, event_id)  # walk-ins sealed in old bundles stay shut
    result = _purge(session, event, EVENT_SCOPE, reason=why, actor=actor)
    # No station may log in for the event any more, and its pushed batches go with it.
    hub.forget_event(session, event.id)
    return result


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
        raise Refused(
            f"站点“{me.name}”还有 {backlog.unsent} 条签到记录未导出也未上传：请先导出数据包"
            "（checkin bundle export）交办公室合并，再清除"
        )
    if not backlog.confirmed_by_office and not bundle_merged:
        raise Refused(
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
    _forget_station_keys(session)
    # The hub URL holds the station role's password: the wiped laptop can no longer log in.
    hub.forget_hub_url(session)
    return result


# A wiped laptop could still sign a bundle in the station's name with its key, and the PIN's
# hash could be guessed at leisure (the PIN is the office's too): neither stays.
_STATION_SECRETS = (sync.KEY_SETTING, roles.PIN_SETTING, roles.LOCK_SETTING)


def _forget_station_keys(session: Session) -> None:
    for name in _STATION_SECRETS:
        row = session.get(Setting, name)
        if row is not None:
            session.delete(row)
    session.flush()


def has_document_key(session: Session) -> bool:
    return session.get(Setting, "document_hash_key") is not None


# --- Gone from the file ---------------------------------------------------------------------

# Packages and bundles are not in the database: the office deletes those files itself.
FILES_TO_DELETE = (
    "此前制作的站点包和站点导出的签到数据包中仍有报名人姓名：如仍保存在电脑或U盘上，请一并删除"
)
_HEX_HASH = re.compile(rb"(?=([0-9a-f]{64}))")


def make_gone(database: Database, result: PurgeResult) -> PurgeResult:
    """After the purge committed: compact the database so that nothing purged survives in free
    pages or the WAL, then confirm it by reading the files. Runs outside any transaction."""
    if database.engine.dialect.name != "sqlite":
        _vacuum_postgres(database)
        return result
    path = Path(database.engine.url.database or "")
    compacted = _compact(database)
    files = [f for f in (path, _beside(path, "-wal"), _beside(path, "-shm")) if f.is_file()]
    found = _found_in(files, result.traces, _encoding(database))
    remaining = found - _still_held(database, found)
    message = ""
    if remaining or not compacted:
        message = (
            f"清除已记录，但数据库文件中仍能找到{len(remaining)}项已清除的个人信息"
            if compacted
            else "清除已记录，但数据库未能压缩（VACUUM），文件中可能仍有已清除的个人信息"
        ) + "：请关闭所有使用此数据库的程序（签到台、办公室窗口）后，再运行一次清除"
    check = FileCheck(
        compacted, tuple(f.name for f in files), len(result.traces), len(remaining), message
    )
    return dataclasses.replace(result, file=check)


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _compact(database: Database) -> bool:
    """VACUUM between two truncating checkpoints: the rebuilt file has no free pages, and the
    WAL holding the old pages is emptied. False when another connection kept them (busy)."""
    try:
        with database.engine.connect() as conn:
            auto = conn.execution_options(isolation_level="AUTOCOMMIT")
            auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            auto.exec_driver_sql("VACUUM")
            row = auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
    except OperationalError:
        return False  # locked by another writer: said loudly by the caller
    return row is not None and row[0] == 0


def _vacuum_postgres(database: Database) -> None:
    # Frees the dead row versions the purge left in the touched tables (not a byte-level
    # guarantee: PostgreSQL's files cannot be read from here, and this is what it offers).
    with database.engine.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        auto.exec_driver_sql("VACUUM participants, log_events, vehicles, groups")


def _encoding(database: Database) -> str:
    with database.engine.connect() as conn:
        name = str(conn.exec_driver_sql("PRAGMA encoding").scalar() or "UTF-8")
    return {"UTF-16le": "utf-16-le", "UTF-16be": "utf-16-be"}.get(name, "utf-8")


def _found_in(files: list[Path], traces: Iterable[str], encoding: str) -> set[str]:
    """The traces whose bytes occur in any of the files, searched by a child process: opening
    and closing the database's files here would drop every lock SQLite holds on them in this
    process (DESIGN.md, Storage), and an office window still open would then write to a copy.
    The purged values go to the child through a pipe, never on its command line."""
    request = json.dumps(
        {"files": [str(f) for f in files], "traces": sorted(set(traces)), "encoding": encoding}
    )
    done = subprocess.run(
        [sys.executable, "-c", "from checkin_app.purge import search_stdin; search_stdin()"],
        input=request.encode(),
        capture_output=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the file search failed: {done.stderr.decode(errors='replace')}")
    return set(json.loads(done.stdout))


def search_stdin() -> None:
    """The child's side of `_found_in`: a JSON request on stdin, the found values on stdout."""
    request = json.loads(sys.stdin.buffer.read())
    files = [Path(f) for f in request["files"]]
    found = _search(files, request["traces"], request["encoding"])
    sys.stdout.write(json.dumps(sorted(found)))


def _search(files: list[Path], traces: Iterable[str], encoding: str) -> set[str]:
    wanted: dict[bytes, str] = {}
    for value in traces:
        for codec in {"utf-8", encoding}:
            wanted[value.encode(codec)] = value
    hashes = {b for b in wanted if len(b) == 64 and re.fullmatch(rb"[0-9a-f]{64}", b)}
    others = [b for b in wanted if b not in hashes]
    pattern = re.compile(b"(?=(" + _trie(others) + b"))") if others else None
    found: set[str] = set()
    for file in files:
        data = file.read_bytes()
        if hashes:
            found.update(wanted[h] for h in set(_HEX_HASH.findall(data)) & hashes)
        if pattern is not None:
            for match in set(pattern.findall(data)):
                found.update(_values_at(match, wanted))
    return found


def _values_at(match: bytes, wanted: dict[bytes, str]) -> set[str]:
    """The value matched at a place is the longest there: the shorter ones it starts with
    ("张三" in "张三丰") are found too."""
    return {wanted[match[:n]] for n in range(1, len(match) + 1) if match[:n] in wanted}


def _trie(values: Iterable[bytes]) -> bytes:
    """One regular expression for many literals, as a trie: a scan costs about the same for
    ten thousand names as for one (a search per name took minutes on a large file)."""
    root: dict[int, dict[int, Any]] = {}
    for value in values:
        node = root
        for byte in value:
            node = node.setdefault(byte, {})
        node[-1] = {}
    return _branch(root)


def _branch(node: dict[int, Any]) -> bytes:
    parts = [re.escape(bytes([b])) + _branch(child) for b, child in sorted(node.items()) if b >= 0]
    if not parts:
        return b""
    if len(parts) == 1 and -1 not in node:
        return parts[0]  # a chain adds no group: long names must not nest the pattern deeply
    body = b"(?:" + b"|".join(parts) + b")"
    return body + b"?" if -1 in node else body


def _still_held(database: Database, found: set[str]) -> set[str]:
    """Of the values found, those the database still holds for another reason (a registrant of
    the same name in another event, a staff member's name as an operator): not a trace."""
    if not found:
        return set()
    held: set[str] = set()
    with database.reading() as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                for value in session.scalars(select(column).where(column.is_not(None))):
                    held.update(v for v in found if v in value)
    return held
