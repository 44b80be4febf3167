"""The check-in desk's core: every verdict, ID entry, undo, override, walk-in and the lists."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql

from checkin_app import checkin, clock, events, idcard, passes, roles, workspace
from checkin_app.checkin import Desk, Verdict, WalkIn
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import (
    DocumentType,
    Group,
    LogEvent,
    LogKind,
    Participant,
    Pass,
    SeatAssignment,
    Source,
    Station,
    Status,
    Vehicle,
)
from checkin_app.roles import SupervisorGrant

DAY = dt.date(2025, 9, 24)
# 06:30 UTC is 14:30 in Shanghai, during the sign-in window.
NOW = dt.datetime(2025, 9, 24, 6, 30)
ISSUED = dt.date(2025, 9, 10)
EVENT = "固原市城市管理局2025年“政府开放日”"
SUPERVISOR_PIN = "2468"
OTHER_EVENT = "晋城市城市管理局2024年政府开放周"


def id_number(born: str, order: str = "123") -> str:
    """A resident ID number (Guyuan, 原州区) that passes the check."""
    body = f"640402{born}{order}"
    return body + idcard.check_character(body)


@dataclass(frozen=True)
class Office:
    """The ids of the small workspace the tests scan against."""

    db: Database
    activity: int
    green: int
    other_activity: int
    people: dict[str, int]
    ids: dict[str, str]  # name -> ID number (kept by the test only, never stored)
    grant: SupervisorGrant  # what the supervisor's PIN earned, for undo, override, walk-in

    def desk(self, station: str = "东门", activity: int | None = None) -> Desk:
        return Desk(activity or self.activity, station, "小王")

    def code(self, name: str) -> str:
        with self.db.reading() as s:
            row = s.scalars(
                select(Pass)
                .where(Pass.participant_id == self.people[name])
                .order_by(Pass.version.desc())
            ).first()
            assert row is not None
            return passes.qr_text(s, row)

    def manual(self, name: str) -> str:
        with self.db.reading() as s:
            row = s.scalars(select(Pass).where(Pass.participant_id == self.people[name])).first()
            assert row is not None
            return passes.format_manual_code(row.manual_code)

    def scan(
        self, text: str, *, station: str = "东门", now: dt.datetime = NOW
    ) -> checkin.ScanResult:
        with self.db.transaction() as s:
            return checkin.scan(s, self.desk(station), text, now=now)

    def events(self) -> list[LogEvent]:
        with self.db.reading() as s:
            return list(s.scalars(select(LogEvent).order_by(LogEvent.id)))


PEOPLE = [
    # name, activity key, status, birth date
    ("李堃", "open", Status.CONFIRMED, "19800101"),
    ("王喆", "open", Status.CONFIRMED, "19850202"),
    ("张三", "open", Status.CONFIRMED, "19900303"),
    ("赵犇", "open", Status.APPLIED, "19700404"),
    ("孙昇", "open", Status.WAITLISTED, "19750505"),
    ("周頔", "open", Status.CANCELLED, "19600606"),
    ("吴谢", "open", Status.DECLINED, "19650707"),
    ("钱绿", "green", Status.CONFIRMED, "19880808"),
    ("郑外", "other", Status.CONFIRMED, "19920909"),
]


def _add_person(
    s: object, key: bytes, event_id: int, activity_id: int, n: int, row: tuple[str, ...]
) -> Participant:
    name, _, _, born = row
    number = id_number(born, f"{n:02d}1")
    return Participant(
        event_id=event_id,
        activity_id=activity_id,
        name=name,
        phone=f"1380000{n:04d}",
        doc_type=DocumentType.RESIDENT_ID,
        doc_hash=idcard.document_hash(key, number),
        doc_last4=number[-4:],
        doc_prefix=number[:4],
        category="市民代表",
        status=Status.CONFIRMED,
    )


@pytest.fixture
def office(db: Database) -> Iterator[Office]:
    """Two events; the first has an open day (capacity 5) today and a bus tour tomorrow."""
    people: dict[str, int] = {}
    ids: dict[str, str] = {}
    with db.transaction() as s:
        key = workspace.document_key(s)
        event = events.create_event(s, EVENT)
        open_day = events.add_activity(s, event, "城市管理开放日", DAY, 5)
        green = events.add_activity(s, event, "绿色城管", DAY + dt.timedelta(days=1), 20)
        other = events.create_event(s, OTHER_EVENT)
        other_day = events.add_activity(s, other, "智慧城管", DAY, 20)
        where = {"open": open_day, "green": green, "other": other_day}
        for n, row in enumerate(PEOPLE, start=1):
            activity = where[row[1]]
            p = _add_person(s, key, activity.event_id, activity.id, n, row)
            s.add(p)
            s.flush()
            people[row[0]] = p.id
            ids[row[0]] = id_number(row[3], f"{n:02d}1")
            passes.issue_pass(s, p.id, actor="办公室", today=ISSUED)
            p.status = row[2]  # after the pass: a pass outlives a later change of status
        bus = Vehicle(activity_id=open_day.id, label="1号车", rows=10, seats_per_row=4)
        s.add(bus)
        s.flush()
        group = Group(activity_id=open_day.id, name="第一组", vehicle_id=bus.id)
        s.add(group)
        s.flush()
        for name, seat in (("李堃", "3C"), ("王喆", "12A")):
            s.add(
                SeatAssignment(
                    participant_id=people[name],
                    activity_id=open_day.id,
                    vehicle_id=bus.id,
                    seat=seat,
                    group_id=group.id,
                )
            )
        ids_out = (open_day.id, green.id, other_day.id)
        roles.set_supervisor_pin(s, SUPERVISOR_PIN)
        grant = roles.attempt(s, SUPERVISOR_PIN).grant
        assert grant is not None
    yield Office(db, *ids_out, people, ids, grant)


# --- Verdicts -------------------------------------------------------------------------------


def test_a_pass_admits_with_bus_seat_and_group(office: Office) -> None:
    result = office.scan(office.code("李堃"))
    assert result.verdict == Verdict.ADMITTED
    assert result.headline == "请入场"
    assert (result.bus, result.seat, result.group) == ("1号车", "3C", "第一组")
    assert result.person is not None and result.person.name == "李堃"
    assert result.person.masked_id.startswith("6404") and "*" in result.person.masked_id
    (event,) = office.events()
    assert event.uid == result.uid
    assert event.kind == LogKind.CHECKIN
    assert event.participant_id == office.people["李堃"]
    assert event.station == "东门" and event.operator == "小王" and event.seq == 1
    assert json.loads(event.detail) == {"input": "qr"}


def test_someone_without_a_seat_is_admitted_and_sent_to_a_bus_with_room(office: Office) -> None:
    result = office.scan(office.code("张三"))
    assert result.verdict == Verdict.ADMITTED
    assert (result.bus, result.seat, result.group) == ("1号车", None, None)
    assert result.detail == "未排座：请上1号车，空座就坐（余38座）"


def test_a_second_scan_says_when_and_where_the_first_was(office: Office) -> None:
    first = office.scan(office.code("李堃"), station="东门")
    later = NOW + dt.timedelta(minutes=5)
    second = office.scan(office.code("李堃"), station="西门", now=later)
    assert second.verdict == Verdict.ALREADY_CHECKED_IN
    assert second.first_at == NOW
    assert second.first_station == "东门"
    assert second.detail == "14:30 已在东门签到"
    assert second.uid != first.uid
    # Sent on to their bus: an already-checked-in verdict carries where they sit too.
    assert (second.bus, second.seat, second.group) == ("1号车", "3C", "第一组")
    assert (first.bus, first.seat, first.group) == ("1号车", "3C", "第一组")
    shown = second.to_json()
    assert shown["checked_in_at"] == "2025-09-24T14:30:00+08:00"
    assert (shown["bus"], shown["seat"], shown["group"]) == ("1号车", "3C", "第一组")
    assert dt.datetime.fromisoformat(shown["checked_in_at"]) == NOW.replace(tzinfo=dt.UTC)
    assert [e.kind for e in office.events()] == [LogKind.CHECKIN, LogKind.ATTEMPT]
    assert office.events()[1].verdict == "already_checked_in"


def test_a_pass_for_another_activity_names_it(office: Office) -> None:
    result = office.scan(office.code("钱绿"))
    assert result.verdict == Verdict.WRONG_ACTIVITY
    assert "绿色城管" in result.detail and "2025年9月25日" in result.detail
    assert result.person is not None and result.person.activity_name == "绿色城管"


def test_a_pass_for_another_event_is_not_for_this_open_day(office: Office) -> None:
    result = office.scan(office.code("郑外"))
    assert result.verdict == Verdict.WRONG_ACTIVITY
    assert result.detail == "不是本次开放日的通行证"
    assert result.person is None


def test_the_wrong_day_names_the_activity_date(office: Office) -> None:
    result = office.scan(office.code("李堃"), now=NOW - dt.timedelta(days=1))
    assert result.verdict == Verdict.WRONG_DAY
    assert "2025年9月24日" in result.detail and "2025年9月23日" in result.detail


def test_the_day_is_the_event_s_local_day(office: Office) -> None:
    # 17:00 UTC on the 23rd is already 01:00 on the 24th in Shanghai.
    result = office.scan(office.code("李堃"), now=dt.datetime(2025, 9, 23, 17, 0))
    assert result.verdict == Verdict.ADMITTED


@pytest.mark.parametrize(
    ("name", "verdict", "words"),
    [
        ("赵犇", Verdict.NOT_CONFIRMED, "尚未确认"),
        ("孙昇", Verdict.WAITLISTED, "候补"),
        ("周頔", Verdict.CANCELLED, "已取消"),
        ("吴谢", Verdict.CANCELLED, "谢绝"),
    ],
)
def test_people_not_confirmed_are_refused(
    office: Office, name: str, verdict: Verdict, words: str
) -> None:
    result = office.scan(office.code(name))
    assert result.verdict == verdict
    assert words in result.detail
    assert office.events()[-1].kind == LogKind.ATTEMPT
    assert office.events()[-1].verdict == verdict.value


def test_an_outdated_pass_is_refused(office: Office) -> None:
    old = office.code("李堃")
    with office.db.transaction() as s:
        passes.reissue_pass(s, office.people["李堃"], actor="办公室", reason="手机丢失")
    result = office.scan(old)
    assert result.verdict == Verdict.OUTDATED
    assert result.headline == "通行证已过期"
    assert "第2版" in result.detail
    assert office.scan(office.code("李堃")).verdict == Verdict.ADMITTED


def test_a_revoked_pass_is_refused(office: Office) -> None:
    with office.db.transaction() as s:
        passes.revoke_pass(s, office.people["王喆"], actor="办公室", reason="本人取消")
    result = office.scan(office.code("王喆"))
    assert result.verdict == Verdict.REVOKED
    assert "本人取消" in result.detail


def test_a_signed_pass_this_workspace_does_not_hold_is_unknown(office: Office) -> None:
    with office.db.reading() as s:
        data = passes.PassData(1, office.activity, 9999, 1, ISSUED)
        key = passes._event_key(s, 1).private_key
        code = passes.encode_payload(data, key)
    result = office.scan(code)
    assert result.verdict == Verdict.UNKNOWN
    assert result.headline == "查无此人"


def test_a_tampered_pass_is_forged(office: Office) -> None:
    code = office.code("李堃")
    middle = len(code) // 2
    tampered = code[:middle] + ("A" if code[middle] != "A" else "B") + code[middle + 1 :]
    result = office.scan(tampered)
    assert result.verdict == Verdict.FORGED
    assert "伪造" in result.detail


# --- Manual codes and ID numbers ------------------------------------------------------------


def test_a_manual_code_admits(office: Office) -> None:
    result = office.scan(office.manual("王喆").lower())
    assert result.verdict == Verdict.ADMITTED
    assert result.seat == "12A"
    assert json.loads(office.events()[-1].detail) == {"input": "manual"}


def test_an_id_number_admits_and_is_never_logged(office: Office) -> None:
    number = office.ids["张三"]
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    result = office.scan(spaced)
    assert result.verdict == Verdict.ADMITTED
    assert result.person is not None and result.person.name == "张三"
    again = office.scan(number.lower())
    assert again.verdict == Verdict.ALREADY_CHECKED_IN
    for event in office.events():
        assert json.loads(event.detail) == {"input": "id"}
        for value in vars(event).values():
            assert number not in str(value)


def test_an_id_number_of_nobody_registered_is_unknown(office: Office) -> None:
    result = office.scan(id_number("19910101", "991"))
    assert result.verdict == Verdict.UNKNOWN
    assert "未报名" in result.detail


def test_an_id_number_of_another_activity_names_it(office: Office) -> None:
    result = office.scan(office.ids["钱绿"])
    assert result.verdict == Verdict.WRONG_ACTIVITY
    assert "绿色城管" in result.detail


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("64040219800101123", "身份证号应为18位，输入的是17位"),
        ("6404021980010112345", "身份证号应为18位，输入的是19位"),
        ("hello;world!", "无法识别"),
        ("", "输入为空"),
        ("   ", "输入为空"),
        ("ABCDE-FGHJ0", "不会出现"),
        ("@@@@@", "无法识别"),
    ],
)
def test_unreadable_input_says_why(office: Office, text: str, words: str) -> None:
    result = office.scan(text)
    assert result.verdict == Verdict.UNREADABLE
    assert words in result.detail
    assert result.person is None
    (event,) = office.events()
    assert event.kind == LogKind.ATTEMPT and event.verdict == "unreadable"


def test_a_wrong_check_digit_is_unreadable(office: Office) -> None:
    number = office.ids["李堃"]
    result = office.scan(_wrong_check(number))
    assert result.verdict == Verdict.UNREADABLE
    assert "校验位" in result.detail


def test_a_pass_cut_short_is_unreadable(office: Office) -> None:
    result = office.scan(office.code("李堃")[:60])
    assert result.verdict == Verdict.UNREADABLE
    assert "不完整" in result.detail


def test_every_scan_appends_exactly_one_event(office: Office) -> None:
    inputs = [office.code("李堃"), office.code("李堃"), "garbage", office.code("孙昇"), ""]
    for n, text in enumerate(inputs, start=1):
        office.scan(text)
        assert len(office.events()) == n
    assert [e.seq for e in office.events()] == [1, 2, 3, 4, 5]


# --- Search, undo, override, walk-in --------------------------------------------------------


def test_admit_from_the_search_gives_the_same_verdicts(office: Office) -> None:
    with office.db.transaction() as s:
        result = checkin.admit(s, office.desk(), office.people["李堃"], now=NOW)
        refused = checkin.admit(s, office.desk(), office.people["孙昇"], now=NOW)
    assert result.verdict == Verdict.ADMITTED
    assert refused.verdict == Verdict.WAITLISTED
    assert [json.loads(e.detail)["input"] for e in office.events()] == ["search", "search"]


def test_undo_then_the_pass_admits_again(office: Office) -> None:
    first = office.scan(office.code("李堃"))
    with office.db.transaction() as s:
        undone = checkin.undo(
            s,
            office.desk("西门"),
            office.people["李堃"],
            reason="扫错人了",
            supervisor=office.grant,
        )
    assert undone.verdict == Verdict.UNDONE
    assert "东门" in undone.detail
    again = office.scan(office.code("李堃"))
    assert again.verdict == Verdict.ADMITTED
    undo_event = office.events()[1]
    assert undo_event.kind == LogKind.UNDO
    assert undo_event.refers_to == first.uid
    assert undo_event.reason == "扫错人了" and undo_event.station == "西门"


def test_undo_takes_back_every_station_s_admission_at_once(office: Office) -> None:
    pid = office.people["李堃"]
    first = office.scan(office.code("李堃"), station="东门")
    with office.db.transaction() as s:
        # The same person let in at 西门 too, offline: what a merge of two stations brings.
        p = s.get(Participant, pid)
        assert p is not None
        second = checkin.append(
            s, event_id=p.event_id, station="西门", kind=LogKind.CHECKIN, operator="小李",
            activity_id=office.activity, participant_id=pid, person=p.doc_hash,
            verdict="admitted", at=NOW + dt.timedelta(minutes=5),
        )  # fmt: skip
        second_uid = second.uid
    with office.db.transaction() as s:
        undone = checkin.undo(
            s, office.desk("北门"), pid, reason="扫错人了", supervisor=office.grant
        )
    assert undone.verdict == Verdict.UNDONE
    assert "东门" in undone.detail and "西门" in undone.detail
    undos = [e for e in office.events() if e.kind == LogKind.UNDO]
    assert sorted(e.refers_to for e in undos) == sorted([first.uid, second_uid])
    assert {(e.station, e.reason) for e in undos} == {("北门", "扫错人了")}
    assert undone.uid == undos[0].uid
    with office.db.reading() as s:
        assert checkin.admissions_of(s, office.activity, pid) == []
        assert checkin.admission_of(s, office.activity, pid) is None
        assert pid not in checkin.admissions(s, office.activity)
        assert checkin.counters(s, office.activity).arrived == 0
    # Out for good: the pass admits again, and a second undo finds nothing left to take back.
    assert office.scan(office.code("李堃"), now=NOW + dt.timedelta(minutes=9)).admitted


def test_undo_needs_a_reason_and_a_check_in(office: Office) -> None:
    with office.db.transaction() as s, pytest.raises(UserError, match="尚未签到"):
        checkin.undo(
            s, office.desk(), office.people["李堃"], reason="误操作", supervisor=office.grant
        )
    office.scan(office.code("李堃"))
    with office.db.transaction() as s, pytest.raises(UserError, match="须填写原因"):
        checkin.undo(s, office.desk(), office.people["李堃"], reason="  ", supervisor=office.grant)
    assert len(office.events()) == 1


def test_override_admits_despite_the_verdict(office: Office) -> None:
    refused = office.scan(office.code("孙昇"))
    assert refused.verdict == Verdict.WAITLISTED
    with office.db.transaction() as s:
        with pytest.raises(UserError, match="须填写原因"):
            checkin.override(
                s,
                office.desk(),
                office.people["孙昇"],
                reason="",
                overridden=refused.verdict,
                supervisor=office.grant,
            )
        result = checkin.override(
            s,
            office.desk(),
            office.people["孙昇"],
            reason="领导批准",
            overridden=refused.verdict,
            supervisor=office.grant,
        )
    assert result.verdict == Verdict.ADMITTED
    assert "领导批准" in result.detail
    event = office.events()[-1]
    assert event.kind == LogKind.OVERRIDE
    assert event.verdict == "waitlisted" and event.reason == "领导批准"
    assert office.scan(office.code("孙昇")).verdict == Verdict.WAITLISTED  # status comes first
    with office.db.transaction() as s, pytest.raises(UserError, match="无需放行"):
        checkin.override(
            s,
            office.desk(),
            office.people["孙昇"],
            reason="再次",
            overridden=Verdict.WAITLISTED,
            supervisor=office.grant,
        )


def _wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def _walk_in(office: Office, reg: WalkIn, **kwargs: object) -> checkin.ScanResult:
    with office.db.transaction() as s:
        kwargs.setdefault("supervisor", office.grant)
        return checkin.walk_in(s, office.desk(), reg, **kwargs)  # type: ignore[arg-type]


def test_a_walk_in_is_registered_and_admitted(office: Office) -> None:
    number = id_number("19950505", "552")
    reg = WalkIn("刘现场", number, phone="138 0013 8000", category="市民代表", needs="晕车")
    result = _walk_in(office, reg, reason="")
    assert result.verdict == Verdict.ADMITTED
    assert result.person is not None and result.person.name == "刘现场"
    assert "现场登记" in result.detail
    with office.db.reading() as s:
        p = s.get(Participant, result.person.id)
        assert p is not None
        assert (p.status, p.source, p.decision) == (Status.CONFIRMED, Source.ONSITE, "现场登记")
        assert p.phone == "13800138000" and p.doc_last4 == number[-4:]
    event = office.events()[-1]
    assert event.kind == LogKind.WALKIN
    assert number not in event.detail
    registration = json.loads(event.detail)["registration"]
    assert registration["name"] == "刘现场" and registration["doc_last4"] == number[-4:]
    assert office.scan(number).verdict == Verdict.ALREADY_CHECKED_IN


@pytest.mark.parametrize(
    ("reg", "words"),
    [
        (WalkIn("", id_number("19950505", "552")), "姓名"),
        (WalkIn("刘现场", "64040219950505552"), "证件号码"),
        (WalkIn("刘现场", _wrong_check(id_number("19950505", "552"))), "校验位"),
        (WalkIn("刘小", id_number("20100505", "552")), "未满18周岁"),
        (WalkIn("刘现场", id_number("19950505", "552"), phone="12345"), "联系电话"),
    ],
)
def test_a_walk_in_with_bad_fields_names_the_field(office: Office, reg: WalkIn, words: str) -> None:
    with pytest.raises(UserError, match=words):
        _walk_in(office, reg, reason="现场")
    assert office.events() == []
    with office.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == len(PEOPLE)


def test_a_walk_in_already_registered_is_refused(office: Office) -> None:
    with pytest.raises(UserError, match="此证件已报名：张三（城市管理开放日"):
        _walk_in(office, WalkIn("张三", office.ids["张三"]), reason="现场")
    assert office.events() == []


def test_a_full_activity_takes_a_walk_in_only_over_capacity_with_a_reason(
    office: Office,
) -> None:
    for n in range(2):  # 3 confirmed + 2 = the capacity of 5
        _walk_in(office, WalkIn(f"填满{n}", id_number("19900101", f"{n}72")), reason="")
    extra = WalkIn("超额", id_number("19900101", "882"))
    with pytest.raises(UserError, match="已满（5/5人）"):
        _walk_in(office, extra, reason="")
    with pytest.raises(UserError, match="须填写原因"):
        _walk_in(office, extra, reason="", over_capacity=True)
    result = _walk_in(office, extra, reason="局领导同意", over_capacity=True)
    assert result.verdict == Verdict.ADMITTED
    event = office.events()[-1]
    assert event.reason == "局领导同意"
    assert json.loads(event.detail)["registration"]["over_capacity"] is True


def test_reveal_phone_is_recorded(office: Office) -> None:
    with office.db.transaction() as s:
        phone = checkin.reveal_phone(
            s, office.desk(), office.people["王喆"], supervisor=office.grant
        )
    assert phone == "13800000002"
    (event,) = office.events()
    assert event.kind == LogKind.REVEAL and event.operator == "小王"
    assert event.participant_id == office.people["王喆"]


# --- Lists and counters ---------------------------------------------------------------------


def test_the_missing_list_shrinks_as_people_arrive(office: Office) -> None:
    def missing_names() -> list[str]:
        with office.db.reading() as s:
            return [a.person.name for a in checkin.missing(s, office.activity)]

    # The bus by seat (3C before 12A), then those without a seat.
    assert missing_names() == ["李堃", "王喆", "张三"]
    office.scan(office.code("王喆"))
    assert missing_names() == ["李堃", "张三"]
    office.scan(office.code("张三"))
    assert missing_names() == ["李堃"]
    with office.db.reading() as s:
        (absent,) = checkin.missing(s, office.activity)
    assert (absent.bus, absent.seat, absent.group) == ("1号车", "3C", "第一组")
    assert absent.person.phone_masked == "138****0001"


def test_counters_per_bus_and_without_a_seat(office: Office) -> None:
    office.scan(office.code("李堃"))
    office.scan(office.code("张三"))
    _walk_in(office, WalkIn("刘现场", id_number("19950505", "552")), reason="")
    with office.db.reading() as s:
        c = checkin.counters(s, office.activity)
    assert (c.expected, c.arrived, c.missing, c.walk_ins) == (4, 3, 1, 1)
    assert c.buses == (
        checkin.BusCount("1号车", 2, 1, 1),
        checkin.BusCount("未分车", 2, 2, 0),
    )


def test_arrivals_newest_first(office: Office) -> None:
    office.scan(office.code("李堃"), now=NOW)
    office.scan(office.code("张三"), station="西门", now=NOW + dt.timedelta(minutes=2))
    with office.db.reading() as s:
        found = checkin.arrivals(s, office.activity)
    assert [(a.person.name, a.station) for a in found] == [("张三", "西门"), ("李堃", "东门")]
    assert found[1].bus == "1号车" and found[1].kind == LogKind.CHECKIN


def test_roster_search_by_name_initials_and_last_digits(office: Office) -> None:
    with office.db.reading() as s:
        roster = checkin.Roster.load(s, office.activity)
    assert [p.name for p in roster.search("张")] == ["张三"]
    assert [p.name for p in roster.search("zs")] == ["张三"]
    assert [p.name for p in roster.search("lk")] == ["李堃"]
    assert [p.name for p in roster.search("0002")] == ["王喆"]  # last 4 of the phone
    last4 = office.ids["钱绿"][-4:]
    hits = roster.search(last4)
    assert "钱绿" in [p.name for p in hits]
    assert roster.search("") == []
    # This activity's confirmed people come before the rest of the event.
    everyone = roster.search("1380000", limit=50)
    assert everyone[0].activity_id == office.activity
    assert everyone[-1].activity_name == "绿色城管"
    assert "郑外" not in [p.name for p in everyone]  # another event's people are not listed


def test_search_hits_tell_people_apart_and_return_never_picks_among_several(
    office: Office,
) -> None:
    office.scan(office.code("李堃"), now=NOW)
    with office.db.reading() as s:
        roster = checkin.Roster.load(s, office.activity)
        inside = {pid: a.at for pid, a in checkin.admissions(s, office.activity).items()}
    shanghai = clock.zone("Asia/Shanghai")
    (lk,) = roster.hits("李堃", inside, shanghai)
    assert lk.checked_in_at == NOW.replace(tzinfo=dt.UTC).astimezone(shanghai)
    assert (lk.bus, lk.person.status, lk.person.activity_name) == (
        "1号车",
        Status.CONFIRMED,
        "城市管理开放日",
    )
    (zs,) = roster.hits("张三", inside, shanghai)
    assert (zs.checked_in_at, zs.bus) == (None, None)
    # Another activity's admission is not this one's 签到 state.
    (green,) = roster.hits("钱绿", {office.people["钱绿"]: NOW}, shanghai)
    assert green.checked_in_at is None
    # A lone match is picked; several are not, unless the steward chose a row.
    assert checkin.pick_from_search([zs], None) == checkin.SearchPick(zs, False, 0)
    assert checkin.pick_from_search([], None) == checkin.SearchPick(None, False, 0)
    assert checkin.pick_from_search([lk, zs], None) == checkin.SearchPick(None, True, 0)
    assert checkin.pick_from_search([lk, zs], 1) == checkin.SearchPick(zs, False, 0)
    twin = checkin.SearchHit(dataclasses.replace(zs.person, id=999), None, None)
    assert checkin.pick_from_search([zs, twin], 0) == checkin.SearchPick(zs, False, 1)
    assert checkin.pick_from_search([zs, twin], None).hit is None


def test_someone_let_in_without_a_seat_is_sent_to_the_bus_with_room(office: Office) -> None:
    with office.db.transaction() as s:
        result = checkin.override(
            s,
            office.desk(),
            office.people["孙昇"],
            reason="批准",
            overridden=Verdict.WAITLISTED,
            supervisor=office.grant,
        )
    assert result.bus == "1号车" and result.seat is None
    assert result.detail == "主管放行：批准；未排座：请上1号车，空座就坐（余38座）"
    # An activity without buses: told to follow the staff; buses all taken: to ask a supervisor.
    with office.db.transaction() as s:
        green = checkin.override(
            s,
            office.desk(activity=office.green),
            office.people["张三"],
            reason="批准",
            overridden=Verdict.WRONG_ACTIVITY,
            supervisor=office.grant,
        )
        bus = s.scalars(select(Vehicle).where(Vehicle.activity_id == office.activity)).one()
        bus.rows, bus.seats_per_row = 1, 2  # two seats, both taken by 李堃 and 王喆
        full = checkin.override(
            s,
            office.desk(),
            office.people["赵犇"],
            reason="批准",
            overridden=Verdict.NOT_CONFIRMED,
            supervisor=office.grant,
        )
    assert green.bus is None and green.detail.endswith("未分车：请听从工作人员安排")
    assert full.bus is None and full.detail.endswith("车辆已满：请联系主管安排车辆")


# --- The log stays append-only --------------------------------------------------------------


def test_the_log_only_grows(office: Office) -> None:
    office.scan(office.code("李堃"))
    before = [(e.id, e.uid, e.kind, e.verdict, e.refers_to, e.at) for e in office.events()]
    with office.db.transaction() as s:
        checkin.undo(
            s, office.desk(), office.people["李堃"], reason="误扫", supervisor=office.grant
        )
    office.scan(office.code("李堃"))
    office.scan("garbage")
    with office.db.transaction() as s:
        checkin.override(
            s,
            office.desk(),
            office.people["孙昇"],
            reason="批准",
            overridden=Verdict.WAITLISTED,
            supervisor=office.grant,
        )
    after = [(e.id, e.uid, e.kind, e.verdict, e.refers_to, e.at) for e in office.events()]
    assert after[: len(before)] == before
    assert len(after) == 5


def test_station_names_are_one_to_sixty_characters(office: Office) -> None:
    long = "东" * 61
    for bad, message in (
        ("", "签到点名称不能为空"),
        ("  ", "签到点名称不能为空"),
        (long, "最多60个字符"),
    ):
        with office.db.transaction() as s, pytest.raises(UserError, match=message):
            checkin.scan(s, office.desk(bad), office.code("李堃"), now=NOW)
    assert office.events() == []
    assert office.scan(office.code("李堃"), station="东" * 60).admitted
    assert [e.station for e in office.events()] == ["东" * 60]


def test_two_stations_with_one_name_number_in_turn(office: Office) -> None:
    with office.db.transaction() as s:
        first = checkin.scan(s, office.desk("东门"), office.code("李堃"), now=NOW)
        second = checkin.scan(s, office.desk("东门"), office.code("王喆"), now=NOW)
    with office.db.reading() as s:
        seqs = list(s.scalars(select(LogEvent.seq).order_by(LogEvent.seq)))
    assert seqs == [1, 2] and first.uid != second.uid


@pytest.mark.postgres
def test_a_clash_of_sequence_numbers_is_retried_in_a_savepoint(pg_url: str) -> None:
    """Two writers with one station name on the office's PostgreSQL: both insert number 1; the
    second waits on the first's row, then clashes, and takes number 2 instead."""
    database = Database(pg_url)
    with database.transaction() as s:
        event_id = events.create_event(s, EVENT).id
    seqs: list[int] = []
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with database.transaction() as s:
                row = checkin.append(
                    s, event_id=event_id, station="东门", kind=LogKind.ATTEMPT, operator="乙"
                )
                seqs.append(row.seq)
        except BaseException as err:
            errors.append(err)

    with database.transaction() as first:
        # The first writer's row is inserted but not committed yet.
        checkin.append(
            first, event_id=event_id, station="东门", kind=LogKind.ATTEMPT, operator="甲"
        )
        writer = threading.Thread(target=second_writer)
        writer.start()
        with database.reading() as watch:
            # Until the second writer is blocked on the first's uncommitted row.
            for _ in range(500):
                waiting = watch.scalar(sql("SELECT count(*) FROM pg_locks WHERE NOT granted"))
                watch.rollback()
                if waiting:
                    break
                time.sleep(0.01)
            assert waiting, "the second writer never waited on the first"
    writer.join(30)
    database_rows = _log_rows(database)
    database.close()
    assert not errors, errors
    assert seqs == [2]
    assert database_rows == [("东门", 1, "甲"), ("东门", 2, "乙")]


def _log_rows(database: Database) -> list[tuple[str, int, str]]:
    with database.reading() as s:
        return [
            (e.station, e.seq, e.operator)
            for e in s.scalars(select(LogEvent).order_by(LogEvent.seq))
        ]


# --- The command line -----------------------------------------------------------------------


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """`checkin scan` reads the clock itself: it is NOW (14:30 in Shanghai on DAY), so a test
    run across Shanghai's midnight still scans on the activity's day."""
    monkeypatch.setattr(checkin, "utcnow", lambda: NOW)
    return NOW


def test_cli_scan_prints_the_verdict_as_json(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str], fixed_clock: dt.datetime
) -> None:
    args = ["--activity", "城市管理开放日", "--station", "东门", "--db", str(db_path), "--json"]
    code, out, _ = _cli(["scan", office.code("李堃"), *args, "--operator", "小李"], capsys)
    assert code == 0
    result = json.loads(out)
    assert set(result) == {
        "verdict",
        "participant",
        "bus",
        "seat",
        "group",
        "headline",
        "detail",
        "checked_in_at",
        "station",
        "uid",
    }
    assert result["verdict"] == "admitted"
    assert result["participant"]["name"] == "李堃"
    assert set(result["participant"]) == {"id", "name", "masked_id", "category"}
    assert (result["bus"], result["seat"], result["group"]) == ("1号车", "3C", "第一组")
    assert office.events()[-1].operator == "小李"

    code, out, _ = _cli(["scan", office.code("李堃"), *args], capsys)
    assert code == 1
    again = json.loads(out)
    assert again["verdict"] == "already_checked_in" and again["station"] == "东门"
    # Aware, on the event's clock: 06:30 UTC is 14:30 in Shanghai.
    assert again["checked_in_at"] == "2025-09-24T14:30:00+08:00"
    assert office.events()[0].at == fixed_clock
    assert (again["bus"], again["seat"], again["group"]) == ("1号车", "3C", "第一组")


@pytest.mark.parametrize(
    ("text", "verdict", "exit_code"),
    [
        ("这不是二维码", "unreadable", 2),
        ("64040219800101123", "unreadable", 2),
    ],
)
def test_cli_scan_bad_input(
    office: Office,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    verdict: str,
    exit_code: int,
) -> None:
    args = ["--activity", "城市管理开放日", "--station", "东门", "--db", str(db_path)]
    code, out, _ = _cli(["scan", text, *args, "--json"], capsys)
    assert code == exit_code
    assert json.loads(out)["verdict"] == verdict
    code, out, _ = _cli(["scan", text, *args], capsys)
    assert "无法识别" in out or "18位" in out


def test_cli_scan_refuses_a_station_name_over_sixty_characters(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--activity", "城市管理开放日", "--station", "东" * 61, "--db", str(db_path)]
    code, _, err = _cli(["scan", office.code("李堃"), *args], capsys)
    assert code == 2
    assert "错误：签到点名称最多60个字符，输入的是61个" in err
    code, out, _ = _cli(["scan", office.code("李堃"), *args, "--json"], capsys)
    assert code == 2 and "最多60个字符" in json.loads(out)["error"]
    assert office.events() == []


def test_cli_scan_another_event_s_pass(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--activity", "城市管理开放日", "--station", "东门", "--db", str(db_path), "--json"]
    code, out, _ = _cli(["scan", office.code("郑外"), *args], capsys)
    assert code == 1
    result = json.loads(out)
    assert result["verdict"] == "wrong_activity"
    assert result["detail"] == "不是本次开放日的通行证"


def test_cli_scan_on_an_empty_database_says_so(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _cli(
        ["scan", "ABC", "--activity", "城市管理开放日", "--station", "东门", "--db", str(db_path)],
        capsys,
    )
    assert code == 2
    assert "错误：数据库中还没有任何活动" in err
    code, out, _ = _cli(
        ["scan", "ABC", "--activity", "x", "--station", "东门", "--db", str(db_path), "--json"],
        capsys,
    )
    assert code == 2 and "还没有任何活动" in json.loads(out)["error"]


def test_cli_scan_names_the_activity_it_cannot_find(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _cli(
        ["scan", "ABC", "--activity", "城市管理", "--station", "东门", "--db", str(db_path)],
        capsys,
    )
    assert code == 2
    assert "找不到名为“城市管理”的活动项目，是否是“城市管理开放日”？" in err
    assert office.events() == []


def test_cli_scan_needs_an_activity(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["scan", "ABC", "--db", str(db_path)])
    assert done.value.code == 2


def test_cli_scan_by_activity_id_and_event(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str], fixed_clock: dt.datetime
) -> None:
    args = ["--station", "东门", "--db", str(db_path), "--json"]
    code, out, _ = _cli(
        ["scan", office.code("郑外"), "--activity", "智慧城管", "--event", OTHER_EVENT, *args],
        capsys,
    )
    assert code == 0
    assert json.loads(out)["verdict"] == "admitted"  # 智慧城管 is on DAY too
    code, out, _ = _cli(["scan", "garbage", "--activity", str(office.green), *args], capsys)
    assert code == 2
    assert json.loads(out)["verdict"] == "unreadable"
    assert office.events()[-1].activity_id == office.green


def test_the_office_desk_has_its_own_name_and_cannot_take_a_stations(db: Database) -> None:
    from checkin_app.models import Event, Station

    with db.transaction() as s:
        assert checkin.desk_station_name(s) == "办公室"
        event = Event(name="开放日")
        s.add(event)
        s.flush()
        s.add(Station(event_id=event.id, name="东门", public_key=b"k" * 32))
    with db.transaction() as s:
        assert checkin.rename_office_desk(s, "  前台  ") == "前台"
    with db.reading() as s:
        assert checkin.desk_station_name(s) == "前台"
    with pytest.raises(UserError, match="已登记的签到站点"), db.transaction() as s:
        checkin.rename_office_desk(s, "东门")
    with pytest.raises(UserError, match="不能为空"), db.transaction() as s:
        checkin.rename_office_desk(s, "  ")
    with db.reading() as s:
        assert checkin.desk_station_name(s) == "前台"


def test_a_station_database_keeps_its_packages_name(db: Database) -> None:
    with db.transaction() as s:
        checkin.set_station_name(s, "东门")
    with pytest.raises(UserError, match="由站点包决定"), db.transaction() as s:
        checkin.rename_office_desk(s, "西门")
    with db.reading() as s:
        assert checkin.desk_station_name(s) == "东门"


def test_cli_scan_on_a_station_database_records_only_under_its_name(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str], fixed_clock: dt.datetime
) -> None:
    with office.db.transaction() as s:
        checkin.set_station_name(s, "西门")
    args = ["--activity", "城市管理开放日", "--db", str(db_path), "--json"]
    code, out, _ = _cli(["scan", office.code("李堃"), *args, "--station", "东门"], capsys)
    assert code == 2
    assert json.loads(out)["error"] == "这是签到点“西门”的数据库，不能以“东门”的名义签到"
    assert office.events() == []
    code, out, _ = _cli(["scan", office.code("李堃"), *args], capsys)
    assert code == 0 and office.events()[-1].station == "西门"


# --- Supervisor actions are authorised in the core ------------------------------------------


def _refused_without_a_grant(office: Office, action: str, grant: object) -> None:
    pid = office.people["李堃"]
    with office.db.transaction() as s:
        if action == "undo":
            checkin.undo(s, office.desk(), pid, reason="误扫", supervisor=grant)  # type: ignore[arg-type]
        elif action == "override":
            checkin.override(
                s, office.desk(), office.people["孙昇"], reason="批准",
                overridden=Verdict.WAITLISTED, supervisor=grant,  # type: ignore[arg-type]
            )  # fmt: skip
        elif action == "walk_in":
            reg = WalkIn("刘现场", id_number("19950505", "552"))
            checkin.walk_in(s, office.desk(), reg, reason="现场", supervisor=grant)  # type: ignore[arg-type]
        else:
            checkin.reveal_phone(s, office.desk(), pid, supervisor=grant)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("undo", "撤销签到"),
        ("override", "主管放行"),
        ("walk_in", "现场登记"),
        ("reveal", "显示完整电话号码"),
    ],
)
def test_supervisor_actions_without_a_grant_are_refused(
    office: Office, action: str, words: str
) -> None:
    office.scan(office.code("李堃"))
    before = office.events()
    forged = roles.SupervisorGrant(office.grant.nonce, "f" * 64)
    for grant, why in ((None, "须由主管输入主管密码"), (forged, "授权无效")):
        with pytest.raises(UserError, match=f"{words}{why}|{words}.*{why}"):
            _refused_without_a_grant(office, action, grant)
    assert [e.uid for e in office.events()] == [e.uid for e in before]
    with office.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == len(PEOPLE)


@pytest.mark.parametrize(
    "verdict",
    [
        Verdict.FORGED,
        Verdict.UNREADABLE,
        Verdict.UNKNOWN,
        Verdict.ADMITTED,
        Verdict.ALREADY_CHECKED_IN,
        Verdict.UNDONE,
    ],
)
def test_override_is_refused_for_a_verdict_that_cannot_be_overridden(
    office: Office, verdict: Verdict
) -> None:
    with office.db.transaction() as s, pytest.raises(UserError, match="的结果不能由主管放行"):
        checkin.override(
            s, office.desk(), office.people["孙昇"], reason="批准", overridden=verdict,
            supervisor=office.grant,
        )  # fmt: skip
    assert office.events() == []
    overridable = {
        Verdict.WRONG_ACTIVITY, Verdict.WRONG_DAY, Verdict.NOT_CONFIRMED, Verdict.WAITLISTED,
        Verdict.CANCELLED, Verdict.OUTDATED, Verdict.REVOKED,
    }  # fmt: skip
    assert overridable == checkin.OVERRIDABLE


# --- The office records nothing under a registered station's name ----------------------------


def _register_station(office: Office, name: str) -> None:
    with office.db.transaction() as s:
        event_id = s.scalar(select(Participant.event_id).limit(1))
        assert event_id is not None
        s.add(Station(event_id=event_id, name=name, public_key=b"k" * 32))


def test_the_office_refuses_to_scan_under_a_registered_station_s_name(office: Office) -> None:
    _register_station(office, "东门")
    with pytest.raises(UserError, match="“东门”是本活动已登记的签到点名称"):
        office.scan(office.code("李堃"), station="东门")
    pid = office.people["李堃"]
    with office.db.transaction() as s, pytest.raises(UserError, match="已登记的签到点"):
        checkin.admit(s, office.desk("东门"), pid, now=NOW)
    with office.db.transaction() as s, pytest.raises(UserError, match="已登记的签到点"):
        checkin.unlock(s, office.desk("东门"), "0000", now=NOW)
    assert office.events() == []
    # The office's own desk name, and the name of a station of another event, are fine.
    assert office.scan(office.code("李堃"), station="办公室").admitted
    with office.db.transaction() as s:
        other = checkin.scan(s, office.desk("东门", office.other_activity), office.code("郑外"))
    assert other.verdict != Verdict.UNREADABLE and other.uid


def test_a_station_records_under_its_own_registered_name(office: Office) -> None:
    _register_station(office, "东门")
    with office.db.transaction() as s:
        checkin.set_station_name(s, "东门")
    assert office.scan(office.code("李堃"), station="东门").admitted


def test_cli_scan_under_a_registered_station_s_name_exits_2(
    office: Office, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register_station(office, "东门")
    args = ["--activity", "城市管理开放日", "--station", "东门", "--db", str(db_path)]
    code, _, err = _cli(["scan", office.code("李堃"), *args], capsys)
    assert code == 2 and "“东门”是本活动已登记的签到点名称" in err
    code, out, _ = _cli(["scan", office.code("李堃"), *args, "--json"], capsys)
    assert code == 2 and "已登记的签到点名称" in json.loads(out)["error"]
    assert office.events() == []
