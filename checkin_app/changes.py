"""Counts this process's writes to the roster's tables, per database: a reader that cached the
roster (the desk's lists) asks whether it may still use it without reading 10,000 rows."""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import Engine, event

# Tables whose rows the desk's lists show (or that cascade into them).
_ROSTER_WRITE = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b.*\b(participants|seat_assignments|vehicles|"
    r"tour_groups|activities|events)\b",
    re.IGNORECASE | re.DOTALL,
)
_DIRTY = "checkin_roster_written"
_lock = threading.Lock()
_generations: dict[str, int] = {}


def generation(url: str) -> int:
    """A number that changes whenever this process has written the roster of the database at
    `url` (through any engine)."""
    with _lock:
        return _generations.get(url, 0)


def _bump(url: str) -> None:
    with _lock:
        _generations[url] = _generations.get(url, 0) + 1


def watch(engine: Engine) -> None:
    """Count `engine`'s roster writes: once when the statement runs and once more when its
    connection goes back to the pool (committed or rolled back), so that a reader that read the
    roster between the two, before the commit, does not keep what it read."""
    url = str(engine.url)

    def executed(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _ROSTER_WRITE.match(statement):
            conn.info[_DIRTY] = True
            _bump(url)

    def returned(_dbapi_conn: Any, record: Any) -> None:
        if record is not None and record.info.pop(_DIRTY, False):
            _bump(url)

    event.listen(engine, "after_cursor_execute", executed)
    event.listen(engine, "checkin", returned)
