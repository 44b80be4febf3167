"""`checkin plan` (seats, groups and the site timetable) and `checkin vehicle/group add`."""

from __future__ import annotations

import argparse
from typing import Any

from checkin_app import logistics, rotation
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.errors import UserError
from checkin_app.events import find_activity, find_event


def _ids(text: str) -> set[int]:
    try:
        return {int(x) for x in text.replace("，", ",").split(",") if x.strip()}
    except ValueError:
        raise UserError(f"编号列表“{text}”格式不对，应为逗号分隔的数字，例如 3,5,8") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("plan", help="安排车辆座位、分组和观摩时间表")
    parser.add_argument("--event", required=True, help="活动编号或完整名称")
    parser.add_argument("--activity", required=True, help="活动项目编号或完整名称")
    parser.add_argument("--keep-work-units", action="store_true", help="同一工作单位尽量同车")
    parser.add_argument(
        "--arrived", type=_ids, help="签到结束后重排：已到场的报名人编号（逗号分隔）"
    )
    parser.add_argument("--boarded", type=_ids, default=set(), help="已上车的编号：不会被移动")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_plan)

    vehicle = subparsers.add_parser("vehicle", help="车辆")
    vsub = vehicle.add_subparsers(dest="action", required=True)
    add = vsub.add_parser("add", help="添加车辆")
    add.add_argument("--event", required=True)
    add.add_argument("--activity", required=True)
    add.add_argument("--label", required=True, help="车辆名称，如 1号车")
    add.add_argument("--plate", default="", help="车牌")
    add.add_argument("--rows", type=int, default=logistics.COACH_ROWS, help="排数（不含最后一排）")
    add.add_argument("--seats-per-row", type=int, default=logistics.COACH_SEATS_PER_ROW)
    add.add_argument("--aisle-after", type=int, default=logistics.COACH_AISLE_AFTER)
    add.add_argument(
        "--back-row", type=int, default=logistics.COACH_BACK_ROW, help="最后一排座位数"
    )
    add.add_argument("--reserved", default=logistics.COACH_RESERVED, help="工作人员座位，如 1A,1B")
    for name in ("driver", "driver-phone", "leader", "leader-phone"):
        add.add_argument(f"--{name}", default="")
    add_db_option(add)
    add.set_defaults(func=run_vehicle_add)

    group = subparsers.add_parser("group", help="分组")
    gsub = group.add_subparsers(dest="action", required=True)
    gadd = gsub.add_parser("add", help="添加分组")
    gadd.add_argument("--event", required=True)
    gadd.add_argument("--activity", required=True)
    gadd.add_argument("--name", required=True)
    gadd.add_argument("--vehicle", default="", help="车辆名称（不填则不指定）")
    gadd.add_argument("--leader", default="")
    gadd.add_argument("--leader-phone", default="")
    gadd.add_argument("--size-limit", type=int)
    add_db_option(gadd)
    gadd.set_defaults(func=run_group_add)


def run_plan(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        activity = find_activity(session, find_event(session, args.event), args.activity)
        planned = logistics.plan_activity(
            session,
            activity,
            keep_work_units=args.keep_work_units,
            arrived=args.arrived,
            boarded_too=args.boarded,
        )
    plan, visits, warnings = planned.plan, planned.visits, list(planned.warnings)
    if args.json:
        print_json(
            {
                "seats": [
                    {
                        "participant": s.participant_id,
                        "name": s.name,
                        "vehicle": s.vehicle,
                        "seat": s.seat,
                        "group": s.group,
                    }
                    for s in plan.seats
                ],
                "timetable": [
                    {
                        "group": v.group,
                        "site": v.site,
                        "start": v.start.strftime("%H:%M"),
                        "end": v.end.strftime("%H:%M"),
                    }
                    for v in visits
                ],
                "warnings": warnings,
            }
        )
    else:
        _print_plan(plan, visits, warnings)
    return 0 if plan.seats else 1


def _print_plan(
    plan: logistics.Plan, visits: tuple[rotation.Visit, ...], warnings: list[str]
) -> None:
    used = [v for v in plan.vehicles if v.occupied]
    print(f"共安排{len(plan.seats)}人，{len(used)}辆车，{len(plan.groups)}个分组")
    for v in plan.vehicles:
        plate = f"（{v.plate}）" if v.plate else ""
        print(f"\n{v.label}{plate}  可用座位{v.seats}  已坐{v.occupied}")
        for g in plan.groups:
            if g.vehicle == v.label:
                leader = f"  领队 {g.leader} {g.leader_phone}".rstrip() if g.leader else ""
                limit = f"/{g.size_limit}" if g.size_limit else ""
                print(f"  {g.name}：{g.size}{limit}人{leader}")
        for s in plan.seats:
            if s.vehicle == v.label:
                mark = " [手动]" if s.locked else ""
                needs = f"  ({s.needs})" if s.needs else ""
                print(f"    {s.seat:<4}{s.name:<6}{s.group}{mark}{needs}")
    if visits:
        print("\n观摩时间表")
        for visit in visits:
            start, end = visit.start.strftime("%H:%M"), visit.end.strftime("%H:%M")
            print(f"  {visit.group:<6}{start}–{end}  {visit.site}")
    if plan.constraints:
        print("\n" + "  ".join(f"{c.name} {c.met}/{c.total}" for c in plan.constraints))
    for w in warnings:
        print(f"注意：{w}")


def run_vehicle_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        activity = find_activity(session, find_event(session, args.event), args.activity)
        vehicle = logistics.add_vehicle(
            session,
            activity,
            args.label,
            rows=args.rows,
            seats_per_row=args.seats_per_row,
            aisle_after=args.aisle_after,
            back_row_seats=args.back_row,
            reserved=args.reserved,
            plate=args.plate,
            driver=args.driver,
            driver_phone=args.driver_phone,
            leader=args.leader,
            leader_phone=args.leader_phone,
        )
        seats = len(logistics.usable_seats(vehicle))
        print(f"已添加车辆“{vehicle.label}”（编号{vehicle.id}），参加人可用座位{seats}个")
    return 0


def run_group_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        activity = find_activity(session, find_event(session, args.event), args.activity)
        vehicle = None
        if args.vehicle:
            vehicles = {v.label: v for v in logistics.activity_vehicles(session, activity)}
            vehicle = vehicles.get(args.vehicle.strip())
            if vehicle is None:
                raise UserError(f"“{activity.name}”没有名为“{args.vehicle}”的车辆")
        group = logistics.add_group(
            session,
            activity,
            args.name,
            vehicle=vehicle,
            leader=args.leader,
            leader_phone=args.leader_phone,
            size_limit=args.size_limit,
        )
        print(f"已添加分组“{group.name}”（编号{group.id}）")
    return 0
