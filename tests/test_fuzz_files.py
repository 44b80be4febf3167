"""Fuzz: damaged and forged bundles and station packages end in a refusal, never a traceback,
and a refused file writes nothing. Forged means mutated and then signed again: bundles with the
station's own key (a stolen laptop can do that), packages with a fresh key (anyone can)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin_app import checkin, stations, sync
from checkin_app.db import Database
from checkin_app.models import LogKind, PassKey
from tests.test_sync import DAY, Field, board

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59",
            "2025-09-24T01:30:00",
            "2025-09-24",
            "",
            "\x00",
            "\ud800",
            "[" * 3000 + "]" * 3000,
            "walkin",
            "checkin",
            "resident_id",
            "AAAA",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


ZONES = st.sampled_from(
    [None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-12))]
)
TIMES = st.one_of(
    st.sampled_from(["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"]),
    st.datetimes(dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31), timezones=ZONES).map(
        dt.datetime.isoformat
    ),
)
IDS = st.one_of(st.none(), st.integers(-2, 12), st.integers(-(2**70), 2**70))
# Text a station could type or forge: control characters, lone surrogates, long runs.
TEXTS = st.one_of(
    st.text(st.characters(codec=None, categories=["Cc", "Cs", "Lo", "Nd"]), max_size=12),
    st.integers(1, 30_000).map(lambda n: "王" * n),
)


def field_value(index: int) -> st.SearchStrategy[Any]:
    """Values aimed at what a record's field means, half of the time; anything otherwise."""
    aimed = TIMES if index == 9 else IDS if index in (1, 2, 4, 10, 11) else TEXTS
    return st.one_of(aimed, VALUES)


def sign(magic: str, header: dict[str, Any], body: bytes, key: bytes) -> bytes:
    """`sync.write_signed`, with ASCII JSON: a forger may put lone surrogates in the header."""
    full = {**header, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    signed = magic.encode() + b"\n" + json.dumps(full, sort_keys=True).encode()
    signature = Ed25519PrivateKey.from_private_bytes(key).sign(signed)
    return signed + b"\n" + base64.b64encode(signature) + b"\n" + body


def damaged(data: st.DataObject, genuine: bytes) -> bytes:
    """Bytes flipped, cut short, inserted or overwritten, anywhere in the file."""
    how = data.draw(st.sampled_from(["flip", "truncate", "insert", "overwrite"]))
    at = data.draw(st.integers(0, len(genuine) - 1))
    if how == "flip":
        bit = data.draw(st.integers(0, 7))
        return genuine[:at] + bytes([genuine[at] ^ (1 << bit)]) + genuine[at + 1 :]
    if how == "truncate":
        return genuine[:at]
    extra = data.draw(st.binary(min_size=1, max_size=8))
    end = at if how == "insert" else at + len(extra)
    return genuine[:at] + extra + genuine[end:]


def opened(data: bytes) -> tuple[dict[str, Any], bytes]:
    """A genuine file's header (without what `sign` adds) and body."""
    _, header, _, body = data.split(b"\n", 3)
    fields = json.loads(header)
    return {k: v for k, v in fields.items() if k not in ("size", "sha256")}, body


# --- Bundles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    root: Path
    template: Path  # the office database before any merge
    east: bytes  # a genuine bundle of 东门, to be damaged
    east_key: bytes  # 东门's own signing key
    west: Path  # a genuine bundle of 西门 named after the damaged one in each merge
    reference: object  # the office after merging only 西门's bundle


def snapshot(db: Database) -> object:
    """What a merge may change: the log, the roster and its history, each station's progress."""
    connection = sqlite3.connect(db.url.removeprefix("sqlite:///"))
    try:
        return [
            sorted(connection.execute(sql).fetchall())
            for sql in (
                "SELECT uid, station, seq, person, detail FROM log_events",
                "SELECT id, name, activity_id, phone, category FROM participants",
                "SELECT participant_id, reason FROM status_changes",
                "SELECT name, merged_seq FROM stations",
            )
        ]
    finally:
        connection.close()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    root = tmp_path_factory.mktemp("fuzz-office")
    field = Field(root)
    first = field.log("东门", LogKind.CHECKIN, 1, 1)
    field.log("东门", LogKind.ATTEMPT, None, 2, verdict="unreadable")
    board(field, "东门", 2, 3)
    field.log("东门", LogKind.UNDO, 1, 4, refers_to=first, reason="扫错了人")
    registration = {"name": "王五", "doc_type": "resident_id", "doc_last4": "123X"}
    with field.stations["东门"].transaction() as s:
        checkin.append(
            s,
            event_id=field.event_id,
            activity_id=field.activity_id,
            station="东门",
            kind=LogKind.WALKIN,
            operator="张三",
            person="walk-in-hash",
            reason="现场登记",
            detail=checkin.json_detail({"input": "walkin", "registration": registration}),
            at=DAY + dt.timedelta(minutes=5),
        )
        key = sync.identity(s).private_key
    east = field.export("东门", "east.bundle").read_bytes()
    field.log("西门", LogKind.CHECKIN, 3, 6)
    west = field.export("西门", "west.bundle")
    field.close()
    template = root / "template.sqlite3"
    shutil.copyfile(root / "office.sqlite3", template)
    reference = merged(template, [west], root / "reference")[1]
    yield Office(root, template, east, key, west, reference)


def merged(template: Path, paths: list[Path], work: Path) -> tuple[sync.MergeResult, object]:
    work.mkdir()
    copy = work / "office.sqlite3"
    shutil.copyfile(template, copy)
    db = Database(f"sqlite:///{copy}", migrate=False)  # already at head: no migration per example
    try:
        return sync.merge_bundles(db, paths), snapshot(db)
    finally:
        db.close()


def merge_mutated(office: Office, data: bytes) -> None:
    """Merge the mutated bundle then the genuine one of 西门: the mutated one is refused with a
    reason or merged; 西门's merges either way; a refusal leaves nothing of its bundle behind."""
    with tempfile.TemporaryDirectory(dir=office.root) as tmp:
        bad = Path(tmp) / "bad.bundle"
        bad.write_bytes(data)
        result, after = merged(office.template, [bad, office.west], Path(tmp) / "office")
    refused = {r.file: r.reason for r in result.refused}
    assert str(office.west) not in refused
    if str(bad) in refused:
        assert refused[str(bad)] and "Traceback" not in refused[str(bad)]
        assert after == office.reference
    names = after[1]  # type: ignore[index]
    assert not any(sync.CONTROL.search(name) for _, name, *_ in names)


def mutate_records(data: st.DataObject, items: list[Any], header: dict[str, Any]) -> bytes | None:
    """Change the body's records or the header; None when the body is replaced by raw bytes."""
    # Fields and walk-ins twice as often: that is where a signed record can lie.
    kinds = ["field", "field", "walk-in", "walk-in", "drop", "add", "record", "twice", "header"]
    how = data.draw(st.sampled_from([*kinds, "body"]))
    n = data.draw(st.integers(0, len(items) - 1))
    if how == "field":
        index = data.draw(st.integers(0, 14))
        items[n][index] = data.draw(field_value(index))
    elif how == "drop":
        del items[n][data.draw(st.integers(0, 14))]
    elif how == "add":
        items[n].append(data.draw(VALUES))
    elif how == "record":
        items[n] = data.draw(VALUES)
    elif how == "twice":
        items.insert(n, list(items[n]))
    elif how == "walk-in":
        walk_in = items[-1]
        detail = json.loads(walk_in[14])
        key = data.draw(st.sampled_from(["name", "phone", "gender"]))
        detail["registration"][key] = data.draw(st.one_of(TEXTS, VALUES))
        walk_in[14] = json.dumps(detail)
    elif how == "header":
        name = data.draw(st.sampled_from(["event_id", "event", "station", "from_seq", "to_seq"]))
        header[name] = data.draw(VALUES)
    else:
        return None
    return json.dumps(items).encode()


@FUZZ
@given(data=st.data())
def test_damaged_bundles_are_refused_and_write_nothing(office: Office, data: st.DataObject) -> None:
    merge_mutated(office, damaged(data, office.east))


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_bundles_forged_with_the_stations_own_key_never_give_a_traceback(
    office: Office, data: st.DataObject
) -> None:
    header, genuine = opened(office.east)
    items = json.loads(genuine)
    body = mutate_records(data, items, header)
    if body is None:
        body = data.draw(
            st.one_of(
                st.binary(max_size=64),
                st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
                VALUES.map(lambda v: json.dumps(v).encode()),
            )
        )
    merge_mutated(office, sign(sync.BUNDLE_MAGIC, header, body, office.east_key))


# --- Packages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Laptop:
    root: Path
    template: Path  # an empty, migrated station database
    empty: list[str]  # its dump
    package: bytes  # the office's genuine package of 东门
    fingerprint: str  # the office's, as read out over the phone


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def laptop(office: Office) -> Laptop:
    root = office.root / "laptop"
    root.mkdir()
    template = root / "empty.sqlite3"
    Database.open(str(template)).close()
    package = (office.root / "东门.pkg").read_bytes()
    header, _ = opened(package)
    signer = base64.b64decode(header["signer"])
    return Laptop(root, template, dump(template), package, sync.fingerprint(signer))


def set_up(laptop: Laptop, data: bytes, fingerprint: str) -> str | None:
    """Set an empty laptop database up from these bytes; the refusal's reason, or None when it
    was set up (then the station must work: its identity, name and pass key are there)."""
    with tempfile.TemporaryDirectory(dir=laptop.root) as tmp:
        path, copy = Path(tmp) / "east.pkg", Path(tmp) / "station.sqlite3"
        path.write_bytes(data)
        shutil.copyfile(laptop.template, copy)
        db = Database(f"sqlite:///{copy}", migrate=False)
        try:
            with db.transaction() as s:
                info = stations.setup_station(s, path, expected_fingerprint=fingerprint)
        except sync.RefusedFile as refused:
            db.close()
            assert dump(copy) == laptop.empty
            return str(refused)
        with db.reading() as s:
            assert sync.identity(s).name == info.station == checkin.station_name(s)
            assert s.get(PassKey, sync.identity(s).event_id) is not None
        db.close()
        return None


def mutate_tables(data: st.DataObject, tables: dict[str, Any]) -> None:
    """One change to a table, a row or a field (an earlier change may have broken the shape)."""
    if not tables:
        tables["events"] = data.draw(VALUES)
        return
    name = data.draw(st.sampled_from(sorted(tables)))
    rows = tables[name]
    how = data.draw(st.sampled_from(["field", "drop", "add", "row", "twice", "table", "gone"]))
    rows = rows if isinstance(rows, list) else None
    picked = rows[data.draw(st.integers(0, len(rows) - 1))] if rows else None
    row = picked if isinstance(picked, dict) and picked else None
    if how == "gone":
        del tables[name]
    elif how == "row" and rows is not None:
        rows.append(data.draw(VALUES))
    elif row is None or how in ("table", "row"):
        tables[name] = data.draw(VALUES)
    elif how == "twice":
        rows.append(dict(row))  # type: ignore[union-attr]
    elif how == "add":
        row[data.draw(st.text(max_size=8))] = data.draw(VALUES)
    else:
        key = data.draw(st.sampled_from(sorted(row)))
        if how == "drop":
            del row[key]
        else:
            row[key] = data.draw(VALUES)


@FUZZ
@given(data=st.data())
def test_damaged_packages_are_refused_and_write_nothing(
    laptop: Laptop, data: st.DataObject
) -> None:
    # Almost always refused; a flip in the signature's unused base64 bits changes nothing.
    set_up(laptop, damaged(data, laptop.package), laptop.fingerprint)


@FUZZ
@given(data=st.data())
def test_forged_packages_are_refused_by_fingerprint_and_never_half_written(
    laptop: Laptop, data: st.DataObject
) -> None:
    header, body = opened(laptop.package)
    tables = json.loads(body)
    private, public = sync.new_key_pair()
    if data.draw(st.booleans()):  # a careful forger also swaps the pass key
        for row in tables["pass_keys"]:
            row["public_key"] = base64.b64encode(public).decode()
    for _ in range(data.draw(st.integers(0, 3))):
        mutate_tables(data, tables)
    if data.draw(st.booleans()):
        name = data.draw(st.sampled_from(["event_id", "event", "station", "activity_id"]))
        header[name] = data.draw(VALUES)
    header["signer"] = base64.b64encode(public).decode()
    forged = sign(sync.PACKAGE_MAGIC, header, json.dumps(tables).encode(), private)
    # The office's fingerprint: refused whatever the content.
    reason = set_up(laptop, forged, laptop.fingerprint)
    assert reason is not None and "指纹" in reason and "不是办公室制作的" in reason
    # The forger's own fingerprint (the steward was lied to): validated whole, never half set up.
    set_up(laptop, forged, sync.fingerprint(public))
