"""`checkin decode IMAGE...`: the codes in image files, read by the same pipeline as the desk."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from checkin_app import scanning
from checkin_app.cli.common import add_db_option, add_json_option, print_json
from checkin_app.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("decode", help="识别图片中的二维码（或用 --formats 指定的条码）")
    parser.add_argument("images", nargs="+", metavar="IMAGE", help="图片文件（PNG、JPEG 等）")
    parser.add_argument(
        "--formats",
        default="qr",
        help="要识别的码制，逗号分隔：qr（默认）、all、linear 或 EAN13、Code128、ITF 等",
    )
    add_json_option(parser)
    add_db_option(parser)  # accepted like everywhere; decoding needs no database
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 if any code was read, 1 if none, 2 if a file was unreadable (the rest still shown)."""
    formats = scanning.parse_formats(args.formats)
    any_code = False
    unreadable = False
    for name in args.images:
        try:
            codes = scanning.decode_file(name, formats)
        except UserError as err:
            unreadable = True
            print(f"错误：{err}", file=sys.stderr)
            continue
        any_code = any_code or bool(codes)
        if args.json:
            print_json({"file": name, "codes": codes})
        elif codes:
            for code in codes:
                print(f"{name}\t{code}")
        else:
            print(f"{name}\t（未识别到二维码或条码）")
    missing = scanning.missing_decoders()
    if missing:
        names = "、".join(missing)
        print(f"提示：可选解码器不可用：{names}；已用其余解码器识别。", file=sys.stderr)
    if unreadable:
        return 2
    return 0 if any_code else 1
