"""Signed QR passes: each event's Ed25519 key, the compact payload, issue/reissue/revoke,
the manual code typed at the desk, and verification (pure for stations, stateful for the office)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pypinyin import lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from checkin_app import clock, slowhash
from checkin_app.errors import NotFound, UserError
from checkin_app.events import find_activity, find_event
from checkin_app.idcard import mask_stored
from checkin_app.models import (
    Activity,
    Event,
    Group,
    Participant,
    Pass,
    PassAction,
    PassEvent,
    PassKey,
    SeatAssignment,
    Status,
    Vehicle,
)
from checkin_app.selection import status_label
from checkin_app.workspace import secret

# The first byte says "ours" in its high nibble and the format in its low nibble, so a code from
# another generator is told apart from one of ours written by a newer version of the app.
MAGIC = 0xA0
FORMAT_VERSION = 1
EPOCH = dt.date(2020, 1, 1)
# format, event, activity, participant, pass version, issue day: 17 bytes, big-endian.
_BODY = struct.Struct(">BIIIHH")
SIGNATURE_SIZE = 64
PAYLOAD_SIZE = _BODY.size + SIGNATURE_SIZE  # 81 bytes
CODE_LENGTH = (PAYLOAD_SIZE * 8 + 4) // 5  # 130 base32 characters, QR version 6 at level M
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

# The manual code: no 0/O/1/I, which people misread from a screen and mistype.
MANUAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MANUAL_LENGTH = 10
_MANUAL_BODY = MANUAL_LENGTH - 1

# The seeds' reminder, printed on every pass.
REMINDER = "请携带本人身份证"


@dataclass(frozen=True)
class PassData:
    """What a pass's QR code says, once its signature has been checked."""

    event_id: int
    activity_id: int
    participant_id: int
    version: int
    issued_on: dt.date


# --- Verdicts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Authentic:
    """The code was signed by this event's key (what a station can tell without the database)."""

    verdict: ClassVar[str] = "authentic"
    data: PassData

    @property
    def message(self) -> str:
        return "通行证签名有效"


@dataclass(frozen=True)
class Valid:
    """A current, unrevoked pass of a participant of this event."""

    verdict: ClassVar[str] = "valid"
    data: PassData
    participant_id: int
    name: str
    activity_id: int
    activity_name: str
    status: Status

    @property
    def message(self) -> str:
        return f"有效通行证：{self.name}（{self.activity_name}）"


@dataclass(frozen=True)
class Outdated:
    """An older version of a pass that has since been reissued (or whose activity changed)."""

    verdict: ClassVar[str] = "outdated"
    data: PassData
    current_version: int
    name: str
    activity_changed: bool = False

    @property
    def message(self) -> str:
        if self.activity_changed:
            return f"通行证已过期：{self.name}的活动项目已变更，请补发通行证"
        return (
            f"通行证已过期：{self.name}的通行证已补发为第{self.current_version}版，"
            f"此为第{self.data.version}版"
        )


@dataclass(frozen=True)
class Revoked:
    verdict: ClassVar[str] = "revoked"
    data: PassData
    name: str
    reason: str
    at: dt.datetime | None

    @property
    def message(self) -> str:
        return f"通行证已注销：{self.name}（原因：{self.reason or '未注明'}）"


@dataclass(frozen=True)
class OtherEvent:
    verdict: ClassVar[str] = "other_event"
    event_id: int

    @property
    def message(self) -> str:
        return "这是其他活动的通行证，不适用于本次活动"


@dataclass(frozen=True)
class BadSignature:
    verdict: ClassVar[str] = "bad_signature"

    @property
    def message(self) -> str:
        return "通行证签名无效：可能是伪造或被篡改的二维码"


@dataclass(frozen=True)
class Malformed:
    """Not a pass of ours, cut short, or a manual code with a wrong check character."""

    verdict: ClassVar[str] = "malformed"
    detail: str

    @property
    def message(self) -> str:
        return self.detail


@dataclass(frozen=True)
class UnknownVersion:
    verdict: ClassVar[str] = "unknown_version"
    format_version: int

    @property
    def message(self) -> str:
        return f"通行证格式（第{self.format_version}版）无法识别，请升级本软件后再试"


@dataclass(frozen=True)
class UnknownPass:
    """Correctly signed or typed, but this workspace holds no such pass."""

    verdict: ClassVar[str] = "unknown_pass"
    data: PassData | None = None

    @property
    def message(self) -> str:
        return "查无此通行证，请改用身份证号或姓名查找"


PayloadCheck = Authentic | OtherEvent | BadSignature | Malformed | UnknownVersion
Verification = (
    Valid
    | Outdated
    | Revoked
    | OtherEvent
    | BadSignature
    | Malformed
    | UnknownVersion
    | UnknownPass
)


# --- Keys and the payload -------------------------------------------------------------------


def _event_key(session: Session, event_id: int) -> PassKey:
    row = session.get(PassKey, event_id)
    if row is None:
        if session.get(Event, event_id) is None:
            raise NotFound(f"找不到编号为 {event_id} 的活动")
        private = Ed25519PrivateKey.generate()
        row = PassKey(
            event_id=event_id,
            private_key=private.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            ),
            public_key=private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            ),
        )
        session.add(row)
        session.flush()
    return row


def public_key(session: Session, event_id: int) -> bytes:
    """The 32 raw bytes a station verifies this event's passes with (created on first use)."""
    return _event_key(session, event_id).public_key


def encode_payload(data: PassData, private_key: bytes) -> str:
    """The signed QR text: base32, upper case, unpadded, for the QR alphanumeric mode."""
    day = (data.issued_on - EPOCH).days
    body = _BODY.pack(
        MAGIC | FORMAT_VERSION,
        data.event_id,
        data.activity_id,
        data.participant_id,
        data.version,
        day,
    )
    signature = Ed25519PrivateKey.from_private_bytes(private_key).sign(body)
    return base64.b32encode(body + signature).decode("ascii").rstrip("=")


def _b32decode(text: str) -> bytes:
    return base64.b32decode(text + "=" * (-len(text) % 8))


def verify_payload(code: str, public_key: bytes, event_id: int) -> PayloadCheck:
    """What a station does: check a scanned code against the event's public key alone."""
    text = "".join(code.split()).upper()
    if not text:
        return Malformed("二维码内容为空")
    if not set(text) <= _BASE32:
        return Malformed("这不是本系统的通行证二维码")
    if len(text) < 8:
        return Malformed("二维码内容不完整（可能被截断）")
    first = _b32decode(text[:8])[0]
    if first & 0xF0 != MAGIC:
        return Malformed("这不是本系统的通行证二维码")
    if first & 0x0F != FORMAT_VERSION:
        return UnknownVersion(first & 0x0F)
    if len(text) < CODE_LENGTH:
        return Malformed("二维码内容不完整（可能被截断）")
    if len(text) > CODE_LENGTH:
        return Malformed("二维码内容过长，这不是本系统的通行证")
    try:
        raw = _b32decode(text)
    except binascii.Error:
        return Malformed("二维码内容无法解读")
    # The last character carries two spare bits: a code that does not re-encode to itself was
    # altered there, even though its bytes (and so its signature) are unchanged.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != text:
        return BadSignature()
    body, signature = raw[: _BODY.size], raw[_BODY.size :]
    _, ev, activity, participant, version, day = _BODY.unpack(body)
    if ev != event_id:
        return OtherEvent(ev)
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, body)
    except InvalidSignature:
        return BadSignature()
    return Authentic(PassData(ev, activity, participant, version, EPOCH + dt.timedelta(days=day)))


def pass_data(row: Pass) -> PassData:
    return PassData(row.event_id, row.activity_id, row.participant_id, row.version, row.issued_on)


def qr_text(session: Session, row: Pass) -> str:
    """The QR text of a stored pass (Ed25519 is deterministic: the same pass, the same code)."""
    return encode_payload(pass_data(row), _event_key(session, row.event_id).private_key)


# --- Manual codes ---------------------------------------------------------------------------


def _luhn_sum(code: str, double_first: bool) -> int:
    # Luhn mod N over the 32-letter alphabet: catches every single mistyped character and most
    # swaps of two neighbours.
    n = len(MANUAL_ALPHABET)
    total, double = 0, double_first
    for ch in reversed(code):
        addend = MANUAL_ALPHABET.index(ch) * (2 if double else 1)
        total += addend // n + addend % n
        double = not double
    return total


def check_character(body: str) -> str:
    n = len(MANUAL_ALPHABET)
    return MANUAL_ALPHABET[(n - _luhn_sum(body, True) % n) % n]


def manual_code_is_well_formed(code: str) -> bool:
    return (
        len(code) == MANUAL_LENGTH
        and set(code) <= set(MANUAL_ALPHABET)
        and _luhn_sum(code, False) % len(MANUAL_ALPHABET) == 0
    )


def normalise_manual_code(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch not in " -_\t\u3000")


def format_manual_code(code: str) -> str:
    """`ABCDE-FGHJK`: two groups of five are easier to read out and type."""
    return f"{code[:5]}-{code[5:]}"


def _manual_code(session: Session, event_id: int, participant_id: int, version: int) -> str:
    # A keyed hash: codes cannot be guessed from ids, and the key never leaves the office.
    key = secret(session, "manual_code_key")
    for attempt in range(100):
        digest = hmac.new(
            key, f"{event_id}:{participant_id}:{version}:{attempt}".encode(), hashlib.sha256
        ).digest()
        number = int.from_bytes(digest[:8], "big")
        body = ""
        for _ in range(_MANUAL_BODY):
            number, index = divmod(number, len(MANUAL_ALPHABET))
            body += MANUAL_ALPHABET[index]
        code = body + check_character(body)
        taken = session.scalar(select(Pass.id).where(Pass.manual_code == code))
        if taken is None:
            return code
    raise RuntimeError("no free manual code")  # 2**45 codes: never happens in practice


# --- Issuing, reissuing, revoking -----------------------------------------------------------


@dataclass(frozen=True)
class PassInfo:
    pass_id: int
    participant_id: int
    name: str
    event_id: int
    activity_id: int
    version: int
    issued_on: dt.date
    manual_code: str
    revoked: bool


@dataclass(frozen=True)
class PassState:
    """A confirmed participant and their current pass, as the passes view lists them."""

    participant_id: int
    name: str
    doc_masked: str
    activity_id: int
    activity_name: str
    version: int | None
    issued_at: dt.datetime | None
    manual_code: str
    revoked: bool
    lane: str
    placement: str = ""  # bus, seat and group now ("" before logistics)
    printed_at: dt.datetime | None = None  # UTC: when the current version was last printed
    printed_placement: str = ""  # what that print showed

    @property
    def needs_reprint(self) -> bool:
        """Printed with another bus, seat or group than the person has now."""
        return (
            self.printed_at is not None
            and not self.revoked
            and self.printed_placement != self.placement
        )


def placement_text(bus: str | None, seat: str | None, group: str | None) -> str:
    """Bus, seat and group as a pass prints them ("1号车 3C座 第一组"), for comparing a print with
    where the person sits now."""
    parts = [bus or "", f"{seat}座" if seat else "", group or ""]
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class PassHistoryEntry:
    version: int
    action: PassAction
    actor: str
    reason: str
    at: dt.datetime


def _participant(session: Session, participant_id: int) -> Participant:
    person = session.get(Participant, participant_id)
    if person is None:
        raise NotFound(f"找不到编号为 {participant_id} 的报名人")
    return person


def _current(session: Session, participant_id: int) -> Pass | None:
    return session.scalars(
        select(Pass).where(Pass.participant_id == participant_id).order_by(Pass.version.desc())
    ).first()


def _info(row: Pass, name: str) -> PassInfo:
    return PassInfo(
        pass_id=row.id,
        participant_id=row.participant_id,
        name=name,
        event_id=row.event_id,
        activity_id=row.activity_id,
        version=row.version,
        issued_on=row.issued_on,
        manual_code=row.manual_code or "",
        revoked=row.revoked_at is not None,
    )


def _require_confirmed(person: Participant) -> None:
    if person.status != Status.CONFIRMED:
        raise UserError(
            f"“{person.name}”尚未确认参加（当前状态：{status_label(person.status)}），不能发放通行证"
        )


def _new_version(
    session: Session,
    person: Participant,
    version: int,
    action: PassAction,
    actor: str,
    reason: str,
    today: dt.date | None,
    previous: Pass | None = None,
) -> Pass:
    row = Pass(
        event_id=person.event_id,
        activity_id=person.activity_id,
        participant_id=person.id,
        version=version,
        issued_on=today or _event_today(session, person.event_id),
        manual_code=_manual_code(session, person.event_id, person.id, version),
        # A reissued pass keeps the desk lane and arrival window the office set.
        lane=previous.lane if previous else "",
        arrival_start=previous.arrival_start if previous else None,
        arrival_end=previous.arrival_end if previous else None,
    )
    session.add(row)
    session.flush()
    session.add(PassEvent(pass_id=row.id, action=action, actor=actor, reason=reason))
    _event_key(session, person.event_id)  # the key exists before anything is printed
    session.flush()
    return row


def _event_today(session: Session, event_id: int) -> dt.date:
    """Today on the event's clock: the machine's may be UTC, still yesterday in China."""
    event = session.get(Event, event_id)
    return clock.today(event.timezone if event else None)


def issue_pass(
    session: Session, participant_id: int, *, actor: str, today: dt.date | None = None
) -> PassInfo:
    """The first pass of a confirmed participant."""
    person = _participant(session, participant_id)
    _require_confirmed(person)
    current = _current(session, participant_id)
    if current is not None:
        raise UserError(
            f"“{person.name}”已有通行证（第{current.version}版），如需重新发放请使用“补发”"
        )
    row = _new_version(session, person, 1, PassAction.ISSUED, actor, "", today)
    return _info(row, person.name)


def issue_missing(
    session: Session,
    event_ref: str | int,
    activity_ref: str | int | None = None,
    *,
    actor: str,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[PassInfo]:
    """Passes for every confirmed participant (of one activity, if named) that has none yet."""
    event = find_event(session, event_ref)
    query = (
        select(Participant)
        .where(Participant.event_id == event.id, Participant.status == Status.CONFIRMED)
        .where(~select(Pass.id).where(Pass.participant_id == Participant.id).exists())
        .order_by(Participant.id)
    )
    if activity_ref is not None:
        query = query.where(
            Participant.activity_id == find_activity(session, event, activity_ref).id
        )
    people = list(session.scalars(query))
    issued = []
    for done, person in enumerate(people, start=1):
        row = _new_version(session, person, 1, PassAction.ISSUED, actor, "", today)
        issued.append(_info(row, person.name))
        if progress:
            progress(done, len(people))
    return issued


def reissue_pass(
    session: Session,
    participant_id: int,
    *,
    actor: str,
    reason: str,
    today: dt.date | None = None,
) -> PassInfo:
    """A new version: every earlier version of this pass verifies as outdated from now on."""
    person = _participant(session, participant_id)
    if not reason.strip():
        raise UserError(f"补发“{person.name}”的通行证须填写原因")
    _require_confirmed(person)
    current = _current(session, participant_id)
    if current is None:
        raise UserError(f"“{person.name}”还没有通行证，请先发放")
    row = _new_version(
        session,
        person,
        current.version + 1,
        PassAction.REISSUED,
        actor,
        reason.strip(),
        today,
        previous=current,
    )
    return _info(row, person.name)


def revoke_pass(session: Session, participant_id: int, *, actor: str, reason: str) -> PassInfo:
    """The current pass stops admitting anyone; a later reissue gives a new, valid one."""
    person = _participant(session, participant_id)
    if not reason.strip():
        raise UserError(f"注销“{person.name}”的通行证须填写原因")
    current = _current(session, participant_id)
    if current is None:
        raise UserError(f"“{person.name}”还没有通行证，无需注销")
    if current.revoked_at is not None:
        raise UserError(f"“{person.name}”的通行证（第{current.version}版）已注销")
    current.revoked_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    session.add(
        PassEvent(pass_id=current.id, action=PassAction.REVOKED, actor=actor, reason=reason.strip())
    )
    session.flush()
    return _info(current, person.name)


def set_desk_lane(
    session: Session,
    participant_id: int,
    *,
    lane: str = "",
    arrival_start: dt.time | None = None,
    arrival_end: dt.time | None = None,
) -> None:
    """Print a desk lane and a staggered arrival window on the current pass."""
    person = _participant(session, participant_id)
    current = _current(session, participant_id)
    if current is None:
        raise UserError(f"“{person.name}”还没有通行证")
    if (arrival_start is None) != (arrival_end is None) or (
        arrival_start and arrival_end and arrival_end <= arrival_start
    ):
        raise UserError(f"“{person.name}”的到达时段有误：须同时填写开始和结束时间，且结束晚于开始")
    current.lane = lane.strip()
    current.arrival_start = arrival_start
    current.arrival_end = arrival_end
    session.flush()


def pass_states(session: Session, event_id: int, activity_id: int | None = None) -> list[PassState]:
    """Confirmed participants (and anyone else holding a pass) with their current pass."""
    latest = (
        select(Pass.participant_id, func.max(Pass.version).label("version"))
        .group_by(Pass.participant_id)
        .subquery()
    )
    query = (
        select(Participant, Activity.name, Pass, Vehicle.label, SeatAssignment.seat, Group.name)
        .join(Activity, Activity.id == Participant.activity_id)
        .outerjoin(latest, latest.c.participant_id == Participant.id)
        .outerjoin(
            Pass,
            (Pass.participant_id == Participant.id) & (Pass.version == latest.c.version),
        )
        .outerjoin(SeatAssignment, SeatAssignment.participant_id == Participant.id)
        .outerjoin(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(Participant.event_id == event_id)
        .where((Participant.status == Status.CONFIRMED) | (Pass.id.is_not(None)))
        .order_by(Activity.date, Activity.id, Participant.name, Participant.id)
    )
    if activity_id is not None:
        query = query.where(Participant.activity_id == activity_id)
    return [
        PassState(
            participant_id=person.id,
            name=person.name,
            doc_masked=mask_stored(person.doc_type, person.doc_prefix, person.doc_last4),
            activity_id=person.activity_id,
            activity_name=activity_name,
            version=row.version if row else None,
            issued_at=row.issued_at if row else None,
            manual_code=(row.manual_code or "") if row else "",
            revoked=row is not None and row.revoked_at is not None,
            lane=row.lane if row else "",
            placement=placement_text(bus, seat, group),
            printed_at=row.printed_at if row else None,
            printed_placement=row.printed_placement if row else "",
        )
        for person, activity_name, row, bus, seat, group in session.execute(query)
    ]


def mark_printed(
    session: Session, cards: Iterable[PassCard], *, at: dt.datetime | None = None
) -> int:
    """Remember that these cards were printed (PDF or PNG) and what bus, seat and group they
    showed. Called after the file is written, in its own short transaction: writing a PDF of
    300 passes inside a write transaction would hold every desk's scans on the lock."""
    when = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    marked = 0
    for card in cards:
        row = session.scalars(
            select(Pass).where(
                Pass.participant_id == card.participant_id, Pass.version == card.version
            )
        ).first()
        if row is not None:
            row.printed_at = when
            row.printed_placement = placement_text(card.bus, card.seat, card.group)
            marked += 1
    session.flush()
    return marked


def reprints_needed(session: Session, event_id: int, activity_id: int | None = None) -> int:
    """How many printed passes show another bus, seat or group than their holder has now."""
    return sum(1 for p in pass_states(session, event_id, activity_id) if p.needs_reprint)


def needs_reprint(session: Session, participant_id: int) -> bool:
    """Whether the person's printed pass shows another bus, seat or group than they have now."""
    current = _current(session, participant_id)
    if current is None or current.printed_at is None or current.revoked_at is not None:
        return False
    seated = session.execute(
        select(Vehicle.label, SeatAssignment.seat, Group.name)
        .select_from(SeatAssignment)
        .join(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(SeatAssignment.participant_id == participant_id)
    ).first()
    now = placement_text(*seated) if seated else ""
    return now != current.printed_placement


def pass_history(session: Session, participant_id: int) -> list[PassHistoryEntry]:
    rows = session.execute(
        select(Pass.version, PassEvent)
        .join(PassEvent, PassEvent.pass_id == Pass.id)
        .where(Pass.participant_id == participant_id)
        .order_by(PassEvent.at, PassEvent.id)
    )
    return [PassHistoryEntry(v, e.action, e.actor, e.reason, e.at) for v, e in rows]


# --- Verification with the office's database ------------------------------------------------


def _state_verdict(session: Session, row: Pass, data: PassData) -> Verification:
    person = _participant(session, row.participant_id)
    current = _current(session, row.participant_id)
    assert current is not None  # `row` itself is one of the versions
    if current.version > row.version:
        return Outdated(data, current.version, person.name)
    if row.revoked_at is not None:
        reason = session.scalar(
            select(PassEvent.reason)
            .where(PassEvent.pass_id == row.id, PassEvent.action == PassAction.REVOKED)
            .order_by(PassEvent.id.desc())
        )
        return Revoked(data, person.name, reason or "", row.revoked_at)
    if person.activity_id != row.activity_id:
        return Outdated(data, current.version, person.name, activity_changed=True)
    activity = session.get(Activity, row.activity_id)
    assert activity is not None
    return Valid(data, person.id, person.name, activity.id, activity.name, person.status)


def verify_code(session: Session, event_id: int, code: str) -> Verification:
    """A scanned code checked against the signature and then the pass's current state."""
    key = session.get(PassKey, event_id)
    # No key yet means no pass was ever issued: nothing can verify.
    public = key.public_key if key else secrets.token_bytes(32)
    check = verify_payload(code, public, event_id)
    if not isinstance(check, Authentic):
        return check
    data = check.data
    row = session.scalars(
        select(Pass).where(
            Pass.event_id == data.event_id,
            Pass.participant_id == data.participant_id,
            Pass.version == data.version,
        )
    ).first()
    if row is None or row.activity_id != data.activity_id:
        return UnknownPass(data)
    return _state_verdict(session, row, data)


def lookup_manual_code(session: Session, event_id: int, typed: str) -> Verification:
    """The pass whose manual code the desk typed in, with the same verdicts as a scan."""
    code = normalise_manual_code(typed)
    if len(code) != MANUAL_LENGTH:
        return Malformed(f"手工码应为{MANUAL_LENGTH}位字母或数字，输入的是{len(code)}位")
    wrong = sorted(set(code) - set(MANUAL_ALPHABET))
    if wrong:
        return Malformed(
            f"手工码中不会出现“{'、'.join(wrong)}”（不使用 0、O、1、I），请核对后重新输入"
        )
    if not manual_code_is_well_formed(code):
        return Malformed("手工码有误（校验位不符），请核对后重新输入")
    params = slowhash.station_params(session)
    if params is None:
        row = session.scalars(select(Pass).where(Pass.manual_code == code)).first()
    else:
        # A station keeps no code, only its slow hash: a stolen laptop yields no usable code.
        digest = slowhash.slow_hash(params, code)
        row = session.scalars(select(Pass).where(Pass.code_slow == digest)).first()
    if row is None:
        return UnknownPass()
    if row.event_id != event_id:
        return OtherEvent(row.event_id)
    return _state_verdict(session, row, pass_data(row))


# --- What a printed pass shows --------------------------------------------------------------


@dataclass(frozen=True)
class PassCard:
    """Everything printed on one pass; logistics fields stay empty until they are assigned."""

    participant_id: int
    name: str
    masked_id: str
    event_name: str
    activity_name: str
    activity_number: int  # 1-based order of the activity in its event, for file names
    activity_date: dt.date
    assembly_point: str
    signin_start: dt.time | None
    signin_end: dt.time | None
    qr_text: str
    manual_code: str
    version: int
    bus: str = ""
    seat: str = ""
    group: str = ""
    lane: str = ""
    arrival_start: dt.time | None = None
    arrival_end: dt.time | None = None
    reminder: str = REMINDER


def _name_key(name: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(name))


def pass_cards(
    session: Session,
    event_ref: str | int,
    activity_ref: str | int | None = None,
    participant_ids: list[int] | None = None,
) -> list[PassCard]:
    """The current, unrevoked passes to print, sorted by activity then name (pinyin)."""
    event = find_event(session, event_ref)
    numbers = {a.id: n for n, a in enumerate(event.activities, start=1)}
    activities = {a.id: a for a in event.activities}
    key = _event_key(session, event.id).private_key
    latest = (
        select(Pass.participant_id, func.max(Pass.version).label("version"))
        .group_by(Pass.participant_id)
        .subquery()
    )
    query = (
        select(Pass, Participant, Vehicle.label, SeatAssignment.seat, Group.name)
        .join(
            latest,
            (latest.c.participant_id == Pass.participant_id) & (latest.c.version == Pass.version),
        )
        .join(Participant, Participant.id == Pass.participant_id)
        # Bus, seat and group print once logistics has assigned them.
        .outerjoin(SeatAssignment, SeatAssignment.participant_id == Participant.id)
        .outerjoin(Vehicle, Vehicle.id == SeatAssignment.vehicle_id)
        .outerjoin(Group, Group.id == SeatAssignment.group_id)
        .where(Pass.event_id == event.id, Pass.revoked_at.is_(None))
        .where(Participant.status == Status.CONFIRMED)
    )
    if activity_ref is not None:
        query = query.where(Pass.activity_id == find_activity(session, event, activity_ref).id)
    if participant_ids is not None:
        query = query.where(Pass.participant_id.in_(participant_ids))
    cards = []
    for row, person, bus, seat, group in session.execute(query):
        activity = activities[row.activity_id]
        cards.append(
            PassCard(
                participant_id=person.id,
                name=person.name,
                masked_id=mask_stored(person.doc_type, person.doc_prefix, person.doc_last4),
                event_name=event.name,
                activity_name=activity.name,
                activity_number=numbers[activity.id],
                activity_date=activity.date,
                assembly_point=activity.assembly_point,
                signin_start=activity.signin_start,
                signin_end=activity.signin_end,
                qr_text=encode_payload(pass_data(row), key),
                manual_code=row.manual_code or "",
                version=row.version,
                bus=bus or "",
                seat=seat or "",
                group=group or "",
                lane=row.lane,
                arrival_start=row.arrival_start,
                arrival_end=row.arrival_end,
            )
        )
    cards.sort(key=lambda c: (c.activity_number, _name_key(c.name), c.participant_id))
    return cards
