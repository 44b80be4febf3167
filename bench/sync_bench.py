"""Benchmark: the office merges 20 station bundles of 5,000 events each (100,000 events).

Run: `.venv/bin/python bench/sync_bench.py [--bundles N] [--events N]`. Prints one line per
figure (target: the merge under 1 s on 2 cores). The hub's push-to-visible latency is measured
by bench/hub_bench.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import checkin, events, stations, sync
from checkin_app.db import Database
from checkin_app.models import DocumentType, LogEvent, LogKind, Participant, Status

DAY = dt.datetime(2025, 9, 24, 1, 0)


def _person(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def prepare(out: Path, bundles: int, per_bundle: int) -> tuple[Database, list[Path]]:
    """An office with one person per event to be merged, and the stations' bundle files."""
    office = Database.open(str(out / "office.sqlite3"))
    people = bundles * per_bundle
    with office.transaction() as s:
        event = events.create_event(s, "晋城市城市管理局2024年“政府开放周”")
        activity = events.add_activity(s, event, "智慧城管", DAY.date(), people)
        s.add_all(
            Participant(
                event_id=event.id,
                activity_id=activity.id,
                name=f"参观者{i}",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=_person(i),
                doc_last4=f"{i % 10000:04d}",
                doc_prefix="1405",
                status=Status.CONFIRMED,
            )
            for i in range(people)
        )
        event_id, activity_id = event.id, activity.id
    files = []
    for b in range(bundles):
        name = f"站点{b + 1}"
        pkg = out / f"{name}.pkg"
        with office.transaction() as s:
            stations.export_package(s, event_id, name, pkg)
        station = Database.open(str(out / f"{name}.sqlite3"))
        with station.transaction() as s:
            stations.setup_station(s, pkg)
            key = sync.identity(s).private_key
        station.close()
        # The station's log, written straight into its bundle: 5,000 desk scans one by one
        # would only measure the desk.
        wire = [
            sync.WireEvent(
                uid=checkin.new_uid(),
                event_id=event_id,
                activity_id=activity_id,
                station=name,
                seq=n + 1,
                kind=LogKind.CHECKIN.value,
                person=_person(b * per_bundle + n),
                verdict="",
                operator="张三",
                at=DAY + dt.timedelta(seconds=n),
                site_id=None,
                group_id=None,
                refers_to="",
                reason="",
                detail='{"input":"qr"}',
            ).to_list()
            for n in range(per_bundle)
        ]
        header = {
            "event_id": event_id,
            "event": "晋城市城市管理局2024年“政府开放周”",
            "station": name,
            "from_seq": 1,
            "to_seq": per_bundle,
            "count": per_bundle,
        }
        bundle = out / f"{name}.bundle"
        body = json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode()
        sync.write_signed(bundle, sync.BUNDLE_MAGIC, header, body, key)
        files.append(bundle)
    return office, files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bundles", type=int, default=20)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        office, files = prepare(Path(tmp), args.bundles, args.events)
        size = sum(f.stat().st_size for f in files) / 1e6
        start = time.perf_counter()
        result = sync.merge_bundles(office, files)
        merged = time.perf_counter() - start
        start = time.perf_counter()
        again = sync.merge_bundles(office, files)
        repeat = time.perf_counter() - start
        with office.reading() as s:
            stored = s.query(LogEvent).count()
        office.close()
    assert result.merged == stored == args.bundles * args.events and not result.refused
    assert again.merged == 0 and again.already_had == stored
    total = args.bundles * args.events
    print(
        f"merge {args.bundles} bundles x {args.events} events ({total} events, {size:.1f} MB): "
        f"{merged:.2f} s (target < 1 s) [{cores} cores]"
    )
    print(f"merge the same bundles again (all already had): {repeat:.2f} s [{cores} cores]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
