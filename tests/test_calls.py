"""The call list (电话通知): outcomes recorded; 无法参加 declines and offers the seat."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from checkin_app import calls, demo
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import NoticeCall, Participant, Status


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as s:
        demo.build_demo(s, seed=2025)
    database.close()
    return path


@pytest.fixture
def office(demo_copy: Path, tmp_path: Path) -> Iterator[Database]:
    database = Database.open(str(shutil.copy(demo_copy, tmp_path / "office.sqlite3")))
    yield database
    database.close()


def test_calls_are_recorded_and_a_person_who_cannot_come_frees_the_seat(office: Database) -> None:
    with office.reading() as s:
        rows = calls.call_list(s, 1)
    assert rows and all(r.outcome == "" for r in rows)
    # The first confirmed person of an activity with a waitlist.
    with office.reading() as s:
        waiting = {
            p.activity_id
            for p in s.scalars(select(Participant).where(Participant.status == Status.WAITLISTED))
        }
        first = next(
            r.participant_id
            for r in rows
            if s.get(Participant, r.participant_id).activity_id in waiting
        )
    with office.transaction() as s:
        assert calls.record_call(s, first, calls.NO_ANSWER, actor="王老师") is None
    with office.reading() as s:
        row = next(r for r in calls.call_list(s, 1) if r.participant_id == first)
    assert (row.outcome, row.actor, row.calls) == ("未接通", "王老师", 1) and row.at is not None
    with office.transaction() as s:
        offer = calls.record_call(s, first, calls.CANNOT_COME, actor="王老师")
    assert offer is not None and "候补第一位" in offer.message
    with office.reading() as s:
        assert s.get(Participant, first).status == Status.DECLINED
        assert all(r.participant_id != first for r in calls.call_list(s, 1))


def test_a_call_for_someone_not_confirmed_or_an_unknown_outcome_is_refused(
    office: Database,
) -> None:
    with office.reading() as s:
        first = calls.call_list(s, 1)[0].participant_id
        waiting = s.scalars(
            select(Participant.id).where(Participant.status == Status.WAITLISTED)
        ).first()
    assert waiting is not None
    for pid, outcome, said in [
        (first, "挂断", "未知的通话结果“挂断”"),
        (waiting, calls.CONFIRMED, "不是已确认人员"),
    ]:
        with pytest.raises(UserError, match=said), office.transaction() as s:
            calls.record_call(s, pid, outcome, actor="王老师")
    with office.reading() as s:
        assert s.scalars(select(NoticeCall)).first() is None
