"""Benchmark: the office merges 20 station bundles of 5,000 events each (100,000 events).

Run: `.venv/bin/python bench/sync_bench.py [--bundles N] [--events N]`. Prints one line per
figure (target: the merge under 1 s on 2 cores); CPU is this process's own time, which other
work on a shared machine does not inflate (the commits' fsyncs are in the wall time only). The
hub's push-to-visible latency is measured by bench/hub_bench.py.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from checkin_app import checkin, events, stations, sync
from checkin_app.db import Database
from checkin_app.models import DocumentType, LogEvent, LogKind, Participant, Status

DAY = dt.datetime(2025, 9, 24, 1, 0)
EVENT = "晋城市城市管理局2024年“政府开放周”"


def _person(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def _station_key(office: Database, event_id: int, name: str, out: Path) -> bytes:
    """Register the station the real way (its package) and take its signing key from the
    verified package, as `station-setup` does. Done before the roster is loaded: a small package."""
    pkg = out / f"{name}.pkg"
    with office.transaction() as s:
        stations.export_package(s, event_id, name, pkg)
    _, tables = stations.read_package(pkg)
    keys = [r["value"] for r in tables["settings"] if r["key"] == sync.KEY_SETTING]
    return base64.b64decode(keys[0])


def _roster(office: Database, event_id: int, activity_id: int, people: int) -> None:
    """One confirmed person per event to be merged, in one bulk insert."""
    with office.transaction() as s:
        s.execute(
            insert(Participant),
            [
                {
                    "event_id": event_id,
                    "activity_id": activity_id,
                    "name": f"参观者{i}",
                    "doc_type": DocumentType.RESIDENT_ID,
                    "doc_hash": _person(i),
                    "doc_last4": f"{i % 10000:04d}",
                    "doc_prefix": "1405",
                    "status": Status.CONFIRMED,
                }
                for i in range(people)
            ],
        )


def _bundle(out: Path, name: str, key: bytes, ids: tuple[int, int], first: int, count: int) -> Path:
    """A station's log written straight into its signed bundle, as `export_bundle` writes it:
    5,000 desk scans one by one would only measure the desk."""
    event_id, activity_id = ids
    wire = [
        sync.WireEvent(
            uid=checkin.new_uid(),
            event_id=event_id,
            activity_id=activity_id,
            station=name,
            seq=n + 1,
            kind=LogKind.CHECKIN.value,
            person=_person(first + n),
            verdict="",
            operator="张三",
            at=DAY + dt.timedelta(seconds=n),
            site_id=None,
            group_id=None,
            refers_to="",
            reason="",
            detail='{"input":"qr"}',
        ).to_list()
        for n in range(count)
    ]
    header = {
        "event_id": event_id,
        "event": EVENT,
        "station": name,
        "from_seq": 1,
        "to_seq": count,
        "count": count,
        "exported_at": (DAY + dt.timedelta(hours=9)).isoformat(),
    }
    path = out / f"{name}.bundle"
    body = json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode()
    sync.write_signed(path, sync.BUNDLE_MAGIC, header, body, key)
    return path


def prepare(out: Path, bundles: int, per_bundle: int) -> tuple[Database, list[Path]]:
    """An office with one person per event to be merged, and the stations' signed bundles.

    The stations are registered through real packages (made before the roster is loaded, so each
    is small) and sign their bundles with the key their package gave them: what `merge_bundles`
    then checks is exactly what it checks for real bundles."""
    office = Database.open(str(out / "office.sqlite3"))
    with office.transaction() as s:
        event = events.create_event(s, EVENT)
        ids = (event.id, events.add_activity(s, event, "智慧城管", DAY.date(), 10**6).id)
    names = [f"站点{b + 1}" for b in range(bundles)]
    keys = [_station_key(office, ids[0], name, out) for name in names]
    _roster(office, *ids, bundles * per_bundle)
    files = [
        _bundle(out, name, key, ids, b * per_bundle, per_bundle)
        for b, (name, key) in enumerate(zip(names, keys, strict=True))
    ]
    return office, files


def floor(out: Path, files: list[Path]) -> tuple[float, float]:
    """Plain sqlite3 inserting the same rows (read from the same files, no checks) into a table
    of the same columns with the log's two unique indexes, WAL and synchronous=FULL, one
    transaction a bundle: what any merge must at least cost here. Wall and CPU seconds."""
    import sqlite3

    db = sqlite3.connect(out / "floor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE log (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, event_id INT, activity_id"
        " INT, station TEXT, seq INT, kind TEXT, participant_id INT, person TEXT, verdict TEXT,"
        " operator TEXT, at TEXT, site_id INT, group_id INT, refers_to TEXT, reason TEXT,"
        " detail TEXT, UNIQUE (station, seq))"
    )
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        body = sync.read_signed(path, sync.BUNDLE_MAGIC, "bundle").body
        rows = [(r[0], r[1], r[2], r[3], r[4], r[5], 1, r[6], r[7], r[8], r[9], r[10], r[11],
                 r[12], r[13], r[14]) for r in json.loads(body)]  # fmt: skip
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO log (uid, event_id, activity_id, station, seq, kind, participant_id,"
            " person, verdict, operator, at, site_id, group_id, refers_to, reason, detail)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.execute("COMMIT")
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    db.close()
    return wall, used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundles", type=int, default=20)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        office, files = prepare(Path(tmp), args.bundles, args.events)
        prepared = time.perf_counter() - start
        size = sum(f.stat().st_size for f in files) / 1e6
        start, cpu = time.perf_counter(), time.process_time()
        result = sync.merge_bundles(office, files)
        merged, merged_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        again = sync.merge_bundles(office, files)
        repeat, repeat_cpu = time.perf_counter() - start, time.process_time() - cpu
        with office.reading() as s:
            stored = s.query(LogEvent).count()
        office.close()
        floor_wall, floor_cpu = floor(Path(tmp), files)
    assert result.merged == stored == args.bundles * args.events and not result.refused
    assert again.merged == 0 and again.already_had == stored
    total = args.bundles * args.events
    print(f"prepared the office and {args.bundles} signed bundles in {prepared:.1f} s")
    print(
        f"merge {args.bundles} bundles x {args.events} events ({total} events, {size:.1f} MB): "
        f"{merged:.2f} s, CPU {merged_cpu:.2f} s [{cores} cores]"
    )
    print(
        f"plain sqlite3 floor, the same rows with the log's unique indexes at synchronous=FULL: "
        f"{floor_wall:.2f} s, CPU {floor_cpu:.2f} s; merge/floor {merged / floor_wall:.1f}x wall,"
        f" {merged_cpu / floor_cpu:.1f}x CPU (target within 1.5x)"
    )
    print(
        f"merge the same bundles again (all already had): {repeat:.2f} s, "
        f"CPU {repeat_cpu:.2f} s [{cores} cores]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
