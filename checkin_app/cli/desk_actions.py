"""`checkin walk-in`, `checkin undo`, `checkin override`: the desk supervisor's actions, each
behind the supervisor's PIN and printing `checkin scan`'s verdict."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from checkin_app.cli.common import add_pin_option, open_db, supervisor_grant
from checkin_app.cli.verdicts import (
    act,
    add_person_options,
    add_station_options,
    desk_for,
    participant_ref,
    person_of,
)

if TYPE_CHECKING:
    from checkin_app import checkin


def _desk_parser(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--activity", required=True, help="签到的活动项目（编号或名称）")
    parser.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    add_station_options(parser)
    add_pin_option(parser)
    return parser


def register(subparsers: Any) -> None:
    walk = _desk_parser(subparsers, "walk-in", "现场登记并签到（须主管密码）")
    walk.add_argument("--name", required=True, help="姓名")
    walk.add_argument("--id-number", required=True, help="身份证号码（或护照号码）")
    walk.add_argument("--phone", default="", help="联系电话")
    walk.add_argument("--category", default="市民代表", help="类别（默认：市民代表）")
    walk.add_argument("--work-unit", default="", help="工作单位")
    walk.add_argument("--needs", default="", help="特殊需要")
    walk.add_argument("--reason", default="", help="原因（超额接收时必填）")
    walk.add_argument(
        "--over-capacity", action="store_true", help="名额已满时仍接收（主管确认，须填原因）"
    )
    walk.set_defaults(func=run_walk_in)

    undo = _desk_parser(subparsers, "undo", "撤销某人的签到（须主管密码）")
    add_person_options(undo)
    undo.add_argument("--reason", required=True, help="撤销原因")
    undo.set_defaults(func=run_undo)

    over = _desk_parser(subparsers, "override", "主管放行被拒绝的人（须主管密码）")
    add_person_options(over)
    over.add_argument("--reason", required=True, help="放行原因")
    over.set_defaults(func=run_override)


def run_walk_in(args: argparse.Namespace) -> int:
    from checkin_app import checkin

    db = open_db(args)
    with db.reading() as session:
        desk = desk_for(session, args)
    grant = supervisor_grant(db, desk, args.pin)
    reg = checkin.WalkIn(
        args.name, args.id_number, args.phone, args.category, args.work_unit, args.needs
    )
    return act(
        args,
        db,
        lambda s: checkin.walk_in(
            s, desk, reg, reason=args.reason, supervisor=grant, over_capacity=args.over_capacity
        ),
    )


def run_undo(args: argparse.Namespace) -> int:
    from checkin_app import checkin

    db = open_db(args)
    with db.reading() as session:
        desk = desk_for(session, args)
        pid = person_of(session, desk, args)
        who = participant_ref(session, pid)
    grant = supervisor_grant(db, desk, args.pin)

    def work(s: Any) -> checkin.ScanResult:
        return checkin.undo(s, desk, pid, reason=args.reason, supervisor=grant)

    return act(args, db, work, who)


def run_override(args: argparse.Namespace) -> int:
    """Overrides what a scan of the same input would answer now (as the desk overrides the
    refusal it just showed)."""
    from checkin_app import checkin

    db = open_db(args)
    with db.reading() as session:
        desk = desk_for(session, args)
        pid = person_of(session, desk, args)
        who = participant_ref(session, pid)
    grant = supervisor_grant(db, desk, args.pin)

    def work(s: Any) -> checkin.ScanResult:
        # Judged again inside the transaction that records the override: nothing in between.
        found = checkin.identify(s, desk, args.code, participant_id=args.participant)
        return checkin.override(
            s, desk, pid, reason=args.reason, overridden=found.verdict, supervisor=grant
        )

    return act(args, db, work, who)
