"""Event time zones: stored UTC times shown on the event's local clock, even without tz data."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

DEFAULT_ZONE = "Asia/Shanghai"
# China keeps one offset all year (no daylight saving since 1991), so a fixed UTC+8 shows the same
# times as Asia/Shanghai. It stands in when the zone cannot be read: Windows has no system zone
# data and the tzdata package may be missing from a hand-made install.
CHINA_STANDARD_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


@functools.lru_cache(maxsize=32)
def zone(name: str | None) -> dt.tzinfo:
    """The event's time zone by IANA name (blank: Asia/Shanghai); UTC+8 if it cannot be read."""
    try:
        return zoneinfo.ZoneInfo(name or DEFAULT_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        # The events are Chinese open days: an unreadable name (no tz data, a typo) still means
        # China's clock, which is better than refusing to show a time.
        return CHINA_STANDARD_TIME


def local_time(at: dt.datetime, zone_name: str | None) -> dt.datetime:
    """A naive UTC time as the log stores it, on the named zone's clock (aware)."""
    return in_zone(at, zone(zone_name))


def in_zone(at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A naive UTC time as the log stores it (or an aware one), aware on the clock of `tz`."""
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(tz)


def utc_now() -> dt.datetime:
    """Now, aware in UTC: the one place the wall clock is read for dates (tests set it)."""
    return dt.datetime.now(dt.UTC)


def today(zone_name: str | None, now: dt.datetime | None = None) -> dt.date:
    """The date on the event's clock (not the machine's: an office PC may run on UTC, which is
    still yesterday in China until 08:00). `now` is an aware time, or naive UTC as stored."""
    return in_zone(now or utc_now(), zone(zone_name)).date()
