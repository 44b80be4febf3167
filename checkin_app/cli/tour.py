"""`checkin board`, `checkin roll-call`, `checkin depart`: a group leader's ticks and departures,
printing the verdict shape of `checkin scan` with the stop and its roll call."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from checkin_app.cli.common import open_db, print_json
from checkin_app.cli.verdicts import (
    CallCounts,
    LeaderVerdict,
    ParticipantRef,
    add_person_options,
    add_station_options,
    desk_for,
    participant_ref,
    person_of,
    print_refusal,
)
from checkin_app.errors import NotFound, Refused
from checkin_app.models import LogEvent, Site

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from checkin_app import checkin, leaders

UNCHANGED = "unchanged"  # the person already has this tick at this stop: nothing recorded


def _leader_parser(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--activity", required=True, help="活动项目（编号或名称）")
    parser.add_argument("--event", help="活动编号或完整名称（项目名称不唯一时须指明）")
    parser.add_argument("--group", required=True, help="分组（编号或名称）")
    add_station_options(parser)
    return parser


def register(subparsers: Any) -> None:
    board = _leader_parser(subparsers, "board", "带队：集合点上车点名（到或 --missing 未到）")
    add_person_options(board)
    board.add_argument("--missing", action="store_true", help="记为未到（默认：到）")
    board.set_defaults(func=run_board)

    call = _leader_parser(subparsers, "roll-call", "带队：观摩点离开前点名（到或 --missing 未到）")
    add_person_options(call)
    call.add_argument("--site", required=True, help="观摩点（编号或名称）")
    call.add_argument("--missing", action="store_true", help="记为未到（默认：到）")
    call.set_defaults(func=run_roll_call)

    depart = _leader_parser(subparsers, "depart", "带队：车辆离开集合点或观摩点")
    depart.add_argument(
        "--site", help="离开的观摩点（编号或名称；默认：该组当前所在处，出发前为集合点）"
    )
    depart.add_argument("--reason", default="", help="人数不齐仍离开的原因")
    depart.set_defaults(func=run_depart)


def _group_id(session: Session, activity_id: int, ref: str) -> int:
    from checkin_app import leaders

    text = ref.strip()
    groups = leaders.activity_groups(session, activity_id)
    for g in groups:
        if text in (str(g.id), g.name):
            return g.id
    names = "、".join(g.name for g in groups) or "无"
    raise NotFound(f"本活动项目中没有分组“{text}”（现有分组：{names}）")


def _site_id(session: Session, event_id: int, ref: str) -> int:
    """The event's site by id or name; whether it is on the itinerary is the core's to say."""
    text = ref.strip()
    sites = list(session.scalars(select(Site).where(Site.event_id == event_id)))
    for s in sites:
        if text in (str(s.id), s.name):
            return s.id
    raise NotFound(f"找不到观摩点“{text}”")


def _last_uid(session: Session, station: str) -> str | None:
    """The event just appended under `station`: its highest sequence number, in this
    transaction."""
    return session.scalar(
        select(LogEvent.uid).where(LogEvent.station == station).order_by(LogEvent.seq.desc())
    )


def _ref(session: Session, member: leaders.Member) -> ParticipantRef | None:
    return participant_ref(session, member.participant_id)


def _counts(call: leaders.StopCall) -> CallCounts:
    return CallCounts(call.expected, call.present, call.missing)


def _tick_verdict(
    session: Session,
    roster: leaders.GroupRoster,
    pid: int,
    desk: checkin.Desk,
    verdict: str,
    headline: str,
) -> LeaderVerdict:
    member = next(m for m in roster.members if m.participant_id == pid)
    uid = _last_uid(session, desk.station) if verdict != UNCHANGED else None
    return LeaderVerdict(
        verdict,
        _ref(session, member),
        member.vehicle or None,
        member.seat or None,
        roster.group,
        headline,
        f"{roster.call.stop.name}：应到{roster.call.expected}人，已点到{roster.call.present}人",
        None,
        desk.station,
        uid,
        roster.call.stop.name,
        _counts(roster.call),
    )


def _tick(args: argparse.Namespace, site_ref: str | None) -> int:
    from checkin_app import leaders

    present = not args.missing
    mark = leaders.PRESENT if present else leaders.MISSING
    db = open_db(args)
    with db.transaction() as session:
        desk = desk_for(session, args)
        group_id = _group_id(session, desk.activity_id, args.group)
        event_id = leaders.group_roster(session, group_id).event_id
        site = None if site_ref is None else _site_id(session, event_id, site_ref)
        before = leaders.group_roster(session, group_id, site)  # a site off the itinerary: 2
        pid = person_of(session, desk, args)
        member = next((m for m in before.members if m.participant_id == pid), None)
        if member is not None and member.tick == mark:
            # As in the leader's window: ticking again what the log already says adds nothing.
            shown = _tick_verdict(session, before, pid, desk, UNCHANGED, "已点过名，未重复记录")
        else:
            after = leaders.tick(
                session, group_id, pid, site, present=present, station=desk.station,
                operator=args.operator or None,
            )  # fmt: skip
            shown = _tick_verdict(
                session, after, pid, desk, _word(site, present), _headline(site, present)
            )
    _print(args, shown)
    return 1 if shown.verdict == UNCHANGED else 0


def _word(site: int | None, present: bool) -> str:
    if not present:
        return "missing"
    return "boarded" if site is None else "present"


def _headline(site: int | None, present: bool) -> str:
    if site is None:
        return "已上车" if present else "未上车"
    return "在场" if present else "未到"


def _print(args: argparse.Namespace, shown: LeaderVerdict) -> None:
    if args.json:
        print_json(shown)
        return
    print(shown.headline)
    if shown.participant:
        p = shown.participant
        print(f"{p.name}  {p.masked_id}  {p.category}  {shown.bus or ''} {shown.seat or ''}")
    print(shown.detail)


def run_board(args: argparse.Namespace) -> int:
    return _tick(args, None)


def run_roll_call(args: argparse.Namespace) -> int:
    return _tick(args, args.site)


def run_depart(args: argparse.Namespace) -> int:
    from checkin_app import leaders

    db = open_db(args)
    try:
        with db.transaction() as session:
            desk = desk_for(session, args)
            group_id = _group_id(session, desk.activity_id, args.group)
            now = leaders.group_roster(session, group_id)
            if args.site is None:
                site = now.call.stop.site_id
            else:
                site = _site_id(session, now.event_id, args.site)
                leaders.group_roster(session, group_id, site)  # a site off the itinerary: 2
            call = leaders.depart(
                session, group_id, site, reason=args.reason, station=desk.station,
                operator=args.operator or None,
            )  # fmt: skip
            uid = _last_uid(session, desk.station)
    except Refused as why:
        return print_refusal(args, str(why))
    detail = f"应到{call.expected}人，实到{call.present}人" + (
        f"；原因：{call.reason}" if call.reason else ""
    )
    shown = LeaderVerdict(
        "departed",
        None,
        now.vehicle or None,
        None,
        now.group,
        f"已离开{call.stop.name}",
        detail,
        None,
        desk.station,
        uid,
        call.stop.name,
        _counts(call),
    )
    _print(args, shown)
    return 0
