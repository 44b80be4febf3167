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
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checkin_app.cells import has_controls, strip_controls
from checkin_app.errors import UserError

# How far down a header row may sit under titles and notes.
HEADER_SEARCH_ROWS = 30

# Limits on what a sheet may hold, far above any open day's registrations (a city-wide open
# month has thousands), so that a hostile or broken file is refused at once instead of taking
# minutes and gigabytes: an XLSX is a zip, and 8 MB of it can unpack to 127 MB of XML.
MAX_ROWS = 100_000
MAX_COLUMNS = 2_000
MAX_CONTENT_MB = 50  # what an XLSX unpacks to (its XML), or a CSV file's size
MAX_ZIP_MEMBERS = 2_000
# Sheet XML packs about 10:1; far more than this on a large member is a zip bomb.
MAX_PACKING_RATIO = 200
_MB = 1024 * 1024
# Who reads .xlsx: python-calamine (a Rust reader, about three times openpyxl's speed here,
# bench/import_bench.py --reader), or "openpyxl", used too when calamine is not installed.
# .xls and .ods: calamine only.
XLSX_READER = "calamine"

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
    "registered_at": ("报名时间", "报名日期", "registeredat", "registrationtime"),
}

# What the form services (问卷星, 腾讯问卷, 金数据, 金山表单) add of their own, as `_header_key`
# gives them: never one of our fields, whatever a substring of them says (来源详情, 来自IP).
SERVICE_COLUMNS = frozenset(
    {
        "序号",
        "所用时间",
        "来源详情",
        "来自ip",
        "编号",
        "开始答题时间",
        "答题时长",
        "地理位置",
        "提交人",
        "填写设备",
        "ip",
        "ua",
        "ip地址",
        "填写ip",
        "用户名",
        "昵称",
        "微信昵称",
        "答卷编号",
        "总分",
        "操作系统",
        "浏览器",
        "渠道",
        "来源渠道",
        "自定义字段",
        "openid",
        "填写时长",
        "更新时间",
        "修改时间",
        "ip来源",
        "设备",
        "答题序号",
        "提交序号",
        "状态",
    }
)
# The service's submission time: the registration time when the sheet has no 报名时间 column.
SUBMITTED_AT = frozenset({"提交答卷时间", "提交时间", "答卷提交时间", "填写时间", "创建时间"})
# Service columns that a hand-made sheet also has (序号) or names our way (来源): alone they
# do not make a sheet a service download.
_AMBIGUOUS_SERVICE = frozenset({"序号", "编号", "来源", "状态"})

# What services write for a question skipped or not shown: the cell is blank, everywhere.
SKIPPED = frozenset({"(空)", "(跳过)", "-2", "-3", "—", "——", "无", "(未填写)", "(未作答)"})
# A per-option column's cell that means "not chosen" (besides the skip markers).
_NOT_TICKED = frozenset({"0", "否", "未选", "未选中", "×", "false", "n", "no"})

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
_NOISE = re.compile(r"[\s*＊:：_.\-?？]+")  # "ID No." -> "idno"
# A question's numbering: 1、 1. Q1 第7题 (NFKC has made the digits and dots half-width).
_NUMBERING = re.compile(r"^\s*(?:第\s*\d+\s*题|q\s*\d+\s*[.、:)]?|\d+\s*[、.):])\s*", re.I)
_POLITE = re.compile(r"请您|您的|你的|请填写|请输入|请选择|请问|请上传|本人|您")


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", strip_controls(text))
    text = _BRACKETS.sub("", text)  # 联系电话（手机） -> 联系电话
    text = _NUMBERING.sub("", text)  # 1、您的姓名： -> 您的姓名：
    return _POLITE.sub("", _NOISE.sub("", text).lower())


_BY_KEY = {_header_key(name): f for f, names in SYNONYMS.items() for name in names}
# Names searched for inside longer question text (报名参加哪项活动 -> 活动), longest first;
# only Chinese ones, as "id" or "tel" sit inside too many English words.
_INSIDE = sorted((k for k in _BY_KEY if len(k) >= 2 and not k.isascii()), key=len, reverse=True)


def field_of(text: str) -> tuple[str | None, bool]:
    """The field a header names (None: none, "": a service's own column), and whether weakly.

    A name found only inside a longer question is weak: an exact name elsewhere wins.
    """
    key = _header_key(text)
    if key in SERVICE_COLUMNS:
        return "", False
    if key in SUBMITTED_AT:
        return "registered_at", True
    f = _BY_KEY.get(key)
    if f is not None:
        return f, (f, key) in _WEAK
    for name in _INSIDE:
        if name in key:
            return _BY_KEY[name], True
    return None, False


class SheetError(UserError):
    """The file could not be read as a registration sheet at all (the CLI exits with 2)."""


class MissingColumns(SheetError):
    """The sheet was read but a required column is not recognised: a column mapping can help."""


class UnreadableFile(SheetError):
    """The file is damaged or over a limit: no other sheet of it is worth trying."""


@dataclass(frozen=True)
class SheetRow:
    """One non-blank data row: its number as Excel shows it and its cells as text, by field."""

    number: int
    values: dict[str, str]
    # Fields whose cell Excel stored as a number (an ID number there has lost digits).
    numeric: frozenset[str] = frozenset()
    # Fields whose cell held control characters, which were dropped (the import warns).
    cleaned: frozenset[str] = frozenset()
    # With `ReadOptions.free_text`: the other columns' text, by their header as in the file.
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
    # A form service's download (问卷星, 腾讯问卷...): its registrations came in online.
    service: bool = False
    # Field -> option number -> option text, when a header lists its question's options.
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    # Every header cell as text, in order: what a remembered column mapping is matched on.
    columns: tuple[str, ...] = ()
    # The first cell of each row above the header (titles, notes): a template names its event.
    preamble: tuple[str, ...] = ()
    extra_headers: tuple[str, ...] = ()  # with `ReadOptions.free_text`: columns no field claims

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
            raise MissingColumns(
                f"“{self.file_name}”表格第{self.header_row}行的表头中缺少必填列{names}（{hints}）"
            )


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


def _map_header(
    cells: Sequence[object], overrides: Mapping[str, str] | None = None
) -> dict[int, str]:
    """Column index -> field for a candidate header row.

    A column the user mapped (`overrides`, header text -> field, "" to ignore) is taken as
    mapped. Otherwise, when several columns name the same field, a specific name beats a weak
    one ("ID Number" over "ID", 联系电话 over 紧急联系人电话), and then the first column wins.
    """
    overrides = overrides or {}
    best: dict[str, tuple[int, int]] = {}  # field -> (rank: 0 mapped, 1 named, 2 weak; index)
    service = is_service_header(cells)
    for index, value in enumerate(cells):
        if not isinstance(value, str):
            continue
        f: str | None
        if value.strip() in overrides:
            f, rank = overrides[value.strip()], 0
        else:
            found, weak = field_of(value)
            f, rank = found, 2 if weak else 1
            if service and f == "source" and _header_key(value) == "来源":
                f = None  # 问卷星's 来源 (微信, 手机提交) is how the form was opened, not ours
        if not f:
            continue
        if f not in best or rank < best[f][0]:
            best[f] = (rank, index)
    return {index: f for f, (_, index) in sorted(best.items(), key=lambda item: item[1][1])}


def is_service_header(cells: Sequence[object]) -> bool:
    """Whether a header row is a form service's download (it has the service's own columns)."""
    keys = {_header_key(c) for c in cells if isinstance(c, str)}
    return bool(keys & (SERVICE_COLUMNS | SUBMITTED_AT) - _AMBIGUOUS_SERVICE)


# An option column: 第7题(智慧城管), 7、报名参加哪项活动(智慧城管), 7.报名参加哪项活动？:智慧城管.
_OPTION_COLUMN = re.compile(r"^(.+?)(?:[(（]([^()（）]+)[)）]|[:：]([^:：]+))\s*$")


def _split_option(text: str) -> tuple[str, str] | None:
    m = _OPTION_COLUMN.match(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    return m.group(1).strip(), (m.group(2) or m.group(3)).strip()


def choice_columns(
    cells: Sequence[object], header: dict[int, str], choices: Sequence[str] = ()
) -> dict[int, tuple[str, str]]:
    """Column -> ("activity", option) for the activity question downloaded as one column per
    option.

    Two or more neighbouring columns with the same question and an option each make a group:
    the activity question when it names the activity, or a bare 第7题 whose options name the
    event's activities (`choices`).
    """
    found: dict[int, tuple[str, str]] = {}
    groups: list[list[tuple[int, str, str]]] = []
    for index, value in enumerate(cells):
        split = _split_option(value) if isinstance(value, str) else None
        if split is None:
            continue
        question, option = split
        if groups and groups[-1][-1][0] == index - 1 and groups[-1][-1][1] == question:
            groups[-1].append((index, question, option))
        else:
            groups.append([(index, question, option)])
    known = {_option_key(c) for c in choices}
    for group in groups:
        if len(group) < 2:
            continue
        # Only the activity question is asked as a multiple choice: 联系电话(手机) next to
        # 联系电话(座机) are two phone columns, not two options.
        f, _ = field_of(group[0][1])
        if f == "activity" or (not f and any(_option_key(o) in known for _, _, o in group)):
            found.update({index: ("activity", option) for index, _, option in group})
    return found


def _option_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", _OPTION_NUMBER.sub("", text)).lower()


# An option's own numbering: "1. 智慧城管", "A、绿色城管".
_OPTION_NUMBER = re.compile(r"^\s*(?:\d+|[A-Za-z])\s*[.、:)]\s*")


def strip_option_number(text: str) -> str:
    """An option's text without its leading numbering (1. 智慧城管 -> 智慧城管)."""
    return _OPTION_NUMBER.sub("", unicodedata.normalize("NFKC", text)).strip()


# Options listed in a header: 报名参加哪项活动（1.智慧城管 2.绿色城管）.
_LISTED_OPTION = re.compile(r"(\d+)\s*[.、:=\-]\s*([^\d;；,，、/\s]+)")


def options_in(text: str) -> dict[str, str]:
    """Option number -> text, for a header that lists its question's options; else empty."""
    inside = "".join(re.findall(r"[(（\[【](.*?)[)）\]】]", unicodedata.normalize("NFKC", text)))
    found = dict(_LISTED_OPTION.findall(inside))
    return found if len(found) >= 2 else {}


def is_skipped(text: str) -> bool:
    """Whether a cell is one of the services' skip markers: a blank."""
    # Every marker is short: most cells need no normalising (it is per cell of 10,000 rows).
    return len(text) <= 8 and unicodedata.normalize("NFKC", text).strip().lower() in SKIPPED


def _ticked(text: str) -> bool:
    plain = unicodedata.normalize("NFKC", text).strip().lower()
    return bool(plain) and plain not in SKIPPED and plain not in _NOT_TICKED


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
    header: dict[int, str],
    texts: dict[int, str],
    sub: dict[int, str],
    cells: Sequence[object],
    read: ReadOptions,
) -> dict[int, str]:
    """The header mapping with a second header row's names taking over where they stand."""
    columns = dict(header)
    for index, f in sub.items():
        if f:
            # The sub-header names where the field really is, whatever the merged cell said.
            columns = {i: g for i, g in columns.items() if g != f}
            texts[index] = strip_controls(str(cells[index])).strip()
    for index, f in sub.items():
        columns.pop(index, None)
        if f:
            columns[index] = f
    # Among columns naming the same field, the specific name and then the first one wins.
    width = max(columns, default=-1) + 1
    return _map_header([texts[i] if i in columns else None for i in range(width)], read.overrides)


@dataclass(frozen=True)
class ReadOptions:
    """What the import knows before reading: the user's column mapping and the activities."""

    # Header text as in the file -> field ("" to ignore the column), from --map or the dialog.
    overrides: Mapping[str, str] = field(default_factory=dict)
    # The event's activity names: a bare 第7题 whose options name them is the activity question.
    choices: tuple[str, ...] = ()
    # For the mapping step: the first `raw_limit` rows are put here as they are, nothing mapped.
    raw: list[Sequence[object]] | None = None
    raw_limit: int = 0
    # A survey download of opinions: a header row may be one with a column matching this, and
    # every column no field claims is kept in `SheetRow.extra`.
    free_text: re.Pattern[str] | None = None


@dataclass
class _Layout:
    """The header row as found: which column holds which field, and the option columns."""

    columns: dict[int, str]
    texts: dict[int, str]  # column -> its header text as in the file
    choices: dict[int, tuple[str, str]] = field(default_factory=dict)
    service: bool = False
    options: dict[str, dict[str, str]] = field(default_factory=dict)
    all_texts: tuple[str, ...] = ()


def _free_text_header(cells: Sequence[object], free_text: re.Pattern[str] | None) -> bool:
    """A survey's header row: a column asking for free text (意见建议) and another beside it."""
    if free_text is None:
        return False
    texts = [t for t in (_cell_text(c)[0] for c in cells) if t]
    return len(texts) >= 2 and any(free_text.search(t) for t in texts)


def _extra_columns(cells: Sequence[object], layout: _Layout, read: ReadOptions) -> dict[int, str]:
    if read.free_text is None:
        return {}
    texts = {i: strip_controls(_cell_text(c)[0]).strip() for i, c in enumerate(cells)}
    claimed = set(layout.columns) | set(layout.choices)
    return {i: t for i, t in texts.items() if t and i not in claimed}


def _extra_values(extra_cols: dict[int, str], cells: Sequence[object]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for index, heading in extra_cols.items():
        text = _cell_text(cells[index])[0] if index < len(cells) else ""
        text = strip_controls(text).strip()
        if text:
            extra[heading] = text
    return extra


def _survey_layout(cells: Sequence[object], read: ReadOptions) -> _Layout | None:
    """A header row of an opinion survey, which need not name two of our fields."""
    if not _free_text_header(cells, read.free_text):
        return None
    mapping = _map_header(cells, read.overrides)
    texts = {i: strip_controls(str(cells[i])).strip() for i in mapping}
    all_texts = tuple(_cell_text(c)[0] for c in cells)
    return _Layout(mapping, texts, {}, is_service_header(cells), {}, all_texts)


def _layout(cells: Sequence[object], read: ReadOptions) -> _Layout | None:
    """The layout of a header row, or None when the row is not one."""
    choices = choice_columns(cells, {}, read.choices)
    mapping = _map_header(
        [None if i in choices and c not in read.overrides else c for i, c in enumerate(cells)],
        read.overrides,
    )
    named = set(mapping.values()) | {f for f, _ in choices.values()}
    if not (len(named) >= 2 and named & {"name", "document", "phone"}):
        return None
    for f in {f for f, _ in choices.values()}:  # a per-option group beats a weak text column
        mapping = {i: g for i, g in mapping.items() if g != f}
    texts = {i: strip_controls(str(cells[i])).strip() for i in (*mapping, *choices)}
    options = {f: options_in(texts[i]) for i, f in mapping.items() if options_in(texts[i])}
    all_texts = tuple(_cell_text(c)[0] for c in cells)
    return _Layout(mapping, texts, choices, is_service_header(cells), options, all_texts)


def _build(
    file_name: str,
    rows: Iterator[Sequence[object]],
    encoding: str = "",
    read: ReadOptions | None = None,
) -> Sheet:
    read = read or ReadOptions()
    if read.raw is not None:
        for number, cells in enumerate(rows, start=1):
            if number > read.raw_limit:
                break
            _check_size(file_name, number, cells)
            read.raw.append(cells)
        return Sheet(file_name, 0, {})
    layout: _Layout | None = None
    extra_cols: dict[int, str] = {}
    header_row = 0
    data: list[SheetRow] = []
    preamble: list[str] = []
    anything = False
    for number, cells in enumerate(rows, start=1):
        _check_size(file_name, number, cells)
        if layout is None:
            if any(c not in (None, "") for c in cells):
                anything = True
            if number > HEADER_SEARCH_ROWS:
                break
            layout = _layout(cells, read) or _survey_layout(cells, read)
            if layout is not None:
                extra_cols = _extra_columns(cells, layout, read)
            header_row = number
            if layout is None and cells and cells[0] not in (None, ""):
                preamble.append(strip_controls(_cell_text(cells[0])[0]))
            continue
        if number == header_row + 1 and not layout.choices and read.free_text is None:
            sub = _sub_header(layout.columns, cells)
            if sub is not None:
                layout.columns = _refine(layout.columns, layout.texts, sub, cells, read)
                continue
        row = _data_row(layout, number, cells)
        extra = _extra_values(extra_cols, cells)
        if extra:  # a survey: the free-text answers of the submission
            row = replace(row or SheetRow(number, {}), extra=extra)
        if row is not None:  # blank rows (and rows with text only outside our columns) are skipped
            data.append(row)
    if layout is None:
        if not anything:
            raise SheetError(f"“{file_name}”表格是空的：没有任何内容")
        raise MissingColumns(
            f"“{file_name}”找不到表头行：前{HEADER_SEARCH_ROWS}行中没有一行同时含有“姓名”"
            "“证件号码”“联系电话”等列名；请确认表格第一张工作表是报名表，"
            '或用 --map "列名=字段" 指明各列'
        )
    if not data:
        raise SheetError(f"“{file_name}”表格第{header_row}行是表头，但下面没有报名数据")
    headers = {f: layout.texts[i] for i, f in layout.columns.items()}
    for i, (f, _) in layout.choices.items():
        headers.setdefault(f, _split_option(layout.texts[i])[0])  # type: ignore[index]
    return Sheet(
        file_name,
        header_row,
        headers,
        tuple(data),
        encoding,
        service=layout.service,
        options=layout.options,
        columns=layout.all_texts,
        preamble=tuple(preamble),
        extra_headers=tuple(extra_cols.values()),
    )


def _check_size(file_name: str, number: int, cells: Sequence[object]) -> None:
    if number > MAX_ROWS:
        raise UnreadableFile(
            f"“{file_name}”超过{MAX_ROWS:,}行的上限：请删除多余的行（包括只设了格式的空行），"
            "或分成几个文件导入"
        )
    if len(cells) > MAX_COLUMNS:
        raise UnreadableFile(
            f"“{file_name}”第{number}行超过{MAX_COLUMNS:,}列的上限：请删除多余的列后再导入"
        )


def _data_row(layout: _Layout, number: int, cells: Sequence[object]) -> SheetRow | None:
    """The row's cells by field, control characters and skip markers dropped; None if blank.

    A question downloaded as one column per option becomes the chosen options joined by ┋,
    as the text download writes them.
    """
    values: dict[str, str] = {}
    numeric: set[str] = set()
    cleaned: set[str] = set()
    for index, f in layout.columns.items():
        if index < len(cells):
            text, is_number = _cell_text(cells[index])
            if has_controls(text):
                cleaned.add(f)
                text = strip_controls(text).strip()
            if text and not is_skipped(text):
                values[f] = text
                if is_number:
                    numeric.add(f)
    chosen: dict[str, list[str]] = {}
    for index, (f, option) in layout.choices.items():
        if index < len(cells) and _ticked(_cell_text(cells[index])[0]):
            chosen.setdefault(f, []).append(option)
    values.update({f: "┋".join(options) for f, options in chosen.items()})
    if not values:
        return None
    return SheetRow(number, values, frozenset(numeric), frozenset(cleaned))


_KIND = {".ods": "ODS表格（.ods）", ".xls": "旧版Excel表格（.xls）", ".et": "WPS表格（.et）"}


def _not_xlsx(path: Path, why: str) -> UnreadableFile:
    kind = _KIND.get(path.suffix.lower())
    if kind is None:
        return UnreadableFile(f"“{path.name}”不是有效的Excel表格（.xlsx）文件：{why}")
    # An old or foreign format may be one a reader cannot follow: Excel or WPS can convert it.
    return UnreadableFile(
        f"“{path.name}”不是有效的{kind}文件：{why}；可在Excel或WPS中打开后另存为 .xlsx 再导入"
    )


def _check_zip(path: Path) -> None:
    """Refuse, from the zip's directory alone, a workbook too big or too packed to open."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as err:
        raise _not_xlsx(path, "文件不完整或已损坏，无法读取") from err
    if len(members) > MAX_ZIP_MEMBERS:
        raise _not_xlsx(path, f"其中有{len(members):,}个部件，超过{MAX_ZIP_MEMBERS:,}个的上限")
    content = 0
    for m in members:
        if m.flag_bits & 0x1:
            raise _not_xlsx(path, "其中的内容已加密，请去掉密码后另存再导入")
        if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_xlsx(path, "压缩方式不是Excel使用的，无法读取")
        # Deflate never grows data by more than a few bytes a block: a member whose packed
        # size is larger than it unpacks to is damaged, and would be inflated to the end anyway.
        if m.compress_size > m.file_size + m.file_size // 100 + 1024:
            raise _not_xlsx(path, "文件已损坏（压缩数据与其声明的大小不符）")
        if m.file_size > _MB and m.file_size > MAX_PACKING_RATIO * m.compress_size:
            raise _not_xlsx(
                path, f"其中“{m.filename}”的压缩比超过{MAX_PACKING_RATIO}:1的上限，疑为压缩炸弹"
            )
        if not m.filename.startswith("xl/media/"):  # pictures are not read
            content += m.file_size
    if content > MAX_CONTENT_MB * _MB:
        raise UnreadableFile(
            f"“{path.name}”解压后的表格内容有{content / _MB:,.0f} MB，"
            f"超过{MAX_CONTENT_MB} MB的上限："
            f"请删除多余的工作表、行和格式，或分成几个文件导入（每个不超过{MAX_ROWS:,}行）"
        )


def _damage(err: BaseException) -> str:
    """What is wrong with a workbook that openpyxl could not read, in the user's words."""
    if isinstance(err, zipfile.BadZipFile | zlib.error | EOFError):
        return "压缩数据已损坏，无法读取"
    if isinstance(err, SyntaxError):  # xml.etree's ParseError
        return "其中的XML内容格式错误，无法读取"
    kind = type(err).__name__  # python-calamine's own errors
    if kind == "PasswordError":
        return "文件设有密码，请去掉密码后另存再导入"
    if kind == "ZipError" or "deflate" in str(err):
        return "压缩数据已损坏，无法读取"
    if kind == "XmlError":
        return "其中的XML内容格式错误，无法读取"
    return "内容不符合Excel表格的格式，无法读取"


def _guarded(path: Path, rows: Iterator[Sequence[object]]) -> Iterator[Sequence[object]]:
    """The rows openpyxl reads, with any failure inside it turned into a SheetError.

    A damaged workbook makes openpyxl raise almost anything (ParseError, zlib.error, ValueError,
    KeyError, TypeError, IndexError...): every one of them means the file cannot be read. Only
    openpyxl's own frames are guarded, so a fault in our code is still reported as one.
    """
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as err:
            raise _not_xlsx(path, _damage(err)) from err
        yield row


def _read_xlsx(path: Path, read: ReadOptions) -> Sheet:
    _check_zip(path)
    if XLSX_READER == "calamine" and _calamine() is not None:
        return _read_calamine(path, read)
    # openpyxl warns about parts it skips (data validation, unknown extensions): on a user's
    # console that is noise after the one sentence the import prints.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(path, read)


def _calamine() -> Any:
    """The python-calamine module (a Rust reader, several times faster than openpyxl), if any."""
    try:
        import python_calamine
    except ImportError:  # not installed: openpyxl reads .xlsx, and .xls/.ods are refused
        return None
    return python_calamine


def _read_calamine(path: Path, read: ReadOptions) -> Sheet:
    """Every sheet format through python-calamine: the first sheet that is a registration sheet.

    Only a sheet's size is known before its cells are loaded: one over the limits is refused
    before calamine builds its rows.
    """
    try:
        book = _calamine().CalamineWorkbook.from_path(str(path))
    except Exception as err:  # whatever calamine raises on a damaged file (see _guarded)
        raise _not_xlsx(path, _damage(err)) from err
    try:
        first_error: SheetError | None = None
        for index in range(len(book.sheet_names)):
            try:
                sheet = book.get_sheet_by_index(index)
            except Exception as err:
                raise _not_xlsx(path, _damage(err)) from err
            if sheet.height > MAX_ROWS:
                _check_size(path.name, sheet.height, ())
            if sheet.width > MAX_COLUMNS:
                _check_size(path.name, 1, [None] * sheet.width)
            # Leading blank rows come back as empty rows, so the numbering matches Excel's.
            rows = _guarded(path, iter(sheet.iter_rows()))
            try:
                return _build(path.name, rows, read=read)
            except UnreadableFile:
                raise
            except SheetError as err:
                first_error = first_error or err
        raise first_error or SheetError(f"“{path.name}”中没有工作表")
    finally:
        book.close()


def _read_xls(path: Path, read: ReadOptions) -> Sheet:
    """A legacy Excel (BIFF) or WPS .et file: not a zip, so only its size bounds it."""
    if _calamine() is None:
        raise SheetError(
            f"“{path.name}”是旧版Excel（.xls）或WPS格式：请在Excel或WPS中另存为 .xlsx 后再导入"
        )
    if path.stat().st_size > MAX_CONTENT_MB * _MB:
        raise UnreadableFile(
            f"“{path.name}”大于{MAX_CONTENT_MB} MB的上限：请删除多余的工作表、行和格式，"
            f"或分成几个文件导入（每个不超过{MAX_ROWS:,}行）"
        )
    return _read_calamine(path, read)


def _read_workbook(path: Path, read: ReadOptions) -> Sheet:
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # any failure of openpyxl here is a damaged file (see _guarded)
        raise _not_xlsx(path, _damage(err)) from err
    try:
        first_error: SheetError | None = None
        for sheet in book.worksheets:
            # Some exporters write a wrong <dimension> (ref="A1"): read_only mode would then drop
            # every column but A. Forget it and read the cells the sheet really has.
            if isinstance(sheet, ReadOnlyWorksheet):
                sheet.reset_dimensions()
            # Formula cells need data_only values; missing rows come back empty, so numbering
            # matches Excel.
            rows = _guarded(path, sheet.iter_rows(min_row=1, values_only=True))
            try:
                return _build(path.name, rows, read=read)
            except UnreadableFile:
                raise  # a damaged or oversized sheet: the others cannot make up for it
            except SheetError as err:
                first_error = first_error or err
        raise first_error or SheetError(f"“{path.name}”中没有工作表")
    finally:
        book.close()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Above this share of characters outside GB2312, GB18030-decoded text without a recognisable
# header row is taken for another encoding's bytes (Big5 decodes as GB18030 into rare characters).
_RARE_SHARE = 0.15


def _delimiter(text: str) -> str:
    # 腾讯问卷 puts a tab before long numbers ("\t1101..."), to keep Excel from rounding them.
    head = text[:4096].replace('"\t', '"')
    # Excel saves commas; a sheet copied out of WPS or a web page may use tabs.
    return "\t" if head.count("\t") > head.count(",") else ","


def _csv_rows(text: str) -> Iterator[list[str]]:
    """The cells of CSV text, row by row; csv.Error when it is not CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
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


def _csv_guarded(path: Path, text: str) -> Iterator[Sequence[object]]:
    """The CSV rows one by one (a hostile file stops at the row limit, not in memory)."""
    delimiter = _delimiter(text)
    # The csv module builds a whole line before _build sees it: refuse a line of millions of
    # fields before that. A comma inside quotes counts too, which no real sheet comes near.
    lines = io.StringIO(text, newline=None)  # CR, LF or CR LF, as the csv module reads them
    widest = max((line.count(delimiter) for line in lines), default=0)
    if widest >= MAX_COLUMNS:
        raise UnreadableFile(
            f"“{path.name}”有一行超过{MAX_COLUMNS:,}列的上限：请删除多余的列后再导入"
        )
    rows = _csv_rows(text)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            raise UnreadableFile(f"“{path.name}”不是有效的CSV文件：{_csv_damage(err)}") from err
        yield row


def _csv_damage(err: csv.Error) -> str:
    """What the csv module found wrong, in the user's words."""
    if "field limit" in str(err):
        return f"有一个单元格超过{csv.field_size_limit():,}个字符（可能是引号不配对）"
    if "NUL" in str(err):
        return "其中含有空字符（NUL），不是文本文件"
    return "格式错误（可能是引号不配对）"


def _read_csv(path: Path, read: ReadOptions) -> Sheet:
    if path.stat().st_size > MAX_CONTENT_MB * _MB:
        raise UnreadableFile(
            f"“{path.name}”大于{MAX_CONTENT_MB} MB的上限：请分成几个文件导入"
            f"（每个不超过{MAX_ROWS:,}行）"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith(_UTF16_BOMS) and raw.count(b"\x00") > 200:
        raise SheetError(f"“{path.name}”不是表格文件（CSV应为文本）")
    text, encoding = _decode_csv(path, raw)
    return _build(path.name, _csv_guarded(path, text), encoding, read)


@dataclass(frozen=True)
class ColumnSample:
    """A column of a sheet as the mapping step shows it: its header, the field it was
    recognised as (None: not recognised, "": a form service's own column), a few values."""

    header: str
    field: str | None
    samples: tuple[str, ...]


def sample_columns(path: str | Path, count: int = 3) -> tuple[ColumnSample, ...]:
    """The columns of the sheet's header row, for the user to map; SheetError when unreadable.

    The header row is the first of the first rows with most recognised names, else the first
    with two or more cells.
    """
    rows: list[Sequence[object]] = []
    read_sheet(path, ReadOptions(raw=rows, raw_limit=HEADER_SEARCH_ROWS + count))
    return _samples(rows, count)


def _samples(rows: list[Sequence[object]], count: int) -> tuple[ColumnSample, ...]:
    head = rows[:HEADER_SEARCH_ROWS]
    scores = [len(_map_header(r)) for r in head]
    filled = [sum(1 for c in r if _cell_text(c)[0]) for r in head]
    if scores and max(scores) > 0:
        at = scores.index(max(scores))
    else:
        at = next((i for i, n in enumerate(filled) if n >= 2), -1)
    if at < 0:
        return ()
    header = [_cell_text(c)[0] for c in rows[at]]
    mapped = _map_header(rows[at])  # what the import would take each column for
    below = rows[at + 1 :]
    columns = []
    for index, text in enumerate(header):
        if not text:
            continue
        values = [_cell_text(r[index])[0] if index < len(r) else "" for r in below]
        samples = tuple(v for v in values if v and not is_skipped(v))[:count]
        f = mapped.get(index) or ("" if field_of(text)[0] is not None else None)
        columns.append(ColumnSample(text, f, samples))
    return tuple(columns)


def read_sheet(
    path: str | Path, read: ReadOptions | None = None, *, free_text: re.Pattern[str] | None = None
) -> Sheet:
    """The registration sheet in an XLSX, XLS, ODS or CSV file; SheetError when unreadable.
    `free_text`: see `ReadOptions.free_text` (an opinion survey)."""
    path = Path(path)
    options = read or ReadOptions()
    if free_text is not None:
        options = replace(options, free_text=free_text)
    try:
        return _read_sheet(path, options)
    except OSError as err:
        # Gone, a folder, no permission, a disk error: say which, in the user's words.
        raise SheetError(f"无法读取“{path}”：{_os_reason(err)}") from err


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "文件不存在"
    if isinstance(err, IsADirectoryError):
        return "这是一个文件夹，不是文件"
    if isinstance(err, PermissionError):
        return "没有读取权限"
    return err.strerror or str(err)


def _read_sheet(path: Path, read: ReadOptions) -> Sheet:
    if path.is_dir():
        raise SheetError(f"“{path}”是一个文件夹，请选择报名表文件")
    if not path.is_file():
        raise SheetError(f"找不到文件“{path}”")
    suffix = path.suffix.lower()
    with path.open("rb") as f:
        magic = f.read(8)
    if suffix == ".ods" and magic.startswith(b"PK\x03\x04"):
        _check_zip(path)
        if _calamine() is None:
            raise SheetError(f"“{path.name}”是ODS表格：请另存为 .xlsx 后再导入")
        return _read_calamine(path, read)
    if suffix in (".xlsx", ".xlsm") or magic.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, read)
    if suffix in (".xls", ".et") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_xls(path, read)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, read)
    raise SheetError(f"“{path.name}”不是表格文件：请导入Excel表格（.xlsx、.xls、.ods）或CSV文件")
