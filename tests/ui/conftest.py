"""Widgets for the UI tests, each built by a fixture, on a temporary workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from checkin_app import demo
from checkin_app.db import Database
from ui import operations
from ui.app import use_cjk_font
from ui.main_window import MainWindow


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform cannot pass a window's size hints on and says so on every show;
    # it is the test platform's limit, not ours. Every other Qt warning still fails a test.
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"


@pytest.fixture
def demo_db(db: Database) -> Database:
    """The workspace as a first start leaves it: the two demo events."""
    with db.transaction() as s:
        demo.ensure_demo(s)
    return db


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    # The font the app uses, so sizes and glyphs in the screenshots are the real ones.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    use_cjk_font(app)
    win = MainWindow(demo_db)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.event_list.count() == 2 and len(win.views) > 0)
    yield win
    # Workers finish before the workspace closes: a session never outlives its database.
    operations.wait_for_workers()


def screenshot(widget: object, name: str) -> Path:
    """Save what the widget shows, to be looked at (screenshots/ is not committed)."""
    # Let delayed layouts (item views lay out lazily) run before the picture is taken.
    QApplication.processEvents()
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    widget.grab().save(str(path))  # type: ignore[attr-defined]
    return path
