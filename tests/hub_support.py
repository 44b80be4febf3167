"""What the hub's tests and benchmark share: an office copied into PostgreSQL, station databases
copied from it, and a TCP proxy whose connections a test can cut and restore."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import insert, select, text

from checkin_app import checkin, hub, sync
from checkin_app.db import Database
from checkin_app.models import Base, Participant, Setting, Station, Status


def copy_workspace(src: Database, dst: Database) -> None:
    """Every row of a migrated workspace into another, empty, migrated one, ids kept: what a
    station package will do, until it lands, so both sides share event, activity and person ids."""
    with src.reading() as s, dst.transaction() as d:
        for table in Base.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in s.execute(select(table))]
            if rows:
                d.execute(insert(table), rows)
        if dst.engine.dialect.name == "postgresql":
            for table in Base.metadata.sorted_tables:
                if "id" in table.c:
                    # Rows came with their ids: move each sequence past them.
                    d.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                        )
                    )


def copy_station(template: Path, path: Path, name: str) -> Database:
    """A station database: a copy of the office file that knows its own station name."""
    with sqlite3.connect(template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    database = Database.open(str(path))
    with database.transaction() as session:
        checkin.set_station_name(session, name)
    return database


def enrol(office: Database, station: Database, name: str, *, event_id: int = 1) -> str | None:
    """What a station package does for the hub: the office records the station's public key
    (and, on PostgreSQL, makes its login role); the station keeps the private key and its
    event. Returns the station's hub URL (the role's) on a PostgreSQL office, else None."""
    private, public = sync.new_key_pair()
    with office.transaction() as session:
        session.add(Station(event_id=event_id, name=name, public_key=public))
        session.flush()
        url = None
        if office.url.startswith("postgresql"):
            url = hub.create_station_role(session, event_id, name, office.url)
    with station.transaction() as session:
        session.merge(Setting(key=sync.KEY_SETTING, value=private))
        session.merge(Setting(key=sync.EVENT_SETTING, value=str(event_id).encode()))
    return url


def confirmed(database: Database, activity_id: int) -> list[int]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(Participant.id)
                .where(
                    Participant.activity_id == activity_id, Participant.status == Status.CONFIRMED
                )
                .order_by(Participant.id)
            )
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TcpProxy:
    """Forwards a loopback port to the server. `stop()` closes the port and every connection
    through it (the network is cut); `start()` opens the same port again."""

    def __init__(self, target_port: int, port: int | None = None) -> None:
        self.target_port = target_port
        self.port = port or free_port()
        self._listener: socket.socket | None = None
        self._conns: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, set()
        if listener is not None:
            _close(listener)
        for conn in conns:
            _close(conn)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # stopped
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._listener is not listener:
                    _close(client)
                    _close(upstream)
                    return
                self._conns |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(src)
            _close(dst)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
