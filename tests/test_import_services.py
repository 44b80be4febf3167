"""Registrations as the online form services download them (问卷星, 腾讯问卷, 金数据/金山表单)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from checkin_app import sheets
from checkin_app.db import Database
from checkin_app.models import Participant, Source
from checkin_app.sheets import field_of
from tests.fixtures_import import (
    EVENT,
    good_rows,
    make_event,
    wjx_text_rows,
    write_jinshuju,
    write_tencent_csv,
    write_wjx_numbers,
    write_wjx_text,
    write_xlsx,
)
from tests.test_import import cli, import_json, snapshot


@pytest.fixture
def event_id(db: Database) -> int:
    return make_event(db)


def _people(db: Database) -> list[Participant]:
    with db.reading() as s:
        return list(s.scalars(select(Participant).order_by(Participant.import_row)))


def _activities(db: Database) -> list[str]:
    with db.reading() as s:
        people = s.scalars(select(Participant).order_by(Participant.import_row))
        return [p.activity.name for p in people]


def _reasons(result: dict[str, Any]) -> list[str]:
    return [p["reason"] for p in result["rejected"]]


def test_wjx_text_download_imports_online_with_submission_times(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_wjx_text(tmp_path / "问卷星.xlsx", wjx_text_rows(3))
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3, 4], result
    people = _people(db)
    # 来源=微信 is how the form was opened: the registrations came in online, not by phone.
    assert {p.source for p in people} == {Source.ONLINE}
    assert [p.name for p in people] == ["张伟", "李娜", "王芳"]
    # 提交答卷时间 2024/6/1 10:00 on the event's clock (Asia/Shanghai) orders the waitlist.
    assert people[0].registered_at == dt.datetime(2024, 6, 1, 2, 0)
    assert people[2].registered_at == dt.datetime(2024, 6, 3, 2, 2)


def test_wjx_number_download_reads_one_column_per_option(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = wjx_text_rows(3)
    rows[2][-1] = -3  # the activity question skipped
    path = write_wjx_numbers(tmp_path / "问卷星序号.xlsx", rows)
    _code, result = import_json(capsys, db_path, path)
    assert result["accepted"] == [2, 3]
    assert len(_reasons(result)) == 1 and _reasons(result)[0].startswith("未填写活动（可选：")
    assert _activities(db) == ["智慧城管", "绿色城管"]


def test_tencent_csv_with_bom_quotes_trailing_commas_and_tabbed_numbers(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_tencent_csv(tmp_path / "腾讯问卷.csv", good_rows(3))
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3, 4], result
    people = _people(db)
    assert next(p.phone for p in people) == "13812345678"
    assert _activities(db) == ["智慧城管", "绿色城管", "亲民城管"]
    assert {p.source for p in people} == {Source.ONLINE}


def test_jinshuju_seed_labels_and_numbered_options(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jinshuju(tmp_path / "金数据.xlsx", good_rows(3))
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3, 4], result
    assert _activities(db) == ["智慧城管", "绿色城管", "亲民城管"]


@pytest.mark.parametrize(
    ("column", "marker", "reason"),
    [
        (6, "(空)", "姓名为空"),
        (6, "（跳过）", "姓名为空"),
        (6, "无", "姓名为空"),
        (12, "-3", "未填写活动"),
        (12, "—", "未填写活动"),
        (12, "(跳过)", "未填写活动"),
    ],
)
def test_skip_markers_are_blanks_and_a_required_blank_is_refused(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    column: int,
    marker: str,
    reason: str,
) -> None:
    rows = wjx_text_rows(2)
    rows[1][column] = marker
    path = write_wjx_text(tmp_path / "跳过.xlsx", rows)
    _code, result = import_json(capsys, db_path, path)
    assert result["accepted"] == [2]
    assert any(r.startswith(reason) for r in _reasons(result)), result
    assert [p.name for p in _people(db)] == ["张伟"]  # (空) is never a name


def test_a_skipped_document_in_the_tencent_csv_is_refused(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = good_rows(2)
    rows[1][6] = "(空)"
    path = write_tencent_csv(tmp_path / "腾讯问卷.csv", rows)
    _code, result = import_json(capsys, db_path, path)
    assert result["accepted"] == [2]
    assert result["rejected"][0]["row"] == 3 and result["rejected"][0]["column"] == "6.身份证号码"


def test_a_multi_choice_cell_naming_an_unknown_activity_suggests_the_closest(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    rows = wjx_text_rows(1)
    rows[0][-1] = "智慧城管┋绿色城关"
    code, result = import_json(capsys, db_path, write_wjx_text(tmp_path / "多选.xlsx", rows))
    assert code == 1
    assert _reasons(result) == ["没有名为“绿色城关”的活动，是否是“绿色城管”？"]
    assert snapshot(db) == before


@pytest.mark.parametrize("joined", ["智慧城管┋绿色城管", "智慧城管|绿色城管", "智慧城管，绿色城管"])
def test_two_chosen_activities_are_named_in_the_refusal(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    joined: str,
) -> None:
    rows = wjx_text_rows(2)
    rows[0][-1] = joined
    _code, result = import_json(capsys, db_path, write_wjx_text(tmp_path / "两项.xlsx", rows))
    assert result["accepted"] == [3]
    assert _reasons(result)[0].startswith("选择了2项活动（智慧城管、绿色城管）")


def test_option_numbers_without_their_texts_are_refused_asking_for_the_text_download(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    rows = wjx_text_rows(2)
    for r in rows:
        r[-1] = 2
    code, result = import_json(capsys, db_path, write_wjx_text(tmp_path / "序号.xlsx", rows))
    assert code == 1 and result["accepted"] == []
    assert "按选项文本" in _reasons(result)[0] and "“2”" in _reasons(result)[0]
    assert snapshot(db) == before


def test_option_numbers_are_decoded_when_the_header_lists_the_options(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = wjx_text_rows(2)
    for r in rows:
        r[-1] = 2
    header = [
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
        "6、身份证号码：",
        "7、报名参加哪项活动（1.智慧城管 2.绿色城管 3.亲民城管）",
    ]
    path = write_xlsx(tmp_path / "带选项.xlsx", rows, header=header, title=None)
    code, result = import_json(capsys, db_path, path)
    assert code == 0 and result["accepted"] == [2, 3], result
    assert set(_activities(db)) == {"绿色城管"}


# --- column mapping ------------------------------------------------------------------------

_ODD = ["参会者", "手机", "证件", "想去哪里"]


def _odd_sheet(tmp_path: Path) -> Path:
    rows = [[r[1], r[5], r[6], r[7]] for r in good_rows(2)]
    return write_xlsx(tmp_path / "自制.xlsx", rows, header=_ODD, title=None)


def test_a_mapping_imports_columns_it_names_and_can_be_remembered(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _odd_sheet(tmp_path)
    code, _out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 2 and "找不到表头行" in err
    maps = ["--map", "参会者=姓名", "--map", "证件=document", "--map", "想去哪里=活动"]
    code, result = import_json(capsys, db_path, path, *maps, "--save-map", "--dry-run")
    assert code == 0 and result["accepted"] == [2, 3]
    assert _people(db) == []  # a dry run remembers nothing either
    code, result = import_json(capsys, db_path, path, *maps, "--save-map")
    assert code == 0 and len(_people(db)) == 2
    # The same header next time: the remembered mapping, no --map needed.
    again = write_xlsx(
        tmp_path / "再来.xlsx",
        [[r[1], r[5], r[6], r[7]] for r in good_rows(4)[2:]],
        header=_ODD,
        title=None,
    )
    code, result = import_json(capsys, db_path, again)
    assert code == 0 and result["accepted"] == [2, 3], result


def test_a_mapping_of_two_columns_to_one_field_is_refused(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    path = _odd_sheet(tmp_path)
    code, out, err = cli(
        capsys,
        "import",
        str(path),
        "--event",
        EVENT,
        "--db",
        str(db_path),
        "--map",
        "参会者=姓名",
        "--map",
        "想去哪里=姓名",
    )
    assert code == 2 and out == ""
    assert "列“参会者”和“想去哪里”都对应到了“姓名”：一个字段只能对应一列" in err
    assert snapshot(db) == before


def test_a_mapping_naming_a_column_the_file_lacks_is_refused(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    code, _out, err = cli(
        capsys,
        "import",
        str(_odd_sheet(tmp_path)),
        "--event",
        EVENT,
        "--db",
        str(db_path),
        "--map",
        "参会者=姓名",
        "--map",
        "证件=证件号码",
        "--map",
        "想去哪里=活动",
        "--map",
        "邮箱=备注",
    )
    assert code == 2 and "表头中没有列“邮箱”" in err
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("1、您的姓名：", "name"),
        ("Q2. 性别", "gender"),
        ("第3题 工作单位", "work_unit"),
        ("4.职务", "job_title"),
        ("5、请填写您的联系电话（手机）：", "phone"),
        ("6、请填写您的身份证号码：", "document"),
        ("7、报名参加哪项活动（可多选）：", "activity"),
        ("报名参加哪项活动", "activity"),
        ("备注", "remarks"),
        ("提交答卷时间", "registered_at"),
        ("来源详情", ""),
        ("来自IP", ""),
        ("所用时间", ""),
        ("填写设备", ""),
        ("UA", ""),
        ("8、您最关心的问题", None),
    ],
)
def test_headers_written_as_questions(header: str, field: str | None) -> None:
    assert field_of(header)[0] == field


def _ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice and WPS save them."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
            for c in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="报名">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_an_ods_sheet_is_read(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["姓名", "联系电话", "身份证号码", "报名参加哪项活动"]]
    rows += [[str(r[1]), str(r[5]), str(r[6]), str(r[7])] for r in good_rows(2)]
    code, result = import_json(capsys, db_path, _ods(tmp_path / "报名表.ods", rows))
    assert code == 0 and result["accepted"] == [2, 3], result


def test_a_packed_ods_is_refused_before_it_is_opened(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    path = tmp_path / "炸弹.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<" + b" " * (60 * 1024 * 1024))
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 2 and out == "" and "“炸弹.ods”" in err and "压缩炸弹" in err, err
    assert snapshot(db) == before


def test_a_damaged_xls_is_refused_in_one_sentence(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(db)
    path = tmp_path / "旧表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert (
        err.startswith("错误：“旧表.xls”不是有效的旧版Excel表格（.xls）文件：")
        and "另存为 .xlsx" in err
    )
    assert snapshot(db) == before


def test_an_xls_over_the_size_limit_is_refused_unread(
    db: Database,
    db_path: Path,
    event_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sheets, "MAX_CONTENT_MB", 1)
    path = tmp_path / "大表.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (2 * 1024 * 1024))
    code, out, err = cli(capsys, "import", str(path), "--event", EVENT, "--db", str(db_path))
    assert code == 2 and out == "" and "“大表.xls”大于1 MB的上限" in err


def test_two_phone_columns_with_notes_are_not_taken_for_options(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[r[1], r[5], "0356-1234567", r[6], r[7]] for r in good_rows(2)]
    header = ["姓名", "联系电话(手机)", "联系电话(座机)", "身份证号码", "活动"]
    code, result = import_json(
        capsys, db_path, write_xlsx(tmp_path / "两个电话.xlsx", rows, header=header)
    )
    assert code == 0 and result["accepted"] == [3, 4], result
    assert _people(db)[0].phone == "13812345678"


def test_a_phone_entry_is_refused_as_an_import_row_would_be_and_nothing_is_stored(
    db: Database, event_id: int
) -> None:
    from checkin_app import registrations
    from checkin_app.errors import UserError
    from checkin_app.events import find_event

    person = good_rows(1)[0]
    entry = registrations.Entry(
        name=str(person[1]), phone=str(person[5]), document=str(person[6]), activity="智慧城管"
    )
    with db.transaction() as s:
        registrations.add_entry(s, find_event(s, event_id), entry, actor="王老师")
    before = snapshot(db)
    for bad, said in [
        (entry, "与已登记的报名人重复"),
        (registrations.Entry("(空)", "13900000000", "", "智慧城关"), "姓名为空"),
    ]:
        with pytest.raises(UserError, match=said), db.transaction() as s:
            registrations.add_entry(s, find_event(s, event_id), bad)
    assert snapshot(db) == before
    assert [(p.name, p.source) for p in _people(db)] == [("张伟", Source.PHONE)]
