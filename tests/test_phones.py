"""Phone numbers: the ways people write them, the lengths that are wrong, the masked form."""

from __future__ import annotations

import pytest

from checkin_app.phones import PhoneError, mask_phone, normalise_phone


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0954-2021234", "09542021234"),
        ("(010) 6512 3456", "01065123456"),
        ("0356－2021234", "03562021234"),
    ],
)
def test_accepted_forms(raw: str, phone: str) -> None:
    assert normalise_phone(raw) == phone


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1381234567", "手机号码应为11位，这里是10位"),
        ("138123456789", "手机号码应为11位，这里是12位"),
        ("12812345678", "手机号码的第二位应为3–9"),
        ("0954-20212", "固定电话应为区号加7–8位号码（共10–12位），这里是9位"),
        ("", "联系电话为空"),
        ("138一二三四五六七八", "联系电话中有不是数字的字符"),
        ("+1 415 555 0100", "只接受中国大陆的电话号码"),
        ("5551234", "联系电话应为11位手机号码或带区号的固定电话，这里是7位数字"),
    ],
)
def test_refused_forms_say_what_is_wrong(raw: str, message: str) -> None:
    with pytest.raises(PhoneError) as err:
        normalise_phone(raw)
    assert message in str(err.value)


def test_mask() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("09542021234") == "095****1234"
    assert mask_phone("123") == "***"
