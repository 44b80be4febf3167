"""`checkin import FILE --event EVENT`: preview a registration sheet, then import it all at once."""

from __future__ import annotations

import argparse
from typing import Any

from checkin_app import column_maps, registrations
from checkin_app.cli.common import (
    actor,
    add_actor_option,
    add_db_option,
    add_json_option,
    open_db,
    pad,
    print_json,
)
from checkin_app.events import find_event
from checkin_app.registrations import ImportPreview

# A long sheet's accepted rows are summarised; every refusal and warning is always listed.
_SHOWN_ACCEPTED = 50


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="导入报名表（.xlsx 或 .csv）",
        description="预览报名表中的每一行，把通过检查的行一次性导入；有问题的行逐一说明原因。",
    )
    parser.add_argument("file", metavar="FILE", help="报名表文件（.xlsx 或 .csv）")
    parser.add_argument("--event", required=True, help="活动的编号或完整名称")
    parser.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="列名=字段",
        help='指明某列对应的字段（可重复），如 "1、您的姓名：=姓名"；字段写“忽略”则不导入该列',
    )
    parser.add_argument(
        "--save-map",
        action="store_true",
        help="导入成功后记住这份列映射，以后表头相同的文件自动使用",
    )
    add_db_option(parser)
    add_json_option(parser)
    add_actor_option(parser)
    # With --json a file that cannot be read still prints the one object the command promises.
    parser.set_defaults(
        error_json=lambda message: {
            "accepted": [],
            "rejected": [],
            "duplicates": [],
            "warnings": [],
            "error": message,
        }
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    mapping = column_maps.parse(args.map) if args.map else None
    db = open_db(args)
    try:
        if args.dry_run:
            with db.reading() as session:
                preview = registrations.preview_import(
                    session, find_event(session, args.event), args.file, mapping=mapping
                )
            added = None
        else:
            with db.transaction() as session:
                event = find_event(session, args.event)
                preview = registrations.preview_import(session, event, args.file, mapping=mapping)
                result = registrations.commit_import(session, event, preview, actor=actor(args))
                if args.save_map and preview.mapping and result.added:
                    # In the import's transaction: remembered only with what it imported.
                    column_maps.save(session, preview.columns, dict(preview.mapping))
            added = result.added
    finally:
        db.close()
    if args.json:
        print_json(preview.to_json())
    else:
        _print_preview(preview, added)
    return 0 if preview.accepted else 1


def _print_preview(preview: ImportPreview, added: int | None) -> None:
    print(
        f"“{preview.file_name}”：共{preview.rows}行报名，可导入{len(preview.accepted)}行，"
        f"不能导入{len(preview.rejected_rows)}行（其中重复{len(preview.duplicates)}行），"
        f"警告{len(preview.warnings)}条"
    )
    before = preview.imported_before_local()
    if before is not None:
        print(f"注意：这个文件已在 {before:%Y-%m-%d %H:%M} 导入过。")
    if preview.accepted:
        print("\n可导入：")
        print("  行号  姓名        活动            类别        证件号码             联系电话")
        for a in preview.accepted[:_SHOWN_ACCEPTED]:
            print(
                f"  {a.row:<5} {pad(a.name, 10)}  {pad(a.activity, 14)}  "
                f"{pad(a.category, 10)}  {a.doc_masked:<20} {a.phone_masked}"
            )
        if len(preview.accepted) > _SHOWN_ACCEPTED:
            print(f"  ……另有{len(preview.accepted) - _SHOWN_ACCEPTED}行")
    if preview.rejected:
        print("\n不能导入：")
        for p in preview.rejected:
            print(f"  第{p.row}行【{p.column}】{p.reason}")
    if preview.warnings:
        print("\n警告（仍会导入）：")
        for p in preview.warnings:
            print(f"  第{p.row}行【{p.column}】{p.reason}")
    print()
    if added is None:
        print("试运行：没有写入任何数据。")
    elif added:
        print(f"已导入{added}人。")
    else:
        print("没有可导入的行，未写入任何数据。")
