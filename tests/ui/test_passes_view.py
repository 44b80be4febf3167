"""The passes view, driven as the office would: issue, reissue, revoke, print and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from checkin_app import events, passes, scanning
from checkin_app.db import Database
from tests.ui.conftest import screenshot
from ui import operations
from ui.passes_view import PRINT_COLUMN, UNPRINTED, PassesView


@pytest.fixture
def view(qtbot: QtBot, demo_db: Database) -> Iterator[PassesView]:
    with demo_db.reading() as s:
        event = events.find_event(s, "晋城市城市管理局2024年政府开放周")
        event_id = event.id
    widget = PassesView(demo_db, event_id)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitUntil(lambda: widget.table.rowCount() > 0 and widget.activity.count() > 1)
    yield widget
    operations.wait_for_workers()


def _states(db: Database, event_id: int) -> list[passes.PassState]:
    with db.reading() as s:
        return passes.pass_states(s, event_id)


def test_issue_for_one_activity_with_progress(
    view: PassesView, qtbot: QtBot, demo_db: Database
) -> None:
    assert not view.issue_button.isEnabled() or "未发放" in view.summary.text()
    view.activity.setCurrentIndex(view.activity.findText("亲民城管"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 9)
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.issue_button.click()
    qtbot.waitUntil(lambda: "有效通行证 9 张" in view.summary.text())
    assert view.progress.isHidden() and view.progress.value() == view.progress.maximum() == 9
    assert "已发放通行证 9 张" in view.message.text()
    states = _states(demo_db, view.event_id)
    assert sum(1 for p in states if p.version == 1) == 9  # the other activities still have none
    screenshot(view, "passes_view")


def test_reissue_and_revoke_with_reasons(
    view: PassesView, qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.issue_button.click()
    qtbot.waitUntil(lambda: "未发放 0 人" in view.summary.text())
    first = view.states[0]
    view.select_participant(first.participant_id)
    assert view.reissue_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("手机丢失", True))
    view.reissue_button.click()
    qtbot.waitUntil(lambda: "第2版 · 有效" in view.table.item(0, 3).text())
    assert "旧通行证作废" in view.message.text()
    # A reason is required: the refusal is shown and nothing changes.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    view.select_participant(first.participant_id)
    view.revoke_button.click()
    qtbot.waitUntil(lambda: "须填写原因" in view.message.text())
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("本人取消参加", True))
    view.select_participant(first.participant_id)
    view.revoke_button.click()
    qtbot.waitUntil(lambda: "已注销" in view.table.item(0, 3).text())
    with demo_db.reading() as s:
        history = passes.pass_history(s, first.participant_id)
    assert [(h.version, h.action.value, h.reason) for h in history] == [
        (1, "issued", ""),
        (2, "reissued", "手机丢失"),
        (2, "revoked", "本人取消参加"),
    ]


def test_print_pdf_and_export_images(
    view: PassesView, qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    view.activity.setCurrentIndex(view.activity.findText("亲民城管"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 9)
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.issue_button.click()
    pdf = tmp_path / "passes.pdf"
    view.print_pdf(pdf)
    qtbot.waitUntil(lambda: "已写出 9 张通行证（2 页）" in view.message.text(), timeout=20000)
    assert pdf.stat().st_size > 0
    view.export_images(tmp_path / "png")
    qtbot.waitUntil(lambda: "已导出 9 张图片" in view.message.text(), timeout=20000)
    files = sorted((tmp_path / "png").glob("*.png"))
    assert len(files) == 9 and all(f.name.startswith("01_亲民城管_") for f in files)
    (code,) = scanning.decode_file(files[0])
    with demo_db.reading() as s:
        assert isinstance(passes.verify_code(s, view.event_id, code), passes.Valid)


def test_a_failed_print_is_shown(view: PassesView, qtbot: QtBot, tmp_path: Path) -> None:
    view.print_pdf(tmp_path / "nowhere" / "passes.pdf")
    qtbot.waitUntil(lambda: "没有可打印的通行证" in view.message.text())
    assert view.pdf_button.isEnabled() and view.progress.isHidden()


def test_issue_stays_off_after_printing_and_times_are_on_the_events_clock(
    view: PassesView, qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    """发放通行证 came back on after printing and then said 已发放 0 张; 发放时间 was UTC."""
    view.activity.setCurrentIndex(view.activity.findText("亲民城管"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 9)
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.issue_button.click()
    qtbot.waitUntil(lambda: "未发放 0 人" in view.summary.text())
    assert not view.issue_button.isEnabled()
    view.print_pdf(tmp_path / "passes.pdf")
    qtbot.waitUntil(lambda: "已写出 9 张通行证" in view.message.text(), timeout=20000)
    qtbot.waitUntil(lambda: view.table.item(0, PRINT_COLUMN).text().startswith("已打印"))
    assert not view.issue_button.isEnabled() and view.pdf_button.isEnabled()
    state = view.states[0]
    assert state.issued_at is not None and state.printed_at is not None
    china = dt.timezone(dt.timedelta(hours=8))
    shown = state.issued_at.replace(tzinfo=dt.UTC).astimezone(china).strftime("%Y-%m-%d %H:%M")
    assert view.table.item(0, 4).text() == shown
    printed = state.printed_at.replace(tzinfo=dt.UTC).astimezone(china)
    assert view.table.item(0, PRINT_COLUMN).text() == f"已打印 {printed:%Y-%m-%d %H:%M}"
    # Nothing left to print under 未打印; clicking 发放 with nobody left says so plainly.
    view.show_filter.setCurrentIndex(view.show_filter.findData(UNPRINTED))
    assert view.table.rowCount() == 0
    view.issue_missing()
    qtbot.waitUntil(lambda: "无需发放" in view.message.text(), timeout=10000)
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert "通道" not in headers and headers[-2:] == ["车辆座位", "打印"]


def test_the_notice_sheet_is_exported_from_the_tab(
    view: PassesView, qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    """The 导出通知 button writes what `checkin notices` writes: one row per confirmed person
    with their manual code, then the waitlist in its order."""
    import openpyxl

    from checkin_app import notices

    view.activity.setCurrentIndex(view.activity.findText("亲民城管"))
    qtbot.waitUntil(lambda: view.table.rowCount() == 9)
    with qtbot.waitSignal(view.changed, timeout=10000):
        view.issue_button.click()
    out = tmp_path / "通知短信.xlsx"
    view.export_notices(out)
    qtbot.waitUntil(lambda: "已导出通知" in view.message.text(), timeout=20000)
    assert "已确认 9 人，候补 9 人" in view.message.text()
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(notices.HEADER) and len(rows) == 1 + 18
    with demo_db.reading() as s:
        states = passes.pass_states(s, view.event_id, view.activity_id())
    codes = {passes.format_manual_code(p.manual_code) for p in states if p.manual_code}
    texts = " ".join(str(c) for row in rows[1:10] for c in row if c)
    assert len(codes) == 9 and all(code in texts for code in codes)
    assert view.notices_button.isEnabled()
