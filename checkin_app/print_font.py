"""The font passes and rosters print with: one code point per glyph, so a PDF's text reads back.

Qt writes a PDF's ToUnicode map from the font's own character map, where CJK fonts draw a
Kangxi radical and its ideograph with one glyph (⽇ U+2F47 and 日 U+65E5): copied or searched,
a printed 日 came back as ⽇ and names could not be found in the PDF. The print font is the
system's CJK font with those aliases dropped, written once to the user's cache folder; where
it cannot be made, the system font is used as it is.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

SUFFIX = " Print"
# The files of the families printing.CJK_FAMILIES prefers, regular and bold.
_FILES = {
    "Noto Sans CJK SC": ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    "Noto Sans SC": ("NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf"),
    "Source Han Sans SC": ("SourceHanSansSC-Regular.otf", "SourceHanSansSC-Bold.otf"),
    "Microsoft YaHei": ("msyh.ttc", "msyhbd.ttc"),
}
# Radical blocks: glyphs they share with ideographs belong to the ideographs.
_RADICALS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))
_lock = threading.Lock()
_made: dict[str, str] = {}


def _font_dirs() -> list[Path]:
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        return [windows / "Fonts", local]
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/Library/Fonts"),
            Path.home() / "Library/Fonts",
        ]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
    ]


def _find(file_name: str) -> Path | None:
    for folder in _font_dirs():
        if folder.is_dir():
            for found in folder.rglob(file_name):
                return found
    return None


def _rank(code_point: int) -> tuple[bool, bool, bool, int]:
    """Which of the code points drawn with one glyph keeps it: the one text is written in."""
    char = chr(code_point)
    return (
        unicodedata.normalize("NFKC", char) != char,
        unicodedata.category(char) in ("Cf", "Cc", "Zs") and code_point != 0x20,
        any(code_point in block for block in _RADICALS),
        code_point,
    )


def _aliases(cmap: dict[int, str]) -> set[int]:
    by_glyph: dict[str, list[int]] = {}
    for code_point, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(code_point)
    # Only the lesser kinds give way (a radical to its ideograph, a compatibility form to its
    # letter); alike ones (U+2012 and U+2013) all keep the glyph, or text using either would
    # be drawn by a fallback font.
    drop: set[int] = set()
    for shared in by_glyph.values():
        if len(shared) > 1:
            best = min(_rank(c)[:3] for c in shared)
            drop.update(c for c in shared if _rank(c)[:3] > best)
    return drop


def _family_of(font: Any) -> str:
    names = font["name"]
    return str(names.getDebugName(16) or names.getDebugName(1))


def _rewrite(source: Path, family: str, out: Path) -> None:
    """`family`'s face from `source` (a .ttc or a single font) without aliases, renamed."""
    from fontTools.ttLib import TTCollection, TTFont
    from fontTools.ttLib.sfnt import SFNTWriter

    if source.suffix.lower() == ".ttc":
        fonts = TTCollection(str(source), lazy=True).fonts
        font = next(f for f in fonts if _family_of(f) == family)
    else:
        font = TTFont(str(source), lazy=True)
    drop = _aliases(font.getBestCmap())
    for table in font["cmap"].tables:
        for code_point in drop:
            table.cmap.pop(code_point, None)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 16):
            record.string = record.toUnicode().replace(family, family + SUFFIX)
        elif record.nameID == 6:
            record.string = record.toUnicode().replace("-", "Print-", 1)
    tags = sorted(font.reader.keys())
    partial = out.with_suffix(".part")
    # Only cmap and name change; every other table is copied as it is (recompiling the CFF
    # outlines of 65,000 glyphs would take a minute).
    with partial.open("wb") as file:
        writer = SFNTWriter(file, len(tags), font.reader.sfntVersion)
        for tag in tags:
            changed = tag in ("cmap", "name")
            writer[tag] = font[tag].compile(font) if changed else font.reader[tag]
        writer.close()
    partial.replace(out)


def print_font_files(family: str) -> list[Path]:
    """The rewritten regular and bold files of `family` (made now or from the cache), or []
    when its files are not where this module knows to look."""
    sources = [_find(name) for name in _FILES.get(family, ())]
    found = [s for s in sources if s is not None]
    if not found:
        return []
    cache = Path(platformdirs.user_cache_dir("open-day-checkin", appauthor=False)) / "fonts"
    cache.mkdir(parents=True, exist_ok=True)
    files = []
    for source in found:
        stat = source.stat()
        key = hashlib.sha256(f"{source}|{stat.st_size}|{stat.st_mtime_ns}|2".encode()).hexdigest()
        out = cache / f"{source.stem}-{key[:16]}.otf"
        if not out.exists():
            _rewrite(source, family, out)
        files.append(out)
    return files


def print_family(family: str) -> str:
    """The family to print with: `family` + " Print" once registered with Qt, else `family`."""
    from PySide6.QtGui import QFontDatabase

    with _lock:
        if family in _made:
            return _made[family]
        chosen = family
        try:
            for path in print_font_files(family):
                font_id = QFontDatabase.addApplicationFont(str(path))
                if font_id >= 0 and family + SUFFIX in QFontDatabase.applicationFontFamilies(
                    font_id
                ):
                    chosen = family + SUFFIX
        except Exception:  # a font we cannot rewrite still prints, with radicals in its text
            log.exception("could not make the print font from %s", family)
        _made[family] = chosen
        return chosen
