"""Desk roles: a steward scans and searches; a supervisor, unlocked with a PIN, may do the rest."""

from __future__ import annotations

import getpass
import hashlib
import hmac
import json
import secrets
import unicodedata

from sqlalchemy.orm import Session

from checkin_app.errors import UserError
from checkin_app.models import Setting

PIN_SETTING = "supervisor_pin"


def login_name() -> str:
    """Who is logged in to this computer, recorded as the actor when nobody else is named;
    empty where the system cannot say (no user database entry, no login environment)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# A PIN has few possible values, so the hash is slow on purpose: a copied station database
# should not give the PIN away in a moment.
_ITERATIONS = 200_000
_MIN_DIGITS = 4
_MAX_DIGITS = 8


class PinError(UserError):
    """A PIN that cannot be set; the message says what a PIN must look like."""


def _normalise(pin: str) -> str:
    # Full-width digits from a Chinese input method count as the digits they look like.
    return unicodedata.normalize("NFKC", pin).strip()


def _digest(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)


def set_supervisor_pin(session: Session, pin: str) -> None:
    """Store the supervisor PIN as a salted PBKDF2-HMAC-SHA256 hash (never the PIN itself)."""
    text = _normalise(pin)
    if not (text.isascii() and text.isdigit() and _MIN_DIGITS <= len(text) <= _MAX_DIGITS):
        raise PinError(f"主管密码应为{_MIN_DIGITS}–{_MAX_DIGITS}位数字")
    salt = secrets.token_bytes(16)
    value = {
        "algorithm": "pbkdf2_sha256",
        "iterations": _ITERATIONS,
        "salt": salt.hex(),
        "hash": _digest(text, salt, _ITERATIONS).hex(),
    }
    encoded = json.dumps(value, sort_keys=True).encode()
    row = session.get(Setting, PIN_SETTING)
    if row is None:
        session.add(Setting(key=PIN_SETTING, value=encoded))
    else:
        row.value = encoded
    session.flush()


def has_supervisor_pin(session: Session) -> bool:
    return session.get(Setting, PIN_SETTING) is not None


def check_supervisor_pin(session: Session, pin: str) -> bool:
    """Whether `pin` unlocks the supervisor role; False when no PIN was ever set."""
    row = session.get(Setting, PIN_SETTING)
    text = _normalise(pin)
    if row is None or not text.isascii():
        return False
    try:
        stored = json.loads(row.value)
        salt = bytes.fromhex(stored["salt"])
        expected = bytes.fromhex(stored["hash"])
        iterations = int(stored["iterations"])
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(_digest(text, salt, iterations), expected)
