"""Phone numbers as people write them (+86, spaces, dashes, full-width digits): checked, masked."""

from __future__ import annotations

import re
import unicodedata

from checkin_app.errors import UserError

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()（）.]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area code (3 or 4 digits with the leading 0) and a local number of 7 or 8 digits.
_LANDLINE = re.compile(r"0[1-9][0-9]{8,10}")


class PhoneError(UserError):
    """A phone number that cannot be called; the message says what is wrong with it."""


def normalise_phone(raw: str) -> str:
    """Digits only: an 11-digit mainland mobile (1xxxxxxxxxx) or a landline with its area code."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    if not text:
        raise PhoneError("联系电话为空")
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("86"):
            raise PhoneError("只接受中国大陆的电话号码（+86）")
    if not (text.isascii() and text.isdigit()):
        raise PhoneError("联系电话中有不是数字的字符")
    for country in ("0086", "86"):
        # 86 is a prefix only when what follows is a whole number on its own.
        rest = text[len(country) :]
        if text.startswith(country) and (_MOBILE.fullmatch(rest) or _LANDLINE.fullmatch(rest)):
            text = rest
            break
    if _MOBILE.fullmatch(text) or _LANDLINE.fullmatch(text):
        return text
    if text.startswith("0"):
        raise PhoneError(f"固定电话应为区号加7–8位号码（共10–12位），这里是{len(text)}位")
    if text.startswith("1") and len(text) == 11:
        raise PhoneError("手机号码的第二位应为3–9，请核对号码")
    if text.startswith("1"):
        raise PhoneError(f"手机号码应为11位，这里是{len(text)}位")
    raise PhoneError(f"联系电话应为11位手机号码或带区号的固定电话，这里是{len(text)}位数字")


def mask_phone(phone: str) -> str:
    """The number as shown on station screens: 138****5678."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"
