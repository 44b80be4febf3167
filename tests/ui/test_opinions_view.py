"""意见建议 tab: paper forms typed in one after another with Enter, the filters, the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app import opinions
from checkin_app.db import Database
from checkin_app.models import Opinion
from tests.test_opinions import build
from tests.ui.conftest import screenshot
from ui import operations
from ui.app import use_cjk_font
from ui.dashboard_view import DashboardView
from ui.opinions_view import OpinionsView


@pytest.fixture
def view(qtbot: QtBot, db: Database) -> Iterator[OpinionsView]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_cjk_font(app)
    event_id = build(db)
    widget = OpinionsView(db, event_id)
    widget.changed.connect(widget.refresh)  # the main window does this for every view
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.data is not None)
    yield widget
    operations.wait_for_workers()


def _count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Opinion)) or 0)


def test_enter_saves_and_clears_for_the_next_form(
    qtbot: QtBot, view: OpinionsView, db: Database
) -> None:
    view.activity.setCurrentText("城市管理开放日")
    view.topic.setCurrentText("污水处理")
    view.received.setDate(QDate(2025, 9, 24))
    for n, (text, name) in enumerate(
        [("污水厂周边气味大，希望加盖", "张三"), ("广场夜间照明不足", ""), ("希望多办开放日", "")],
        start=1,
    ):
        view.text.setText(text)
        view.name.setText(name)
        qtbot.keyClick(view.text, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda n=n: view.table.rowCount() == n)  # type: ignore[misc]
        assert view.text.text() == "" and view.name.text() == ""
    # What stays from form to form stays.
    assert view.activity.currentText() == "城市管理开放日"
    assert view.topic.currentText() == "污水处理"
    assert view.table.item(0, 7).text() == "张*" and view.table.item(1, 7).text() == "匿名"
    assert view.table.item(0, 5).text() == "2025-10-09"
    assert "未办结 3 条" in view.counts.text()
    screenshot(view, "opinions_view")


def test_an_empty_text_is_refused_in_the_form_and_nothing_is_stored(
    qtbot: QtBot, view: OpinionsView, db: Database
) -> None:
    view.text.setText("   ")
    view.name.setText("张三")
    qtbot.keyClick(view.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.message.text() != "")
    assert view.message.text() == "意见建议内容不能为空"
    assert view.name.text() == "张三"  # what was typed stays, to be corrected
    assert _count(db) == 0


def test_filters_due_this_week_and_late(qtbot: QtBot, view: OpinionsView, db: Database) -> None:
    today = view.data.today if view.data else dt.date.today()
    with db.transaction() as s:
        for due in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=30)):
            opinions.add(
                s,
                view.event_id,
                opinions.NewOpinion(text="建议", received=today - dt.timedelta(days=3), due=due),
                actor="test",
            )
    view.filter.setCurrentIndex(3)  # 逾期
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert "逾期" in view.table.item(0, 6).text()
    view.filter.setCurrentIndex(2)  # 本周到期
    qtbot.waitUntil(lambda: view.table.rowCount() == 1 and view.table.item(0, 0).text() == "2")
    assert "本周到期 1 条 · 逾期 1 条" in view.counts.text()


def test_the_dashboard_shows_the_count(qtbot: QtBot, db: Database) -> None:
    event_id = build(db)
    with db.transaction() as s:
        today = dt.date.today()
        opinions.add(
            s,
            event_id,
            opinions.NewOpinion(text="建议", received=today - dt.timedelta(days=20),
                                due=today - dt.timedelta(days=2)),
            actor="test",
        )  # fmt: skip
    board = DashboardView(db, event_id)
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.opinions_due.text() != "")
    assert board.opinions_due.text() == "意见建议：本周到期 0 条 · 逾期 1 条"
    operations.wait_for_workers()


def test_the_tab_writes_the_form_and_the_publication(
    qtbot: QtBot, view: OpinionsView, tmp_path: Path
) -> None:
    view.activity.setCurrentText("城市管理开放日")
    view.export_form(tmp_path / "征集表.pdf")
    qtbot.waitUntil(lambda: view.message.text().startswith("已写出"))
    assert (tmp_path / "征集表.pdf").read_bytes().startswith(b"%PDF")
    view.export_publication(tmp_path / "办理情况.docx", tmp_path / "办理情况.xlsx")
    qtbot.waitUntil(lambda: "办理情况.xlsx" in view.message.text())
    assert "按规定应于 2025-10-09 前公开" in view.message.text()
    assert (tmp_path / "办理情况.docx").is_file()
    view.export_report(tmp_path / "bad.txt", None)
    qtbot.waitUntil(lambda: view.message.text() == "“bad.txt”应以 .docx 结尾")
    assert not (tmp_path / "bad.txt").exists()
