"""`checkin forms --event E --registration FILE.xlsx|.pdf`: the event's 报名表, to print or fill."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checkin_app import forms
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forms",
        help="生成报名表：.pdf 为打印用的纸质报名表，.xlsx 为可直接导入的填写模板",
        description="forms --event E --registration FILE.xlsx|FILE.pdf [--db DB] [--json]",
    )
    parser.add_argument("--event", required=True, help="活动（编号或完整名称）")
    parser.add_argument(
        "--registration",
        required=True,
        type=Path,
        metavar="FILE",
        help="写出的报名表：.pdf（纸质，活动为勾选框）或 .xlsx（导入模板，表头与导入一致）",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.reading() as session:
            written = forms.write_registration(session, args.event, args.registration)
    finally:
        db.close()
    if args.json:
        print_json(
            {"event": written.event, "file": written.path, "activities": list(written.activities)}
        )
    else:
        print(f"已写出“{written.event}”的报名表：{written.path}")
        print(f"活动：{'、'.join(written.activities)}")
    return 0
