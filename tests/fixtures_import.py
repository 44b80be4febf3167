"""Sample registration sheets for the import tests: generated valid ID numbers, XLSX and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from checkin_app import events
from checkin_app.db import Database
from checkin_app.idcard import check_character

EVENT = "晋城市城市管理局2024年政府开放周"
TITLE = "晋城市城市管理局政府开放周报名表"
HEADER = ["序号", "姓名", "性别", "工作单位", "职务", "联系电话", "身份证号码", "参加活动", "备注"]
ACTIVITIES = (
    ("智慧城管", dt.date(2024, 6, 19), 20),
    ("绿色城管", dt.date(2024, 6, 20), 20),
    ("亲民城管", dt.date(2024, 6, 18), 9),
)


def make_id(birth: str = "19900101", region: str = "140502", seq: str = "123") -> str:
    """A valid 18-character resident ID (odd `seq` last digit: male)."""
    body = f"{region}{birth}{seq}"
    return body + check_character(body)


def with_wrong_check(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


def good_rows(n: int = 3) -> list[list[object]]:
    """`n` valid rows in HEADER's order, each a different person."""
    people = [
        ("张伟", "男", "晋城市第一中学", "教师", "13812345678", make_id("19800312", seq="011")),
        ("李娜", "女", "城区西街社区", "社区主任", "139 0000 1111", make_id("19850620", seq="022")),
        ("王芳", "女", "晋城日报社", "记者", "+86 137-0000-2222", make_id("19921105", seq="042")),
        ("刘洋", "男", "山西某科技公司", "经理", "13600003333", make_id("19751230", seq="051")),
    ]
    activities = ["智慧城管", "绿色城管", "亲民城管"]
    rows: list[list[object]] = []
    for i in range(n):
        name, gender, unit, title, phone, doc = people[i % len(people)]
        if i >= len(people):  # more people than the templates: new names, phones and IDs
            name = f"{name}{i}"
            phone = f"135{i:08d}"
            doc = make_id(
                "19700101", seq=f"{i % 1000:03d}", region=f"14{(i // 1000) % 90 + 10:02d}01"
            )
        rows.append([i + 1, name, gender, unit, title, phone, doc, activities[i % 3], ""])
    return rows


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    header: Sequence[str] = HEADER,
    title: str | None = TITLE,
    id_as_number: bool = False,
) -> Path:
    """An Excel sheet as offices make them: a merged title row over the header, then the rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(list(header))
    id_col = header.index("身份证号码") if "身份证号码" in header else -1
    for row in rows:
        values = list(row)
        if id_as_number and id_col >= 0 and str(values[id_col]).isdigit():
            # What Excel keeps of an 18-digit number typed into a General cell.
            values[id_col] = float(values[id_col])
        sheet.append(values)
    book.save(path)
    return path


def write_two_level_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, phone_first: bool = True
) -> Path:
    """HEADER's sheet with 联系方式 merged over 手机 and 邮箱 on a second header row.

    The other header cells are merged down over both header rows, as offices draw them; the
    data rows have an e-mail cell next to the phone (after it, or before when not
    `phone_first`).
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    phone = HEADER.index("联系电话")
    top = [*HEADER[:phone], "联系方式", None, *HEADER[phone + 1 :]]
    pair = ["手机", "邮箱"] if phone_first else ["邮箱", "手机"]
    sub = [None] * phone + pair + [None] * (len(HEADER) - phone - 1)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(top))
    sheet.append(top)
    sheet.append(sub)
    for column in range(1, len(top) + 1):
        if column - 1 == phone:
            sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + 1)
        elif column - 1 != phone + 1:
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for i, row in enumerate(rows):
        values = list(row)
        contact = [values[phone], f"user{i}@example.com"]
        contact = contact if phone_first else contact[::-1]
        sheet.append([*values[:phone], *contact, *values[phone + 1 :]])
    book.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    encoding: str = "utf-8",
    header: Sequence[str] = HEADER,
) -> Path:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def make_event(database: Database, *, single: bool = False) -> int:
    """The 晋城-style open week: three activities (or only 智慧城管 when `single`)."""
    with database.transaction() as s:
        event = events.create_event(s, EVENT, organiser="晋城市城市管理局")
        for name, date, capacity in ACTIVITIES[:1] if single else ACTIVITIES:
            events.add_activity(s, event, name, date, capacity)
        return event.id
