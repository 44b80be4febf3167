"""A check-in desk that scans as fast as it can, for the crash-safety test to kill.

Run as `python tests/crash_desk.py CODES_FILE ACTIVITY_ID NOW_ISO`: it imports the app once,
then for each line `DB_PATH OUT_PATH` on stdin forks a desk that scans the codes in a loop
against DB_PATH, each scan in its own transaction, and writes the uid of every admission to
OUT_PATH only after its commit returned. The fork's pid is written back on stdout. Forking
keeps each run from paying the imports again (about a second each on a small machine).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import checkin
from checkin_app.db import Database


def desk_loop(db_path: str, codes: list[str], activity_id: int, now: dt.datetime) -> None:
    db = Database(f"sqlite:///{db_path}", migrate=False)
    desk = checkin.Desk(activity_id, "东门", "压测")
    while True:
        for code in codes:
            with db.transaction() as session:
                result = checkin.scan(session, desk, code, now=now)
            # Committed: only now may the verdict be reported.
            if result.verdict == checkin.Verdict.ADMITTED:
                sys.stdout.write(result.uid + "\n")
                sys.stdout.flush()


def main() -> None:
    codes = Path(sys.argv[1]).read_text().split()
    activity_id = int(sys.argv[2])
    now = dt.datetime.fromisoformat(sys.argv[3])
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed desks are reaped without waiting
    for line in sys.stdin:
        db_path, out_path = line.split()
        pid = os.fork()
        if pid == 0:
            fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            sys.stdout = os.fdopen(1, "w", encoding="utf-8")
            try:
                desk_loop(db_path, codes, activity_id, now)
            finally:
                os._exit(1)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
