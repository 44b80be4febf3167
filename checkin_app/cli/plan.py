"""`checkin plan` (seats, groups, the site timetable); `checkin vehicle|group add|edit|remove`."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from checkin_app import logistics, rotation
from checkin_app.cli.common import (
    add_db_option,
    add_json_option,
    count,
    count_or_unlimited,
    open_db,
    pad,
    print_json,
)
from checkin_app.errors import UserError
from checkin_app.events import find_activity, find_event, resolve_activity


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

    _register_vehicle(subparsers)
    _register_group(subparsers)


def _activity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    parser.add_argument("--activity", required=True, help="活动项目编号或名称")


def _finish(parser: argparse.ArgumentParser, func: Callable[[argparse.Namespace], int]) -> None:
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=func)


def _vehicle_options(parser: argparse.ArgumentParser, adding: bool) -> None:
    def option(*names: str, default: object = "", **kwargs: Any) -> None:
        parser.add_argument(*names, default=default if adding else argparse.SUPPRESS, **kwargs)

    option("--plate", help="车牌")
    option("--rows", type=count, default=logistics.COACH_ROWS, help="排数（不含最后一排）")
    option("--seats-per-row", type=count, default=logistics.COACH_SEATS_PER_ROW)
    option("--aisle-after", type=count, default=logistics.COACH_AISLE_AFTER)
    option("--back-row", type=count, default=logistics.COACH_BACK_ROW, help="最后一排座位数")
    option("--reserved", default=logistics.COACH_RESERVED, help="工作人员座位，如 1A,1B")
    for name in ("driver", "driver-phone", "leader", "leader-phone"):
        option(f"--{name}")


def _register_vehicle(subparsers: Any) -> None:
    vehicle = subparsers.add_parser("vehicle", help="车辆")
    vsub = vehicle.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = vsub.add_parser("add", help="添加车辆")
    _activity_options(add)
    add.add_argument("--label", required=True, help="车辆名称，如 1号车")
    _vehicle_options(add, adding=True)
    _finish(add, run_vehicle_add)
    edit = vsub.add_parser("edit", help="修改车辆（只改给出的项；已坐人的座位不能去掉）")
    _activity_options(edit)
    edit.add_argument("--vehicle", required=True, help="车辆编号或名称")
    edit.add_argument("--label", default=argparse.SUPPRESS, help="新的车辆名称")
    _vehicle_options(edit, adding=False)
    _finish(edit, run_vehicle_edit)
    remove = vsub.add_parser("remove", help="删除车辆（车上已安排座位时须加 --unseat）")
    _activity_options(remove)
    remove.add_argument("--vehicle", required=True, help="车辆编号或名称")
    remove.add_argument(
        "--unseat",
        action="store_true",
        help="同时释放车上已安排的座位（已上车的人不能释放），之后请重新运行 checkin plan",
    )
    _finish(remove, run_vehicle_remove)


def _register_group(subparsers: Any) -> None:
    group = subparsers.add_parser("group", help="分组")
    gsub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    gadd = gsub.add_parser("add", help="添加分组")
    _activity_options(gadd)
    gadd.add_argument("--name", required=True)
    gadd.add_argument("--vehicle", default="", help="车辆名称（不填则不指定）")
    gadd.add_argument("--leader", default="")
    gadd.add_argument("--leader-phone", default="")
    gadd.add_argument(
        "--max", "--size-limit", dest="size_limit", type=count, help="人数上限（不填则不限）"
    )
    _finish(gadd, run_group_add)
    edit = gsub.add_parser("edit", help="修改分组（只改给出的项；重新排座后生效）")
    _activity_options(edit)
    edit.add_argument("--group", required=True, help="分组编号或名称")
    for name in ("--name", "--leader", "--leader-phone"):
        edit.add_argument(name, default=argparse.SUPPRESS)
    edit.add_argument(
        "--vehicle", default=argparse.SUPPRESS, help="车辆编号或名称（写 none 则不指定车辆）"
    )
    edit.add_argument(
        "--max",
        "--size-limit",
        dest="size_limit",
        type=count_or_unlimited,
        default=argparse.SUPPRESS,
        help="人数上限（写 不限 或 none 取消上限）",
    )
    _finish(edit, run_group_edit)
    remove = gsub.add_parser("remove", help="删除分组（已有上车或点名记录的不能删除）")
    _activity_options(remove)
    remove.add_argument("--group", required=True, help="分组编号或名称")
    _finish(remove, run_group_remove)


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
                        "people": v.people,
                        "part": v.part,
                        "parts": v.parts,
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
            print(f"  {pad(visit.who, 20)}{start}–{end}  {visit.site}")
    if plan.constraints:
        print("\n" + "  ".join(f"{c.name} {c.met}/{c.total}" for c in plan.constraints))
    for w in warnings:
        print(f"注意：{w}")


def _done(args: argparse.Namespace, shown: dict[str, object], text: str, changed: bool) -> int:
    if args.json:
        print_json(shown)
    else:
        print(text)
    return 0 if changed else 1


def _vehicle_text(v: logistics.VehicleDetails) -> str:
    return f"车辆“{v.label}”（编号{v.id}），参加人可用座位{v.seats}个，已坐{v.occupied}人"


def run_vehicle_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
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
        details = logistics.vehicle_details(session, vehicle.id)
    shown = dataclasses.asdict(details)
    return _done(args, shown, f"已添加{_vehicle_text(details)}", True)


_VEHICLE_OPTIONS = {"back_row": "back_row_seats"}  # option dest -> field, where they differ


def run_vehicle_edit(args: argparse.Namespace) -> int:
    fields = {
        _VEHICLE_OPTIONS.get(k, k): v
        for k, v in vars(args).items()
        if _VEHICLE_OPTIONS.get(k, k) in logistics.VEHICLE_FIELDS
    }
    with open_db(args).transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        vehicle = logistics.find_vehicle(session, activity, args.vehicle)
        details = logistics.update_vehicle(session, vehicle.id, **fields)
    text = f"已修改{_vehicle_text(details)}" if fields else "没有给出要修改的内容"
    return _done(args, dataclasses.asdict(details), text, bool(fields))


def run_vehicle_remove(args: argparse.Namespace) -> int:
    with open_db(args).transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        vehicle = logistics.find_vehicle(session, activity, args.vehicle)
        try:
            removed = logistics.remove_vehicle(session, vehicle.id, unseat=args.unseat)
        except logistics.VehicleInUse as err:
            raise UserError(f"{err}；命令行加 --unseat 即释放座位并删除") from None
    v = removed.vehicle
    shown = dataclasses.asdict(v) | {
        "removed": True,
        "unseated": list(removed.unseated),
        "groups_without_vehicle": list(removed.groups),
    }
    lines = [f"已删除车辆“{v.label}”（编号{v.id}）"]
    if removed.unseated:
        lines.append(f"释放了{len(removed.unseated)}人的座位：请重新运行 checkin plan 为他们排座")
    if removed.groups:
        lines.append(
            f"分组{'、'.join(f'“{g}”' for g in removed.groups)}不再指定车辆："
            "请用 checkin group edit --vehicle 指定车辆或删除"
        )
    return _done(args, shown, "\n".join(lines), True)


def _group_text(g: logistics.GroupView) -> str:
    on = f"，车辆“{g.vehicle}”" if g.vehicle else "，未指定车辆"
    limit = f"，人数上限{g.size_limit}" if g.size_limit else ""
    return f"分组“{g.name}”（编号{g.id}）{on}，现有{g.size}人{limit}"


def _group_notes(g: logistics.GroupView, moved: bool) -> list[str]:
    """What an edit leaves for the next plan: seats and groups change only when planned."""
    notes = []
    if g.size_limit is not None and g.size > g.size_limit:
        notes.append(
            f"注意：该组现有{g.size}人，超过上限{g.size_limit}人：重新运行 checkin plan 后生效"
        )
    if moved and g.size:
        notes.append(
            f"注意：该组现有{g.size}人仍坐在原来的车上：重新运行 checkin plan 后按新的车辆分组排座"
        )
    return notes


def run_group_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        vehicle = None
        if args.vehicle:
            vehicle = logistics.find_vehicle(session, activity, args.vehicle)
        group = logistics.add_group(
            session,
            activity,
            args.name,
            vehicle=vehicle,
            leader=args.leader,
            leader_phone=args.leader_phone,
            size_limit=args.size_limit,
        )
        view = logistics.group_view(session, group.id)
    return _done(args, dataclasses.asdict(view), f"已添加{_group_text(view)}", True)


def run_group_edit(args: argparse.Namespace) -> int:
    fields = {k: v for k, v in vars(args).items() if k in logistics.GROUP_FIELDS}
    with open_db(args).transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        group = logistics.find_group(session, activity, args.group)
        if hasattr(args, "vehicle"):
            unset = args.vehicle.strip().lower() in {"", "none", "无"}
            found = None if unset else logistics.find_vehicle(session, activity, args.vehicle)
            fields["vehicle_id"] = found.id if found else None
        view = logistics.update_group(session, group.id, **fields)
    text = f"已修改{_group_text(view)}" if fields else "没有给出要修改的内容"
    return _done(
        args,
        dataclasses.asdict(view),
        "\n".join([text, *_group_notes(view, "vehicle_id" in fields)]),
        bool(fields),
    )


def run_group_remove(args: argparse.Namespace) -> int:
    with open_db(args).transaction() as session:
        activity = resolve_activity(session, args.activity, args.event)
        group = logistics.find_group(session, activity, args.group)
        view = logistics.remove_group(session, group.id)
    lines = [f"已删除分组“{view.name}”（编号{view.id}）"]
    if view.size:
        lines.append(f"原在该组的{view.size}人暂无分组：请重新运行 checkin plan")
    return _done(args, dataclasses.asdict(view) | {"removed": True}, "\n".join(lines), True)
