"""The registration forms on paper and as a template: the seeds' 报名表 with the event's activities
as tick boxes (PDF), and an XLSX whose header row is exactly what the importer reads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from checkin_app import cells, files
from checkin_app.errors import UserError
from checkin_app.events import find_event
from checkin_app.models import Event
from checkin_app.sheets import Sheet

# The seed form's labels, with the identity number the check-in needs: every one is a header
# the importer recognises as it is, so a filled template needs no column mapping.
TEMPLATE_HEADER = (
    "序号",
    "姓名",
    "性别",
    "工作单位",
    "职务",
    "联系电话",
    "身份证号码",
    "报名参加哪项活动",
    "备注",
)
# The note under the template's title names its event: a template of another event is refused.
TEMPLATE_MARK = "导入模板·"
_DOCUMENT_COLUMN = "G"
_ACTIVITY_COLUMN = "H"
_TEMPLATE_ROWS = 500  # rows prepared with the activity drop-down and the text-formatted ID


@dataclass(frozen=True)
class FormFile:
    """What `checkin forms` wrote."""

    event: str
    path: str
    activities: tuple[str, ...]


def write_registration(session: Session, event_ref: str, out: Path) -> FormFile:
    """The event's 报名表: a PDF form to print, or the XLSX template (by the file's suffix)."""
    event = find_event(session, event_ref)
    if not event.activities:
        raise UserError(f"“{event.name}”还没有活动项目：请先添加活动项目再生成报名表")
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        _write_template(event, out)
    elif suffix == ".pdf":
        _write_pdf(event, out)
    else:
        raise UserError(f"“{out.name}”：报名表只能写成 .xlsx（导入模板）或 .pdf（打印）")
    return FormFile(event.name, str(out), tuple(a.name for a in event.activities))


def _activity_label(event: Event) -> list[str]:
    return [f"{a.name}（{a.date.month}月{a.date.day}日）" for a in event.activities]


def _write_template(event: Event, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "报名表"
    names = [a.name for a in event.activities]
    cells.put(sheet, 1, 1, f"{event.name}报名表").font = Font(bold=True, size=14)
    note = f"{TEMPLATE_MARK}{event.name}：请勿修改表头；活动可选：{'、'.join(names)}"
    cells.put(sheet, 2, 1, note)
    cells.write_rows(sheet, [TEMPLATE_HEADER], first_row=3)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    last = 3 + _TEMPLATE_ROWS
    # An ID number typed into a General cell loses its last digits: the column is text.
    for row in range(4, last + 1):
        sheet[f"{_DOCUMENT_COLUMN}{row}"].number_format = "@"
    # A drop-down of the activities: a list of a few names (no formula from any cell).
    listed = ",".join(n.replace(",", " ").replace('"', "") for n in names)
    if len(listed) <= 250:  # Excel's limit on a literal list
        choice = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
        choice.add(f"{_ACTIVITY_COLUMN}4:{_ACTIVITY_COLUMN}{last}")
        sheet.add_data_validation(choice)
    for letter, width in zip("ABCDEFGHI", (6, 10, 6, 24, 12, 14, 22, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    try:
        files.create_private(out)
        book.save(out)
    except OSError as err:
        raise UserError(f"无法写入文件“{out}”：{err.strerror or err}") from None


def check_template(sheet: Sheet, event: Event) -> None:
    """Refuse a template generated for another event (its note names the event)."""
    for line in sheet.preamble:
        if line.startswith(TEMPLATE_MARK):
            named = line[len(TEMPLATE_MARK) :].partition("：")[0]
            if named != event.name:
                raise UserError(
                    f"“{sheet.file_name}”是“{named}”的报名表模板，不是“{event.name}”的："
                    f"请用 checkin forms --event 为本活动生成模板后重新填写"
                )


def _write_pdf(event: Event, out: Path) -> None:
    """The seeds' paper form: one A4 page, the activities as tick boxes."""
    from PySide6.QtGui import QColor, QPen

    from checkin_app.printing import open_pdf

    with open_pdf(out, f"{event.name}报名表") as pdf:
        pen = pdf.pen(20, 20)
        line = QPen(QColor("black"), 0.3 * pdf.unit)
        pen.text(0, 0, 170, f"{event.name}报名表", 7, bold=True)
        y = 16.0
        fields = ["姓名", "性别    □男    □女", "工作单位", "职务", "联系电话", "身份证号码"]
        for label in fields:
            pen.text(0, y, 170, label, 4.5)
            if "□" not in label:
                pen.line(32, y + 7, 170, y + 7, line)
            y += 12
        pen.text(0, y, 170, "报名参加哪项活动（请在方框内打√）", 4.5)
        y += 9
        for label in _activity_label(event):
            pen.text(6, y, 160, f"□  {label}", 4.5)
            y += 8
        y += 4
        pen.text(0, y, 170, "备注", 4.5)
        pen.line(32, y + 7, 170, y + 7, line)
        pen.line(0, y + 19, 170, y + 19, line)
        pen.text(0, y + 28, 170, "请携带本人身份证参加活动。", 4)
