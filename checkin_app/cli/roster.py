"""`checkin roster`: the printed roster of a group or vehicle (seat map, names, tick boxes)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from checkin_app import rosters
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.errors import NotFound, UserError
from checkin_app.events import find_activity, find_event
from checkin_app.models import Activity, Group, Vehicle


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("roster", help="打印带队名单（座位图和每个观摩点的点名框）")
    parser.add_argument("--group", help="分组编号或名称（只打印这一组）")
    parser.add_argument("--vehicle", help="车辆编号或名称（打印这辆车）")
    parser.add_argument("--activity", help="活动项目编号或完整名称（分组或车辆重名时必填）")
    parser.add_argument("--event", help="活动编号或完整名称")
    parser.add_argument("--pdf", required=True, type=Path, help="输出的 PDF 文件")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_roster)


def _activities(session: Session, args: argparse.Namespace) -> list[Activity]:
    """The activities the other options narrow down to (all of them when none is given)."""
    if args.event:
        event = find_event(session, args.event)
        if args.activity:
            return [find_activity(session, event, args.activity)]
        return list(event.activities)
    found = list(session.scalars(select(Activity).order_by(Activity.id)))
    if args.activity:
        text = str(args.activity).strip()
        found = [a for a in found if a.name == text or (text.isdigit() and int(text) == a.id)]
        if not found:
            raise NotFound(f"找不到活动项目“{text}”")
    return found


def _one(matches: list[tuple[Activity, int]], kind: str, ref: str) -> tuple[Activity, int]:
    if not matches:
        raise NotFound(f"找不到{kind}“{ref}”")
    if len(matches) > 1:
        where = "、".join(f"“{a.name}”（编号{a.id}）" for a, _ in matches[:5])
        raise UserError(f"有{len(matches)}个{kind}叫“{ref}”，分别在{where}：请用 --activity 指定")
    return matches[0]


def _matches(rows: list[tuple[int, str, int]], ref: str) -> list[tuple[int, int]]:
    """(activity id, id) of the rows whose id or name is `ref`."""
    text = ref.strip()
    by_id = [(act, i) for i, name, act in rows if text.isdigit() and int(text) == i]
    return by_id or [(act, i) for i, name, act in rows if name == text]


# A table's id, name and activity id columns: (Group.id, Group.name, Group.activity_id).
_Columns = tuple[InstrumentedAttribute[int], InstrumentedAttribute[str], InstrumentedAttribute[int]]


def _find(
    session: Session,
    activities: dict[int, Activity],
    columns: _Columns,
    kind: str,
    ref: str,
) -> tuple[Activity, int]:
    """The one group or vehicle of these activities whose id or name (or label) is `ref`."""
    key, name, activity_id = columns
    query = select(key, name, activity_id).where(activity_id.in_(list(activities)))
    rows = [(i, n, a) for i, n, a in session.execute(query)]
    hits = [(activities[a], i) for a, i in _matches(rows, ref)]
    return _one(hits, kind, ref)


def _choose(session: Session, args: argparse.Namespace) -> tuple[Activity, int | None, int | None]:
    activities = {a.id: a for a in _activities(session, args)}
    if args.group:
        group_columns = (Group.id, Group.name, Group.activity_id)
        activity, group_id = _find(session, activities, group_columns, "分组", args.group)
        return activity, group_id, None
    if args.vehicle:
        vehicle_columns = (Vehicle.id, Vehicle.label, Vehicle.activity_id)
        activity, vehicle_id = _find(session, activities, vehicle_columns, "车辆", args.vehicle)
        return activity, None, vehicle_id
    if len(activities) != 1:
        raise UserError("请用 --group、--vehicle 或 --activity 指定要打印的名单")
    return next(iter(activities.values())), None, None


def run_roster(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reading() as session:
        activity, group_id, vehicle_id = _choose(session, args)
        try:
            sheets = rosters.roster_sheets(
                session, activity, group_id=group_id, vehicle_id=vehicle_id
            )
        except rosters.NothingSeated as err:
            # Nothing to print yet, which is not bad usage: exit 1.
            if args.json:
                print_json({"error": str(err)})
            print(f"错误：{err}", file=sys.stderr)
            return 1
    pages = rosters.write_pdf(sheets, args.pdf)
    if args.json:
        print_json(
            {
                "pdf": str(args.pdf),
                "pages": pages,
                "sheets": [
                    {"vehicle": s.vehicle, "group": s.group, "people": len(s.lines)} for s in sheets
                ],
            }
        )
    else:
        what = "，".join(
            f"{s.vehicle}{(' ' + s.group) if s.group else ''} {len(s.lines)}人" for s in sheets
        )
        print(f"已生成带队名单 {args.pdf}：{pages}页（{what}）")
    return 0
