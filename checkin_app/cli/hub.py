"""`checkin hub`: the office database a station syncs with live, its queue, and one sync now;
at the office, merging what stations pushed and `checkin hub station-role` for their accounts."""

from __future__ import annotations

import argparse
from typing import Any

import sqlalchemy.exc

from checkin_app import checkin, hub
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.events import find_event


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hub", help="站点与办公室数据库的实时同步：设置地址、查看待上传数量、立即同步"
    )
    parser.add_argument(
        "--url",
        help="办公室 PostgreSQL 地址（postgresql://用户@主机:端口/数据库）；空字符串表示停用",
    )
    parser.add_argument(
        "--sync",
        action="store_true",
        help="立即同步一次（站点：上传本站、下载他站；办公室：合并各站点上传的记录）",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)
    commands = parser.add_subparsers(dest="hub_command")
    role = commands.add_parser(
        "station-role", help="办公室：为站点重新建立（或 --drop 删除）实时同步登录账户"
    )
    role.add_argument("--event", required=True, help="活动编号或完整名称")
    role.add_argument("--station", required=True, help="站点名称，例如“东门”")
    role.add_argument(
        "--hub-url", help="站点访问办公室 PostgreSQL 的地址（postgresql://主机:端口/数据库）"
    )
    role.add_argument("--drop", action="store_true", help="删除该站点的账户（站点将无法再连接）")
    add_db_option(role)
    add_json_option(role)
    role.set_defaults(func=run_station_role)


def run_station_role(args: argparse.Namespace) -> int:
    database = open_db(args)
    with database.transaction() as session:
        event = find_event(session, args.event)
        if args.drop:
            dropped = hub.drop_station_role(session, event.id, args.station)
            url = None
        elif not (args.hub_url or "").strip():
            raise UserError("请用 --hub-url 给出站点访问办公室数据库的地址，或用 --drop 删除账户")
        else:
            url = hub.station_role(session, event.id, args.station, args.hub_url)
            dropped = False
    if args.json:
        print_json({"station": args.station, "url": url, "dropped": dropped})
    elif args.drop:
        print(f"站点“{args.station}”的实时同步账户{'已删除' if dropped else '本来就没有'}")
    else:
        print(f"已为站点“{args.station}”建立新的实时同步账户（原密码已失效）")
        print(f"在站点电脑上运行：checkin hub --url '{url}'")
        print("此地址含站点账户密码，请当面或当作站点包一样转交")
    return 0


def _state(database: Database) -> dict[str, Any]:
    with database.reading() as session:
        url = hub.hub_url(session)
        station = checkin.station_name(session)
        return {
            "url": hub.shown_url(url) if url else None,
            "station": station,
            "queued": hub.queued(session, station) if station else 0,
            "pushed_seq": hub.pushed_seq(session),
            "pulled_id": hub.pulled_id(session),
        }


def _print(state: dict[str, Any]) -> None:
    print(f"办公室数据库：{state['url'] or '未设置（仅离线工作）'}")
    print(f"本站：{state['station'] or '（不是签到站点）'}")
    print(f"待上传：{state['queued']} 条")


def run(args: argparse.Namespace) -> int:
    database = open_db(args)
    if args.url is not None:
        with database.transaction() as session:
            hub.set_hub_url(session, args.url)
    result: dict[str, Any] = {}
    code = 0
    if args.sync and _is_office(database):
        result = _ingest(database)
    elif args.sync:
        engine = hub.Hub(database)
        try:
            done = engine.sync_once()
        except UserError:
            raise
        except (sqlalchemy.exc.DBAPIError, OSError) as err:
            # Unreachable, or the server said no: the queue stays for the next try. Any other
            # exception is a fault of ours and must not pass for "offline" (exit 3, logged).
            result = {"online": False, "error": hub.failure_reason(err)}
            code = 1
        else:
            result = {"online": True, "pushed": done.pushed, "pulled": done.pulled}
        finally:
            engine.close()
    state = {**_state(database), **result}
    if args.json:
        print_json(state)
        return code
    _print(state)
    if "ingested" in state:
        print(f"已合并站点上传的 {state['ingested']} 批记录：新增 {state['merged']} 条")
        for refused in state["refused"]:
            print(f"拒收：{refused['file']}：{refused['reason']}")
    elif args.sync and code == 0:
        print(f"已同步：上传 {state['pushed']} 条，下载 {state['pulled']} 条")
    elif args.sync:
        print(f"未能同步：{state['error']}；记录保留在本站，下次再传")
    return code


def _is_office(database: Database) -> bool:
    with database.reading() as session:
        return checkin.station_name(session) is None


def _ingest(database: Database) -> dict[str, Any]:
    """The office's `--sync`: merge what the stations pushed, with a bundle's checks."""
    done = hub.ingest(database)
    return {
        "online": True,
        "ingested": done.batches,
        "merged": done.merged,
        "already_had": done.already_had,
        "refused": [{"file": r.file, "reason": r.reason} for r in done.refused],
    }
