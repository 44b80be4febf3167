"""Damaged registration sheets through `checkin import`: never a traceback, never a half write.

Genuine XLSX (openpyxl's inline strings, and Excel's shared strings) and CSV files are damaged
byte by byte, member by member and in their XML; every outcome must be exit 2 with one sentence
naming the file and the database untouched, or an ordinary import of what is still readable.
"""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checkin_app.cli import main
from checkin_app.db import Database
from tests.fixtures_import import EVENT, good_rows, make_event, write_csv, write_xlsx

FUZZ = settings(
    max_examples=45,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TABLES = ("participants", "status_changes", "imports", "settings", "log_events")
_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_INLINE = re.compile(rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>')


def _shared_strings(xlsx: bytes) -> bytes:
    """openpyxl's workbook as Excel saves it: text cells index a shared-string table."""
    strings: list[bytes] = []

    def index(m: re.Match[bytes]) -> bytes:
        strings.append(m.group(3))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (
            m.group(1),
            m.group(2) or b"",
            len(strings) - 1,
        )

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", 8) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = _INLINE.sub(index, data)
            elif name == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Type="%s" Target="sharedStrings.xml" Id="rId9"/>'
                    b"</Relationships>" % _SST.encode(),
                )
            dst.writestr(name, data)
        table = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
        dst.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table),
        )
    return out.getvalue()


@dataclass(frozen=True)
class Genuine:
    """The sheets to damage, and a workspace holding the event and nothing else."""

    xlsx: bytes = field(repr=False)
    shared: bytes = field(repr=False)
    csv: bytes = field(repr=False)
    workspace: Path


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Genuine:
    tmp = tmp_path_factory.mktemp("fuzz")
    rows = good_rows(4)
    xlsx = write_xlsx(tmp / "g.xlsx", rows).read_bytes()
    csv = write_csv(tmp / "g.csv", rows).read_bytes()
    workspace = tmp / "pristine.sqlite3"
    database = Database.open(str(workspace))
    make_event(database)
    database.close()
    shared = _shared_strings(xlsx)
    return Genuine(xlsx, shared, csv, workspace)


def _snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def test_the_genuine_sheets_import(
    genuine: Genuine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fuzz starts from files that import: what breaks is the damage."""
    for name, data in [
        ("a.xlsx", genuine.xlsx),
        ("b.xlsx", genuine.shared),
        ("c.csv", genuine.csv),
    ]:
        workspace = tmp_path / f"{name}.sqlite3"
        shutil.copy(genuine.workspace, workspace)
        (tmp_path / name).write_bytes(data)
        assert main(["import", str(tmp_path / name), "--event", EVENT, "--db", str(workspace)]) == 0
        assert len(_snapshot(workspace)["participants"]) == 4
    assert "已导入4人" in capsys.readouterr().out


def _import(
    genuine: Genuine, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    """Import the damaged file into a fresh copy of the workspace and check the outcome."""
    here = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path for every example
    sheet = here / name
    sheet.write_bytes(data)
    workspace = here / "workspace.sqlite3"
    shutil.copy(genuine.workspace, workspace)
    before = _snapshot(workspace)
    code = main(["import", str(sheet), "--event", EVENT, "--db", str(workspace)])
    out, err = capsys.readouterr()
    event(f"exit {code}")  # --hypothesis-show-statistics: how much of the damage was refused
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), err  # 3 would be an internal error: a bug the damage found
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("错误："), err
        assert name in err, err
    if code != 0:
        assert _snapshot(workspace) == before


# --- Damage -------------------------------------------------------------------------------------


@st.composite
def flipped(draw: st.DrawFn, data: bytes) -> bytes:
    """A few bytes changed anywhere."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(out) - 1))
        out[at] ^= draw(st.integers(1, 255))
    return bytes(out)


@st.composite
def cut(draw: st.DrawFn, data: bytes) -> bytes:
    """Truncated, a span deleted, or a span of random bytes inserted."""
    at = draw(st.integers(0, len(data)))
    kind = draw(st.sampled_from(["truncate", "delete", "insert"]))
    if kind == "truncate":
        return data[:at]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 200)) :]
    return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]


# What XML damage looks like: broken markup, wrong attribute values, hostile numbers and names.
_XML_NOISE = st.sampled_from(
    [
        b"<", b">", b"&", b"&bogus;", b'"', b"</row>", b"<row>", b'r="0"', b'r="-1"',
        b'r="A0"', b'r="XFD1048577"', b'r="99999999999"', b't="n"', b't="s"', b't="b"',
        b't="e"', b't="d"', b"<v>x</v>", b"<v>99999</v>", b"<v>-1</v>", b"<v>1e999</v>",
        b'<c r="ZZZZ9"><v>1</v></c>', b'<dimension ref="A1:XFD1048576"/>', b"\x00", b"\xff",
        b'<?xml version="1.0" encoding="UTF-16"?>', b'<!DOCTYPE x [<!ENTITY a "aaaa">]>',
        b'<mergeCell ref="A1:A0"/>', b"<t>\x01</t>", b' s="9999"', b"_x0001_",
    ]
)  # fmt: skip


@st.composite
def xml_damage(draw: st.DrawFn, xml: bytes) -> bytes:
    """An XML part with markup inserted, deleted or a value changed."""
    out = xml
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(["insert", "delete", "value"]))
        if kind == "insert":
            out = out[:at] + draw(_XML_NOISE) + out[at:]
        elif kind == "delete":
            out = out[:at] + out[at + draw(st.integers(1, 40)) :]
        else:
            values = [m.span(1) for m in re.finditer(rb'="([^"]*)"', out)]
            if values:
                start, end = draw(st.sampled_from(values))
                out = out[:start] + draw(_XML_NOISE).replace(b'"', b"") + out[end:]
    return out


@st.composite
def damaged_workbook(draw: st.DrawFn, genuine: bytes) -> bytes:
    """A workbook with one of its members damaged, removed or replaced, then re-zipped."""
    with zipfile.ZipFile(io.BytesIO(genuine)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    name = draw(st.sampled_from(sorted(members)))
    kind = draw(st.sampled_from(["xml", "xml", "xml", "bytes", "remove", "empty", "random"]))
    if kind == "xml":
        members[name] = draw(xml_damage(members[name]))
    elif kind == "bytes":
        members[name] = draw(flipped(members[name]))
    elif kind == "remove":
        del members[name]
    elif kind == "empty":
        members[name] = b""
    else:
        members[name] = draw(st.binary(max_size=200))
    out = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(out, "w", method) as dst:
        for member, data in members.items():
            dst.writestr(member, data)
    return out.getvalue()


def _workbooks(genuine: Genuine) -> st.SearchStrategy[bytes]:
    return st.sampled_from([genuine.xlsx, genuine.shared]).flatmap(
        lambda book: st.one_of(damaged_workbook(book), flipped(book), cut(book))
    )


@FUZZ
@given(data=st.data())
def test_damaged_workbooks(
    data: st.DataObject, genuine: Genuine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(genuine, tmp_path, capsys, "报名表.xlsx", data.draw(_workbooks(genuine)))


# Bytes that make CSV decoding and parsing go wrong: encodings, quotes, NULs, controls.
_CSV_NOISE = st.sampled_from(
    [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x81", b'"', b'""', b",", b"\t", b"\r", b"\n",
     b"\x1b", b"\xe2\x80\xae", b"=cmd|' /C calc'!A0", b"\xc3", b"\xa1\xa1"]
)  # fmt: skip


@st.composite
def damaged_csv(draw: st.DrawFn, genuine: bytes) -> bytes:
    kind = draw(st.sampled_from(["noise", "noise", "flip", "cut"]))
    if kind == "flip":
        return draw(flipped(genuine))
    if kind == "cut":
        return draw(cut(genuine))
    out = genuine
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(_CSV_NOISE) + out[at:]
    return out


@FUZZ
@given(data=st.data())
def test_damaged_csv(
    data: st.DataObject, genuine: Genuine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(genuine, tmp_path, capsys, "报名表.csv", data.draw(damaged_csv(genuine.csv)))
