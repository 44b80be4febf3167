"""The live hub: stations push their log to the office database and pull each other's, through
a network that drops; afterwards every database holds the same events, once each."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from checkin_app import checkin, demo, hub
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import LogEvent, LogKind, Participant, Setting
from tests.hub_support import (
    TcpProxy,
    confirmed,
    copy_station,
    copy_workspace,
    enrol,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent
ACTIVITY = 1  # the 固原 open day's activity with 40 confirmed people


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office's workspace (the demo), built once: stations and offices are copies of it."""
    path = tmp_path_factory.mktemp("hub") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as session:
        demo.build_demo(session)
    database.close()
    return path


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Poll with a bound, never a fixed sleep: slow machines wait longer, fast ones don't."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def check_in(database: Database, station: str, participant_id: int) -> str:
    with database.transaction() as session:
        person = session.get(Participant, participant_id)
        assert person is not None
        return checkin.append(
            session,
            event_id=1,
            station=station,
            kind=LogKind.CHECKIN,
            operator="test",
            activity_id=person.activity_id,
            participant_id=person.id,
            person=person.doc_hash,
        ).uid


def uids(database: Database) -> list[str]:
    with database.reading() as session:
        return sorted(session.scalars(select(LogEvent.uid)))


def dead_url() -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/office"


# --- The hub URL setting ---------------------------------------------------------------------


@pytest.fixture
def station(template: Path, tmp_path: Path) -> Iterator[Database]:
    database = copy_station(template, tmp_path / "east.sqlite3", "东门")
    yield database
    database.close()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("sqlite:///office.sqlite3", "办公室数据库地址应为 PostgreSQL"),
        ("http//office", "办公室数据库地址无法识别：http//office"),
        ("postgresql://", "办公室数据库地址缺少主机或数据库名"),
    ],
)
def test_a_bad_hub_url_is_refused_and_the_old_one_kept(
    station: Database, raw: str, message: str
) -> None:
    with station.transaction() as session:
        hub.set_hub_url(session, "postgresql://staff@office.example:5432/openday")
    with pytest.raises(UserError, match=message), station.transaction() as session:
        hub.set_hub_url(session, raw)
    with station.reading() as session:
        assert hub.hub_url(session) == "postgresql+psycopg://staff@office.example:5432/openday"


def test_a_new_office_starts_the_cursors_again(station: Database) -> None:
    with station.transaction() as session:
        hub.set_hub_url(session, "postgresql://a@one/x")
        session.merge(Setting(key=hub.PUSHED_SETTING, value=b"7"))
        session.merge(Setting(key=hub.PULLED_SETTING, value=b"9"))
    with station.transaction() as session:
        hub.set_hub_url(session, "postgresql://a@one/x")  # the same: nothing moves
        assert (hub.pushed_seq(session), hub.pulled_id(session)) == (7, 9)
        hub.set_hub_url(session, "postgresql://a@two/x")
        assert (hub.pushed_seq(session), hub.pulled_id(session)) == (0, 0)


def test_the_password_is_not_shown() -> None:
    url = hub.normalise_url("postgresql://staff:s3cret@office/openday")
    assert "s3cret" in url
    assert "s3cret" not in hub.shown_url(url)


def test_an_office_database_cannot_sync_as_a_station(template: Path, tmp_path: Path) -> None:
    office = copy_station(template, tmp_path / "o.sqlite3", "x")
    with office.transaction() as session:
        session.delete(session.get(Setting, checkin.STATION_SETTING))
    with pytest.raises(UserError, match="此数据库不是签到站点"):
        hub.Hub(office, f"sqlite:///{tmp_path / 'other.sqlite3'}").sync_once()
    office.close()


# --- Push and pull (a SQLite office: the same code, no server) ---------------------------------


@pytest.fixture
def trio(template: Path, tmp_path: Path) -> Iterator[tuple[Database, Database, Database]]:
    office = copy_station(template, tmp_path / "office.sqlite3", "办公室")
    with office.transaction() as session:
        session.delete(session.get(Setting, checkin.STATION_SETTING))
    east = copy_station(template, tmp_path / "east.sqlite3", "东门")
    west = copy_station(template, tmp_path / "west.sqlite3", "西门")
    enrol(office, east, "东门")
    enrol(office, west, "西门")
    yield office, east, west
    for database in (office, east, west):
        database.close()


def test_a_check_in_at_one_desk_shows_at_the_other(
    trio: tuple[Database, Database, Database],
) -> None:
    office, east, west = trio
    people = confirmed(east, ACTIVITY)
    uid = check_in(east, "东门", people[0])
    check_in(west, "西门", people[1])
    east_hub, west_hub = hub.Hub(east, office.url), hub.Hub(west, office.url)
    assert east_hub.queued() == 1

    assert east_hub.sync_once() == hub.Round(pushed=1, pulled=0)
    assert west_hub.sync_once() == hub.Round(pushed=1, pulled=1)
    assert east_hub.sync_once() == hub.Round(pushed=0, pulled=1)

    with west.reading() as session:
        seen = checkin.admission_of(session, ACTIVITY, people[0])
    assert seen is not None and (seen.uid, seen.station) == (uid, "东门")
    assert uids(office) == uids(east) == uids(west)
    assert east_hub.queued() == west_hub.queued() == 0


def test_cursors_live_in_settings_and_the_log_is_untouched(
    trio: tuple[Database, Database, Database],
) -> None:
    office, east, _ = trio
    for pid in confirmed(east, ACTIVITY)[:3]:
        check_in(east, "东门", pid)
    with east.reading() as session:
        before = [(e.id, e.uid, e.seq, e.at) for e in session.scalars(select(LogEvent))]
    hub.Hub(east, office.url).sync_once()
    with east.reading() as session:
        after = [(e.id, e.uid, e.seq, e.at) for e in session.scalars(select(LogEvent))]
        assert hub.pushed_seq(session) == 3
    assert after == before


def test_sending_everything_again_duplicates_nothing(
    trio: tuple[Database, Database, Database],
) -> None:
    office, east, west = trio
    for pid in confirmed(east, ACTIVITY)[:4]:
        check_in(east, "东门", pid)
    check_in(west, "西门", confirmed(west, ACTIVITY)[5])
    for database in (east, west, east):
        hub.Hub(database, office.url).sync_once()
    # As after a crash between the office's commit and the station's note of it.
    with east.transaction() as session:
        session.merge(Setting(key=hub.PUSHED_SETTING, value=b"0"))
        session.merge(Setting(key=hub.PULLED_SETTING, value=b"0"))
    assert hub.Hub(east, office.url).sync_once() == hub.Round(pushed=4, pulled=0)
    assert len(uids(office)) == 5
    assert uids(office) == uids(east)


def test_pulling_goes_in_batches(trio: tuple[Database, Database, Database]) -> None:
    office, east, west = trio
    for pid in confirmed(east, ACTIVITY)[:7]:
        check_in(east, "东门", pid)
    assert hub.Hub(east, office.url, batch=3).sync_once().pushed == 7
    assert hub.Hub(west, office.url, batch=3).sync_once() == hub.Round(pushed=0, pulled=7)
    assert uids(west) == uids(east)


# --- The loop: offline, queued, online again ----------------------------------------------------


def test_backoff_grows_with_jitter_and_stops_at_the_cap() -> None:
    backoff, rng = hub.Backoff(base=1, cap=30), random.Random(1)
    for failures, top in [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 30), (20, 30)]:
        delays = {backoff.delay(failures, rng) for _ in range(50)}
        assert all(top / 2 <= d <= top for d in delays)
        assert len(delays) > 1  # jittered: stations do not knock in step


def test_offline_the_light_is_grey_and_counts_the_queue(
    trio: tuple[Database, Database, Database],
) -> None:
    office, east, _ = trio
    statuses: list[hub.HubStatus] = []
    loop = hub.HubLoop(hub.Hub(east, dead_url()), on_status=statuses.append, seed=1)
    check_in(east, "东门", confirmed(east, ACTIVITY)[0])
    loop.round()
    assert statuses[-1].online is False and statuses[-1].queued == 1
    assert statuses[-1].error.startswith("无法连接办公室数据库")
    assert loop.failures == 1

    loop.hub = hub.Hub(east, office.url)  # the network is back
    loop.round()
    assert statuses[-1].online is True and statuses[-1].queued == 0
    assert statuses[-1].last_success is not None and statuses[-1].error == ""
    assert loop.failures == 0


def test_the_loop_runs_on_its_own_thread_and_stops(
    trio: tuple[Database, Database, Database],
) -> None:
    office, east, west = trio
    with east.transaction() as session, west.transaction() as other:
        session.merge(Setting(key=hub.HUB_URL_SETTING, value=office.url.encode()))
        other.merge(Setting(key=hub.HUB_URL_SETTING, value=office.url.encode()))
    loops = [hub.HubLoop(hub.Hub(d), interval=0.05) for d in (east, west)]
    threads = [loop.start_thread() for loop in loops]
    pid = confirmed(east, ACTIVITY)[2]
    check_in(east, "东门", pid)
    loops[0].nudge()

    def west_sees_it() -> bool:
        with west.reading() as session:
            return checkin.admission_of(session, ACTIVITY, pid) is not None

    wait_until(west_sees_it, what="the west desk to see the east desk's check-in")
    wait_until(lambda: loops[0].status.online and loops[0].status.queued == 0, what="online")
    for loop, thread in zip(loops, threads, strict=True):
        loop.stop()
        thread.join(10)
        assert not thread.is_alive()


def test_a_station_without_a_hub_url_stays_quietly_offline(station: Database) -> None:
    loop = hub.HubLoop(hub.Hub(station))
    loop.round()
    assert loop.status == hub.HubStatus(configured=False, online=False, queued=0, last_success=None)
    assert loop.failures == 0


# --- Three station processes through a real PostgreSQL and a network that drops ------------------


def _count(office: Database, station: str | None = None) -> int:
    with office.reading() as session:
        query = select(func.count()).select_from(LogEvent)
        if station:
            query = query.where(LogEvent.station == station)
        return int(session.scalar(query) or 0)


def _status(path: Path) -> dict[str, object]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


@pytest.mark.postgres
def test_three_stations_sync_through_a_dropping_network(
    template: Path, pg_url: str, tmp_path: Path
) -> None:
    office = Database(pg_url)
    copy_workspace(Database.open(str(template)), office)
    url = make_url(pg_url)
    assert url.port is not None
    proxy = TcpProxy(url.port)
    proxy.start()
    # The office merges what the stations push (its own connection is not cut).
    inbox = hub.InboxLoop(office, interval=0.2)
    inbox_thread = inbox.start_thread()

    people = confirmed(office, ACTIVITY)  # 40
    names = ["东门", "西门", "南门"]
    # Each desk checks in its own dozen, and the first person of each next desk's share too: a
    # double check-in is two events, both kept (the office reports it as a conflict).
    shares = [[*people[i * 13 : i * 13 + 13], people[(i * 13 + 13) % 39]] for i in range(3)]
    first = 5
    go, stop = tmp_path / "go", tmp_path / "stop"
    stations, procs = [], []
    for name, share in zip(names, shares, strict=True):
        path = tmp_path / f"{name}.sqlite3"
        laptop = copy_station(template, path, name)
        role_url = enrol(office, laptop, name)
        assert role_url is not None
        via_proxy = make_url(role_url).set(port=proxy.port).render_as_string(hide_password=False)
        laptop.close()
        stations.append(Database.open(str(path)))
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.hub_station",
                    f"--db={path}",
                    f"--office={via_proxy}",
                    f"--people={','.join(map(str, share))}",
                    f"--first={first}",
                    "--pace=0.05",
                    f"--go={go}",
                    f"--stop={stop}",
                    f"--status={tmp_path / name}.json",
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            )
        )
    try:
        # Online: the first check-ins of every desk reach the office.
        for name in names:
            wait_until(lambda n=name: _count(office, n) >= first, what=f"{name} online")
        go.touch()
        # Cut the network while the desks are checking people in.
        wait_until(
            lambda: all(_count(d, n) >= first + 2 for d, n in zip(stations, names, strict=True)),
            what="more check-ins",
        )
        proxy.stop()
        for name in names:
            wait_until(
                lambda n=name: _status(tmp_path / f"{n}.json").get("online") is False,
                what=f"{name} to notice it is offline",
            )
        # Offline, the desks go on: their check-ins queue up locally.
        for database, name, share in zip(stations, names, shares, strict=True):
            wait_until(
                lambda d=database, n=name, s=share: _count(d, n) == len(s),
                what=f"{name} to finish its check-ins",
            )
        queued = [int(str(_status(tmp_path / f"{n}.json").get("queued", 0))) for n in names]
        proxy.start()

        total = sum(len(s) for s in shares)
        for database in (office, *stations):
            wait_until(lambda d=database: _count(d) >= total, what="the union everywhere")
        for name in names:
            wait_until(
                lambda n=name: (
                    _status(tmp_path / f"{n}.json").get("queued") == 0
                    and _status(tmp_path / f"{n}.json").get("online") is True
                ),
                what=f"{name} to be online with nothing queued",
            )
    finally:
        go.touch()
        stop.touch()
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proxy.stop()
        inbox.stop()
        inbox_thread.join(20)

    assert [p.returncode for p in procs] == [0, 0, 0]
    assert sum(queued) > 0  # the outage really held events back
    everywhere = uids(office)
    assert len(everywhere) == len(set(everywhere)) == sum(len(s) for s in shares)
    for database in stations:
        assert uids(database) == everywhere
    with office.reading() as session:
        seqs = {
            n: sorted(session.scalars(select(LogEvent.seq).where(LogEvent.station == n)))
            for n in names
        }
    assert seqs == {n: list(range(1, len(s) + 1)) for n, s in zip(names, shares, strict=True)}
    # Two desks see each other: the south desk shows who the east desk let in, and where.
    with stations[2].reading() as session:
        seen = checkin.admission_of(session, ACTIVITY, shares[0][0])
    assert seen is not None and seen.station == "东门"
    for database in (office, *stations):
        database.close()


# --- checkin hub ---------------------------------------------------------------------------------


def test_checkin_hub_sets_shows_and_syncs(
    trio: tuple[Database, Database, Database], capsys: pytest.CaptureFixture[str]
) -> None:
    office, east, _ = trio
    check_in(east, "东门", confirmed(east, ACTIVITY)[0])
    db = str(make_url(east.url).database)
    assert main(["hub", "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"url": None, "station": "东门", "queued": 1, "pushed_seq": 0, "pulled_id": 0}

    assert main(["hub", "--db", db, "--url", "postgresql://staff:pw@office:5432/openday"]) == 0
    out = capsys.readouterr().out
    assert "办公室数据库：postgresql+psycopg://staff:***@office:5432/openday" in out
    assert "待上传：1 条" in out

    # The office is unreachable: exit 1, the check-in stays queued.
    with east.transaction() as session:
        session.merge(Setting(key=hub.HUB_URL_SETTING, value=dead_url().encode()))
    assert main(["hub", "--db", db, "--sync", "--json"]) == 1
    shown = json.loads(capsys.readouterr().out)
    assert shown["online"] is False and shown["queued"] == 1
    assert shown["error"].startswith("无法连接办公室数据库")

    with east.transaction() as session:  # a SQLite office, as the engine tests use
        session.merge(Setting(key=hub.HUB_URL_SETTING, value=office.url.encode()))
    assert main(["hub", "--db", db, "--sync"]) == 0
    assert "已同步：上传 1 条，下载 0 条" in capsys.readouterr().out
    assert uids(office) == uids(east)


def test_checkin_hub_refuses_a_bad_url_and_keeps_the_setting(
    station: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(station.url).database)
    assert main(["hub", "--db", db, "--url", "postgresql://staff@office/openday"]) == 0
    capsys.readouterr()
    assert main(["hub", "--db", db, "--url", "mysql://office/openday", "--json"]) == 2
    out, err = capsys.readouterr()
    assert "办公室数据库地址应为 PostgreSQL" in json.loads(out)["error"]
    assert err.startswith("错误：办公室数据库地址应为 PostgreSQL")
    with station.reading() as session:
        assert hub.hub_url(session) == "postgresql+psycopg://staff@office/openday"


def test_checkin_hub_sync_without_a_url_says_how_to_set_one(
    station: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(make_url(station.url).database)
    assert main(["hub", "--db", db, "--sync"]) == 2
    assert "未设置办公室数据库地址（checkin hub --url ...）" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_push_wakes_the_other_desks_at_once(template: Path, pg_url: str, tmp_path: Path) -> None:
    """With PostgreSQL the office announces each push: the west desk pulls long before its next
    round (30 s away here), so desks see each other's check-ins in well under a second."""
    office = Database(pg_url)
    copy_workspace(Database.open(str(template)), office)
    east = copy_station(template, tmp_path / "east.sqlite3", "东门")
    west = copy_station(template, tmp_path / "west.sqlite3", "西门")
    urls = [enrol(office, d, n) for d, n in ((east, "东门"), (west, "西门"))]
    loops = [
        hub.HubLoop(hub.Hub(d, u), interval=30) for d, u in zip((east, west), urls, strict=True)
    ]
    # The office merges at once when a station announces a push, then announces the merge.
    inbox = hub.InboxLoop(office, interval=30)
    threads = [loop.start_thread() for loop in loops] + [inbox.start_thread()]
    try:
        wait_until(lambda: all(loop.rounds >= 1 for loop in loops), what="the first rounds")
        pid = confirmed(east, ACTIVITY)[0]
        check_in(east, "东门", pid)
        loops[0].nudge()

        def west_sees_it() -> bool:
            with west.reading() as session:
                return checkin.admission_of(session, ACTIVITY, pid) is not None

        wait_until(west_sees_it, timeout=20, what="the notification to wake the west desk")
    finally:
        for stoppable in (*loops, inbox):
            stoppable.stop()
        for thread in threads:
            thread.join(20)
    for database in (office, east, west):
        database.close()
