"""Moving the attendance log between databases: events on the wire, ingesting them by uid.

A station's log travels as `WireEvent`s: the same fields as `LogEvent` minus the local row id and
the local `participant_id`, which each database resolves again from `person` (the document hash,
identical in every database of a workspace; a station's own walk-ins carry a random tag until the
office, opening their sealed ID number, puts the hash in its place). Event, activity, site and
group ids travel as they are: a station package keeps them equal to the office's.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import ColumnElement, String, func, select, type_coerce
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from checkin_app import clock, files, idcard, sealing, slowhash, workspace
from checkin_app.checkin import ADMITTING, WALK_IN_TAG, station_name
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    ConflictDecision,
    DocumentType,
    Event,
    Gender,
    Group,
    LogEvent,
    LogKind,
    Participant,
    Purge,
    Setting,
    Site,
    Source,
    Station,
    Status,
    StatusChange,
    utcnow,
)
from checkin_app.phones import mask_phone

log = logging.getLogger(__name__)

# SQLite's historic limit on bound parameters is 999: stay under it in `IN (...)` lists.
_CHUNK = 900

# What a file or a station may send at most: the office trusts nothing a station signs.
MAX_FILE_BYTES = 64 * 1024 * 1024  # a bundle of 100,000 events is about 20 MB
MAX_HEADER_BYTES = 64 * 1024
MAX_RECORDS = 500_000
MAX_JSON_DEPTH = 8  # a walk-in's registration is 2 deep
MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER: larger ids and sequence numbers cannot be stored
# C0 and C1 control characters and lone surrogates: they break XLSX reports and terminals.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class WireEvent:
    """A LogEvent as it travels between databases (no local ids except event/activity/site/group,
    which a package keeps equal)."""

    uid: str
    event_id: int
    activity_id: int | None
    station: str
    seq: int
    kind: str
    person: str
    verdict: str
    operator: str
    at: dt.datetime
    site_id: int | None
    group_id: int | None
    refers_to: str
    reason: str
    detail: str

    def to_list(self) -> list[Any]:
        """A compact JSON-ready list in field order (what a bundle line holds)."""
        values = list(astuple(self))
        values[9] = self.at.isoformat()
        return values

    @classmethod
    def from_list(cls, values: Any) -> WireEvent:
        """The inverse of `to_list`; ValueError on anything malformed."""
        return cls(*_record(values[:] if type(values) is list else values))


_KINDS = frozenset(k.value for k in LogKind)
_FIELD_TYPES: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("uid", str),
    ("event_id", int),
    ("activity_id", (int, type(None))),
    ("station", str),
    ("seq", int),
    ("kind", str),
    ("person", str),
    ("verdict", str),
    ("operator", str),
    ("at", str),
    ("site_id", (int, type(None))),
    ("group_id", (int, type(None))),
    ("refers_to", str),
    ("reason", str),
    ("detail", str),
)


# Every combination of field types a bundle line may hold: one set lookup checks a whole record
# (`type(True)` is bool, so a boolean never passes for an int).
_SIGNATURES = frozenset(
    itertools.product(*((t,) if isinstance(t, type) else t for _, t in _FIELD_TYPES))
)


def _record(values: Any) -> list[Any]:
    """Check one bundle line (a JSON list in `WireEvent` field order) and turn its time into a
    naive UTC datetime, in place; ValueError on anything malformed. The merge's hot path works
    on these lists: building 100,000 frozen dataclasses would cost more than the insert."""
    if type(values) is not list or len(values) != len(_FIELD_TYPES):
        raise ValueError("not an event record")
    if tuple(map(type, values)) not in _SIGNATURES:
        raise ValueError("bad field")
    if values[5] not in _KINDS:
        raise ValueError("unknown kind")
    try:
        at = dt.datetime.fromisoformat(values[9])
        if at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:
        # "0001-01-01T00:00+08:00" has no UTC time: a year-1 record is refused, not a crash.
        raise ValueError("time out of range") from None
    values[9] = at
    return values


def to_wire(e: LogEvent) -> WireEvent:
    return WireEvent(
        uid=e.uid,
        event_id=e.event_id,
        activity_id=e.activity_id,
        station=e.station,
        seq=e.seq,
        kind=LogKind(e.kind).value,
        person=e.person,
        verdict=e.verdict,
        operator=e.operator,
        at=e.at,
        site_id=e.site_id,
        group_id=e.group_id,
        refers_to=e.refers_to,
        reason=e.reason,
        detail=e.detail,
    )


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class InconsistentLog(UserError):
    """Events that contradict what this database already holds (same uid elsewhere, or the
    same station and sequence number with another uid): never merged."""


def _unique(events: Sequence[WireEvent]) -> list[WireEvent]:
    """The batch without repeats; the same uid or (station, seq) twice with other content is an
    inconsistency."""
    by_uid: dict[str, WireEvent] = {}
    by_seq: dict[tuple[str, int], str] = {}
    for e in events:
        seen = by_uid.get(e.uid)
        if seen is not None:
            if seen != e:
                raise InconsistentLog(f"记录 {e.uid} 出现两次且内容不同")
            continue
        other = by_seq.setdefault((e.station, e.seq), e.uid)
        if other != e.uid:
            raise InconsistentLog(f"站点“{e.station}”的第{e.seq}号记录出现两次且内容不同")
        by_uid[e.uid] = e
    return list(by_uid.values())


def _numbered(records: list[list[Any]]) -> Iterable[tuple[int, str]]:
    return ((r[4], r[0]) for r in records)


def _stored_uids(
    session: Session, station: str, numbered: Iterable[tuple[int, str]], low: int, high: int
) -> set[str]:
    """Of these (seq, uid) pairs of one station, numbered `low`..`high`, the uids already
    stored; InconsistentLog when a number is stored with another uid. One range query on the
    (station, seq) index; the pairs are only walked when something is stored in that range."""
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    rows = connection.exec_driver_sql(
        f"SELECT seq, uid FROM log_events WHERE station = {mark} AND seq BETWEEN {mark} AND {mark}",
        (station, low, high),
    )
    taken: dict[int, str] = dict(rows.fetchall())
    stored: set[str] = set()
    if not taken:
        return stored
    for seq, uid in numbered:
        found = taken.get(seq)
        if found is None:
            continue
        if found != uid:
            raise InconsistentLog(
                f"站点“{station}”的第{seq}号记录与已合并的不同："
                "同一站点包可能装在了两台电脑上，或这份数据来自别处"
            )
        stored.add(uid)
    return stored


def check_consistent(session: Session, events: Sequence[WireEvent]) -> set[str]:
    """The uids of these events that this database already holds. Raise InconsistentLog when
    an event contradicts the stored log: its station and number stored with another uid. This is
    what a copy of one station's package installed on two laptops looks like. (A uid stored under
    another station and number fails the unique index when inserted: see `ingest`.)"""
    by_station: dict[str, list[tuple[int, str]]] = {}
    for e in events:
        by_station.setdefault(e.station, []).append((e.seq, e.uid))
    stored: set[str] = set()
    for station, numbered in by_station.items():
        low, high = min(n for n, _ in numbered), max(n for n, _ in numbered)
        stored |= _stored_uids(session, station, numbered, low, high)
    return stored


PURGE_SCOPE_EVENT = "event"  # purge.EVENT_SCOPE (purge imports this module)


class PurgedEvent(UserError):
    """Events of an event whose personal data the office has purged: merging them would bring
    document hashes back."""


def refuse_purged(session: Session, event_ids: Iterable[int]) -> None:
    """PurgedEvent when any of these events had its personal data purged at the office."""
    wanted = sorted(set(event_ids))
    if not wanted:
        return
    found = session.execute(
        select(Event.name, Purge.at)
        .join(Purge, Purge.event_id == Event.id)
        .where(Event.id.in_(wanted), Purge.scope == PURGE_SCOPE_EVENT)
        .order_by(Purge.at)
    ).first()
    if found is not None:
        name, at = found
        raise PurgedEvent(
            f"活动“{name}”的个人信息已于{at:%Y-%m-%d}清除：不能再合并它的签到记录，"
            "否则会重新存入已清除的个人信息"
        )


def _participant_ids(session: Session, events: Sequence[WireEvent]) -> dict[tuple[int, str], int]:
    wanted: dict[int, set[str]] = {}
    for e in events:
        if e.person:
            wanted.setdefault(e.event_id, set()).add(e.person)
    found: dict[tuple[int, str], int] = {}
    for event_id, persons in wanted.items():
        for chunk in _chunks(sorted(persons)):
            rows = session.execute(
                select(Participant.doc_hash, Participant.id).where(
                    Participant.event_id == event_id, Participant.doc_hash.in_(chunk)
                )
            )
            for doc_hash, pid in rows:
                found[(event_id, doc_hash)] = pid
    return found


def _text(data: dict[str, Any], key: str, default: str = "", limit: int = 200) -> str:
    value = data.get(key, default)
    return str(value)[:limit] if value is not None else default


def _registration(detail: str) -> dict[str, Any]:
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        data = {}
    if isinstance(data, dict) and isinstance(data.get("registration"), dict):
        data = data["registration"]
    return data if isinstance(data, dict) else {}


def _unsealed(session: Session, event_id: int, detail: str) -> sealing.WalkInSecrets | None:
    """What a station sealed of its walk-in, opened at the office; None anywhere else (a
    station holds no private key) and when nothing sealed opens."""
    sealed = _registration(detail).get("sealed")
    if not isinstance(sealed, str) or slowhash.station_params(session) is not None:
        return None
    try:
        opened = sealing.WalkInSecrets.open(session, event_id, base64.b64decode(sealed))
    except (sealing.SealError, ValueError):
        return None
    # What the desk accepted is a normalised document number: anything else is not one.
    number = opened.number
    if not (5 <= len(number) <= 18 and number.isascii() and idcard.normalise(number) == number):
        return None
    return dataclasses.replace(opened, phone=opened.phone[:20])


def _office_persons(session: Session, records: list[list[Any]]) -> list[list[Any]]:
    """At the office: a station names its walk-ins by a random tag (it cannot compute the
    office's document hash); put the hash derived from the sealed ID number in its place, so a
    walk-in matches the person the office knows, as every other record does."""
    tagged = [r for r in records if r[6].startswith(WALK_IN_TAG)]
    if not tagged or slowhash.station_params(session) is not None:
        return records
    key = workspace.document_key(session)
    names: dict[tuple[int, str], str] = {}
    for r in tagged:
        opened = _unsealed(session, r[1], r[14]) if r[5] == _WALKIN else None
        if opened is not None:
            names[(r[1], r[6])] = idcard.document_hash(key, opened.number)
    for event_id, tag in {(r[1], r[6]) for r in tagged} - names.keys():
        # A later bundle names a walk-in merged before: its WALKIN row holds the tag.
        for person, detail in session.execute(
            select(LogEvent.person, LogEvent.detail).where(
                LogEvent.event_id == event_id,
                LogEvent.kind == LogKind.WALKIN,
                LogEvent.detail.contains(tag),
            )
        ):
            if _registration(detail).get("tag") == tag:
                names[(event_id, tag)] = person
    return [[*r[:6], names.get((r[1], r[6]), r[6]), *r[7:]] for r in records]


def walk_in_participant(e: WireEvent, opened: sealing.WalkInSecrets | None = None) -> Participant:
    """The participant a WALKIN event registered, rebuilt from its `detail`: {"registration":
    {name, doc_type, doc_last4, doc_prefix, gender, phone, category, work_unit, needs}}; from a
    station also `doc_slow` and `sealed` (number and phone sealed to the office: `opened`
    when the office opened it). The registration never holds the ID number in clear."""
    data = _registration(e.detail)
    try:
        doc_type = DocumentType(data.get("doc_type", DocumentType.RESIDENT_ID.value))
    except ValueError:
        doc_type = DocumentType.RESIDENT_ID
    try:
        gender: Gender | None = Gender(data["gender"]) if data.get("gender") else None
    except ValueError:
        gender = None
    number = opened.number if opened is not None else ""
    return Participant(
        event_id=e.event_id,
        activity_id=e.activity_id,
        name=_text(data, "name", "现场登记", 100) or "现场登记",
        gender=gender,
        work_unit=_text(data, "work_unit"),
        job_title=_text(data, "job_title", limit=100),
        phone=opened.phone if opened is not None else _text(data, "phone", limit=20),
        doc_type=doc_type,
        doc_hash=e.person,
        doc_last4=_text(data, "doc_last4", limit=4),
        doc_prefix=idcard.Document(doc_type, number).prefix
        if number
        else _text(data, "doc_prefix", limit=4),
        doc_slow=_text(data, "doc_slow", limit=64),
        category=_text(data, "category", "市民代表", 40) or "市民代表",
        needs=_text(data, "needs"),
        source=Source.ONSITE,
        status=Status.CONFIRMED,
        decision="现场登记",
        registered_at=e.at,
    )


def _create_walk_ins(
    session: Session, events: Sequence[WireEvent], known: dict[tuple[int, str], int]
) -> None:
    """Register the walk-ins this database has not seen, before any event refers to them, so
    every event of the batch resolves its participant whatever the order inside the batch."""
    on_station = slowhash.station_params(session) is not None
    for e in sorted(events, key=lambda w: (w.at, w.uid)):
        key = (e.event_id, e.person)
        if e.kind != LogKind.WALKIN.value or not e.person or e.activity_id is None or key in known:
            continue
        opened = _unsealed(session, e.event_id, e.detail)
        row = walk_in_participant(e, opened)
        if opened is not None:
            row.doc_sealed = sealing.seal_document(session, opened.number)
            row.doc_slow = ""  # the office matches by its keyed hash
        if on_station:
            # The office's own walk-ins (through the hub) come with its fields: keep a
            # station's last four and masked phone only.
            row.doc_prefix = ""
            row.phone = mask_phone(row.phone) if row.phone else ""
        session.add(row)
        session.add(
            StatusChange(
                participant=row,
                old=None,
                new=Status.CONFIRMED,
                reason=f"现场登记（{e.station}）",
                actor=e.operator,
                at=e.at,
            )
        )
        session.flush()
        known[key] = row.id


def ingest(session: Session, events: Sequence[WireEvent]) -> int:
    """Insert the events this database lacks (by uid), resolving participant_id from `person`
    (creating the participant of a WALKIN from its detail when unknown); return how many were new.

    Raises InconsistentLog (nothing inserted) when an event contradicts the stored log, and
    PurgedEvent when its event's personal data was purged. Existing rows are never touched: the
    log stays append-only.
    """
    batch = _unique(events)
    refuse_purged(session, (e.event_id for e in batch))
    stored = check_consistent(session, batch)
    new = sorted((e for e in batch if e.uid not in stored), key=lambda w: (w.station, w.seq))
    return _insert(session, _office_persons(session, [list(astuple(e)) for e in new]))


def _insert(session: Session, records: list[list[Any]]) -> int:
    """Insert checked records (`WireEvent` field order, new uids only) in one executemany."""
    if not records:
        return 0
    walk_ins = [WireEvent(*r) for r in records if r[5] == _WALKIN]
    if walk_ins:
        _create_walk_ins(session, walk_ins, _participant_ids(session, walk_ins))
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "sqlite":
        # The log's random-key uid index outgrows SQLite's default 2 MB page cache.
        connection.exec_driver_sql("PRAGMA cache_size=-65536")
        to_time: Callable[[dt.datetime], Any] = _sqlite_time
    else:
        convert = _TABLE.c.at.type.bind_processor(dialect)
        to_time = convert if convert is not None else _same
    # Straight to the driver's executemany, with participant_id looked up by the database itself
    # (the (event_id, doc_hash) unique index) rather than row by row in Python: a merge of
    # 100,000 events must take well under a second.
    rows = [(*r[:6], r[1], r[6] or None, *r[6:9], to_time(r[9]), *r[10:]) for r in records]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    values = [mark] * 17
    values[6] = f"(SELECT id FROM participants WHERE event_id = {mark} AND doc_hash = {mark})"
    del values[7]
    sql = f"INSERT INTO log_events ({', '.join(_COLUMNS)}) VALUES ({', '.join(values)})"
    try:
        connection.exec_driver_sql(sql, rows)
    except IntegrityError:
        raise InconsistentLog(
            "有记录已作为其他站点或其他编号的记录合并过：这份数据来自别处或被改动过"
        ) from None
    except DataError:
        # PostgreSQL refuses what SQLite would store (a value over a column's size): a refusal.
        raise RefusedFile("有记录的内容超出数据库允许的范围：整批不予合并") from None
    return len(rows)


_TABLE = LogEvent.__table__
_WALKIN = LogKind.WALKIN.value


def _same(value: dt.datetime) -> Any:
    return value


def _sqlite_time(value: dt.datetime) -> str:
    """What SQLAlchemy's SQLite DateTime stores ("2025-09-24 01:30:00.000000"), 5x cheaper."""
    return value.isoformat(" ", "microseconds")


_COLUMNS = (
    "uid",
    "event_id",
    "activity_id",
    "station",
    "seq",
    "kind",
    "participant_id",
    "person",
    "verdict",
    "operator",
    "at",
    "site_id",
    "group_id",
    "refers_to",
    "reason",
    "detail",
)


# --- Signed files (station packages and bundles) ---------------------------------------------
#
# One text line with the format's name, one line of JSON header (which holds the body's size and
# SHA-256), one line with the Ed25519 signature of the first two lines (base64), then the body.
# Flipping any byte breaks the signature or the checksum; cutting the file short breaks the size.


class RefusedFile(UserError):
    """A package or bundle that must not be used; the message says why, in Chinese."""


@dataclass(frozen=True)
class SignedFile:
    header: dict[str, Any]
    body: bytes
    signed: bytes  # the bytes the signature covers
    signature: bytes


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def write_signed(
    path: Path, magic: str, header: dict[str, Any], body: bytes, private_key: bytes
) -> None:
    """Write the file whole under a temporary name, then rename: a pulled USB stick leaves
    either the old file or the new one, never half of it."""
    full = {**header, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    signed = magic.encode() + b"\n" + json_bytes(full)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(signed)
    tmp = path.with_name(path.name + ".part")
    # Names and keys inside: readable by the owner only (0600), from the first byte on.
    with files.private_open(tmp) as out:
        out.write(signed + b"\n" + base64.b64encode(signature) + b"\n" + body)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def read_signed(path: Path, magic: str, what: str, *, data: bytes | None = None) -> SignedFile:
    """Parse the container and check the body against the header; the signature is checked by
    the caller, which knows the key. RefusedFile on anything wrong. `data`: the file's bytes
    already in memory (a hub push), `path` then only names it."""
    try:
        if (len(data) if data is not None else path.stat().st_size) > MAX_FILE_BYTES:
            raise RefusedFile(
                f"{what}文件过大：超过{MAX_FILE_BYTES // 2**20} MB，不是本系统导出的文件"
            )
        if data is None:
            data = path.read_bytes()
    except FileNotFoundError:
        raise RefusedFile(f"找不到文件：{path}") from None
    except OSError as err:
        raise RefusedFile(f"无法读取文件：{err.strerror or err}") from None
    parts = data.split(b"\n", 3)
    if not parts or parts[0] != magic.encode():
        others = {m for m in (PACKAGE_MAGIC, BUNDLE_MAGIC) if m != magic}
        if parts and parts[0].decode(errors="replace") in others:
            raise RefusedFile(f"这不是{what}文件（是{_NAMES[parts[0].decode()]}）")
        raise RefusedFile(f"这不是{what}文件，或文件开头已损坏")
    if len(parts) < 3:
        raise RefusedFile(f"{what}文件不完整（被截断）")
    try:
        if len(parts[1]) > MAX_HEADER_BYTES:
            raise ValueError("header too long")
        header = load_json(parts[1])
        signature = base64.b64decode(parts[2], validate=True)
    except (ValueError, binascii.Error):
        raise RefusedFile(f"{what}文件头已损坏或被改动") from None
    if not isinstance(header, dict) or not _count_in(header.get("size"), 0, MAX_FILE_BYTES):
        raise RefusedFile(f"{what}文件头已损坏或被改动")
    body = parts[3] if len(parts) == 4 else b""
    return SignedFile(header, body, parts[0] + b"\n" + parts[1], signature)


def load_json(data: bytes | str, depth: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads` for text from outside: ValueError, never RecursionError, when it is not JSON
    or nests deeper than `depth` (code reading it later recurses too)."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if json_depth(value, depth) > depth:
        raise ValueError("nested too deeply")
    return value


def json_depth(value: Any, limit: int) -> int:
    """How deep lists and objects nest in `value` (a scalar is 0), counted without recursion and
    given up once past `limit`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack and deepest <= limit:
        item, level = stack.pop()
        inner = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        )
        if inner is not None:
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in inner)
    return deepest


def _count_in(value: Any, low: int, high: int) -> bool:
    """An integer (not a boolean) from `low` to `high`."""
    return type(value) is int and low <= value <= high


def check_body(file: SignedFile, what: str) -> None:
    """The body is exactly what the (signed) header says: same size, same checksum."""
    size = file.header["size"]
    if len(file.body) < size:
        raise RefusedFile(f"{what}文件不完整（被截断）：应有{size}字节，只有{len(file.body)}字节")
    if len(file.body) > size or hashlib.sha256(file.body).hexdigest() != file.header.get("sha256"):
        raise RefusedFile(f"{what}内容被改动过（校验值不符），请重新导出")


def signature_ok(file: SignedFile, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(file.signature, file.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def signed_bytes(magic: str, header: dict[str, Any], body: bytes, private_key: bytes) -> bytes:
    """What `write_signed` writes, in memory (a hub push travels as a bundle without a file)."""
    full = {**header, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    signed = magic.encode() + b"\n" + json_bytes(full)
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(signed)
    return signed + b"\n" + base64.b64encode(signature) + b"\n" + body


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as raw bytes: (private, public)."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
        private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
    )


def fingerprint(public_key: bytes) -> str:
    """What a person compares by eye: 4 groups of 4 hex digits of the key's SHA-256."""
    digest = hashlib.sha256(public_key).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def fingerprint_digits(shown: str) -> str:
    """The 64 bits of a `fingerprint` ("ABCD-EF01-…") as 20 decimal digits in five groups of
    four: what is read out over the phone (Chinese speakers read digits unambiguously, letters
    less so). ValueError when `shown` is not a fingerprint."""
    number = int(shown.replace("-", ""), 16)
    if not 0 <= number < 2**64:
        raise ValueError("not a fingerprint")
    digits = f"{number:020d}"
    return "-".join(digits[i : i + 4] for i in range(0, 20, 4))


# Telephone readings: 幺 for 1, 两 for 2, 拐 for 7, 勾 for 9 and 洞 for 0 sound like no other digit.
_SPOKEN = dict(zip("0123456789", "洞幺两三四五六拐八勾", strict=True))


def fingerprint_words(shown: str) -> str:
    """A `fingerprint` as read aloud, group by group: its digits "幺两三四，五六拐八，…"."""
    groups = fingerprint_digits(shown).split("-")
    return "，".join("".join(_SPOKEN[d] for d in group) for group in groups)


def same_fingerprint(given: str, public_key: bytes) -> bool:
    """What the office read out is this key's fingerprint: its 16 hex characters or its 20
    digits, in any case, with or without dashes and spaces."""
    typed = re.sub(r"[\s\-－—_.·]", "", given).upper()
    shown = fingerprint(public_key)
    return typed in {shown.replace("-", ""), fingerprint_digits(shown).replace("-", "")}


PACKAGE_MAGIC = "CHECKIN-STATION-PACKAGE/1"
BUNDLE_MAGIC = "CHECKIN-BUNDLE/1"
_NAMES = {PACKAGE_MAGIC: "站点包", BUNDLE_MAGIC: "签到数据包"}


# --- This database as a station --------------------------------------------------------------

KEY_SETTING = "station_signing_key"  # the station's Ed25519 private key (raw 32 bytes)
EVENT_SETTING = "station_event_id"
EXPORTED_SETTING = "bundle_exported_seq"  # the highest own seq already written to a bundle


@dataclass(frozen=True)
class StationIdentity:
    event_id: int
    name: str
    private_key: bytes


def identity(session: Session) -> StationIdentity:
    """This station database's event, name and signing key; UserError at the office."""
    name = station_name(session)
    key = session.get(Setting, KEY_SETTING)
    event = session.get(Setting, EVENT_SETTING)
    if name is None or key is None or event is None:
        raise UserError("这个数据库不是站点数据库：请先用站点包设置（checkin station-setup）")
    return StationIdentity(int(event.value.decode()), name, key.value)


# --- Bundles: a station's log on a USB stick -------------------------------------------------

BUNDLE = "签到数据包"


@dataclass(frozen=True)
class BundleInfo:
    event: str
    station: str
    from_seq: int
    to_seq: int
    count: int
    file: str | None  # None: nothing new, no file written


def exported_seq(session: Session) -> int:
    row = session.get(Setting, EXPORTED_SETTING)
    return int(row.value.decode()) if row else 0


def export_bundle(session: Session, out: Path, *, everything: bool = False) -> BundleInfo:
    """Write this station's own events since its last export (or all of them) to `out`, signed
    with the station's key, and remember how far it got."""
    me = identity(session)
    event = session.get(Event, me.event_id)
    name = event.name if event else ""
    start = 0 if everything else exported_seq(session)
    rows = session.scalars(
        select(LogEvent)
        .where(LogEvent.station == me.name, LogEvent.seq > start)
        .order_by(LogEvent.seq)
    ).all()
    if not rows:
        return BundleInfo(name, me.name, start + 1, start, 0, None)
    wire = [to_wire(e).to_list() for e in rows]
    header = {
        "event_id": me.event_id,
        "event": name,
        "station": me.name,
        "from_seq": rows[0].seq,
        "to_seq": rows[-1].seq,
        "count": len(rows),
        "exported_at": utcnow().isoformat(),
    }
    body = json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode()
    write_signed(out, BUNDLE_MAGIC, header, body, me.private_key)
    done = max(rows[-1].seq, exported_seq(session))
    row = session.get(Setting, EXPORTED_SETTING)
    if row is None:
        session.add(Setting(key=EXPORTED_SETTING, value=str(done).encode()))
    else:
        row.value = str(done).encode()
    session.flush()
    return BundleInfo(name, me.name, rows[0].seq, rows[-1].seq, len(rows), str(out))


@dataclass(frozen=True)
class VerifiedBundle:
    event_id: int
    station: str
    from_seq: int
    to_seq: int
    records: list[list[Any]]  # checked lines in `WireEvent` field order, `at` a naive UTC time
    already: frozenset[str]  # the uids this database holds already

    @property
    def events(self) -> list[WireEvent]:
        return [WireEvent(*r) for r in self.records]


def _header_fields(header: dict[str, Any]) -> tuple[int, str, str, int, int, int]:
    values = (
        header.get("event_id"),
        header.get("event"),
        header.get("station"),
        header.get("from_seq"),
        header.get("to_seq"),
        header.get("count"),
    )
    event_id, event, station, low, high, count = values
    if not (
        _count_in(event_id, 1, MAX_ID)
        and _plain(event, 200)
        and _plain(station, 60)
        and _count_in(low, 1, MAX_ID)
        and _count_in(high, 1, MAX_ID)
        and _count_in(count, 1, MAX_RECORDS)
    ):
        raise RefusedFile(f"{BUNDLE}文件头不完整或已损坏")
    assert isinstance(event_id, int) and isinstance(event, str) and isinstance(station, str)
    assert isinstance(low, int) and isinstance(high, int) and isinstance(count, int)
    return event_id, event, station, low, high, count


def _plain(text: Any, limit: int) -> bool:
    """A string of at most `limit` characters with no control character."""
    return isinstance(text, str) and len(text) <= limit and not CONTROL.search(text)


def _known_station(
    session: Session, event_id: int, event: str, station: str, only: int | None
) -> Station:
    """The office's record of the bundle's station, after checking the bundle is this
    workspace's and (when the office names one) this event's."""
    stored = session.get(Event, event_id)
    if stored is None or stored.name != event:
        raise RefusedFile(f"此文件属于另一个工作区的活动“{event}”，本数据库中没有这个活动")
    if only is not None and event_id != only:
        wanted = session.get(Event, only)
        raise RefusedFile(f"此文件属于活动“{event}”，不是“{wanted.name if wanted else only}”")
    row = session.scalars(
        select(Station).where(Station.event_id == event_id, Station.name == station)
    ).first()
    if row is None:
        raise RefusedFile(f"未知站点“{station}”：本活动没有为它制作过站点包")
    return row


def _parse_records(body: bytes) -> list[Any]:
    """The body's JSON list of lines, not yet checked one by one."""
    try:
        items = json.loads(body)
    except (ValueError, RecursionError):
        raise RefusedFile(f"{BUNDLE}内容无法读取") from None
    if type(items) is not list:
        raise RefusedFile(f"{BUNDLE}内容无法读取")
    return items


def _parsed(items: list[Any], where: str) -> list[list[Any]]:
    """Each line type-checked by `_record` (in place), or RefusedFile naming its position."""
    if len(items) > MAX_RECORDS:
        raise RefusedFile(f"{where}记录过多：超过{MAX_RECORDS}条")
    for n, item in enumerate(items, start=1):
        try:
            _record(item)
        except (ValueError, TypeError):
            raise RefusedFile(
                f"{where}第{n}条记录格式不对（字段缺少、类型不符或时间无法识别）"
            ) from None
    return items


def _check_sequence(
    records: list[list[Any]], event_id: int, station: str, low: int, count: int
) -> None:
    if len(records) != count:
        raise RefusedFile(f"{BUNDLE}的记录数与文件头不符：应有{count}条，实有{len(records)}条")
    for expected, r in enumerate(records, start=low):
        if r[4] != expected:
            raise RefusedFile(f"{BUNDLE}中的记录顺序不对：第{expected}号处是第{r[4]}号")
        if r[3] != station or r[1] != event_id:
            raise RefusedFile(f"{BUNDLE}中混有其他站点或其他活动的记录（第{r[4]}号）")
    uids = {r[0] for r in records}
    if len(uids) != len(records):
        counts = Counter(r[0] for r in records)
        twice = next(uid for uid, n in counts.items() if n > 1)
        raise RefusedFile(f"{BUNDLE}中记录 {twice} 出现两次且内容不同")


# --- What a record may say (bundles and hub batches alike) ----------------------------------


@dataclass(frozen=True)
class _Scope:
    """What the records of one event may name: its activities, sites and groups, and its days."""

    activities: frozenset[int]
    sites: frozenset[int]
    groups: frozenset[int]
    start: dt.datetime  # naive UTC: local midnight of the day before the first activity
    end: dt.datetime  # naive UTC: local midnight after the day after the last activity
    days: str  # the activity days, for messages


def _midnight_utc(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), zone).astimezone(dt.UTC).replace(tzinfo=None)


def _scope(session: Session, event_id: int) -> _Scope:
    event = session.get(Event, event_id)
    if event is None:
        raise RefusedFile(f"本数据库中没有编号为 {event_id} 的活动")
    rows = session.execute(select(Activity.id, Activity.date).where(Activity.event_id == event_id))
    days: dict[int, dt.date] = {aid: day for aid, day in rows}
    if not days:
        raise RefusedFile(f"活动“{event.name}”还没有活动项目：不能合并签到记录")
    sites = session.scalars(select(Site.id).where(Site.event_id == event_id))
    groups = session.scalars(
        select(Group.id)
        .join(Activity, Group.activity_id == Activity.id)
        .where(Activity.event_id == event_id)
    )
    zone = clock.zone(event.timezone)
    first, last = min(days.values()), max(days.values())
    one = dt.timedelta(days=1)
    return _Scope(
        frozenset(days),
        frozenset(sites),
        frozenset(groups),
        _midnight_utc(first - one, zone),
        _midnight_utc(last + 2 * one, zone),
        f"（{first}）" if first == last else f"（{first}至{last}）",
    )


# A uid as `checkin.new_uid` makes it (32 hex digits), or another short token.
_UID = re.compile(r"[0-9A-Za-z_.:-]{1,32}")
# A document hash: printable ASCII, no spaces.
_PERSON = re.compile(r"[!-~]{0,64}")
_TEXTS = ((7, "结果", 30), (8, "操作人", 100), (13, "原因", 2000), (14, "详情", 20000))
_DETAIL_TEXT = 1000  # any one string inside a detail
# A walk-in's registration becomes a roster row: each field must fit its column.
_REGISTRATION = {
    "name": 100,
    "gender": 20,
    "phone": 20,
    "doc_type": 20,
    "doc_prefix": 4,
    "doc_last4": 4,
    "category": 40,
    "work_unit": 200,
    "job_title": 100,
    "needs": 200,
}


def _problem(r: list[Any], event_id: int, station: str, scope: _Scope) -> str | None:
    """Why this (type-checked) record must not be merged, as the end of a sentence; or None."""
    if r[1] != event_id or r[3] != station:
        return "属于其他活动或其他站点"
    if not 1 <= r[4] <= MAX_ID:
        return f"的编号超出范围（应为1至{MAX_ID}）"
    if not scope.start <= r[9] < scope.end:
        return f"的时间 {r[9].isoformat(' ', 'minutes')}（UTC）不在活动日期{scope.days}前后一天内"
    activity, site, group = r[2], r[10], r[11]
    if (
        (activity is not None and activity not in scope.activities)
        or (site is not None and site not in scope.sites)
        or (group is not None and group not in scope.groups)
    ):
        return _foreign(r, scope)
    if r[5] == _WALKIN and activity is None:
        return "是现场登记，却没有活动项目"
    return _text_problem(r)


def _foreign(r: list[Any], scope: _Scope) -> str:
    named = (
        (2, scope.activities, "活动项目"),
        (10, scope.sites, "观摩点"),
        (11, scope.groups, "分组"),
    )
    index, what = next((i, w) for i, ids, w in named if r[i] is not None and r[i] not in ids)
    return f"的{what}（编号 {r[index]}）不属于本活动"


def _text_problem(r: list[Any]) -> str | None:
    if not (_UID.fullmatch(r[0]) and _PERSON.fullmatch(r[6])) or (
        r[12] and not _UID.fullmatch(r[12])
    ):
        return "的记录标识或人员标识格式不对"
    # One search over the four texts: the merge checks 100,000 records in well under a second.
    verdict, operator, reason, detail = r[7], r[8], r[13], r[14]
    if (
        len(verdict) > _TEXTS[0][2]
        or len(operator) > _TEXTS[1][2]
        or len(reason) > _TEXTS[2][2]
        or len(detail) > _TEXTS[3][2]
        or CONTROL.search(verdict + operator + reason + detail)
    ):
        for index, what, limit in _TEXTS:
            if len(r[index]) > limit:
                return f"的{what}超过{limit}个字符"
            if CONTROL.search(r[index]):
                return f"的{what}含有控制字符"
    return _detail_problem(r[14], r[5] == _WALKIN)


def _detail_problem(detail: str, walk_in: bool) -> str | None:
    """Why a record's `detail` may not be stored: JSON nested too deeply (its readers recurse),
    control characters hidden in escapes, a walk-in's registration that does not fit the roster."""
    shallow = detail.count("[") + detail.count("{") <= MAX_JSON_DEPTH
    if not walk_in and shallow and "\\" not in detail:
        return None  # no escapes and few brackets: nothing hidden, nothing deep
    try:
        value = load_json(detail) if detail else {}
    except ValueError:
        return "的详情不是有效的 JSON，或嵌套过深"
    if any(CONTROL.search(t) or len(t) > _DETAIL_TEXT for t in _strings(value)):
        return "的详情含有控制字符或过长的文字"
    return _registration_problem(value) if walk_in else None


def _strings(value: Any) -> Iterable[str]:
    """Every key and string value inside a decoded JSON value (its depth already bounded)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _registration_problem(value: Any) -> str | None:
    """A walk-in's registration (absent once purged: then the roster row gets defaults) must
    fit the roster's columns."""
    data = value.get("registration", {}) if isinstance(value, dict) else {}
    if not isinstance(data, dict):
        return "的登记信息格式不对"
    for key, limit in _REGISTRATION.items():
        field = data.get(key)
        if field is not None and (not isinstance(field, str) or len(field) > limit):
            return f"的登记信息“{key}”应为不超过{limit}个字符的文字"
    return None


def _check_content(
    session: Session, event_id: int, station: str, records: list[list[Any]], where: str
) -> None:
    """RefusedFile naming the first record that names what is not this event's, lies outside
    its days, or holds text the office must not store."""
    scope = _scope(session, event_id)
    for r in records:
        why = _problem(r, event_id, station, scope)
        if why is not None:
            raise RefusedFile(f"{where}第{r[4]}号记录{why}：整批不予合并")
    targets = sorted({r[12] for r in records if r[12]})
    for chunk in _chunks(targets):
        found = session.scalars(
            select(LogEvent.uid).where(LogEvent.uid.in_(chunk), LogEvent.event_id != event_id)
        ).first()
        if found is not None:
            seq = next(r[4] for r in records if r[12] == found)
            raise RefusedFile(f"{where}第{seq}号记录撤销的是其他活动的记录：整批不予合并")


def check_records(
    session: Session, event_id: int, station: str, records: Sequence[Any]
) -> list[list[Any]]:
    """Check a batch of one station's records that did not come from a file (the hub's inbox)
    exactly as a bundle's records are checked, before anything of it is written.

    `records`: decoded JSON lines in `WireEvent` field order (`WireEvent.to_list()`); the input
    is not changed. Returns checked copies with `at` a naive UTC datetime (`WireEvent(*r)` makes
    the events for `ingest`). RefusedFile, one Chinese sentence naming the station and the
    record, when any record is malformed, numbered out of range or twice, of another event or
    station, outside the event's days ± 1, naming another event's activity, site or group, or
    holding control characters, over-long text or too deeply nested JSON."""
    where = f"站点“{station}”的"
    checked = _parsed([r[:] if type(r) is list else r for r in records], where)
    if len({r[0] for r in checked}) != len(checked) or len({r[4] for r in checked}) != len(checked):
        raise RefusedFile(f"{where}一批记录中有编号重复的记录：整批不予合并")
    _check_content(session, event_id, station, checked, where)
    return checked


def _verify_bundle(
    session: Session, path: Path, event_id: int | None, data: bytes | None
) -> VerifiedBundle:
    file = read_signed(path, BUNDLE_MAGIC, BUNDLE, data=data)
    eid, event, station, low, high, count = _header_fields(file.header)
    known = _known_station(session, eid, event, station, event_id)
    if not signature_ok(file, known.public_key):
        raise RefusedFile(
            f"签名不符：文件被改动过，或不是站点“{station}”用本办公室制作的站点包导出的"
        )
    check_body(file, BUNDLE)
    if high - low + 1 != count:
        raise RefusedFile(f"{BUNDLE}的记录数与文件头不符：应有{count}条，编号却是{low}–{high}")
    where = f"{BUNDLE} {path.name} 中"
    records = _parsed(_parse_records(file.body), where)
    _check_sequence(records, eid, station, low, count)
    _check_content(session, eid, station, records, where)
    try:
        refuse_purged(session, [eid])
        already = _stored_uids(session, station, _numbered(records), low, high)
    except UserError as err:
        raise RefusedFile(str(err)) from None
    return VerifiedBundle(eid, station, low, high, records, frozenset(already))


# What reading a hostile file can raise beyond our own refusals: a refusal too, never a traceback.
MALFORMED = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
    DataError,
)


def verify_bundle(
    session: Session, path: Path, *, event_id: int | None = None, data: bytes | None = None
) -> VerifiedBundle:
    """Check a bundle completely without writing anything: container, known station of this
    workspace's event, the station's signature, checksum, record count and numbering, every
    record's content (`check_records`), that the event's personal data was not purged, and
    consistency with what is already merged. RefusedFile (Chinese reason) otherwise. `data`:
    the bundle's bytes (a hub push)."""
    try:
        return _verify_bundle(session, path, event_id, data)
    except MALFORMED as err:
        log.warning("bundle %s refused: %r", path, err)
        raise RefusedFile(f"{BUNDLE} {path.name} 内容无法读取（{type(err).__name__}）") from None


def _contiguous_seq(session: Session, station: str) -> int:
    """The highest n such that events 1..n of the station are all here."""
    count, high = session.execute(
        select(func.count(), func.max(LogEvent.seq)).where(LogEvent.station == station)
    ).one()
    if not high or count == high:
        return int(high or 0)
    seqs = session.scalars(
        select(LogEvent.seq).where(LogEvent.station == station).order_by(LogEvent.seq)
    )
    done = 0
    for seq in seqs:
        if seq != done + 1:
            break
        done = seq
    return done


@dataclass(frozen=True)
class BundleMerged:
    event_id: int
    new: int
    already_had: int
    span: Span  # where the bundle's events are in the log (for its conflicts)


@dataclass(frozen=True)
class Span:
    """One station's events `low`..`high`: what a bundle brought (new or already merged)."""

    station: str
    low: int
    high: int
    activities: frozenset[int]
    people: frozenset[str]  # the document hashes its events name
    nameless: frozenset[str]  # the uids of its events that name nobody (an undo may)
    boards: bool  # whether it holds boarding ticks


def merge_bundle(
    session: Session, path: Path, *, event_id: int | None = None, data: bytes | None = None
) -> BundleMerged:
    """Verify then merge one bundle in the caller's transaction (`data`: its bytes, see
    `verify_bundle`)."""
    bundle = verify_bundle(session, path, event_id=event_id, data=data)
    records = _office_persons(session, bundle.records)
    new = _insert(session, [r for r in records if r[0] not in bundle.already])
    station = session.scalars(
        select(Station).where(Station.event_id == bundle.event_id, Station.name == bundle.station)
    ).one()
    station.merged_seq = _contiguous_seq(session, bundle.station)
    station.last_sync_at = utcnow()
    span = Span(
        bundle.station,
        bundle.from_seq,
        bundle.to_seq,
        frozenset(r[2] for r in records if r[2] is not None),
        frozenset(r[6] for r in records if r[6] and r[5] in _RELEVANT_KINDS),
        frozenset(r[0] for r in records if not r[6] and r[5] in _RELEVANT_KINDS),
        any(r[5] == _BOARD for r in records),
    )
    return BundleMerged(bundle.event_id, new, len(bundle.records) - new, span)


@dataclass(frozen=True)
class Refused:
    file: str
    reason: str


@dataclass(frozen=True)
class MergeResult:
    merged: int
    already_had: int
    refused: list[Refused]
    conflicts: list[Conflict]

    def to_json(self) -> dict[str, Any]:
        return {
            "merged": self.merged,
            "already_had": self.already_had,
            "refused": [{"file": r.file, "reason": r.reason} for r in self.refused],
            "conflicts": [c.to_json() for c in self.conflicts],
        }


def merge_bundles(
    db: Database, paths: Sequence[Path], *, event_id: int | None = None
) -> MergeResult:
    """Merge bundle files into the office database, each in its own transaction: a refused
    bundle leaves nothing behind, and the others still merge. The conflicts reported are those
    of the people the merged bundles' events name (see `conflicts_among`), settled or not."""
    merged = already = 0
    refused: list[Refused] = []
    spans: dict[int, list[Span]] = {}
    for path in paths:
        try:
            with db.transaction() as session:
                done = merge_bundle(session, path, event_id=event_id)
        except UserError as err:
            refused.append(Refused(str(path), str(err)))
            continue
        spans.setdefault(done.event_id, []).append(done.span)
        merged += done.new
        already += done.already_had
    found: list[Conflict] = []
    with db.reading() as session:
        for eid in sorted(spans):
            found.extend(conflicts_among(session, eid, spans[eid]))
    return MergeResult(merged, already, refused, found)


# --- Conflicts between stations -------------------------------------------------------------

DOUBLE_CHECKIN = "double_checkin"
UNDO_ELSEWHERE = "undo_elsewhere"
SEAT_TWICE = "seat_twice"
_KIND_ORDER = {DOUBLE_CHECKIN: 0, UNDO_ELSEWHERE: 1, SEAT_TWICE: 2}
_ADMITTING = {k.value for k in ADMITTING}


@dataclass(frozen=True)
class Conflict:
    kind: str  # "double_checkin" | "undo_elsewhere" | "seat_twice"
    participant: int | None
    stations: list[str]
    key: str  # stable id for settling
    uids: list[str]
    description: str  # Chinese
    decision: str | None  # the office's recorded decision, if settled

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "participant": self.participant,
            "stations": self.stations,
            "key": self.key,
            "description": self.description,
            "decision": self.decision,
        }


@dataclass(frozen=True)
class _Row:
    uid: str
    kind: str
    station: str
    participant_id: int | None
    person: str
    activity_id: int | None
    at: dt.datetime
    verdict: str
    refers_to: str
    detail: str


def conflict_key(kind: str, uids: Iterable[str]) -> str:
    """Stable whatever the merge order: the kind and a digest of the sorted uids involved."""
    digest = hashlib.sha256("|".join(sorted(uids)).encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


class _Describer:
    """Names and local times for the Chinese descriptions: names only of the people involved."""

    def __init__(self, session: Session, event: Event, found: Iterable[_Found]) -> None:
        ids = {r.participant_id for f in found for r in f.rows if r.participant_id is not None}
        self.names: dict[int, str] = {}
        for chunk in _chunks(sorted(ids)):
            rows = session.execute(
                select(Participant.id, Participant.name).where(Participant.id.in_(chunk))
            )
            self.names.update((pid, name) for pid, name in rows)
        self.zone = clock.zone(event.timezone)

    def who(self, row: _Row) -> str:
        if row.participant_id is not None and row.participant_id in self.names:
            return self.names[row.participant_id]
        return "未知人员"

    def when(self, row: _Row) -> str:
        return clock.in_zone(row.at, self.zone).strftime("%H:%M")

    def where(self, row: _Row) -> str:
        return f"“{row.station}”（{self.when(row)}）"


@dataclass(frozen=True)
class _Found:
    """A conflict before it is described: its kind and the log rows involved."""

    kind: str
    rows: list[_Row]


_CONFLICT_KINDS = [*(k.value for k in ADMITTING), LogKind.UNDO.value, LogKind.BOARD.value]
# The kind column as the plain string stored: no enum object per row.
_stored_kind = type_coerce(LogEvent.kind, String)
_ROW_COLUMNS = (
    LogEvent.uid,
    _stored_kind,
    LogEvent.station,
    LogEvent.participant_id,
    LogEvent.person,
    LogEvent.activity_id,
    LogEvent.at,
    LogEvent.verdict,
    LogEvent.refers_to,
    LogEvent.detail,
)


def _rows(session: Session, *where: ColumnElement[bool]) -> list[_Row]:
    result = session.execute(select(*_ROW_COLUMNS).where(_stored_kind.in_(_CONFLICT_KINDS), *where))
    return [
        _Row(uid, kind, station, pid, person, aid, at, verdict, refers, detail)
        for uid, kind, station, pid, person, aid, at, verdict, refers, detail in result
    ]


def _load(session: Session, event_id: int) -> list[_Row]:
    rows = _rows(session, LogEvent.event_id == event_id)
    rows.sort(key=lambda r: (r.at, r.uid))
    return rows


def _who_key(row: _Row) -> str:
    return row.person or f"#{row.participant_id}"


def _participant(rows: Sequence[_Row]) -> int | None:
    return next((r.participant_id for r in rows if r.participant_id is not None), None)


def _double_checkins(rows: list[_Row], undone: set[str]) -> list[_Found]:
    by_person: dict[tuple[int | None, str], list[_Row]] = {}
    for r in rows:
        if r.kind in _ADMITTING and r.uid not in undone and (r.person or r.participant_id):
            by_person.setdefault((r.activity_id, _who_key(r)), []).append(r)
    return [
        _Found(DOUBLE_CHECKIN, items)
        for items in by_person.values()
        if len({r.station for r in items}) > 1
    ]


def _undos_elsewhere(rows: list[_Row]) -> list[_Found]:
    by_uid = {r.uid: r for r in rows}
    found = []
    for undo in rows:
        target = by_uid.get(undo.refers_to) if undo.kind == LogKind.UNDO.value else None
        if target is not None and target.station != undo.station:
            found.append(_Found(UNDO_ELSEWHERE, [target, undo]))
    return found


def _seat_of(row: _Row) -> tuple[str, str] | None:
    try:
        data = json.loads(row.detail) if row.detail else {}
    except ValueError:
        return None
    if not isinstance(data, dict) or not data.get("seat"):
        return None
    return str(data.get("vehicle", "")), str(data["seat"])


def _seats_twice(rows: list[_Row]) -> list[_Found]:
    """Two people boarded (by their last boarding tick) on the same seat of the same bus."""
    last: dict[tuple[int | None, str], _Row] = {}
    for r in rows:
        if r.kind == LogKind.BOARD.value:
            last[(r.activity_id, _who_key(r))] = r  # rows are in time order: the last one wins
    seats: dict[tuple[int | None, str, str], list[_Row]] = {}
    for (activity_id, _), r in last.items():
        seat = _seat_of(r)
        if r.verdict == "present" and seat is not None:
            seats.setdefault((activity_id, *seat), []).append(r)
    found = []
    for items in seats.values():
        if len(items) > 1:
            items.sort(key=lambda r: (r.at, r.uid))
            found.append(_Found(SEAT_TWICE, items))
    return found


def _describe(found: _Found, text: _Describer) -> Conflict:
    items = found.rows
    uids = [r.uid for r in items]
    if found.kind == DOUBLE_CHECKIN:
        stations = sorted({r.station for r in items})
        places = "、".join(text.where(r) for r in items)
        what = f"{text.who(items[0])}在{places}都签到了：只算一人，请确认以哪次为准"
    elif found.kind == UNDO_ELSEWHERE:
        target, undo = items
        stations = [target.station, undo.station]
        what = (
            f"{text.who(target)}在{text.where(target)}的签到被{text.where(undo)}撤销："
            "请确认此人是否在场"
        )
    else:
        stations = sorted({r.station for r in items})
        vehicle, number = _seat_of(items[0]) or ("", "")
        people = "、".join(f"{text.who(r)}（{text.where(r)}）" for r in items)
        what = f"{vehicle}{number}座同时登记了{people}：请为其中一人另排座位"
    key = conflict_key(found.kind, uids)
    return Conflict(found.kind, _participant(items), stations, key, sorted(uids), what, None)


def _find(rows: list[_Row]) -> list[_Found]:
    """Every conflict among these rows (in time order)."""
    undone = {r.refers_to for r in rows if r.kind == LogKind.UNDO.value}
    return [*_double_checkins(rows, undone), *_undos_elsewhere(rows), *_seats_twice(rows)]


def _finish(session: Session, event_id: int, found: list[_Found]) -> list[Conflict]:
    """Describe, attach the office's decisions, and order the conflicts stably."""
    event = session.get(Event, event_id)
    if event is None:
        raise UserError(f"找不到编号为 {event_id} 的活动")
    text = _Describer(session, event, found)
    recorded = session.execute(
        select(ConflictDecision.key, ConflictDecision.decision).where(
            ConflictDecision.event_id == event_id
        )
    )
    decisions = {key: decision for key, decision in recorded}
    firsts = {r.uid: r.at for f in found for r in f.rows}
    described = [_describe(f, text) for f in found]
    described.sort(key=lambda c: (_KIND_ORDER[c.kind], min(firsts[u] for u in c.uids), c.key))
    return [dataclasses.replace(c, decision=decisions.get(c.key)) for c in described]


def conflicts(session: Session, event_id: int) -> list[Conflict]:
    """Every conflict in the event's merged log, settled or not, in a stable order."""
    if session.get(Event, event_id) is None:
        raise UserError(f"找不到编号为 {event_id} 的活动")
    return _finish(session, event_id, _find(_load(session, event_id)))


_RELEVANT = ", ".join(f"'{k}'" for k in _CONFLICT_KINDS)  # fixed enum values, not input
_RELEVANT_KINDS = frozenset(_CONFLICT_KINDS)

# The participants of a span who also have rows at another station (only they can be checked in
# twice or undone elsewhere), then those who boarded: SQLite joins on the (station, seq) and
# participant_id indexes, no participant list goes through Python.
_ELSEWHERE = f"""
SELECT DISTINCT b.participant_id FROM log_events AS b
JOIN log_events AS o ON o.participant_id = b.participant_id
WHERE b.station = {{m}} AND b.seq BETWEEN {{m}} AND {{m}} AND b.participant_id IS NOT NULL
  AND b.kind IN ({_RELEVANT}) AND o.station != b.station AND o.kind IN ({_RELEVANT})
"""
_BOARDED = """
SELECT DISTINCT participant_id FROM log_events
WHERE station = {m} AND seq BETWEEN {m} AND {m} AND kind = 'board' AND participant_id IS NOT NULL
"""


def _ids(session: Session, sql: str, span: Span) -> set[int]:
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    rows = connection.exec_driver_sql(sql.format(m=mark), (span.station, span.low, span.high))
    return {pid for (pid,) in rows}


def conflicts_among(session: Session, event_id: int, spans: Sequence[Span]) -> list[Conflict]:
    """The conflicts involving the people of these spans of the log (what a merge brought),
    without reading the whole log: those of `conflicts` that name one of them, settled or not.

    Only people with rows at two or more stations can be checked in twice or undone elsewhere:
    SQL finds them, and only their rows are read. A seat given twice involves other people: the
    boarding ticks of the activities they boarded in are read whole (on the (activity_id, kind)
    index). Undos that name nobody (`person` unknown here) are read for the spans' activities so
    they still take a check-in back."""
    wanted: set[str] = set()
    brought: set[str] = set()
    candidates: set[int] = set()
    activities: set[int] = set()
    for span in spans:
        wanted |= span.people
        brought |= span.nameless
        candidates |= _ids(session, _ELSEWHERE, span)
        if span.boards:
            candidates |= _ids(session, _BOARDED, span)
        activities |= span.activities
    rows: dict[str, _Row] = {}
    for chunk in _chunks(sorted(candidates)):
        rows.update((r.uid, r) for r in _rows(session, LogEvent.participant_id.in_(chunk)))
    nameless = [
        r
        for chunk in _chunks(sorted(activities))
        for r in _rows(
            session,
            LogEvent.activity_id.in_(chunk),
            _stored_kind == LogKind.UNDO.value,
            LogEvent.participant_id.is_(None),
        )
    ]
    rows.update((r.uid, r) for r in nameless)
    targets = sorted({r.refers_to for r in nameless} - set(rows))
    for chunk in _chunks(targets):
        rows.update((r.uid, r) for r in _rows(session, LogEvent.uid.in_(chunk)))
    seated = sorted({r.activity_id for r in rows.values() if r.kind == _BOARD and r.activity_id})
    for chunk in _chunks(seated):
        board = _rows(session, LogEvent.activity_id.in_(chunk), _stored_kind == _BOARD)
        rows.update((r.uid, r) for r in board)
    ordered = sorted(rows.values(), key=lambda r: (r.at, r.uid))
    found = [
        f for f in _find(ordered) if any(r.person in wanted or r.uid in brought for r in f.rows)
    ]
    return _finish(session, event_id, found)


_BOARD = LogKind.BOARD.value


def settle(session: Session, event_id: int, key: str, *, decision: str, actor: str) -> None:
    """Record how the office settled a conflict. The log itself is left as it is."""
    decision = decision.strip()
    if not decision:
        raise UserError("处理意见：不能为空")
    match = next((c for c in conflicts(session, event_id) if c.key == key), None)
    if match is None:
        raise UserError("找不到这个冲突：可能已随新的数据变化，请刷新后再处理")
    done = session.scalars(
        select(ConflictDecision).where(
            ConflictDecision.event_id == event_id, ConflictDecision.key == key
        )
    ).first()
    if done is not None:
        raise UserError(f"这个冲突已由{done.actor or '他人'}处理：{done.decision}")
    session.add(
        ConflictDecision(
            event_id=event_id, key=key, kind=match.kind, decision=decision, actor=actor
        )
    )
    session.flush()
