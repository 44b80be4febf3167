"""`checkin opinions …` (the 意见建议台账) and `checkin publish` (the 活动开展情况 draft)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from checkin_app import opinions
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


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期（应为 YYYY-MM-DD）") from None


def _common(parser: argparse.ArgumentParser, json: bool = True) -> None:
    add_db_option(parser)
    if json:
        add_json_option(parser)
    add_actor_option(parser)


def register(subparsers: Any) -> None:
    _register_publish(subparsers)
    top = subparsers.add_parser(
        "opinions",
        help="意见建议台账：录入、导入、交办、答复、列表、公开",
        description="意见建议台账（每条意见的责任单位、办理期限和答复）",
    )
    sub = top.add_subparsers(dest="action", required=True, metavar="ACTION")
    _register_add(sub)
    _register_import(sub)
    _register_assign(sub)
    _register_answer(sub)
    _register_list(sub)
    _register_publish_opinions(sub)
    _register_form(sub)
    _register_rule(sub)


def _register_publish(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "publish",
        help="活动开展情况草稿（DOCX）：活动、点位、人数、签到图和照片",
        description="publish --event E --docx FILE [--photos DIR]",
    )
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--docx", required=True, type=Path, help="写出的 Word 文件（.docx）")
    p.add_argument("--photos", type=Path, help="照片文件夹（按文件名取前6张，文件名作图注）")
    _common(p)
    p.set_defaults(func=run_publish)


def _register_add(sub: Any) -> None:
    p = sub.add_parser("add", help="录入一条意见建议")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--activity", help="活动项目（编号或名称）")
    p.add_argument("--text", required=True, help="意见建议内容")
    p.add_argument("--topic", help="话题（如 市政设施、园林绿化、其他）")
    p.add_argument("--unit", help="责任单位（须是本活动的承办单位或责任单位）")
    p.add_argument("--source", default="征集表", help="来源：征集表、座谈、线上、电话、信件")
    p.add_argument("--received", type=_date, help="收到日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--due", type=_date, help="办理期限 YYYY-MM-DD（默认按本活动规定计算）")
    p.add_argument("--name", default="", help="提出人姓名（可不填：匿名）")
    p.add_argument("--phone", default="", help="提出人电话（可不填）")
    _common(p)
    p.set_defaults(func=run_add)


def _register_import(sub: Any) -> None:
    p = sub.add_parser("import", help="从问卷下载（.xlsx/.csv）导入意见建议，每份答卷一行")
    p.add_argument("file", metavar="FILE", help="问卷星/腾讯问卷/金数据下载的表格")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    _common(p)
    p.set_defaults(
        func=run_import,
        error_json=lambda message: {
            "accepted": [],
            "rejected": [],
            "duplicates": [],
            "warnings": [],
            "error": message,
        },
    )


def _register_assign(sub: Any) -> None:
    p = sub.add_parser("assign", help="交办给责任单位")
    p.add_argument("id", type=int, metavar="ID", help="意见建议编号")
    p.add_argument("--unit", required=True, help="责任单位")
    p.add_argument("--due", type=_date, help="办理期限 YYYY-MM-DD（默认不变）")
    _common(p)
    p.set_defaults(func=run_assign)


def _register_answer(sub: Any) -> None:
    p = sub.add_parser("answer", help="记录答复")
    p.add_argument("id", type=int, metavar="ID", help="意见建议编号")
    p.add_argument("--text", required=True, help="答复内容")
    p.add_argument("--on-the-spot", action="store_true", help="现场答复")
    p.add_argument("--at", type=_date, help="答复日期 YYYY-MM-DD（默认今天）")
    _common(p)
    p.set_defaults(func=run_answer)


def _register_list(sub: Any) -> None:
    p = sub.add_parser("list", help="列出意见建议（可筛选未办结、本周到期、逾期、已答复）")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--status", choices=opinions.FILTERS, help="open|due|late|answered")
    _common(p)
    p.set_defaults(func=run_list)


def _register_publish_opinions(sub: Any) -> None:
    p = sub.add_parser("publish", help="意见建议办理情况和总结评估（DOCX + XLSX）")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--docx", required=True, type=Path, help="写出的 Word 文件（.docx）")
    p.add_argument("--xlsx", required=True, type=Path, help="写出的 Excel 文件（.xlsx）")
    p.add_argument(
        "--mark-published", action="store_true", help="同时把已答复的意见建议标为“已公开”"
    )
    _common(p)
    p.set_defaults(func=run_publish_opinions)


def _register_form(sub: Any) -> None:
    p = sub.add_parser("form", help="空白意见建议征集表（PDF，A4）")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--activity", help="活动项目（编号或名称；不填则留空）")
    p.add_argument("--pdf", required=True, type=Path, help="写出的 PDF 文件")
    add_db_option(p)
    p.set_defaults(func=run_form)


def _register_rule(sub: Any) -> None:
    p = sub.add_parser("rule", help="查看或修改期限规定、话题和责任单位")
    p.add_argument("--event", required=True, help="活动（编号或完整名称）")
    p.add_argument("--report-days", type=int, help="活动开展情况：活动后N天内公开（默认3）")
    p.add_argument("--answer-days", type=int, help="意见答复：活动后M天内（默认15）")
    days = p.add_mutually_exclusive_group()
    days.add_argument("--working-days", action="store_true", help="按工作日计算（法定节假日）")
    days.add_argument("--calendar-days", action="store_true", help="按自然日计算")
    p.add_argument("--topics", help="话题，用逗号分隔（替换原有话题）")
    p.add_argument("--units", help="另外的责任单位，用逗号分隔（活动和观摩点中的单位自动包含）")
    _common(p)
    p.set_defaults(func=run_rule)


def _warn(text: str) -> None:
    if text:
        print(f"注意：{text}", file=sys.stderr)


# --- Running ---------------------------------------------------------------------------------


def run_add(args: argparse.Namespace) -> int:
    new = opinions.NewOpinion(
        text=args.text,
        activity=args.activity,
        topic=args.topic,
        unit=args.unit,
        source=args.source,
        received=args.received,
        name=args.name,
        phone=args.phone,
        due=args.due,
    )
    db = open_db(args)
    with db.transaction() as session:
        added = opinions.add(session, find_event(session, args.event).id, new, actor=actor(args))
    _warn(added.warning)
    if args.json:
        print_json({"id": added.id, "due": added.due})
    else:
        due = added.due.isoformat() if added.due else "未定"
        print(f"已录入第{added.id}条意见建议，办理期限 {due}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        event_id = find_event(session, args.event).id
        preview = opinions.preview_import(session, event_id, args.file)
        added = None
        if not args.dry_run:
            added = opinions.commit_import(session, event_id, preview, actor=actor(args))
    for warning in dict.fromkeys(a.warning for a in added or [] if a.warning):
        _warn(warning)
    if args.json:
        print_json(preview.to_json())
        return 0 if preview.accepted else 1
    print(
        f"“{preview.file_name}”：可导入意见建议{len(preview.accepted)}条，"
        f"跳过{len(preview.warnings)}行"
    )
    for w in preview.warnings:
        print(f"  第{w.row}行【{w.column}】{w.reason}")
    if added is None:
        print("试运行：没有写入任何数据。")
    else:
        print(f"已导入{len(added)}条意见建议。")
    return 0 if preview.accepted else 1


def _print_line(args: argparse.Namespace, line: opinions.OpinionLine, done: str) -> None:
    if args.json:
        print_json(line)
    else:
        print(f"第{line.id}条意见建议{done}（{opinions.STATUS_LABELS[line.status]}）")


def run_assign(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        line = opinions.assign(session, args.id, args.unit, actor=actor(args), due=args.due)
    _print_line(args, line, f"已交办{line.unit}，期限 {line.due or '未定'}")
    return 0


def run_answer(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.transaction() as session:
        line = opinions.answer(
            session, args.id, args.text, actor=actor(args), on_the_spot=args.on_the_spot, at=args.at
        )
    _print_line(args, line, f"已答复（{line.answered_at}）")
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.reading() as session:
        lines = opinions.ledger(session, find_event(session, args.event).id, args.status)
    if args.json:
        print_json(lines)
        return 0
    print("编号  收到日期    期限        状态    话题        责任单位            提出人  内容")
    for x in lines:
        late = "（逾期）" if x.on_time is False and x.status in opinions.OPEN else ""
        print(
            f"{x.id:<5} {x.received}  {x.due or ''!s:<10}  {opinions.STATUS_LABELS[x.status]}  "
            f"{pad(x.topic, 10)}  {pad(x.unit or '—', 18)}  {pad(x.giver, 6)}  "
            f"{x.text[:30]}{late}"
        )
    t = opinions.totals(lines)
    print(f"\n共{t.received}条，已答复{t.answered}条，答复率{t.answer_rate}")
    return 0 if lines else 1


def run_publish_opinions(args: argparse.Namespace) -> int:
    from checkin_app import publications

    db = open_db(args)
    with db.transaction() as session:
        event_id = find_event(session, args.event).id
        done = publications.write_opinions(session, event_id, args.docx, args.xlsx)
        if args.mark_published:
            opinions.mark_published(session, event_id, actor=actor(args))
    _warn(done.warning)
    if args.json:
        print_json(done)
    else:
        print(f"已写出意见建议办理情况：{'、'.join(done.files)}")
        if done.due:
            print(f"按本活动规定，办理情况应于 {done.due} 前公开")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from checkin_app import publications

    db = open_db(args)
    with db.reading() as session:
        event_id = find_event(session, args.event).id
        done = publications.write_activity_docx(session, event_id, args.docx, args.photos)
    _warn(done.warning)
    for skipped in done.skipped:
        print(f"注意：照片 {skipped}", file=sys.stderr)
    if args.json:
        print_json(done)
    else:
        print(f"已写出活动开展情况草稿：{done.files[0]}（照片{done.photos}张）")
        if done.due:
            print(f"按本活动规定，活动开展情况应于 {done.due} 前公开")
    return 0


def run_form(args: argparse.Namespace) -> int:
    from checkin_app import publications

    db = open_db(args)
    with db.reading() as session:
        event_id = find_event(session, args.event).id
        out = publications.write_blank_form(session, event_id, args.activity, args.pdf)
    print(f"已写出空白意见建议征集表：{out}")
    return 0


def _split(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [t.strip() for t in text.replace("，", ",").replace("、", ",").split(",") if t.strip()]


def run_rule(args: argparse.Namespace) -> int:
    working = True if args.working_days else (False if args.calendar_days else None)
    db = open_db(args)
    with db.transaction() as session:
        event_id = find_event(session, args.event).id
        r = opinions.set_rule(
            session,
            event_id,
            report_days=args.report_days,
            answer_days=args.answer_days,
            working_days=working,
            topics=_split(args.topics),
            units=_split(args.units),
        )
    if args.json:
        print_json(r)
        return 0
    kind = "工作日" if r.working_days else "自然日"
    print(
        f"活动开展情况：活动后{r.report_days}个{kind}内；意见答复：{r.answer_days}个{kind}内\n"
        f"话题：{'、'.join(r.topics)}\n责任单位：{'、'.join(r.units) or '（无）'}"
    )
    return 0
