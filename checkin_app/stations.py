"""Station packages: the one file the office makes to set up a station laptop with no network.

A package holds the event as the desk needs it, with the office's primary keys (so activity,
site, vehicle and group ids match across databases), signed with the event's pass key:

- the event, its activities, sites and itineraries; vehicles, groups and seat assignments;
- the participants of the event (or of one activity): name, category, needs, status, the
  office's document hash (the log's `person`; useless without the office's key) and the last
  four characters of the ID number. Phones are masked unless the office asks for them
  (`with_phones`: the desk's missing list is then callable; the package is personal data either
  way and is wiped with the station database after the merge);
- the passes (versions, revocations) without their manual codes, and the pass PUBLIC key only;
- no office key at all (document hash, document seal, manual codes, pass signing). To match a
  typed ID number or manual code offline, the package carries the event's scrypt salt and cost
  (`slowhash`) and one slow hash per ID number and per code, computed here from the numbers the
  office keeps sealed (`sealing`). Without the first four characters a thief must try ~8
  million numbers per person at ~50 ms and 16 MiB each: days of CPU per ID number (minutes
  for a thief who bets on the event's own city), where the former package (document key and
  first four) gave one away in under a second. People
  imported before numbers were sealed have no slow hash (`not_findable_by_id`);
- the event's X25519 public key: a station seals its walk-ins' ID number and phone to the office;
- the supervisor PIN hash, the station's name and a fresh Ed25519 key pair; the office keeps only
  the public half (`stations`), to check the station's bundles later;
- optionally the URL for the live hub (Setting "hub_url"): the office database's address with
  the credentials of the station's own PostgreSQL role (`hub.create_station_role`), which can
  only push to the inbox and read the other stations' events; never the office's password.

Trust: the package is signed with the event's pass key and carries its public half. An altered
package fails the signature. Anyone can sign a package with a key of their own, so a set-up must
confirm the office's fingerprint (`station-setup --fingerprint`, or the app's dialog): the office
reads it out over the phone, in digits (`sync.fingerprint_digits`). Whatever key signed it, a
package is validated whole (`validate_package`) before a byte is written.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    LargeBinary,
    String,
    Table,
    Time,
    UniqueConstraint,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from checkin_app import checkin, hub, passes, phones, sealing, slowhash, sync
from checkin_app.db import Database, resolve_url
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    Base,
    Event,
    Group,
    ItineraryStop,
    LogEvent,
    Participant,
    Pass,
    PassKey,
    SeatAssignment,
    Setting,
    Site,
    Station,
    Vehicle,
    utcnow,
)
from checkin_app.sync import EVENT_SETTING, KEY_SETTING

# Never an office key (document hash, document seal, manual codes, walk-in private keys).
_COPIED_SETTINGS = ("supervisor_pin",)

# Tables in the order their foreign keys need them.
_TABLES: tuple[type[Base], ...] = (
    Event,
    Activity,
    Site,
    ItineraryStop,
    Participant,
    PassKey,
    Pass,
    Vehicle,
    Group,
    SeatAssignment,
    Station,
    Setting,
)
# Columns a station does not need (office notes, import bookkeeping): left at their defaults.
_DROPPED: dict[str, dict[str, object]] = {
    "participants": {
        "remarks": "",
        "decision": "",
        "import_row": None,
        "import_id": None,
        # A station shows the last four only; the region and birth place would cut a guess
        # at the number from ~8 million candidates to a few thousand.
        "doc_prefix": "",
        "doc_sealed": None,
    },
    "passes": {"manual_code": None},  # a station keeps only `code_slow`
    "stations": {"merged_seq": 0, "last_sync_at": None},
}


@dataclass(frozen=True)
class PackageInfo:
    event: str
    station: str
    activity: str | None
    participants: int
    passes: int
    with_phones: bool
    fingerprint: str  # of the pass key the package is signed with
    file: str
    hub_url: str | None  # shown without its password
    # People whose ID number the office never sealed (imported before it did): the station
    # finds them by pass, manual code or name, not by ID number.
    not_findable_by_id: int


# --- Rows as JSON ----------------------------------------------------------------------------


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _rows(session: Session, model: type[Base], where: ColumnElement[bool]) -> list[dict[str, Any]]:
    table = _table(model)
    dropped = _DROPPED.get(table.name, {})
    result = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return [{k: _to_json(v) for k, v in row._mapping.items() if k not in dropped} for row in result]


# --- Export (office) -------------------------------------------------------------------------


def _check_name(session: Session, event: Event, name: str, replace: bool) -> str:
    name = name.strip()
    if not name or len(name) > 60 or any(c in name for c in "\r\n\t"):
        raise UserError("站点名称：应为1–60个字符，例如“东门”或“1号集合点”")
    elsewhere = session.scalars(
        select(Event.name)
        .join(Station, Station.event_id == Event.id)
        .where(Station.name == name, Event.id != event.id)
    ).first()
    if elsewhere is not None:
        # Log rows are numbered per station name across the whole workspace.
        raise UserError(
            f"站点名称“{name}”已用于“{elsewhere}”，请换一个名称（例如“{name}-{event.id}”）"
        )
    existing = session.scalars(
        select(Station).where(Station.event_id == event.id, Station.name == name)
    ).first()
    if existing is not None and not replace:
        raise UserError(
            f"站点“{name}”已有站点包。另一台电脑请用另一个名称；"
            "确需重新制作（原电脑的数据包将不再被接受）请加 --replace"
        )
    return name


def _register_station(session: Session, event_id: int, name: str) -> bytes:
    """Record the station with a fresh key pair; return the private half (for the package)."""
    private, public = sync.new_key_pair()
    row = session.scalars(
        select(Station).where(Station.event_id == event_id, Station.name == name)
    ).first()
    if row is None:
        session.add(Station(event_id=event_id, name=name, public_key=public))
    else:
        row.public_key = public
        row.created_at = utcnow()
    session.flush()
    return private


def _participants(
    session: Session, event_id: int, activity_id: int | None, with_phones: bool
) -> list[dict[str, Any]]:
    where = Participant.event_id == event_id
    if activity_id is not None:
        where = where & (Participant.activity_id == activity_id)
    rows = _rows(session, Participant, where)
    if not with_phones:
        for row in rows:
            row["phone"] = phones.mask_phone(row["phone"]) if row["phone"] else ""
    return rows


def _column(session: Session, column: Any, ids: list[int]) -> dict[int, Any]:
    """`column` of the rows with these ids (their table's `id`), in chunks SQLite accepts."""
    out: dict[int, Any] = {}
    key = column.table.c.id
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for row_id, value in session.execute(select(key, column).where(key.in_(chunk))):
            out[row_id] = value
    return out


def _slow_hashes(
    session: Session,
    params: slowhash.Params,
    people: list[dict[str, Any]],
    pass_rows: list[dict[str, Any]],
    progress: slowhash.Progress | None,
) -> int:
    """Fill `doc_slow` and `code_slow` in the package's rows; return how many people have no
    sealed ID number (so no slow hash: the station cannot find them by ID number)."""
    sealed = _column(session, _table(Participant).c.doc_sealed, [r["id"] for r in people])
    codes = _column(session, _table(Pass).c.manual_code, [r["id"] for r in pass_rows])
    numbered = [row for row in people if sealed.get(row["id"])]
    coded = [row for row in pass_rows if codes.get(row["id"])]
    texts = [sealing.open_document(session, sealed[row["id"]]) for row in numbered]
    texts += [str(codes[row["id"]]) for row in coded]
    digests = slowhash.hash_many(params, texts, progress)
    for row, digest in zip(numbered, digests, strict=False):
        row["doc_slow"] = digest
    for row, digest in zip(coded, digests[len(numbered) :], strict=True):
        row["code_slow"] = digest
    return len(people) - len(numbered)


def _settings(
    session: Session, name: str, private: bytes, event_id: int, hub_url: str | None
) -> list[dict[str, Any]]:
    values = {
        row.key: row.value
        for row in session.scalars(select(Setting).where(Setting.key.in_(_COPIED_SETTINGS)))
    }
    values[slowhash.STATION_SETTING] = slowhash.event_params(session, event_id).to_bytes()
    values[sealing.STATION_PUBLIC] = sealing.walkin_public_key(session, event_id)
    values[checkin.STATION_SETTING] = name.encode()
    values[KEY_SETTING] = private
    values[EVENT_SETTING] = str(event_id).encode()
    if hub_url:
        values[hub.HUB_URL_SETTING] = hub_url.encode()
    return [{"key": k, "value": _to_json(v)} for k, v in sorted(values.items())]


def export_package(
    session: Session,
    event_id: int,
    station: str,
    out: Path,
    *,
    activity_id: int | None = None,
    with_phones: bool = False,
    replace: bool = False,
    hub_url: str | None = None,
    progress: slowhash.Progress | None = None,
) -> PackageInfo:
    """Write the station package of `station` to `out` and record the station's public key.
    `hub_url`: the office PostgreSQL as the station reaches it (checked here, so a mistyped
    address is caught at the office rather than on the laptop in the field); the package gets
    it with a new role of the station's own (`hub.create_station_role`), not these credentials.
    The slow hashes take about 50 ms of one core each: `progress(done, total)` follows them."""
    event = session.get(Event, event_id)
    if event is None:
        raise UserError(f"找不到编号为 {event_id} 的活动")
    activity = session.get(Activity, activity_id) if activity_id is not None else None
    if activity_id is not None and (activity is None or activity.event_id != event_id):
        raise UserError(f"活动项目 {activity_id} 不属于“{event.name}”")
    name = _check_name(session, event, station, replace)
    url = hub.normalise_url(hub_url) if hub_url and hub_url.strip() else None
    passes.public_key(session, event_id)  # the pass key exists from now on
    pass_key = session.get(PassKey, event_id)
    assert pass_key is not None
    private = _register_station(session, event_id, name)
    if url:
        url = hub.create_station_role(session, event_id, name, url)
    else:
        hub.drop_station_role(session, event_id, name)  # a remade package: the old one's too

    people = _participants(session, event_id, activity_id, with_phones)
    activity_ids = select(Activity.id).where(Activity.event_id == event_id)
    chosen = Participant.event_id == event_id
    if activity_id is not None:
        chosen = chosen & (Participant.activity_id == activity_id)
    person_ids = select(Participant.id).where(chosen)
    tables: dict[str, list[dict[str, Any]]] = {
        "events": _rows(session, Event, Event.id == event_id),
        "activities": _rows(session, Activity, Activity.event_id == event_id),
        "sites": _rows(session, Site, Site.event_id == event_id),
        "itinerary_stops": _rows(
            session, ItineraryStop, ItineraryStop.activity_id.in_(activity_ids)
        ),
        "participants": people,
        "pass_keys": _rows(session, PassKey, PassKey.event_id == event_id),
        "passes": _rows(session, Pass, Pass.participant_id.in_(person_ids)),
        "vehicles": _rows(session, Vehicle, Vehicle.activity_id.in_(activity_ids)),
        "tour_groups": _rows(session, Group, Group.activity_id.in_(activity_ids)),
        "seat_assignments": _rows(
            session, SeatAssignment, SeatAssignment.participant_id.in_(person_ids)
        ),
        "stations": _rows(session, Station, Station.event_id == event_id),
        "settings": _settings(session, name, private, event_id, url),
    }
    for row in tables["pass_keys"]:
        row["private_key"] = ""  # a stolen station laptop must not be able to mint passes
    params = slowhash.event_params(session, event_id)
    unfindable = _slow_hashes(session, params, people, tables["passes"], progress)
    header = {
        "event_id": event_id,
        "event": event.name,
        "station": name,
        "activity_id": activity_id,
        "participants": len(people),
        "with_phones": with_phones,
        "not_findable_by_id": unfindable,
        "created_at": utcnow().isoformat(),
        "signer": base64.b64encode(pass_key.public_key).decode(),
    }
    sync.write_signed(
        out, sync.PACKAGE_MAGIC, header, sync.json_bytes(tables), pass_key.private_key
    )
    return PackageInfo(
        event=event.name,
        station=name,
        activity=activity.name if activity else None,
        participants=len(people),
        passes=len(tables["passes"]),
        with_phones=with_phones,
        fingerprint=sync.fingerprint(pass_key.public_key),
        file=str(out),
        hub_url=hub.shown_url(url) if url else None,
        not_findable_by_id=unfindable,
    )


# --- Setup (station) -------------------------------------------------------------------------


@dataclass(frozen=True)
class SetupInfo:
    event: str
    station: str
    participants: int
    fingerprint: str
    activity_id: int | None  # the one activity the package carries, or None for the event
    hub_url: str | None  # shown without its password


WHAT = "站点包"


# --- Validation (station): the whole package, before a byte is written -----------------------

# The settings a package may carry; anything else is refused (a package sets a station up, it
# does not reconfigure one).
PACKAGE_SETTINGS = frozenset(
    {
        *_COPIED_SETTINGS,
        checkin.STATION_SETTING,
        KEY_SETTING,
        EVENT_SETTING,
        hub.HUB_URL_SETTING,
        slowhash.STATION_SETTING,
        sealing.STATION_PUBLIC,
    }
)
_MAX_ROWS = 1_000_000
_MAX_TEXT = 100_000  # a Text column (notes, descriptions)
_MAX_BINARY = 64 * 1024  # keys and settings
# Text columns may hold line breaks and tabs; no other control character anywhere.
_TEXT_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]")
# The years a stored time may have: later code turns them into local times.
_YEARS = range(1900, 3000)


@dataclass(frozen=True)
class ValidPackage:
    """A package's rows, converted to the columns' Python types and checked against each other."""

    rows: dict[str, list[dict[str, Any]]]  # by table name, in `_TABLES` order
    settings: dict[str, bytes]
    hub_url: str | None


_MODELS: dict[str, type[Base]] = {_table(m).name: m for m in _TABLES}


class _Bad(ValueError):
    """One value that does not fit its column; the message ends a Chinese sentence."""


def _value(column: Column[Any], value: Any) -> Any:
    """The Python value of one JSON value for `column`; _Bad when it does not fit."""
    kind = column.type
    if value is None:
        if not column.nullable:
            raise _Bad("不能为空")
        return None
    if isinstance(kind, Enum):  # before String: an Enum is a String
        allowed = {e.value: e for e in kind.enum_class} if kind.enum_class else {}
        if not isinstance(value, str) or value not in allowed:
            raise _Bad("不是允许的取值")
        return allowed[value]
    if isinstance(kind, Boolean):
        if type(value) is not bool:
            raise _Bad("应为是/否")
        return value
    if isinstance(kind, Integer):
        if type(value) is not int or not -sync.MAX_ID <= value <= sync.MAX_ID:
            raise _Bad("应为整数")
        return value
    if isinstance(kind, String):
        return _text(kind, value)
    if isinstance(kind, LargeBinary):
        data = base64.b64decode(value, validate=True) if isinstance(value, str) else None
        if data is None or len(data) > _MAX_BINARY:
            raise _Bad("应为不超过64 KB的 base64 数据")
        return data
    return _moment(kind, value)


def _text(kind: String, value: Any) -> str:
    limit, control = (kind.length, sync.CONTROL) if kind.length else (_MAX_TEXT, _TEXT_CONTROL)
    if not isinstance(value, str) or len(value) > limit:
        raise _Bad(f"应为不超过{limit}个字符的文字")
    if control.search(value):
        raise _Bad("含有控制字符")
    return value


_PARSERS: dict[type, Callable[[str], dt.datetime | dt.date | dt.time]] = {
    DateTime: dt.datetime.fromisoformat,
    Date: dt.date.fromisoformat,
    Time: dt.time.fromisoformat,
}


def _moment(kind: Any, value: Any) -> dt.datetime | dt.date | dt.time:
    parse = _PARSERS.get(type(kind))
    if parse is None:
        raise _Bad("的类型未知")
    try:
        moment = parse(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or getattr(moment, "tzinfo", None) is not None:
        raise _Bad("不是有效的日期或时间")
    if not isinstance(moment, dt.time) and moment.year not in _YEARS:
        raise _Bad("的年份不合理")
    return moment


def _row(table: Table, n: int, row: Any) -> dict[str, Any]:
    """One row of `table`: known columns only, each value of its column's type."""
    if not isinstance(row, dict):
        raise sync.RefusedFile(f"站点包内容无效：{table.name} 表第{n}行不是一条记录")
    out: dict[str, Any] = {}
    for name, value in row.items():
        column = table.columns.get(name) if isinstance(name, str) else None
        if column is None:
            raise sync.RefusedFile(f"站点包内容无效：{table.name} 表第{n}行有未知字段")
        try:
            out[name] = _value(column, value)
        except (_Bad, ValueError) as err:
            why = str(err) if isinstance(err, _Bad) else "不是有效的数据"
            raise sync.RefusedFile(
                f"站点包内容无效：{table.name} 表第{n}行的“{name}”{why}"
            ) from None
    for column in table.columns:
        required = column.primary_key or not (column.nullable or column.default is not None)
        if required and column.server_default is None and column.name not in out:
            raise sync.RefusedFile(f"站点包内容无效：{table.name} 表第{n}行缺少“{column.name}”")
    return out


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    """The column sets whose values may occur once: primary key and unique constraints."""
    sets = [tuple(c.name for c in table.primary_key.columns)]
    sets += [
        tuple(c.name for c in u.columns)
        for u in table.constraints
        if isinstance(u, UniqueConstraint)
    ]
    sets += [(c.name,) for c in table.columns if c.unique]
    return sets


def _check_keys(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Primary keys and unique values once each; every foreign key naming a row of the package
    (an empty station database holds nothing else it could name)."""
    for name, table_rows in rows.items():
        table = _table(_MODELS[name])
        for columns in _unique_sets(table):
            values = [tuple(r.get(c) for c in columns) for r in table_rows]
            present = [v for v in values if None not in v]
            if len(set(present)) != len(present):
                raise sync.RefusedFile(f"站点包内容无效：{name} 表的“{'、'.join(columns)}”有重复")
        for column in table.columns:
            for key in column.foreign_keys:
                target = key.column
                known = {r.get(target.name) for r in rows.get(target.table.name, [])}
                for n, row in enumerate(table_rows, start=1):
                    value = row.get(column.name)
                    if value is not None and value not in known:
                        raise sync.RefusedFile(
                            f"站点包内容无效：{name} 表第{n}行的“{column.name}”"
                            f"指向站点包中没有的{target.table.name}记录"
                        )


def _settings_of(header: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, bytes]:
    """The package's settings: known keys only, and those a station cannot work without."""
    settings = {str(r["key"]): bytes(r["value"]) for r in rows}
    unknown = sorted(set(settings) - PACKAGE_SETTINGS)
    if unknown:
        raise sync.RefusedFile(f"站点包内容无效：含有不应有的设置项“{unknown[0]}”")
    wanted = {
        checkin.STATION_SETTING: str(header["station"]).encode(),
        EVENT_SETTING: str(header["event_id"]).encode(),
    }
    for key, value in wanted.items():
        if settings.get(key) != value:
            raise sync.RefusedFile(f"站点包内容无效：设置项“{key}”缺少或与文件头不符")
    if len(settings.get(KEY_SETTING, b"")) != 32:
        raise sync.RefusedFile(f"站点包内容无效：缺少站点签名密钥（设置项“{KEY_SETTING}”）")
    try:
        slowhash.Params.from_bytes(settings.get(slowhash.STATION_SETTING, b""))
    except ValueError:
        raise sync.RefusedFile("站点包内容无效：证件号匹配参数缺失或已损坏") from None
    if len(settings.get(sealing.STATION_PUBLIC, b"")) != 32:
        raise sync.RefusedFile("站点包内容无效：缺少办公室的现场登记加密公钥")
    return settings


def _check_header(header: dict[str, Any]) -> None:
    event_id, station, activity_id = (header.get(k) for k in ("event_id", "station", "activity_id"))
    if not (
        type(event_id) is int
        and 1 <= event_id <= sync.MAX_ID
        and isinstance(header.get("event"), str)
        and isinstance(station, str)
        and station == station.strip()
        and 1 <= len(station) <= checkin.STATION_MAX
        and not sync.CONTROL.search(station)
        and (activity_id is None or type(activity_id) is int)
    ):
        raise sync.RefusedFile("站点包文件头不完整或已损坏")


def _check_identity(header: dict[str, Any], package: ValidPackage) -> None:
    """The one event of the header, the station's own row holding the public half of its key,
    the pass key the desk checks passes with."""
    events = package.rows.get("events", [])
    if [(e["id"], e["name"]) for e in events] != [(header["event_id"], header["event"])]:
        raise sync.RefusedFile("站点包内容无效：活动与文件头不符")
    activity = header.get("activity_id")
    if activity is not None and activity not in {
        a["id"] for a in package.rows.get("activities", [])
    }:
        raise sync.RefusedFile("站点包内容无效：文件头中的活动项目不在站点包中")
    private = Ed25519PrivateKey.from_private_bytes(package.settings[KEY_SETTING])
    public = private.public_key().public_bytes_raw()
    mine = [s for s in package.rows.get("stations", []) if s["name"] == header["station"]]
    if [s.get("public_key") for s in mine] != [public]:
        raise sync.RefusedFile("站点包内容无效：站点的签名密钥与站点记录不符")
    if len(package.rows.get("pass_keys", [])) != 1:
        raise sync.RefusedFile("站点包内容无效：应有且只有一个通行证公钥")


def validate_package(header: dict[str, Any], tables: Any) -> ValidPackage:
    """Every table and row of a (signature-checked) package against the station database's
    columns and against each other, converted for insertion; RefusedFile (one Chinese sentence
    naming the table, row and field) otherwise. Nothing is written here."""
    _check_header(header)
    if not isinstance(tables, dict) or not set(tables) <= set(_MODELS):
        raise sync.RefusedFile("站点包内容无效：含有未知的表")
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, model in _MODELS.items():
        given = tables.get(name, [])
        if not isinstance(given, list) or len(given) > _MAX_ROWS:
            raise sync.RefusedFile(f"站点包内容无效：{name} 表不是记录列表")
        rows[name] = [_row(_table(model), n, row) for n, row in enumerate(given, start=1)]
        if any(r.keys() != rows[name][0].keys() for r in rows[name]):
            # One INSERT takes the whole table: every row names the same columns.
            raise sync.RefusedFile(f"站点包内容无效：{name} 表各行的字段不一致")
    _check_keys(rows)
    settings = _settings_of(header, rows.pop("settings"))
    url = settings.pop(hub.HUB_URL_SETTING, None)
    try:
        hub_url = hub.normalise_url(url.decode()) if url else None
    except (UserError, UnicodeDecodeError):
        raise sync.RefusedFile("站点包内容无效：实时同步地址无法识别") from None
    package = ValidPackage(rows, settings, hub_url)
    _check_identity(header, package)
    return package


def _signer(file: sync.SignedFile) -> bytes:
    try:
        signer = base64.b64decode(str(file.header.get("signer", "")), validate=True)
    except ValueError:
        signer = b""
    if len(signer) != 32 or not sync.signature_ok(file, signer):
        raise sync.RefusedFile("站点包签名不符：文件被改动过，请向办公室重新索取")
    return signer


def _read_package(path: Path, expected_fingerprint: str | None) -> tuple[dict[str, Any], Any]:
    file = sync.read_signed(path, sync.PACKAGE_MAGIC, WHAT)
    signer = _signer(file)
    sync.check_body(file, WHAT)
    if expected_fingerprint is not None and not sync.same_fingerprint(expected_fingerprint, signer):
        raise sync.RefusedFile(
            f"站点包的密钥指纹是 {sync.fingerprint(signer)}，"
            f"与办公室给出的 {expected_fingerprint.strip()} 不符："
            "这份站点包不是办公室制作的，请勿使用"
        )
    try:
        tables = sync.load_json(file.body, depth=3)
    except ValueError:
        raise sync.RefusedFile("站点包内容无法读取") from None
    package = validate_package(file.header, tables)
    for row in package.rows["pass_keys"]:
        if row["public_key"] != signer:
            # The key that signed the package is the one its passes are checked with.
            raise sync.RefusedFile("站点包的通行证公钥与签名密钥不符")
    return file.header, tables


def read_package(path: Path, expected_fingerprint: str | None = None) -> tuple[dict[str, Any], Any]:
    """The verified and validated header and tables of a package; RefusedFile when it was
    altered, is not whole, or (given the fingerprint the office read out) is another key's."""
    try:
        return _read_package(path, expected_fingerprint)
    except sync.MALFORMED as err:
        sync.log.warning("package %s refused: %r", path, err)
        raise sync.RefusedFile(f"站点包 {path.name} 内容无法读取（{type(err).__name__}）") from None


@dataclass(frozen=True)
class PackageSummary:
    """What the steward confirms before a package sets the laptop up: whose it is and the key
    that signed it, as the office reads it out over the phone."""

    event: str
    organiser: str  # the office that runs the event ("" when the office never entered it)
    station: str
    participants: int
    fingerprint: str  # "ABCD-EF01-2345-6789", what `--fingerprint` takes
    digits: str  # the same in 20 digits, "1234-5678-…"
    spoken: str  # the digits as read aloud, "幺两三四，…"


def package_summary(header: dict[str, Any], tables: Any) -> PackageSummary:
    """The summary of a package `read_package` returned (so already checked)."""
    shown = sync.fingerprint(base64.b64decode(str(header["signer"])))
    events = tables.get("events") or [{}]
    return PackageSummary(
        event=str(header["event"]),
        organiser=str(events[0].get("organiser", "")),
        station=str(header["station"]),
        participants=len(tables.get("participants", [])),
        fingerprint=shown,
        digits=sync.fingerprint_digits(shown),
        spoken=sync.fingerprint_words(shown),
    )


def _is_empty(session: Session) -> bool:
    for model in (Event, Participant, LogEvent):
        if session.scalar(select(func.count()).select_from(model)):
            return False
    return checkin.station_name(session) is None


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: rows inserted with explicit ids leave the id sequences behind."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in _TABLES:
        table = _table(model)
        if "id" in table.columns and table.name != "settings":
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def setup_station(
    session: Session, path: Path, *, expected_fingerprint: str | None = None
) -> SetupInfo:
    """Turn this (empty) database into the station database the package describes."""
    header, tables = read_package(path, expected_fingerprint)
    return install(session, header, tables)


def _package_settings(tables: Any) -> dict[str, str]:
    rows = tables.get("settings", []) if isinstance(tables, dict) else []
    try:
        return {str(row["key"]): str(row["value"]) for row in rows}
    except (TypeError, KeyError):
        raise sync.RefusedFile("站点包内容无法读取：设置项不完整") from None


def _decoded(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        raise sync.RefusedFile("站点包内容无法读取：设置项已损坏") from None


def install(session: Session, header: dict[str, Any], tables: Any) -> SetupInfo:
    """`setup_station` for a package already read and verified by `read_package`. The package
    is validated whole (`validate_package`) before anything is written."""
    if not _is_empty(session):
        raise UserError(
            "这个数据库不是空的：站点包只能装入新建的数据库（请用 --db 指定一个新文件）"
        )
    package = validate_package(header, tables)
    settings = [{"key": k, "value": v} for k, v in package.settings.items()]
    # Anything the empty database made on its own (a document key) gives way to the office's.
    session.execute(_table(Setting).delete().where(Setting.key.in_(package.settings)))
    try:
        for model in _TABLES:
            table = _table(model)
            rows = settings if model is Setting else package.rows.get(table.name, [])
            if rows:
                session.execute(insert(table), rows)
    except (IntegrityError, DataError, StatementError) as err:
        # Validation covers what these check; should one still fire, the caller's transaction
        # rolls back and the laptop is told in Chinese.
        sync.log.warning("package refused at insert: %r", err)
        raise sync.RefusedFile("站点包内容无效：数据之间有冲突，未作任何改动") from None
    if package.hub_url is not None:
        hub.set_hub_url(session, package.hub_url)
    _reset_sequences(session)
    checkin.set_station_name(session, str(header["station"]))
    session.flush()
    return _info(session, header, tables)


def _info(session: Session, header: dict[str, Any], tables: Any) -> SetupInfo:
    activity_id = header.get("activity_id")
    url = hub.hub_url(session)
    return SetupInfo(
        event=str(header["event"]),
        station=str(header["station"]),
        participants=len(tables.get("participants", [])),
        fingerprint=sync.fingerprint(base64.b64decode(header["signer"])),
        activity_id=activity_id if isinstance(activity_id, int) else None,
        hub_url=hub.shown_url(url) if url else None,
    )


def is_installed(session: Session, header: dict[str, Any], tables: Any) -> bool:
    """This database is already the station this package sets up: same event, same name and
    the same signing key (a package made again with --replace carries another key)."""
    key = session.get(Setting, KEY_SETTING)
    event = session.get(Setting, EVENT_SETTING)
    if key is None or event is None or checkin.station_name(session) != header.get("station"):
        return False
    wanted = _package_settings(tables).get(KEY_SETTING)
    return (
        event.value == str(header.get("event_id")).encode()
        and wanted is not None
        and _decoded(wanted) == key.value
    )


def already_set_up(db: str | None, header: dict[str, Any], tables: Any) -> bool:
    """Whether the database `db` names is already the station this package sets up (its
    fingerprint was confirmed then). A SQLite file that does not exist is not made."""
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    database = Database.open(db)
    try:
        with database.reading() as session:
            return is_installed(session, header, tables)
    finally:
        database.close()


def open_station(session: Session, header: dict[str, Any], tables: Any) -> tuple[SetupInfo, bool]:
    """`checkin-app --station PACKAGE`: set this database up from the (verified) package, or
    recognise it as already that station's. Returns the station and whether it was set up now;
    UserError when the database holds anything else (the office's data, another station)."""
    if is_installed(session, header, tables):
        return _info(session, header, tables), False
    if session.get(Setting, KEY_SETTING) is not None:
        raise UserError(
            f"这个数据库已是站点“{checkin.station_name(session)}”的数据库，"
            f"不是这份站点包的“{header.get('station')}”：请用 --db 指定另一个文件"
        )
    return install(session, header, tables), True
