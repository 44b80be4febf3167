"""The demo workspace: two open days from the plans, valid generated applicants, no clear IDs."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from checkin_app import checkin, demo, events, idcard, passes, workspace
from checkin_app.cli import main as cli_main
from checkin_app.db import Database
from checkin_app.models import Activity, Event, Participant, Status

# A fixed day for the demo's activities: a test never straddles Shanghai's midnight.
TODAY = dt.date(2026, 3, 9)


@pytest.fixture
def built(db: Database) -> Database:
    with db.transaction() as s:
        assert demo.ensure_demo(s, today=TODAY) is True
    return db


def test_two_events_with_the_activities_and_capacities_of_the_plans(built: Database) -> None:
    with built.reading() as s:
        summaries = {e.name: e for e in events.list_events(s)}
        guyuan = events.find_event(s, demo.GUYUAN)
        (day,) = guyuan.activities
        stops = [(st.site.name, st.site.planned_minutes, st.travel_minutes) for st in day.stops]
        plant = next(site for site in guyuan.sites if "污水" in site.name)
        jincheng = events.find_event(s, demo.JINCHENG)
        green = events.find_activity(s, jincheng, "绿色城管")
        green_stops = [st.site.name for st in green.stops]
    assert set(summaries) == {demo.GUYUAN, demo.JINCHENG}
    assert (day.date, day.capacity) == (TODAY, 40)
    assert (day.signin_start, day.signin_end) == (dt.time(14, 20), dt.time(14, 40))
    assert (day.discussion_start, day.end_time) == (dt.time(17, 0), dt.time(18, 0))
    assert day.assembly_point and day.host_unit and day.responsible_person == "办公室"
    # The plan's "about 40, 40, 30, 30 minutes" include the rides and the walk in and out.
    assert [m for _, m, _ in stops] == [30, 30, 20, 20]
    assert all(travel is not None for _, _, travel in stops)
    assert sum(m + (travel or 0) for _, m, travel in stops) <= 140
    assert plant.capacity_at_once == 20 and plant.safety_notes
    assert {(a.name, a.date, a.capacity) for a in summaries[demo.JINCHENG].activities} == {
        ("亲民城管", TODAY, 9),
        ("智慧城管", TODAY + dt.timedelta(days=1), 20),
        ("绿色城管", TODAY + dt.timedelta(days=2), 20),
    }
    assert green.assembly_point == "市物贸广场" and len(green_stops) == 3
    # About 120 applicants, most on the oversubscribed open week; everyone within capacity.
    total = sum(e.participants for e in summaries.values())
    assert 110 <= total <= 130
    assert summaries[demo.JINCHENG].participants > summaries[demo.GUYUAN].participants
    for e in summaries.values():
        for a in e.activities:
            assert a.confirmed <= a.capacity
            assert a.confirmed + a.waitlisted == a.applied
    assert all(a.waitlisted > 0 for a in summaries[demo.JINCHENG].activities)


def test_the_demo_is_held_today_in_shanghai(db: Database) -> None:
    before = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    with db.transaction() as s:
        demo.build_demo(s)
    after = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    with db.reading() as s:
        dates = {a.name: a.date for e in s.scalars(select(Event)) for a in e.activities}
    assert dates["城市管理开放日"] in {before, after}
    day = dates["城市管理开放日"]
    assert [dates[n] for n in ("亲民城管", "智慧城管", "绿色城管")] == [
        day,
        day + dt.timedelta(days=1),
        day + dt.timedelta(days=2),
    ]


def test_a_demo_pass_is_admitted_at_the_demo_desk_then_already_in(built: Database) -> None:
    # 14:30 in Guyuan on the demo's day (UTC+8), within the sign-in window.
    now = dt.datetime.combine(TODAY, dt.time(6, 30))
    with built.transaction() as s:
        guyuan = events.find_event(s, demo.GUYUAN)
        (day,) = guyuan.activities
        passes.issue_missing(s, guyuan.id, actor="测试")
        card = passes.pass_cards(s, guyuan.id, day.id)[0]
        desk = checkin.Desk(day.id, "东门", "小李")
        first = checkin.scan(s, desk, card.qr_text, now=now)
    with built.transaction() as s:
        second = checkin.scan(s, desk, card.qr_text, now=now + dt.timedelta(minutes=1))
    assert first.verdict == checkin.Verdict.ADMITTED, first.detail
    assert second.verdict == checkin.Verdict.ALREADY_CHECKED_IN


def test_demo_ids_are_valid_and_stored_only_as_hash_and_last_four(built: Database) -> None:
    people = demo.generate_applicants(2025)
    dates = {(e, a.name): a.date for e in (demo.GUYUAN, demo.JINCHENG) for a in _acts(built, e)}
    for person in people:
        doc = idcard.parse_document(person.id_number, on_date=dates[person.event, person.activity])
        assert doc.gender == person.gender
        assert person.id_number[:4] in {"6404", "6401", "1405"}
        assert len(person.phone) == 11 and person.phone.startswith("1")
    with built.reading() as s:
        key = workspace.document_key(s)
        stored = {p.doc_hash: p for p in s.scalars(select(Participant))}
    assert len(stored) == len(people)
    for person in people:
        row = stored[idcard.document_hash(key, person.id_number)]
        assert (row.name, row.doc_last4, row.doc_prefix) == (
            person.name,
            person.id_number[-4:],
            person.id_number[:4],
        )
        assert row.gender == person.gender


def _acts(database: Database, name: str) -> list[Activity]:
    with database.reading() as s:
        return list(events.find_event(s, name).activities)


def test_no_clear_id_number_in_the_database_file(db_path: Path, built: Database) -> None:
    built.close()
    blob = b"".join(
        p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)
    )
    people = demo.generate_applicants(2025)
    assert people[0].name.encode() in blob  # the file is readable: names are there...
    for person in people:
        assert person.id_number.encode() not in blob  # ...ID numbers are not
        assert person.id_number[6:14].encode() not in blob  # not even the birth date


def test_demo_content_is_plausible(built: Database) -> None:
    with built.reading() as s:
        rows = list(s.scalars(select(Participant)))
        histories = [[(h.old, h.new) for h in p.history] for p in rows]
    categories = Counter(p.category for p in rows)
    assert categories.most_common(1)[0][0] == "市民代表"
    assert {
        "人大代表",
        "政协委员",
        "专家学者",
        "媒体记者",
        "企业代表",
        "社区工作者",
        "学生",
    } <= set(categories)
    assert all(p.invited for p in rows if p.category in ("人大代表", "政协委员"))
    assert any(set(p.name) & set("堃喆犇昇頔") for p in rows)
    pairs = Counter(p.companion_key for p in rows if p.companion_key)
    assert pairs and set(pairs.values()) == {2}
    assert {"行动不便", "晕车"} & {n for p in rows for n in p.needs.split("，")}
    assert len({p.source for p in rows}) >= 3
    assert all(p.work_unit and p.job_title and p.decision for p in rows)
    # Everyone registered (None -> applied), then the selection placed them.
    assert all(h[0] == (None, Status.APPLIED) and len(h) == 2 for h in histories)
    assert {p.status for p in rows} == {Status.CONFIRMED, Status.WAITLISTED}


def test_generator_is_deterministic() -> None:
    assert demo.generate_applicants(7) == demo.generate_applicants(7)
    assert demo.generate_applicants(7) != demo.generate_applicants(8)


def test_ensure_demo_only_on_an_empty_workspace(db: Database) -> None:
    with db.transaction() as s:
        events.create_event(s, "原州区2024年政府开放日")
    with db.transaction() as s:
        assert demo.ensure_demo(s) is False
    with db.reading() as s:
        assert [e.name for e in s.scalars(select(Event))] == ["原州区2024年政府开放日"]


def test_cli_demo_twice_then_events_json(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--db", str(db_path)]
    assert cli_main(["demo", *args]) == 0
    assert "已生成演示数据：2 个活动，120 名报名者" in capsys.readouterr().out
    assert cli_main(["demo", "--json", *args]) == 1
    assert json.loads(capsys.readouterr().out) == {"created": False, "events": []}
    assert cli_main(["events", "--json", *args]) == 0
    listed = {e["name"]: e for e in json.loads(capsys.readouterr().out)}
    smart = next(a for a in listed[demo.JINCHENG]["activities"] if a["name"] == "智慧城管")
    assert smart["capacity"] == 20 and smart["confirmed"] == 20
    assert smart["applied"] == smart["confirmed"] + smart["waitlisted"] > 20
    # The selection on the demo already ran: running it again changes nothing (exit 1).
    assert cli_main(["select", "--event", demo.JINCHENG, *args]) == 1


@pytest.mark.postgres
def test_demo_on_postgresql_matches_sqlite(pg_url: str, built: Database) -> None:
    database = Database(pg_url)
    with database.transaction() as s:
        assert demo.ensure_demo(s, today=TODAY) is True
    with database.reading() as s:
        on_pg = [
            (a.name, a.applied, a.confirmed, a.waitlisted)
            for e in events.list_events(s)
            for a in e.activities
        ]
        pg_decisions = sorted(
            (p.name, p.status, p.decision) for p in s.scalars(select(Participant))
        )
    database.close()
    with built.reading() as s:
        on_sqlite = [
            (a.name, a.applied, a.confirmed, a.waitlisted)
            for e in events.list_events(s)
            for a in e.activities
        ]
        decisions = sorted((p.name, p.status, p.decision) for p in s.scalars(select(Participant)))
    assert on_pg == on_sqlite
    assert pg_decisions == decisions
