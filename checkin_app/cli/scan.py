"""`checkin scan`: the desk's verdict for one code or ID number; `checkin supervisor-pin`."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from checkin_app import checkin, roles
from checkin_app.cli.common import actor, add_db_option, add_json_option, open_db, print_json
from checkin_app.errors import UserError
from checkin_app.events import resolve_activity


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scan", help="签到：扫描通行证二维码、输入手工码或身份证号码，给出与签到台相同的结果"
    )
    parser.add_argument("code", metavar="CODE_OR_ID", help="二维码内容、手工码或身份证号码")
    parser.add_argument("--activity", required=True, help="签到的活动项目（编号或名称）")
    parser.add_argument(
        "--station", help="签到点名称（默认：站点数据库中的名称，办公室为其签到台的名称）"
    )
    parser.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    parser.add_argument("--operator", default="", help="操作人（默认：当前系统用户）")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)

    pin = subparsers.add_parser("supervisor-pin", help="设置签到台主管密码（4–8位数字）")
    pin.add_argument("--set", dest="pin", required=True, metavar="PIN", help="新的主管密码")
    add_db_option(pin)
    add_json_option(pin)
    pin.set_defaults(func=run_pin)


def _station(session: Session, given: str | None) -> str:
    """A station database records under its package's name only; the office under the name
    given, else its desk's own name."""
    typed = (given or "").strip()
    fixed = checkin.station_name(session)
    if fixed is not None and typed and typed != fixed:
        raise UserError(f"这是签到点“{fixed}”的数据库，不能以“{typed}”的名义签到")
    return checkin.check_station_name(typed or checkin.desk_station_name(session))


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    operator = args.operator or actor(argparse.Namespace())
    with db.transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        desk = checkin.Desk(activity.id, _station(session, args.station), operator)
        result = checkin.scan(session, desk, args.code)
    # The transaction has committed: only now is the verdict shown.
    if args.json:
        print_json(result.to_json())
    else:
        _print(result)
    if result.verdict == checkin.Verdict.ADMITTED:
        return 0
    return 2 if result.verdict == checkin.Verdict.UNREADABLE else 1


def _print(result: checkin.ScanResult) -> None:
    print(result.headline)
    if result.person:
        p = result.person
        print(f"{p.name}  {p.masked_id}  {p.category}")
    if result.detail:
        print(result.detail)


def run_pin(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        roles.set_supervisor_pin(session, args.pin)
    if args.json:
        print_json({"supervisor_pin": "set"})
    else:
        print("主管密码已设置")
    return 0
