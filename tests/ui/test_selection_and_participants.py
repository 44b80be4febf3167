"""均衡选取 and the participants table, driven as the office would: click, wait, read the counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from checkin_app import events, registrations, selection
from checkin_app.db import Database
from checkin_app.models import Status
from tests.fixtures_import import good_rows, make_event, write_xlsx
from tests.ui.conftest import screenshot
from ui import operations
from ui.participants_view import ParticipantsView
from ui.selection_view import SelectionView


@pytest.fixture
def event_id(db: Database, tmp_path: Path) -> int:
    """The 晋城 open week with 30 applicants, 10 per activity; 亲民城管 takes only 9."""
    event_id = make_event(db)
    sheet = write_xlsx(tmp_path / "报名表.xlsx", good_rows(30))
    with db.transaction() as s:
        event = events.find_event(s, event_id)
        preview = registrations.preview_import(s, event, sheet)
        registrations.commit_import(s, event, preview)
    return event_id


@pytest.fixture
def selection_view(qtbot: QtBot, db: Database, event_id: int) -> Iterator[SelectionView]:
    view = SelectionView(db, event_id)
    qtbot.addWidget(view)
    view.resize(1100, 650)
    view.show()
    qtbot.waitUntil(lambda: view.outcome_table.rowCount() == 3)
    yield view
    operations.wait_for_workers()


@pytest.fixture
def participants_view(qtbot: QtBot, db: Database, event_id: int) -> Iterator[ParticipantsView]:
    view = ParticipantsView(db, event_id)
    qtbot.addWidget(view)
    view.resize(1250, 650)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 30)
    yield view
    operations.wait_for_workers()


def _outcome(view: SelectionView) -> dict[str, tuple[str, ...]]:
    t = view.outcome_table
    return {
        t.item(r, 0).text(): tuple(
            (t.item(r, c).text() if t.item(r, c) else "") for c in range(1, t.columnCount())
        )
        for r in range(t.rowCount())
    }


def test_balanced_selection_fills_each_activity_to_capacity(
    selection_view: SelectionView, qtbot: QtBot
) -> None:
    before = _outcome(selection_view)
    assert before["亲民城管"][:4] == ("9", "10", "0", "0")  # capacity, applied, confirmed, waiting
    with qtbot.waitSignal(selection_view.changed, timeout=20000):
        qtbot.mouseClick(selection_view.run_button, Qt.MouseButton.LeftButton)
    after = _outcome(selection_view)
    assert after["亲民城管"][:4] == ("9", "10", "9", "1")
    assert after["智慧城管"][:4] == ("20", "10", "10", "0")
    assert "市民代表" in after["亲民城管"][4]
    assert selection_view.decisions_table.rowCount() == 30
    reasons = [
        selection_view.decisions_table.item(r, 3).text()
        for r in range(selection_view.decisions_table.rowCount())
    ]
    assert all(reasons)
    assert "确认 29 人，候补 1 人" in selection_view.message.text()
    screenshot(selection_view, "selection_view")


def _select(view: ParticipantsView, qtbot: QtBot, name: str) -> None:
    pid = next(r.id for r in view.model.rows if r.name == name)
    assert view.select_participant(pid)
    qtbot.waitUntil(lambda: name in view.explanation.toPlainText())


def test_status_changes_with_reason_and_waitlist_offer(
    participants_view: ParticipantsView, qtbot: QtBot, db: Database, event_id: int
) -> None:
    view = participants_view
    with db.transaction() as s:
        selection.run_selection(s, events.find_event(s, event_id), actor="test")
    view.refresh()
    qtbot.waitUntil(lambda: any(r.status == Status.WAITLISTED for r in view.model.rows))

    # Filter by activity and status, as the office does before phoning.
    view.activity_filter.setCurrentIndex(view.activity_filter.findText("亲民城管"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 10)
    view.status_filter.setCurrentIndex(view.status_filter.findData(Status.CONFIRMED))
    qtbot.waitUntil(lambda: view.model.rowCount() == 9)
    confirmed = view.model.rows[0]
    assert "*" in confirmed.phone_masked and "*" in confirmed.doc_masked

    # Cancel a confirmed person with a reason typed into the dialog.
    _select(view, qtbot, confirmed.name)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    dialog = view.reason_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reason.setPlainText("本人电话告知当天出差")
    screenshot(dialog, "participants_reason_dialog")
    with qtbot.waitSignal(view.changed, timeout=10000):
        qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    # The freed seat is offered to the first waitlisted person.
    assert view.offer_banner.isVisible()
    offer = view.offer
    assert offer is not None and offer.name in view.offer_text.text()
    assert offer.phone not in view.offer_text.text()  # masked on screen
    screenshot(view, "participants_offer")
    with qtbot.waitSignal(view.changed, timeout=10000):
        qtbot.mouseClick(view.offer_confirm, Qt.MouseButton.LeftButton)
    operations.wait_for_workers()

    with db.reading() as s:
        cancelled = selection.explain(s, confirmed.id)
        offered = selection.explain(s, offer.participant_id)
    assert cancelled.status == Status.CANCELLED
    assert "本人电话告知当天出差" in cancelled.history[-1].reason
    assert offered.status == Status.CONFIRMED

    # The side panel tells the cancelled person's story, reason included.
    view.status_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: view.model.rowCount() == 10)
    _select(view, qtbot, confirmed.name)
    qtbot.waitUntil(lambda: "本人电话告知当天出差" in view.explanation.toPlainText())
    screenshot(view, "participants_explanation")


def test_search_box_finds_by_pinyin_initials_and_last_digits(
    participants_view: ParticipantsView, qtbot: QtBot
) -> None:
    view = participants_view
    qtbot.keyClicks(view.search, "lnm")  # nobody: 李娜 is "ln"
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    view.search.clear()
    qtbot.keyClicks(view.search, "ln")
    qtbot.waitUntil(
        lambda: view.model.rowCount() >= 1 and view.model.rows[0].name.startswith("李娜")
    )
    view.search.setText("5678")  # the last four digits of 张伟's phone
    qtbot.waitUntil(lambda: [r.name for r in view.model.rows] == ["张伟"])
    assert view.count.text() == "共 1 人"
