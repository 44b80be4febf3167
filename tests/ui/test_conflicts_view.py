"""冲突处理, driven as the office would: merge two stations' bundles, see and settle a conflict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app.models import ConflictDecision, LogEvent, LogKind
from tests.test_sync import Field, flip, make_conflicts
from tests.ui.conftest import screenshot
from ui import operations
from ui.app import use_cjk_font
from ui.conflicts_view import ConflictsView

TIMEOUT = 15000


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    f = Field(tmp_path)
    yield f
    operations.wait_for_workers()
    f.close()


@pytest.fixture
def view(qtbot: QtBot, field: Field) -> ConflictsView:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_cjk_font(app)
    widget = ConflictsView(field.office, field.event_id)
    widget.operator = "王主任"
    qtbot.addWidget(widget)
    widget.resize(1070, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.loaded_once)
    return widget


def cells(view: ConflictsView, row: int) -> list[str]:
    return [view.table.item(row, c).text() for c in range(view.table.columnCount())]


def decisions(field: Field) -> list[tuple[str, str, str]]:
    with field.office.reading() as s:
        rows = s.scalars(select(ConflictDecision))
        return [(d.kind, d.decision, d.actor) for d in rows]


def test_merged_bundles_show_their_conflicts_which_get_settled(
    view: ConflictsView, field: Field, qtbot: QtBot
) -> None:
    assert view.table.rowCount() == 0 and "冲突 0 项" in view.counts.text()
    make_conflicts(field)
    east = field.export("东门", "east.bundle")
    west = field.export("西门", "west.bundle")
    view.merge([west, east])
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=TIMEOUT)
    assert "新合并 6 条记录，已有 0 条；拒收 0 个文件；冲突 3 项（待处理 3 项）" in (
        view.message.text()
    )
    assert view.refused.isHidden()
    first = cells(view, 0)
    assert first[:4] == ["重复签到", first[1], "东门、西门", "待处理"]
    assert first[1].startswith("参观者1（") and "*" in first[1]
    assert "都签到了" in first[4]
    assert [cells(view, r)[0] for r in (1, 2)] == ["异地撤销", "座位重复"]
    assert not view.settle_button.isEnabled()
    screenshot(view, "conflicts_view")

    view.table.selectRow(0)
    assert view.settle_button.isEnabled()
    # An empty decision is refused in Chinese and nothing is recorded.
    qtbot.mouseClick(view.settle_button, Qt.MouseButton.LeftButton)
    dialog = view.settle_dialog
    assert dialog is not None and "都签到了" in dialog.labelText()
    # "以哪次为准" offers each station's record to choose, and free text still goes.
    assert "以哪次为准" in dialog.labelText()
    offered = dialog.comboBoxItems()
    assert len(offered) == 2 and dialog.isComboBoxEditable()
    assert {"东门", "西门"} == {o[2:4] for o in offered}
    assert all(o.startswith("以“") and o.endswith("的签到为准，其余不计") for o in offered)
    screenshot(dialog, "conflicts_view_settle")
    dialog.setTextValue("  ")
    dialog.accept()
    qtbot.waitUntil(lambda: "处理意见：不能为空" in view.message.text(), timeout=TIMEOUT)
    assert decisions(field) == []

    view.table.selectRow(0)
    qtbot.mouseClick(view.settle_button, Qt.MouseButton.LeftButton)
    dialog = view.settle_dialog
    assert dialog is not None
    dialog.setTextValue("以东门为准，西门的签到不计")
    dialog.accept()
    # 待处理 shows only the two left; 全部 shows the decision.
    qtbot.waitUntil(lambda: view.table.rowCount() == 2, timeout=TIMEOUT)
    assert view.message.text() == "已记录处理意见"
    assert "冲突 3 项，待处理 2 项" in view.counts.text()
    assert decisions(field) == [("double_checkin", "以东门为准，西门的签到不计", "王主任")]
    view.filter.setCurrentIndex(1)
    assert view.table.rowCount() == 3
    assert cells(view, 0)[3] == "以东门为准，西门的签到不计"
    view.table.selectRow(0)
    assert not view.settle_button.isEnabled()  # settled once, never again
    screenshot(view, "conflicts_view_settled")

    # The same bundles again: nothing new, the decision stays with its conflict.
    view.merge([east, west])
    qtbot.waitUntil(lambda: "已有 6 条" in view.message.text(), timeout=TIMEOUT)
    assert "新合并 0 条记录" in view.message.text()
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=TIMEOUT)
    assert cells(view, 0)[3] == "以东门为准，西门的签到不计"


def test_a_tampered_bundle_is_refused_with_its_reason_and_nothing_merged(
    view: ConflictsView, field: Field, qtbot: QtBot
) -> None:
    for n in (1, 2, 3):
        field.log("东门", LogKind.CHECKIN, n, n)
    field.log("西门", LogKind.CHECKIN, 1, 5)
    east = field.export("东门", "east.bundle")
    west = field.export("西门", "west.bundle")
    flip(east, len(east.read_bytes()) // 2 + 40)
    flip(west, 2)
    view.merge([east, west])
    qtbot.waitUntil(lambda: "拒收 2 个文件" in view.message.text(), timeout=TIMEOUT)
    assert "新合并 0 条记录" in view.message.text()
    assert view.refused.isVisible() and view.refused.rowCount() == 2
    assert view.refused.item(0, 0).text() == "east.bundle"
    assert view.refused.item(0, 0).toolTip() == str(east)
    assert "校验值不符" in view.refused.item(0, 1).text()
    assert "不是签到数据包" in view.refused.item(1, 1).text()
    with field.office.reading() as s:
        assert s.scalar(select(func.count()).select_from(LogEvent)) == 0
    assert view.table.rowCount() == 0
    screenshot(view, "conflicts_view_refused")


def test_a_conflict_is_settled_by_choosing_a_stations_record(
    view: ConflictsView, field: Field, qtbot: QtBot
) -> None:
    make_conflicts(field)
    view.merge([field.export("东门", "east.bundle"), field.export("西门", "west.bundle")])
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=TIMEOUT)
    view.table.selectRow(1)  # 异地撤销
    qtbot.mouseClick(view.settle_button, Qt.MouseButton.LeftButton)
    dialog = view.settle_dialog
    assert dialog is not None
    offered = dialog.comboBoxItems()
    assert [o[:4] for o in offered] == ["撤销有效", "撤销无效"]
    assert all("“东门”" in o or "“西门”" in o for o in offered)
    screenshot(dialog, "conflicts_view_choices")
    dialog.setTextValue(offered[1])
    dialog.accept()
    qtbot.waitUntil(lambda: view.message.text() == "已记录处理意见", timeout=TIMEOUT)
    assert decisions(field) == [("undo_elsewhere", offered[1], "王主任")]
