"""Station packages: made at the office, set up on a new laptop database, refused when altered."""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from checkin_app import checkin, events, hub, idcard, passes, sealing, stations, sync, workspace
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.demo import generate_id_number
from checkin_app.errors import UserError
from checkin_app.models import (
    Activity,
    DocumentType,
    Event,
    Gender,
    HubStationRole,
    Participant,
    Pass,
    PassKey,
    Setting,
    Station,
    Status,
)

ACTIVITY_DAY = dt.date(2025, 9, 24)
EVENT_NAME = "晋城市城市管理局2024年“政府开放周”"


def id_number(n: int) -> str:
    return generate_id_number(random.Random(n), "140502", dt.date(1980, 1, 1), Gender.MALE)


def build_office(db: Database, people: int = 4, *, name: str = EVENT_NAME) -> int:
    """An event with two activities; people 1..n are confirmed in the first, with passes,
    phone 1380000000n, the ID numbers of `id_number(n)`; one waitlisted person in the second."""
    with db.transaction() as s:
        event = events.create_event(s, name)
        smart = events.add_activity(s, event, "智慧城管", ACTIVITY_DAY, 40)
        green = events.add_activity(s, event, "绿色城管", ACTIVITY_DAY, 40)
        key = workspace.document_key(s)
        rows = [(smart.id, n, Status.CONFIRMED) for n in range(1, people + 1)]
        rows.append((green.id, 99, Status.WAITLISTED))
        for activity_id, n, status in rows:
            number = id_number(n)
            s.add(
                Participant(
                    event_id=event.id,
                    activity_id=activity_id,
                    name=f"参观者{n}",
                    phone=f"1380000{n:04d}",
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=idcard.document_hash(key, number),
                    doc_last4=number[-4:],
                    doc_prefix=number[:4],
                    doc_sealed=sealing.seal_document(s, number),
                    status=status,
                    remarks="办公室备注",
                )
            )
        s.flush()
        passes.issue_missing(s, event.id, actor="办公室")
        return event.id


def package(db: Database, event_id: int, station: str, out: Path, **options: object) -> Path:
    with db.transaction() as s:
        stations.export_package(s, event_id, station, out, **options)  # type: ignore[arg-type]
    return out


def setup(path: Path, package_file: Path) -> Database:
    station = Database.open(str(path))
    with station.transaction() as s:
        stations.setup_station(s, package_file)
    return station


def count(db: Database, model: type) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def office(db: Database) -> Database:
    build_office(db)
    return db


def test_a_package_sets_up_a_station_with_the_offices_ids(office: Database, tmp_path: Path) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    station = setup(tmp_path / "east.sqlite3", pkg)
    with office.reading() as s:
        office_ids = sorted(s.execute(select(Activity.id, Activity.name)))
        office_people = sorted(s.execute(select(Participant.id, Participant.doc_hash)))
        stored = s.scalars(select(Station)).one()
    with station.reading() as s:
        assert sorted(s.execute(select(Activity.id, Activity.name))) == office_ids
        people = sorted(s.execute(select(Participant.id, Participant.doc_hash)))
        assert people == office_people
        assert {p.phone for p in s.scalars(select(Participant))} >= {"138****0001"}
        assert {p.remarks for p in s.scalars(select(Participant))} == {""}
        key = s.scalars(select(PassKey)).one()
        assert key.private_key == b"" and len(key.public_key) == 32
        assert s.scalar(select(func.count()).select_from(Pass)) == 4
        assert checkin.station_name(s) == "东门"
        me = sync.identity(s)
        public = Ed25519PrivateKey.from_private_bytes(me.private_key).public_key()
        assert public.public_bytes_raw() == stored.public_key
        # No office key: the desk matches ID numbers by slow hash, and shows the last four.
        keys = set(s.scalars(select(Setting.key)))
        assert not keys & {"document_hash_key", "manual_code_key", sealing.OFFICE_KEY}
        assert not any(k.startswith(sealing.WALKIN_KEY) for k in keys)
        people = list(s.scalars(select(Participant)))
        assert {(p.doc_prefix, p.doc_sealed) for p in people} == {("", None)}
        assert all(len(p.doc_slow) == 64 for p in people)
    station.close()


def test_a_package_holds_no_clear_id_number_and_masked_phones(
    office: Database, tmp_path: Path
) -> None:
    text = package(office, 1, "东门", tmp_path / "east.pkg").read_bytes().decode()
    for n in (1, 2, 3, 4, 99):
        assert id_number(n) not in text
        assert f"1380000{n:04d}" not in text
    with_phones = package(office, 1, "西门", tmp_path / "west.pkg", with_phones=True)
    assert "13800000001" in with_phones.read_text()


def test_one_activity_carries_only_its_participants(office: Database, tmp_path: Path) -> None:
    with office.reading() as s:
        smart = s.scalars(select(Activity).where(Activity.name == "智慧城管")).one()
    pkg = package(office, 1, "东门", tmp_path / "east.pkg", activity_id=smart.id)
    station = setup(tmp_path / "east.sqlite3", pkg)
    with station.reading() as s:
        assert {p.activity_id for p in s.scalars(select(Participant))} == {smart.id}
        assert s.scalar(select(func.count()).select_from(Activity)) == 2
    station.close()


@pytest.mark.parametrize("where", ["magic", "header", "signature", "body", "end"])
def test_an_altered_package_is_refused_and_nothing_is_written(
    office: Database, tmp_path: Path, where: str
) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    data = bytearray(pkg.read_bytes())
    lines = data.split(b"\n", 3)
    offsets = {
        "magic": 3,
        "header": len(lines[0]) + 20,
        "signature": len(lines[0]) + len(lines[1]) + 5,
        "body": len(data) // 2,
        "end": len(data) - 2,
    }
    data[offsets[where]] ^= 0x01
    pkg.write_bytes(bytes(data))
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with pytest.raises(sync.RefusedFile, match="站点包") as err, station.transaction() as s:
        stations.setup_station(s, pkg)
    assert "被改动" in str(err.value) or "损坏" in str(err.value) or "不是" in str(err.value)
    assert count(station, Event) == 0 and count(station, Setting) == 0
    station.close()


def test_a_truncated_package_is_refused(office: Database, tmp_path: Path) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    pkg.write_bytes(pkg.read_bytes()[:-100])
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with pytest.raises(sync.RefusedFile, match="被截断"), station.transaction() as s:
        stations.setup_station(s, pkg)
    assert count(station, Participant) == 0
    station.close()


def test_a_package_resigned_with_another_key_is_refused(office: Database, tmp_path: Path) -> None:
    """Someone swaps the roster and signs with their own key: the pass key no longer matches."""
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    file = sync.read_signed(pkg, sync.PACKAGE_MAGIC, "站点包")
    tables = json.loads(file.body)
    tables["participants"][0]["status"] = "confirmed"
    private, public = sync.new_key_pair()
    header = {k: v for k, v in file.header.items() if k not in ("size", "sha256")}
    header["signer"] = base64.b64encode(public).decode()
    sync.write_signed(pkg, sync.PACKAGE_MAGIC, header, sync.json_bytes(tables), private)
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with pytest.raises(sync.RefusedFile, match="公钥"), station.transaction() as s:
        stations.setup_station(s, pkg)
    station.close()


def test_setup_needs_an_empty_database_and_the_right_fingerprint(
    office: Database, tmp_path: Path
) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    with pytest.raises(UserError, match="不是空的"), office.transaction() as s:
        stations.setup_station(s, pkg)
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with pytest.raises(sync.RefusedFile, match="指纹"), station.transaction() as s:
        stations.setup_station(s, pkg, expected_fingerprint="0000-0000-0000-0000")
    with office.reading() as s:
        right = sync.fingerprint(s.scalars(select(PassKey)).one().public_key)
    with station.transaction() as s:
        assert stations.setup_station(s, pkg, expected_fingerprint=right.lower()).station == "东门"
    station.close()


def test_station_names_are_unique_and_not_silently_replaced(
    office: Database, tmp_path: Path
) -> None:
    package(office, 1, "东门", tmp_path / "east.pkg")
    with office.reading() as s:
        first_key = s.scalars(select(Station)).one().public_key
    with pytest.raises(UserError, match="--replace"):
        package(office, 1, "东门", tmp_path / "again.pkg")
    package(office, 1, "东门", tmp_path / "again.pkg", replace=True)
    with office.reading() as s:
        assert s.scalars(select(Station)).one().public_key != first_key
    other = build_office(office, 1, name="固原市城市管理局2025年“政府开放日”")
    with pytest.raises(UserError, match="已用于"):
        package(office, other, "东门", tmp_path / "other.pkg")
    with pytest.raises(UserError, match="站点名称"):
        package(office, other, " ", tmp_path / "blank.pkg")


def test_cli_package_setup_then_scan_on_the_station(
    office: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = tmp_path / "east.pkg"
    args = ["station-package", "--event", EVENT_NAME, "--station", "东门", "--out", str(pkg)]
    code = main([*args, "--db", str(db_path), "--json"])
    made = json.loads(capsys.readouterr().out)
    assert code == 0 and made["participants"] == 5 and made["station"] == "东门"
    station_db = str(tmp_path / "east.sqlite3")
    check = ["--fingerprint", made["fingerprint"]]
    assert main(["station-setup", str(pkg), "--db", station_db, "--json", *check]) == 0
    assert json.loads(capsys.readouterr().out)["station"] == "东门"
    # Once more on the same database: refused in Chinese, exit 2.
    assert main(["station-setup", str(pkg), "--db", station_db, *check]) == 2
    assert "错误：这个数据库不是空的" in capsys.readouterr().err
    if not hasattr(checkin, "scan"):
        pytest.skip("checkin.scan not there yet")
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    with Database.open(station_db).transaction() as s:
        # The desk checks the day: move the activity to today on this laptop.
        s.execute(Activity.__table__.update().values(date=today))
    scan = ["scan", id_number(2), "--activity", "智慧城管", "--db", station_db, "--json"]
    code = main([*scan, "--operator", "张三"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, result
    assert result["verdict"] == "admitted" and result["participant"]["name"] == "参观者2"
    assert result["station"] in (None, "东门")
    code = main(scan)
    assert json.loads(capsys.readouterr().out)["verdict"] == "already_checked_in"
    with office.reading() as s:
        # The printed pass of person 3 (only the office can sign one).
        row = s.scalars(select(Pass).order_by(Pass.id).offset(2)).first()
        assert row is not None
        pass_text = passes.qr_text(s, row)
    assert main(["scan", pass_text, "--activity", "智慧城管", "--db", station_db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["participant"]["name"] == "参观者3"


def test_cli_package_refusal_is_chinese(
    office: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = ["station-setup", str(tmp_path / "none.pkg"), "--db", str(db_path), "--json"]
    code = main([*missing, "--fingerprint", "0000-0000-0000-0000"])
    assert code == 2
    assert json.loads(capsys.readouterr().out)["error"].startswith("找不到文件")


@pytest.mark.postgres
def test_a_hub_url_in_the_package_is_the_stations_own_role(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = Database(pg_url)
    build_office(office)
    # The office's address as the stations reach it, with the office's own credentials: those
    # must not travel, the package gets a role of the station's own.
    given = make_url(pg_url).set(drivername="postgresql", password="s3cret")
    pkg = tmp_path / "east.pkg"
    args = ["station-package", "--event", EVENT_NAME, "--station", "东门", "--out", str(pkg)]
    hub_url = given.render_as_string(hide_password=False)
    assert main([*args, "--hub-url", hub_url, "--db", pg_url]) == 0
    shown = capsys.readouterr().out
    assert f"实时同步：postgresql+psycopg://{hub.ROLE_PREFIX}" in shown and "s3cret" not in shown
    assert b"s3cret" not in pkg.read_bytes()
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with station.transaction() as s:
        made = stations.setup_station(s, pkg)
    with station.reading() as s:
        stored = hub.hub_url(s)
        assert (hub.pushed_seq(s), hub.pulled_id(s)) == (0, 0)
    assert stored is not None
    url = make_url(stored)
    assert url.username is not None and url.username.startswith(hub.ROLE_PREFIX)
    assert (url.host, url.port, url.database) == (given.host, given.port, given.database)
    assert url.password and url.password != "s3cret"
    assert made.hub_url == hub.shown_url(stored) and url.password not in made.hub_url
    station.close()
    # Without one, the station works offline only (and has no role).
    plain = setup(tmp_path / "west.sqlite3", package(office, 1, "西门", tmp_path / "west.pkg"))
    with plain.reading() as s:
        assert hub.hub_url(s) is None
    plain.close()
    with office.reading() as s:
        assert s.scalars(select(HubStationRole.station)).all() == ["东门"]
    office.close()


def test_a_bad_hub_url_is_refused_at_the_office_and_no_station_recorded(
    office: Database, tmp_path: Path
) -> None:
    for bad, reason in (("mysql://x@h/db", "应为 PostgreSQL"), ("postgresql://", "缺少主机")):
        with pytest.raises(UserError, match=reason):
            package(office, 1, "东门", tmp_path / "east.pkg", hub_url=bad)
    assert count(office, Station) == 0 and not (tmp_path / "east.pkg").exists()


def test_cli_package_with_a_hub_url_needs_a_postgresql_office(
    office: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = tmp_path / "east.pkg"
    args = ["station-package", "--event", EVENT_NAME, "--station", "东门", "--out", str(pkg)]
    url = "postgresql://station:pw@10.0.0.5/checkin"
    assert main([*args, "--hub-url", url, "--db", str(db_path)]) == 2
    assert "错误：实时同步需要以 PostgreSQL 作为办公室数据库" in capsys.readouterr().err
    assert count(office, Station) == 0 and not pkg.exists()
    code = main([*args, "--hub-url", "sqlite:///x", "--db", str(db_path)])
    assert code == 2 and "错误：办公室数据库地址应为 PostgreSQL" in capsys.readouterr().err


def test_open_station_sets_up_once_then_recognises_the_station(
    office: Database, tmp_path: Path
) -> None:
    pkg = package(office, 1, "东门", tmp_path / "east.pkg")
    header, tables = stations.read_package(pkg)
    station = Database.open(str(tmp_path / "east.sqlite3"))
    with station.transaction() as s:
        info, new = stations.open_station(s, header, tables)
    assert (info.station, new) == ("东门", True)
    with station.transaction() as s:
        again, new = stations.open_station(s, header, tables)
    assert (again, new) == (info, False)
    assert count(station, Participant) == 5
    # Another station's package, or the office's own database, is refused in Chinese.
    west = stations.read_package(package(office, 1, "西门", tmp_path / "west.pkg"))
    with pytest.raises(UserError, match="已是站点“东门”"), station.transaction() as s:
        stations.open_station(s, *west)
    with pytest.raises(UserError, match="不是空的"), office.transaction() as s:
        stations.open_station(s, header, tables)
    # The package made again (--replace) carries another key: not this laptop's any more.
    package(office, 1, "东门", tmp_path / "east-2.pkg", replace=True)
    with pytest.raises(UserError, match="已是站点“东门”"), station.transaction() as s:
        stations.open_station(s, *stations.read_package(tmp_path / "east-2.pkg"))
    station.close()
