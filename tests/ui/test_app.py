"""`checkin-app` start-up: options, the demo on a first start, and unknown options left to Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from checkin_app import events
from checkin_app.db import Database
from ui.app import main, parse_args
from ui.main_window import MainWindow


def test_options_and_unknown_ones_for_later_issues() -> None:
    args, rest = parse_args(["--db", "x.sqlite3", "--lang", "en", "--camera", "0"])
    assert (args.db, args.lang) == ("x.sqlite3", "en")
    assert rest == ["--camera", "0"]
    args, _ = parse_args([])
    assert args.lang == "zh"


def test_first_start_builds_the_demo_and_shows_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    db_path = tmp_path / "first.sqlite3"
    seen: list[MainWindow] = []

    def look_then_quit() -> None:
        # The window is up: note it, then leave as a user closing the app would.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget)
                widget.close()
        QApplication.quit()

    QTimer.singleShot(0, look_then_quit)
    assert main(["checkin-app", "--db", str(db_path), "--station", "A"]) == 0
    assert len(seen) == 1
    database = Database.open(str(db_path))
    with database.reading() as s:
        names = [e.name for e in events.list_events(s)]
    database.close()
    assert len(names) == 2 and any("固原" in n for n in names)
