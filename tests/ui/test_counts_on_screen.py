"""The issue's desk: "应到 40 已到 4 未到 37" after a supervisor let a waitlisted person in. The
desk's counters bar shows the one definition's counts, which add up, per bus too."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app import attendance, checkin, events
from checkin_app.db import Database
from checkin_app.models import LogKind, Participant, Status
from ui.desk.lists import CountersBar


def test_the_desk_counts_an_override_and_a_walk_in_so_that_they_add_up(
    qtbot: QtBot, demo_db: Database
) -> None:
    with demo_db.transaction() as s:
        event = events.find_event(s, 1)
        activity = event.activities[0]
        people = list(s.scalars(select(Participant).where(Participant.activity_id == activity.id)))
        confirmed = [p for p in people if p.status == Status.CONFIRMED]
        waiting = next(p for p in people if p.status == Status.WAITLISTED)
        admitted = [(p, LogKind.CHECKIN) for p in confirmed[:4]]
        admitted += [(waiting, LogKind.OVERRIDE), (confirmed[4], LogKind.WALKIN)]
        for p, kind in admitted:
            checkin.append(
                s, event_id=event.id, station="东门", kind=kind, operator="小王",
                activity_id=activity.id, participant_id=p.id, person=p.doc_hash,
            )  # fmt: skip
        activity_id, expected = activity.id, len(confirmed) + 1
    with demo_db.reading() as s:
        lists = checkin.desk_lists(s, activity_id)
        assert lists.counters == attendance.attendance_counts(s, activity_id)
    c = lists.counters
    assert (c.expected, c.arrived, c.missing) == (expected, 6, expected - 6)
    assert c.unconfirmed == 1 and c.walk_ins == 1
    bar = CountersBar()
    qtbot.addWidget(bar)
    bar.show_counters(c)
    assert bar.total.text().startswith(f"应到 {expected}　已到 6　未到 {expected - 6}")
    for line in c.buses:
        assert line.arrived + line.missing == line.expected
        assert f"{line.label} {line.arrived}/{line.expected}" in bar.buses.text()
