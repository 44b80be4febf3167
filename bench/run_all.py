"""Runs every benchmark in bench/ (`.venv/bin/python bench/run_all.py [name ...]`).

Each benchmark prints one line per figure; this prints them in turn and a failing one's exit code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("*_bench.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    worst = 0
    for script in scripts:
        print(f"# {script.name}", flush=True)
        done = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if done.returncode:
            print(f"# {script.name} failed with exit code {done.returncode}", flush=True)
            worst = max(worst, done.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
