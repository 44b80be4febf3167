"""电话报名 driven as a user would: problems shown as typed, nothing written until 添加."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from checkin_app.db import Database
from checkin_app.models import Participant, Source
from tests.fixtures_import import make_event, make_id, with_wrong_check
from ui import operations
from ui.phone_entry import PhoneEntryDialog


def _people(db: Database) -> list[tuple[str, Source]]:
    with db.reading() as s:
        return [(p.name, p.source) for p in s.scalars(select(Participant))]


@pytest.fixture
def dialog(qtbot: QtBot, db: Database) -> Iterator[PhoneEntryDialog]:
    widget = PhoneEntryDialog(db, make_event(db))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.activity.count() == 3)
    yield widget
    operations.wait_for_workers()


def _type(dialog: PhoneEntryDialog, qtbot: QtBot, **fields: str) -> None:
    for name, text in fields.items():
        edit = getattr(dialog, name)
        with qtbot.waitSignal(dialog.checked, timeout=20000):
            edit.setText(text)


def test_a_phone_registration_is_checked_as_typed_and_added_as_phone(
    dialog: PhoneEntryDialog, qtbot: QtBot, db: Database
) -> None:
    _type(dialog, qtbot, name="赵敏", phone="13812345678")
    assert "证件号码为空" in dialog.verdict.text() and not dialog.add_button.isEnabled()
    _type(dialog, qtbot, document=with_wrong_check(make_id("19880808", seq="064")))
    assert "校验" in dialog.verdict.text() and not dialog.add_button.isEnabled()
    _type(dialog, qtbot, document=make_id("20150101", seq="064"))  # a child: under age
    assert not dialog.add_button.isEnabled()
    _type(dialog, qtbot, document=make_id("19880808", seq="064"))
    assert dialog.verdict.text() == "可以添加" and dialog.add_button.isEnabled()
    assert _people(db) == []  # checking writes nothing
    with qtbot.waitSignal(dialog.added, timeout=20000):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _people(db) == [("赵敏", Source.PHONE)]

    # The same person again: a duplicate, said before anything is added.
    _type(dialog, qtbot, name="赵敏", phone="13812345678", document=make_id("19880808", seq="064"))
    assert "重复" in dialog.verdict.text() and not dialog.add_button.isEnabled()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == 1
