"""A stolen station laptop, tried as an attacker would: no office key, no manual code, and an ID
number costs a CPU-day or more, where the old package (document key and first four) gave it away."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from checkin_app import checkin, idcard, purge, roles, sealing, slowhash, stations, sync, workspace
from checkin_app.checkin import Desk, Verdict, WalkIn
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.models import (
    Activity,
    LogEvent,
    LogKind,
    Participant,
    Pass,
    PassKey,
    Setting,
    Status,
)
from tests.fixtures_import import EVENT as IMPORT_EVENT
from tests.fixtures_import import good_rows, make_event, write_xlsx
from tests.test_stations import EVENT_NAME, build_office, id_number, package, setup

MORNING = dt.datetime(2025, 9, 24, 1, 30)  # UTC: 09:30 in China on the activity's day
WALKER = "14050219900101123" + idcard.check_character("14050219900101123")  # nobody's


@pytest.fixture
def office(db: Database) -> Database:
    build_office(db)
    return db


def _smart(db: Database) -> int:
    with db.reading() as s:
        return s.scalars(select(Activity.id).where(Activity.name == "智慧城管")).one()


def _scan(db: Database, text: str, station: str = "东门") -> checkin.ScanResult:
    with db.transaction() as s:
        return checkin.scan(s, Desk(_smart(db), station, "张三"), text, now=MORNING)


def _station_bytes(path: Path) -> bytes:
    """Every byte of the station's database as a thief copies it (main file and WAL)."""
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def _office_secrets(office: Database) -> dict[str, bytes]:
    with office.reading() as s:
        found = {row.key: row.value for row in s.scalars(select(Setting))}
        found["pass private key"] = s.scalars(select(PassKey)).one().private_key
    return {k: v for k, v in found.items() if len(v) >= 16 and not k.startswith("slow_hash")}


def _manual_codes(office: Database) -> list[str]:
    with office.reading() as s:
        return [str(c) for c in s.scalars(select(Pass.manual_code).order_by(Pass.id))]


# --- What a stolen station holds ------------------------------------------------------------


def test_a_station_holds_no_office_key_no_manual_code_and_no_id_number(
    office: Database, tmp_path: Path
) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    path = tmp_path / "east.sqlite3"
    setup(path, pkg).close()
    codes = _manual_codes(office)
    secrets_ = _office_secrets(office)
    assert {"document_hash_key", "manual_code_key", sealing.OFFICE_KEY} <= secrets_.keys()
    with Database.open(str(path)).reading() as s:
        assert set(s.scalars(select(Pass.manual_code))) == {None}
        assert all(len(c) == 64 for c in s.scalars(select(Pass.code_slow)))
        masked = {
            idcard.mask_stored(p.doc_type, p.doc_prefix, p.doc_last4)
            for p in s.scalars(select(Participant))
        }
    assert masked == {"*" * 14 + id_number(n)[-4:] for n in (1, 2, 3, 4, 99)}
    for what, data in (("package", pkg.read_bytes()), ("station", _station_bytes(path))):
        text = data.decode("latin-1")
        for code in codes:
            assert code not in text and passes_format(code) not in text, what
        for n in (1, 2, 3, 4, 99):
            assert id_number(n) not in text and id_number(n)[:6] not in text, what
            assert f"1380000{n:04d}" not in text, what
        for name, key in secrets_.items():
            assert key not in data and base64.b64encode(key) not in data, (what, name)


def passes_format(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def test_a_station_finds_typed_id_numbers_and_manual_codes_by_slow_hash(
    office: Database, tmp_path: Path
) -> None:
    station = setup(tmp_path / "east.sqlite3", package(office, 1, "东门", tmp_path / "e.pkg"))
    by_id = _scan(station, id_number(2))
    assert by_id.verdict == Verdict.ADMITTED and by_id.person is not None
    assert by_id.person.name == "参观者2"
    assert by_id.person.masked_id == "*" * 14 + id_number(2)[-4:]
    codes = _manual_codes(office)
    by_code = _scan(station, passes_format(codes[2]).lower())
    assert by_code.verdict == Verdict.ADMITTED and by_code.person is not None
    assert by_code.person.name == "参观者3"
    assert _scan(station, id_number(2)).verdict == Verdict.ALREADY_CHECKED_IN
    assert _scan(station, WALKER).verdict == Verdict.UNKNOWN
    station.close()


def test_what_a_thief_reads_from_a_station_admits_nobody_at_the_office(
    office: Database, tmp_path: Path
) -> None:
    path = tmp_path / "east.sqlite3"
    setup(path, package(office, 1, "东门", tmp_path / "e.pkg")).close()
    with sqlite3.connect(path) as raw:
        stolen = [str(v) for row in raw.execute("SELECT * FROM passes") for v in row if v]
    # Every value of every pass row, and every 10-character piece of it, typed at the office.
    typed = {v for v in stolen} | {v[i : i + 10] for v in stolen for i in range(len(v) - 9)}
    verdicts = {_scan(office, text, "办公室").verdict for text in sorted(typed)[:400]}
    assert Verdict.ADMITTED not in verdicts
    assert _scan(office, _manual_codes(office)[0], "办公室").verdict == Verdict.ADMITTED


def test_people_imported_before_sealing_are_counted_and_not_findable_by_id(
    office: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    with office.transaction() as s:
        s.execute(
            Participant.__table__.update()  # type: ignore[attr-defined]
            .where(Participant.name == "参观者1")
            .values(doc_sealed=None)
        )
    out = tmp_path / "east.pkg"
    args = ["station-package", "--event", EVENT_NAME, "--station", "东门", "--out", str(out)]
    assert main([*args, "--db", str(db_path)]) == 0
    assert "其中 1 人是在办公室开始加密保存证件号之前导入的" in capsys.readouterr().out
    assert main([*args, "--db", str(db_path), "--json", "--replace"]) == 0
    assert json.loads(capsys.readouterr().out)["not_findable_by_id"] == 1
    station = setup(tmp_path / "east.sqlite3", out)
    assert _scan(station, id_number(1)).verdict == Verdict.UNKNOWN
    assert _scan(station, id_number(2)).verdict == Verdict.ADMITTED
    station.close()


def test_the_package_reports_its_slow_hash_progress(office: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with office.transaction() as s:
        info = stations.export_package(
            s,
            1,
            "东门",
            tmp_path / "e.pkg",
            progress=lambda done, total: seen.append((done, total)),
        )
    # Five people and four passes: nine slow hashes.
    assert seen[0] == (0, 9) and seen[-1] == (9, 9) and len(seen) == 10
    assert info.not_findable_by_id == 0


WEAK = {"salt": base64.b64encode(b"s" * 16).decode(), "n": 2, "r": 1, "p": 1}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (slowhash.STATION_SETTING, json.dumps(WEAK).encode(), "证件号匹配参数缺失或已损坏"),
        (slowhash.STATION_SETTING, b"{", "证件号匹配参数缺失或已损坏"),
        (sealing.STATION_PUBLIC, b"short", "缺少办公室的现场登记加密公钥"),
    ],
)
def test_a_package_with_a_weak_cost_or_no_walk_in_key_is_refused(
    office: Database, tmp_path: Path, key: str, value: bytes, message: str
) -> None:
    """Signed with the event's key (what a faulty office build could write): still refused
    before a byte is written, so no station ever matches with a cheap hash."""
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    file = sync.read_signed(pkg, sync.PACKAGE_MAGIC, "站点包")
    tables = json.loads(file.body)
    for row in tables["settings"]:
        if row["key"] == key:
            row["value"] = base64.b64encode(value).decode()
    with office.reading() as s:
        signer = s.scalars(select(PassKey)).one().private_key
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    sync.write_signed(pkg, sync.PACKAGE_MAGIC, header, sync.json_bytes(tables), signer)
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with pytest.raises(sync.RefusedFile, match=message), station.transaction() as s:
        stations.setup_station(s, pkg)
    with station.reading() as s:
        assert s.scalars(select(Participant)).first() is None
    station.close()


def test_an_import_stores_each_id_number_sealed_never_in_clear(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_event(db)
    rows = good_rows(4)
    sheet = write_xlsx(tmp_path / "报名表.xlsx", rows)
    assert main(["import", str(sheet), "--event", IMPORT_EVENT, "--db", str(db_path)]) == 0
    capsys.readouterr()
    with db.reading() as s:
        opened = {
            p.name: sealing.open_document(s, p.doc_sealed or b"")
            for p in s.scalars(select(Participant))
        }
    assert opened == {str(r[1]): str(r[6]) for r in rows}
    data = _station_bytes(db_path).decode("latin-1")
    assert not any(str(r[6]) in data for r in rows)


# --- Walk-ins registered at a station ---------------------------------------------------------


def _grant(db: Database) -> roles.SupervisorGrant:
    """The supervisor's unlock a walk-in needs (the core checks it)."""
    with db.transaction() as s:
        if not roles.has_supervisor_pin(s):
            roles.set_supervisor_pin(s, "1234")
        grant = roles.attempt(s, "1234").grant
    assert grant is not None
    return grant


def _walk_in(station: Database, reg: WalkIn) -> None:
    grant = _grant(station)
    with station.transaction() as s:
        desk = Desk(_smart(station), "东门", "张三")
        checkin.walk_in(s, desk, reg, reason="现场", supervisor=grant)


def _bundle(station: Database, out: Path) -> Path:
    with station.transaction() as s:
        # `walk_in` records the time now; the office merges records of the activity's days only.
        s.execute(LogEvent.__table__.update().values(at=MORNING))
        sync.export_bundle(s, out)
    return out


def _merge(office: Database, *files: Path) -> None:
    with office.transaction() as s:
        for f in files:
            sync.merge_bundle(s, f)


def test_a_station_walk_in_is_sealed_to_the_office_and_matches_there(
    office: Database, tmp_path: Path
) -> None:
    station = setup(tmp_path / "east.sqlite3", package(office, 1, "东门", tmp_path / "e.pkg"))
    _walk_in(station, WalkIn("现场甲", WALKER, phone="139 1234 5678"))
    with station.reading() as s:
        walker = s.scalars(select(Participant).where(Participant.name == "现场甲")).one()
        assert walker.doc_hash.startswith(checkin.WALK_IN_TAG) and walker.doc_sealed is None
        shown = (walker.phone, walker.doc_prefix, walker.doc_last4)
        assert shown == ("139****5678", "", WALKER[-4:])
    # Found again by ID number at the station, and refused as a second walk-in.
    assert _scan(station, WALKER).verdict == Verdict.ALREADY_CHECKED_IN
    with pytest.raises(checkin.UserError, match="此证件已报名"):
        _walk_in(station, WalkIn("现场甲", WALKER))
    first = _bundle(station, tmp_path / "1.bundle")
    text = first.read_bytes().decode("latin-1")
    assert WALKER not in text and "13912345678" not in text and WALKER[:6] not in text
    # Undone after the first bundle left: the later bundle names the walk-in by its tag only.
    with station.transaction() as s:
        walk = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.WALKIN)).one()
        checkin.append(
            s,
            event_id=walk.event_id,
            activity_id=walk.activity_id,
            station="东门",
            kind=LogKind.UNDO,
            operator="张三",
            participant_id=walk.participant_id,
            person=walk.person,
            refers_to=walk.uid,
            reason="登记错误",
        )
    second = _bundle(station, tmp_path / "2.bundle")
    _merge(office, first)
    _merge(office, second)
    with office.reading() as s:
        key = workspace.document_key(s)
        person = s.scalars(select(Participant).where(Participant.name == "现场甲")).one()
        assert person.doc_hash == idcard.document_hash(key, WALKER)
        assert person.doc_sealed is not None
        assert sealing.open_document(s, person.doc_sealed) == WALKER
        assert (person.phone, person.doc_prefix, person.doc_slow) == ("13912345678", "1405", "")
        # The walk-in, the second scan's attempt and the later bundle's undo: all that person.
        log = {e.kind: (e.person, e.participant_id) for e in s.scalars(select(LogEvent))}
        kinds = (LogKind.WALKIN, LogKind.ATTEMPT, LogKind.UNDO)
        assert log == {k: (person.doc_hash, person.id) for k in kinds}
    # Merged again (the same bundle twice): nothing new, nothing inconsistent.
    _merge(office, first, second)
    station.close()


def test_a_station_walk_in_of_someone_the_office_knows_is_that_person(
    office: Database, tmp_path: Path
) -> None:
    """A package of one activity does not hold the other's people: at the office, the walk-in
    is matched to the registered person, as it was when stations held the document key."""
    pkg = package(office, 1, "东门", tmp_path / "e.pkg", activity_id=_smart(office))
    station = setup(tmp_path / "east.sqlite3", pkg)
    _walk_in(station, WalkIn("参观者99", id_number(99)))
    _merge(office, _bundle(station, tmp_path / "1.bundle"))
    with office.reading() as s:
        known = s.scalars(select(Participant).where(Participant.name == "参观者99")).one()
        walk = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.WALKIN)).one()
        assert (walk.person, walk.participant_id) == (known.doc_hash, known.id)
        assert known.status == Status.WAITLISTED  # the office's record is left as it was
    station.close()


def test_a_walk_in_the_office_cannot_open_keeps_its_tag_and_merges(
    office: Database, tmp_path: Path
) -> None:
    """A station that damages what it sealed (or seals to another event) harms no one: the
    office cannot derive the hash, so the walk-in stays a person of its own."""
    station = setup(tmp_path / "east.sqlite3", package(office, 1, "东门", tmp_path / "e.pkg"))
    _walk_in(station, WalkIn("现场乙", WALKER, phone="13912345678"))
    with station.transaction() as s:
        walk = s.scalars(select(LogEvent).where(LogEvent.kind == LogKind.WALKIN)).one()
        data = json.loads(walk.detail)
        data["registration"]["sealed"] = base64.b64encode(b"\0" * 80).decode()
        walk.detail = checkin.json_detail(data)
    _merge(office, _bundle(station, tmp_path / "1.bundle"))
    with office.reading() as s:
        person = s.scalars(select(Participant).where(Participant.name == "现场乙")).one()
        assert person.doc_hash == walk.person and person.doc_sealed is None
        assert person.phone == "139****5678"
    station.close()


def test_an_office_walk_in_reaching_a_station_keeps_the_stations_rules(
    office: Database, tmp_path: Path
) -> None:
    """Through the hub a station ingests the office desk's walk-ins: last four and masked phone
    only, and found by ID number with the event's slow hash like everyone else."""
    station = setup(tmp_path / "east.sqlite3", package(office, 1, "东门", tmp_path / "e.pkg"))
    grant = _grant(office)
    with office.transaction() as s:
        desk = Desk(_smart(office), "办公室", "李四")
        reg = WalkIn("现场丙", WALKER, phone="13912345678")
        checkin.walk_in(s, desk, reg, reason="现场", supervisor=grant)
        wires = [sync.to_wire(e) for e in s.scalars(select(LogEvent))]
    with station.transaction() as s:
        assert sync.ingest(s, wires) == 1
        person = s.scalars(select(Participant).where(Participant.name == "现场丙")).one()
        assert (person.phone, person.doc_prefix, person.doc_sealed) == ("139****5678", "", None)
    assert _scan(station, WALKER).verdict == Verdict.ALREADY_CHECKED_IN
    station.close()


def test_purge_clears_the_sealed_number(office: Database, tmp_path: Path) -> None:
    package(office, 1, "东门", tmp_path / "e.pkg")  # the event's walk-in key exists from now on
    with office.transaction() as s:
        purge.purge_event(s, 1, reason="保存期满", actor="办公室", today=dt.date(2026, 1, 1))
    with office.reading() as s:
        left = {(p.doc_sealed, p.doc_slow) for p in s.scalars(select(Participant))}
        keys = set(s.scalars(select(Setting.key)))
    assert left == {(None, "")}
    assert f"{sealing.WALKIN_KEY}:1" not in keys  # what stations sealed stays shut for good


# --- The stolen-station attack -----------------------------------------------------------------


def _dates(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _weighted(digits: str, start: int) -> int:
    return sum(int(d) * _W[start + i] for i, d in enumerate(digits))


def _candidates(regions: list[str], last4: str) -> Iterator[str]:
    """Every adult's number with these last four, region by region: what the thief tries. The
    check character prunes 10 in 11 before any hash is computed."""
    dates = [d.strftime("%Y%m%d") for d in _dates(dt.date(1935, 1, 1), dt.date(2007, 9, 24))]
    date_sums = [(d, _weighted(d, 6)) for d in dates]
    tail = _weighted(last4[:3], 14)
    want = "10X98765432".index(last4[3])
    for region in regions:
        base = _weighted(region, 0) + tail
        for d, s in date_sums:
            if (base + s) % 11 == want:
                yield f"{region}{d}{last4}"


def _attack(test: object, candidates: Iterator[str], box: float) -> tuple[str | None, int]:
    """Try candidates until `test` says yes or `box` seconds are spent: (found, tried)."""
    deadline = time.monotonic() + box
    tried = 0
    for number in candidates:
        tried += 1
        if test(number):  # type: ignore[operator]
            return number, tried
        if tried % 64 == 0 and time.monotonic() > deadline:
            break
    return None, tried


BOX = 10.0  # seconds each scheme gets
CANDIDATES = 3_500 * 25_000 // 11  # ~8 million: GB/T 2260's ~3,500 counties, adult birth dates


@pytest.mark.slow
@pytest.mark.real_cost
def test_a_stolen_station_does_not_give_an_id_number_away(
    office: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = id_number(3)
    # Today: what the station holds (the real cost, as a package at the office makes it).
    path = tmp_path / "east.sqlite3"
    setup(path, package(office, 1, "东门", tmp_path / "e.pkg")).close()
    with sqlite3.connect(path) as raw:
        (params_raw,) = raw.execute(
            "SELECT value FROM settings WHERE key = ?", (slowhash.STATION_SETTING,)
        ).fetchone()
        slow, last4, prefix = raw.execute(
            "SELECT doc_slow, doc_last4, doc_prefix FROM participants WHERE name = '参观者3'"
        ).fetchone()
        keys = {k for (k,) in raw.execute("SELECT key FROM settings")}
    params = slowhash.Params.from_bytes(params_raw)
    assert prefix == "" and "document_hash_key" not in keys
    # Memory-hard at the cost the office sets today: 16 MiB per guess.
    assert params.n * params.r * 128 >= 16 * 2**20
    assert (params.n, params.r) == (slowhash.COST_N, slowhash.COST_R)
    # Regions in the order a thief tries them; the target's county is not among the first.
    regions = [f"{p}{c:02d}{t:02d}" for p in range(11, 66) for c in range(1, 20) for t in (1, 2)]
    found, tried = _attack(
        lambda n: slowhash.slow_hash(params, n) == slow, _candidates(regions, last4), BOX
    )
    assert found is None
    per_hash = BOX / tried
    cpu_days = CANDIDATES * per_hash / 86_400

    # Before: the package carried the document key and the first four characters.
    with office.reading() as s:
        key = workspace.document_key(s)
        old = s.scalars(select(Participant).where(Participant.name == "参观者3")).one()
    assert old.doc_prefix == target[:4]
    known = [f"{old.doc_prefix}{t:02d}" for t in range(100)]  # the two unknown region digits
    old_found, old_tried = _attack(
        lambda n: hmac.digest(key, n.encode(), hashlib.sha256).hex() == old.doc_hash,
        _candidates(known, old.doc_last4),
        BOX,
    )
    assert old_found == target
    with capsys.disabled():
        print(
            f"\nstolen station: {tried} slow hashes in {BOX:.0f} s "
            f"({per_hash * 1000:.0f} ms each), "
            f"~{CANDIDATES:,} candidates = {cpu_days:.1f} CPU-days per ID number; "
            f"old package: found after {old_tried:,} HMACs"
        )
