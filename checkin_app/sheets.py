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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

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
    text = unicodedata.normalize("NFKC", strip_controls(text))
    text = _BRACKETS.sub("", text)  # 联系电话（手机） -> 联系电话
    text = _QUESTION.sub("", text.strip())
    return _NOISE.sub("", text).lower()


_BY_KEY = {_header_key(name): f for f, names in SYNONYMS.items() for name in names}


class SheetError(UserError):
    """The file could not be read as a registration sheet at all (the CLI exits with 2)."""


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
            raise SheetError(
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
            texts[index] = strip_controls(str(cells[index])).strip()
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
    texts = {i: strip_controls(_cell_text(c)[0]).strip() for i, c in enumerate(cells)}
    return {i: t for i, t in texts.items() if t and i not in mapping}


def _extra_values(extra_cols: dict[int, str], cells: Sequence[object]) -> dict[str, str]:
    extra: dict[str, str] = {}
    for index, heading in extra_cols.items():
        text = _cell_text(cells[index])[0] if index < len(cells) else ""
        text = strip_controls(text).strip()
        if text:
            extra[heading] = text
    return extra


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
        _check_size(file_name, number, cells)
        if header is None:
            if any(c not in (None, "") for c in cells):
                anything = True
            if number > HEADER_SEARCH_ROWS:
                break
            mapping = _map_header(cells)
            if _looks_like_header(mapping) or _free_text_header(cells, free_text):
                header, header_row = mapping, number
                texts = {i: strip_controls(str(cells[i])).strip() for i in mapping}
                extra_cols = _extra_columns(cells, mapping, free_text)
            continue
        if number == header_row + 1 and free_text is None:
            sub = _sub_header(header, cells)
            if sub is not None:
                header = _refine(header, texts, sub, cells)
                continue
        row = _data_row(header, number, cells)
        extra = _extra_values(extra_cols, cells)
        if extra:  # a survey: the free-text answers of the submission
            row = replace(row or SheetRow(number, {}), extra=extra)
        if row is not None:  # blank rows (and, for registrations, text outside our columns)
            data.append(row)
    if header is None:
        if not anything:
            raise SheetError(f"“{file_name}”表格是空的：没有任何内容")
        raise SheetError(
            f"“{file_name}”找不到表头行：前{HEADER_SEARCH_ROWS}行中没有一行同时含有“姓名”"
            "“证件号码”“联系电话”等列名；请确认表格第一张工作表是报名表"
        )
    if not data:
        raise SheetError(f"“{file_name}”表格第{header_row}行是表头，但下面没有报名数据")
    headers = {f: texts[i] for i, f in header.items()}
    extra_headers = tuple(extra_cols.values())
    return Sheet(file_name, header_row, headers, tuple(data), encoding, extra_headers)


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


def _data_row(header: dict[int, str], number: int, cells: Sequence[object]) -> SheetRow | None:
    """The row's cells by field, control characters dropped; None for a blank row."""
    values: dict[str, str] = {}
    numeric: set[str] = set()
    cleaned: set[str] = set()
    for index, f in header.items():
        if index < len(cells):
            text, is_number = _cell_text(cells[index])
            if has_controls(text):
                cleaned.add(f)
                text = strip_controls(text).strip()
            if text:
                values[f] = text
                if is_number:
                    numeric.add(f)
    if not values:
        return None
    return SheetRow(number, values, frozenset(numeric), frozenset(cleaned))


def _not_xlsx(path: Path, why: str) -> UnreadableFile:
    return UnreadableFile(f"“{path.name}”不是有效的Excel表格（.xlsx）文件：{why}")


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


def _read_xlsx(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
    _check_zip(path)
    # openpyxl warns about parts it skips (data validation, unknown extensions): on a user's
    # console that is noise after the one sentence the import prints.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(path, free_text)


def _read_workbook(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
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
                return _build(path.name, rows, free_text=free_text)
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
    head = text[:4096]
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


def _read_csv(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
    if path.stat().st_size > MAX_CONTENT_MB * _MB:
        raise UnreadableFile(
            f"“{path.name}”大于{MAX_CONTENT_MB} MB的上限：请分成几个文件导入"
            f"（每个不超过{MAX_ROWS:,}行）"
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith(_UTF16_BOMS) and raw.count(b"\x00") > 200:
        raise SheetError(f"“{path.name}”不是表格文件（CSV应为文本）")
    text, encoding = _decode_csv(path, raw)
    return _build(path.name, _csv_guarded(path, text), encoding, free_text)


def read_sheet(path: str | Path, *, free_text: re.Pattern[str] | None = None) -> Sheet:
    """The registration sheet in an XLSX or CSV file; SheetError when it cannot be read.

    With `free_text` (a survey download of opinions), a header row may also be one with a
    column matching it, and every column no field claims is kept in `SheetRow.extra`."""
    path = Path(path)
    try:
        return _read_sheet(path, free_text)
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


def _read_sheet(path: Path, free_text: re.Pattern[str] | None = None) -> Sheet:
    if path.is_dir():
        raise SheetError(f"“{path}”是一个文件夹，请选择报名表文件")
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
