"""Benchmark: what recovering one ID number from a stolen station costs.

A station keeps the last four characters and the event-salted scrypt of each ID number; the
thief tries every adult's number with those last four (~3,500 counties x 25,000 birth dates,
1 in 11 left by the check character: ~8 million) at one scrypt each.

Run: `.venv/bin/python bench/stolen_station_bench.py [--hashes N]`. Prints one line: seconds
per hash on one core, its memory, and the estimated CPU-days per ID number (target: >= 1), then
the cost for a thief who guesses the person's city (~10 counties): the bound's weak side.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import slowhash

CANDIDATES = 3_500 * 25_000 // 11
# A thief who bets the person lives in the event's city (about 10 counties) tries far fewer.
CITY_CANDIDATES = 10 * 25_000 // 11


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hashes", type=int, default=40)
    args = parser.parse_args()
    params = slowhash.new_params()
    start = time.perf_counter()
    for n in range(args.hashes):
        slowhash.slow_hash(params, f"14050219800101{n:03d}X")
    per_hash = (time.perf_counter() - start) / args.hashes
    days = CANDIDATES * per_hash / 86_400
    memory = 128 * params.n * params.r * params.p / 2**20
    print(
        f"stolen station: {per_hash * 1000:.1f} ms per slow hash (scrypt n={params.n} "
        f"r={params.r} p={params.p}, {memory:.0f} MiB), {CANDIDATES:,} candidates "
        f"= {days:.1f} CPU-days per ID number (target >= 1); "
        f"{CITY_CANDIDATES * per_hash / 60:.0f} CPU-minutes if the city's ~10 counties are guessed"
    )


if __name__ == "__main__":
    main()
