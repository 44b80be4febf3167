"""Signed passes: payload size, every verdict, reissue, revoke and manual codes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import segno
from sqlalchemy import func, select

from checkin_app import events, passes
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import DocumentType, Participant, Pass, PassAction, Setting, Status
from checkin_app.passes import (
    BadSignature,
    Malformed,
    OtherEvent,
    Outdated,
    Revoked,
    UnknownPass,
    UnknownVersion,
    Valid,
)

TODAY = dt.date(2025, 9, 1)


@pytest.fixture
def office(db: Database) -> Iterator[Database]:
    """Two events; the first has two activities with confirmed, waitlisted and rare names."""
    with db.transaction() as s:
        first = events.create_event(s, "晋城市城市管理局2024年“政府开放周”")
        smart = events.add_activity(s, first, "智慧城管", dt.date(2025, 9, 24), 20)
        green = events.add_activity(s, first, "绿色城管", dt.date(2025, 9, 25), 20)
        other = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        open_day = events.add_activity(s, other, "城市管理开放日", dt.date(2025, 9, 24), 40)
        people = [
            (first.id, smart.id, "李堃", Status.CONFIRMED),
            (first.id, smart.id, "王喆", Status.CONFIRMED),
            (first.id, green.id, "赵犇", Status.CONFIRMED),
            (first.id, green.id, "孙昇", Status.WAITLISTED),
            (other.id, open_day.id, "周頔", Status.CONFIRMED),
        ]
        for n, (event_id, activity_id, name, status) in enumerate(people, start=1):
            s.add(
                Participant(
                    event_id=event_id,
                    activity_id=activity_id,
                    name=name,
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"hash-{n}",
                    doc_last4=f"{n:03d}X",
                    doc_prefix="1405",
                    status=status,
                )
            )
    yield db


def _issue_all(db: Database, event: int = 1) -> list[passes.PassInfo]:
    with db.transaction() as s:
        return passes.issue_missing(s, event, actor="办公室小王", today=TODAY)


def _code(db: Database, participant_id: int) -> str:
    with db.transaction() as s:
        row = s.scalars(
            select(Pass).where(Pass.participant_id == participant_id).order_by(Pass.version.desc())
        ).first()
        assert row is not None
        return passes.qr_text(s, row)


def _verify(db: Database, code: str, event: int = 1) -> passes.Verification:
    with db.reading() as s:
        return passes.verify_code(s, event, code)


def test_payload_is_small_alphanumeric_and_free_of_personal_data(office: Database) -> None:
    issued = _issue_all(office)
    assert [p.name for p in issued] == ["李堃", "王喆", "赵犇"]  # the waitlisted get none
    code = _code(office, 1)
    assert len(code) == passes.CODE_LENGTH == 130
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    qr = segno.make(code, mode="alphanumeric", error="M", boost_error=False)
    assert (qr.version, qr.error, qr.mode) == (6, "M", "alphanumeric")
    raw = passes._b32decode(code)
    assert "李堃".encode() not in raw and b"1405" not in raw and b"001X" not in raw


def test_valid_pass_names_the_participant_and_activity(office: Database) -> None:
    _issue_all(office)
    verdict = _verify(office, _code(office, 1))
    assert isinstance(verdict, Valid)
    assert (verdict.name, verdict.activity_name, verdict.data.version) == ("李堃", "智慧城管", 1)
    assert verdict.data.issued_on == TODAY
    # Scanners with caps lock or stray spaces still read the same pass.
    assert isinstance(_verify(office, " " + _code(office, 1).lower() + "\n"), Valid)


def test_station_verifies_with_the_public_key_alone(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 2)
    with office.reading() as s:
        public = passes.public_key(s, 1)
    assert len(public) == 32
    check = passes.verify_payload(code, public, 1)
    assert isinstance(check, passes.Authentic) and check.data.participant_id == 2


def test_private_key_stays_out_of_the_settings_a_station_might_copy(office: Database) -> None:
    _issue_all(office)
    with office.reading() as s:
        public = passes.public_key(s, 1)
        settings = list(s.scalars(select(Setting)))
    assert all(public not in row.value for row in settings)


def test_forged_signature_is_refused(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 1)
    raw = bytearray(passes._b32decode(code))
    raw[-1] ^= 0x01  # one bit of the signature
    import base64

    forged = base64.b32encode(bytes(raw)).decode().rstrip("=")
    verdict = _verify(office, forged)
    assert isinstance(verdict, BadSignature)
    assert "伪造" in verdict.message


def test_every_single_altered_character_is_refused(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 1)
    for i, ch in enumerate(code):
        altered = code[:i] + ("B" if ch != "B" else "C") + code[i + 1 :]
        verdict = _verify(office, altered)
        assert not isinstance(verdict, Valid), i
        assert isinstance(verdict, BadSignature | OtherEvent | Malformed | UnknownVersion), i


def test_pass_signed_with_another_events_key_is_refused(office: Database) -> None:
    _issue_all(office)
    with office.transaction() as s:
        other_key = passes._event_key(s, 2).private_key
    data = passes.PassData(1, 1, 1, 1, TODAY)  # claims event 1, signed with event 2's key
    assert isinstance(_verify(office, passes.encode_payload(data, other_key)), BadSignature)


def test_pass_of_another_event_says_so(office: Database) -> None:
    _issue_all(office, event=2)
    verdict = _verify(office, _code(office, 5), event=1)
    assert isinstance(verdict, OtherEvent) and verdict.event_id == 2
    assert "其他活动" in verdict.message


def test_truncated_code_is_refused(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 1)
    for cut in (1, 2, 7, 8, 64, 129):
        verdict = _verify(office, code[:cut])
        assert isinstance(verdict, Malformed), cut
    assert "不完整" in _verify(office, code[:100]).message
    assert isinstance(_verify(office, code + "A"), Malformed)


@pytest.mark.parametrize(
    "foreign",
    [
        "https://mp.weixin.qq.com/s/AbCdEf123",
        "wxp://f2f0Hc7nZ3tAUMXyQ0B7GE4sQ",
        "6901234567892",
        "HELLO WORLD",
        "",
    ],
)
def test_codes_from_other_generators_are_not_passes(office: Database, foreign: str) -> None:
    _issue_all(office)
    verdict = _verify(office, foreign)
    assert isinstance(verdict, Malformed)
    assert verdict.message


def test_unknown_format_version_is_reported(office: Database) -> None:
    _issue_all(office)
    import base64

    raw = bytearray(passes._b32decode(_code(office, 1)))
    raw[0] = passes.MAGIC | 2
    verdict = _verify(office, base64.b32encode(bytes(raw)).decode().rstrip("="))
    assert isinstance(verdict, UnknownVersion) and verdict.format_version == 2
    assert "升级" in verdict.message


def test_reissue_makes_the_old_pass_outdated_and_records_why(office: Database) -> None:
    _issue_all(office)
    old = _code(office, 1)
    with office.transaction() as s:
        passes.set_desk_lane(
            s, 1, lane="A", arrival_start=dt.time(14, 20), arrival_end=dt.time(14, 30)
        )
        new_info = passes.reissue_pass(s, 1, actor="办公室小王", reason="手机丢失")
    assert new_info.version == 2
    verdict = _verify(office, old)
    assert isinstance(verdict, Outdated) and verdict.current_version == 2
    assert "已补发" in verdict.message
    assert isinstance(_verify(office, _code(office, 1)), Valid)
    with office.reading() as s:
        history = passes.pass_history(s, 1)
        (card,) = passes.pass_cards(s, 1, participant_ids=[1])
    assert [(h.version, h.action, h.actor, h.reason) for h in history] == [
        (1, PassAction.ISSUED, "办公室小王", ""),
        (2, PassAction.REISSUED, "办公室小王", "手机丢失"),
    ]
    assert (card.version, card.lane, card.arrival_start) == (2, "A", dt.time(14, 20))


def test_revoked_pass_is_refused_with_the_reason(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 2)
    with office.transaction() as s:
        passes.revoke_pass(s, 2, actor="办公室小王", reason="本人取消参加")
    verdict = _verify(office, code)
    assert isinstance(verdict, Revoked) and verdict.reason == "本人取消参加"
    with office.reading() as s:
        assert [c.name for c in passes.pass_cards(s, 1)] == ["李堃", "赵犇"]  # not printed
        (state,) = [p for p in passes.pass_states(s, 1) if p.participant_id == 2]
    assert state.revoked and state.version == 1


def test_changed_activity_needs_a_reissue(office: Database) -> None:
    _issue_all(office)
    code = _code(office, 1)
    with office.transaction() as s:
        person = s.get(Participant, 1)
        assert person is not None
        person.activity_id = 2
    verdict = _verify(office, code)
    assert isinstance(verdict, Outdated) and verdict.activity_changed
    with office.transaction() as s:
        passes.reissue_pass(s, 1, actor="小王", reason="改为绿色城管")
    verdict = _verify(office, _code(office, 1))
    assert isinstance(verdict, Valid) and verdict.activity_name == "绿色城管"


def _stored(db: Database) -> list[tuple[int, int, str, bool]]:
    with db.reading() as s:
        return [
            (p.participant_id, p.version, p.manual_code, p.revoked_at is not None)
            for p in s.scalars(select(Pass).order_by(Pass.id))
        ]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: passes.issue_pass(s, 4, actor="小王"), "孙昇”尚未确认参加"),
        (lambda s: passes.issue_pass(s, 1, actor="小王"), "已有通行证"),
        (lambda s: passes.reissue_pass(s, 1, actor="小王", reason="  "), "须填写原因"),
        (lambda s: passes.revoke_pass(s, 1, actor="小王", reason=""), "须填写原因"),
        (lambda s: passes.reissue_pass(s, 5, actor="小王", reason="丢失"), "还没有通行证"),
        (lambda s: passes.issue_pass(s, 99, actor="小王"), "找不到编号为 99 的报名人"),
        (
            lambda s: passes.set_desk_lane(s, 1, arrival_start=dt.time(15), arrival_end=None),
            "到达时段有误",
        ),
    ],
)
def test_refused_actions_explain_and_change_nothing(
    office: Database, action: object, message: str
) -> None:
    _issue_all(office)
    before = _stored(office)
    with pytest.raises(UserError, match=message), office.transaction() as s:
        action(s)  # type: ignore[operator]
    assert _stored(office) == before


def test_revoking_twice_is_refused(office: Database) -> None:
    _issue_all(office)
    with office.transaction() as s:
        passes.revoke_pass(s, 1, actor="小王", reason="取消")
    before = _stored(office)
    with pytest.raises(UserError, match="已注销"), office.transaction() as s:
        passes.revoke_pass(s, 1, actor="小王", reason="取消")
    assert _stored(office) == before


def test_issuing_again_issues_nothing_new(office: Database) -> None:
    assert len(_issue_all(office)) == 3
    assert _issue_all(office) == []
    with office.reading() as s:
        assert s.scalar(select(func.count()).select_from(Pass)) == 3


def test_manual_code_round_trip(office: Database) -> None:
    issued = _issue_all(office)
    for info in issued:
        code = info.manual_code
        assert len(code) == passes.MANUAL_LENGTH
        assert not set(code) & set("0O1I")
        with office.reading() as s:
            typed = passes.format_manual_code(code).lower()  # as read out: "abcde-fghjk"
            verdict = passes.lookup_manual_code(s, 1, typed)
        assert isinstance(verdict, Valid) and verdict.participant_id == info.participant_id


def test_mistyped_manual_code_is_caught_by_the_check_character(office: Database) -> None:
    (info, *_) = _issue_all(office)
    code = info.manual_code
    with office.reading() as s:
        for i, ch in enumerate(code):
            for other in passes.MANUAL_ALPHABET:
                if other == ch:
                    continue
                typo = code[:i] + other + code[i + 1 :]
                verdict = passes.lookup_manual_code(s, 1, typo)
                assert isinstance(verdict, Malformed), typo
        assert (
            "校验位"
            in passes.lookup_manual_code(
                s, 1, code[:-1] + "Z" if code[-1] != "Z" else code[:-1] + "Y"
            ).message
        )
        assert "0、O、1、I" in passes.lookup_manual_code(s, 1, "O" + code[1:]).message
        assert "10位" in passes.lookup_manual_code(s, 1, code[:8]).message


def test_manual_code_verdicts_match_the_scan(office: Database) -> None:
    (first, second, *_) = _issue_all(office)
    with office.transaction() as s:
        passes.reissue_pass(s, first.participant_id, actor="小王", reason="丢失")
        passes.revoke_pass(s, second.participant_id, actor="小王", reason="取消")
    other = _issue_all(office, event=2)[0]
    with office.reading() as s:
        assert isinstance(passes.lookup_manual_code(s, 1, first.manual_code), Outdated)
        assert isinstance(passes.lookup_manual_code(s, 1, second.manual_code), Revoked)
        assert isinstance(passes.lookup_manual_code(s, 1, other.manual_code), OtherEvent)
        body = "ABCDEFGHJ"
        unknown = body + passes.check_character(body)
        assert isinstance(passes.lookup_manual_code(s, 1, unknown), UnknownPass)


def test_manual_codes_cannot_be_derived_from_ids(office: Database) -> None:
    (info, *_) = _issue_all(office)
    with office.reading() as s:
        key = s.get(Setting, "manual_code_key")
    assert key is not None and len(key.value) == 32  # a keyed hash, not a function of the ids
    assert info.manual_code not in {"", str(info.participant_id)}


def test_pass_states_list_confirmed_people_with_their_pass(office: Database) -> None:
    with office.reading() as s:
        before = passes.pass_states(s, 1)
    assert [(p.name, p.version) for p in before] == [("李堃", None), ("王喆", None), ("赵犇", None)]
    _issue_all(office)
    with office.reading() as s:
        after = passes.pass_states(s, 1, activity_id=1)
    assert [(p.name, p.version, p.doc_masked) for p in after] == [
        ("李堃", 1, "1405**********001X"),
        ("王喆", 1, "1405**********002X"),
    ]


def test_cards_show_bus_seat_and_group_once_planned(office: Database) -> None:
    from checkin_app import logistics

    _issue_all(office)
    with office.transaction() as s:
        (before,) = passes.pass_cards(s, 1, "智慧城管", participant_ids=[1])
        assert (before.bus, before.seat, before.group) == ("", "", "")
        activity = events.find_activity(s, events.find_event(s, 1), "智慧城管")
        logistics.add_vehicle(s, activity, "1号车", rows=5, seats_per_row=4, reserved="1A")
        logistics.assign(s, activity)
        cards = passes.pass_cards(s, 1, "智慧城管")
    assert {c.bus for c in cards} == {"1号车"}
    assert all(c.seat and c.seat != "1A" for c in cards)
    assert all(c.group for c in cards)


def test_cli_lists_each_person_s_pass_and_manual_code(
    office: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from checkin_app import checkin
    from checkin_app.cli import main

    _issue_all(office)
    with office.transaction() as s:
        passes.revoke_pass(s, 2, actor="办公室小王", reason="本人取消参加")
        codes = {p.participant_id: p.manual_code for p in passes.pass_states(s, 1)}
    args = ["passes", "--event", "1", "--list", "--db", str(db_path), "--json"]
    assert main(args) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {
            "participant": pid,
            "name": name,
            "activity": activity,
            "state": state,
            "manual_code": passes.format_manual_code(codes[pid]),
        }
        for pid, name, activity, state in [
            (1, "李堃", "智慧城管", "valid"),
            (2, "王喆", "智慧城管", "revoked"),
            (3, "赵犇", "绿色城管", "valid"),
        ]
    ]
    # Listing changes nothing: 孙昇 (waitlisted) gets no pass, and nothing is issued.
    with office.reading() as s:
        assert s.scalar(select(func.count()).select_from(Pass)) == 3
    assert main([*args[:3], "--activity", "绿色城管", *args[3:]]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["赵犇"]

    assert main([*args, "--pdf", "x.pdf"]) == 2
    assert "不能同时输出" in json.loads(capsys.readouterr().out)["error"]
    with office.transaction() as s:
        checkin.set_station_name(s, "东门")
    assert main(args) == 2
    assert "站点数据库不保存手工码" in json.loads(capsys.readouterr().out)["error"]


def test_a_pass_printed_before_a_seat_move_needs_a_reprint(db: Database) -> None:
    from checkin_app import demo, logistics

    with db.transaction() as s:
        demo.ensure_demo(s)
        event = events.find_event(s, demo.GUYUAN)
        activity = event.activities[0]
        passes.issue_missing(s, event.id, activity.id, actor="办公室")
        logistics.plan_activity(s, activity)
        cards = passes.pass_cards(s, event.id, activity.id)
        # Printed: what each pass shows is remembered, nothing needs printing again.
        assert passes.mark_printed(s, cards) == len(cards)
        assert passes.reprints_needed(s, event.id, activity.id) == 0
        seated = next(c for c in cards if c.seat)
        bus = logistics.vehicle_maps(s, activity)[0]
        free = next(c for c in bus.cells if c.participant_id is None and not c.reserved)
        logistics.move(s, seated.participant_id, bus.vehicle_id, free.label)
        assert passes.needs_reprint(s, seated.participant_id)
        (state,) = [
            p for p in passes.pass_states(s, event.id) if p.participant_id == seated.participant_id
        ]
        assert state.needs_reprint and state.printed_placement != state.placement
        assert f"{free.label}座" in state.placement
        # Printed again with the new seat: up to date.
        again = passes.pass_cards(s, event.id, activity.id, [seated.participant_id])
        passes.mark_printed(s, again)
        assert not passes.needs_reprint(s, seated.participant_id)
        assert passes.reprints_needed(s, event.id, activity.id) == 0
