"""当日看板, driven as the office would: the figures, the chart, the report export and the purge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app import reports
from checkin_app.db import Database
from checkin_app.models import Participant, Purge
from tests.test_reports import Day, build_day
from tests.ui.conftest import screenshot
from ui import operations
from ui.app import use_cjk_font
from ui.dashboard_view import DashboardView


@pytest.fixture
def day(db: Database) -> Day:
    return build_day(db)


@pytest.fixture
def view(qtbot: QtBot, day: Day) -> Iterator[DashboardView]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_cjk_font(app)
    widget = DashboardView(day.db, day.event_id)
    qtbot.addWidget(widget)
    widget.resize(1200, 680)
    widget.show()
    qtbot.waitUntil(lambda: widget.data is not None)
    yield widget
    operations.wait_for_workers()


def test_the_day_at_a_glance(view: DashboardView, day: Day) -> None:
    with day.db.reading() as s:
        board = reports.dashboard(s, day.event_id)
    t = board.totals
    assert f"实到 {t.attended} 人（现场登记 1）" in view.totals.text()
    assert f"未到 {t.no_shows} 人" in view.totals.text() and "待处理 1" in view.totals.text()
    assert view.activities.rowCount() == 3
    assert view.activities.item(2, 0).text() == "绿色城管"
    assert view.no_shows.rowCount() == t.no_shows
    assert view.walk_ins.item(0, 1).text() == "现场甲"
    assert view.walk_ins.item(0, 3).text() == "139****5678"
    # 应到 = 实到 + 未到, on the dashboard as on the desk and in the report.
    assert t.expected == t.attended + t.no_shows
    assert view.totals.text().startswith(f"应到 {t.expected} 人 · 实到 {t.attended} 人")
    for row in range(view.activities.rowCount()):
        expected, attended, _, missing = (
            int(view.activities.item(row, c).text()) for c in (4, 5, 6, 7)
        )
        assert attended + missing == expected
    stations = {
        view.stations.item(r, 0).text(): [
            view.stations.item(r, c).text() for c in range(view.stations.columnCount())
        ]
        for r in range(view.stations.rowCount())
    }
    assert set(stations) == {"东门", "西门", "北门"}
    # No empty cell: each says what it means (never merged, only the station knows, ...).
    assert all(all(cells) for cells in stations.values())
    assert stations["东门"][1:3] == ["第 12 条", "06-20 09:30"]
    assert stations["北门"][1:3] == ["未合并", "从未同步"]
    assert stations["北门"][5] == "在该签到点查看"
    assert view.stations_note.text().startswith("各签到点的记录")
    assert view.tabs.tabText(6) == "冲突（1）"
    names = sorted(s.name() for s in view.chart.series())
    assert names == ["亲民城管 6月18日", "智慧城管 6月19日", "绿色城管 6月20日"]
    assert "活动开展情况：2024年6月18日" in view.summary.text()
    screenshot(view, "dashboard_view")
    view.tabs.setCurrentIndex(5)
    screenshot(view, "dashboard_view_stations")


def test_export_writes_the_report_in_a_worker(
    view: DashboardView, qtbot: QtBot, tmp_path: Path
) -> None:
    out = tmp_path / "报告.xlsx"
    view.export(out)
    qtbot.waitUntil(lambda: "已导出报告" in view.message.text(), timeout=20000)
    assert view.export_button.isEnabled()
    assert "活动开展情况" in load_workbook(out).sheetnames


def test_a_failed_export_is_shown(view: DashboardView, qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    view.export(blocker / "r.xlsx")
    qtbot.waitUntil(lambda: "无法写出报告文件" in view.message.text(), timeout=20000)
    assert view.export_button.isEnabled()


def test_purge_asks_twice_and_keeps_the_figures(
    view: DashboardView, qtbot: QtBot, day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = view.totals.text()
    # Cancelled at the confirmation: nothing happens.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("保存期限已满", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.purge_button.click()
    operations.wait_for_workers()
    QApplication.processEvents()
    with day.db.reading() as s:
        assert s.scalars(select(Purge)).first() is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.changed, timeout=20000):
        view.purge_button.click()
    qtbot.waitUntil(lambda: "已清除" in view.message.text())
    qtbot.waitUntil(lambda: view.walk_ins.item(0, 1).text().startswith("已清除#"))
    assert view.totals.text() == figures
    with day.db.reading() as s:
        people = s.scalars(select(Participant).where(Participant.event_id == day.event_id))
        assert all(p.name.startswith("已清除#") for p in people)
    screenshot(view, "dashboard_view_purged")
    # A second time there is nothing left to purge.
    view.purge_button.click()
    qtbot.waitUntil(lambda: "没有需要清除的个人信息" in view.message.text())
