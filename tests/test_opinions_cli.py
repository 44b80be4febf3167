"""`checkin opinions …` and `checkin publish`: the JSON shapes of the issue, exit 2 with one clear
sentence on bad input, and nothing stored changed by a refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checkin_app.cli import main
from checkin_app.db import Database
from tests.test_opinions import _snapshot, build

LIST_KEYS = [
    "id",
    "activity",
    "topic",
    "unit",
    "received",
    "due",
    "status",
    "answered_at",
    "on_time",
]


@pytest.fixture
def db_arg(db: Database, db_path: Path) -> list[str]:
    build(db)
    return ["--db", str(db_path)]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add(capsys: pytest.CaptureFixture[str], db_arg: list[str], *extra: str) -> dict[str, object]:
    code, out, err = _run(
        capsys,
        "opinions", "add", "--event", "1", "--activity", "城市管理开放日",
        "--text", "希望增设停车位", "--received", "2025-09-24", "--json", *extra, *db_arg,
    )  # fmt: skip
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_add_assign_answer_list_with_the_issue_s_json(
    capsys: pytest.CaptureFixture[str], db_arg: list[str]
) -> None:
    added = _add(capsys, db_arg, "--name", "张三", "--phone", "13912345678", "--topic", "市政设施")
    assert added == {"id": 1, "due": "2025-10-09"}
    code, out, _ = _run(
        capsys, "opinions", "assign", "1", "--unit", "市排水公司", "--due", "2025-10-01", *db_arg
    )
    assert code == 0 and "已交办市排水公司" in out
    code, out, _ = _run(
        capsys, "opinions", "answer", "1", "--text", "已增设", "--at", "2025-09-30", *db_arg
    )
    assert code == 0
    code, out, _ = _run(capsys, "opinions", "list", "--event", "1", "--json", *db_arg)
    (line,) = json.loads(out)
    assert list(line) == LIST_KEYS
    assert line == {
        "id": 1,
        "activity": "城市管理开放日",
        "topic": "市政设施",
        "unit": "市排水公司",
        "received": "2025-09-24",
        "due": "2025-10-01",
        "status": "answered",
        "answered_at": "2025-09-30",
        "on_time": True,
    }
    # The giver's name and phone are in no listing.
    code, out, _ = _run(capsys, "opinions", "list", "--event", "1", *db_arg)
    assert "张*" in out and "张三" not in out and "1391" not in out
    code, out, _ = _run(
        capsys, "opinions", "list", "--event", "1", "--status", "open", "--json", *db_arg
    )
    assert json.loads(out) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["opinions", "answer", "1", "--text", "已答复", "--at", "2025-09-01"],
            "错误：第1条意见建议的答复日期2025-09-01早于收到日期2025-09-24，请检查日期",
        ),
        (
            ["opinions", "assign", "1", "--unit", "市排水公司", "--due", "2025-09-01"],
            "错误：第1条意见建议的办理期限2025-09-01早于收到日期2025-09-24，请检查日期",
        ),
        (
            ["opinions", "assign", "1", "--unit", "排水公司"],
            "错误：“排水公司”不是“固原市城市管理局2025年‘政府开放日’”的承办单位或责任单位，"
            "是否是“市排水公司”？",
        ),
        (
            ["opinions", "add", "--event", "1", "--text", " "],
            "错误：意见建议内容不能为空",
        ),
        (
            ["opinions", "answer", "1", "--text", ""],
            "错误：答复内容不能为空",
        ),
    ],
)
def test_bad_input_exits_2_with_one_sentence_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    db: Database,
    db_arg: list[str],
    argv: list[str],
    message: str,
) -> None:
    _add(capsys, db_arg)
    before = _snapshot(db)
    code, out, err = _run(capsys, *argv, *db_arg)
    assert (code, out, err.strip()) == (2, "", message)
    assert _snapshot(db) == before


def test_a_year_beyond_the_holiday_calendar_warns_and_counts_calendar_days(
    capsys: pytest.CaptureFixture[str], db_arg: list[str]
) -> None:
    code, _, _ = _run(capsys, "opinions", "rule", "--event", "1", "--working-days", *db_arg)
    assert code == 0
    code, out, err = _run(
        capsys, "opinions", "add", "--event", "1", "--text", "建议", "--received", "2031-03-02",
        "--json", *db_arg,
    )  # fmt: skip
    assert code == 0 and json.loads(out) == {"id": 1, "due": "2031-03-17"}
    assert err.strip() == (
        "注意：节假日日历没有2031年的数据（请更新 chinesecalendar），"
        "期限按15个自然日计算：2031-03-17"
    )


def test_import_prints_the_same_json_as_checkin_import(
    capsys: pytest.CaptureFixture[str], db_arg: list[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "腾讯问卷.csv"
    sheet.write_text(
        "编号,提交时间,您的姓名,手机号,您对本次开放日有什么意见和建议？\n"
        "1,2025-09-24 18:01:00,王五,13800000000,污水厂的气味需要改善\n"
        "2,2025-09-24 18:05:00,,,\n",
        encoding="utf-8-sig",
    )
    code, out, _ = _run(
        capsys, "opinions", "import", str(sheet), "--event", "1", "--dry-run", "--json", *db_arg
    )
    assert code == 0
    assert json.loads(out) == {
        "accepted": [2],
        "rejected": [],
        "duplicates": [],
        "warnings": [
            {
                "row": 3,
                "column": "您对本次开放日有什么意见和建议？",
                "reason": "没有填写意见建议，已跳过",
            }
        ],
    }
    code, out, _ = _run(capsys, "opinions", "list", "--event", "1", "--json", *db_arg)
    assert json.loads(out) == []  # a dry run writes nothing
    code, out, _ = _run(capsys, "opinions", "import", str(sheet), "--event", "1", *db_arg)
    assert code == 0 and "已导入1条意见建议" in out
    # The same download again: every submission is already in the ledger, nothing is added.
    code, out, _ = _run(capsys, "opinions", "import", str(sheet), "--event", "1", "--json", *db_arg)
    again = json.loads(out)
    assert code == 1 and again["accepted"] == []
    assert again["duplicates"] == [{"row": 2, "duplicate_of": None}]
    assert again["rejected"] == [
        {"row": 2, "column": "您对本次开放日有什么意见和建议？", "reason": "与台账中的意见建议相同"}
    ]
    code, out, _ = _run(capsys, "opinions", "list", "--event", "1", "--json", *db_arg)
    assert len(json.loads(out)) == 1


def test_a_sheet_without_an_opinion_column_is_refused(
    capsys: pytest.CaptureFixture[str], db: Database, db_arg: list[str], tmp_path: Path
) -> None:
    sheet = tmp_path / "报名表.csv"
    sheet.write_text("姓名,联系电话\n王五,13800000000\n", encoding="utf-8")
    before = _snapshot(db)
    code, out, _ = _run(capsys, "opinions", "import", str(sheet), "--event", "1", "--json", *db_arg)
    assert code == 2
    assert json.loads(out)["error"] == (
        "“报名表.csv”第1行的表头中没有意见建议列（列名应含“意见”“建议”“问题”或“留言”）"
    )
    assert _snapshot(db) == before


def test_publish_with_a_missing_photo_folder_is_refused(
    capsys: pytest.CaptureFixture[str], db_arg: list[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "a.docx"
    code, _, err = _run(
        capsys, "publish", "--event", "1", "--docx", str(out_file), "--photos",
        str(tmp_path / "无此文件夹"), *db_arg,
    )  # fmt: skip
    assert code == 2 and "找不到照片文件夹" in err and not out_file.exists()


def test_the_opinions_command_loads_no_qt(db_arg: list[str]) -> None:
    script = (
        "import sys\nfrom checkin_app.cli import main\n"
        f"code = main(['opinions', 'list', '--event', '1', '--json', *{db_arg!r}])\n"
        "print(sorted(m for m in ['PySide6', 'cv2', 'pypinyin', 'docx'] if m in sys.modules),"
        " file=sys.stderr)\nsys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr.strip() == "[]"
