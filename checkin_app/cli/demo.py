"""`checkin demo`: fill an empty workspace with the two demo open days and their applicants."""

from __future__ import annotations

import argparse
from typing import Any

from checkin_app import demo, events
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.cli.events import event_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="在空工作区中生成演示数据（两个开放日活动）")
    parser.add_argument("--seed", type=int, default=2025, help="随机种子（同一种子生成相同数据）")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        if events.list_events(session):
            made = None
        else:
            made = [events.summarise(session, e) for e in demo.build_demo(session, seed=args.seed)]
    if made is None:
        if args.json:
            print_json({"created": False, "events": []})
        else:
            print("工作区中已有活动数据，未生成演示数据。用 `checkin events` 查看。")
        return 1
    if args.json:
        print_json(
            {
                "created": True,
                "events": [event_json(e) for e in made],
            }
        )
    else:
        print(f"已生成演示数据：{len(made)} 个活动，{sum(e.participants for e in made)} 名报名者")
        for e in made:
            print(f"[{e.id}] {e.name}")
            for a in e.activities:
                print(
                    f"    [{a.id}] {a.name}  {a.date:%Y-%m-%d}  名额 {a.capacity}  "
                    f"报名 {a.applied}  确认 {a.confirmed}  候补 {a.waitlisted}"
                )
    return 0
