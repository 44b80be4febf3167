"""Column mappings for sheets whose headers the importer does not recognise: parsed from
`--map "列名=字段"` or the import dialog, and remembered per workspace for the same header."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from checkin_app.errors import UserError
from checkin_app.models import Setting
from checkin_app.sheets import FIELD_NAMES, SYNONYMS

IGNORE = ""  # the field of a column the user chose to ignore
_IGNORE_WORDS = {"忽略", "ignore", "不导入", "-"}
_PREFIX = "import_map:"  # Setting keys: this and the header's digest


def field_named(text: str) -> str:
    """Our field for what the user typed (name, 姓名, 身份证号...), IGNORE for 忽略."""
    word = text.strip()
    if word.lower() in _IGNORE_WORDS:
        return IGNORE
    if word in FIELD_NAMES:
        return word
    for f, label in FIELD_NAMES.items():
        if word == label or word in SYNONYMS[f]:
            return f
    choices = "、".join(f"{label}（{f}）" for f, label in FIELD_NAMES.items())
    raise UserError(f"没有名为“{word}”的字段：可用的字段有{choices}，或“忽略”")


def parse(items: Sequence[str]) -> dict[str, str]:
    """Header text -> field from "列名=字段" items; two columns for one field are refused."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, target = item.rpartition("=")
        if not sep or not column.strip():
            raise UserError(f"列映射“{item}”的格式不对：应写成“列名=字段”，如“1、您的姓名：=姓名”")
        mapping[column.strip()] = field_named(target)
    check(mapping)
    return mapping


def check(mapping: Mapping[str, str]) -> None:
    """Refuse a mapping that sends two columns to one field."""
    seen: dict[str, str] = {}
    for column, f in mapping.items():
        if f == IGNORE:
            continue
        if f in seen:
            raise UserError(
                f"列“{seen[f]}”和“{column}”都对应到了“{FIELD_NAMES[f]}”：一个字段只能对应一列"
            )
        seen[f] = column


def _key(columns: Sequence[str]) -> str:
    digest = hashlib.sha256("\x1f".join(c.strip() for c in columns).encode()).hexdigest()
    return _PREFIX + digest[:40]


def saved(session: Session, columns: Sequence[str]) -> dict[str, str]:
    """The mapping remembered for a file with exactly this header, or an empty one."""
    row = session.get(Setting, _key(columns))
    return _decode(row.value)[1] if row is not None else {}


def all_saved(session: Session) -> list[tuple[tuple[str, ...], dict[str, str]]]:
    """Every remembered (header, mapping): tried on a file whose header row is not recognised."""
    rows = session.scalars(select(Setting).where(Setting.key.startswith(_PREFIX)))
    return [_decode(r.value) for r in rows]


def save(session: Session, columns: Sequence[str], mapping: Mapping[str, str]) -> None:
    """Remember the mapping for files with this header (the caller commits with the import)."""
    value = json.dumps({"columns": list(columns), "map": dict(mapping)}, ensure_ascii=False)
    row = session.get(Setting, _key(columns))
    if row is None:
        session.add(Setting(key=_key(columns), value=value.encode()))
    else:
        row.value = value.encode()


def _decode(value: bytes) -> tuple[tuple[str, ...], dict[str, str]]:
    data = json.loads(value.decode())
    return tuple(data["columns"]), {str(k): str(v) for k, v in data["map"].items()}
