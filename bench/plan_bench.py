"""Benchmark: plan seats, groups and the site timetable for a 300-person and a 5,000-person day.

Run: `.venv/bin/python bench/plan_bench.py`. Prints one line per figure with the core count.
The data is built through the models in a temporary SQLite file; the time covers the seating
(written to the database, not committed twice) and the timetable.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import events, logistics, rotation
from checkin_app.db import Database
from checkin_app.models import Activity, DocumentType, Participant, Status

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
CATEGORIES = ["市民代表", "人大代表", "政协委员", "专家学者", "媒体记者", "企业代表", "社区工作者"]
NEEDS = ["行动不便", "晕车", "老人", "孕期"]


def build(db: Database, people: int, vehicles: int, sites: int, limited: int, capacity: int) -> int:
    """An activity with `people` confirmed, `vehicles` 55-seat coaches and `sites` sites."""
    rnd = random.Random(people)
    with db.transaction() as s:
        event = events.create_event(s, f"开放日{people}")
        start, end = (
            (dt.time(14, 0), dt.time(18, 0)) if sites <= 4 else (dt.time(8, 30), dt.time(17, 30))
        )
        act = events.add_activity(
            s,
            event,
            "观摩",
            dt.date(2025, 9, 24),
            people,
            signin_end=start,
            discussion_start=end,
        )
        stops = []
        for i in range(sites):
            cap = capacity if i < limited else None
            site = events.add_site(
                s,
                event,
                f"观摩点{i + 1}",
                planned_minutes=30 if sites <= 4 else 20,
                capacity_at_once=cap,
            )
            stops.append((site, 10 if sites <= 4 else 5))
        events.set_itinerary(s, act, stops)
        for i in range(vehicles):
            logistics.add_vehicle(s, act, f"{i + 1}号车", rows=12, back_row_seats=5)
        rows = []
        n = 0
        while n < people:
            together = 2 if rnd.random() < 0.1 and n + 2 <= people else 1
            key = f"c{n}" if together > 1 else ""
            # People who come together work together.
            unit = f"单位{rnd.randrange(max(people // 20, 1))}"
            for _ in range(together):
                rows.append(
                    Participant(
                        event_id=event.id,
                        activity_id=act.id,
                        name=rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                        doc_type=DocumentType.RESIDENT_ID,
                        doc_hash=f"bench{n}",
                        doc_last4=f"{n % 10000:04d}",
                        category=rnd.choice(CATEGORIES),
                        companion_key=key,
                        needs=rnd.choice(NEEDS) if rnd.random() < 0.05 else "",
                        work_unit=unit,
                        status=Status.CONFIRMED,
                    )
                )
                n += 1
        s.add_all(rows)
        return act.id


def run(
    people: int,
    vehicles: int,
    sites: int,
    limited: int,
    capacity: int,
    target: float,
    keep_work_units: bool = False,
) -> None:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(str(Path(tmp) / "bench.sqlite3"))
        act_id = build(db, people, vehicles, sites, limited, capacity)
        started = time.perf_counter()
        with db.transaction() as s:
            act = s.get(Activity, act_id)
            assert act is not None
            plan = logistics.assign(s, act, keep_work_units=keep_work_units)
            try:
                table: rotation.Timetable | None = rotation.timetable_for(s, act)
                problem = ""
            except Exception as err:  # a refusal is a figure too
                table, problem = None, str(err)
        seconds = time.perf_counter() - started
        db.close()
    label = f"{people} people, {vehicles} vehicles, {sites} sites"
    if keep_work_units:
        label += ", work units together"
    print(f"cores={cores} plan {label}: {seconds:.2f} s (target < {target} s)", flush=True)
    met = sum(c.met for c in plan.constraints)
    total = sum(c.total for c in plan.constraints)
    detail = ", ".join(f"{c.name} {c.met}/{c.total}" for c in plan.constraints)
    print(f"cores={cores} plan {label}: constraints met {met}/{total} ({detail})")
    if table is None:
        print(f"cores={cores} plan {label}: timetable refused: {problem}")
    else:
        print(
            f"cores={cores} plan {label}: timetable {len(table.visits)} visits, "
            f"finish {table.finish}, idle {table.idle_minutes} group-minutes, "
            f"rotated {table.rotated}, {len(plan.released)} vehicles unused"
        )


def main() -> int:
    run(300, 6, 4, limited=1, capacity=120, target=0.5)
    run(300, 6, 4, limited=1, capacity=120, target=0.5, keep_work_units=True)
    run(5000, 100, 10, limited=3, capacity=500, target=5.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
