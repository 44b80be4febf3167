"""What the desk and leader commands share: naming the person, the desk acting, and one verdict
JSON shape (that of `checkin scan`, plus `stop` and `call` for the leaders' ticks)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checkin_app.cli.common import actor, add_db_option, add_json_option, print_json
from checkin_app.db import Database
from checkin_app.errors import Refused, UserError

if TYPE_CHECKING:  # the desk's module loads pypinyin: imported when a command runs
    from sqlalchemy.orm import Session

    from checkin_app import checkin

REFUSED = "refused"  # the verdict printed when the core refuses (exit 1, nothing recorded)


def add_station_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--station", help="签到点名称（默认：站点数据库中的名称，办公室为其签到台的名称）"
    )
    parser.add_argument("--operator", default="", help="操作人（默认：当前系统用户）")
    add_db_option(parser)
    add_json_option(parser)


def add_person_options(parser: argparse.ArgumentParser) -> None:
    """The person: what a desk would scan or type, or the participant id (`--participant`)."""
    parser.add_argument(
        "code", nargs="?", metavar="CODE_OR_ID", help="二维码内容、手工码或身份证号码"
    )
    parser.add_argument("--participant", type=int, metavar="ID", help="报名人编号（代替上项）")


def operator(args: argparse.Namespace) -> str:
    return str(args.operator) or actor(argparse.Namespace())


def desk_for(session: Session, args: argparse.Namespace) -> checkin.Desk:
    """The desk acting: `--activity` (and `--event`) at the station `scan` would record under,
    checked now so that a wrong name fails before a PIN is asked for or counted."""
    from checkin_app import checkin
    from checkin_app.cli.scan import _station
    from checkin_app.events import resolve_activity

    activity = resolve_activity(session, args.activity, args.event)
    desk = checkin.Desk(activity.id, _station(session, args.station), operator(args))
    checkin.check_desk(session, desk)
    return desk


def person_of(session: Session, desk: checkin.Desk, args: argparse.Namespace) -> int:
    """The participant named by CODE_OR_ID or `--participant`; UserError when nobody is."""
    from checkin_app import checkin

    if (args.code is None) == (args.participant is None):
        raise UserError(
            "请给出二维码内容、手工码或身份证号码，或用 --participant 给出报名人编号（二者选一）"
        )
    found = checkin.identify(session, desk, args.code, participant_id=args.participant)
    if found.participant_id is None:
        raise UserError(f"找不到此人：{found.detail}")
    return found.participant_id


@dataclass(frozen=True)
class ParticipantRef:
    id: int
    name: str
    masked_id: str
    category: str


@dataclass(frozen=True)
class CallCounts:
    """The roll call at the stop after the action: who is expected, who is ticked present."""

    expected: int
    present: int
    missing: tuple[int, ...]  # participant ids, in seat order


@dataclass(frozen=True)
class LeaderVerdict:
    """`checkin scan`'s keys (checked_in_at stays null) plus the stop and its roll call."""

    verdict: str
    participant: ParticipantRef | None
    bus: str | None
    seat: str | None
    group: str | None
    headline: str
    detail: str
    checked_in_at: None
    station: str | None
    uid: str | None
    stop: str | None
    call: CallCounts | None


def participant_ref(session: Session, participant_id: int) -> ParticipantRef | None:
    """The person as `checkin scan` prints them: name, masked document, category."""
    from checkin_app.idcard import mask_stored
    from checkin_app.models import Participant

    p = session.get(Participant, participant_id)
    if p is None:
        return None
    masked = mask_stored(p.doc_type, p.doc_prefix, p.doc_last4) if p.doc_last4 else ""
    return ParticipantRef(p.id, p.name, masked, p.category)


def refusal(message: str, participant: ParticipantRef | None = None) -> LeaderVerdict:
    return LeaderVerdict(
        REFUSED, participant, None, None, None, "未办理", message, None, None, None, None, None
    )


def print_refusal(
    args: argparse.Namespace, message: str, participant: ParticipantRef | None = None
) -> int:
    """A refusal as `checkin` reports one (`未执行：` on stderr), with --json as a verdict."""
    if args.json:
        print_json(refusal(message, participant))
    print(f"未执行：{message}", file=sys.stderr)
    return 1


def act(
    args: argparse.Namespace,
    db: Database,
    action: Callable[[Session], checkin.ScanResult],
    participant: ParticipantRef | None = None,
) -> int:
    """Run a desk action in one transaction and print its verdict once it has committed:
    0 admitted or undone, 1 refused by the state of things (nothing recorded)."""
    from checkin_app import checkin
    from checkin_app.cli.scan import _print

    try:
        with db.transaction() as session:
            result = action(session)
    except Refused as why:
        return print_refusal(args, str(why), participant)
    if args.json:
        print_json(result.to_json())
    else:
        _print(result)
    return 0 if result.verdict in (checkin.Verdict.ADMITTED, checkin.Verdict.UNDONE) else 1
