"""`checkin notices --event E [--activity A] --out FILE.xlsx [--publish]`: the notices after
selection (a row per person, ready for a bulk-SMS upload), or the 公示 list."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checkin_app import notices
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notices",
        help="导出录取通知（XLSX，可上传群发短信平台）或公示名单（--publish）",
        description="notices --event E [--activity A] --out FILE.xlsx [--publish] "
        "[--template 文本] [--waitlist-template 文本]",
    )
    parser.add_argument("--event", required=True, help="活动（编号或完整名称）")
    parser.add_argument("--activity", help="只导出这个活动项目（编号或名称）")
    parser.add_argument("--out", required=True, type=Path, help="写出的 XLSX 文件")
    parser.add_argument(
        "--publish", action="store_true", help="导出公示名单：已确认人员，姓名打码，附工作单位"
    )
    placeholders = "、".join(f"{{{p}}}" for p in notices.PLACEHOLDERS)
    parser.add_argument(
        "--template",
        default=notices.CONFIRMED_TEMPLATE,
        help=f"已确认人员的通知模板，可用占位符：{placeholders}",
    )
    parser.add_argument(
        "--waitlist-template", default=notices.WAITLIST_TEMPLATE, help="候补人员的通知模板"
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    notices.check_template(args.template)
    notices.check_template(args.waitlist_template, "候补通知")
    db = open_db(args)
    try:
        with db.reading() as session:
            if args.publish:
                count = notices.write_publication(session, args.event, args.activity, args.out)
                rows: list[notices.Notice] = []
            else:
                rows = notices.notices(
                    session,
                    args.event,
                    args.activity,
                    template=args.template,
                    waitlist_template=args.waitlist_template,
                )
                notices.write_notices(rows, args.out)
                count = len(rows)
    finally:
        db.close()
    if args.json:
        print_json({"file": str(args.out), "rows": count, "publish": args.publish})
    elif args.publish:
        print(f"已写出公示名单（{count}人）：{args.out}")
    else:
        waiting = sum(1 for r in rows if r.status == "候补")
        print(f"已写出通知：已确认{count - waiting}人，候补{waiting}人：{args.out}")
    return 0 if count else 1
