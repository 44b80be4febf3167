"""Selection within capacity: invited first, balanced categories, companions, manual changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from checkin_app import events, selection
from checkin_app.cli import main as cli_main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import DocumentType, Participant, Status, StatusChange

EVENT = "晋城市城市管理局2024年政府开放周"
START = dt.datetime(2024, 6, 10, 9, 0)


def _make_event(db: Database, capacity: int = 20, *, invited_first: bool = True) -> int:
    with db.transaction() as s:
        event = events.create_event(s, EVENT)
        event.invited_first = invited_first
        events.add_activity(s, event, "智慧城管", dt.date(2024, 6, 19), capacity)
        return event.id


def _add(
    db: Database,
    event_id: int,
    people: list[tuple[str, str]],
    *,
    activity: str = "智慧城管",
    invited: bool = False,
    companion_key: str = "",
    start_minute: int | None = None,
) -> list[int]:
    """Register (name, category) people in order, a minute apart; returns their ids."""
    ids = []
    with db.transaction() as s:
        event = events.find_event(s, event_id)
        act = events.find_activity(s, event, activity)
        count = s.scalar(select(func.count()).select_from(Participant)) or 0
        base = count if start_minute is None else start_minute
        for i, (name, category) in enumerate(people):
            p = Participant(
                event_id=event_id,
                activity_id=act.id,
                name=name,
                phone=f"139{base + i:08d}",
                doc_type=DocumentType.RESIDENT_ID,
                doc_hash=hashlib.sha256(f"{name}-{base + i}".encode()).hexdigest(),
                doc_last4=f"{base + i:04d}",
                category=category,
                invited=invited,
                companion_key=companion_key,
                registered_at=START + dt.timedelta(minutes=base + i),
            )
            s.add(p)
            s.flush()
            ids.append(p.id)
    return ids


def _select(db: Database, event_id: int) -> selection.SelectionReport:
    with db.transaction() as s:
        return selection.run_selection(s, events.find_event(s, event_id), actor="测试")


def _statuses(db: Database) -> dict[int, Status]:
    with db.reading() as s:
        return {p.id: p.status for p in s.scalars(select(Participant))}


def _history_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(StatusChange)) or 0)


def test_confirms_within_capacity_and_waitlists_the_rest(db: Database) -> None:
    eid = _make_event(db, capacity=5)
    ids = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(8)])
    report = _select(db, eid)
    (outcome,) = report.activities
    assert (outcome.capacity, outcome.confirmed, outcome.waitlisted) == (5, 5, 3)
    status = _statuses(db)
    # Registration order within the category: the first five get the seats.
    assert [status[i] for i in ids] == [Status.CONFIRMED] * 5 + [Status.WAITLISTED] * 3
    assert len(report.changes) == 8
    assert _history_count(db) == 8
    with db.reading() as s:
        last = selection.explain(s, ids[-1])
        first = selection.explain(s, ids[0])
    assert first.decision.startswith("确认：") and "名额 5 中第 1 位" in first.decision
    assert last.decision.startswith("候补第 3 位")
    assert "名额已满（5/5）" in last.decision and "市民代表" in last.decision
    assert last.history[-1].new == Status.WAITLISTED and last.history[-1].actor == "测试"


def test_invited_first_when_the_office_marks_them(db: Database) -> None:
    eid = _make_event(db, capacity=4)
    citizens = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(6)])
    deputies = _add(db, eid, [("人大甲", "人大代表"), ("政协乙", "政协委员")], invited=True)
    _select(db, eid)
    status = _statuses(db)
    assert all(status[i] == Status.CONFIRMED for i in deputies)
    assert sum(status[i] == Status.CONFIRMED for i in citizens) == 2
    with db.reading() as s:
        text = selection.explain(s, deputies[0]).decision
    assert text == "确认：特邀（人大代表）优先，名额 4 中第 1 位"


def test_invited_wait_their_turn_when_the_office_does_not_ask(db: Database) -> None:
    eid = _make_event(db, capacity=2, invited_first=False)
    citizens = _add(db, eid, [("市民甲", "市民代表"), ("市民乙", "市民代表")])
    deputy = _add(db, eid, [("人大甲", "人大代表")], invited=True)
    _select(db, eid)
    status = _statuses(db)
    # Balance still gives the deputies' category a seat, but not ahead of the first citizen.
    assert status[citizens[0]] == Status.CONFIRMED
    assert status[deputy[0]] == Status.CONFIRMED
    assert status[citizens[1]] == Status.WAITLISTED


def test_balanced_across_categories(db: Database) -> None:
    eid = _make_event(db, capacity=20)
    citizens = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(30)])
    students = _add(db, eid, [(f"学生{i}", "学生") for i in range(5)])
    report = _select(db, eid)
    status = _statuses(db)
    assert all(status[i] == Status.CONFIRMED for i in students)
    assert [status[i] for i in citizens] == [Status.CONFIRMED] * 15 + [Status.WAITLISTED] * 15
    (outcome,) = report.activities
    assert dict(outcome.confirmed_by_category) == {"市民代表": 15, "学生": 5}
    assert dict(outcome.waitlisted_by_category) == {"市民代表": 15}


def test_companions_all_or_nothing_and_a_smaller_party_fills_the_last_seats(
    db: Database,
) -> None:
    eid = _make_event(db, capacity=4)
    first = _add(db, eid, [("市民甲", "市民代表"), ("学生甲", "学生")])
    trio = _add(
        db,
        eid,
        [("张一", "企业代表"), ("张二", "企业代表"), ("张三", "企业代表")],
        companion_key="张家",
    )
    pair = _add(db, eid, [("李一", "社区工作者"), ("李二", "社区工作者")], companion_key="李家")
    _select(db, eid)
    status = _statuses(db)
    assert {status[i] for i in trio} == {Status.WAITLISTED}
    assert {status[i] for i in pair} == {Status.CONFIRMED}
    assert {status[i] for i in first} == {Status.CONFIRMED}
    with db.reading() as s:
        trio_text = selection.explain(s, trio[0]).decision
        pair_text = selection.explain(s, pair[1]).decision
    assert "同行 3 人需同时确认，剩余名额 2" in trio_text
    assert "同行 2 人一同确认" in pair_text and "递补" in pair_text


def test_deterministic_for_the_same_input(tmp_path: Path) -> None:
    outcomes = []
    for n in range(2):
        database = Database.open(str(tmp_path / f"w{n}.sqlite3"))
        eid = _make_event(database, capacity=7)
        _add(database, eid, [(f"市民{i}", "市民代表") for i in range(6)])
        _add(database, eid, [(f"记者{i}", "媒体记者") for i in range(3)])
        _add(database, eid, [("王一", "学生"), ("王二", "学生")], companion_key="王")
        _add(database, eid, [("专家", "专家学者")], invited=True)
        report = _select(database, eid)
        outcomes.append(
            ([(d.name, d.new, d.reason) for d in report.decisions], _statuses(database))
        )
        database.close()
    assert outcomes[0] == outcomes[1]


def test_rerun_keeps_confirmed_people_and_changes_nothing(db: Database) -> None:
    eid = _make_event(db, capacity=3)
    early = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(3)])
    _select(db, eid)
    # Students register later: balance would favour them, but confirmed citizens were phoned.
    students = _add(db, eid, [("学生甲", "学生"), ("学生乙", "学生")])
    report = _select(db, eid)
    status = _statuses(db)
    assert all(status[i] == Status.CONFIRMED for i in early)
    assert all(status[i] == Status.WAITLISTED for i in students)
    assert len(report.changes) == 2
    before = _history_count(db)
    again = _select(db, eid)
    assert again.changes == ()
    assert _history_count(db) == before
    assert _statuses(db) == status


def test_declined_and_cancelled_are_left_alone(db: Database) -> None:
    eid = _make_event(db, capacity=3)
    ids = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(4)])
    with db.transaction() as s:
        selection.decline(s, ids[0], actor="办公室")
        selection.cancel(s, ids[1], actor="办公室", reason="本人来电取消")
    _select(db, eid)
    status = _statuses(db)
    assert status[ids[0]] == Status.DECLINED
    assert status[ids[1]] == Status.CANCELLED
    assert status[ids[2]] == status[ids[3]] == Status.CONFIRMED


def test_cancel_offers_the_first_waitlisted_without_confirming(db: Database) -> None:
    eid = _make_event(db, capacity=2)
    ids = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(2)])
    later = _add(db, eid, [("学生甲", "学生"), ("市民丙", "市民代表")])
    _select(db, eid)
    status = _statuses(db)
    assert status[later[0]] == Status.CONFIRMED  # balance: the student's category was empty
    assert status[ids[1]] == Status.WAITLISTED
    with db.transaction() as s:
        offer = selection.cancel(s, ids[0], actor="办公室", reason="临时有事")
    assert offer is not None
    assert offer.participant_id == ids[1]
    assert offer.free_seats == 1
    assert "候补第一位是“市民1”" in offer.message
    after = _statuses(db)
    assert after[ids[0]] == Status.CANCELLED
    assert after[ids[1]] == Status.WAITLISTED  # offered, not confirmed
    with db.reading() as s:
        history = selection.explain(s, ids[0]).history
    assert history[-1].old == Status.CONFIRMED and history[-1].new == Status.CANCELLED
    assert "临时有事" in history[-1].reason and history[-1].actor == "办公室"


def test_cancel_of_someone_not_confirmed_offers_nothing(db: Database) -> None:
    eid = _make_event(db, capacity=1)
    ids = _add(db, eid, [("市民甲", "市民代表"), ("市民乙", "市民代表"), ("市民丙", "市民代表")])
    _select(db, eid)
    with db.transaction() as s:
        assert selection.cancel(s, ids[2], actor="办公室") is None


def test_manual_confirm_over_capacity_is_refused_and_nothing_changes(db: Database) -> None:
    eid = _make_event(db, capacity=2)
    ids = _add(db, eid, [(f"市民{i}", "市民代表") for i in range(3)])
    _select(db, eid)
    before, history = _statuses(db), _history_count(db)
    with pytest.raises(UserError) as err, db.transaction() as s:
        selection.confirm(s, ids[2], actor="办公室")
    assert (
        str(err.value) == "“智慧城管”名额已满（2/2），无法确认“市民2”；如确需超额，请选择超额确认"
    )
    assert _statuses(db) == before and _history_count(db) == history
    with db.transaction() as s:
        warnings = selection.confirm(s, ids[2], actor="办公室", override=True, reason="领导特批")
    assert warnings == ()
    assert _statuses(db)[ids[2]] == Status.CONFIRMED
    with db.reading() as s:
        assert selection.explain(s, ids[2]).decision == "已确认：领导特批（办公室）"


def test_manual_confirm_warns_about_companions_but_does_not_refuse(db: Database) -> None:
    eid = _make_event(db, capacity=5)
    pair = _add(db, eid, [("赵一", "市民代表"), ("赵二", "市民代表")], companion_key="赵")
    with db.transaction() as s:
        warnings = selection.confirm(s, pair[0], actor="办公室")
    assert warnings == ("“赵一”的同行人赵二尚未确认，同行人应一同参加",)
    assert _statuses(db)[pair[0]] == Status.CONFIRMED
    # The selection then seats the companion with the confirmed person first.
    _select(db, eid)
    with db.reading() as s:
        assert selection.explain(s, pair[1]).decision.startswith("确认：与已确认的同行人一同参加")


def test_same_status_and_unknown_person_are_refused(db: Database) -> None:
    eid = _make_event(db, capacity=2)
    (pid,) = _add(db, eid, [("市民甲", "市民代表")])
    with pytest.raises(UserError, match="已经是“本人谢绝”状态"), db.transaction() as s:
        selection.decline(s, pid, actor="a")
        selection.decline(s, pid, actor="a")
    assert _statuses(db)[pid] == Status.APPLIED  # the whole unit of work was rolled back
    with pytest.raises(UserError, match="找不到编号为 999 的报名人"), db.transaction() as s:
        selection.waitlist(s, 999, actor="a")


def test_every_decision_is_explained(db: Database) -> None:
    eid = _make_event(db, capacity=6)
    _add(db, eid, [(f"市民{i}", "市民代表") for i in range(5)])
    _add(db, eid, [("专家甲", "专家学者")], invited=True)
    _add(db, eid, [("孙一", "学生"), ("孙二", "学生"), ("孙三", "学生")], companion_key="孙")
    _add(db, eid, [("记者甲", "媒体记者")])
    report = _select(db, eid)
    assert len(report.decisions) == 10
    with db.reading() as s:
        for p in s.scalars(select(Participant)):
            assert p.decision, p.name
            assert p.decision.startswith(("确认：", "候补第")), p.decision
            assert [h.reason for h in p.history][-1] == p.decision


def test_select_cli_json_and_exit_codes(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = Database.open(str(db_path))
    eid = _make_event(database, capacity=2)
    _add(database, eid, [("市民甲", "市民代表"), ("市民乙", "市民代表"), ("学生甲", "学生")])
    database.close()
    assert cli_main(["select", "--event", EVENT, "--db", str(db_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (act,) = out["activities"]
    assert {k: act[k] for k in ("name", "capacity", "confirmed", "waitlisted")} == {
        "name": "智慧城管",
        "capacity": 2,
        "confirmed": 2,
        "waitlisted": 1,
    }
    assert act["by_category"] == {"学生": 1, "市民代表": 1}
    assert Counter(c["new"] for c in out["changes"]) == {"confirmed": 2, "waitlisted": 1}
    assert all(c["old"] == "applied" and c["reason"] for c in out["changes"])
    # Nothing new: exit 1, and the table still prints.
    assert cli_main(["select", "--event", str(eid), "--db", str(db_path)]) == 1
    text = capsys.readouterr().out
    assert "本次变更 0 人" in text and "智慧城管" in text
    # Unknown event: a "did you mean" message and exit 2.
    assert cli_main(["select", "--event", "晋城开放周", "--db", str(db_path)]) == 2
    assert "找不到活动" in capsys.readouterr().err


def test_status_cli_refuses_over_capacity_then_cancel_offers(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database.open(str(db_path))
    eid = _make_event(database, capacity=1)
    first, second = _add(database, eid, [("市民甲", "市民代表"), ("市民乙", "市民代表")])
    _select(database, eid)
    database.close()
    db = ["--db", str(db_path)]
    assert cli_main(["status", str(second), "confirm", *db]) == 1
    assert "名额已满（1/1）" in capsys.readouterr().err
    cancel = ["status", str(first), "cancel", "--reason", "生病", "--actor", "李干事", "--json"]
    assert cli_main([*cancel, *db]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "cancelled" and out["offer"]["participant"] == second
    assert cli_main(["status", str(second), "confirm", *db]) == 0
    assert "已确认" in capsys.readouterr().out
    assert cli_main(["status", str(first), "explain", "--json", *db]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert [(h["old"], h["new"]) for h in explained["history"]] == [
        ("applied", "confirmed"),
        ("confirmed", "cancelled"),
    ]
    assert explained["reason"] == "已取消：生病（李干事）"
    assert explained["history"][-1]["actor"] == "李干事"
    assert cli_main(["status", "999", "confirm", *db]) == 2
    assert "找不到编号为 999 的报名人" in capsys.readouterr().err


@pytest.mark.postgres
def test_selection_on_postgresql(pg_url: str) -> None:
    database = Database(pg_url)
    eid = _make_event(database, capacity=20)
    citizens = _add(database, eid, [(f"市民{i}", "市民代表") for i in range(30)])
    students = _add(database, eid, [(f"学生{i}", "学生") for i in range(5)])
    deputies = _add(database, eid, [("人大甲", "人大代表")], invited=True)
    report = _select(database, eid)
    status = _statuses(database)
    assert status[deputies[0]] == Status.CONFIRMED
    assert all(status[i] == Status.CONFIRMED for i in students)
    assert sum(status[i] == Status.CONFIRMED for i in citizens) == 14
    assert report.activities[0].waitlisted == 16
    assert _select(database, eid).changes == ()
    database.close()
