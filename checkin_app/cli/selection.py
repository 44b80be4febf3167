"""`checkin select` (balanced selection per activity) and `checkin status` (manual changes)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from checkin_app import selection
from checkin_app.cli.common import (
    actor,
    add_actor_option,
    add_db_option,
    add_json_option,
    open_db,
    pad,
    print_json,
)
from checkin_app.errors import NotFound, UserError
from checkin_app.events import find_event
from checkin_app.models import Status


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("select", help="按名额均衡选取：确认与候补")
    parser.add_argument("--event", required=True, help="活动编号或完整名称")
    add_actor_option(parser)
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run_select)

    status = subparsers.add_parser("status", help="手动更改报名人状态")
    status.add_argument("participant", type=int, help="报名人编号")
    status.add_argument(
        "action",
        choices=["confirm", "decline", "cancel", "waitlist", "explain"],
        help="确认、谢绝、取消、候补，或 explain 查看原因与记录",
    )
    status.add_argument("--reason", default="", help="原因")
    add_actor_option(status)
    status.add_argument("--override", action="store_true", help="超额确认（超过名额）")
    add_db_option(status)
    add_json_option(status)
    status.set_defaults(func=run_status)


def _counts(pairs: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return dict(pairs)


def run_select(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        event = find_event(session, args.event)
        report = selection.run_selection(session, event, actor=actor(args))
    changes = report.changes
    if args.json:
        print_json(
            {
                "activities": [
                    {
                        "id": a.id,
                        "name": a.name,
                        "capacity": a.capacity,
                        "confirmed": a.confirmed,
                        "waitlisted": a.waitlisted,
                        "by_category": _counts(a.confirmed_by_category),
                        "waitlisted_by_category": _counts(a.waitlisted_by_category),
                    }
                    for a in report.activities
                ],
                "changes": [
                    {
                        "participant": d.participant_id,
                        "name": d.name,
                        "old": d.old.value if d.old else None,
                        "new": d.new.value,
                        "reason": d.reason,
                    }
                    for d in changes
                ],
            }
        )
    else:
        print(f"{report.event_name}：本次变更 {len(changes)} 人")
        for a in report.activities:
            print(
                f"\n[{a.id}] {a.name}  名额 {a.capacity}  确认 {a.confirmed}  候补 {a.waitlisted}"
            )
            confirmed = _counts(a.confirmed_by_category)
            waiting = _counts(a.waitlisted_by_category)
            print(f"    {pad('类别', 12)}{pad('确认', 6)}候补")
            for category in sorted(set(confirmed) | set(waiting)):
                counts = f"{confirmed.get(category, 0):<6}{waiting.get(category, 0)}"
                print(f"    {pad(category, 12)}{counts}")
        if changes:
            print()
            for line in selection.describe(changes):
                print(line)
    return 0 if changes else 1


def run_status(args: argparse.Namespace) -> int:
    db = open_db(args)
    warnings: tuple[str, ...] = ()
    offer: selection.Offer | None = None
    try:
        with db.transaction() as session:
            pid = args.participant
            if args.action == "confirm":
                warnings = selection.confirm(
                    session, pid, actor=actor(args), reason=args.reason, override=args.override
                )
            elif args.action == "decline":
                selection.decline(session, pid, actor=actor(args), reason=args.reason)
            elif args.action == "explain":
                pass
            elif args.action == "waitlist":
                selection.waitlist(session, pid, actor=actor(args), reason=args.reason)
            else:
                offer = selection.cancel(session, pid, actor=actor(args), reason=args.reason)
            explanation = selection.explain(session, pid)
    except NotFound:
        raise
    except UserError as err:
        # A refused change (full activity, same status) is "done, all refused": exit 1.
        if args.json:
            print_json({"refused": str(err)})
        else:
            print(f"未更改：{err}", file=sys.stderr)
        return 1
    if args.json:
        print_json(
            {
                "participant": explanation.participant_id,
                "name": explanation.name,
                "status": explanation.status.value,
                "reason": explanation.decision,
                "history": [
                    {
                        "old": h.old.value if h.old else None,
                        "new": h.new.value,
                        "reason": h.reason,
                        "actor": h.actor,
                        "at": h.at.isoformat(),
                    }
                    for h in explanation.history
                ],
                "warnings": list(warnings),
                "offer": None
                if offer is None
                else {
                    "participant": offer.participant_id,
                    "name": offer.name,
                    "companions": list(offer.companions),
                    "free_seats": offer.free_seats,
                    "message": offer.message,
                },
            }
        )
    else:
        label = selection.STATUS_LABELS[Status(explanation.status)]
        print(f"[{explanation.participant_id}] {explanation.name}：{label}  {explanation.decision}")
        if args.action == "explain":
            for h in explanation.history:
                change = f"{selection.status_label(h.old)} → {selection.status_label(h.new)}"
                print(f"    {h.at:%Y-%m-%d %H:%M} UTC  {change}  {h.reason}  {h.actor}")
        for warning in warnings:
            print(f"注意：{warning}")
        if offer is not None:
            print(offer.message)
            print(f"  确认请运行：checkin status {offer.participant_id} confirm")
    return 0
