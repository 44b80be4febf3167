"""`checkin bundle export` (station) and `checkin bundle merge` (office): the USB-stick path."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checkin_app import sync
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.events import find_event


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bundle",
        help="站点导出签到数据包；办公室合并数据包",
        description="站点：bundle export --out FILE [--all] [--db DB]；"
        "办公室：bundle merge FILE... [--event E] [--db DB] [--json]",
    )
    commands = parser.add_subparsers(dest="bundle_command", required=True, metavar="COMMAND")

    export = commands.add_parser("export", help="导出本站点上次导出以来的签到记录（已签名）")
    export.add_argument(
        "--out", required=True, type=Path, help="写出的数据包文件（无扩展名时加 .bundle）"
    )
    export.add_argument("--all", action="store_true", help="导出本站点的全部记录")
    add_db_option(export)
    add_json_option(export)
    export.set_defaults(func=run_export)

    merge = commands.add_parser("merge", help="核验并合并站点数据包，列出冲突")
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE", help="站点导出的数据包")
    merge.add_argument("--event", help="只接受这一活动的数据包（编号或完整名称）")
    add_db_option(merge)
    add_json_option(merge)
    merge.set_defaults(func=run_merge)


BUNDLE_SUFFIX = ".bundle"


def bundle_file(out: Path) -> Path:
    """`--out east` writes east.bundle: the office's merge dialog lists *.bundle files first.
    A name with its own extension is kept as it is."""
    return out if out.suffix else out.with_name(out.name + BUNDLE_SUFFIX)


def run_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        info = sync.export_bundle(session, bundle_file(args.out), everything=args.all)
    if args.json:
        print_json(info)
    elif info.file is None:
        print(f"站点“{info.station}”自上次导出后没有新记录（要全部导出请加 --all）")
    else:
        print(
            f"已写出站点“{info.station}”的第{info.from_seq}–{info.to_seq}号记录"
            f"（{info.count} 条）：{info.file}"
        )
    return 0 if info.file else 1


def run_merge(args: argparse.Namespace) -> int:
    db = open_db(args)
    event_id = None
    if args.event:
        with db.reading() as session:
            event_id = find_event(session, args.event).id
    result = sync.merge_bundles(db, args.files, event_id=event_id)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"新合并 {result.merged} 条记录，已有 {result.already_had} 条")
        for refused in result.refused:
            print(f"已拒收 {refused.file}：{refused.reason}")
        open_ones = [c for c in result.conflicts if c.decision is None]
        if result.conflicts:
            print(f"冲突 {len(result.conflicts)} 项，待处理 {len(open_ones)} 项：")
        for c in result.conflicts:
            state = f"已处理：{c.decision}" if c.decision else "待处理"
            print(f"- {c.description}（{state}）")
    # A refused file is unreadable or altered input (exit 2), even when the others merged.
    return 2 if result.refused else 0
