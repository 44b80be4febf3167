"""The live hub: a station pushes its log to the office's PostgreSQL and pulls the other stations'.

A station database works alone all day; where it can reach the office database (the URL in the
Setting "hub_url"), a background loop keeps the two in step. Both directions are idempotent
(the office merges only the uids it lacks, `sync.ingest` likewise on the station), so a round cut
short by a dropped connection is simply done again: nothing is lost and nothing is doubled. The
loop never raises into its caller and never makes the desk wait: the desk only reads
`HubLoop.status`.

Trust model. A station laptop is assumed lost or hostile. It logs in to PostgreSQL as a role of
its own (`create_station_role`, made when its package is made): LOGIN, NOINHERIT, expiring a few
days after the event, and granted only INSERT of a few columns into `hub_inbox` (row-level
security: its own event and station, as new rows) and SELECT on the view `hub_log` (the other
stations' events of its own event, walk-in phones removed). Pass keys, participants, phones,
settings, other events and every UPDATE or DELETE are refused by PostgreSQL itself; the office's
own credentials never leave the office.

What a station pushes is a bundle signed with its own Ed25519 key (the one its USB bundles use).
The office merges the inbox with exactly a bundle's checks (`sync.merge_bundle`): signature of
the station's registered key, numbering, event, consistency with the log. A refused batch is
marked with its reason and blocks no other; a merged one is emptied (the log holds it). The
office ingests on `checkin hub --sync` and in `InboxLoop`; stations learn of new events by
NOTIFY. A SQLite office (tests, one-PC set-ups) has no roles: the station holding its file
merges its own pushes through the same checks.

The cursors are Setting rows of the station database, never marks on log rows (the log is
append-only): the highest own `seq` the office confirms it merged (read from the view
`hub_receipt`), and the highest office row id pulled so far.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, column, create_engine, delete, func, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from checkin_app import checkin, sync
from checkin_app.db import Database, make_engine
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    Event,
    HubInbox,
    HubStationRole,
    LogEvent,
    LogKind,
    Setting,
    Station,
    utcnow,
)

log = logging.getLogger(__name__)

HUB_URL_SETTING = "hub_url"
PUSHED_SETTING = "hub_pushed_seq"
PULLED_SETTING = "hub_pulled_id"
# One key for every writer of the office log that takes part in the hub (see `log_write_lock`).
LOG_LOCK_KEY = 7_470_730_001
# Merges announce themselves here so the stations pull at once instead of at their next round,
# and pushes on INBOX_CHANNEL so the office merges at once; polling stays the fallback.
CHANNEL = "checkin_hub"
INBOX_CHANNEL = "checkin_hub_inbox"
BATCH = 500


# --- The station's settings -------------------------------------------------------------------


def _get(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value.decode() if row else None


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value.encode()))
    else:
        row.value = value.encode()
    session.flush()


def hub_url(session: Session) -> str | None:
    """The office database this station syncs with, or None when it works offline only."""
    return _get(session, HUB_URL_SETTING) or None


def normalise_url(raw: str) -> str:
    """A PostgreSQL URL the hub can use; UserError (Chinese) for anything else."""
    value = raw.strip()
    try:
        url = make_url(value)
    except ArgumentError:
        raise UserError(
            f"办公室数据库地址无法识别：{value}（应为 postgresql://用户@主机:端口/数据库）"
        ) from None
    if url.get_backend_name() != "postgresql":
        raise UserError(
            f"办公室数据库地址应为 PostgreSQL（postgresql://用户@主机:端口/数据库），"
            f"而不是 {url.get_backend_name()}"
        )
    if not url.host or not url.database:
        raise UserError("办公室数据库地址缺少主机或数据库名（postgresql://用户@主机:端口/数据库）")
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def set_hub_url(session: Session, raw: str) -> str:
    """Point this station at an office database ("" turns the hub off). A new office starts the
    cursors again from zero: the first rounds re-send and re-read what the new office lacks."""
    url = normalise_url(raw) if raw.strip() else ""
    if url != (hub_url(session) or ""):
        _put(session, HUB_URL_SETTING, url)
        _put(session, PUSHED_SETTING, "0")
        _put(session, PULLED_SETTING, "0")
    return url


def forget_hub_url(session: Session) -> bool:
    """Delete the hub URL (with the station role's password); False when there was none."""
    row = session.get(Setting, HUB_URL_SETTING)
    if row is not None:
        session.delete(row)
        session.flush()
    return row is not None


def shown_url(url: str) -> str:
    """The URL without its password, for screens and logs."""
    return make_url(url).render_as_string(hide_password=True)


def pushed_seq(session: Session) -> int:
    return int(_get(session, PUSHED_SETTING) or 0)


def pulled_id(session: Session) -> int:
    return int(_get(session, PULLED_SETTING) or 0)


def queued(session: Session, station: str) -> int:
    """How many of the station's own events the office has not confirmed yet."""
    count = session.scalar(
        select(func.count())
        .select_from(LogEvent)
        .where(LogEvent.station == station, LogEvent.seq > pushed_seq(session))
    )
    return int(count or 0)


def _station(session: Session) -> str:
    name = checkin.station_name(session)
    if not name:
        raise UserError("此数据库不是签到站点（没有站点名称），不能与办公室同步")
    return name


# --- One round ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    """What one sync round moved."""

    pushed: int  # own events put in the office's inbox (merged there, or already had, later)
    pulled: int  # other stations' events new here


def office_engine(url: str, *, timeout: int = 5) -> Engine:
    """An engine that gives up quickly when the office cannot be reached, and notices a
    connection that died silently (a laptop moved out of Wi-Fi range) instead of hanging."""
    if not url.startswith("postgresql"):
        return make_engine(url)  # SQLite offices: tests and single-PC set-ups
    args: dict[str, Any] = {
        "connect_timeout": timeout,
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        "tcp_user_timeout": timeout * 3000,
        "options": "-c statement_timeout=30000",
    }
    return create_engine(url, pool_pre_ping=True, pool_size=1, max_overflow=1, connect_args=args)


def log_write_lock(session: Session) -> None:
    """Serialise writers of the office log until the transaction ends.

    Pulling reads rows with an id above the last one pulled. PostgreSQL hands out ids when rows
    are inserted, not when they commit, so two concurrent writers could commit ids 11 then 10,
    and a reader that saw 11 would never look at 10. Writers holding this lock commit in id
    order. Every writer of a PostgreSQL office log (bundle merges too) should take it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_LOCK_KEY})


def notify(session: Session, channel: str = CHANNEL) -> None:
    """Tell listening stations (on commit) that the office log grew, or the office that its
    inbox did (`INBOX_CHANNEL`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})


class Listener:
    """Wakes a hub loop when the office announces a push (PostgreSQL LISTEN), on its own thread.

    Best effort: a lost connection is dialled again a few seconds later, and the loop polls
    anyway, so nothing depends on a notification arriving.
    """

    def __init__(self, url: str, wake: threading.Event, channel: str = CHANNEL) -> None:
        self.url = url
        self._wake = wake
        self.channel = channel
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="checkin-hub-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(10)

    def _run(self) -> None:
        import psycopg  # only PostgreSQL offices listen

        dsn = make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)
        while not self._stopping.is_set():
            try:
                with psycopg.connect(
                    dsn, autocommit=True, connect_timeout=5, keepalives=1, keepalives_idle=5
                ) as conn:
                    conn.execute(f"LISTEN {self.channel}")  # one of two constants
                    self._wake.set()  # anything pushed before we listened: pull it now
                    while not self._stopping.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            self._wake.set()
            except (psycopg.Error, OSError) as err:
                log.info("hub listener lost the office: %s", type(err).__name__)
                self._stopping.wait(3)


class Hub:
    """Push and pull between one station database and the office database."""

    def __init__(self, local: Database, office_url: str | None = None, *, batch: int = BATCH):
        self.local = local
        self.batch = batch
        self._fixed_url = office_url
        self._url: str | None = None
        self._engine: Engine | None = None
        self._office: sessionmaker[Session] | None = None
        # The highest own seq put in the office's inbox by this Hub. In memory on purpose: the
        # setting holds what the office confirmed it merged, so a batch the office lost or
        # refused is sent again after a restart (the merge skips what it already has).
        self._sent: int | None = None

    # The office connection, (re)made when the URL setting changes.
    def office_url(self) -> str | None:
        if self._fixed_url is not None:
            return self._fixed_url
        with self.local.reading() as session:
            return hub_url(session)

    def _office_sessions(self, url: str) -> sessionmaker[Session]:
        if self._office is None or url != self._url:
            self.close()
            self._engine = office_engine(url)
            self._office = sessionmaker(self._engine, expire_on_commit=False)
            self._url = url
            self._sent = None
        return self._office

    @contextmanager
    def _office_transaction(self, url: str) -> Iterator[Session]:
        with self._office_sessions(url).begin() as session:
            yield session

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._office = self._url = None

    @property
    def current_url(self) -> str | None:
        """The office URL of the last connection made."""
        return self._url

    def drop_connections(self) -> None:
        """Forget pooled office connections after a failure: the next round dials again."""
        if self._engine is not None:
            self._engine.dispose()

    def queued(self) -> int:
        with self.local.reading() as session:
            name = checkin.station_name(session)
            return queued(session, name) if name else 0

    def sync_once(self) -> Round:
        """Push everything queued, then pull everything new. Raises when the office cannot be
        reached or a round fails midway; what was committed stays, the rest is redone next time."""
        url = self.office_url()
        if not url:
            raise UserError("未设置办公室数据库地址（checkin hub --url ...）")
        pushed = 0
        while True:
            n = self._push_batch(url)
            pushed += n
            if n < self.batch:
                break
        pulled = 0
        while True:
            seen, new = self._pull_batch(url)
            pulled += new
            if seen < self.batch:
                break
        self._confirm(url)
        return Round(pushed, pulled)

    def _confirm(self, url: str) -> None:
        """Move the confirmed cursor to what the office says it merged (its `merged_seq`)."""
        with self.local.reading() as session:
            me = _identity(session)
        with self._office_transaction(url) as office:
            if office.get_bind().dialect.name == "postgresql":
                merged = office.scalar(text("SELECT merged_seq FROM hub_receipt"))
            else:
                merged = office.scalar(
                    select(Station.merged_seq).where(
                        Station.event_id == me.event_id, Station.name == me.name
                    )
                )
        with self.local.transaction() as session:
            if merged is not None and int(merged) > pushed_seq(session):
                _put(session, PUSHED_SETTING, str(int(merged)))

    def _push_batch(self, url: str) -> int:
        with self.local.reading() as session:
            confirmed = pushed_seq(session)
            after = confirmed if self._sent is None else max(self._sent, confirmed)
            push = signed_batch(session, after, self.batch)
        if push is None:
            return 0
        with self._office_transaction(url) as office:
            office.execute(
                text(
                    "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch) "
                    "VALUES (:event_id, :station, :low, :high, :batch)"
                ),
                {
                    "event_id": push.event_id,
                    "station": push.station,
                    "low": push.low,
                    "high": push.high,
                    "batch": push.data,
                },
            )
            notify(office, INBOX_CHANNEL)
        if not url.startswith("postgresql"):
            # A SQLite office has no one else to merge it: the checks run here, as at the office.
            ingest_inbox(lambda: self._office_transaction(url))
        # Only once the office has committed: a crash in between re-sends, and the merge skips
        # what the office already has.
        self._sent = push.high
        return push.high - push.low + 1

    def _pull_batch(self, url: str) -> tuple[int, int]:
        with self.local.reading() as session:
            me = _identity(session)
            after = pulled_id(session)
        with self._office_transaction(url) as office:
            rows = office.execute(_pull_query(office, me, after, self.batch)).all()
            wires = [_wire(row._mapping) for row in rows]
            last = rows[-1].id if rows else after
        if not rows:
            return 0, 0
        # The events and the cursor commit together: a pull cut short is read again.
        with self.local.transaction() as session:
            new = sync.ingest(session, wires)
            _put(session, PULLED_SETTING, str(max(pulled_id(session), last)))
        return len(rows), new


def _identity(session: Session) -> sync.StationIdentity:
    _station(session)  # the clearer message where the database is no station at all
    return sync.identity(session)


# --- What a station pushes and pulls -------------------------------------------------------------


@dataclass(frozen=True)
class Push:
    """One signed batch of a station's own events, `low`..`high`: a bundle that never was a file."""

    event_id: int
    station: str
    low: int
    high: int
    data: bytes


def signed_batch(session: Session, after: int, limit: int) -> Push | None:
    """The station's own events after `after` (at most `limit`), as a bundle signed with the
    station's key; None when there is nothing to push."""
    me = _identity(session)
    rows = session.scalars(
        select(LogEvent)
        .where(LogEvent.station == me.name, LogEvent.seq > after)
        .order_by(LogEvent.seq)
        .limit(limit)
    ).all()
    if not rows:
        return None
    event = session.get(Event, me.event_id)
    header = {
        "event_id": me.event_id,
        "event": event.name if event else "",
        "station": me.name,
        "from_seq": rows[0].seq,
        "to_seq": rows[-1].seq,
        "count": len(rows),
        "exported_at": utcnow().isoformat(),
        "via": "hub",
    }
    wire = [sync.to_wire(e).to_list() for e in rows]
    body = json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode()
    data = sync.signed_bytes(sync.BUNDLE_MAGIC, header, body, me.private_key)
    return Push(me.event_id, me.name, rows[0].seq, rows[-1].seq, data)


_WIRE_FIELDS = tuple(f.name for f in sync.WireEvent.__dataclass_fields__.values())
# The office's view of the other stations' events of the station's own event (migration 0007).
_HUB_LOG = table("hub_log", column("id"), *(column(name) for name in _WIRE_FIELDS))


def _pull_query(office: Session, me: sync.StationIdentity, after: int, limit: int) -> Select[Any]:
    if office.get_bind().dialect.name == "postgresql":
        # The view itself keeps to the station's event and leaves its own events out.
        source: Any = _HUB_LOG
        query = select(source).where(source.c.id > after)
    else:
        source = LogEvent.__table__
        query = select(*(source.c[name] for name in ("id", *_WIRE_FIELDS))).where(
            source.c.id > after, source.c.event_id == me.event_id, source.c.station != me.name
        )
    return query.order_by(source.c.id).limit(limit)


def _wire(row: Any) -> sync.WireEvent:
    values = {name: row[name] for name in _WIRE_FIELDS}
    values["kind"] = LogKind(values["kind"]).value
    return sync.WireEvent(**values)


# --- The office: merging the inbox ----------------------------------------------------------------

NEW, MERGED, REFUSED = "new", "merged", "refused"
Transactions = Callable[[], AbstractContextManager[Session]]


@dataclass
class Ingested:
    """What one pass over the inbox did."""

    batches: int = 0  # merged
    merged: int = 0  # events new in the log
    already_had: int = 0
    refused: list[sync.Refused] = field(default_factory=list)


def _label(row: HubInbox) -> str:
    return f"实时同步：站点“{row.station}”第{row.from_seq}–{row.to_seq}号（收件 #{row.id}）"


def _next_pending(session: Session, after: int) -> HubInbox | None:
    query = (
        select(HubInbox)
        .where(HubInbox.state == NEW, HubInbox.id > after)
        .order_by(HubInbox.id)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # two offices never merge one batch twice
    return session.scalars(query).first()


def _merge_row(session: Session, row: HubInbox) -> sync.BundleMerged:
    """Merge one inbox batch with exactly a bundle's checks; the row must name the station and
    event the signed header names (the row's were checked by PostgreSQL against the role)."""
    label = Path(_label(row))
    header = sync.read_signed(label, sync.BUNDLE_MAGIC, sync.BUNDLE, data=row.batch).header
    if header.get("station") != row.station or header.get("event_id") != row.event_id:
        raise sync.RefusedFile("上传的数据包与上传它的站点或活动不符")
    log_write_lock(session)
    done = sync.merge_bundle(session, label, event_id=row.event_id, data=row.batch)
    row.state, row.merged, row.batch, row.processed_at = MERGED, done.new, b"", utcnow()
    notify(session)
    return done


def _refuse(transaction: Transactions, row_id: int, reason: str) -> None:
    with transaction() as session:
        row = session.get(HubInbox, row_id)
        if row is not None and row.state == NEW:
            row.state, row.reason, row.processed_at = REFUSED, reason, utcnow()


def ingest_inbox(transaction: Transactions) -> Ingested:
    """Merge every new batch of the inbox, each in its own transaction; a refused batch is
    marked with its reason and the others still merge. Raises only when the office cannot be
    read (nothing is then marked)."""
    result = Ingested()
    after = 0
    while True:
        picked: int | None = None
        label = ""
        try:
            with transaction() as session:
                row = _next_pending(session, after)
                if row is None:
                    return result
                picked, label = row.id, _label(row)
                done = _merge_row(session, row)
        except (OperationalError, InterfaceError):
            raise  # the office went away: the batch stays new for the next pass
        except Exception as err:
            if picked is None:
                raise
            reason = str(err) if isinstance(err, UserError) else _internal(err)
            _refuse(transaction, picked, reason)
            result.refused.append(sync.Refused(label, reason))
        else:
            result.batches += 1
            result.merged += done.new
            result.already_had += done.already_had
        after = picked


def _internal(err: Exception) -> str:
    # A batch no check foresaw must not stop the others: refused, and the traceback logged.
    log.error("hub batch failed unexpectedly", exc_info=err)
    return f"内部错误（{type(err).__name__}），已记入日志"


def ingest(database: Database) -> Ingested:
    """`ingest_inbox` of this office database."""
    return ingest_inbox(database.transaction)


# --- The office: one PostgreSQL role per station ------------------------------------------------

ROLE_PREFIX = "checkin_station_"
# A station credential lasts this long after the event's last day (late syncs), and no longer.
ROLE_GRACE = dt.timedelta(days=3)
_GRANTS = (
    "GRANT INSERT (event_id, station, from_seq, to_seq, batch) ON hub_inbox TO {role}",
    "GRANT USAGE ON SEQUENCE {sequence} TO {role}",
    "GRANT SELECT ON hub_station_roles, hub_log, hub_receipt TO {role}",
)
_REVOKES = (
    "REVOKE ALL ON hub_inbox, hub_station_roles, hub_log, hub_receipt FROM {role}",
    "REVOKE ALL ON SEQUENCE {sequence} FROM {role}",
)
_SAFE = re.compile(r"[A-Za-z0-9+/=$:_-]+")  # role names and SCRAM verifiers, quoted as literals


def _require_postgres(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        raise UserError(
            "实时同步需要以 PostgreSQL 作为办公室数据库（--db postgresql://...）：SQLite 办公室"
            "没有站点账户，请改用数据包（checkin bundle）"
        )


def role_name(session: Session, event_id: int, station: str) -> str:
    """The station's login role. Roles are the whole server's: the database's name is part of it,
    so two office databases on one server never share (or reset) a station's role."""
    database = session.scalar(text("SELECT current_database()"))
    digest = hashlib.sha256(f"{database}\0{event_id}\0{station}".encode()).hexdigest()[:24]
    return ROLE_PREFIX + digest


def _quoted(value: str) -> str:
    if not _SAFE.fullmatch(value):
        raise ValueError("unexpected character in a role name or password verifier")
    return value


def _verifier(session: Session, role: str, password: str) -> str:
    """The SCRAM verifier made here, so the password itself never reaches the server's logs."""
    driver: Any = session.connection().connection.driver_connection
    try:
        made = driver.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    except Exception as err:  # an old libpq or driver: the server hashes it instead
        log.info("password verifier made by the server: %s", type(err).__name__)
        return password
    return bytes(made).decode()


def _valid_until(session: Session, event_id: int) -> str:
    last = session.scalar(select(func.max(Activity.date)).where(Activity.event_id == event_id))
    today = dt.datetime.now(dt.UTC).date()
    until = max(last or today, today) + ROLE_GRACE
    return f"{until.isoformat()} 00:00:00+00"


def _sequence(session: Session) -> str:
    name = session.scalar(text("SELECT pg_get_serial_sequence('hub_inbox', 'id')"))
    return _quoted(str(name).replace('"', "").replace("public.", "", 1))


def _run(session: Session, statements: tuple[str, ...], **names: str) -> None:
    for statement in statements:
        session.connection().exec_driver_sql(statement.format(**names))


def _terminate(session: Session, role: str) -> None:
    """End the role's open sessions (an old laptop still connected); best effort, as the office
    account may not be allowed to signal other sessions."""
    try:
        with session.begin_nested():
            session.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
    except DBAPIError as err:
        log.info("could not end the old sessions of a station role: %s", type(err).__name__)


def _close_schema(session: Session, role: str) -> None:
    """PostgreSQL before 15 lets every role create tables in `public`: not a station."""
    if session.scalar(
        text("SELECT has_schema_privilege(:r, current_schema(), 'CREATE')"), {"r": role}
    ):
        session.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))


def create_station_role(session: Session, event_id: int, station: str, hub_url: str) -> str:
    """(Re)make the station's login role with a new random password and return the URL the
    station uses: the office's host, port and database (`hub_url`) with the role's credentials,
    never the office's. A role made again cuts the old password off at once."""
    _require_postgres(session)
    url = make_url(normalise_url(hub_url))
    role = role_name(session, event_id, station)
    password = secrets.token_urlsafe(32)
    exists = session.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    options = (
        f"LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
        f"CONNECTION LIMIT 4 VALID UNTIL '{_valid_until(session, event_id)}' "
        f"PASSWORD '{_quoted(_verifier(session, role, password))}'"
    )
    try:
        with session.begin_nested():
            ddl = session.connection().exec_driver_sql  # no bind parameters: ':' is data here
            ddl(f"{'ALTER' if exists else 'CREATE'} ROLE {role} {options}")
            # A station cannot hold locks or run queries that stall the office.
            for setting in (
                "statement_timeout = '30s'",
                "idle_in_transaction_session_timeout = 60000",
            ):
                ddl(f"ALTER ROLE {role} SET {setting}")
    except DBAPIError as err:
        raise UserError(
            "办公室数据库账户无权创建站点登录账户（需要 CREATEROLE 权限）：请用数据库管理员账户"
            f"（{type(err.orig).__name__}）"
        ) from None
    if exists:
        _terminate(session, role)
    _run(session, _GRANTS, role=role, sequence=_sequence(session))
    _close_schema(session, role)
    session.execute(
        delete(HubStationRole).where(
            HubStationRole.event_id == event_id, HubStationRole.station == station
        )
    )
    session.add(HubStationRole(role_name=role, event_id=event_id, station=station))
    session.flush()
    station_url = url.set(drivername="postgresql+psycopg", username=role, password=password)
    return station_url.render_as_string(hide_password=False)


def drop_station_role(session: Session, event_id: int, station: str) -> bool:
    """Remove the station's login role (its laptop can no longer reach the office); False when
    it had none. A SQLite office never has one."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    rows = session.scalars(
        select(HubStationRole).where(
            HubStationRole.event_id == event_id, HubStationRole.station == station
        )
    ).all()
    for row in rows:
        role = _quoted(row.role_name)
        _run(session, _REVOKES, role=role, sequence=_sequence(session))
        _terminate(session, role)
        session.connection().exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        session.delete(row)
    session.flush()
    return bool(rows)


def drop_event_roles(session: Session, event_id: int) -> int:
    """Every station role of the event (the event's data purged: nothing may log in for it)."""
    stations = session.scalars(
        select(HubStationRole.station).where(HubStationRole.event_id == event_id)
    ).all()
    return sum(drop_station_role(session, event_id, name) for name in stations)


def forget_event(session: Session, event_id: int) -> None:
    """The event's hub traces at the office: its station roles and its inbox (purge)."""
    drop_event_roles(session, event_id)
    session.execute(delete(HubInbox).where(HubInbox.event_id == event_id))
    session.flush()


def station_role(session: Session, event_id: int, station: str, hub_url: str) -> str:
    """`checkin hub station-role`: the role of a station the office made a package for."""
    known = session.scalar(
        select(Station.id).where(Station.event_id == event_id, Station.name == station)
    )
    if known is None:
        raise UserError(
            f"未知站点“{station}”：本活动没有为它制作过站点包（checkin station-package）"
        )
    return create_station_role(session, event_id, station, hub_url)


# --- The loop ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubStatus:
    """What the status light shows."""

    configured: bool  # a hub URL is set
    online: bool  # the last round reached the office
    queued: int  # own events not yet confirmed by the office
    last_success: dt.datetime | None  # UTC
    error: str = ""  # Chinese, why the last round failed (never personal data)


OFFLINE = HubStatus(configured=False, online=False, queued=0, last_success=None)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter: stations that lost the office together do not all
    knock again at the same instant when it comes back."""

    base: float = 1.0
    cap: float = 30.0

    def delay(self, failures: int, rng: random.Random) -> float:
        ceiling = min(self.cap, self.base * 2.0 ** max(0, failures - 1))
        # "Equal jitter": never less than half the step, so a flapping link is not hammered.
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


def failure_reason(err: BaseException) -> str:
    if isinstance(err, UserError):
        return str(err)
    # The type only: a driver's message may quote row values (names, document hashes).
    return f"无法连接办公室数据库（{type(err).__name__}）"


class HubLoop:
    """Runs `Hub.sync_once` again and again on the caller's (worker) thread until `stop()`.

    `interval` is the pause between rounds while online; after a failure the pause grows with
    `backoff`. `nudge()` (after a scan) starts the next round at once when online. Every change
    of status goes to `on_status`, and the number of other stations' events a round brought in
    to `on_pulled` (the desk refreshes its lists), both on the loop's thread.
    """

    def __init__(
        self,
        hub: Hub,
        *,
        interval: float = 1.0,
        backoff: Backoff | None = None,
        on_status: Callable[[HubStatus], object] | None = None,
        on_pulled: Callable[[int], object] | None = None,
        seed: int | None = None,
        listen: bool = True,
    ) -> None:
        self.hub = hub
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.on_status = on_status
        self.on_pulled = on_pulled
        self._rng = random.Random(seed)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._status = OFFLINE
        self.failures = 0  # in a row; 0 while online
        self.rounds = 0
        self.listen = listen
        self._listener: Listener | None = None

    @property
    def status(self) -> HubStatus:
        return self._status  # a frozen value swapped whole: safe to read from any thread

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def _publish(self, status: HubStatus) -> None:
        if status != self._status:
            self._status = status
            if self.on_status is not None:
                self.on_status(status)

    def round(self) -> None:
        """One attempt, its outcome folded into the status; never raises."""
        configured = self._status.configured
        try:
            configured = bool(self.hub.office_url())
            done = self.hub.sync_once() if configured else Round(0, 0)
            if configured:
                self._listen()
            queued = self.hub.queued()
        except Exception as err:  # every failure is "offline, try later", never a dead worker
            self.failures += 1
            self.rounds += 1
            self.hub.drop_connections()
            log.warning("hub round failed: %s", type(err).__name__)
            failed = replace(
                self._status,
                configured=configured,
                online=False,
                queued=self._count_queued(),
                error=failure_reason(err),
            )
            self._publish(failed)
            return
        self.failures = 0
        self.rounds += 1
        if done.pulled and self.on_pulled is not None:
            self.on_pulled(done.pulled)
        self._publish(
            HubStatus(
                configured=configured,
                online=configured,
                queued=queued,
                last_success=utcnow() if configured else self._status.last_success,
            )
        )

    def _count_queued(self) -> int:
        # Offline, the light still counts the check-ins piling up (the station DB is local).
        try:
            return self.hub.queued()
        except Exception as err:
            log.warning("hub could not count queued events: %s", type(err).__name__)
            return self._status.queued

    def _refresh_queued(self) -> None:
        self._publish(replace(self._status, queued=self._count_queued()))

    def _pause(self) -> None:
        if self.failures == 0:
            self._wake.wait(self.interval)
            self._wake.clear()
            return
        # Offline: wait out the backoff, refreshing the queued count while waiting. A nudge
        # does not cut the wait short: it would only knock on a closed door sooner.
        deadline = self.backoff.delay(self.failures, self._rng)
        waited = 0.0
        while waited < deadline and not self.stopping:
            step = min(self.interval, deadline - waited)
            self._stopping.wait(step)
            waited += step
            self._refresh_queued()
        self._wake.clear()

    def _listen(self) -> None:
        url = self.hub.current_url
        if not self.listen or (self._listener is not None and self._listener.url == url):
            return
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if url and url.startswith("postgresql"):
            self._listener = Listener(url, self._wake)
            self._listener.start()

    def run(self) -> None:
        while not self.stopping:
            self.round()
            if self.stopping:
                break
            self._pause()
        if self._listener is not None:
            self._listener.stop()
        self.hub.close()

    def start_thread(self) -> threading.Thread:
        """The loop on a daemon thread (the CLI and tests; the app uses ui.hub_status)."""
        thread = threading.Thread(target=self.run, name="checkin-hub", daemon=True)
        thread.start()
        return thread


class InboxLoop:
    """The office's side of the live hub: merges the inbox every `interval` seconds, and at once
    when a station announces a push (PostgreSQL LISTEN), on its own thread until `stop()`.
    `on_ingested` hears of each pass that merged or refused something, on the loop's thread."""

    def __init__(
        self,
        database: Database,
        *,
        interval: float = 2.0,
        listen: bool = True,
        on_ingested: Callable[[Ingested], object] | None = None,
    ) -> None:
        self.database = database
        self.interval = interval
        self.on_ingested = on_ingested
        self.rounds = 0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        postgres = database.url.startswith("postgresql")
        self._listener = (
            Listener(database.url, self._wake, INBOX_CHANNEL) if listen and postgres else None
        )

    def round(self) -> Ingested | None:
        """One pass; never raises (an unreachable database is tried again next time)."""
        try:
            done = ingest(self.database)
        except Exception as err:
            log.warning("hub inbox pass failed: %s", type(err).__name__)
            return None
        finally:
            self.rounds += 1
        if (done.batches or done.refused) and self.on_ingested is not None:
            self.on_ingested(done)
        return done

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def run(self) -> None:
        if self._listener is not None:
            self._listener.start()
        while not self._stopping.is_set():
            self.round()
            self._wake.wait(self.interval)
            self._wake.clear()
        if self._listener is not None:
            self._listener.stop()

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="checkin-hub-inbox", daemon=True)
        thread.start()
        return thread
