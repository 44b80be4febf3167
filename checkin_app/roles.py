"""Desk roles: a steward scans and searches; a supervisor, unlocked with a PIN, may do the rest."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import hmac
import json
import secrets
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from checkin_app.errors import UserError
from checkin_app.models import Setting, utcnow

PIN_SETTING = "supervisor_pin"


def login_name() -> str:
    """Who is logged in to this computer, recorded as the actor when nobody else is named;
    empty where the system cannot say (no user database entry, no login environment)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# A PIN has few possible values, so the hash is slow and memory-hard on purpose (scrypt, 16 MiB,
# ~50 ms): a copied station database should not give the PIN away in a moment. Hashes stored by
# earlier versions (PBKDF2) are still read, and replaced by scrypt on the next right PIN.
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_MIN_DIGITS = 4
_MAX_DIGITS = 8

# After this many wrong PINs in a row the PIN is locked: 30 s, then twice as long each time the
# lock comes back, up to an hour. Only the right PIN (once unlocked) clears the count.
MAX_FAILURES = 5
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(hours=1)
LOCK_SETTING = "supervisor_pin_lock"


class PinError(UserError):
    """A PIN that cannot be set; the message says what a PIN must look like."""


def _normalise(pin: str) -> str:
    # Full-width digits from a Chinese input method count as the digits they look like.
    return unicodedata.normalize("NFKC", pin).strip()


def _scrypt(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )


def _store_hash(session: Session, text: str) -> None:
    salt = secrets.token_bytes(16)
    value = {
        "algorithm": "scrypt",
        "n": _SCRYPT_N,
        "r": _SCRYPT_R,
        "p": _SCRYPT_P,
        "salt": salt.hex(),
        "hash": _scrypt(text, salt).hex(),
    }
    _put(session, PIN_SETTING, json.dumps(value, sort_keys=True).encode())


def _put(session: Session, key: str, value: bytes) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def set_supervisor_pin(session: Session, pin: str) -> None:
    """Store the supervisor PIN as a salted scrypt hash (never the PIN itself); a new PIN also
    ends any lock and voids every grant made with the old one."""
    text = _normalise(pin)
    if not (text.isascii() and text.isdigit() and _MIN_DIGITS <= len(text) <= _MAX_DIGITS):
        raise PinError(f"主管密码应为{_MIN_DIGITS}–{_MAX_DIGITS}位数字")
    _store_hash(session, text)
    _save_lock(session, _Lock())


def has_supervisor_pin(session: Session) -> bool:
    return session.get(Setting, PIN_SETTING) is not None


def _matches(stored: bytes, text: str) -> tuple[bool, bool]:
    """(the PIN is right, the stored hash is of an older kind and should be replaced)."""
    try:
        value = json.loads(stored)
        salt = bytes.fromhex(value["salt"])
        expected = bytes.fromhex(value["hash"])
        if value.get("algorithm") == "scrypt":
            got = hashlib.scrypt(
                text.encode("ascii"),
                salt=salt,
                n=int(value["n"]),
                r=int(value["r"]),
                p=int(value["p"]),
                dklen=len(expected),
                maxmem=64 * 1024 * 1024,
            )
            return hmac.compare_digest(got, expected), False
        iterations = int(value["iterations"])
        got = hashlib.pbkdf2_hmac("sha256", text.encode("ascii"), salt, iterations)
        return hmac.compare_digest(got, expected), True
    except (ValueError, KeyError, TypeError, AttributeError):
        return False, False  # a damaged setting unlocks nothing


# --- The lock -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lock:
    """Wrong PINs since the last lock or success, how many locks in a row, and until when."""

    failures: int = 0
    locks: int = 0
    until: dt.datetime | None = None


def _load_lock(session: Session, now: dt.datetime) -> _Lock:
    # Locked for the transaction on PostgreSQL: two desks guessing at once cannot both count
    # from the same number (SQLite serialises writers by itself).
    row = session.get(Setting, LOCK_SETTING, with_for_update=True)
    if row is None:
        return _Lock()
    try:
        value = json.loads(row.value)
        until = dt.datetime.fromisoformat(value["until"]) if value.get("until") else None
        return _Lock(int(value["failures"]), int(value["locks"]), until)
    except (ValueError, KeyError, TypeError, AttributeError):
        # A damaged record must not open the door: it counts as a first lock begun now.
        return _Lock(0, 1, now + lock_length(1))


def _save_lock(session: Session, lock: _Lock) -> None:
    value = {
        "failures": lock.failures,
        "locks": lock.locks,
        "until": lock.until.isoformat() if lock.until else None,
    }
    _put(session, LOCK_SETTING, json.dumps(value, sort_keys=True).encode())


def lock_length(locks: int) -> dt.timedelta:
    """How long the `locks`-th lock in a row lasts: 30 s, 60 s, 2 min, ... at most an hour."""
    if locks <= 0:
        return dt.timedelta(0)
    doubled: int = 2 ** min(locks - 1, 20)
    return min(FIRST_LOCK * doubled, LONGEST_LOCK)


def _remaining(lock: _Lock, now: dt.datetime) -> dt.timedelta:
    """Time left on the lock; a clock set back does not lengthen it past its own length."""
    if lock.until is None:
        return dt.timedelta(0)
    return max(dt.timedelta(0), min(lock.until - now, lock_length(lock.locks)))


def _utc(now: dt.datetime | None) -> dt.datetime:
    """Naive UTC, as stored: the desk's own clock unless the caller passes one."""
    if now is None:
        return utcnow()
    return now.astimezone(dt.UTC).replace(tzinfo=None) if now.tzinfo else now


def _duration_text(span: dt.timedelta) -> str:
    seconds = max(1, int(span.total_seconds() + 0.999))
    minutes, seconds = divmod(seconds, 60)
    if not minutes:
        return f"{seconds}秒"
    return f"{minutes}分{seconds}秒" if seconds else f"{minutes}分钟"


# --- Unlocking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupervisorGrant:
    """Proof that the supervisor PIN was entered on this database: what the core's supervisor
    actions (undo, override, walk-in, phone reveal) require. Only `attempt` makes a valid one;
    it is sealed with the stored PIN hash, so a grant made up by a caller, kept from another
    workspace or made before the PIN was changed is refused."""

    nonce: str
    seal: str = field(repr=False)


@dataclass(frozen=True)
class Attempt:
    """The answer to one PIN entry. Failures are recorded in the caller's transaction, which
    must commit whatever the answer (a refused PIN is not an exception for that reason)."""

    grant: SupervisorGrant | None
    message: str  # why it was refused, in Chinese; empty when granted
    failures: int  # wrong PINs counted towards the next lock
    locked_for: dt.timedelta  # time left on the lock (zero when not locked)
    was_locked: bool  # refused without looking at the PIN: the lock was on

    @property
    def granted(self) -> bool:
        return self.grant is not None


_NOT_LOCKED = dt.timedelta(0)


def _refused(
    message: str, failures: int = 0, locked_for: dt.timedelta = _NOT_LOCKED, *, locked: bool = False
) -> Attempt:
    return Attempt(None, message, failures, locked_for, locked)


def _seal(session: Session, nonce: str) -> str | None:
    row = session.get(Setting, PIN_SETTING)
    if row is None:
        return None
    return hmac.new(bytes(row.value), nonce.encode(), hashlib.sha256).hexdigest()


def _grant(session: Session) -> SupervisorGrant:
    nonce = secrets.token_hex(16)
    seal = _seal(session, nonce)
    assert seal is not None  # only called once the PIN was found right
    return SupervisorGrant(nonce, seal)


def attempt(session: Session, pin: str, *, now: dt.datetime | None = None) -> Attempt:
    """Check one PIN entry against the lock and the stored hash, and record the outcome.

    While locked the PIN is not even looked at (the right one is refused too, with the time
    left). The MAX_FAILURES-th wrong PIN in a row starts a lock twice as long as the last."""
    at = _utc(now)
    row = session.get(Setting, PIN_SETTING)
    if row is None:
        return _refused("本工作区尚未设置主管密码（办公室用 checkin supervisor-pin 设置）")
    lock = _load_lock(session, at)
    left = _remaining(lock, at)
    if left > _NOT_LOCKED:
        _save_lock(session, lock)  # as read: a damaged record becomes the lock it stood for
        return _refused(_locked_text(left), lock.failures, left, locked=True)
    text = _normalise(pin)
    right, outdated = _matches(bytes(row.value), text) if text.isascii() else (False, False)
    if right:
        if outdated:
            _store_hash(session, text)
        _save_lock(session, _Lock())
        return Attempt(_grant(session), "", 0, _NOT_LOCKED, False)
    return _wrong(session, lock, at)


def _wrong(session: Session, lock: _Lock, at: dt.datetime) -> Attempt:
    failures = lock.failures + 1
    if failures < MAX_FAILURES:
        _save_lock(session, _Lock(failures, lock.locks, lock.until))
        next_lock = _duration_text(lock_length(lock.locks + 1))
        return _refused(
            f"主管密码不正确（再输错{MAX_FAILURES - failures}次将锁定{next_lock}）", failures
        )
    locks = lock.locks + 1
    length = lock_length(locks)
    _save_lock(session, _Lock(0, locks, at + length))
    return _refused(
        f"主管密码不正确；已连续输错{MAX_FAILURES}次，主管密码锁定{_duration_text(length)}",
        failures,
        length,
    )


def _locked_text(left: dt.timedelta) -> str:
    return f"主管密码已锁定（连续输错{MAX_FAILURES}次），请{_duration_text(left)}后再试"


def lock_state(session: Session, *, now: dt.datetime | None = None) -> dt.timedelta:
    """Time left on the PIN's lock (zero when it may be tried)."""
    at = _utc(now)
    return _remaining(_load_lock(session, at), at)


def check_supervisor_pin(session: Session, pin: str, *, now: dt.datetime | None = None) -> bool:
    """Whether `pin` unlocks the supervisor role now; False when no PIN was ever set. It is an
    attempt like any other: a wrong PIN counts towards the lock."""
    return attempt(session, pin, now=now).granted


def require_supervisor(session: Session, grant: SupervisorGrant | None, what: str) -> None:
    """Refuse `what` (e.g. "撤销签到") unless `grant` was made by `attempt` on this database with
    the PIN stored now."""
    if grant is None:
        raise UserError(f"{what}须由主管输入主管密码后操作")
    seal = _seal(session, grant.nonce)
    if seal is None or not hmac.compare_digest(seal, grant.seal):
        raise UserError(f"{what}须由主管重新输入主管密码（主管密码已更改或授权无效）")
