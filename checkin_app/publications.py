"""The publications after the day: the 活动开展情况 draft (DOCX) and the 意见建议办理情况 with its
总结评估 (DOCX and XLSX), editable in WPS or Word before the office publishes them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from checkin_app import opinions, reports
from checkin_app.cells import put, strip_controls
from checkin_app.errors import UserError
from checkin_app.models import Event

BODY_FONT = "宋体"  # what a government office's Word and WPS expect; LibreOffice falls back
TITLE_FONT = "黑体"


@dataclass(frozen=True)
class Published:
    """What `checkin publish` and `checkin opinions publish` wrote, and what they left out."""

    event: str
    files: tuple[str, ...]
    due: dt.date | None  # when the publication is due by the event's rule
    photos: int = 0
    skipped: tuple[str, ...] = ()  # photos left out and why
    warning: str = ""  # e.g. a year beyond the holiday calendar


# --- Files ----------------------------------------------------------------------------------


def _writable(path: Path, suffix: str) -> Path:
    path = Path(path)
    if path.suffix.lower() != suffix:
        raise UserError(f"“{path.name}”应以 {suffix} 结尾")
    if not path.parent.is_dir():
        raise UserError(f"无法写入文件“{path}”：文件夹“{path.parent}”不存在")
    return path


def _save(document: Any, path: Path) -> None:
    try:
        document.save(str(path))
    except OSError as err:
        raise UserError(
            f"无法写入文件“{path}”：{err.strerror or err}（文件是否在 WPS 或 Word 中打开？）"
        ) from None


# --- DOCX helpers -----------------------------------------------------------------------------


def _new_document() -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4, not python-docx's Letter
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.6))
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    for name, font, size in (("Normal", BODY_FONT, 14), ("Title", TITLE_FONT, 20)):
        style = document.styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        # Word takes Chinese text's font from eastAsia, not from the name above.
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    for level in (1, 2):
        style = document.styles[f"Heading {level}"]
        style.font.name = TITLE_FONT
        style.font.size = Pt(16 if level == 1 else 14)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TITLE_FONT)
    return document


def _title(document: Any, text: str, subtitle: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    heading = document.add_paragraph(text, style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if subtitle:
        line = document.add_paragraph(subtitle)
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_cm: Sequence[float] = (),
) -> Any:
    from docx.shared import Cm, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = not widths_cm
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else strip_controls(str(value))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)  # 五号: tables fit the page width
    # Word reads a column's width from its cells, LibreOffice from the grid: set both.
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows if widths_cm else ():
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    return table


def _date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _due_note(due: opinions.DueDate | None, what: str) -> str:
    if due is None:
        return ""
    return f"（草稿：按本活动规定，{what}应于{_date(due.day)}前公开）"


# --- 活动开展情况 ---------------------------------------------------------------------------------


def _event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise UserError(f"找不到编号为{event_id}的活动")
    return event


def _activity_rows(session: Session, board: reports.Dashboard) -> list[list[object]]:
    from checkin_app.models import Activity

    rows: list[list[object]] = []
    for a in board.activities:
        activity = session.get(Activity, a.id)
        host = activity.host_unit if activity else ""
        rows.append([a.name, _date(a.date), host, "、".join(a.sites) or "—", a.attended])
    return rows


def _chart(board: reports.Dashboard) -> bytes:
    from checkin_app import afterday_print

    curves = [
        afterday_print.Curve.of_day(
            f"{c.activity}（{c.date.month}月{c.date.day}日）", c.date, c.points
        )
        for c in board.arrivals
    ]
    return afterday_print.arrivals_chart(curves, "签到人数随时间变化")


def write_activity_docx(
    session: Session, event_id: int, out: Path, photos: Path | None = None
) -> Published:
    """The 活动开展情况 draft: title, date, activities and sites, people by category, the
    arrivals chart, up to six photos with captions, and the report's summary."""
    from docx.shared import Cm

    out = _writable(out, ".docx")
    if photos is not None and not photos.is_dir():
        raise UserError(f"找不到照片文件夹“{photos}”")
    event = _event(session, event_id)
    r = reports.report(session, event_id)
    board = r.dashboard
    due = opinions.report_due(session, event_id)
    document = _new_document()
    days = reports.date_span(a.date for a in board.activities)
    _title(document, f"{event.name}活动开展情况", days)
    if note := _due_note(due, "活动开展情况"):
        document.add_paragraph(note)
    document.add_heading("一、活动概况", level=1)
    document.add_paragraph(r.summary)
    document.add_heading("二、活动项目和观摩点位", level=1)
    header = ["活动项目", "日期", "承办单位", "观摩点位", "参加人数"]
    _table(document, header, _activity_rows(session, board), (3.0, 2.8, 3.2, 4.8, 2.0))
    document.add_heading("三、参加人员", level=1)
    categories = [[c.category, c.attended] for c in board.categories if c.attended]
    _table(document, ["类别", "人数"], categories or [["—", 0]])
    document.add_heading("四、签到情况", level=1)
    document.add_picture(io.BytesIO(_chart(board)), width=Cm(15.5))
    taken = 0
    skipped: tuple[str, ...] = ()
    if photos is not None:
        from checkin_app import afterday_print

        found = afterday_print.photos_in(photos)
        taken, skipped = len(found.photos), found.skipped
        if found.photos:
            document.add_heading("五、活动照片", level=1)
        for number, photo in enumerate(found.photos, start=1):
            # Two photos to a page with their captions: at most 14 cm wide and 10 cm high.
            tall = photo.height * 14 > photo.width * 10
            size = {"height": Cm(10)} if tall else {"width": Cm(14)}
            document.add_picture(io.BytesIO(photo.jpeg), **size)
            document.add_paragraph(f"图{number}　{photo.caption}")
    _save(document, out)
    return Published(
        event.name,
        (str(out),),
        due.day if due else None,
        taken,
        tuple(skipped),
        due.warning if due else "",
    )


# --- 意见建议办理情况 and 总结评估 -----------------------------------------------------------


_LEDGER_HEADER = ("序号", "提出人", "意见建议", "话题", "责任单位", "答复情况", "答复日期")


def _answer_text(line: opinions.OpinionLine) -> str:
    if line.status in opinions.DONE:
        return ("（现场答复）" if line.on_the_spot else "") + line.answer
    state = opinions.STATUS_LABELS[line.status]
    return f"{state}（期限{_date(line.due)}）" if line.due else state


def _ledger_rows(lines: Sequence[opinions.OpinionLine]) -> list[list[object]]:
    return [
        [n, x.giver, x.text, x.topic, x.unit or "—", _answer_text(x), _date(x.answered_at)]
        for n, x in enumerate(lines, start=1)
    ]


def _totals_text(t: opinions.Totals) -> str:
    if not t.received:
        return "本次活动未收到意见建议。"
    text = f"本次活动共收到意见建议{t.received}条，已答复{t.answered}条"
    text += f"（其中现场答复{t.on_the_spot}条）" if t.on_the_spot else ""
    text += f"，按期答复{t.answered_on_time}条，答复率{t.answer_rate}"
    text += f"；尚在办理{t.still_open}条。" if t.still_open else "。"
    return text


def _evaluation(
    document: Any, board: reports.Dashboard, t: opinions.Totals, lines: Sequence[Any]
) -> None:
    document.add_heading("三、总结评估", level=1)
    n = board.totals
    document.add_paragraph(
        f"应到{n.expected}人，实到{n.attended}人（其中现场登记{n.walk_ins}人），未到{n.no_shows}人。"
    )
    if t.by_topic:
        topics = "、".join(f"{topic}{count}条" for topic, count in t.by_topic)
        document.add_paragraph(f"意见建议按话题：{topics}。")
    still = [x for x in lines if x.status in opinions.OPEN]
    if still:
        document.add_paragraph("尚未办结的意见建议：")
        for x in still:
            document.add_paragraph(
                f"{x.text}（{x.unit or '待交办'}，期限{_date(x.due) or '未定'}）",
                style="List Bullet",
            )
    else:
        document.add_paragraph("所有意见建议均已答复。")


def _opinions_docx(
    event: Event, board: reports.Dashboard, lines: Sequence[opinions.OpinionLine], out: Path
) -> None:
    from docx.enum.section import WD_ORIENT

    t = opinions.totals(lines)
    document = _new_document()
    section = document.sections[0]
    # Landscape: the seven columns with the opinion and the answer fit the page.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    _title(document, f"{event.name}意见建议办理情况", "")
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph(_totals_text(t))
    document.add_heading("二、办理情况", level=1)
    _table(document, _LEDGER_HEADER, _ledger_rows(lines), (1.2, 1.8, 7.0, 2.0, 3.3, 6.5, 2.7))
    _evaluation(document, board, t, lines)
    _save(document, out)


def _opinions_xlsx(lines: Sequence[opinions.OpinionLine], out: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "办理情况"
    header = (*_LEDGER_HEADER, "来源", "收到日期", "办理期限", "状态", "是否按期")
    for column, text in enumerate(header, start=1):
        put(sheet, 1, column, text)
    for number, (values, x) in enumerate(zip(_ledger_rows(lines), lines, strict=True), start=2):
        on_time = "" if x.on_time is None else ("是" if x.on_time else "否")
        status = opinions.STATUS_LABELS[x.status]
        extra = [x.source, x.received.isoformat(), _date(x.due), status, on_time]
        for column, value in enumerate([*values, *extra], start=1):
            put(sheet, number, column, value)
    summary = book.create_sheet("汇总")
    t = opinions.totals(lines)
    counts: list[tuple[str, object]] = [
        ("收到", t.received),
        ("已答复", t.answered),
        ("按期答复", t.answered_on_time),
        ("现场答复", t.on_the_spot),
        ("尚在办理", t.still_open),
        ("答复率", t.answer_rate),
        *((f"话题：{topic}", count) for topic, count in t.by_topic),
    ]
    for row, (label, value) in enumerate(counts, start=1):
        put(summary, row, 1, label)
        put(summary, row, 2, value)
    try:
        book.save(out)
    except OSError as err:
        raise UserError(f"无法写入文件“{out}”：{err.strerror or err}") from None


def write_opinions(
    session: Session, event_id: int, docx: Path, xlsx: Path, today: dt.date | None = None
) -> Published:
    """意见建议办理情况 with the 总结评估 (DOCX) and the ledger with its totals (XLSX)."""
    docx, xlsx = _writable(docx, ".docx"), _writable(xlsx, ".xlsx")
    event = _event(session, event_id)
    lines = opinions.ledger(session, event_id, today=today)
    board = reports.dashboard(session, event_id)
    _opinions_docx(event, board, lines, docx)
    _opinions_xlsx(lines, xlsx)
    r = opinions.rule(session, event_id)
    last = max((a.date for a in event.activities), default=None)
    due = opinions.add_days(last, r.answer_days, working=r.working_days) if last else None
    return Published(
        event.name,
        (str(docx), str(xlsx)),
        due.day if due else None,
        warning=due.warning if due else "",
    )


def write_blank_form(session: Session, event_id: int, activity: str | None, out: Path) -> str:
    """The blank 意见建议征集表 of the event (and activity, by id or name) as an A4 PDF."""
    from checkin_app import afterday_print
    from checkin_app.events import find_activity

    event = _event(session, event_id)
    name = find_activity(session, event, activity).name if activity else ""
    afterday_print.blank_form(_writable(out, ".pdf"), event.name, name, event.organiser)
    return str(out)
