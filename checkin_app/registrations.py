"""Importing a registration sheet: a preview that explains every row, then an all-or-nothing commit.

The preview writes nothing. It carries keyed hashes of the identity numbers, never the numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from checkin_app import clock, column_maps, forms, idcard, sealing
from checkin_app.errors import UserError
from checkin_app.events import closest
from checkin_app.models import (
    Activity,
    DocumentType,
    Event,
    Gender,
    ImportBatch,
    Participant,
    Setting,
    Source,
    Status,
    StatusChange,
    utcnow,
)
from checkin_app.phones import PhoneError, mask_phone, normalise_phone
from checkin_app.sheets import (
    FIELD_NAMES,
    ReadOptions,
    Sheet,
    SheetError,
    SheetRow,
    is_skipped,
    read_sheet,
    strip_option_number,
)

ProgressCallback = Callable[[int, int], None]

DOCUMENT_KEY = "document_hash_key"  # the Setting that workspace.document_key() also uses
_PROGRESS_EVERY = 250

CATEGORIES = (
    "市民代表",
    "人大代表",
    "政协委员",
    "专家学者",
    "媒体记者",
    "企业代表",
    "社区工作者",
    "学生",
)
_CATEGORY_VARIANTS = {
    "市民代表": ("市民", "群众", "群众代表", "居民", "居民代表", "普通市民", "公众", "市民群众"),
    "人大代表": ("人大", "全国人大代表", "省人大代表", "市人大代表", "区人大代表", "县人大代表"),
    "政协委员": ("政协", "全国政协委员", "省政协委员", "市政协委员", "区政协委员", "县政协委员"),
    "专家学者": ("专家", "学者", "专家代表", "高校教师", "教授"),
    "媒体记者": ("媒体", "记者", "新闻媒体", "媒体代表", "新闻记者"),
    "企业代表": ("企业", "企业家", "企业主", "商户", "商户代表", "个体工商户"),
    "社区工作者": ("社区", "社区干部", "社区工作人员", "社区代表", "网格员", "村居干部"),
    "学生": ("大学生", "学生代表", "在校学生", "在校生", "研究生"),
}
_CATEGORY_OF = {v: c for c, vs in _CATEGORY_VARIANTS.items() for v in (c, *vs)}

_SOURCES = {
    "电话": Source.PHONE,
    "电话报名": Source.PHONE,
    "phone": Source.PHONE,
    "邮件": Source.EMAIL,
    "电子邮件": Source.EMAIL,
    "邮箱": Source.EMAIL,
    "email": Source.EMAIL,
    "e-mail": Source.EMAIL,
    "现场": Source.ONSITE,
    "现场报名": Source.ONSITE,
    "onsite": Source.ONSITE,
    "网上": Source.ONLINE,
    "网络": Source.ONLINE,
    "在线": Source.ONLINE,
    "线上": Source.ONLINE,
    "网上报名": Source.ONLINE,
    "online": Source.ONLINE,
    # What 问卷星 and the others write in their own 来源 column: the form was filled online.
    "微信": Source.ONLINE,
    "手机提交": Source.ONLINE,
    "链接": Source.ONLINE,
    "二维码": Source.ONLINE,
    "问卷星": Source.ONLINE,
    "腾讯问卷": Source.ONLINE,
}
# How services join several answers of one question in a cell: 智慧城管┋绿色城管.
_ANSWERS = re.compile(r"[┋|｜，,；;]")
_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔", "特邀", "邀请"}
_NO = {"否", "n", "no", "false", "0", "×", "不是"}
_GENDERS = {
    "男": Gender.MALE,
    "男性": Gender.MALE,
    "m": Gender.MALE,
    "male": Gender.MALE,
    "女": Gender.FEMALE,
    "女性": Gender.FEMALE,
    "f": Gender.FEMALE,
    "female": Gender.FEMALE,
}
_GENDER_TEXT = {Gender.MALE: "男", Gender.FEMALE: "女"}
_DOC_TYPES = {
    "身份证": DocumentType.RESIDENT_ID,
    "居民身份证": DocumentType.RESIDENT_ID,
    "二代身份证": DocumentType.RESIDENT_ID,
    "港澳台居民居住证": DocumentType.HMT_PERMIT,
    "港澳居民居住证": DocumentType.HMT_PERMIT,
    "台湾居民居住证": DocumentType.HMT_PERMIT,
    "居住证": DocumentType.HMT_PERMIT,
    "外国人永久居留身份证": DocumentType.FOREIGN_PR,
    "外国人永久居留证": DocumentType.FOREIGN_PR,
    "永久居留身份证": DocumentType.FOREIGN_PR,
    "永居证": DocumentType.FOREIGN_PR,
    "护照": DocumentType.PASSPORT,
    "passport": DocumentType.PASSPORT,
    "idcard": DocumentType.RESIDENT_ID,
}
# Longest text each stored column takes (models.Participant).
_MAX_LENGTH = {"name": 100, "work_unit": 200, "job_title": 100, "companion": 60, "needs": 200}
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?)?"
)


@dataclass(frozen=True)
class AcceptedRow:
    """A row that will be imported, as the preview shows it (document and phone masked)."""

    row: int
    name: str
    activity: str
    category: str
    doc_masked: str
    phone_masked: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowProblem:
    """A reason a row is refused, or a warning about it: the row, the column as headed, why."""

    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class Duplicate:
    """A row that repeats someone: `duplicate_of` is the earlier row of this file, or None when
    it repeats a person already stored (the reason in `rejected` says which, and from where)."""

    row: int
    duplicate_of: int | None
    reason: str = ""


@dataclass(frozen=True)
class _Record:
    """What commit_import writes for one accepted row (hash and sealed number, never in clear)."""

    values: tuple[tuple[str, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass(frozen=True)
class ImportPreview:
    """Everything the import would do; shown to the user before anything is written."""

    event_id: int
    file_name: str
    sha256: str
    rows: int
    accepted: tuple[AcceptedRow, ...]
    rejected: tuple[RowProblem, ...]
    duplicates: tuple[Duplicate, ...]
    warnings: tuple[RowProblem, ...]
    # When this very file was imported into the event before (UTC), if it was.
    imported_before: dt.datetime | None = None
    _records: tuple[_Record, ...] = field(default=(), repr=False, compare=False)
    _key: bytes = field(default=b"", repr=False, compare=False)
    _seal_key: bytes = field(default=b"", repr=False, compare=False)
    # The event's time zone: times are shown on its clock, not the machine's.
    timezone: str = ""
    event_name: str = ""
    # The file's header cells and the column mapping used (for --save-map and the dialog).
    columns: tuple[str, ...] = ()
    mapping: tuple[tuple[str, str], ...] = ()

    def imported_before_local(self) -> dt.datetime | None:
        """When this file was imported before, on the event's clock (aware)."""
        if self.imported_before is None:
            return None
        return clock.local_time(self.imported_before, self.timezone or None)

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.rejected}))

    def to_json(self) -> dict[str, Any]:
        return {
            "accepted": [a.row for a in self.accepted],
            "rejected": [
                {"row": p.row, "column": p.column, "reason": p.reason} for p in self.rejected
            ],
            "duplicates": [{"row": d.row, "duplicate_of": d.duplicate_of} for d in self.duplicates],
            "warnings": [
                {"row": p.row, "column": p.column, "reason": p.reason} for p in self.warnings
            ],
        }


@dataclass(frozen=True)
class ImportResult:
    """What commit_import wrote."""

    import_id: int | None
    added: int
    rejected: int
    participant_ids: tuple[int, ...] = ()


def _plain(text: str) -> str:
    return re.sub(r"[\s“”\"'‘’「」《》]+", "", unicodedata.normalize("NFKC", text)).lower()


def normalise_category(raw: str) -> str:
    """One of the usual categories for its common variants; other values stay as typed."""
    text = raw.strip()
    if not text:
        return CATEGORIES[0]
    return _CATEGORY_OF.get(_plain(text), text)


def _yes_no(raw: str) -> bool | None:
    text = _plain(raw)
    if text in _YES:
        return True
    if text in _NO or not text:
        return False
    return None


def _parse_time(raw: str, zone: dt.tzinfo) -> dt.datetime | None:
    text = unicodedata.normalize("NFKC", raw).strip()
    text = text.replace("年", "-").replace("月", "-").replace("日", " ").replace("/", "-")
    text = text.replace(".", "-", 2) if re.match(r"\d{4}\.\d", text) else text
    m = _DATE_TIME.fullmatch(text.strip())
    if not m:
        return None
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in m.groups())
    try:
        local = dt.datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class _Activities:
    """Finds the row's activity by name, forgiving spaces, quotes, full-width letters and an
    option's numbering (1. 智慧城管); decodes option numbers when the sheet lists the options."""

    def __init__(self, event: Event, sheet: Sheet | None = None) -> None:
        self.all = list(event.activities)
        self.by_name = {_plain(a.name): a for a in self.all}
        self.names = [a.name for a in self.all]
        self.options = sheet.options.get("activity", {}) if sheet is not None else {}
        self.service = sheet.service if sheet is not None else False
        self.file_name = sheet.file_name if sheet is not None else ""

    def find(self, raw: str) -> Activity | str:
        """The activity, or the reason in Chinese why the cell names none."""
        answers = [a.strip() for a in _ANSWERS.split(raw) if a.strip()]
        if len(answers) > 1:
            found = [self._one(a) for a in answers]
            refused = next((f for f in found if isinstance(f, str)), None)
            if refused is not None:
                return refused
            # One person, one registration per event (a person's ID number is unique in it).
            return (
                f"选择了{len(answers)}项活动（{'、'.join(answers)}）：每人只能报名一项，"
                "请为其保留一项后再导入"
            )
        return self._one(answers[0] if answers else "")

    def _one(self, raw: str) -> Activity | str:
        text = raw.strip()
        if not text:
            if len(self.all) == 1:
                return self.all[0]
            return f"未填写活动（可选：{'、'.join(self.names)}）"
        if text.isdigit() and text in self.options:
            text = self.options[text]  # an option number, decoded from the header's list
        elif text.isdigit() and self.service:
            return (
                f"活动填的是选项编号“{text}”，“{self.file_name}”中没有选项的文字：请在问卷"
                "平台下载“按选项文本”的答卷（而不是“按选项序号”）后再导入"
            )
        found = self.by_name.get(_plain(text)) or self.by_name.get(
            _plain(strip_option_number(text))
        )
        if found is None and text.isdigit():
            found = next((a for a in self.all if a.id == int(text)), None)
        if found is not None:
            return found
        text = strip_option_number(text)
        guess = closest(text, self.names)
        if guess:
            return f"没有名为“{text}”的活动，是否是“{guess}”？"
        return f"没有名为“{text}”的活动（可选：{'、'.join(self.names)}）"


@dataclass(frozen=True)
class _Origin:
    """Where a stored person came from: a row of an earlier import, or neither (typed, demo)."""

    import_row: int | None = None
    file_name: str = ""
    imported_at: dt.datetime | None = None  # UTC


class _Stored:
    """What the event already holds, fetched in one query rather than one per row."""

    def __init__(self, session: Session, event_id: int) -> None:
        self.docs: dict[str, _Origin] = {}
        self.name_phones: dict[tuple[str, str], _Origin] = {}
        rows = session.execute(
            select(
                Participant.doc_hash,
                Participant.name,
                Participant.phone,
                Participant.import_row,
                ImportBatch.file_name,
                ImportBatch.at,
            )
            .outerjoin(ImportBatch, Participant.import_id == ImportBatch.id)
            .where(Participant.event_id == event_id)
        )
        for doc_hash, name, phone, import_row, file_name, at in rows:
            origin = _Origin(import_row, file_name or "", at)
            self.docs[doc_hash] = origin
            if phone:
                self.name_phones[(name, phone)] = origin


def _document_key(session: Session, name: str = DOCUMENT_KEY) -> bytes:
    # Read, never create: the preview must write nothing. A new key is stored at commit.
    row = session.get(Setting, name)
    return row.value if row is not None else secrets.token_bytes(32)


def _store_key(session: Session, name: str, key: bytes) -> None:
    """Store the preview's key when the workspace had none; refuse when one appeared since."""
    row = session.get(Setting, name)
    if row is None:
        session.add(Setting(key=name, value=key))
        session.flush()
    elif row.value != key:
        raise UserError("预览之后工作区已有了新的证件密钥，请重新预览后再导入")


def _stored_duplicate(origin: _Origin, what: str, zone: dt.tzinfo) -> str:
    """The reason for a row that repeats a stored person, naming where that person came from."""
    if origin.imported_at is None:
        where = "手工录入或演示数据"
    else:
        day = origin.imported_at.replace(tzinfo=dt.UTC).astimezone(zone).date()
        where = f"已于{day:%Y-%m-%d}从“{origin.file_name}”"
        where += f"第{origin.import_row}行导入" if origin.import_row is not None else "导入"
    return f"与已登记的报名人重复（{what}，{where}）"


def preview_import(
    session: Session,
    event: Event,
    path: str | Path,
    *,
    progress: ProgressCallback | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportPreview:
    """Read and check every row of the sheet against the event; writes nothing.

    `mapping` (header text -> field, "" to ignore) is the user's; without one, a mapping
    remembered for a file with the same header is used.
    """
    path = Path(path)
    if not event.activities:
        raise UserError(f"“{event.name}”还没有活动项目：请先添加活动项目再导入报名表")
    sheet, used = _read_mapped(session, event, path, mapping)
    forms.check_template(sheet, event)
    required = ["name", "document", "phone"]
    if len(event.activities) > 1:
        required.append("activity")
    sheet.require(required)
    sha = _file_sha256(path)
    imported_before = session.scalars(
        select(ImportBatch.at)
        .where(ImportBatch.event_id == event.id, ImportBatch.sha256 == sha)
        .order_by(ImportBatch.at)
    ).first()

    checker = _RowChecker(session, event, sheet)
    total = len(sheet.rows)
    for index, row in enumerate(sheet.rows):
        checker.check(row, index)
        if progress is not None and index % _PROGRESS_EVERY == 0:
            progress(index, total)
    if progress is not None:
        progress(total, total)
    return ImportPreview(
        event_id=event.id,
        file_name=path.name,
        sha256=sha,
        rows=total,
        accepted=tuple(checker.accepted),
        rejected=tuple(checker.rejected),
        duplicates=tuple(checker.duplicates),
        warnings=tuple(checker.warnings),
        imported_before=imported_before,
        _records=tuple(checker.records),
        _key=checker.key,
        _seal_key=checker.seal_key,
        timezone=event.timezone,
        event_name=event.name,
        columns=sheet.columns,
        mapping=tuple(used.items()),
    )


def _read_mapped(
    session: Session, event: Event, path: Path, mapping: Mapping[str, str] | None
) -> tuple[Sheet, dict[str, str]]:
    """The sheet read with the user's mapping, or with one remembered for its header."""
    choices = tuple(a.name for a in event.activities)
    if mapping:
        column_maps.check(mapping)
        sheet = read_sheet(path, ReadOptions(dict(mapping), choices))
        unknown = [c for c in mapping if c not in {t.strip() for t in sheet.columns}]
        if unknown:
            raise UserError(
                f"“{path.name}”第{sheet.header_row}行的表头中没有列"
                f"{'、'.join(f'“{c}”' for c in unknown)}，无法按列映射导入"
            )
        return sheet, dict(mapping)
    try:
        sheet = read_sheet(path, ReadOptions(choices=choices))
    except SheetError as err:
        if "找不到表头行" not in str(err):
            raise
        # The header may be one only a remembered mapping makes sense of.
        for columns, remembered in column_maps.all_saved(session):
            try:
                sheet = read_sheet(path, ReadOptions(remembered, choices))
            except SheetError:
                continue
            if sheet.columns[: len(columns)] == columns:
                return sheet, remembered
        raise
    remembered = column_maps.saved(session, sheet.columns)
    if remembered:
        return read_sheet(path, ReadOptions(remembered, choices)), remembered
    return sheet, {}


class _RowChecker:
    """Checks rows one by one, remembering earlier rows to find duplicates within the file."""

    def __init__(self, session: Session, event: Event, sheet: Sheet) -> None:
        self.event = event
        self.sheet = sheet
        self.key = _document_key(session)
        self.seal_key = _document_key(session, sealing.OFFICE_KEY)
        self.stored = _Stored(session, event.id)
        self.activities = _Activities(event, sheet)
        self.earliest = min(a.date for a in event.activities)
        self.zone = clock.zone(event.timezone)
        self.started = utcnow()
        self.seen_docs: dict[str, int] = {}
        self.seen_name_phones: dict[tuple[str, str], int] = {}
        self.accepted: list[AcceptedRow] = []
        self.records: list[_Record] = []
        self.rejected: list[RowProblem] = []
        self.duplicates: list[Duplicate] = []
        self.warnings: list[RowProblem] = []

    def check(self, row: SheetRow, index: int) -> None:
        col = self.sheet.column
        problems: list[RowProblem] = []
        notes: list[RowProblem] = []

        def refuse(f: str, reason: str) -> None:
            problems.append(RowProblem(row.number, col(f), reason))

        def warn(f: str, reason: str) -> None:
            notes.append(RowProblem(row.number, col(f), reason))

        for f in sorted(row.cleaned):
            # Invisible characters in a name hide it from search, break exports and can make it
            # read backwards (bidi overrides): sheets.py dropped them; say where.
            warn(f, "含有不可见的控制字符，已删除")
        name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", row.get("name"))).strip()
        if not name:
            refuse("name", "姓名为空")

        found = self.activities.find(row.get("activity"))
        activity = found if isinstance(found, Activity) else None
        if activity is None:
            refuse("activity", str(found))

        doc = self._document(row, activity, refuse, warn)
        phone = ""
        try:
            phone = normalise_phone(row.get("phone"))
        except PhoneError as err:
            refuse("phone", str(err))

        gender = doc.gender if doc is not None else None
        said = row.get("gender")
        if said:
            said_gender = _GENDERS.get(_plain(said))
            if said_gender is None:
                warn("gender", f"无法识别的性别“{said}”，应填“男”或“女”")
            elif gender is not None and said_gender != gender:
                warn("gender", f"性别填写为“{said}”，但证件号码显示为{_GENDER_TEXT[gender]}")
            gender = gender or said_gender

        for f, limit in _MAX_LENGTH.items():
            if len(row.get(f)) > limit:
                refuse(f, f"{self.sheet.column(f)}过长：最多{limit}个字，这里有{len(row.get(f))}个")
        category = normalise_category(row.get("category"))
        if len(category) > 40:
            refuse("category", f"类别过长：最多40个字，这里有{len(category)}个")

        # A form service's download came in online; a hand-made sheet by phone, unless it says.
        source = Source.ONLINE if self.sheet.service else Source.PHONE
        if row.get("source"):
            known = _SOURCES.get(_plain(row.get("source")))
            if known is None:
                said = "网上" if source == Source.ONLINE else "电话"
                warn("source", f"无法识别的报名方式“{row.get('source')}”，按“{said}”记录")
            else:
                source = known
        invited = _yes_no(row.get("invited"))
        if invited is None:
            warn("invited", f"无法识别的“{row.get('invited')}”，应填“是”或“否”，按“否”记录")
            invited = False

        registered_at = self.started + dt.timedelta(microseconds=index)
        if row.get("registered_at"):
            parsed = _parse_time(row.get("registered_at"), self.zone)
            if parsed is None:
                warn("registered_at", "无法识别的报名时间，按表格中的行顺序排列")
            else:
                registered_at = parsed

        if problems or doc is None or activity is None:
            self.rejected.extend(problems)
            return
        doc_hash = idcard.document_hash(self.key, doc.number)
        if self._duplicate(row.number, doc_hash, name, phone, refuse):
            self.rejected.extend(problems)
            return
        self.seen_docs[doc_hash] = row.number
        self.seen_name_phones[(name, phone)] = row.number
        self.warnings.extend(notes)
        self.accepted.append(
            AcceptedRow(
                row=row.number,
                name=name,
                activity=activity.name,
                category=category,
                doc_masked=doc.masked,
                phone_masked=mask_phone(phone),
                warnings=tuple(n.reason for n in notes),
            )
        )
        values: dict[str, Any] = {
            "event_id": self.event.id,
            "activity_id": activity.id,
            "name": name,
            "gender": gender,
            "work_unit": row.get("work_unit"),
            "job_title": row.get("job_title"),
            "phone": phone,
            "doc_type": doc.type,
            "doc_hash": doc_hash,
            "doc_last4": doc.last4,
            "doc_prefix": doc.prefix,
            # Sealed with the office's key: what a station package's slow hashes are made from.
            "doc_sealed": sealing.seal_document_with(self.seal_key, doc.number),
            "category": category,
            "invited": invited,
            "companion_key": row.get("companion"),
            "needs": row.get("needs"),
            "remarks": row.get("remarks"),
            "source": source,
            "status": Status.APPLIED,
            "decision": "",
            "registered_at": registered_at,
            "import_row": row.number,
        }
        self.records.append(_Record(tuple(values.items())))

    def _document(
        self,
        row: SheetRow,
        activity: Activity | None,
        refuse: Callable[[str, str], None],
        warn: Callable[[str, str], None],
    ) -> idcard.Document | None:
        declared: DocumentType | None = None
        if row.get("doc_type"):
            declared = _DOC_TYPES.get(_plain(row.get("doc_type")))
            if declared is None:
                warn("doc_type", f"无法识别的证件类型“{row.get('doc_type')}”，按号码判断")
        on_date = activity.date if activity is not None else self.earliest
        try:
            doc = idcard.parse_document(
                row.get("document"), doc_type=declared, on_date=on_date, min_age=self.event.min_age
            )
        except idcard.DocumentError as err:
            if "document" in row.numeric and declared != DocumentType.PASSPORT:
                # Excel stored the number as a number: whatever is wrong, digits were lost.
                refuse("document", idcard.LOST_DIGITS)
            else:
                refuse("document", str(err))
            return None
        if "document" in row.numeric and doc.type != DocumentType.PASSPORT:
            warn("document", "证件号码列是数字格式，容易丢失末尾几位；建议把该列设置为“文本”格式")
        if doc.type == DocumentType.PASSPORT:
            warn(
                "document",
                f"护照不含出生日期，无法核验是否年满{self.event.min_age}周岁，请现场核验",
            )
        return doc

    def _duplicate(
        self,
        number: int,
        doc_hash: str,
        name: str,
        phone: str,
        refuse: Callable[[str, str], None],
    ) -> bool:
        found: tuple[str, int | None, str] | None = None
        if doc_hash in self.seen_docs:
            earlier = self.seen_docs[doc_hash]
            found = ("document", earlier, f"与第{earlier}行重复（同一证件号码）")
        elif doc_hash in self.stored.docs:
            # The stored person's import row belongs to another file: no row of this one.
            origin = self.stored.docs[doc_hash]
            found = ("document", None, _stored_duplicate(origin, "同一证件号码", self.zone))
        elif (name, phone) in self.seen_name_phones:
            earlier = self.seen_name_phones[(name, phone)]
            found = ("name", earlier, f"与第{earlier}行重复（同一姓名和联系电话）")
        elif (name, phone) in self.stored.name_phones:
            origin = self.stored.name_phones[(name, phone)]
            found = ("name", None, _stored_duplicate(origin, "同一姓名和联系电话", self.zone))
        if found is None:
            return False
        field, earlier_row, reason = found
        refuse(field, reason)
        self.duplicates.append(Duplicate(number, earlier_row, reason))
        return True
        return False


def commit_import(
    session: Session, event: Event, preview: ImportPreview, *, actor: str = ""
) -> ImportResult:
    """Add every accepted row at once; the caller's transaction makes it all-or-nothing."""
    if preview.event_id != event.id:
        raise UserError("这份预览属于另一个活动，请重新预览")
    rejected = len(preview.rejected_rows)
    if not preview._records:
        return ImportResult(None, 0, rejected)
    _store_key(session, DOCUMENT_KEY, preview._key)
    _store_key(session, sealing.OFFICE_KEY, preview._seal_key)
    # Someone may have added people since the preview: check again, in one query.
    stored = _Stored(session, event.id)
    for record in preview._records:
        values = record.as_dict()
        if values["doc_hash"] in stored.docs or (values["name"], values["phone"]) in (
            stored.name_phones
        ):
            raise UserError(
                f"预览之后第{values['import_row']}行的报名者已被登记，请重新预览后再导入"
            )
    batch = ImportBatch(
        event_id=event.id,
        file_name=preview.file_name[:300],
        sha256=preview.sha256,
        accepted=len(preview._records),
        rejected=rejected,
        at=utcnow(),
    )
    session.add(batch)
    session.flush()
    rows = [{**r.as_dict(), "import_id": batch.id} for r in preview._records]
    # A plain executemany: RETURNING with ordered rows makes SQLite insert one row at a time.
    session.execute(insert(Participant), rows)
    id_of_row: dict[int | None, int] = {
        import_row: pid
        for import_row, pid in session.execute(
            select(Participant.import_row, Participant.id).where(Participant.import_id == batch.id)
        )
    }
    ids = [id_of_row[row["import_row"]] for row in rows]
    now = utcnow()
    session.execute(
        insert(StatusChange),
        [
            {
                "participant_id": pid,
                "old": None,
                "new": Status.APPLIED,
                "reason": f"从“{preview.file_name}”第{row['import_row']}行导入",
                "actor": actor,
                "at": now,
            }
            for pid, row in zip(ids, rows, strict=True)
        ],
    )
    return ImportResult(batch.id, len(ids), rejected, tuple(ids))


@dataclass(frozen=True)
class Entry:
    """A registration taken by phone or at the desk, as the quick-entry form holds it."""

    name: str
    phone: str
    document: str
    activity: str
    gender: str = ""
    work_unit: str = ""
    job_title: str = ""
    category: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class EntryCheck:
    """What the quick-entry form shows as it is typed: refusals and warnings, by field."""

    problems: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    _records: tuple[_Record, ...] = field(default=(), repr=False, compare=False)
    _key: bytes = field(default=b"", repr=False, compare=False)
    _seal_key: bytes = field(default=b"", repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self._records)


_ENTRY_SOURCE = "电话"


def check_entry(session: Session, event: Event, entry: Entry) -> EntryCheck:
    """Check one phone registration as an import checks a row (ID, age, duplicates); writes
    nothing. Problems name the form's fields (姓名, 证件号码...)."""
    if not event.activities:
        raise UserError(f"“{event.name}”还没有活动项目：请先添加活动项目再登记")
    values = {
        f: getattr(entry, f).strip()
        for f in ("name", "phone", "document", "activity", "gender", "work_unit", "job_title")
    }
    values.update(category=entry.category.strip(), remarks=entry.remarks.strip())
    values["source"] = _ENTRY_SOURCE
    sheet = Sheet("电话报名", 0, {f: FIELD_NAMES.get(f, f) for f in values})
    # A skip marker typed into the form is a blank there too: (空) is never a name.
    row = SheetRow(1, {f: v for f, v in values.items() if v and not is_skipped(v)})
    checker = _RowChecker(session, event, sheet)
    checker.check(row, 0)
    return EntryCheck(
        tuple(checker.rejected),
        tuple(checker.warnings),
        tuple(checker.records),
        checker.key,
        checker.seal_key,
    )


def add_entry(session: Session, event: Event, entry: Entry, *, actor: str = "") -> int:
    """Add the phone registration (source "phone"); refused as the check refuses it."""
    checked = check_entry(session, event, entry)
    if not checked.ok:
        raise UserError("；".join(f"{p.column}：{p.reason}" for p in checked.problems))
    _store_key(session, DOCUMENT_KEY, checked._key)
    _store_key(session, sealing.OFFICE_KEY, checked._seal_key)
    values = checked._records[0].as_dict()
    values["import_row"] = None
    person = Participant(**values)
    session.add(person)
    session.flush()
    session.add(
        StatusChange(
            participant_id=person.id, old=None, new=Status.APPLIED, reason="电话报名", actor=actor
        )
    )
    return person.id
