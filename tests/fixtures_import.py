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


# What the online form services' downloads look like (问卷星, 腾讯问卷, 金数据/金山表单).
WJX_SERVICE = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
WJX_QUESTIONS = [
    "1、您的姓名：",
    "2、性别：",
    "3、工作单位：",
    "4、职务：",
    "5、联系电话：",
    "6、请填写您的身份证号码：",
]


def wjx_text_rows(n: int = 3) -> list[list[object]]:
    """问卷星's 按选项文本 download: service columns, numbered questions, text answers."""
    rows: list[list[object]] = []
    for i, r in enumerate(good_rows(n)):
        _, name, gender, unit, title, phone, doc, activity, _ = r
        service = [i + 1, f"2024/6/{i + 1} 10:0{i}:00", "95秒", "微信", "N/A", "1.2.3.4(山西-晋城)"]
        rows.append([*service, name, gender, unit, title, phone, doc, activity])
    return rows


def write_wjx_text(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    header = [*WJX_SERVICE, *WJX_QUESTIONS, "7、报名参加哪项活动（可多选）："]
    return write_xlsx(path, rows, header=header, title=None)


def write_wjx_numbers(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """问卷星's 按选项序号 download: 0/1 columns per option of question 7, -3 when skipped."""
    header = [*WJX_SERVICE, *WJX_QUESTIONS, *(f"第7题({a})" for a, _, _ in ACTIVITIES)]
    names = [a for a, _, _ in ACTIVITIES]
    out: list[list[object]] = []
    for row in rows:
        chosen = str(row[-1]).split("┋")
        ticks = [1 if a in chosen else 0 for a in names] if row[-1] != -3 else [-3] * 3
        out.append([*row[:-1], *ticks])
    return write_xlsx(path, out, header=header, title=None)


def write_tencent_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """腾讯问卷's CSV: UTF-8 BOM, every field quoted, a trailing comma, long numbers after a tab,
    one column per option headed `7.报名参加哪项活动？:智慧城管`."""
    names = [a for a, _, _ in ACTIVITIES]
    header = [
        "编号",
        "开始答题时间",
        "结束答题时间",
        "答题时长",
        "地理位置",
        "填写设备",
        "1.您的姓名",
        "2.性别",
        "3.工作单位",
        "4.职务",
        "5.联系电话",
        "6.身份证号码",
        *(f"7.报名参加哪项活动？:{a}" for a in names),
    ]
    lines = [header]
    for i, row in enumerate(rows):
        _, name, gender, unit, title, phone, doc, activity, _ = row
        chosen = str(activity).split("┋")
        ticks = ["1" if a in chosen else "0" for a in names]
        lines.append(
            [
                str(i + 1),
                "2024-06-01 09:00:00",
                "2024-06-01 09:01:00",
                "60秒",
                "山西省晋城市",
                "手机",
                str(name),
                str(gender),
                str(unit),
                str(title),
                f"\t{phone}",
                f"\t{doc}",
                *ticks,
            ]
        )
    text = "".join(",".join(f'"{c}"' for c in line) + ",\r\n" for line in lines)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def write_jinshuju(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """金数据/金山表单: the seed form's own labels, options numbered `1. 智慧城管`."""
    header = [
        "序号",
        "姓名",
        "性别",
        "工作单位",
        "职务",
        "联系电话",
        "身份证号码",
        "报名参加哪项活动",
        "备注",
        "提交时间",
        "提交人",
    ]
    number = {a: k + 1 for k, (a, _, _) in enumerate(ACTIVITIES)}
    out = [
        [
            *r[:7],
            f"{number[str(r[7])]}. {r[7]}" if r[7] in number else r[7],
            r[8],
            "2024-06-02 08:00:00",
            "微信用户",
        ]
        for r in rows
    ]
    return write_xlsx(path, out, header=header, title=None)
