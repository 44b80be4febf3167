"""`checkin event|activity|site|itinerary`: create and edit what a day is made of, by the same
rules as the office window's event editor (checkin_app.events)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from checkin_app import events
from checkin_app.cli.common import (
    add_db_option,
    add_json_option,
    count,
    count_or_unlimited,
    open_db,
    print_json,
)
from checkin_app.errors import UserError

_RANGE = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*[-–—~～至]\s*(\d{1,2})[:：](\d{2})\s*$")


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2025-09-24"
        ) from None


def time_range(text: str) -> tuple[dt.time, dt.time]:
    """`14:20-14:40` as two times; the order is checked with the rest of the day's clock."""
    m = _RANGE.match(text)
    try:
        if m is None:
            raise ValueError
        h1, m1, h2, m2 = (int(x) for x in m.groups())
        return dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"时间段“{text}”格式不对，应为 HH:MM-HH:MM，例如 14:20-14:40"
        ) from None


def _hhmm(t: dt.time | None) -> str | None:
    return t.strftime("%H:%M") if t else None


def event_json(e: events.EventDetails) -> dict[str, object]:
    return dataclasses.asdict(e)


def activity_json(a: events.ActivityDetails) -> dict[str, object]:
    shown = dataclasses.asdict(a)
    shown["date"] = a.date.isoformat()
    for key in ("signin_start", "signin_end", "discussion_start", "end_time"):
        shown[key] = _hhmm(getattr(a, key))
    return shown


def site_json(s: events.SiteDetails) -> dict[str, object]:
    return dataclasses.asdict(s)


# --- The parsers. Edit options default to "not given" so that only what was typed changes. ---


def _edit_option(parser: argparse.ArgumentParser, *names: str, **kwargs: Any) -> None:
    parser.add_argument(*names, default=argparse.SUPPRESS, **kwargs)


def _finish(parser: argparse.ArgumentParser, func: Callable[[argparse.Namespace], int]) -> None:
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=func)


def _register_event(subparsers: Any) -> None:
    event = subparsers.add_parser("event", help="新建或修改活动")
    sub = event.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="新建活动")
    add.add_argument("name", metavar="NAME", help="活动名称，如 固原市城市管理局2025年政府开放日")
    add.add_argument("--organizer", default="", help="主办单位")
    add.add_argument("--min-age", type=count, help="最低年龄（默认18）")
    _finish(add, run_event_add)
    edit = sub.add_parser("edit", help="修改活动")
    edit.add_argument("event", metavar="EVENT", help="活动编号或完整名称")
    _edit_option(edit, "--name", help="新名称")
    _edit_option(edit, "--organizer", dest="organiser", help="主办单位")
    _edit_option(edit, "--min-age", type=count, help="最低年龄")
    _finish(edit, run_event_edit)


def _activity_options(parser: argparse.ArgumentParser, adding: bool) -> None:
    option = parser.add_argument if adding else lambda *n, **k: _edit_option(parser, *n, **k)
    option("--sign-in", type=time_range, help="签到时间，如 14:20-14:40")
    option("--assembly", dest="assembly_point", help="集合地点")
    option("--discussion", type=time_range, help="座谈时间（开始-结束），如 17:00-18:00")
    option("--host-unit", help="承办单位")
    option("--responsible", dest="responsible_person", help="负责人")
    option("--phone", dest="contact_phone", help="联系电话")
    option("--description", help="活动内容")


def _register_activity(subparsers: Any) -> None:
    activity = subparsers.add_parser("activity", help="新建、修改或删除活动项目")
    sub = activity.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="新建活动项目")
    add.add_argument("--event", required=True, help="活动编号或完整名称")
    add.add_argument("--name", required=True, help="项目名称，如 城市管理开放日")
    add.add_argument("--date", required=True, type=day, help="日期 YYYY-MM-DD")
    add.add_argument("--capacity", required=True, type=count, help="名额")
    _activity_options(add, adding=True)
    _finish(add, run_activity_add)
    edit = sub.add_parser("edit", help="修改活动项目（只改给出的项）")
    edit.add_argument("--activity", required=True, help="项目编号或名称")
    edit.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    _edit_option(edit, "--name", help="新名称")
    _edit_option(edit, "--date", type=day, help="日期 YYYY-MM-DD")
    _edit_option(edit, "--capacity", type=count, help="名额（不能少于已确认人数）")
    _activity_options(edit, adding=False)
    _finish(edit, run_activity_edit)
    remove = sub.add_parser("remove", help="删除还没有人报名的活动项目")
    remove.add_argument("--activity", required=True, help="项目编号或名称")
    remove.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    _finish(remove, run_activity_remove)


def _site_options(parser: argparse.ArgumentParser, adding: bool) -> None:
    option = parser.add_argument if adding else lambda *n, **k: _edit_option(parser, *n, **k)
    option(
        "--capacity",
        dest="capacity_at_once",
        type=count_or_unlimited,
        help="一次可进入的人数（不限：不填或写 不限）",
    )
    option("--address", help="地址")
    option("--responsible-unit", help="责任单位")
    option("--safety", dest="safety_notes", help="安全须知")


def _register_site(subparsers: Any) -> None:
    site = subparsers.add_parser("site", help="新建、修改或删除观摩点")
    sub = site.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="新建观摩点")
    add.add_argument("--event", required=True, help="活动编号或完整名称")
    add.add_argument("--name", required=True, help="观摩点名称")
    add.add_argument(
        "--minutes", dest="planned_minutes", required=True, type=count, help="参观时长（分钟）"
    )
    _site_options(add, adding=True)
    _finish(add, run_site_add)
    edit = sub.add_parser("edit", help="修改观摩点（只改给出的项）")
    edit.add_argument("--event", required=True, help="活动编号或完整名称")
    edit.add_argument("--site", required=True, help="观摩点编号或名称")
    _edit_option(edit, "--name", help="新名称")
    _edit_option(edit, "--minutes", dest="planned_minutes", type=count, help="参观时长（分钟）")
    _site_options(edit, adding=False)
    _finish(edit, run_site_edit)
    remove = sub.add_parser("remove", help="删除不在任何行程中的观摩点")
    remove.add_argument("--event", required=True, help="活动编号或完整名称")
    remove.add_argument("--site", required=True, help="观摩点编号或名称")
    _finish(remove, run_site_remove)


def _register_itinerary(subparsers: Any) -> None:
    itinerary = subparsers.add_parser("itinerary", help="活动项目的行程（观摩点及车程）")
    sub = itinerary.add_subparsers(dest="action", required=True, metavar="ACTION")
    put = sub.add_parser("set", help="按顺序设置行程，替换原有行程")
    put.add_argument("--activity", required=True, help="项目编号或名称")
    put.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    put.add_argument(
        "stops",
        nargs="+",
        metavar="SITE:MINUTES",
        help="观摩点（编号或名称）及从上一站（第一站：集合点）过来的车程分钟数，如 广场:10",
    )
    _finish(put, run_itinerary_set)


def register(subparsers: Any) -> None:
    _register_event(subparsers)
    _register_activity(subparsers)
    _register_site(subparsers)
    _register_itinerary(subparsers)


# --- Running them. ---


def _given(args: argparse.Namespace, names: set[str] | frozenset[str]) -> dict[str, object]:
    """The edit options that were typed (the others are absent from `args`)."""
    return {k: v for k, v in vars(args).items() if k in names}


def _done(args: argparse.Namespace, shown: dict[str, object], text: str, changed: bool) -> int:
    if args.json:
        print_json(shown)
    else:
        print(text)
    return 0 if changed else 1


def run_event_add(args: argparse.Namespace) -> int:
    with open_db(args).transaction() as session:
        event = events.create_event(session, args.name, organiser=args.organizer.strip())
        details = events.update_event(session, event.id, min_age=args.min_age)
    return _done(args, event_json(details), f"已新建活动“{details.name}”（编号{details.id}）", True)


def run_event_edit(args: argparse.Namespace) -> int:
    fields = _given(args, {"name", "organiser", "min_age"})
    with open_db(args).transaction() as session:
        event = events.find_event(session, args.event)
        details = events.update_event(
            session,
            event.id,
            name=getattr(args, "name", None),
            organiser=getattr(args, "organiser", None),
            min_age=getattr(args, "min_age", None),
        )
    text = f"已修改活动“{details.name}”（编号{details.id}）" if fields else "没有给出要修改的内容"
    return _done(args, event_json(details), text, bool(fields))


def _clock_fields(args: argparse.Namespace) -> dict[str, object]:
    """--sign-in and --discussion as the activity's four times."""
    fields: dict[str, object] = {}
    if getattr(args, "sign_in", None) is not None:
        fields["signin_start"], fields["signin_end"] = args.sign_in
    if getattr(args, "discussion", None) is not None:
        fields["discussion_start"], fields["end_time"] = args.discussion
    return fields


_ACTIVITY_TEXT = {
    "assembly_point",
    "host_unit",
    "responsible_person",
    "contact_phone",
    "description",
}


def run_activity_add(args: argparse.Namespace) -> int:
    fields = _clock_fields(args)
    fields |= {k: str(v).strip() for k, v in vars(args).items() if k in _ACTIVITY_TEXT and v}
    with open_db(args).transaction() as session:
        event = events.find_event(session, args.event)
        activity = events.add_activity(
            session, event, args.name, args.date, args.capacity, **fields
        )
        details = events.activity_details(session, activity.id)
    text = (
        f"已在“{event.name}”中新建活动项目“{details.name}”（编号{details.id}），"
        f"名额{details.capacity}"
    )
    return _done(args, activity_json(details), text, True)


def run_activity_edit(args: argparse.Namespace) -> int:
    fields = _given(args, events.ACTIVITY_FIELDS) | _clock_fields(args)
    fields = {k: v.strip() if isinstance(v, str) and k != "name" else v for k, v in fields.items()}
    with open_db(args).transaction() as session:
        activity = events.resolve_activity(session, args.activity, args.event)
        details = events.update_activity(session, activity.id, **fields)
    text = (
        f"已修改活动项目“{details.name}”（编号{details.id}）" if fields else "没有给出要修改的内容"
    )
    return _done(args, activity_json(details), text, bool(fields))


def run_activity_remove(args: argparse.Namespace) -> int:
    with open_db(args).transaction() as session:
        activity = events.resolve_activity(session, args.activity, args.event)
        details = events.activity_details(session, activity.id)
        events.remove_activity(session, activity.id)
    shown = activity_json(details) | {"removed": True}
    return _done(args, shown, f"已删除活动项目“{details.name}”（编号{details.id}）", True)


def run_site_add(args: argparse.Namespace) -> int:
    fields = {"planned_minutes": args.planned_minutes, "capacity_at_once": args.capacity_at_once}
    for key in ("address", "responsible_unit", "safety_notes"):
        if getattr(args, key):
            fields[key] = getattr(args, key).strip()
    with open_db(args).transaction() as session:
        event = events.find_event(session, args.event)
        site = events.add_site(session, event, args.name, **fields)
        details = events.site_details(session, site.id)
    limit = f"，一次可进入{details.capacity_at_once}人" if details.capacity_at_once else ""
    text = (
        f"已在“{event.name}”中新建观摩点“{details.name}”（编号{details.id}），"
        f"参观{details.planned_minutes}分钟{limit}"
    )
    return _done(args, site_json(details), text, True)


def run_site_edit(args: argparse.Namespace) -> int:
    fields = _given(args, events.SITE_FIELDS)
    fields = {k: v.strip() if isinstance(v, str) and k != "name" else v for k, v in fields.items()}
    with open_db(args).transaction() as session:
        site = events.find_site(session, events.find_event(session, args.event), args.site)
        details = events.update_site(session, site.id, **fields)
    text = f"已修改观摩点“{details.name}”（编号{details.id}）" if fields else "没有给出要修改的内容"
    return _done(args, site_json(details), text, bool(fields))


def run_site_remove(args: argparse.Namespace) -> int:
    with open_db(args).transaction() as session:
        event = events.find_event(session, args.event)
        site = events.find_site(session, event, args.site)
        details = events.site_details(session, site.id)
        events.remove_site(session, site.id)
    shown = site_json(details) | {"removed": True}
    return _done(args, shown, f"已删除观摩点“{details.name}”（编号{details.id}）", True)


def _stop(text: str) -> tuple[str, int | None]:
    """`广场:10` as (site, minutes); `广场` or `广场:` leaves the minutes unknown."""
    site, colon, minutes = text.replace("：", ":").rpartition(":")
    if not colon:
        return text.strip(), None
    if not minutes.strip():
        return site.strip(), None
    try:
        return site.strip(), int(minutes)
    except ValueError:
        raise UserError(
            f"行程“{text}”格式不对，应为 观摩点:分钟数，例如 第一污水处理厂:15"
        ) from None


def run_itinerary_set(args: argparse.Namespace) -> int:
    stops = [_stop(text) for text in args.stops]
    with open_db(args).transaction() as session:
        activity = events.resolve_activity(session, args.activity, args.event)
        pairs = [(events.find_site(session, activity.event, ref).id, m) for ref, m in stops]
        found = events.set_itinerary_ids(session, activity.id, pairs)
        name = activity.name
        activity_id = activity.id
    shown = {
        "id": activity_id,
        "activity": name,
        "stops": [dataclasses.asdict(s) for s in found],
    }
    route = "集合点" + "".join(
        f" →{'' if s.travel_minutes is None else f'（{s.travel_minutes}分钟）'} {s.site_name}"
        for s in found
    )
    return _done(args, shown, f"“{name}”的行程：{route}", True)
