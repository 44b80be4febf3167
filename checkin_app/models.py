"""The typed ORM models: events, activities, sites, itineraries, participants and their history."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as plain strings: portable between SQLite and PostgreSQL, and readable in a dump.
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Status(enum.StrEnum):
    APPLIED = "applied"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class Source(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ONSITE = "onsite"
    ONLINE = "online"


class DocumentType(enum.StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证 (GB 11643)
    HMT_PERMIT = "hmt_permit"  # 港澳台居民居住证 (81/82/83)
    FOREIGN_PR = "foreign_pr"  # 外国人永久居留身份证 (2023, prefix 9)
    PASSPORT = "passport"  # 护照


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class Setting(Base):
    """Workspace-wide values such as the key of the document hash."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class Event(Base):
    """An open day or open week (政府开放日 / 开放周) of one organiser."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    organiser: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    min_age: Mapped[int] = mapped_column(Integer, default=18)
    # The office marks whether invited deputies and experts are confirmed before the open call.
    invited_first: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    activities: Mapped[list[Activity]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Activity.date, Activity.id"
    )
    sites: Mapped[list[Site]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Site.id"
    )


class Activity(Base):
    """One activity of an event: a date, an assembly point, a sign-in window and a capacity."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("event_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    assembly_point: Mapped[str] = mapped_column(String(300), default="")
    signin_start: Mapped[dt.time | None] = mapped_column(Time)
    signin_end: Mapped[dt.time | None] = mapped_column(Time)
    discussion_start: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(Integer)
    host_unit: Mapped[str] = mapped_column(String(200), default="")
    responsible_person: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="activities")
    stops: Mapped[list[ItineraryStop]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ItineraryStop.position"
    )


class Site(Base):
    """An observation site (观摩点) that activities of the event visit."""

    __tablename__ = "sites"
    __table_args__ = (UniqueConstraint("event_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    planned_minutes: Mapped[int] = mapped_column(Integer, default=30)
    responsible_unit: Mapped[str] = mapped_column(String(200), default="")
    # How many people the site takes at once (a plant's safety limit); None means no limit.
    capacity_at_once: Mapped[int | None] = mapped_column(Integer)
    safety_notes: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="sites")


class ItineraryStop(Base):
    """A site in an activity's itinerary, in order, with the travel time from the previous stop."""

    __tablename__ = "itinerary_stops"
    __table_args__ = (UniqueConstraint("activity_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    # Minutes from the assembly point (first stop) or the previous stop; None: not yet known.
    travel_minutes: Mapped[int | None] = mapped_column(Integer)

    activity: Mapped[Activity] = relationship(back_populates="stops")
    site: Mapped[Site] = relationship()


class Participant(Base):
    """A person who registered for one activity, with the fields of the registration form.

    The identity document is kept as a keyed hash (for matching), its first and last four
    characters (for display) and, at the office only, sealed with the office's key (`doc_sealed`,
    so station packages can carry slow hashes); a station keeps the last four and `doc_slow`.
    """

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("event_id", "doc_hash"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender))
    work_unit: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    doc_type: Mapped[DocumentType] = mapped_column(_enum(DocumentType))
    doc_hash: Mapped[str] = mapped_column(String(64), index=True)
    doc_last4: Mapped[str] = mapped_column(String(4))
    doc_prefix: Mapped[str] = mapped_column(String(4), default="")
    # Office: the number sealed with its key (sealing.py); None for people imported before it.
    doc_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Station: the event-salted scrypt of the number (slowhash.py); "" at the office.
    doc_slow: Mapped[str] = mapped_column(String(64), default="", index=True)
    category: Mapped[str] = mapped_column(String(40), default="市民代表", index=True)
    invited: Mapped[bool] = mapped_column(Boolean, default=False)
    companion_key: Mapped[str] = mapped_column(String(60), default="", index=True)
    needs: Mapped[str] = mapped_column(String(200), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[Source] = mapped_column(_enum(Source), default=Source.PHONE)
    status: Mapped[Status] = mapped_column(_enum(Status), default=Status.APPLIED, index=True)
    # Why the selection (or an office worker) put the person in their current status.
    decision: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    import_row: Mapped[int | None] = mapped_column(Integer)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("imports.id"))

    activity: Mapped[Activity] = relationship()
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="StatusChange.id"
    )


class StatusChange(Base):
    """Who moved a participant from one status to another, when and why."""

    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    old: Mapped[Status | None] = mapped_column(_enum(Status))
    new: Mapped[Status] = mapped_column(_enum(Status))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())

    participant: Mapped[Participant] = relationship(back_populates="history")


class NoticeCall(Base):
    """A call of the office's call list (电话通知): its outcome, who called and when."""

    __tablename__ = "notice_calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))  # 确认参加 / 无法参加 / 未接通
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ImportBatch(Base):
    """One accepted import of a registration sheet, so a file imported twice is recognised."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    accepted: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PassAction(enum.StrEnum):
    ISSUED = "issued"
    REISSUED = "reissued"
    REVOKED = "revoked"


class PassKey(Base):
    """An event's Ed25519 signing key. Office only: a station package carries the public half."""

    __tablename__ = "pass_keys"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Pass(Base):
    """One version of a participant's pass; the highest version is the current one."""

    __tablename__ = "passes"
    __table_args__ = (UniqueConstraint("participant_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Typed at the desk when a screen is cracked: a keyed hash of the pass identity.
    # None on a station, which keeps only `code_slow`, the event-salted scrypt of the code.
    manual_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    code_slow: Mapped[str] = mapped_column(String(64), default="", index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Desk lane (by bus or group) and staggered arrival window, when the office sets them.
    lane: Mapped[str] = mapped_column(String(40), default="")
    arrival_start: Mapped[dt.time | None] = mapped_column(Time)
    arrival_end: Mapped[dt.time | None] = mapped_column(Time)
    # When this version was last printed (PDF or PNG) and the bus, seat and group it showed:
    # a pass printed before a seat moved shows the old seat and needs printing again.
    printed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    printed_placement: Mapped[str] = mapped_column(String(200), default="", server_default="")


class PassEvent(Base):
    """Who issued, reissued or revoked a pass, when and why."""

    __tablename__ = "pass_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    pass_id: Mapped[int] = mapped_column(ForeignKey("passes.id", ondelete="CASCADE"), index=True)
    action: Mapped[PassAction] = mapped_column(_enum(PassAction))
    actor: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Vehicle(Base):
    """A hired bus of an activity: its seat layout, the seats kept for staff, driver and leader."""

    __tablename__ = "vehicles"
    __table_args__ = (UniqueConstraint("activity_id", "label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(60))
    plate: Mapped[str] = mapped_column(String(20), default="")
    rows: Mapped[int] = mapped_column(Integer)
    seats_per_row: Mapped[int] = mapped_column(Integer)
    # The aisle follows this many seats from the left: 2 gives A B | C D.
    aisle_after: Mapped[int] = mapped_column(Integer, default=2)
    # A full-width back row behind the last regular row (often 5 seats); 0 when there is none.
    back_row_seats: Mapped[int] = mapped_column(Integer, default=0)
    # Seats kept for staff and guides, e.g. "1A,1B".
    reserved: Mapped[str] = mapped_column(String(200), default="")
    driver: Mapped[str] = mapped_column(String(100), default="")
    driver_phone: Mapped[str] = mapped_column(String(20), default="")
    leader: Mapped[str] = mapped_column(String(100), default="")
    leader_phone: Mapped[str] = mapped_column(String(20), default="")


class Group(Base):
    """A group with a leader (带队): by default one per vehicle; several may share one vehicle."""

    __tablename__ = "tour_groups"
    __table_args__ = (UniqueConstraint("activity_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    leader: Mapped[str] = mapped_column(String(100), default="")
    leader_phone: Mapped[str] = mapped_column(String(20), default="")
    size_limit: Mapped[int | None] = mapped_column(Integer)
    vehicle_id: Mapped[int | None] = mapped_column(
        ForeignKey("vehicles.id", ondelete="SET NULL"), index=True
    )


class SeatAssignment(Base):
    """Where a confirmed participant sits and in which group; `locked` after a manual move."""

    __tablename__ = "seat_assignments"
    __table_args__ = (UniqueConstraint("vehicle_id", "seat"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), unique=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id", ondelete="CASCADE"))
    seat: Mapped[str] = mapped_column(String(8))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("tour_groups.id", ondelete="SET NULL"), index=True
    )
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


# --- The attendance log ----------------------------------------------------------------------


class LogKind(enum.StrEnum):
    ATTEMPT = "attempt"  # a scan or entry that admitted nobody; `verdict` says why
    CHECKIN = "checkin"
    UNDO = "undo"  # `refers_to` is the uid of the check-in it takes back
    WALKIN = "walkin"  # on-site registration and check-in; `detail` holds the registration
    OVERRIDE = "override"  # admitted by a supervisor despite the verdict in `verdict`
    BOARD = "board"  # ticked at boarding by the group leader
    ROLL_CALL = "roll_call"  # ticked present or missing before leaving `site_id`
    DEPART = "depart"  # a group leaves `site_id` (count matched, or an override with a reason)
    REVEAL = "reveal"  # a supervisor looked at a phone number (PIPL: who saw what, when)
    PIN_FAILED = "pin_failed"  # a wrong supervisor PIN, or any PIN while locked (never the PIN)


class LogEvent(Base):
    """One append-only attendance event. Current state is derived from these; none is ever
    updated or deleted. `uid` is unique across every station; `(station, seq)` orders one
    station's events. `person` is the participant's document hash, identical in every database of
    a workspace, so a merge matches people even where local `participant_id`s differ (walk-ins;
    a station names its own by a tag, "w:…", that the office replaces when it merges).
    The one exception to "never updated": the PIPL purge (`purge.py`) rewrites `person` and a
    walk-in's `detail` once the retention period is over."""

    __tablename__ = "log_events"
    # Few indexes on purpose: each one costs every merged event (migration 0005 says why).
    __table_args__ = (
        UniqueConstraint("station", "seq"),
        Index("ix_log_events_activity_id_kind", "activity_id", "kind"),
        Index(
            "ix_log_events_participant_id_activity_id_kind", "participant_id", "activity_id", "kind"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    activity_id: Mapped[int | None] = mapped_column(Integer)
    station: Mapped[str] = mapped_column(String(60))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[LogKind] = mapped_column(_enum(LogKind))
    participant_id: Mapped[int | None] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(64), default="")
    # The verdict the desk showed (attempts, overrides) or "present"/"missing" (roll calls).
    verdict: Mapped[str] = mapped_column(String(30), default="")
    operator: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)  # UTC, the station's clock
    site_id: Mapped[int | None] = mapped_column(Integer)
    group_id: Mapped[int | None] = mapped_column(Integer)
    refers_to: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # JSON with what the kind needs (a walk-in's registration, the code's kind); never an ID number.
    detail: Mapped[str] = mapped_column(Text, default="")


class Station(Base):
    """A check-in station of an event: its name and the public half of its bundle-signing key.
    The private half lives only in the station's own database (its `Setting`)."""

    __tablename__ = "stations"
    __table_args__ = (UniqueConstraint("event_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The highest sequence merged from this station, and when (the dashboard's "last sync").
    merged_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ConflictDecision(Base):
    """How the office settled a conflict found when merging stations' logs."""

    __tablename__ = "conflict_decisions"
    __table_args__ = (UniqueConstraint("event_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(
        String(200)
    )  # kind and the uids involved, stable across merges
    kind: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Purge(Base):
    """A purge of an event's personal data after its retention period (PIPL), for the record."""

    __tablename__ = "purges"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(40))  # "event" at the office, "station" on a laptop
    people: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HubStationRole(Base):
    """The PostgreSQL login role of one station of the live hub (`hub.create_station_role`).
    Row-level security lets a station role see only its own row: what its inbox writes and the
    log it reads are checked against it (migration 0007)."""

    __tablename__ = "hub_station_roles"
    __table_args__ = (UniqueConstraint("event_id", "station"),)
    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    station: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HubInbox(Base):
    """A batch a station pushed through the live hub: a signed bundle (`sync.BUNDLE_MAGIC`),
    merged by the office with a bundle's checks (`hub.ingest_inbox`). Stations may only insert
    (event_id, station, from_seq, to_seq, batch) for themselves; the rest is the office's."""

    __tablename__ = "hub_inbox"
    __table_args__ = (Index("ix_hub_inbox_state", "state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    station: Mapped[str] = mapped_column(String(60))
    from_seq: Mapped[int] = mapped_column(Integer)
    to_seq: Mapped[int] = mapped_column(Integer)
    batch: Mapped[bytes] = mapped_column(LargeBinary)  # emptied once merged
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    state: Mapped[str] = mapped_column(String(20), server_default="new")  # new|merged|refused
    reason: Mapped[str] = mapped_column(Text, server_default="")
    merged: Mapped[int] = mapped_column(Integer, server_default="0")
    processed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class OpinionStatus(enum.StrEnum):
    PENDING = "pending"  # 待交办
    ASSIGNED = "assigned"  # 办理中
    ANSWERED = "answered"  # 已答复
    PUBLISHED = "published"  # 已公开


class OpinionRule(Base):
    """An event's rule for the duties after the day: the clocks and the ledger's choices."""

    __tablename__ = "opinion_rules"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    report_days: Mapped[int] = mapped_column(Integer, default=3)
    answer_days: Mapped[int] = mapped_column(Integer, default=15)
    working_days: Mapped[bool] = mapped_column(Boolean, default=False)
    topics: Mapped[str] = mapped_column(Text, default="")  # one a line; "" = the usual topics
    units: Mapped[str] = mapped_column(Text, default="")  # one a line, beside the plan's units


class Opinion(Base):
    """An opinion or suggestion (意见建议) given at or after the event, and how it was handled."""

    __tablename__ = "opinions"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL"), index=True
    )
    received: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="征集表")
    name: Mapped[str] = mapped_column(String(100), default="")  # "" = anonymous
    phone: Mapped[str] = mapped_column(String(40), default="")
    work_unit: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    topic: Mapped[str] = mapped_column(String(40), default="其他")
    unit: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[OpinionStatus] = mapped_column(
        _enum(OpinionStatus), default=OpinionStatus.PENDING, index=True
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(100), default="")
    answered_at: Mapped[dt.date | None] = mapped_column(Date)
    on_the_spot: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    activity: Mapped[Activity | None] = relationship()
    history: Mapped[list[OpinionChange]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan", order_by="OpinionChange.id"
    )


class OpinionChange(Base):
    """One change to an opinion (received, assigned, answered, published) and who made it."""

    __tablename__ = "opinion_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(
        ForeignKey("opinions.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    status: Mapped[OpinionStatus] = mapped_column(_enum(OpinionStatus))
    detail: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    opinion: Mapped[Opinion] = relationship(back_populates="history")
