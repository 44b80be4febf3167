"""`checkin-app` start-up: options, the demo on a first start, and unknown options left to Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from checkin_app import events
from checkin_app.db import Database
from ui.app import parse_args, start, stop
from ui.main_window import VIEWS


def test_options_and_unknown_ones_for_later_issues() -> None:
    args, rest = parse_args(["--db", "x.sqlite3", "--lang", "en", "--camera", "0", "--later", "1"])
    assert (args.db, args.lang, args.camera) == ("x.sqlite3", "en", "0")
    assert rest == ["--later", "1"]
    args, _ = parse_args([])
    assert args.lang == "zh"


def test_first_start_builds_the_demo_and_shows_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    # Everything main() does before the event loop (the loop is pytest-qt's, not ours, here).
    db_path = tmp_path / "first.sqlite3"
    running = start(["checkin-app", "--db", str(db_path), "--station", "A", "--lang", "en"])
    qtbot.addWidget(running.window)
    window = running.window
    qtbot.waitUntil(lambda: window.event_list.count() == 2 and len(window.views) == len(VIEWS))
    assert window.tabs.tabText(2) == "Participants"
    stop(running)
    database = Database.open(str(db_path))
    with database.reading() as s:
        names = [e.name for e in events.list_events(s)]
    database.close()
    assert any("固原" in n for n in names) and any("晋城" in n for n in names)


def test_a_splash_speaks_at_once_and_gives_way_to_the_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import splash as splash_module

    said: list[str] = []
    shown: list[splash_module.Splash] = []
    real_say = splash_module.Splash.say

    def say(self: splash_module.Splash, text: str) -> None:
        said.append(text)
        shown.append(self)
        real_say(self, text)

    monkeypatch.setattr(splash_module.Splash, "say", say)
    running = start(["checkin-app", "--db", str(tmp_path / "first.sqlite3")])
    qtbot.addWidget(running.window)
    assert said == ["正在启动…", "正在打开工作区…"]
    assert running.window.isVisible()
    qtbot.waitUntil(lambda: not shown[0].screen.isVisible())
    stop(running)
