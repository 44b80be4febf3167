"""Times on the office's screens (车辆座位 live view, the hub light) without tz data."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tests.test_clock import BEIJING_AFTERNOON, no_tz_data
from ui.hub_status import HubStatusLight
from ui.logistics_view import _clock


def test_the_office_screens_show_beijing_time_without_tz_data(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with no_tz_data(monkeypatch):
        light = HubStatusLight(timezone="Asia/Shanghai")
        qtbot.addWidget(light)
        assert light._when(BEIJING_AFTERNOON) == "14:40:00"
        assert _clock(BEIJING_AFTERNOON, "Asia/Shanghai") == "14:40"
        assert _clock(None, "Asia/Shanghai") == ""
