"""`checkin passes`: issue the passes confirmed people lack, then print or export them."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checkin_app import checkin, passes
from checkin_app.cli.common import (
    actor,
    add_actor_option,
    add_db_option,
    add_json_option,
    open_db,
    print_json,
)
from checkin_app.errors import UserError
from checkin_app.events import find_activity, find_event


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("passes", help="为已确认的报名人发放通行证，并输出 PDF 或图片")
    parser.add_argument("--event", required=True, help="活动编号或完整名称")
    parser.add_argument("--activity", help="只处理这一活动项目（编号或名称）")
    parser.add_argument("--pdf", type=Path, help="写出可打印的 PDF（默认 A4 每页8张，带裁切线）")
    parser.add_argument("--a6", action="store_true", help="PDF 每页一张 A6 卡片")
    parser.add_argument("--png-dir", type=Path, help="每人一张 PNG 图片，用于微信或短信发送")
    parser.add_argument(
        "--list", action="store_true", help="只列出每人的通行证和手工码（仅限办公室数据库）"
    )
    add_actor_option(parser)
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


# The pass's state as `--list --json` names it.
STATES = {"valid": "有效", "revoked": "已作废", "none": "未发放"}


@dataclass(frozen=True)
class ListedPass:
    participant: int
    name: str
    activity: str
    state: str  # a key of STATES
    manual_code: str  # as printed on the pass, "" without one


def _listed(row: passes.PassState) -> ListedPass:
    state = "none" if row.version is None else "revoked" if row.revoked else "valid"
    code = passes.format_manual_code(row.manual_code) if row.manual_code else ""
    return ListedPass(row.participant_id, row.name, row.activity_name, state, code)


def list_passes(args: argparse.Namespace) -> int:
    """`--list`: what each person holds, changing nothing (the office's phone calls and SMS)."""
    db = open_db(args)
    with db.reading() as session:
        if checkin.station_name(session) is not None:
            raise UserError("站点数据库不保存手工码：请在办公室的数据库上列出通行证")
        event = find_event(session, args.event)
        activity = find_activity(session, event, args.activity) if args.activity else None
        rows = [
            _listed(r)
            for r in passes.pass_states(session, event.id, activity.id if activity else None)
        ]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            code = row.manual_code or "—"
            print(f"{row.participant}\t{row.name}\t{row.activity}\t{STATES[row.state]}\t{code}")
        if not rows:
            print("没有已确认的报名人")
    return 0 if rows else 1


def run(args: argparse.Namespace) -> int:
    if args.list:
        if args.pdf or args.png_dir:
            raise UserError("--list 只列出通行证，不能同时输出 PDF 或图片")
        return list_passes(args)
    db = open_db(args)
    with db.transaction() as session:
        event = find_event(session, args.event)
        activity = find_activity(session, event, args.activity) if args.activity else None
        issued = passes.issue_missing(
            session, event.id, activity.id if activity else None, actor=actor(args)
        )
        cards = passes.pass_cards(session, event.id, activity.id if activity else None)
    result: dict[str, Any] = {
        "event": event.name,
        "activity": activity.name if activity else None,
        "issued": len(issued),
        "passes": len(cards),
    }
    if cards and (args.pdf or args.png_dir):
        # Imported here: the rest of the command line never needs Qt.
        from checkin_app import printing

        if args.pdf:
            result["pdf"] = str(args.pdf)
            result["pages"] = printing.write_pdf(cards, args.pdf, a6=args.a6)
        if args.png_dir:
            result["png_dir"] = str(args.png_dir)
            result["png"] = len(printing.write_pngs(cards, args.png_dir))
        # Printed with these seats: a later seat move marks them as needing a reprint.
        with db.transaction() as session:
            passes.mark_printed(session, cards)
    if args.json:
        print_json(result)
    else:
        scope = f"“{event.name}”" + (f"的“{activity.name}”" if activity else "")
        print(f"{scope}：新发放通行证 {len(issued)} 张，有效通行证共 {len(cards)} 张")
        if "pdf" in result:
            print(f"已写出 PDF：{result['pdf']}（{result['pages']} 页）")
        if "png" in result:
            print(f"已写出图片 {result['png']} 张：{result['png_dir']}")
        if not cards:
            print("没有可输出的通行证：请先确认报名人（checkin select）")
    return 0 if cards else 1
