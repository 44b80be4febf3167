"""`checkin notices`: the rows for a bulk-SMS upload and the 公示 list, from the demo workspace."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from checkin_app import demo
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.notices import mask_name

# Printing needs a QGuiApplication; the widgets tests that may follow need it to be a
# QApplication, so let pytest-qt make the one application of the run.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "office.sqlite3"
    database = Database.open(str(path))
    with database.transaction() as s:
        demo.build_demo(s, seed=2025)
    database.close()
    return path


@pytest.fixture
def office(demo_copy: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_copy, tmp_path / "office.sqlite3"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_notices_have_a_ready_message_a_masked_id_and_the_pass_image(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "passes", "--event", "1", "--db", str(office))[0] == 0
    out = tmp_path / "通知.xlsx"
    code, said, err = _run(
        capsys, "notices", "--event", "1", "--out", str(out), "--db", str(office)
    )
    assert code == 0, err
    header, *rows = _rows(out)
    assert header == ("活动", "姓名", "证件号码", "手机号码", "状态", "通知内容", "通行证图片")
    confirmed = [r for r in rows if r[4] == "已确认"]
    waiting = [r for r in rows if r[4] == "候补"]
    assert confirmed and f"已确认{len(confirmed)}人，候补{len(waiting)}人" in said
    activity, name, masked, phone, _, text, png = confirmed[0]
    assert "*" in str(masked) and re.fullmatch(r"1\d{10}", str(phone))
    assert str(text).startswith(f"{name}您好：您已报名成功“{activity}”")
    assert "请携带本人身份证" in str(text) and re.search(
        r"签到码[0-9A-Z]{5}-[0-9A-Z]{5}", str(text)
    )
    assert str(png).endswith(".png") and str(name) in str(png)
    for place, row in enumerate([r for r in waiting if r[0] == waiting[0][0]], start=1):
        assert f"候补名单第{place}位" in str(row[5]) and row[6] in (None, "")


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "通知.xlsx"
    code, said, err = _run(
        capsys, "notices", "--event", "1", "--out", str(out), "--db", str(office),
        "--template", "{姓名}您好，请坐{座位号}",
    )  # fmt: skip
    assert code == 2 and said == ""
    assert "通知模板中有未知的占位符“{座位号}”" in err
    assert not out.exists()


def test_the_publication_masks_names_and_lists_work_units_by_activity(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "公示.xlsx"
    code, said, err = _run(
        capsys, "notices", "--event", "1", "--out", str(out), "--publish", "--db", str(office)
    )
    assert code == 0 and "公示名单" in said, err
    header, *rows = _rows(out)
    assert header == ("活动", "日期", "序号", "姓名", "工作单位")
    assert rows and all("*" in str(r[3]) for r in rows)
    assert rows[0][2] == 1


@pytest.mark.parametrize(
    ("name", "masked"), [("张三明", "张*明"), ("李娜", "李*"), ("欧阳娜娜", "欧**娜")]
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked
