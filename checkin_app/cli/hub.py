"""`checkin hub`: the office database a station syncs with live, its queue, and one sync now."""

from __future__ import annotations

import argparse
from typing import Any

from checkin_app import checkin, hub
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.db import Database
from checkin_app.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "hub", help="站点与办公室数据库的实时同步：设置地址、查看待上传数量、立即同步"
    )
    parser.add_argument(
        "--url",
        help="办公室 PostgreSQL 地址（postgresql://用户@主机:端口/数据库）；空字符串表示停用",
    )
    parser.add_argument("--sync", action="store_true", help="立即同步一次（上传本站、下载他站）")
    add_db_option(parser)
    add_json_option(parser)
    parser.set_defaults(func=run)


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
    if args.sync:
        engine = hub.Hub(database)
        try:
            done = engine.sync_once()
        except UserError:
            raise
        except Exception as err:  # unreachable: say so, the queue stays for the next try
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
    if args.sync and code == 0:
        print(f"已同步：上传 {state['pushed']} 条，下载 {state['pulled']} 条")
    elif args.sync:
        print(f"未能同步：{state['error']}；记录保留在本站，下次再传")
    return code
