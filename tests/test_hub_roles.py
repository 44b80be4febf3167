"""The live hub without the office's keys: a station logs in to PostgreSQL as a role of its own,
which PostgreSQL itself keeps to pushing into the inbox and reading the other stations' events."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from checkin_app import checkin, demo, hub, purge, stations, sync
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import (
    Activity,
    HubInbox,
    HubStationRole,
    LogEvent,
    LogKind,
    Participant,
    Status,
)
from tests.hub_support import copy_workspace

pytestmark = pytest.mark.postgres
EAST, WEST, NORTH = "东门", "西门", "北门"
PHONE = "13912345678"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hub-roles") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as session:
        demo.build_demo(session)
    database.close()
    return path


@dataclass
class Setup:
    office: Database
    east: Database  # a station laptop set up from its package
    url: str  # the hub URL its package carried


def _office_log(session: Session, event_id: int, station: str, seq: int, **extra: object) -> None:
    session.add(
        LogEvent(
            uid=f"{station}-{event_id}-{seq}".encode().hex()[:32],
            event_id=event_id,
            station=station,
            seq=seq,
            kind=extra.pop("kind", LogKind.CHECKIN),
            operator="test",
            **extra,
        )
    )


@pytest.fixture
def setup(template: Path, pg_url: str, tmp_path: Path) -> Iterator[Setup]:
    office = Database(pg_url)
    copy_workspace(Database.open(str(template)), office)
    with office.transaction() as s:
        info = stations.export_package(s, 1, EAST, tmp_path / "east.pkg", hub_url=pg_url)
        stations.export_package(s, 1, WEST, tmp_path / "west.pkg", hub_url=pg_url)
        stations.export_package(s, 2, NORTH, tmp_path / "north.pkg", hub_url=pg_url)
        # What the office already merged: the west desk's check-in and walk-in, the north
        # desk's check-in at the other event.
        registration = {"input": "walkin", "registration": {"name": "路人", "phone": PHONE}}
        _office_log(s, 1, WEST, 1, activity_id=1)
        _office_log(
            s, 1, WEST, 2, activity_id=1, kind=LogKind.WALKIN, detail=json.dumps(registration)
        )
        _office_log(s, 2, NORTH, 1)
    assert info.hub_url is not None and "postgres@" not in info.hub_url
    east = Database.open(str(tmp_path / "east.sqlite3"))
    with east.transaction() as s:
        stations.setup_station(s, tmp_path / "east.pkg")
    with east.reading() as s:
        url = hub.hub_url(s)
    assert url is not None
    yield Setup(office, east, url)
    east.close()
    office.close()


def connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(dsn, autocommit=True)


def refused(conn: psycopg.Connection[tuple[object, ...]], sql: str, why: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match=why):
        conn.execute(sql)


DENIED = "permission denied"
RLS = "violates row-level security policy"


def test_the_package_carries_the_stations_own_role_not_the_offices(setup: Setup) -> None:
    url = make_url(setup.url)
    assert url.username is not None and url.username.startswith(hub.ROLE_PREFIX)
    assert url.username != "postgres" and url.password and len(url.password) >= 40
    with setup.office.reading() as s:
        role = s.execute(
            text(
                "SELECT rolcanlogin, rolinherit, rolsuper, rolcreaterole, rolcreatedb, "
                "rolbypassrls, rolconnlimit, rolvaliduntil, rolpassword "
                "FROM pg_authid WHERE rolname = :r"
            ),
            {"r": url.username},
        ).one()
        mapped = s.scalars(select(HubStationRole.station).where(HubStationRole.event_id == 1))
        assert sorted(mapped) == sorted([EAST, WEST])
        last_day = s.scalar(select(func.max(Activity.date)).where(Activity.event_id == 1))
    assert role[:7] == (True, False, False, False, False, False, 4)
    # The credential ends a few days after the event (or after today, for a past event).
    until = max(last_day, dt.datetime.now(dt.UTC).date()) + hub.ROLE_GRACE
    assert role.rolvaliduntil == dt.datetime.combine(until, dt.time(), dt.UTC)
    assert _scram_matches(role.rolpassword, url.password)


def _scram_matches(verifier: str, password: str) -> bool:
    """The stored SCRAM-SHA-256 verifier is the URL's password's (RFC 5802)."""
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    iterations, salt = iterations_salt.split(":")
    stored = base64.b64decode(keys.split(":")[0])
    salted = hashlib.pbkdf2_hmac(
        "sha256", password.encode(), base64.b64decode(salt), int(iterations)
    )
    client = hmac.new(salted, b"Client Key", "sha256").digest()
    return method == "SCRAM-SHA-256" and hashlib.sha256(client).digest() == stored


def test_every_forbidden_read_and_write_is_refused_by_postgresql(setup: Setup) -> None:
    with connect(setup.url) as conn:
        # The event's keys, the people, the workspace's secrets, the log and the inbox itself.
        refused(conn, "SELECT private_key FROM pass_keys", DENIED)
        refused(conn, "SELECT name, phone FROM participants", DENIED)
        refused(conn, "SELECT key, value FROM settings", DENIED)
        refused(conn, "SELECT * FROM log_events", DENIED)
        refused(conn, "SELECT * FROM hub_inbox", DENIED)
        refused(conn, "SELECT public_key FROM stations", DENIED)
        refused(conn, "SELECT name FROM events", DENIED)
        refused(conn, "SELECT * FROM passes", DENIED)
        # No write anywhere but its own new inbox rows.
        refused(conn, "UPDATE passes SET revoked_at = NULL", DENIED)
        refused(conn, "DELETE FROM passes", DENIED)
        refused(conn, "UPDATE participants SET status = 'confirmed'", DENIED)
        refused(
            conn,
            "INSERT INTO log_events (uid, event_id, station, seq, kind, person, verdict, "
            "operator, at, refers_to, reason, detail) VALUES ('x', 1, '东门', 99, 'checkin', "
            "'', '', '', now(), '', '', '')",
            DENIED,
        )
        refused(conn, "DELETE FROM log_events", DENIED)
        refused(conn, "UPDATE hub_inbox SET state = 'merged'", DENIED)
        refused(conn, "DELETE FROM hub_inbox", DENIED)
        refused(conn, "UPDATE hub_station_roles SET event_id = 2", DENIED)
        refused(conn, "DELETE FROM hub_station_roles", DENIED)
        refused(conn, "CREATE TABLE mine (x int)", DENIED)
        refused(conn, "SET ROLE postgres", DENIED)
        # Inbox rows for another station, another event, or already "merged".
        insert = "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch) VALUES "
        refused(conn, insert + f"(1, '{WEST}', 1, 1, '\\x00')", RLS)
        refused(conn, insert + f"(2, '{EAST}', 1, 1, '\\x00')", RLS)
        refused(conn, insert + f"(2, '{NORTH}', 1, 1, '\\x00')", RLS)
        refused(
            conn,
            "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch, state) "
            f"VALUES (1, '{EAST}', 1, 1, '\\x00', 'merged')",
            DENIED,
        )
    with setup.office.reading() as s:
        assert s.scalar(select(func.count()).select_from(HubInbox)) == 0


def test_what_a_station_may_do_works(setup: Setup) -> None:
    with connect(setup.url) as conn:
        (own,) = conn.execute("SELECT event_id, station FROM hub_station_roles").fetchall()
        assert own == (1, EAST)  # its own mapping row, no other
        (receipt,) = conn.execute("SELECT * FROM hub_receipt").fetchall()
        assert receipt == (0,)  # how far the office merged its own log: nothing yet
        seen = conn.execute(
            "SELECT event_id, station, seq, kind, detail FROM hub_log ORDER BY id"
        ).fetchall()
        conn.execute(
            "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch) "
            f"VALUES (1, '{EAST}', 1, 1, '\\x00')"
        )
    # The other stations' events of its own event only, and a walk-in without the phone.
    assert [(e, st, seq, kind) for e, st, seq, kind, _ in seen] == [
        (1, WEST, 1, "checkin"),
        (1, WEST, 2, "walkin"),
    ]
    walk_in = json.loads(str(seen[1][4]))
    assert walk_in["registration"] == {"name": "路人"} and PHONE not in str(seen)
    with setup.office.reading() as s:
        row = s.scalars(select(HubInbox)).one()
    assert (row.event_id, row.station, row.state, row.reason) == (1, EAST, "new", "")


def _check_in(db: Database, station: str, n: int) -> list[str]:
    with db.transaction() as s:
        people = s.scalars(
            select(Participant).where(
                Participant.activity_id == 1, Participant.status == Status.CONFIRMED
            )
        ).all()[:n]
        return [
            checkin.append(
                s,
                event_id=1,
                station=station,
                kind=LogKind.CHECKIN,
                operator="test",
                activity_id=1,
                participant_id=p.id,
                person=p.doc_hash,
            ).uid
            for p in people
        ]


def test_a_forged_push_is_refused_and_a_genuine_one_merges(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    uids = _check_in(setup.east, EAST, 3)
    with setup.east.reading() as s:
        genuine = hub.signed_batch(s, 0, 100)
    assert genuine is not None
    # The same records signed with a key the office never registered for this station.
    forged_key, _ = sync.new_key_pair()
    parsed = sync.read_signed(Path("x"), sync.BUNDLE_MAGIC, sync.BUNDLE, data=genuine.data)
    header = {k: v for k, v in parsed.header.items() if k not in ("size", "sha256")}
    forged = sync.signed_bytes(sync.BUNDLE_MAGIC, header, parsed.body, forged_key)
    # Signed with the station's own key, but its header names another event than its row.
    with setup.east.reading() as s:
        own_key = sync.identity(s).private_key
    elsewhere = sync.signed_bytes(
        sync.BUNDLE_MAGIC, {**header, "event_id": 2}, parsed.body, own_key
    )
    with connect(setup.url) as conn:
        for batch in (forged, elsewhere):
            conn.execute(
                "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch) "
                "VALUES (1, %s, 1, 3, %s)",
                (EAST, batch),
            )
    assert hub.Hub(setup.east).sync_once() == hub.Round(pushed=3, pulled=2)  # west's two
    with setup.east.reading() as s:
        assert hub.pushed_seq(s) == 0  # in the inbox, not yet merged: not confirmed

    assert main(["hub", "--sync", "--db", setup.office.url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["ingested"], done["merged"], done["already_had"]) == (1, 3, 0)
    signature, mismatch = done["refused"]
    assert "签名不符" in signature["reason"] and EAST in signature["file"]
    assert mismatch["reason"] == "上传的数据包与上传它的站点或活动不符"
    with setup.office.reading() as s:
        rows = s.scalars(select(HubInbox).order_by(HubInbox.id)).all()
        merged = set(s.scalars(select(LogEvent.uid).where(LogEvent.station == EAST)))
    assert [(r.state, r.merged) for r in rows] == [("refused", 0), ("refused", 0), ("merged", 3)]
    assert "签名不符" in rows[0].reason and rows[2].batch == b""  # the log holds it now
    assert merged == set(uids)
    # A restarted station sends again what was not confirmed yet; nothing is doubled.
    assert hub.Hub(setup.east).sync_once() == hub.Round(pushed=3, pulled=0)
    with setup.east.reading() as s:
        assert hub.pushed_seq(s) == 3  # the office's merged_seq, read through hub_receipt
    assert main(["hub", "--sync", "--db", setup.office.url, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["ingested"], again["merged"], again["already_had"]) == (1, 0, 3)
    assert main(["hub", "--sync", "--db", setup.office.url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ingested"] == 0
    assert hub.Hub(setup.east).sync_once() == hub.Round(pushed=0, pulled=0)  # confirmed: done


def test_the_office_remakes_or_drops_a_station_role(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["hub", "station-role", "--event", "1", "--station", EAST, "--db", setup.office.url]
    assert main([*base, "--hub-url", setup.office.url, "--json"]) == 0
    remade = json.loads(capsys.readouterr().out)["url"]
    old, new = make_url(setup.url), make_url(remade)
    assert new.username == old.username and new.password != old.password
    with setup.office.reading() as s:
        verifier = s.scalar(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :r"), {"r": new.username}
        )
    assert _scram_matches(str(verifier), str(new.password))
    assert not _scram_matches(str(verifier), str(old.password))

    assert main([*base, "--drop"]) == 0
    assert "已删除" in capsys.readouterr().out
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        connect(remade).close()
    with setup.office.reading() as s:
        assert s.scalar(select(func.count()).where(HubStationRole.station == EAST)) == 0

    assert main([*base, "--hub-url", "mysql://x/y"]) == 2
    assert "办公室数据库地址应为 PostgreSQL" in capsys.readouterr().err
    unknown = ["hub", "station-role", "--event", "1", "--station", "南门", "--db"]
    assert main([*unknown, setup.office.url, "--hub-url", setup.office.url]) == 2
    assert "未知站点“南门”" in capsys.readouterr().err


def test_purging_the_event_ends_its_station_roles_and_inbox(setup: Setup) -> None:
    with connect(setup.url) as conn:
        conn.execute(
            "INSERT INTO hub_inbox (event_id, station, from_seq, to_seq, batch) "
            f"VALUES (1, '{EAST}', 1, 1, '\\x00')"
        )
    with setup.office.reading() as s:
        names = list(
            s.scalars(select(HubStationRole.role_name).where(HubStationRole.event_id == 1))
        )
    assert len(names) == 2
    with setup.office.transaction() as s:
        purge.purge_event(s, 1, reason="保存期限已满", actor="t", today=dt.date(2100, 1, 1))
    with setup.office.reading() as s:
        assert s.scalar(select(func.count()).select_from(HubInbox)) == 0
        left = s.scalars(select(HubStationRole.station)).all()
        assert left == [NORTH]  # the other event keeps its station
        roles = s.scalar(
            text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"), {"names": names}
        )
    assert roles == 0
    with pytest.raises(psycopg.OperationalError, match="does not exist"):
        connect(setup.url).close()
