"""Text in a spreadsheet cell made safe: no control characters in or out, and never a formula.

Every XLSX or CSV cell the project writes goes through `put` (XLSX) or `csv_cell` (CSV).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

# Characters no name or remark needs and that harm on the way out: C0 controls (tab and newline
# are text), DEL and C1, bidi embeddings/overrides/isolates (they make a name read backwards),
# a stray BOM, lone surrogates, and Unicode's noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF).
# openpyxl refuses C0 (IllegalCharacterError) and XML cannot hold surrogates or U+FFFE/FFFF.
_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff\ufdd0-\ufdef" + re.escape(_NONCHARACTERS) + "]"
)
# What makes Excel, WPS or LibreOffice read a cell as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_controls(text: str) -> str:
    """The text without control characters; a CR or CR LF becomes a newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text)


def has_controls(text: str) -> bool:
    """Whether `strip_controls` would drop anything but a carriage return."""
    return CONTROL_CHARACTERS.search(text) is not None


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet might read the text as a formula: OWASP's list, and also after
    leading blanks and line breaks (a CR becomes a newline here; an import may trim spaces)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip(" \t\r\n").startswith(FORMULA_STARTS)


def csv_cell(value: object) -> str:
    """A value as a CSV field: numbers as numbers, text that would start a formula behind an
    apostrophe (OWASP: the spreadsheet then shows it as text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return str(value)
    text = strip_controls(value.isoformat() if isinstance(value, dt.date | dt.time) else str(value))
    return "'" + text if starts_formula(text) else text


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one XLSX cell and return it: numbers, dates and booleans as themselves, everything
    else as a text cell that no spreadsheet reads as a formula.

    openpyxl turns text starting with "=" into a formula and "#N/A" into an error, so the type is
    forced to text after the value is set; text that a user retyping it would make a formula
    also gets Excel's quotePrefix style (the apostrophe Excel shows in the edit bar).
    """
    cell = sheet.cell(row=row, column=column)
    if value is None or isinstance(value, bool | int | float | dt.date | dt.time):
        cell.value = value
        return cell
    text = strip_controls(str(value))
    cell.value = text
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True
    return cell


def write_rows(sheet: Any, rows: Iterable[Iterable[object]], *, first_row: int = 1) -> None:
    """Write the rows from `first_row` down, every cell through `put`."""
    for number, values in enumerate(rows, start=first_row):
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
