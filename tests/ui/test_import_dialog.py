"""The import dialog driven as a user would: preview with errors, nothing written, then 导入."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app.db import Database
from checkin_app.models import ImportBatch, Participant
from tests.fixtures_import import (
    EVENT,
    good_rows,
    make_event,
    make_id,
    with_wrong_check,
    write_xlsx,
)
from tests.ui.conftest import screenshot
from ui import operations
from ui.import_dialog import ImportDialog


def _count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Participant)) or 0)


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> Iterator[ImportDialog]:
    event_id = make_event(db)
    widget = ImportDialog(db, event_id)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    operations.wait_for_workers()


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    rows = good_rows(4)
    rows.append(
        [
            5,
            "赵敏",
            "女",
            "某单位",
            "职员",
            "1381234",
            make_id("19880808", seq="064"),
            "智慧城管",
            "",
        ]
    )
    rows.append(
        [
            6,
            "孙强",
            "男",
            "某单位",
            "职员",
            "13812340000",
            with_wrong_check(make_id("19700101", seq="071")),
            "智慧城管",
            "",
        ]
    )
    rows.append(
        [
            7,
            "周杰",
            "男",
            "某单位",
            "职员",
            "13812340001",
            make_id("19820202", seq="081"),
            "智汇城管",
            "",
        ]
    )
    rows.append(
        [
            8,
            "钱多",
            "男",
            "某单位",
            "职员",
            "13812340002",
            make_id("20150101", seq="091"),
            "绿色城管",
            "",
        ]
    )
    rows.append(rows[0][:1] + rows[0][1:])  # the first person again: a duplicate
    rows[-1][0] = 9
    return write_xlsx(tmp_path / "报名表.xlsx", rows)


def test_preview_shows_every_bad_row_and_writes_nothing_until_import(
    dialog: ImportDialog, qtbot: QtBot, db: Database, sheet: Path
) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.load(sheet)
    # Rows as Excel numbers them: the title is row 1, the header row 2, people from row 3.
    table = dialog.rejected_table
    shown = {
        int(table.item(r, 0).text()): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }
    assert shown[7][0] == "联系电话" and "11位" in shown[7][1]
    assert shown[8][0] == "身份证号码" and "校验" in shown[8][1]
    assert shown[9][0] == "参加活动" and "智慧城管" in shown[9][1]
    assert shown[10][0] == "身份证号码" and "18" in shown[10][1]
    assert dialog.duplicates_table.rowCount() == 1
    assert dialog.duplicates_table.item(0, 0).text() == "11"
    assert "第3行" in dialog.duplicates_table.item(0, 1).text()
    assert "可导入 4 行" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    dialog.tabs.setCurrentIndex(0)
    screenshot(dialog, "import_dialog_preview")
    # Nothing is written by the preview: no ID number in clear anywhere on screen either.
    assert _count(db) == 0
    assert make_id("19800312", seq="011") not in dialog.accepted_table.item(0, 4).text()

    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _count(db) == 4
    assert "已导入 4 人" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    screenshot(dialog, "import_dialog_done")

    # The same file again: nothing new, and the dialog says the file was imported before.
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.load(sheet)
    assert "导入过" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert _count(db) == 4
    # On the event's clock (China), never UTC; and the dialog says which event it imports into.
    with db.reading() as s:
        at = s.scalars(select(ImportBatch.at)).one()
    china = at.replace(tzinfo=dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert f"已于 {china:%Y-%m-%d %H:%M} 导入过" in dialog.summary.text()
    assert "UTC" not in dialog.summary.text()
    assert dialog.event_label.text() == f"导入到：{EVENT}"
    assert EVENT in dialog.windowTitle()
    screenshot(dialog, "import_dialog_again")


def test_unreadable_file_is_explained_and_nothing_changes(
    dialog: ImportDialog, qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    bogus = tmp_path / "报名表.xlsx"
    bogus.write_bytes(b"%PDF-1.4 not a spreadsheet")
    with qtbot.waitSignal(dialog.failed, timeout=20000) as blocker:
        dialog.load(bogus)
    assert blocker.args and blocker.args[0]
    assert dialog.summary.text() == blocker.args[0]
    assert not dialog.import_button.isEnabled()
    screenshot(dialog, "import_dialog_unreadable")
    assert _count(db) == 0


def _choose(dialog: ImportDialog, header: str, label: str) -> None:
    table = dialog.mapping_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == header)
    box = table.cellWidget(row, 2)
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findText(label))


def test_unrecognised_columns_open_a_mapping_step_and_it_is_remembered(
    dialog: ImportDialog, qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    rows = [[r[1], r[5], r[6], r[7]] for r in good_rows(2)]
    odd = write_xlsx(tmp_path / "自制.xlsx", rows, header=["参会者", "手机", "证件", "想去哪里"])
    with qtbot.waitSignal(dialog.needs_mapping, timeout=20000):
        dialog.load(odd)
    assert dialog.mapping.isVisible() and "找不到表头行" in dialog.summary.text()
    table = dialog.mapping_table
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "参会者",
        "手机",
        "证件",
        "想去哪里",
    ]
    assert table.item(0, 1).text() == "张伟；李娜"  # sample values beside each column
    assert dialog.chosen_mapping()["手机"] == "phone"  # recognised columns come pre-selected
    assert dialog.chosen_mapping()["参会者"] == ""  # the others: 忽略

    # Two columns for one field: refused at once, nothing read or written.
    _choose(dialog, "参会者", "姓名")
    _choose(dialog, "想去哪里", "姓名")
    qtbot.mouseClick(dialog.map_button, Qt.MouseButton.LeftButton)
    assert "都对应到了“姓名”" in dialog.summary.text() and dialog.mapping.isVisible()

    _choose(dialog, "想去哪里", "活动")
    _choose(dialog, "证件", "证件号码")
    dialog.remember_map.setChecked(True)
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        qtbot.mouseClick(dialog.map_button, Qt.MouseButton.LeftButton)
    assert dialog.accepted_table.rowCount() == 2 and not dialog.mapping.isVisible()
    assert _count(db) == 0  # nothing written before the preview is accepted
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _count(db) == 2

    # The same header next time: the remembered mapping, straight to the preview.
    again = [[r[1], r[5], r[6], r[7]] for r in good_rows(4)[2:]]
    path = write_xlsx(tmp_path / "再来.xlsx", again, header=["参会者", "手机", "证件", "想去哪里"])
    with qtbot.waitSignal(dialog.previewed, timeout=20000):
        dialog.load(path)
    assert dialog.accepted_table.rowCount() == 2
