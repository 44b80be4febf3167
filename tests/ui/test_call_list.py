"""电话通知 driven as a user would: pick a person, press the outcome, see the seat offered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from checkin_app import demo
from checkin_app.db import Database
from ui import operations
from ui.call_list import CallListDialog


def test_a_call_outcome_is_recorded_with_the_operator(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as s:
        demo.build_demo(s, seed=2025)
    try:
        dialog = CallListDialog(database, 1)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=20000):
            dialog.show()
        assert dialog.table.rowCount() == len(dialog.rows) > 0
        dialog.table.selectRow(0)
        name = dialog.rows[0].name
        with qtbot.waitSignal(dialog.loaded, timeout=20000):
            qtbot.mouseClick(dialog.buttons["未接通"], Qt.MouseButton.LeftButton)
        row = next(r for r in dialog.rows if r.name == name)
        assert row.outcome == "未接通" and row.calls == 1
        assert dialog.table.item(0, 3).text() == "未接通"
        operations.wait_for_workers()
    finally:
        database.close()
