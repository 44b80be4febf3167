"""`checkin events`: the events with their activities and how full each one is."""

from __future__ import annotations

import argparse
from typing import Any

from checkin_app import events
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("events", help="列出活动及其项目")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


def event_json(event: events.EventSummary) -> dict[str, object]:
    """An event as `checkin events --json` prints it."""
    return {
        "id": event.id,
        "name": event.name,
        "activities": [
            {
                "id": a.id,
                "name": a.name,
                "date": a.date.isoformat(),
                "capacity": a.capacity,
                "applied": a.applied,
                "confirmed": a.confirmed,
                "waitlisted": a.waitlisted,
            }
            for a in event.activities
        ],
    }


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reading() as session:
        summaries = events.list_events(session)
    if args.json:
        print_json([event_json(e) for e in summaries])
    else:
        if not summaries:
            print("还没有活动。运行 `checkin demo` 生成演示数据，或在办公室窗口中新建。")
        for e in summaries:
            print(f"[{e.id}] {e.name}")
            for a in e.activities:
                print(
                    f"    [{a.id}] {a.name}  {a.date:%Y-%m-%d}  名额 {a.capacity}  "
                    f"报名 {a.applied}  确认 {a.confirmed}  候补 {a.waitlisted}"
                )
    return 0 if summaries else 1
