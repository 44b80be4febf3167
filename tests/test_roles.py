"""The supervisor PIN: 4–8 digits, kept only as a salted slow hash, checked at the desk."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from checkin_app import checkin, demo, roles
from checkin_app.cli import common, main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import Activity, LogEvent, LogKind, Setting


def test_no_pin_unlocks_nothing(db: Database) -> None:
    with db.transaction() as s:
        assert not roles.has_supervisor_pin(s)
        assert not roles.check_supervisor_pin(s, "1234")
        assert not roles.check_supervisor_pin(s, "")


def test_a_pin_is_checked_and_never_stored(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "20250924")
    with db.transaction() as s:
        assert roles.has_supervisor_pin(s)
        assert roles.check_supervisor_pin(s, "20250924")
        assert roles.check_supervisor_pin(s, "２０２５０９２４")  # full-width from an input method
        assert not roles.check_supervisor_pin(s, "20250925")
        assert not roles.check_supervisor_pin(s, "2025092")
        stored = s.get(Setting, roles.PIN_SETTING)
        assert stored is not None and b"20250924" not in stored.value


def test_setting_a_pin_again_replaces_it(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "1234")
        roles.set_supervisor_pin(s, "5678")
    with db.transaction() as s:
        assert roles.check_supervisor_pin(s, "5678")
        assert not roles.check_supervisor_pin(s, "1234")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "12 34", "一二三四"])
def test_a_pin_must_be_four_to_eight_digits(db: Database, pin: str) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "1234")
    with db.transaction() as s, pytest.raises(UserError, match="主管密码应为4–8位数字"):
        roles.set_supervisor_pin(s, pin)
    with db.transaction() as s:
        assert roles.check_supervisor_pin(s, "1234")  # the old PIN still works


def test_a_damaged_setting_unlocks_nothing(db: Database) -> None:
    with db.transaction() as s:
        s.add(Setting(key=roles.PIN_SETTING, value=b"not json"))
    with db.transaction() as s:
        assert not roles.check_supervisor_pin(s, "1234")


def test_the_demo_supervisor_pin_is_1234(db: Database) -> None:
    with db.transaction() as s:
        demo.build_demo(s)
    with db.transaction() as s:
        assert roles.check_supervisor_pin(s, "1234")


def test_cli_sets_the_pin(
    db: Database, db_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["supervisor-pin", "--set", "4321", "--db", str(db_path)]) == 0
    assert "已设置" in capsys.readouterr().out
    assert main(["supervisor-pin", "--set", "43", "--db", str(db_path), "--json"]) == 2
    assert "4–8位数字" in capsys.readouterr().out
    with db.transaction() as s:
        assert roles.check_supervisor_pin(s, "4321")


# --- The lock: 5 wrong PINs, then a growing wait, kept in the database -----------------------

T0 = dt.datetime(2026, 3, 9, 6, 30)


class Ticking:
    """The desk's clock in these tests: T0, then one second later on every reading."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now

    def wait(self, span: dt.timedelta) -> None:
        self.now += span


def _try(db: Database, pin: str, clock: Ticking) -> roles.Attempt:
    with db.transaction() as s:
        return roles.attempt(s, pin, now=clock())


def test_forty_wrong_guesses_then_the_right_pin_is_still_refused(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    clock = Ticking()
    answers = [_try(db, f"{n:04d}", clock) for n in range(40)]
    assert not any(a.granted for a in answers)
    assert "再输错4次将锁定30秒" in answers[0].message
    assert "锁定30秒" in answers[4].message and answers[4].locked_for == dt.timedelta(seconds=30)
    # For 30 s after the 5th the PIN is not even looked at; the 5 wrong ones after that lock
    # again, for twice as long.
    assert all(a.was_locked for a in answers[5:34])
    assert not any(a.was_locked for a in answers[34:39])
    assert answers[38].locked_for == dt.timedelta(seconds=60) and answers[39].was_locked
    right = _try(db, "2580", clock)
    assert not right.granted and right.was_locked
    assert "主管密码已锁定" in right.message and "秒后再试" in right.message
    left = right.locked_for
    assert dt.timedelta(0) < left < dt.timedelta(seconds=60)
    clock.wait(left)
    assert _try(db, "2580", clock).granted


def test_each_lock_is_twice_as_long_as_the_last_up_to_an_hour(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    clock = Ticking()
    lengths = []
    for _ in range(9):
        answers = [_try(db, "1111", clock) for _ in range(roles.MAX_FAILURES)]
        assert not any(a.was_locked for a in answers)
        lengths.append(answers[-1].locked_for)
        assert _try(db, "2580", clock).was_locked  # the right PIN waits too
        clock.wait(answers[-1].locked_for)
    assert [int(x.total_seconds()) for x in lengths] == [
        30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]  # fmt: skip
    # The right PIN clears the count: the next wrong one starts again from 5 tries and 30 s.
    assert _try(db, "2580", clock).granted
    assert "再输错4次将锁定30秒" in _try(db, "1111", clock).message


def test_the_lock_survives_closing_the_app(db_path: Path) -> None:
    clock = Ticking()
    first = Database.open(str(db_path))
    with first.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    for _ in range(roles.MAX_FAILURES):
        _try(first, "0000", clock)
    first.close()
    again = Database.open(str(db_path))
    try:
        refused = _try(again, "2580", clock)
        assert refused.was_locked and not refused.granted
        with again.reading() as s:
            assert roles.lock_state(s, now=clock.now) > dt.timedelta(0)
    finally:
        again.close()


def test_a_clock_set_back_does_not_lengthen_the_lock(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    clock = Ticking()
    for _ in range(roles.MAX_FAILURES):
        _try(db, "0000", clock)
    clock.wait(-dt.timedelta(days=3))
    with db.reading() as s:
        assert roles.lock_state(s, now=clock.now) <= dt.timedelta(seconds=30)


def test_a_damaged_lock_record_locks(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
    with db.transaction() as s:
        row = s.get(Setting, roles.LOCK_SETTING)
        assert row is not None
        row.value = b"{broken"
    clock = Ticking()
    assert _try(db, "2580", clock).was_locked
    clock.wait(dt.timedelta(seconds=31))
    assert _try(db, "2580", clock).granted


def test_each_failure_is_logged_with_station_operator_and_time(db: Database) -> None:
    with db.transaction() as s:
        demo.build_demo(s)
        activity_id = s.scalars(select(Activity.id).order_by(Activity.id)).first()
        assert activity_id is not None
    desk = checkin.Desk(activity_id, "东门", "小李")
    clock = Ticking()
    for pin in ["0000", "1111", "2222", "3333", "4444", "1234"]:
        with db.transaction() as s:
            answer = checkin.unlock(s, desk, pin, now=clock())
    assert answer.was_locked
    with db.reading() as s:
        logged = list(s.scalars(select(LogEvent).order_by(LogEvent.seq)))
    assert [e.kind for e in logged] == [LogKind.PIN_FAILED] * 6
    assert {(e.station, e.operator) for e in logged} == {("东门", "小李")}
    assert [e.verdict for e in logged] == ["wrong_pin"] * 5 + ["locked"]
    assert [e.at for e in logged] == [T0 + dt.timedelta(seconds=n) for n in range(1, 7)]
    assert json.loads(logged[4].detail)["locked_until"] == "2026-03-09T06:30:35"
    assert not any(pin in e.detail + e.reason for e in logged for pin in ("0000", "1234"))
    # The right PIN later is no failure: nothing more is logged, and it grants.
    clock.wait(dt.timedelta(minutes=1))
    with db.transaction() as s:
        assert checkin.unlock(s, desk, "1234", now=clock()).granted
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(LogEvent)) == 6


def test_a_grant_is_only_what_the_pin_made(db: Database) -> None:
    with db.transaction() as s:
        roles.set_supervisor_pin(s, "2580")
        grant = roles.attempt(s, "2580").grant
        assert grant is not None
        roles.require_supervisor(s, grant, "撤销签到")
        with pytest.raises(UserError, match="撤销签到须由主管输入主管密码"):
            roles.require_supervisor(s, None, "撤销签到")
        forged = roles.SupervisorGrant(grant.nonce, "0" * 64)
        with pytest.raises(UserError, match="授权无效"):
            roles.require_supervisor(s, forged, "撤销签到")
        roles.set_supervisor_pin(s, "1357")  # a new PIN voids the grants of the old one
        with pytest.raises(UserError, match="主管密码已更改"):
            roles.require_supervisor(s, grant, "撤销签到")


def test_an_old_pbkdf2_hash_still_unlocks_and_is_replaced_by_scrypt(db: Database) -> None:
    salt = bytes(16)
    old = {
        "algorithm": "pbkdf2_sha256",
        "iterations": 1000,
        "salt": salt.hex(),
        "hash": hashlib.pbkdf2_hmac("sha256", b"2580", salt, 1000).hex(),
    }
    with db.transaction() as s:
        s.add(Setting(key=roles.PIN_SETTING, value=json.dumps(old).encode()))
    with db.transaction() as s:
        assert not roles.attempt(s, "1111").granted
        assert json.loads(s.get(Setting, roles.PIN_SETTING).value)["algorithm"] == "pbkdf2_sha256"  # type: ignore[union-attr]
        assert roles.attempt(s, "2580").granted
    with db.reading() as s:
        stored = json.loads(s.get(Setting, roles.PIN_SETTING).value)  # type: ignore[union-attr]
    assert stored["algorithm"] == "scrypt" and stored["n"] >= 2**14
    with db.transaction() as s:
        assert roles.attempt(s, "2580").granted


def test_the_cli_s_pin_is_asked_when_absent_and_a_wrong_one_is_counted(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as s:
        demo.build_demo(s)
        activity_id = s.scalars(select(Activity.id).order_by(Activity.id)).first()
        assert activity_id is not None
    desk = checkin.Desk(activity_id, "办公室", "小李")
    with pytest.raises(UserError, match="主管密码不正确（再输错4次"):
        common.supervisor_grant(db, desk, "9999")
    asked: list[str] = []
    monkeypatch.setattr(common.getpass, "getpass", lambda prompt: asked.append(prompt) or "1234")
    grant = common.supervisor_grant(db, desk, None)
    assert asked == ["主管密码："]
    with db.transaction() as s:
        roles.require_supervisor(s, grant, "撤销签到")
        failed = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.PIN_FAILED)).all()
    assert [(e.station, e.operator, e.verdict) for e in failed] == [("办公室", "小李", "wrong_pin")]


@pytest.mark.postgres
def test_the_lock_on_the_office_s_postgresql(pg_url: str) -> None:
    database = Database(pg_url)
    try:
        with database.transaction() as s:
            roles.set_supervisor_pin(s, "2580")
        clock = Ticking()
        answers = [_try(database, "0000", clock) for _ in range(roles.MAX_FAILURES)]
        assert answers[-1].locked_for == dt.timedelta(seconds=30)
        assert _try(database, "2580", clock).was_locked
    finally:
        database.close()
