"""Identity documents: GB 11643 check characters, birth dates, ages, residence cards, passports."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkin_app.idcard import (
    LOST_DIGITS,
    Document,
    DocumentError,
    check_character,
    document_hash,
    normalise,
    parse_document,
)
from checkin_app.models import DocumentType, Gender

ON = dt.date(2025, 9, 24)


def valid(body17: str) -> str:
    return body17 + check_character(body17)


def test_check_character_of_the_standard_example() -> None:
    # The worked example of GB 11643-1999, annex: 11010519491231002X.
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"


def test_normalise_full_width_spaces_dashes_and_lower_x() -> None:
    assert normalise("１１０１０５ 1949-1231－002ｘ") == "11010519491231002X"
    assert normalise(" 110105\u300019491231002x ") == "11010519491231002X"
    assert normalise("'11010519491231002X") == "11010519491231002X"


def test_resident_id_gives_birth_date_and_gender() -> None:
    doc = parse_document("11010519491231002x", on_date=ON)
    assert doc == Document(
        DocumentType.RESIDENT_ID, "11010519491231002X", dt.date(1949, 12, 31), Gender.FEMALE
    )
    assert doc.last4 == "002X"
    assert doc.masked == "1101**********002X"
    assert "11010519491231002X" not in repr(doc) and "11010519491231002X" not in str(doc)
    male = parse_document(valid("64040219900101123"), on_date=ON)
    assert male.gender == Gender.MALE and male.masked.startswith("6404**********")


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("11010519491231002", LOST_DIGITS),
        ("110105491231002", LOST_DIGITS),
        ("1.10105194912310E+17", LOST_DIGITS),
        ("110105194912310000", LOST_DIGITS),
        ("110105194912310021", "校验位（最后一位）不正确"),
        # Prefix 9: a foreigner's permanent residence ID (2023 format); digits 2–3 are the
        # province where it was issued, then the country code (156 here).
        (valid("94415619491231002"), None),
        (valid("99015619491231002"), "外国人永久居留身份证号码的第2–3位不是有效的省级行政区代码"),
        (valid("90015619491231002"), "外国人永久居留身份证号码的第2–3位不是有效的省级行政区代码"),
        (valid("10010519491231002"), "前两位不是有效的省级行政区代码"),
        (valid("11010519490230002"), "不是真实的日期"),
        (valid("11010520300101002"), "晚于活动日期"),
        (valid("11010518800101002"), "超过120岁"),
        (valid("11010520080101002"), "未满18周岁"),
        ("", "证件号码为空"),
        ("1101051949123100", "身份证号码应为18位，这里是16位"),
        ("护照123", "格式不正确"),
    ],
)
def test_refusals_explain_without_the_number(number: str, reason: str | None) -> None:
    if reason is None:
        assert parse_document(number, on_date=ON).type == DocumentType.FOREIGN_PR
        return
    with pytest.raises(DocumentError) as err:
        parse_document(number, on_date=ON)
    assert reason in str(err.value)
    if len(number) >= 14:
        assert normalise(number) not in str(err.value)
        assert normalise(number)[6:14] not in str(err.value)  # not even the birth date


def test_age_is_counted_on_the_given_date() -> None:
    number = valid("11010520070924002")  # 18 on 2025-09-24
    assert parse_document(number, on_date=ON).birth_date == dt.date(2007, 9, 24)
    with pytest.raises(DocumentError, match="未满18周岁"):
        parse_document(number, on_date=ON - dt.timedelta(days=1))
    assert parse_document(number, on_date=ON - dt.timedelta(days=400), min_age=16)


def test_residence_permits_and_passports() -> None:
    hk = parse_document(valid("81000019900101001"), on_date=ON)
    assert hk.type == DocumentType.HMT_PERMIT and hk.birth_date == dt.date(1990, 1, 1)
    tw = parse_document(valid("83000019851111002"), on_date=ON)
    assert tw.type == DocumentType.HMT_PERMIT
    pr = parse_document(valid("91115619800505001"), on_date=ON)
    assert pr.type == DocumentType.FOREIGN_PR and pr.gender == Gender.MALE
    passport = parse_document("e 1234 5678", on_date=ON)
    assert passport == Document(DocumentType.PASSPORT, "E12345678")
    assert passport.masked == "E****5678" and passport.last4 == "5678"
    # A typed passport may be all digits (many countries' are).
    assert parse_document("123456789", doc_type=DocumentType.PASSPORT).type == DocumentType.PASSPORT
    with pytest.raises(
        DocumentError, match="证件类型为“居民身份证”，但号码是港澳台居民居住证的格式"
    ):
        parse_document(valid("81000019900101001"), doc_type=DocumentType.RESIDENT_ID, on_date=ON)
    with pytest.raises(DocumentError, match="护照号码应为5–17位字母或数字"):
        parse_document("E12", doc_type=DocumentType.PASSPORT)


def test_document_hash_is_keyed_and_ignores_how_the_number_was_typed() -> None:
    number = "11010519491231002X"
    key = b"k" * 32
    assert document_hash(key, number) == document_hash(key, "１１０１０５ 19491231 002x")
    assert document_hash(key, number) != document_hash(b"other key" * 4, number)
    assert len(document_hash(key, number)) == 64 and number not in document_hash(key, number)


@given(
    st.sampled_from(["11", "14", "31", "44", "64", "65", "71"]),
    st.dates(dt.date(1920, 1, 1), dt.date(2007, 9, 24)),
    st.integers(0, 999),
)
def test_every_generated_valid_id_is_accepted(province: str, birth: dt.date, seq: int) -> None:
    number = valid(f"{province}0102{birth:%Y%m%d}{seq:03d}")
    doc = parse_document(number, on_date=ON)
    assert doc.birth_date == birth
    assert doc.gender == (Gender.MALE if seq % 2 else Gender.FEMALE)
    # Any single changed digit in the body is caught by the check character.
    changed = str((int(number[3]) + 1) % 10)
    with pytest.raises(DocumentError):
        parse_document(number[:3] + changed + number[4:], on_date=ON)
