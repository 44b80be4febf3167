"""The printed roster: per vehicle the seat map and the name list with tick boxes per site."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from checkin_app import events, logistics, rosters
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import Activity, Vehicle
from tests.test_leaders import NAMES, build_tour

# Printing needs a QGuiApplication; the widgets tests that may follow need it to be a
# QApplication, so let pytest-qt make the one application of the run.
pytestmark = pytest.mark.usefixtures("qapp")

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    # As copied or searched, with no folding: the print font leaves no radical in the text
    # layer (printing.print_font). Wrapped column heads are joined again.
    return "".join(done.stdout.decode().split())


@needs_poppler
def test_a_group_roster_has_the_seat_map_names_masked_phones_and_a_box_per_site(
    db: Database, tmp_path: Path
) -> None:
    tour = build_tour(db, NAMES)
    with db.reading() as s:
        act = s.get(Activity, tour.activity_id)
        assert act is not None
        sheets = rosters.roster_sheets(s, act, group_id=tour.group_id)
    (sheet,) = sheets
    assert sheet.stops == ("上车", "第一污水处理厂", "数字化城市管理指挥大厅")
    assert sheet.lines[0].name == "张晕车"
    assert sheet.lines[0].phone_masked == "139****0000" and sheet.lines[0].needs == "晕车"
    assert {c.label for c in sheet.seats if c.reserved} == {"1A", "1B"}
    pdf = tmp_path / "第1组.pdf"
    assert rosters.write_pdf(sheets, pdf) == 1
    text = pdf_text(pdf)
    for expected in (
        "城市管理开放日",
        "1号车",
        "乘车名单",
        "张晕车",
        "139****0000",
        "第一污水处理厂",
    ):
        assert expected in text
    assert "13900000000" not in text  # phones are masked on paper too
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 10_000


def test_a_long_list_runs_onto_more_pages(db: Database, tmp_path: Path) -> None:
    names = [f"乘客{i:02d}" for i in range(40)]
    tour = build_tour(db, names, rows=11)
    with db.reading() as s:
        act2 = s.get(Activity, tour.activity_id)
        assert act2 is not None
        sheets = rosters.roster_sheets(s, act2)
    assert len(sheets[0].lines) == 40
    assert rosters.write_pdf(sheets, tmp_path / "r.pdf") == 2


def test_nothing_seated_or_a_missing_folder_is_refused(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        event = events.create_event(s, "测试活动")
        act = events.add_activity(s, event, "大巴", dt.date(2025, 9, 24), 50)
        logistics.add_vehicle(s, act, "1号车")
        with pytest.raises(rosters.NothingSeated, match="还没有人安排座位"):
            rosters.roster_sheets(s, act)
    tour = build_tour(db, NAMES)
    with db.reading() as s:
        act2 = s.get(Activity, tour.activity_id)
        assert act2 is not None
        sheets = rosters.roster_sheets(s, act2)
    with pytest.raises(UserError, match="不存在"):
        rosters.write_pdf(sheets, tmp_path / "nowhere" / "r.pdf")


def test_checkin_roster_on_the_command_line(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_tour(db, NAMES)
    pdf = tmp_path / "g.pdf"
    code = main(["roster", "--db", str(db_path), "--group", "第1组", "--pdf", str(pdf), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and pdf.exists()
    assert result == {
        "pdf": str(pdf),
        "pages": 1,
        "sheets": [{"vehicle": "1号车", "group": "第1组", "people": 4}],
    }
    code = main(["roster", "--db", str(db_path), "--vehicle", "1号车", "--pdf", str(pdf)])
    assert code == 0 and "1号车 4人" in capsys.readouterr().out
    code = main(["roster", "--db", str(db_path), "--group", "第9组", "--pdf", str(pdf)])
    assert code == 2 and "错误：找不到分组“第9组”" in capsys.readouterr().err


def test_a_group_name_used_by_two_activities_needs_the_activity(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_tour(db, NAMES)
    with db.transaction() as s:
        event = events.find_event(s, 1)
        other = events.add_activity(s, event, "第二场", dt.date(2025, 9, 25), 40)
        logistics.add_group(s, other, "第1组")
    pdf = tmp_path / "g.pdf"
    code = main(["roster", "--db", str(db_path), "--group", "第1组", "--pdf", str(pdf)])
    assert code == 2
    assert "有2个分组叫“第1组”" in capsys.readouterr().err and not pdf.exists()
    code = main(
        [
            *("roster", "--db", str(db_path), "--group", "第1组"),
            *("--activity", "城市管理开放日", "--pdf", str(pdf)),
        ]
    )
    assert code == 0 and pdf.exists()


def test_a_vehicle_is_found_by_id_or_label_and_a_shared_label_needs_the_activity(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tour = build_tour(db, NAMES)
    with db.transaction() as s:
        event = events.find_event(s, 1)
        other = events.add_activity(s, event, "第二场", dt.date(2025, 9, 25), 40)
        logistics.add_vehicle(s, other, "1号车")
        first = s.scalars(select(Vehicle).where(Vehicle.activity_id == tour.activity_id)).one().id
    pdf = tmp_path / "v.pdf"
    code = main(["roster", "--db", str(db_path), "--vehicle", "1号车", "--pdf", str(pdf)])
    assert code == 2 and "有2个车辆叫“1号车”" in capsys.readouterr().err and not pdf.exists()
    code = main(["roster", "--db", str(db_path), "--vehicle", "9号车", "--pdf", str(pdf)])
    assert code == 2 and "错误：找不到车辆“9号车”" in capsys.readouterr().err
    code = main(["roster", "--db", str(db_path), "--vehicle", str(first), "--pdf", str(pdf)])
    assert code == 0 and "1号车 4人" in capsys.readouterr().out and pdf.exists()
