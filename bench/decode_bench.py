"""Decoding benchmark: hit rate and time per frame of our pipeline against each decoder alone.

Run: `.venv/bin/python bench/decode_bench.py [--frames 300] [--seed 2024]`. Prints one line per
figure with the core count. Frames come from bench/frames.py (webcam-like, 1280×720).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.frames import Frame, make_frame
from checkin_app import passes, scanning

# The desk's camera setting: a live frame gets this long before the next one replaces it.
CAMERA_BUDGET_MS = 50.0


# A fixed office key: the frames hold real signed passes, exactly as `checkin passes` prints them.
_KEY = bytes(range(32))


def _frame(args: tuple[int, bool]) -> Frame:
    seed, empty = args
    rng = np.random.default_rng(seed)
    if empty:
        return make_frame(rng, payload="")
    data = passes.PassData(
        event_id=int(rng.integers(1, 500)),
        activity_id=int(rng.integers(1, 5000)),
        participant_id=int(rng.integers(1, 200_000)),
        version=int(rng.integers(1, 4)),
        issued_on=dt.date(2026, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365))),
    )
    return make_frame(rng, payload=passes.encode_payload(data, _KEY))


def _frames(count: int, empties: int, seed: int) -> list[Frame]:
    jobs = [(seed * 100_003 + i, i >= count) for i in range(count + empties)]
    with Pool(os.cpu_count() or 1) as pool:
        return pool.map(_frame, jobs, chunksize=8)


def _p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--empty", type=int, default=30, help="frames with no code (false reads)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    started = time.perf_counter()
    frames = _frames(args.frames, args.empty, args.seed)
    made = time.perf_counter() - started

    ours = scanning.Decoder(qr_only=True, budget_ms=CAMERA_BUDGET_MS)
    single = scanning.Decoder(qr_only=True)
    read_by_stage: dict[str, int] = {}

    def pipeline(image: np.ndarray) -> list[str]:
        codes, stage = ours.decode_with_stage(image)
        if stage:
            read_by_stage[stage] = read_by_stage.get(stage, 0) + 1
        return codes

    candidates: dict[str, Callable[[np.ndarray], list[str]]] = {"pipeline": pipeline}
    for stage in scanning.ALL_STAGES:
        if stage == "pyzbar" and scanning.missing_decoders():
            continue
        candidates[stage] = lambda image, stage=stage: single.run_stage(stage, image)

    hits: dict[str, set[int]] = {name: set() for name in candidates}
    times: dict[str, list[float]] = {name: [] for name in candidates}
    wrong: dict[str, int] = dict.fromkeys(candidates, 0)
    for index, frame in enumerate(frames):
        # Rotate the order so no decoder always runs on a cold cache.
        names = list(candidates)
        names = names[index % len(names) :] + names[: index % len(names)]
        for name in names:
            t0 = time.perf_counter()
            codes = candidates[name](frame.image)
            elapsed = (time.perf_counter() - t0) * 1000
            if frame.payload:
                times[name].append(elapsed)
                if frame.payload in codes:
                    hits[name].add(index)
            wrong[name] += sum(1 for code in codes if code != frame.payload)

    n = sum(1 for f in frames if f.payload)
    singles = {"zxing-cpp alone": "zxing", "pyzbar alone": "pyzbar", "OpenCV alone": "opencv"}

    def line(label: str, name: str) -> None:
        print(
            f"cores={cores} {label}: hit {len(hits[name]) / n:.1%} ({len(hits[name])}/{n})"
            f"  median {statistics.median(times[name]):.1f} ms  p95 {_p95(times[name]):.1f} ms"
        )

    print(
        f"cores={cores} frames: {n} with a pass, {len(frames) - n} without, 1280x720, "
        f"made in {made:.1f} s; camera budget {CAMERA_BUDGET_MS:.0f} ms/frame"
    )
    line("our pipeline", "pipeline")
    for label, name in singles.items():
        if name in candidates:
            line(label, name)
        else:
            print(
                f"cores={cores} {label}: not available ({', '.join(scanning.missing_decoders())})"
            )
    for name in ("zxing-sharpen", "zxing-upscale"):
        line(f"{name} alone", name)
    union = set().union(*(hits[name] for name in candidates if name != "pipeline"))
    print(
        f"cores={cores} union of all decoders and retries: "
        f"hit {len(union) / n:.1%} ({len(union)}/{n})"
    )
    base = hits["zxing"]
    for name in candidates:
        if name not in ("pipeline", "zxing"):
            print(f"cores={cores} reads {name} adds over zxing-cpp alone: {len(hits[name] - base)}")
    print(f"cores={cores} pipeline reads by stage: {read_by_stage}")
    ratio = statistics.median(times["pipeline"]) / statistics.median(times["zxing"])
    print(f"cores={cores} pipeline median / zxing-cpp median: {ratio:.2f} (target <= 1.5)")
    print(f"cores={cores} wrong reads: " + ", ".join(f"{k} {v}" for k, v in wrong.items()))
    print(f"cores={cores} total run time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
