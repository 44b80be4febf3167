"""The installed Qt binding does not corrupt the interpreter (PySide6 6.12.0 did, on 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor


def test_void_calls_keep_none_alive() -> None:
    colour = QColor()
    before = sys.getrefcount(None)
    for _ in range(2000):
        colour.setRed(3)
    # A leak of one reference per call would be 2000 here; a handful is ordinary noise.
    assert before - sys.getrefcount(None) < 20
