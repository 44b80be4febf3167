"""Benchmark: issue 300 passes, then write them to one A4 PDF and to one PNG each.

Run: `.venv/bin/python bench/passes_bench.py [--people N]`. Prints one line per figure
(target: PDF and PNGs together under 5 s on 2 cores), with the process's CPU time beside the
wall time: CPU is what other work on a shared machine does not inflate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import events, passes, printing
from checkin_app.db import Database
from checkin_app.models import DocumentType, Participant, Status

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗欧阳"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰堃喆犇昇頔"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=300)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        db = Database.open(str(out / "bench.sqlite3"))
        with db.transaction() as s:
            event = events.create_event(s, "晋城市城市管理局2024年“政府开放周”")
            activity = events.add_activity(
                s,
                event,
                "智慧城管",
                dt.date(2024, 6, 19),
                args.people,
                assembly_point="晋城市城市管理局一楼大厅",
                signin_start=dt.time(14, 20),
                signin_end=dt.time(14, 40),
            )
            for i in range(args.people):
                name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
                s.add(
                    Participant(
                        event_id=event.id,
                        activity_id=activity.id,
                        name=name,
                        doc_type=DocumentType.RESIDENT_ID,
                        doc_hash=f"bench-{i}",
                        doc_last4=f"{i % 10000:04d}",
                        doc_prefix="1405",
                        status=Status.CONFIRMED,
                    )
                )
        start = time.perf_counter()
        with db.transaction() as s:
            passes.issue_missing(s, event.id, actor="bench")
            cards = passes.pass_cards(s, event.id)
        issue_s = time.perf_counter() - start
        printing.cjk_font_family()  # Qt and the font database start once per process

        start, cpu = time.perf_counter(), time.process_time()
        pages = printing.write_pdf(cards, out / "passes.pdf")
        pdf_s, pdf_cpu = time.perf_counter() - start, time.process_time() - cpu
        pdf_kb = (out / "passes.pdf").stat().st_size / 1024

        start, cpu = time.perf_counter(), time.process_time()
        files = printing.write_pngs(cards, out / "png")
        png_s, png_cpu = time.perf_counter() - start, time.process_time() - cpu
        png_kb = sum(f.stat().st_size for f in files) / 1024 / len(files)
        db.close()
    n = len(cards)
    print(f"passes issue+cards: {n} passes in {issue_s:.2f} s ({cores} cores)")
    print(
        f"passes pdf: {n} passes, {pages} A4 pages, {pdf_kb:.0f} KiB, "
        f"in {pdf_s:.2f} s, CPU {pdf_cpu:.2f} s ({cores} cores)"
    )
    print(
        f"passes png: {n} images, {png_kb:.0f} KiB each, in {png_s:.2f} s, "
        f"CPU {png_cpu:.2f} s ({cores} cores)"
    )
    print(
        f"passes pdf+png: {n} passes in {pdf_s + png_s:.2f} s together "
        f"(target under 5 s; CPU {pdf_cpu + png_cpu:.2f} s, {cores} cores)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
