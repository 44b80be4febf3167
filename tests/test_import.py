"""Importing registration sheets: every bad input explained, nothing half-written or leaked."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from checkin_app import registrations
from checkin_app import sheets as sheet_reader
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.events import find_event
from checkin_app.idcard import document_hash
from checkin_app.models import (
    DocumentType,
    ImportBatch,
    Participant,
    Setting,
    Source,
    Status,
    StatusChange,
)
from checkin_app.sheets import read_sheet
from tests.fixtures_import import (
    EVENT,
    HEADER,
    good_rows,
    make_event,
    make_id,
    with_wrong_check,
    write_csv,
    write_two_level_xlsx,
    write_xlsx,
)


@pytest.fixture
def event_id(db: Database) -> int:
    return make_event(db)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def import_json(
    capsys: pytest.CaptureFixture[str], db_path: Path, path: Path, *more: str
) -> tuple[int, dict[str, Any]]:
    code, out, err = cli(
        capsys, "import", str(path), "--event", EVENT, "--db", str(db_path), "--json", *more
    )
    assert err == ""
    return code, json.loads(out)


def _import_day(db: Database) -> str:
    """The local date (Asia/Shanghai) of the first stored import, as the reasons show it."""
    with db.reading() as s:
        at = s.scalars(select(ImportBatch.at).order_by(ImportBatch.id)).first()
    assert at is not None
    local = at.replace(tzinfo=dt.UTC).astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
    return f"{local:%Y-%m-%d}"


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import may write, to show that a refused import changed none of it."""
    with db.reading() as s:
        return {
            table: [tuple(r) for r in s.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in ("participants", "status_changes", "imports", "settings")
        }


@pytest.fixture
def seeded(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, list[tuple[Any, ...]]]:
    """The event with two people already imported; returns what is stored."""
    path = write_xlsx(tmp_path / "first.xlsx", good_rows(2))
    code, _ = import_json(capsys, db_path, path)
    assert code == 0
    before = snapshot(db)
    assert len(before["participants"]) == 2
    return before


# --- happy paths ---------------------------------------------------------------------------


def test_xlsx_with_merged_title_row_imports_every_row(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "报名表.xlsx", good_rows(4))
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 0, err
    assert "可导入4行" in out and "已导入4人" in out
    assert "1405**********0114" not in out  # masked form is what shows
    assert make_id("19800312", seq="011")[:4] + "**********" in out
    assert "138****5678" in out
    with db.reading() as s:
        people = list(s.scalars(select(Participant).order_by(Participant.registered_at)))
        assert [p.import_row for p in people] == [3, 4, 5, 6]  # title row 1, header row 2
        assert [p.activity.name for p in people] == ["智慧城管", "绿色城管", "亲民城管", "智慧城管"]
        assert people[1].phone == "13900001111" and people[2].phone == "13700002222"
        assert all(p.status == Status.APPLIED for p in people)
        assert people[0].doc_last4 == make_id("19800312", seq="011")[-4:]
        history = list(s.scalars(select(StatusChange)))
        assert len(history) == 4 and {(h.old, h.new) for h in history} == {(None, Status.APPLIED)}
        (batch,) = s.scalars(select(ImportBatch))
        assert (batch.accepted, batch.rejected, batch.file_name) == (4, 0, "报名表.xlsx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_the_encodings_excel_and_wps_save(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
) -> None:
    path = write_csv(tmp_path / "报名表.csv", good_rows(3), encoding=encoding)
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result == {"accepted": [2, 3, 4], "rejected": [], "duplicates": [], "warnings": []}
    with db.reading() as s:
        names = list(s.scalars(select(Participant.name).order_by(Participant.import_row)))
    assert names == ["张伟", "李娜", "王芳"]


def test_gb18030_csv_with_rare_name_characters_outside_gb2312(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 喆, 堃, 犇, 昇, 頔 are not in GB2312 but are common in names: GB18030 has them all.
    make_event(db, single=True)
    names = ["王喆", "李堃", "张犇", "刘昇", "陈頔"]
    rows = [
        [name, f"1380000000{i}", make_id("19800101", seq=f"{i}1{i}")]
        for i, name in enumerate(names)
    ]
    path = write_csv(
        tmp_path / "报名表.csv", rows, encoding="gb18030", header=["姓名", "手机", "身份证号码"]
    )
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result["accepted"] == [2, 3, 4, 5, 6] and result["rejected"] == []
    with db.reading() as s:
        stored = list(s.scalars(select(Participant.name).order_by(Participant.import_row)))
    assert stored == names


def test_xlsx_with_a_wrong_dimension_tag_reads_every_column(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Some exporters write <dimension ref="A1"/> whatever the sheet holds.
    made = write_xlsx(tmp_path / "made.xlsx", good_rows(3))
    path = tmp_path / "报名表.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data, count = re.subn(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert count == 1
            target.writestr(item, data)
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result == {"accepted": [3, 4, 5], "rejected": [], "duplicates": [], "warnings": []}
    with db.reading() as s:
        people = list(s.scalars(select(Participant).order_by(Participant.import_row)))
        assert [(p.name, p.phone, p.activity.name) for p in people] == [
            ("张伟", "13812345678", "智慧城管"),
            ("李娜", "13900001111", "绿色城管"),
            ("王芳", "13700002222", "亲民城管"),
        ]


@pytest.mark.parametrize("document_header", ["ID Number", "ID No.", "身份证号码", "证件号码"])
def test_a_serial_id_column_does_not_take_the_place_of_the_id_number(
    db: Database,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    document_header: str,
) -> None:
    make_event(db, single=True)
    header = ["No.", "ID", "Name", document_header, "Phone"]
    rows = [[i + 1, f"A{i + 1:03d}", r[1], r[6], r[5]] for i, r in enumerate(good_rows(3))]
    path = write_csv(tmp_path / "en.csv", rows, header=header)
    assert read_sheet(path).headers["document"] == document_header
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result == {"accepted": [2, 3, 4], "rejected": [], "duplicates": [], "warnings": []}
    with db.reading() as s:
        last4 = list(s.scalars(select(Participant.doc_last4).order_by(Participant.import_row)))
    assert last4 == [str(r[6])[-4:] for r in good_rows(3)]


@pytest.mark.parametrize("phone_first", [True, False], ids=["手机-邮箱", "邮箱-手机"])
def test_two_level_header_row_is_part_of_the_header_not_a_registration(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    phone_first: bool,
) -> None:
    rows = good_rows(3)
    rows[2][5] = "1370000222"  # one digit short: the message names the sub-header's column
    path = write_two_level_xlsx(tmp_path / "两级表头.xlsx", rows, phone_first=phone_first)
    assert read_sheet(path).headers["phone"] == "手机"
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result == {
        "accepted": [4, 5],
        "rejected": [{"row": 6, "column": "手机", "reason": "手机号码应为11位，这里是10位"}],
        "duplicates": [],
        "warnings": [],
    }
    with db.reading() as s:
        stored = list(s.execute(select(Participant.name, Participant.phone)))
    assert sorted(stored) == sorted([("张伟", "13812345678"), ("李娜", "13900001111")])


def test_a_row_under_the_header_with_a_column_name_as_value_stays_a_row(tmp_path: Path) -> None:
    # 报名方式 “电话” is also a name of the phone column: still a (rejected) registration.
    header = ["姓名", "联系电话", "身份证号码", "报名方式"]
    rows = [["", "", "", "电话"], ["张伟", "13812345678", make_id(), "电话"]]
    sheet = read_sheet(write_csv(tmp_path / "a.csv", rows, header=header))
    assert sheet.headers["phone"] == "联系电话" and sheet.headers["source"] == "报名方式"
    assert [r.number for r in sheet.rows] == [2, 3]
    assert sheet.rows[1].get("phone") == "13812345678"


def test_json_shape_with_a_mix_of_good_bad_and_duplicate_rows(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows(3)
    rows[1][5] = "1380000111"  # phone one digit short
    dup = list(rows[0])
    dup[0] = 4
    rows.append(dup)  # row 6 repeats row 3's document
    rows.append(
        [5, "赵敏", "女", "", "", "13500001234", make_id("19880808", seq="062"), "绿色城管", ""]
    )
    rows[4][2] = "男"  # says male, the ID number says female: a warning, not a refusal
    path = write_xlsx(tmp_path / "mixed.xlsx", rows)
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    assert result == {
        "accepted": [3, 5, 7],
        "rejected": [
            {"row": 4, "column": "联系电话", "reason": "手机号码应为11位，这里是10位"},
            {"row": 6, "column": "身份证号码", "reason": "与第3行重复（同一证件号码）"},
        ],
        "duplicates": [{"row": 6, "duplicate_of": 3}],
        "warnings": [{"row": 7, "column": "性别", "reason": "性别填写为“男”，但证件号码显示为女"}],
    }
    assert len(snapshot(db)["participants"]) == 3


def test_importing_the_same_file_again_changes_nothing(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "报名表.xlsx", good_rows(3))
    assert import_json(capsys, db_path, path)[0] == 0
    before = snapshot(db)
    code, result = import_json(capsys, db_path, path)
    assert code == 1
    assert result["accepted"] == []
    # Stored people are not rows of this file: duplicate_of is null, the reason says who.
    assert result["duplicates"] == [{"row": r, "duplicate_of": None} for r in (3, 4, 5)]
    assert [r["row"] for r in result["rejected"]] == [3, 4, 5]
    day = _import_day(db)
    assert [r["reason"] for r in result["rejected"]] == [
        f"与已登记的报名人重复（同一证件号码，已于{day}从“报名表.xlsx”第{r}行导入）"
        for r in (3, 4, 5)
    ]
    assert snapshot(db) == before
    code, out, _ = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 1 and "这个文件已在" in out and "未写入任何数据" in out


def test_same_name_and_phone_is_a_duplicate_even_with_another_document(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows(2)
    rows.append(
        [3, "张伟", "男", "", "", "138-1234-5678", make_id("19660101", seq="071"), "智慧城管", ""]
    )
    code, result = import_json(capsys, db_path, write_xlsx(tmp_path / "a.xlsx", rows))
    assert code == 0
    assert result["duplicates"] == [{"row": 5, "duplicate_of": 3}]
    assert result["rejected"] == [
        {"row": 5, "column": "姓名", "reason": "与第3行重复（同一姓名和联系电话）"}
    ]


def test_dry_run_writes_nothing(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    path = write_xlsx(tmp_path / "报名表.xlsx", good_rows(3))
    code, out, _ = cli(
        capsys, "import", str(path), "--event", EVENT, "--db", str(db_path), "--dry-run"
    )
    assert code == 0 and "试运行" in out and "可导入3行" in out
    assert snapshot(db) == before  # not even the document key was created
    code, result = import_json(capsys, db_path, path, "--dry-run")
    assert code == 0 and result["accepted"] == [3, 4, 5]
    assert snapshot(db) == before


def test_identity_numbers_never_reach_the_database_file_or_the_output(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows(3)
    bad = make_id("19900101", seq="081")
    rows.append([4, "孙丽", "女", "", "", "13600004444", with_wrong_check(bad), "绿色城管", ""])
    path = write_xlsx(tmp_path / "报名表.xlsx", rows)
    outputs = []
    for more in ([], ["--json"], ["--dry-run"]):
        _, out, err = cli(
            capsys, "import", str(path), "--event", EVENT, "--db", str(db_path), *more
        )
        outputs.append(out + err)
    db.close()  # checkpoint the WAL into the file
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("workspace.sqlite3*"))
    numbers = [str(r[6]) for r in rows]
    for number in numbers:
        assert number.encode() not in stored
        assert number[6:].encode() not in stored  # not even the birth date and serial
        for output in outputs:
            assert number not in output


def test_registration_time_column_orders_people_and_values_are_normalised(
    db: Database, event_id: int, tmp_path: Path
) -> None:
    header = [
        "姓名",
        "手机号",
        "证件号码",
        "活动项目",
        "人员类别",
        "报名方式",
        "特邀",
        "报名时间",
        "同行人",
        "特殊需求",
    ]
    rows = [
        [
            "甲",
            "13800000001",
            make_id("19700101", seq="011"),
            "智慧城管",
            "人大",
            "网上",
            "是",
            "2024-06-12 10:00",
            "A",
            "轮椅",
        ],
        [
            "乙",
            "13800000002",
            make_id("19700101", seq="021"),
            "智慧城管",
            "群众",
            "邮件",
            "否",
            "2024/6/11 9:30",
            "A",
            "",
        ],
        [
            "丙",
            "13800000003",
            make_id("19700101", seq="031"),
            "智慧城管",
            "无人机爱好者",
            "短信",
            "也许",
            "",
            "",
            "",
        ],
    ]
    path = write_xlsx(tmp_path / "x.xlsx", rows, header=header, title=None)
    with db.transaction() as s:
        event = find_event(s, event_id)
        preview = registrations.preview_import(s, event, path)
        assert [a.category for a in preview.accepted] == ["人大代表", "市民代表", "无人机爱好者"]
        assert {(w.row, w.column) for w in preview.warnings} == {(4, "报名方式"), (4, "特邀")}
        registrations.commit_import(s, event, preview, actor="办公室")
    with db.reading() as s:
        people = list(s.scalars(select(Participant).order_by(Participant.registered_at)))
        assert [p.name for p in people] == ["乙", "甲", "丙"]
        assert [p.source for p in people] == [Source.EMAIL, Source.ONLINE, Source.PHONE]
        assert [p.invited for p in people] == [False, True, False]
        assert people[1].companion_key == "A" and people[1].needs == "轮椅"
        assert people[0].history[0].actor == "办公室"


def test_progress_is_reported_and_one_activity_needs_no_activity_column(
    db: Database, tmp_path: Path
) -> None:
    make_event(db, single=True)
    header = ["name", "phone", "ID"]
    rows = [[r[1], r[5], r[6]] for r in good_rows(3)]
    path = write_csv(tmp_path / "en.csv", rows, header=header)
    seen: list[tuple[int, int]] = []
    with db.reading() as s:
        preview = registrations.preview_import(
            s, find_event(s, EVENT), path, progress=lambda d, t: seen.append((d, t))
        )
    assert [a.activity for a in preview.accepted] == ["智慧城管"] * 3
    assert seen[-1] == (3, 3)


# --- files that cannot be read at all: exit 2, stored data untouched -----------------------


def _refused_file(
    db: Database, db_path: Path, path: Path, before: Any, capsys: pytest.CaptureFixture[str]
) -> str:
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 2
    assert out == ""
    assert snapshot(db) == before
    return err


def test_not_a_spreadsheet(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "报名表.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    err = _refused_file(db, db_path, pdf, seeded, capsys)
    assert "“报名表.pdf”不是表格文件：请导入Excel表格（.xlsx、.xls、.ods）或CSV文件" in err
    fake = tmp_path / "报名表.xlsx"
    fake.write_text("这不是Excel文件", encoding="utf-8")
    err = _refused_file(db, db_path, fake, seeded, capsys)
    assert "“报名表.xlsx”不是有效的Excel表格（.xlsx）文件" in err
    old = tmp_path / "报名表.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "另存为 .xlsx" in _refused_file(db, db_path, old, seeded, capsys)


def test_empty_sheet(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [], header=[], title=None)
    assert "表格是空的" in _refused_file(db, db_path, path, seeded, capsys)
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    assert "表格是空的" in _refused_file(db, db_path, empty_csv, seeded, capsys)
    only_header = write_xlsx(tmp_path / "header.xlsx", [])
    err = _refused_file(db, db_path, only_header, seeded, capsys)
    assert "表格第2行是表头，但下面没有报名数据" in err


def test_no_header_row(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [r[1:] for r in good_rows(3)]
    path = write_xlsx(tmp_path / "noheader.xlsx", rows, header=["张三", "男"], title=None)
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "找不到表头行" in err and "“姓名”“证件号码”“联系电话”" in err


def test_required_column_missing(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = [h for h in HEADER if h != "联系电话"]
    rows = [[v for i, v in enumerate(r) if i != 5] for r in good_rows(2)]
    path = write_xlsx(tmp_path / "nophone.xlsx", rows, header=header)
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "表格第2行的表头中缺少必填列“联系电话”" in err
    assert "手机、电话、联系电话" in err
    # The activity is required only when the event has more than one.
    header = HEADER[:7]
    path = write_xlsx(tmp_path / "noactivity.xlsx", [r[:7] for r in good_rows(2)], header=header)
    assert "缺少必填列“活动”" in _refused_file(db, db_path, path, seeded, capsys)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("姓名,联系电话,身份证号码\n张三,13800000000,x\n".encode("utf-16"), "UTF-16"),
        ("姓名,聯繫電話,身份證號碼,參加活動\n張偉,13800000000,x,智慧城管\n".encode("big5"), "Big5"),
    ],
    ids=["utf-16", "big5"],
)
def test_csv_in_an_unexpected_encoding(
    db: Database,
    db_path: Path,
    seeded: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / "报名表.csv"
    path.write_bytes(content)
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "无法识别“报名表.csv”的文字编码" in err and "CSV UTF-8" in err and message in err


def test_unknown_event_is_bad_usage(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", good_rows(1))
    code, _, err = cli(capsys, "import", str(path), "--event", "晋城开放周", "--db", str(db_path))
    assert code == 2 and "找不到活动" in err
    assert snapshot(db) == seeded


# --- rows that are refused: the row, the column as headed, the reason; nothing stored changes ---


def _one_bad_row(
    db: Database,
    db_path: Path,
    before: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    column: int,
    value: object,
    **kw: Any,
) -> dict[str, Any]:
    row = [
        9,
        "周杰",
        "男",
        "晋城市某单位",
        "职员",
        "13912340000",
        make_id("19790707", seq="091"),
        "绿色城管",
        "",
    ]
    row[column] = value
    path = write_xlsx(tmp_path / "bad.xlsx", [row], **kw)
    code, result = import_json(capsys, db_path, path)
    assert code == 1
    assert result["accepted"] == []
    assert snapshot(db) == before
    code, out, _ = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 1 and "不能导入1行" in out and f"第3行【{HEADER[column]}】" in out
    assert snapshot(db) == before
    return result


def _reason(result: dict[str, Any]) -> tuple[int, str, str]:
    (problem,) = result["rejected"]
    return problem["row"], problem["column"], problem["reason"]


def test_wrong_check_character(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = with_wrong_check(make_id("19790707", seq="091"))
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 6, bad)
    assert _reason(result) == (
        3,
        "身份证号码",
        "居民身份证号码的校验位（最后一位）不正确，请核对号码是否抄错",
    )


def test_impossible_birth_date(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 6, make_id("19900230"))
    assert _reason(result) == (
        3,
        "身份证号码",
        "居民身份证号码中的出生日期（第7–14位）不是真实的日期，请核对号码",
    )


def test_under_18_on_the_activity_date(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 18 on 2024-06-21: still 17 on 绿色城管's date, 2024-06-20.
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 6, make_id("20060621"))
    row, column, reason = _reason(result)
    assert (row, column) == (3, "身份证号码")
    assert reason.startswith("未满18周岁")


def test_age_is_checked_on_the_chosen_activity_date(
    db: Database, event_id: int, tmp_path: Path
) -> None:
    doc = make_id("20060619", seq="011")  # turns 18 on 2024-06-19, 智慧城管's date
    rows = [["甲", "13800000001", doc, "智慧城管"], ["甲", "13800000001", doc, "亲民城管"]]
    header = ["姓名", "手机", "身份证", "活动"]
    with db.reading() as s:
        event = find_event(s, event_id)
        ok = registrations.preview_import(
            s, event, write_csv(tmp_path / "a.csv", rows[:1], header=header)
        )
        young = registrations.preview_import(
            s, event, write_csv(tmp_path / "b.csv", rows[1:], header=header)
        )
    assert [a.row for a in ok.accepted] == [2]
    assert young.rejected[0].reason.startswith("未满18周岁")


def test_phone_of_the_wrong_length(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 5, "139 1234 00001")
    assert _reason(result) == (3, "联系电话", "手机号码应为11位，这里是12位")


def test_unknown_activity_suggests_the_closest(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 7, "绿色成管")
    assert _reason(result) == (3, "参加活动", "没有名为“绿色成管”的活动，是否是“绿色城管”？")


def test_empty_name(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _one_bad_row(db, db_path, seeded, tmp_path, capsys, 1, "  ")
    assert _reason(result) == (3, "姓名", "姓名为空")


def test_id_number_excel_stored_as_a_number(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = _one_bad_row(
        db, db_path, seeded, tmp_path, capsys, 6, make_id("19790707", seq="091"), id_as_number=True
    )
    row, column, reason = _reason(result)
    assert (row, column) == (3, "身份证号码")
    assert "Excel把该列当作数字存储" in reason and "设置为“文本”格式" in reason


@pytest.mark.parametrize("value", ["6.40402199001011E+17", "640402199001011000", "640402790707091"])
def test_id_number_mangled_by_excel_in_a_csv(
    db: Database,
    db_path: Path,
    seeded: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: str,
) -> None:
    row = [1, "周杰", "男", "", "", "13912340000", value, "绿色城管", ""]
    code, result = import_json(capsys, db_path, write_csv(tmp_path / "x.csv", [row]))
    assert code == 1
    assert "设置为“文本”格式" in result["rejected"][0]["reason"]
    assert snapshot(db) == seeded


def test_duplicate_of_a_stored_person(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The second person of the seeded file again, typed differently, on another row.
    again = good_rows(2)[1]
    again[6] = " " + str(again[6])[:6] + " " + str(again[6])[6:]
    again[5] = "+86 139-0000-1111"
    path = write_xlsx(tmp_path / "again.xlsx", [good_rows(4)[3], again])
    code, result = import_json(capsys, db_path, path)
    assert code == 0
    # Row 4 of first.xlsx, not of this file: no row number of this file to point at.
    assert result["duplicates"] == [{"row": 4, "duplicate_of": None}]
    assert result["rejected"] == [
        {
            "row": 4,
            "column": "身份证号码",
            "reason": f"与已登记的报名人重复（同一证件号码，已于{_import_day(db)}"
            "从“first.xlsx”第4行导入）",
        }
    ]
    after = snapshot(db)
    assert after["participants"][:2] == seeded["participants"]
    assert len(after["participants"]) == 3


def test_duplicate_of_a_person_entered_by_hand(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Someone the office typed in (or the demo made): stored without an import.
    number = make_id("19661010", seq="133")
    with db.transaction() as s:
        event = find_event(s, EVENT)
        key = s.get(Setting, registrations.DOCUMENT_KEY)
        assert key is not None
        s.add(
            Participant(
                event_id=event.id,
                activity_id=event.activities[0].id,
                name="赵刚",
                phone="13700009999",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=document_hash(key.value, number),
                doc_last4=number[-4:],
                doc_prefix=number[:4],
            )
        )
    before = snapshot(db)
    rows = [
        [1, "赵刚", "男", "", "", "13700009999", number, "智慧城管", ""],
        [2, "赵刚", "男", "", "", "13700009999", make_id("19661010", seq="153"), "智慧城管", ""],
    ]
    code, result = import_json(capsys, db_path, write_xlsx(tmp_path / "hand.xlsx", rows))
    assert code == 1
    assert result["duplicates"] == [
        {"row": 3, "duplicate_of": None},
        {"row": 4, "duplicate_of": None},
    ]
    assert [(r["row"], r["column"], r["reason"]) for r in result["rejected"]] == [
        (3, "身份证号码", "与已登记的报名人重复（同一证件号码，手工录入或演示数据）"),
        (4, "姓名", "与已登记的报名人重复（同一姓名和联系电话，手工录入或演示数据）"),
    ]
    assert snapshot(db) == before


@pytest.mark.postgres
def test_import_on_postgresql(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(pg_url)
    make_event(database)
    path = write_xlsx(tmp_path / "报名表.xlsx", good_rows(4))
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", pg_url, "--json")
    assert code == 0, err
    assert json.loads(out)["accepted"] == [3, 4, 5, 6]
    code, out, _ = cli(capsys, "import", str(path), "--event", EVENT, "--db", pg_url, "--json")
    assert code == 1 and len(json.loads(out)["duplicates"]) == 4
    with database.reading() as s:
        assert len(list(s.scalars(select(Participant)))) == 4
        assert len(list(s.scalars(select(StatusChange)))) == 4
    database.close()


# --- hostile and damaged files: one sentence naming the file, exit 2, nothing stored changes -----


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    """`source` with some members' bytes replaced (the rest copied as they are)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return target


def _member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _damaged_workbooks(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Damaged copies of a genuine sheet, each with what the message must say."""
    good = write_xlsx(tmp_path / "good.xlsx", good_rows(3))
    raw = good.read_bytes()
    sheet = _member(good, "xl/worksheets/sheet1.xml")
    book = _member(good, "xl/workbook.xml")
    at = raw.index(b"xl/worksheets/sheet1.xml") + 60  # inside its deflated bytes
    flipped = raw[:at] + bytes(b ^ 0x55 for b in raw[at : at + 40]) + raw[at + 40 :]
    made: dict[str, tuple[Path, bytes, str]] = {
        "truncated": (tmp_path / "截断.xlsx", raw[: len(raw) // 2], "文件不完整或已损坏"),
        "empty": (tmp_path / "空.xlsx", b"", "文件不完整或已损坏"),
        "zlib": (tmp_path / "压缩.xlsx", flipped, "压缩数据已损坏"),
    }
    damaged = {name: (path, why) for name, (path, data, why) in made.items()}
    for path, data, _ in made.values():
        path.write_bytes(data)
    for name, member, data, why in [
        ("bad-xml", "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2], "XML内容格式错误"),
        ("value-error", "xl/worksheets/sheet1.xml", sheet.replace(b'r="3"', b'r="x"', 1), "格式"),
        ("key-error", "xl/workbook.xml", book.replace(b'r:id="rId1"', b'r:id="rId9"'), "格式"),
    ]:
        damaged[name] = (_rezip(good, tmp_path / f"{name}.xlsx", {member: data}), why)
    return damaged


def test_damaged_workbooks_are_refused_in_one_sentence(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, (path, why) in _damaged_workbooks(tmp_path).items():
        err = _refused_file(db, db_path, path, seeded, capsys)
        assert err.startswith(f"错误：“{path.name}”不是有效的Excel表格（.xlsx）文件："), name
        assert why in err and err.count("\n") == 1 and "Traceback" not in err, (name, err)


def test_files_that_cannot_be_opened(
    db: Database,
    db_path: Path,
    seeded: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "报名表.xlsx"
    folder.mkdir()
    assert "是一个文件夹" in _refused_file(db, db_path, folder, seeded, capsys)
    assert "找不到文件" in _refused_file(db, db_path, tmp_path / "没有.csv", seeded, capsys)
    locked = write_csv(tmp_path / "锁定.csv", good_rows(2))
    real_open = Path.open

    def no_permission(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:  # chmod 000 does not stop root, who may run the tests
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", no_permission)
    monkeypatch.setattr(Path, "read_bytes", lambda self: no_permission(self).read())
    err = _refused_file(db, db_path, locked, seeded, capsys)
    assert f"无法读取“{locked}”：没有读取权限" in err


def test_csv_with_bytes_of_no_encoding(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "乱码.csv"
    path.write_bytes("姓名,联系电话,身份证号码\n".encode() + b"\xff\xfe\x81\x30\xff\x00\xfe\n" * 3)
    assert "无法识别“乱码.csv”的文字编码" in _refused_file(db, db_path, path, seeded, capsys)


def test_sheets_over_the_limits_are_refused_naming_the_limit(
    db: Database,
    db_path: Path,
    seeded: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from checkin_app import sheets

    # A row numbered far beyond Excel's own limit: openpyxl would hand over every empty row
    # before it, for ever; the row limit stops it.
    good = write_xlsx(tmp_path / "good.xlsx", good_rows(3))
    # (python-calamine reads a number past its own limit as the next row: that one is imported.)
    for row in ("99999999999", "500000"):
        xml = _member(good, "xl/worksheets/sheet1.xml")
        # The row's number and its cells' references (A5, B5...), which calamine reads.
        far = re.sub(rb'r="([A-Z]*)5"', b'r="\\g<1>' + row.encode() + b'"', xml)
        path = _rezip(good, tmp_path / "远.xlsx", {"xl/worksheets/sheet1.xml": far})
        if sheet_reader.XLSX_READER == "calamine" and row == "99999999999":
            continue
        assert "“远.xlsx”超过100,000行的上限" in _refused_file(db, db_path, path, seeded, capsys)
    monkeypatch.setattr(sheets, "MAX_ROWS", 4)
    rows = write_csv(tmp_path / "多.csv", good_rows(3))  # header + 3 rows: 4 rows, allowed
    assert (
        cli(capsys, "import", str(rows), "--event", EVENT, "--db", str(db_path), "--dry-run")[0]
        == 0
    )
    rows = write_csv(tmp_path / "多.csv", good_rows(4))
    assert "“多.csv”超过4行的上限" in _refused_file(db, db_path, rows, seeded, capsys)
    wide = write_csv(tmp_path / "宽.csv", [[*r, *[""] * 2_000] for r in good_rows(2)])
    assert "超过2,000列的上限" in _refused_file(db, db_path, wide, seeded, capsys)
    # The unpacked size is read from the zip's directory before any XML is parsed.
    monkeypatch.setattr(sheets, "MAX_CONTENT_MB", 0.01)
    big = write_xlsx(tmp_path / "大.xlsx", good_rows(300))
    err = _refused_file(db, db_path, big, seeded, capsys)
    assert "“大.xlsx”解压后的表格内容有" in err and "超过0.01 MB的上限" in err
    monkeypatch.setattr(sheets, "MAX_CONTENT_MB", 0.0001)
    big_csv = write_csv(tmp_path / "大.csv", good_rows(3))
    assert "“大.csv”大于0.0001 MB的上限" in _refused_file(db, db_path, big_csv, seeded, capsys)


def test_a_zip_bomb_is_refused_from_its_directory(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", good_rows(3))
    sheet = _member(good, "xl/worksheets/sheet1.xml")
    padding = b"<!--" + b" " * (3 * 1024 * 1024) + b"-->"  # 3 MB that packs into a few KB
    bomb = sheet.replace(b"<sheetData>", padding + b"<sheetData>", 1)
    path = _rezip(good, tmp_path / "炸弹.xlsx", {"xl/worksheets/sheet1.xml": bomb})
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "压缩比超过200:1的上限" in err and "“炸弹.xlsx”" in err


def test_a_member_that_lies_about_its_size_is_refused(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", good_rows(100))
    raw = bytearray(good.read_bytes())
    # The central directory's uncompressed size of the sheet, set to 1 byte: zipfile would
    # inflate all of it anyway and only then find the CRC wrong.
    entry = raw.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(raw[entry + 28 : entry + 30], "little")
        name = bytes(raw[entry + 46 : entry + 46 + name_length])
        if name == b"xl/worksheets/sheet1.xml":
            raw[entry + 24 : entry + 28] = (1).to_bytes(4, "little")
            break
        extra = int.from_bytes(raw[entry + 30 : entry + 32], "little")
        comment = int.from_bytes(raw[entry + 32 : entry + 34], "little")
        entry += 46 + name_length + extra + comment
    path = tmp_path / "谎报.xlsx"
    path.write_bytes(bytes(raw))
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "压缩数据与其声明的大小不符" in err


def test_control_characters_are_dropped_with_a_warning(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows(3)
    rows[0][1] = "张\x00伟\x1b"  # C0 (openpyxl cannot even write these on export)
    rows[1][3] = "城区\u202e西街\u202c社区"  # a bidi override: the name would read backwards
    rows[2][8] = "备注\x85\x7f\ufeff"  # C1, DEL, a stray BOM
    path = write_csv(tmp_path / "控制字符.csv", rows)
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3, 4]
    warned = {(w["row"], w["column"]) for w in result["warnings"]}
    assert warned == {(2, "姓名"), (3, "工作单位"), (4, "备注")}
    assert {w["reason"] for w in result["warnings"]} == {"含有不可见的控制字符，已删除"}
    with db.reading() as s:
        people = {p.import_row: p for p in s.scalars(select(Participant))}
    assert people[2].name == "张伟"
    assert people[3].work_unit == "城区西街社区"
    assert people[4].remarks == "备注"
    # In an XLSX too (Excel keeps C0 as _x001B_; openpyxl reads it back as the character).
    rows = good_rows(1)
    rows[0][1] = "李\u202e娜\x9b"
    rows[0][5], rows[0][6] = "13511112222", make_id("19660101", seq="071")
    path = write_xlsx(tmp_path / "控制字符.xlsx", rows)
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and [(w["row"], w["column"]) for w in result["warnings"]] == [(3, "姓名")]
    with db.reading() as s:
        assert s.scalars(select(Participant.name).where(Participant.import_row == 3)).all()[-1] == (
            "李娜"
        )


def test_csv_with_old_mac_line_ends_is_not_taken_for_one_wide_row(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from checkin_app import sheets

    monkeypatch.setattr(sheets, "MAX_COLUMNS", 20)  # the 3 rows on one line would have 27
    path = write_csv(tmp_path / "mac.csv", good_rows(3))
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r"))
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3, 4]


def test_csv_with_an_unclosed_quote(
    db: Database, db_path: Path, seeded: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "引号.csv"
    path.write_text('姓名,联系电话,身份证号码\n张三,"138' + "0" * 140_000, encoding="utf-8")
    err = _refused_file(db, db_path, path, seeded, capsys)
    assert "“引号.csv”不是有效的CSV文件：有一个单元格超过131,072个字符（可能是引号不配对）" in err
