"""Reads a registration sheet (XLSX or CSV) into rows keyed by field, with Excel's row numbers.

Finds the header row under merged title rows and maps Chinese or English column names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checkin_app.errors import UserError

# How far down a header row may sit under titles and notes.
HEADER_SEARCH_ROWS = 30

# Field -> the names a column may have (compared after `_header_key`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "name", "fullname", "报名人", "报名人姓名"),
    "gender": ("性别", "gender", "sex"),
    "work_unit": (
        "工作单位",
        "单位",
        "工作单位或住址",
        "工作单位/住址",
        "单位或住址",
        "单位/住址",
        "工作单位及职务单位",
        "company",
        "organisation",
        "organization",
        "employer",
        "workunit",
    ),
    "job_title": ("职务", "职位", "职务/职称", "title", "position", "jobtitle"),
    "phone": (
        "手机",
        "电话",
        "联系电话",
        "手机号",
        "手机号码",
        "电话号码",
        "联系方式",
        "phone",
        "mobile",
        "tel",
        "telephone",
    ),
    "document": (
        "身份证",
        "身份证号",
        "身份证号码",
        "证件号码",
        "证件号",
        "公民身份号码",
        "id",
        "idnumber",
        "idno",
        "idcard",
        "document",
        "documentnumber",
    ),
    "doc_type": ("证件类型", "证件种类", "documenttype", "idtype"),
    "activity": (
        "活动",
        "参加活动",
        "报名活动",
        "活动项目",
        "活动名称",
        "参加项目",
        "activity",
    ),
    "category": ("类别", "身份类别", "人员类别", "category"),
    "companion": ("同行", "同行人", "结伴", "同行人员", "companion", "companions"),
    "needs": ("需求", "特殊需求", "needs", "specialneeds"),
    "remarks": ("备注", "remarks", "remark", "notes", "note"),
    "source": ("来源", "报名方式", "报名渠道", "source"),
    "invited": ("邀请", "特邀", "是否特邀", "是否邀请", "invited"),
    "registered_at": (
        "报名时间",
        "报名日期",
        "registeredat",
        "registrationtime",
        # Survey downloads (问卷星, 腾讯问卷, 金数据): when the answers were sent.
        "提交答卷时间",
        "提交时间",
        "答卷时间",
    ),
}

# What the messages call a field when its column is missing.
FIELD_NAMES = {
    "name": "姓名",
    "gender": "性别",
    "work_unit": "工作单位",
    "job_title": "职务",
    "phone": "联系电话",
    "document": "证件号码",
    "doc_type": "证件类型",
    "activity": "活动",
    "category": "类别",
    "companion": "同行人",
    "needs": "特殊需求",
    "remarks": "备注",
    "source": "报名方式",
    "invited": "特邀",
    "registered_at": "报名时间",
}

# Synonyms that often head another column (a bare "ID" is as often a serial number): any
# other synonym of the same field wins over them.
_WEAK = frozenset({("document", "id")})

_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：_.\-]+")  # "ID No." -> "idno"
# A survey's question number and polite prefix: "1、您的姓名" -> "姓名".
_QUESTION = re.compile(r"^(?:[Qq]?\d+\s*[、.．:：)）]\s*)?(?:您的|你的)?")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub("", text)  # 联系电话（手机） -> 联系电话
    text = _QUESTION.sub("", text.strip())
    return _NOISE.sub("", text).lower()


_BY_KEY = {_header_key(name): f for f, names in SYNONYMS.items() for name in names}


class SheetError(UserError):
    """The file could not be read as a registration sheet at all (the CLI exits with 2)."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank data row: its number as Excel shows it and its cells as text, by field."""

    number: int
    values: dict[str, str]
    # Fields whose cell Excel stored as a number (an ID number there has lost digits).
    numeric: frozenset[str] = frozenset()
    # With `read_sheet(free_text=...)`: the other columns' text, by their header as in the file.
    extra: dict[str, str] = field(default_factory=dict)

    def get(self, field_name: str) -> str:
        return self.values.get(field_name, "")


@dataclass(frozen=True)
class Sheet:
    """A registration sheet: which header each field came from, and the data rows."""

    file_name: str
    header_row: int
    headers: dict[str, str]  # field -> the header text as it is in the file
    rows: tuple[SheetRow, ...] = field(default_factory=tuple)
    encoding: str = ""  # for CSV files: the encoding that was detected
    extra_headers: tuple[str, ...] = ()  # with `free_text`: the columns no field claims

    def column(self, field_name: str) -> str:
        """The header of a field as the file spells it, or the usual name when it has none."""
        return self.headers.get(field_name, FIELD_NAMES.get(field_name, field_name))

    def require(self, fields: Iterable[str]) -> None:
        missing = [f for f in fields if f not in self.headers]
        if missing:
            names = "、".join(f"“{FIELD_NAMES[f]}”" for f in missing)
            hints = "；".join(
                f"{FIELD_NAMES[f]}可用列名：{'、'.join(SYNONYMS[f][:5])}" for f in missing
            )
            raise SheetError(f"表格第{self.header_row}行的表头中缺少必填列{names}（{hints}）")


def _cell_text(value: object) -> tuple[str, bool]:
    """A cell as text, and whether Excel stored it as a number."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" "), False
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(), False
    return str(value).strip(), False


def _map_header(cells: Sequence[object]) -> dict[int, str]:
    """Column index -> field for a candidate header row.

    When several columns name the same field, a specific name beats a weak one ("ID Number"
    over "ID"), and then the first column wins.
    """
    best: dict[str, tuple[bool, int]] = {}  # field -> (weak, index)
    for index, value in enumerate(cells):
        if not isinstance(value, str):
            continue
        key = _header_key(value)
        f = _BY_KEY.get(key)
        if f is None:
            continue
        weak = (f, key) in _WEAK
        if f not in best or (best[f][0] and not weak):
            best[f] = (weak, index)
    return {index: f for f, (_, index) in sorted(best.items(), key=lambda item: item[1][1])}


def _looks_like_header(mapping: dict[int, str]) -> bool:
    fields = set(mapping.values())
    return len(fields) >= 2 and bool(fields & {"name", "document", "phone"})


def _sub_header(header: dict[int, str], cells: Sequence[object]) -> dict[int, str] | None:
    """The refinements a second header row brings (column -> field, "" for none), or None.

    A row such as 手机 | 邮箱 under a merged 联系方式 is a second header row when its cells are
    column names: under a mapped column, the same field, or another name when that field is
    named elsewhere in the row (邮箱 | 手机). A registration has a name or a number there.
    Columns the header left blank (the rest of a merged cell) may hold any name.
    """
    named: dict[int, str] = {}
    for index, value in enumerate(cells):
        text, _ = _cell_text(value)
        if text:
            named[index] = _BY_KEY.get(_header_key(text), "")
    fields = set(named.values()) - {""}
    if not fields:
        return None
    for index, f in named.items():
        above = header.get(index)
        if above is not None and f != above and (f or above not in fields):
            return None
    return named


def _refine(
    header: dict[int, str], texts: dict[int, str], sub: dict[int, str], cells: Sequence[object]
) -> dict[int, str]:
    """The header mapping with a second header row's names taking over where they stand."""
    columns = dict(header)
    for index, f in sub.items():
        if f:
            # The sub-header names where the field really is, whatever the merged cell said.
            columns = {i: g for i, g in columns.items() if g != f}
            texts[index] = str(cells[index]).strip()
    for index, f in sub.items():
        columns.pop(index, None)
        if f:
            columns[index] = f
    # Among columns naming the same field, the specific name and then the first one wins.
    width = max(columns, default=-1) + 1
    return _map_header([texts[i] if i in columns else None for i in range(width)])


def _free_text_header(cells: Sequence[object], free_text: re.Pattern[str] | None) -> bool:
    """A survey's header row: a column asking for free text (意见建议) and another beside it."""
    if free_text is None:
        return False
    texts = [t for t in (_cell_text(c)[0] for c in cells) if t]
    return len(texts) >= 2 and any(free_text.search(t) for t in texts)


def _extra_columns(
    cells: Sequence[object], mapping: dict[int, str], free_text: re.Pattern[str] | None
) -> dict[int, str]:
    if free_text is None:
        return {}
    texts = {i: _cell_text(c)[0] for i, c in enumerate(cells) if i not in mapping}
    return {i: t for i, t in texts.items() if t}


def _build(
    file_name: str,
    rows: Iterator[Sequence[object]],
    encoding: str = "",
    free_text: re.Pattern[str] | None = None,
) -> Sheet:
    header: dict[int, str] | None = None
    extra_cols: dict[int, str] = {}
    header_row = 0
    texts: dict[int, str] = {}  # column -> its header text as in the file
    data: list[SheetRow] = []
    anything = False
    for number, cells in enumerate(rows, start=1):
        if header is None:
            if any(c not in (None, "") for c in cells):
                anything = True
            if number > HEADER_SEARCH_ROWS:
                break
            mapping = _map_header(cells)
            if _looks_like_header(mapping) or _free_text_header(cells, free_text):
                header, header_row = mapping, number
                texts = {i: str(cells[i]).strip() for i in mapping}
                extra_cols = _extra_columns(cells, mapping, free_text)
            continue
        if number == header_row + 1 and free_text is None:
            sub = _sub_header(header, cells)
            if sub is not None:
                header = _refine(header, texts, sub, cells)
                continue
        values: dict[str, str] = {}
        numeric: set[str] = set()
        for index, f in header.items():
            if index < len(cells):
                text, is_number = _cell_text(cells[index])
                if text:
                    values[f] = text
                    if is_number:
                        numeric.add(f)
        extra: dict[str, str] = {}
        for index, heading in extra_cols.items():
            text = _cell_text(cells[index])[0] if index < len(cells) else ""
            if text:
                extra[heading] = text
        if values or extra:  # blank rows (and, for registrations, text outside our columns)
            data.append(SheetRow(number, values, frozenset(numeric), extra))
    if header is None:
        if not anything:
            raise SheetError("表格是空的：没有任何内容")
        raise SheetError(
            f"找不到表头行：前{HEADER_SEARCH_ROWS}行中没有一行同时含有“姓名”“证件号码”"
            "“联系电话”等列名；请确认表格第一张工作表是报名表"
        )
    if not data:
        raise SheetError(f"表格第{header_row}行是表头，但下面没有报名数据")
    headers = {f: texts[i] for i, f in header.items()}
    extra_headers = tuple(extra_cols.values())
    return Sheet(file_name, header_row, headers, tuple(data), encoding, extra_headers)


def _read_xlsx(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as err:
        raise SheetError(f"“{path.name}”不是有效的Excel表格（.xlsx）文件，无法读取") from err
    try:
        first_error: SheetError | None = None
        for sheet in book.worksheets:
            # Some exporters write a wrong <dimension> (ref="A1"): read_only mode would then drop
            # every column but A. Forget it and read the cells the sheet really has.
            if isinstance(sheet, ReadOnlyWorksheet):
                sheet.reset_dimensions()
            # Formula cells need data_only values; missing rows come back empty, so numbering
            # matches Excel.
            rows = sheet.iter_rows(min_row=1, values_only=True)
            try:
                return _build(path.name, rows, free_text=free_text)
            except SheetError as err:
                first_error = first_error or err
        raise first_error or SheetError(f"“{path.name}”中没有工作表")
    finally:
        book.close()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Above this share of characters outside GB2312, GB18030-decoded text without a recognisable
# header row is taken for another encoding's bytes (Big5 decodes as GB18030 into rare characters).
_RARE_SHARE = 0.15


def _csv_rows(text: str) -> Iterator[list[str]]:
    """The cells of CSV text, row by row; csv.Error when it is not CSV."""
    head = text[:4096]
    # Excel saves commas; a sheet copied out of WPS or a web page may use tabs.
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ([c.strip() for c in r] for r in reader)


def _has_header(text: str) -> bool:
    """Whether one of the first rows of CSV text maps to our columns, as a header row."""
    try:
        rows = list(itertools.islice(_csv_rows(text), HEADER_SEARCH_ROWS))
    except csv.Error:
        return False
    return any(_looks_like_header(_map_header(r)) for r in rows)


def _decode_csv(path: Path, raw: bytes) -> tuple[str, str]:
    unexpected = (
        f"无法识别“{path.name}”的文字编码：请在Excel或WPS中“另存为”"
        "CSV UTF-8（逗号分隔）或 .xlsx 后再导入"
    )
    if raw.startswith(_UTF16_BOMS) or raw[:200].count(b"\x00") > 10:
        raise SheetError(unexpected + "（该文件是UTF-16编码）")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError(unexpected) from None
    # A header row we recognise is the surest sign the guess is right: names may then use
    # GB18030's rare characters (喆, 堃, 犇, 昇, 頔) as much as they like.
    if _has_header(text):
        return text, "gb18030"
    # Otherwise fall back on the character mix: real Chinese text is almost all in GB2312.
    han = [c for c in text if "\u3400" <= c <= "\u9fff"]
    rare = sum(1 for c in han if not _in_gb2312(c))
    if han and rare / len(han) > _RARE_SHARE:
        if _decodes_as(raw, "big5"):
            raise SheetError(unexpected + "（该文件似乎是繁体中文Big5编码）")
        raise SheetError(unexpected)
    return text, "gb18030"


def _decodes_as(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _read_csv(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith(_UTF16_BOMS) and raw.count(b"\x00") > 200:
        raise SheetError(f"“{path.name}”不是表格文件（CSV应为文本）")
    text, encoding = _decode_csv(path, raw)
    try:
        rows = list(_csv_rows(text))
    except csv.Error as err:
        raise SheetError(f"“{path.name}”不是有效的CSV文件：{err}") from err
    return _build(path.name, iter(rows), encoding, free_text)


def read_sheet(path: str | Path, *, free_text: re.Pattern[str] | None = None) -> Sheet:
    """The registration sheet in an XLSX or CSV file; SheetError when it cannot be read.

    With `free_text` (a survey download of opinions), a header row may also be one with a
    column matching it, and every column no field claims is kept in `SheetRow.extra`."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"找不到文件“{path}”")
    suffix = path.suffix.lower()
    with path.open("rb") as f:
        magic = f.read(8)
    if suffix in (".xlsx", ".xlsm") or magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, free_text)
    if suffix in (".xls", ".et") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(
            f"“{path.name}”是旧版Excel（.xls）或WPS格式：请在Excel或WPS中另存为 .xlsx 后再导入"
        )
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, free_text)
    raise SheetError(f"“{path.name}”不是表格文件：请导入Excel表格（.xlsx）或CSV文件")
