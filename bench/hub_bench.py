"""Live hub benchmark: push-to-visible latency between two stations through a real PostgreSQL.

Run: `.venv/bin/python bench/hub_bench.py [--checkins 40] [--interval 1.0]`. Starts a throwaway
PostgreSQL on loopback (Debian's `postgresql` package), copies the demo office into it and into
two station databases (each with its own PostgreSQL role), runs each station's hub loop and the
office's inbox loop on their own threads as the app does, checks people in at the east desk and
times how long until the west desk's database shows each check-in (push, signed, into the inbox;
the office verifies and merges it; the west desk pulls it): once as the app runs (LISTEN/NOTIFY
both ways) and once with polling only (what happens when notifications do not get through).
Prints one line per figure with the core count.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from checkin_app import checkin, demo, hub
from checkin_app.db import Database
from checkin_app.models import LogEvent, LogKind, Participant
from tests.hub_support import confirmed, copy_station, copy_workspace, enrol
from tests.pgserver import start_postgres


def _check_in(database: Database, participant_id: int) -> str:
    with database.transaction() as session:
        person = session.get(Participant, participant_id)
        assert person is not None
        return checkin.append(
            session,
            event_id=person.event_id,
            station="东门",
            kind=LogKind.CHECKIN,
            operator="bench",
            activity_id=person.activity_id,
            participant_id=person.id,
            person=person.doc_hash,
        ).uid


def _visible(database: Database, uid: str) -> bool:
    with database.reading() as session:
        return session.scalar(select(LogEvent.id).where(LogEvent.uid == uid)) is not None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(
    office: Database,
    stations: list[tuple[Database, str]],
    people: list[int],
    args: argparse.Namespace,
    *,
    listen: bool,
) -> list[float]:
    rng = random.Random(args.seed)
    (east, _), (west, _) = stations
    loops = [
        hub.HubLoop(hub.Hub(d, url), interval=args.interval, listen=listen) for d, url in stations
    ]
    inbox = hub.InboxLoop(office, interval=args.interval, listen=listen)
    threads = [loop.start_thread() for loop in loops] + [inbox.start_thread()]
    latencies: list[float] = []
    try:
        for pid in people:
            time.sleep(rng.uniform(0, args.interval))  # desks scan at their own pace
            start = time.perf_counter()
            uid = _check_in(east, pid)
            loops[0].nudge()  # what the desk does after a scan
            while not _visible(west, uid):
                time.sleep(0.002)
            latencies.append((time.perf_counter() - start) * 1000)
    finally:
        for stoppable in (*loops, inbox):
            stoppable.stop()
        for thread in threads:
            thread.join(30)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkins", type=int, default=30, help="per mode")
    parser.add_argument("--interval", type=float, default=1.0, help="the hub's pause when online")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    server = start_postgres()
    results: dict[str, list[float]] = {}
    try:
        work = Path(tempfile.mkdtemp(prefix="hub-bench-"))
        template = work / "office.sqlite3"
        office_file = Database.open(str(template))
        with office_file.transaction() as session:
            demo.build_demo(session)
        office = Database(server.new_database())
        copy_workspace(office_file, office)
        office_file.close()
        stations = []
        for name, file in (("东门", "east.sqlite3"), ("西门", "west.sqlite3")):
            laptop = copy_station(template, work / file, name)
            url = enrol(office, laptop, name)
            assert url is not None
            stations.append((laptop, url))
        people = [pid for a in (1, 3, 4) for pid in confirmed(stations[0][0], a)]
        n = args.checkins
        results["notified"] = _measure(office, stations, people[:n], args, listen=True)
        results["polling"] = _measure(office, stations, people[n : 2 * n], args, listen=False)
    finally:
        server.stop()

    for mode, latencies in results.items():
        how = "LISTEN/NOTIFY" if mode == "notified" else f"polling only, every {args.interval:g} s"
        print(
            f"hub push-to-visible, 2 stations via PostgreSQL ({how}): "
            f"p50 {statistics.median(latencies):.0f} ms, "
            f"p95 {_percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms "
            f"(n={len(latencies)}) [cores={cores}]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
