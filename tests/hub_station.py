"""One station laptop for the hub test, as a separate process: it checks people in while its
hub loop syncs with the office (`python -m tests.hub_station --db ... --people 1,2,3 ...`).

It checks in the first `--first` people, waits for the file `--go`, checks in the rest, and
keeps syncing until the file `--stop` appears. Each change of hub status is written to
`--status` (JSON) so the test can see the light go grey and green again.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

from checkin_app import checkin, hub
from checkin_app.db import Database
from checkin_app.models import Activity, LogKind, Participant


def _write_status(path: Path, status: hub.HubStatus) -> None:
    data = dataclasses.asdict(status)
    data["last_success"] = status.last_success.isoformat() if status.last_success else None
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)  # the test never reads half a file


def _check_in(database: Database, station: str, participant_id: int) -> None:
    # The log primitive, as the desk's admit() writes it: one CHECKIN committed per person.
    with database.transaction() as session:
        person = session.get(Participant, participant_id)
        assert person is not None
        activity = session.get(Activity, person.activity_id)
        assert activity is not None
        checkin.append(
            session,
            event_id=activity.event_id,
            station=station,
            kind=LogKind.CHECKIN,
            operator="test",
            activity_id=activity.id,
            participant_id=person.id,
            person=person.doc_hash,
        )


def _wait_for(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {path}")
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--office", required=True)
    parser.add_argument("--people", required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--pace", type=float, default=0.05)
    parser.add_argument("--go", type=Path, required=True)
    parser.add_argument("--stop", type=Path, required=True)
    parser.add_argument("--status", type=Path, required=True)
    args = parser.parse_args()

    database = Database.open(args.db)
    with database.transaction() as session:
        hub.set_hub_url(session, args.office)
        station = checkin.station_name(session)
    assert station
    loop = hub.HubLoop(
        hub.Hub(database),
        interval=0.2,
        backoff=hub.Backoff(base=0.2, cap=1.5),
        on_status=lambda s: _write_status(args.status, s),
    )
    thread = loop.start_thread()
    people = [int(p) for p in args.people.split(",")]
    for i, participant_id in enumerate(people):
        if i == args.first:
            _wait_for(args.go, 120)
        _check_in(database, station, participant_id)
        loop.nudge()  # what the desk does after a scan: push now, never wait for it
        time.sleep(args.pace)
    _wait_for(args.stop, 120)
    loop.stop()
    thread.join(30)
    database.close()
    return 0 if not thread.is_alive() else 1


if __name__ == "__main__":
    sys.exit(main())
