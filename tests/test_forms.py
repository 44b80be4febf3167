"""`checkin forms`: the paper 报名表 and the XLSX template that imports with no mapping."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from checkin_app import events
from checkin_app.db import Database
from checkin_app.forms import TEMPLATE_HEADER
from tests.fixtures_import import EVENT, good_rows, make_event
from tests.test_import import cli, import_json, snapshot

# Printing needs a QGuiApplication; the widgets tests that may follow need it to be a
# QApplication, so let pytest-qt make the one application of the run.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def event_id(db: Database) -> int:
    return make_event(db)


def _fill(template: Path, out: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.load_workbook(template)
    sheet = book.active
    assert sheet is not None
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=4 + offset, column=column, value=value)
    book.save(out)
    return out


def test_a_filled_template_imports_with_no_mapping(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "模板.xlsx"
    code, out, err = cli(
        capsys, "forms", "--event", EVENT, "--registration", str(template), "--db", str(db_path)
    )
    assert code == 0 and "活动：亲民城管、智慧城管、绿色城管" in out, err
    sheet = openpyxl.load_workbook(template).active
    assert sheet is not None
    assert tuple(c.value for c in sheet[3]) == TEMPLATE_HEADER
    assert sheet["G4"].number_format == "@"  # the ID column is text: no digits lost
    filled = _fill(template, tmp_path / "已填.xlsx", [list(r) for r in good_rows(3)])
    code, result = import_json(capsys, db_path, filled)
    assert code == 0 and result["accepted"] == [4, 5, 6], result


def test_a_template_from_another_event_is_refused(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction() as s:
        other = events.create_event(s, "另一个开放日")
        events.add_activity(
            s, other, "智慧城管", events.find_event(s, event_id).activities[0].date, 5
        )
    template = tmp_path / "别的模板.xlsx"
    code, _, _ = cli(
        capsys, "forms", "--event", "另一个开放日", "--registration", str(template),
        "--db", str(db_path),
    )  # fmt: skip
    assert code == 0
    filled = _fill(template, tmp_path / "填错.xlsx", [list(r) for r in good_rows(2)])
    before = snapshot(db)
    code, out, err = cli(capsys, "import", str(filled), "--event", EVENT, "--db", str(db_path))
    assert code == 2 and out == ""
    assert "“填错.xlsx”是“另一个开放日”的报名表模板，不是“" + EVENT + "”的" in err
    assert snapshot(db) == before


def test_the_paper_form_is_a_pdf(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "报名表.pdf"
    code, _out, err = cli(
        capsys, "forms", "--event", EVENT, "--registration", str(pdf), "--db", str(db_path)
    )
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_a_form_of_an_unknown_kind_is_refused(
    db: Database, db_path: Path, event_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = cli(
        capsys, "forms", "--event", EVENT, "--registration", str(tmp_path / "表.docx"),
        "--db", str(db_path),
    )  # fmt: skip
    assert code == 2 and "只能写成 .xlsx（导入模板）或 .pdf（打印）" in err
    assert not (tmp_path / "表.docx").exists()
