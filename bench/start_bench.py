"""Benchmark: how long a user waits for `checkin events --json` and for the office window.

Run: `.venv/bin/python bench/start_bench.py [--runs N]`. Prints one line per figure, medians of
N fresh processes, each beside its floor: a bare `python -c "import sqlalchemy.orm"` (the CLI
cannot list events without its database library; target within 2x) and, for the window, the
same process start to the office window's first paint on the demo workspace (target 1.5 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Runs in a fresh process: from the kernel's start time of the process to the first paint.
FIRST_PAINT = """
import os, sys, time
ticks = os.sysconf("SC_CLK_TCK")
with open("/proc/self/stat") as f:
    started_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
with open("/proc/uptime") as f:
    uptime = float(f.read().split()[0])
started = time.time() - (uptime - started_ticks / ticks)
from PySide6.QtCore import QEvent, QObject, QTimer
from ui.app import start, stop

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "at"):
            self.at = time.time()
            QTimer.singleShot(0, running.app.quit)
        return False

running = start(["checkin-app", "--db", sys.argv[1]])
painted = FirstPaint()
running.window.installEventFilter(painted)
running.app.exec()
print(painted.at - started)
stop(running)
"""


def _timed(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - began


def _first_paint(db: Path, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(db)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "workspace.sqlite3"
        cli = [sys.executable, "-m", "checkin_app.cli"]
        subprocess.run([*cli, "demo", "--db", str(db)], check=True, capture_output=True, env=env)
        floor = [
            _timed([sys.executable, "-c", "import sqlalchemy.orm"], env) for _ in range(args.runs)
        ]
        events = [
            _timed([*cli, "events", "--json", "--db", str(db)], env) for _ in range(args.runs)
        ]
        window = [_first_paint(db, env) for _ in range(args.runs)]
    cores = os.cpu_count()
    f, e, w = statistics.median(floor), statistics.median(events), statistics.median(window)
    print(
        f"cold start, checkin events --json: {e:.2f} s (floor import sqlalchemy.orm {f:.2f} s,"
        f" {e / f:.1f}x; target 2x) median of {args.runs}, {cores} cores"
    )
    print(
        f"office window, process start to first paint: {w:.2f} s (target 1.5 s)"
        f" median of {args.runs}, {cores} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
