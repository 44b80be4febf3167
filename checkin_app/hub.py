"""The live hub: a station pushes its log to the office's PostgreSQL and pulls the other stations'.

A station database works alone all day; where it can reach the office database (the URL in the
Setting "hub_url"), a background loop keeps the two in step. Both directions are idempotent
(`sync.ingest` inserts only the uids a database lacks), so a round cut short by a dropped
connection is simply done again: nothing is lost and nothing is doubled. The loop never raises
into its caller and never makes the desk wait: the desk only reads `HubLoop.status`.

The cursors are Setting rows of the station database, never marks on log rows (the log is
append-only): the highest own `seq` the office has confirmed, and the highest office row id
pulled so far.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from checkin_app import checkin, sync
from checkin_app.db import Database, make_engine
from checkin_app.errors import UserError
from checkin_app.models import Event, LogEvent, Setting, Station, utcnow

log = logging.getLogger(__name__)

HUB_URL_SETTING = "hub_url"
PUSHED_SETTING = "hub_pushed_seq"
PULLED_SETTING = "hub_pulled_id"
# One key for every writer of the office log that takes part in the hub (see `log_write_lock`).
LOG_LOCK_KEY = 7_470_730_001
# Pushes announce themselves here so the other stations pull at once instead of at their next
# round; polling stays the fallback when a notification is missed.
CHANNEL = "checkin_hub"
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

    pushed: int  # own events the office confirmed (new there or already had)
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


def notify(session: Session) -> None:
    """Tell listening stations (on commit) that the office log grew."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


class Listener:
    """Wakes a hub loop when the office announces a push (PostgreSQL LISTEN), on its own thread.

    Best effort: a lost connection is dialled again a few seconds later, and the loop polls
    anyway, so nothing depends on a notification arriving.
    """

    def __init__(self, url: str, wake: threading.Event) -> None:
        self.url = url
        self._wake = wake
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
                    conn.execute(f"LISTEN {CHANNEL}")
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
        return Round(pushed, pulled)

    def _push_batch(self, url: str) -> int:
        with self.local.reading() as session:
            station = _station(session)
            rows = session.scalars(
                select(LogEvent)
                .where(LogEvent.station == station, LogEvent.seq > pushed_seq(session))
                .order_by(LogEvent.seq)
                .limit(self.batch)
            ).all()
            wires = [sync.to_wire(e) for e in rows]
        if not wires:
            return 0
        with self._office_transaction(url) as office:
            log_write_lock(office)
            sync.ingest(office, wires)
            _record_station_sync(office, station, wires)
            notify(office)
        # Only once the office has committed: a crash in between re-sends, and ingest skips
        # what the office already has.
        with self.local.transaction() as session:
            _put(session, PUSHED_SETTING, str(max(pushed_seq(session), wires[-1].seq)))
        return len(wires)

    def _pull_batch(self, url: str) -> tuple[int, int]:
        with self.local.reading() as session:
            station = _station(session)
            after = pulled_id(session)
            events = list(session.scalars(select(Event.id)))
        with self._office_transaction(url) as office:
            rows = office.scalars(
                select(LogEvent)
                .where(
                    LogEvent.id > after,
                    LogEvent.event_id.in_(events),
                    LogEvent.station != station,
                )
                .order_by(LogEvent.id)
                .limit(self.batch)
            ).all()
            wires = [sync.to_wire(e) for e in rows]
            last = rows[-1].id if rows else after
        if not rows:
            return 0, 0
        # The events and the cursor commit together: a pull cut short is read again.
        with self.local.transaction() as session:
            new = sync.ingest(session, wires)
            _put(session, PULLED_SETTING, str(max(pulled_id(session), last)))
        return len(rows), new


def _record_station_sync(office: Session, station: str, wires: Sequence[sync.WireEvent]) -> None:
    """The office dashboard's "last sync" of a station known to the office (from its package)."""
    for event_id in {w.event_id for w in wires}:
        row = office.scalar(
            select(Station).where(Station.event_id == event_id, Station.name == station)
        )
        if row is not None:
            top = max(w.seq for w in wires if w.event_id == event_id)
            row.merged_seq = max(row.merged_seq, top)
            row.last_sync_at = utcnow()


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
