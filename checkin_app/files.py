"""Files holding personal data or keys (packages, bundles, reports, passes, rosters) are created
readable by their owner only (0600 on POSIX; Windows keeps others out of the user's folders)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE_MODE = 0o600
_POSIX = os.name == "posix"


@contextmanager
def private_open(path: Path) -> Iterator[BinaryIO]:
    """`path` opened for writing (created or emptied) with mode 0600 from its first byte."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    if _POSIX:
        os.fchmod(fd, PRIVATE_MODE)  # a file that existed keeps its old mode through os.open
    with os.fdopen(fd, "wb") as out:
        yield out


def create_private(path: Path) -> None:
    """An empty 0600 file at `path`, before a library (openpyxl, Qt) writes it: opening an
    existing file for writing keeps its mode, so what they write is never readable by others."""
    with private_open(path):
        pass
