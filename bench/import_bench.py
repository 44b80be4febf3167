"""Benchmark: import a generated 10,000-row 问卷星-shaped sheet (XLSX) into a temporary SQLite file.

Run: `.venv/bin/python bench/import_bench.py [--rows N] [--reader openpyxl|calamine]`.
Prints one line per figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin_app import events, registrations, sheets
from checkin_app.db import Database
from checkin_app.idcard import check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
CATEGORIES = ["市民代表", "人大代表", "政协委员", "专家学者", "媒体", "企业代表", "社区", "学生"]
ACTIVITIES = [("智慧城管", dt.date(2024, 6, 19)), ("绿色城管", dt.date(2024, 6, 20))]


def generate(path: Path, rows: int) -> None:
    """A 问卷星 text download: its own columns, numbered questions, then `rows` applicants."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    sheet.append(
        [
            "序号",
            "提交答卷时间",
            "所用时间",
            "来源",
            "来源详情",
            "来自IP",
            "1、您的姓名：",
            "2、性别：",
            "3、工作单位：",
            "4、职务：",
            "5、联系电话：",
            "6、请填写您的身份证号码：",
            "7、报名参加哪项活动（可多选）：",
            "8、人员类别：",
            "9、备注：",
        ]
    )
    first = dt.date(1960, 1, 1)
    for i in range(rows):
        birth = first + dt.timedelta(days=i // 500)
        seq = i % 500 * 2 + i % 2  # odd: male
        body = f"140502{birth:%Y%m%d}{seq % 1000:03d}"
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % 26] + GIVEN[(i // 520) % 26]
        sheet.append(
            [
                i + 1,
                f"2024/6/{1 + i % 28} {i % 24}:{i % 60:02d}:00",
                f"{60 + i % 300}秒",
                "微信" if i % 3 else "手机提交",
                "N/A",
                f"10.0.{i // 256 % 256}.{i % 256}(山西-晋城)",
                name,
                "男" if i % 2 else "女",
                f"第{i % 97}单位",
                "职员",
                f"13{i:09d}",
                body + check_character(body),
                ACTIVITIES[i % 2][0],
                CATEGORIES[i % 8],
                "(空)",
            ]
        )
    book.save(path)


def peak_memory_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows: no getrusage
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--reader", choices=("openpyxl", "calamine"), default=sheets.XLSX_READER)
    args = parser.parse_args()
    sheets.XLSX_READER = args.reader
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "报名表.xlsx"
        generate(sheet, args.rows)
        database = Database.open(str(Path(tmp) / "bench.sqlite3"))
        with database.transaction() as s:
            event = events.create_event(s, "基准测试开放周")
            for name, date in ACTIVITIES:
                events.add_activity(s, event, name, date, 40)
            event_id = event.id
        start = time.perf_counter()
        with database.transaction() as s:
            event = events.find_event(s, event_id)
            preview = registrations.preview_import(s, event, sheet)
            previewed = time.perf_counter()
            result = registrations.commit_import(s, event, preview)
        done = time.perf_counter()
        database.close()
    assert result.added == args.rows, (result.added, preview.rejected[:3])
    read_check = previewed - start
    write = done - previewed
    print(
        f"import preview (read + check): {args.rows / read_check:,.0f} rows/s "
        f"({read_check:.2f} s for {args.rows} rows) [cores={cores}]"
    )
    print(
        f"import commit (bulk insert): {args.rows / write:,.0f} rows/s "
        f"({write:.2f} s) [cores={cores}]"
    )
    print(
        f"import total ({args.reader}): {args.rows / (done - start):,.0f} rows/s "
        f"({done - start:.2f} s) [cores={cores}]"
    )
    print(f"peak memory (max RSS of the process): {peak_memory_mb():.0f} MB [cores={cores}]")


if __name__ == "__main__":
    main()
