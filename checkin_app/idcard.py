"""Identity documents: GB 11643 resident IDs, residence permits and passports, checked and masked.

Numbers in clear live in memory only: the office keeps `document_hash`, the first and last four
characters and the number sealed with its key (`sealing`); a station, the last four and a slow hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from checkin_app.errors import UserError
from checkin_app.models import DocumentType, Gender

# ISO 7064 MOD 11-2 as GB 11643 uses it: weights 2^(17-i) mod 11, remainder -> check character.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# First two digits of a mainland resident ID: the province-level division (GB/T 2260).
_PROVINCES = frozenset(
    (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55)),
) | frozenset((*range(61, 66), 71))
_HMT_PREFIXES = ("81", "82", "83")  # 港澳台居民居住证: Hong Kong, Macau, Taiwan
_OLDEST_AGE = 120

_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS = re.compile(r"[0-9]+")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_SCIENTIFIC = re.compile(r"[0-9](\.[0-9]+)?E\+?[0-9]+")
# Characters people type inside a number: spaces of all widths and dashes of all lengths.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_]+")

LOST_DIGITS = (
    "证件号码不完整：可能是Excel把该列当作数字存储而丢失了末尾几位；"
    "请把证件号码列设置为“文本”格式，重新填写后再导入"
)

DOCUMENT_NAMES = {
    DocumentType.RESIDENT_ID: "居民身份证",
    DocumentType.HMT_PERMIT: "港澳台居民居住证",
    DocumentType.FOREIGN_PR: "外国人永久居留身份证",
    DocumentType.PASSPORT: "护照",
}


class DocumentError(UserError):
    """An identity document that cannot be accepted; the message never contains the number."""


def normalise(raw: str) -> str:
    """Half-width, upper-case, without the spaces and dashes people type inside a number."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    # A leading apostrophe or quote is how people force Excel to keep a number as text.
    return text.lstrip("'‘’`\"").upper()


def check_character(body17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an 18-character ID."""
    if not _DIGITS.fullmatch(body17[:17]) or len(body17) < 17:
        raise ValueError("need 17 digits")
    total = sum(int(d) * w for d, w in zip(body17[:17], _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _prefix_length(number: str) -> int:
    # Keep the region (4 characters) of 18-character IDs; a short passport shows much less.
    return min(4, max(0, len(number) - 8))


def mask(prefix: str, last4: str, stars: int) -> str:
    """A masked document as shown on screens, from what the database keeps."""
    return f"{prefix}{'*' * stars}{last4}"


def mask_stored(doc_type: DocumentType, prefix: str, last4: str) -> str:
    """The masked form of a stored document (the database does not know a passport's length).
    A station keeps no prefix: its 18-character numbers show 14 stars and the last four."""
    stars = 10 if doc_type != DocumentType.PASSPORT else 4
    if not prefix and doc_type != DocumentType.PASSPORT:
        stars += 4
    return mask(prefix, last4, stars)


@dataclass(frozen=True)
class Document:
    """A checked identity document. `number` stays in memory: never persist or log it."""

    type: DocumentType
    number: str
    birth_date: dt.date | None = None
    gender: Gender | None = None

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def prefix(self) -> str:
        return self.number[: _prefix_length(self.number)]

    @property
    def masked(self) -> str:
        stars = max(1, len(self.number) - len(self.prefix) - 4)
        return mask(self.prefix, self.last4, stars)

    def __repr__(self) -> str:
        return (
            f"Document(type={self.type.value}, masked={self.masked!r}, "
            f"birth_date={self.birth_date!r}, gender={self.gender!r})"
        )

    __str__ = __repr__


def document_hash(key: bytes, number: str) -> str:
    """The keyed hash (hex HMAC-SHA256) that stands in for the number wherever it is stored."""
    return hmac.new(key, normalise(number).encode("ascii", "replace"), hashlib.sha256).hexdigest()


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _type_of_eighteen(number: str) -> DocumentType:
    if number.startswith(_HMT_PREFIXES):
        return DocumentType.HMT_PERMIT
    if number.startswith("9"):
        return DocumentType.FOREIGN_PR
    return DocumentType.RESIDENT_ID


def _parse_eighteen(number: str, doc_type: DocumentType, on: dt.date, min_age: int) -> Document:
    name = DOCUMENT_NAMES[doc_type]
    if number[17] != check_character(number):
        if number.endswith("000"):
            raise DocumentError(LOST_DIGITS)
        raise DocumentError(f"{name}号码的校验位（最后一位）不正确，请核对号码是否抄错")
    if doc_type == DocumentType.RESIDENT_ID and int(number[:2]) not in _PROVINCES:
        raise DocumentError(f"{name}号码的前两位不是有效的省级行政区代码，请核对号码")
    # The 2023 permanent residence ID: 9, then the province where the holder registered (the
    # same codes as resident IDs), a three-digit country code, the birth date.
    if doc_type == DocumentType.FOREIGN_PR and int(number[1:3]) not in _PROVINCES:
        raise DocumentError(f"{name}号码的第2–3位不是有效的省级行政区代码，请核对号码")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise DocumentError(
            f"{name}号码中的出生日期（第7–14位）不是真实的日期，请核对号码"
        ) from None
    if birth > on:
        raise DocumentError(f"{name}号码中的出生日期晚于活动日期，请核对号码")
    if age_on(birth, on) > _OLDEST_AGE:
        raise DocumentError(f"{name}号码中的出生日期不合理（超过{_OLDEST_AGE}岁），请核对号码")
    if age_on(birth, on) < min_age:
        raise DocumentError(f"未满{min_age}周岁：开放日活动只接受年满{min_age}周岁的报名者")
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return Document(doc_type, number, birth, gender)


def parse_document(
    raw: str,
    *,
    doc_type: DocumentType | None = None,
    on_date: dt.date | None = None,
    min_age: int = 18,
) -> Document:
    """Check a typed or pasted document number; the age is checked on `on_date` (default today).

    Without `doc_type` the kind is told from the number: 18 characters are a resident ID or one
    of the residence cards by their prefix, other letters-and-digits are a passport.
    """
    on = on_date or dt.date.today()
    number = normalise(raw)
    if not number:
        raise DocumentError("证件号码为空")
    digits = number.isascii() and number.isdigit()
    if _SCIENTIFIC.fullmatch(number) or (digits and len(number) in (15, 17)):
        # 6.40402199001011E+17 or a number cut short: what Excel does to a numeric column.
        raise DocumentError(LOST_DIGITS)
    if doc_type == DocumentType.PASSPORT:
        if not _PASSPORT.fullmatch(number):
            raise DocumentError("护照号码应为5–17位字母或数字")
        return Document(DocumentType.PASSPORT, number)
    if _EIGHTEEN.fullmatch(number):
        found = _type_of_eighteen(number)
        if doc_type is not None and found != doc_type:
            raise DocumentError(
                f"证件类型为“{DOCUMENT_NAMES[doc_type]}”，但号码是{DOCUMENT_NAMES[found]}的格式"
            )
        return _parse_eighteen(number, found, on, min_age)
    if doc_type is not None:
        raise DocumentError(f"{DOCUMENT_NAMES[doc_type]}号码应为18位（最后一位可以是X）")
    if digits or (number.endswith("X") and _DIGITS.fullmatch(number[:-1])):
        raise DocumentError(f"身份证号码应为18位，这里是{len(number)}位")
    if _PASSPORT.fullmatch(number) and any(c.isalpha() for c in number):
        return Document(DocumentType.PASSPORT, number)
    raise DocumentError("证件号码格式不正确：身份证应为18位，护照应为5–17位字母或数字")
