"""`checkin station-package` (office) and `checkin station-setup` (station laptop)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checkin_app import stations, sync
from checkin_app.cli.common import add_db_option, add_json_option, open_db, print_json
from checkin_app.errors import UserError
from checkin_app.events import find_activity, find_event


def register(subparsers: Any) -> None:
    package = subparsers.add_parser(
        "station-package", help="为一个签到站点制作站点包（名单、公钥、车辆座位、站点密钥）"
    )
    package.add_argument("--event", required=True, help="活动编号或完整名称")
    package.add_argument("--station", required=True, help="站点名称，例如“东门”")
    package.add_argument("--out", required=True, type=Path, help="写出的站点包文件")
    package.add_argument("--activity", help="只带这一活动项目的报名人（编号或名称）")
    package.add_argument(
        "--with-phones",
        action="store_true",
        help="带上完整手机号（便于站点联系未到人员；默认只带打码的号码）",
    )
    package.add_argument(
        "--replace", action="store_true", help="重新制作已有站点的包（原电脑的数据包将不再被接受）"
    )
    package.add_argument(
        "--hub-url",
        help="办公室 PostgreSQL 地址（postgresql://主机:端口/数据库，站点访问它的地址），站点联网时"
        "实时同步；站点包只带为该站点新建的专用账户，不带办公室的账户和密码",
    )
    add_db_option(package)
    add_json_option(package)
    package.set_defaults(func=run_package)

    setup = subparsers.add_parser(
        "station-setup", help="用站点包把 --db 指定的新数据库设为站点数据库"
    )
    setup.add_argument("file", type=Path, help="办公室制作的站点包")
    setup.add_argument(
        "--fingerprint",
        help="办公室告知的密钥指纹（制作站点包时显示；16位字母数字或20位数字），核对无误才装入",
    )
    add_db_option(setup)
    add_json_option(setup)
    setup.set_defaults(func=run_setup)


def _show_progress(done: int, total: int) -> None:
    """The slow hashes take ~50 ms each: a line that counts them, on a terminal only."""
    end = "\n" if done == total else ""
    print(f"\r计算证件号与手工码的慢哈希：{done}/{total}", end=end, file=sys.stderr, flush=True)


def run_package(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        event = find_event(session, args.event)
        activity = find_activity(session, event, args.activity) if args.activity else None
        info = stations.export_package(
            session,
            event.id,
            args.station,
            args.out,
            activity_id=activity.id if activity else None,
            with_phones=args.with_phones,
            replace=args.replace,
            hub_url=args.hub_url,
            progress=None if args.json or not sys.stderr.isatty() else _show_progress,
        )
    if args.json:
        print_json(info)
    else:
        scope = f"“{info.event}”" + (f"的“{info.activity}”" if info.activity else "")
        phones = "完整手机号" if info.with_phones else "打码手机号"
        print(f"已为站点“{info.station}”写出站点包：{info.file}")
        print(f"{scope}：报名人 {info.participants} 人，通行证 {info.passes} 张，{phones}")
        print(f"密钥指纹：{info.fingerprint}，即 {sync.fingerprint_digits(info.fingerprint)}")
        print(f"电话核对时读作：{sync.fingerprint_words(info.fingerprint)}")
        print("装机时须核对此指纹（checkin station-setup 文件 --fingerprint 指纹）")
        if info.hub_url:
            print(f"实时同步：{info.hub_url}（站点专用账户，只能上传本站记录、读取他站签到）")
        if info.not_findable_by_id:
            print(
                f"其中 {info.not_findable_by_id} 人是在办公室开始加密保存证件号之前导入的："
                "站点无法按证件号查找他们，请扫通行证、输入手工码或按姓名查找"
            )
        print("站点包含名单（证件号只有后4位和慢哈希），请当作个人信息保管，用后删除")
    return 0


NEED_FINGERPRINT = (
    "装入站点包须核对办公室的密钥指纹：请向办公室索取（制作站点包时屏幕上显示的“密钥指纹”），"
    "再加 --fingerprint 指纹 运行"
)


def fingerprint(args: argparse.Namespace) -> str:
    """`--fingerprint`, else typed at a terminal; a script without it is refused."""
    if args.fingerprint:
        return str(args.fingerprint)
    if not sys.stdin.isatty():
        raise UserError(NEED_FINGERPRINT)
    try:
        typed = input("请输入办公室告知的密钥指纹（制作站点包时显示）：").strip()
    except EOFError:
        typed = ""
    if not typed:
        raise UserError(NEED_FINGERPRINT)
    return typed


def run_setup(args: argparse.Namespace) -> int:
    expected = fingerprint(args)  # before the database file is even made
    db = open_db(args)
    with db.transaction() as session:
        info = stations.setup_station(session, args.file, expected_fingerprint=expected)
    if args.json:
        print_json(info)
    else:
        print(f"已设为“{info.event}”的站点“{info.station}”：报名人 {info.participants} 人")
        print(f"密钥指纹：{info.fingerprint}（与办公室核对一致）")
        if info.hub_url:
            print(f"实时同步：{info.hub_url}")
    return 0
