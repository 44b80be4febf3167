"""Event time zones: stored UTC times on the event's clock, also on a machine with no tz data."""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from checkin_app import clock, leaders
from checkin_app.db import Database
from tests.test_leaders import NAMES, build_tour, tick_all, utc


@contextmanager
def no_tz_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Windows laptop without the tzdata package: no zone files anywhere zoneinfo looks."""
    with monkeypatch.context() as patch:
        # `import tzdata` fails, and so do its zone folders (modules once read, then cached).
        loaded = [name for name in sys.modules if name.startswith("tzdata.")]
        for name in ["tzdata", *loaded]:
            patch.setitem(sys.modules, name, None)
        zoneinfo.reset_tzpath(to=[])
        zoneinfo.ZoneInfo.clear_cache()
        clock.zone.cache_clear()
        try:
            with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
                zoneinfo.ZoneInfo("Asia/Shanghai")
            yield
        finally:
            zoneinfo.reset_tzpath()
            zoneinfo.ZoneInfo.clear_cache()
            clock.zone.cache_clear()


BEIJING_AFTERNOON = dt.datetime(2025, 9, 24, 6, 40)  # 14:40 in Beijing, as the log stores it


def test_an_event_time_shows_on_beijing_time_with_or_without_tz_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(clock.zone("Asia/Shanghai"), zoneinfo.ZoneInfo)
    shown = clock.local_time(BEIJING_AFTERNOON, "Asia/Shanghai")
    assert shown.strftime("%H:%M") == "14:40" and shown.utcoffset() == dt.timedelta(hours=8)
    with no_tz_data(monkeypatch):
        assert clock.zone("Asia/Shanghai") == clock.CHINA_STANDARD_TIME
        assert clock.local_time(BEIJING_AFTERNOON, "Asia/Shanghai").strftime("%H:%M") == "14:40"
    # Back to the real zone data once it is there again.
    assert isinstance(clock.zone("Asia/Shanghai"), zoneinfo.ZoneInfo)


@pytest.mark.parametrize("name", ["", None, "Asia/Nowhere", "../etc/passwd"])
def test_a_blank_or_unreadable_zone_name_means_china_time(name: str | None) -> None:
    assert clock.local_time(BEIJING_AFTERNOON, name).strftime("%H:%M") == "14:40"


def test_a_zone_with_daylight_saving_keeps_it() -> None:
    summer = clock.local_time(dt.datetime(2025, 7, 1, 12, 0), "Europe/Berlin")
    winter = clock.local_time(dt.datetime(2025, 1, 1, 12, 0), "Europe/Berlin")
    assert (summer.hour, winter.hour) == (14, 13)


def test_the_leaders_roster_and_departure_read_without_tz_data(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    tour = build_tour(db, NAMES)
    tick_all(db, tour, None, NAMES, 14, 35)
    with db.transaction() as s:
        leaders.depart(s, tour.group_id, None, at=utc(14, 40))
    with no_tz_data(monkeypatch), db.reading() as s:
        roster = leaders.group_roster(s, tour.group_id, None)
        (office,) = leaders.positions(s, tour.activity_id, now=utc(14, 50))
        with pytest.raises(leaders.UserError, match="已于14:40离开集合点"):
            leaders.depart(s, tour.group_id, None)
    assert {m.last_seen for m in roster.members} == {"最后一次在 集合点 14:35 上车"}
    assert office.place == "前往 第一污水处理厂"
