"""The supervisor PIN: 4–8 digits, kept only as a salted slow hash, checked at the desk."""

from __future__ import annotations

import pytest

from checkin_app import demo, roles
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import Setting


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
