"""`checkin report` (the event's XLSX and summary) and `checkin purge` (personal data, PIPL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checkin_app import purge, reports, wording
from checkin_app.cli.common import (
    actor,
    add_actor_option,
    add_db_option,
    add_json_option,
    open_db,
    print_json,
)
from checkin_app.errors import UserError
from checkin_app.events import find_event


def register(subparsers: Any) -> None:
    report = subparsers.add_parser(
        "report",
        help="导出活动报告（XLSX）：汇总、按活动、按类别、未到、现场登记、冲突和活动开展情况",
        description="report --event E --xlsx FILE [--db DB] [--json]",
    )
    report.add_argument("--event", required=True, help="活动（编号或完整名称）")
    report.add_argument("--xlsx", required=True, type=Path, help="写出的 XLSX 文件")
    add_db_option(report)
    add_json_option(report)
    report.set_defaults(func=run_report)

    wipe = subparsers.add_parser(
        "purge",
        help="保存期满后清除活动的个人信息（保留人数与报告）；或清除站点数据库",
        description="办公室：purge --event E --reason R [--yes]；"
        "站点：purge --station --reason R [--merged] [--yes]",
    )
    target = wipe.add_mutually_exclusive_group(required=True)
    target.add_argument("--event", help="活动（编号或完整名称）")
    target.add_argument(
        "--station", action="store_true", help="清除本站点数据库（其数据包须已由办公室合并）"
    )
    wipe.add_argument("--reason", default="", help="清除原因（记入清除记录）")
    wipe.add_argument(
        "--merged", action="store_true", help="站点：确认本站导出的数据包已由办公室合并"
    )
    wipe.add_argument("--yes", action="store_true", help="确认清除（不加则只列出将清除的内容）")
    add_actor_option(wipe)
    add_db_option(wipe)
    add_json_option(wipe)
    wipe.set_defaults(func=run_purge)


def run_report(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reading() as session:
        event_id = find_event(session, args.event).id
        info = reports.export_report(session, event_id, args.xlsx)
    if args.json:
        print_json(info)
        return 0
    print(
        f"已写出{wording.quoted(info.event)}的报告：{info.file}\n"
        f"应到 {info.attended + info.no_shows} 人，"
        f"实到 {info.attended} 人（其中现场登记 {info.walk_ins} 人），未到 {info.no_shows} 人，"
        f"冲突 {info.conflicts} 项\n\n活动开展情况：\n{info.summary}"
    )
    return 0


def _refused_without_yes(args: argparse.Namespace, text: str, data: dict[str, Any]) -> int:
    if args.json:
        print_json({**data, "done": False, "message": text})
    else:
        print(text)
    return 1


def run_purge(args: argparse.Namespace) -> int:
    if args.station:
        return _purge_station(args)
    db = open_db(args)
    with db.reading() as session:
        event_id = find_event(session, args.event).id
        preview = purge.plan(session, event_id)
    if not args.yes:
        text = (
            f"将清除“{preview.event}”{preview.people} 名报名人的姓名、电话、证件信息等，"
            f"并改写 {preview.log_events} 条签到记录中的人员标识；人数统计和报告保留。"
            "确认请加 --yes"
        )
        return _refused_without_yes(args, text, {"plan": preview})
    if not args.reason.strip():
        raise UserError("清除个人信息须填写原因（--reason，例如：保存期限已满）")
    with db.transaction() as session:
        result = purge.purge_event(session, event_id, reason=args.reason, actor=actor(args))
    return _print_result(args, purge.make_gone(db, result))


def _purge_station(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reading() as session:
        backlog = purge.station_backlog(session)
    if not args.yes:
        text = (
            f"将清除站点“{backlog.station}”数据库中的个人信息和证件密钥（本站记录 "
            f"{backlog.own_events} 条，未导出 {backlog.unsent} 条）。确认请加 --yes"
        )
        return _refused_without_yes(args, text, {"backlog": backlog})
    with db.transaction() as session:
        result = purge.purge_station(
            session, reason=args.reason, actor=actor(args), bundle_merged=args.merged
        )
    return _print_result(args, purge.make_gone(db, result))


def _print_result(args: argparse.Namespace, result: purge.PurgeResult) -> int:
    if args.json:
        print_json(result)
    elif result.done:
        print(
            f"已清除“{result.event}”{result.people} 人的个人信息，"
            f"改写签到记录 {result.log_events} 条；已记录本次清除"
        )
        if result.file is not None and result.file.ok:
            print(f"已压缩数据库，并核对文件中不再有这 {result.file.values} 项个人信息")
        print(purge.FILES_TO_DELETE)
    else:
        print(f"“{result.event}”没有需要清除的个人信息")
    if result.file is not None and not result.file.ok:
        # Loud: on stderr and in the exit code, even with --json.
        print(f"错误：{result.file.message}", file=sys.stderr)
        return 2
    return 0 if result.done else 1
