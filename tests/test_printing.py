"""Printed passes read back: the PDF rasterised at 150 dpi, every PNG, and a photo of one."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QFont, QFontMetrics, QPageSize, QPen, QRawFont

from checkin_app import events, passes, printing, scanning
from checkin_app.db import Database
from checkin_app.errors import UserError
from checkin_app.models import DocumentType, Participant, Status

RARE = "堃喆犇昇頔"
NAMES = [
    "李堃",
    "王喆",
    "赵犇",
    "孙昇",
    "周頔",
    "欧阳娜娜",
    "阿卜杜热合曼·艾则孜",
    "张三",
    "钱多多",
]


@pytest.fixture
def cards(db: Database, qapp: object) -> Iterator[list[passes.PassCard]]:
    """Nine issued passes over two activities (so the A4 sheet runs onto a second page)."""
    with db.transaction() as s:
        event = events.create_event(s, "晋城市城市管理局2024年“政府开放周”")
        smart = events.add_activity(
            s,
            event,
            "智慧城管",
            dt.date(2025, 9, 24),
            20,
            assembly_point="晋城市城市管理局一楼大厅",
            signin_start=dt.time(14, 20),
            signin_end=dt.time(14, 40),
        )
        green = events.add_activity(s, event, "绿色/城管?", dt.date(2025, 9, 25), 20)
        for n, name in enumerate(NAMES):
            s.add(
                Participant(
                    event_id=event.id,
                    activity_id=smart.id if n % 2 else green.id,
                    name=name,
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"h{n}",
                    doc_last4="123X",
                    doc_prefix="1405",
                    status=Status.CONFIRMED,
                )
            )
        s.flush()
        passes.issue_missing(s, event.id, actor="小王")
        passes.set_desk_lane(
            s, 1, lane="A", arrival_start=dt.time(14, 20), arrival_end=dt.time(14, 30)
        )
    with db.reading() as s:
        yield passes.pass_cards(s, 1)


def _verify_all(db: Database, codes: list[str]) -> list[str]:
    with db.reading() as s:
        results = [passes.verify_code(s, 1, c) for c in codes]
    assert all(isinstance(r, passes.Valid) for r in results), [r.message for r in results]
    return [r.name for r in results if isinstance(r, passes.Valid)]


def test_a_cjk_font_draws_rare_name_characters(qapp: object) -> None:
    family = printing.cjk_font_family()
    font = QFont(family)
    assert all(QFontMetrics(font).inFontUcs4(ord(ch)) for ch in RARE)
    assert all(QRawFont.fromFont(font).supportsCharacter(ord(ch)) for ch in RARE)
    assert printing.missing_glyphs("李堃 王喆 赵犇 孙昇 周頔", family) == []


def test_no_cjk_font_is_a_clear_error(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing.QFontDatabase, "families", staticmethod(lambda: ["DejaVu Sans"]))
    with pytest.raises(UserError, match="fonts-noto-cjk"):
        printing.cjk_font_family()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_pdf_s_text_reads_back_as_printed(
    db: Database, cards: list[passes.PassCard], tmp_path: Path
) -> None:
    # Ideographs that CJK fonts share with radicals, letters and digits beside an X.
    with db.transaction() as s:
        for n, name in enumerate(["白日月", "车雨手", "人身一"]):
            s.add(
                Participant(
                    event_id=1,
                    activity_id=1,
                    name=name,
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"x{n}",
                    doc_last4=f"58{n}X",
                    doc_prefix="6404",
                    status=Status.CONFIRMED,
                )
            )
        s.flush()
        passes.issue_missing(s, 1, actor="小王")
    with db.reading() as s:
        every = passes.pass_cards(s, 1)
    for a6 in (False, True):
        pdf = tmp_path / f"passes-{a6}.pdf"
        printing.write_pdf(every, pdf, a6=a6)
        done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        text = done.stdout.decode()
        assert not [ch for ch in text if 0x2E80 <= ord(ch) < 0x2FE0]  # no radical anywhere
        words = set(text.split())
        for card in every:
            assert card.name in words
            assert card.masked_id in words
            assert printing.format_manual_code(card.manual_code) in words
        assert "请携带本人身份证" in text and "2025年9月24日（星期三）" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a4_pdf_rasterised_at_150_dpi_scans_and_verifies_every_pass(
    db: Database, cards: list[passes.PassCard], tmp_path: Path
) -> None:
    pdf = tmp_path / "passes.pdf"
    assert printing.write_pdf(cards, pdf) == 2
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    found: list[str] = []
    for page in sorted(tmp_path.glob("page-*.png")):
        image = scanning.read_image(page)
        # Eight passes a page: read each cell on its own, as a desk would see one pass.
        h, w = image.shape[:2]
        for row in range(4):
            for col in range(2):
                cell = image[row * h // 4 : (row + 1) * h // 4, col * w // 2 : (col + 1) * w // 2]
                found += scanning.decode(cell)
    assert sorted(_verify_all(db, found)) == sorted(NAMES)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a6_cards_rasterised_scan(
    db: Database, cards: list[passes.PassCard], tmp_path: Path
) -> None:
    pdf = tmp_path / "cards.pdf"
    assert printing.write_pdf(cards[:3], pdf, a6=True) == 3
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "card")], check=True)
    found = [c for p in sorted(tmp_path.glob("card-*.png")) for c in scanning.decode_file(p)]
    assert len(_verify_all(db, found)) == 3


def test_every_png_scans_and_file_names_sort_by_activity_and_name(
    db: Database, cards: list[passes.PassCard], tmp_path: Path
) -> None:
    files = printing.write_pngs(cards, tmp_path / "png")
    names = [f.name for f in files]
    assert names == sorted(names)
    assert names[0].startswith("01_智慧城管_001_")
    assert names[-1].startswith("02_绿色_城管_")  # / and ? are not allowed on Windows
    assert "01_智慧城管_003_王喆.png" in names  # O, S, W, Z by pinyin
    for f in files:
        (code,) = scanning.decode_file(f)
        (name,) = _verify_all(db, [code])
        assert f.name.endswith(f"_{printing.safe_file_part(name, 20)}.png")


def _photo_like(image: np.ndarray) -> np.ndarray:
    """The pass as a phone camera might see it: tilted in perspective, blurred, darker."""
    h, w = image.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * 0.08, h * 0.05], [w * 0.95, 0], [w * 0.88, h], [0, h * 0.93]])
    warped = cv2.warpPerspective(
        image, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=(90, 90, 90)
    )
    blurred = cv2.GaussianBlur(warped, (5, 5), 1.5)
    return np.clip(blurred.astype(np.float32) * 0.45 + 10, 0, 255).astype(np.uint8)


def test_a_photo_of_a_png_still_scans(
    db: Database, cards: list[passes.PassCard], tmp_path: Path
) -> None:
    (file,) = printing.write_pngs(cards[:1], tmp_path)
    photo = _photo_like(scanning.read_image(file))
    cv2.imwrite(str(tmp_path / "photo.png"), photo)
    (code,) = scanning.decode(photo)
    assert _verify_all(db, [code]) == [cards[0].name]


def test_qr_version_is_at_most_6_at_level_m(cards: list[passes.PassCard], tmp_path: Path) -> None:
    import segno

    for card in cards:
        assert printing.qr_version(card.qr_text) == 6
        # The same symbol a reference encoder makes at level M in alphanumeric mode.
        reference = segno.make(card.qr_text, mode="alphanumeric", error="M", boost_error=False)
        assert (reference.version, reference.error) == (6, "M")
        assert len(printing.qr_matrix(card.qr_text)) == len(reference.matrix)
    assert printing.render_card(cards[0]).save(str(tmp_path / "card.png"))
    (read,) = zxingcpp.read_barcodes(scanning.read_image(tmp_path / "card.png"))
    assert (read.text, read.ec_level) == (cards[0].qr_text, "M")


def test_unwritable_pdf_path_is_a_clear_error(cards: list[passes.PassCard], tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法写入"):
        printing.write_pdf(cards, tmp_path / "missing-dir" / "x.pdf")


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_a_pdf_is_finished_even_when_painting_it_fails(qapp: object, tmp_path: Path) -> None:
    """open_pdf (passes and rosters): the title and page size set, the file closed on a failure."""
    path = tmp_path / "half.pdf"
    with (
        pytest.raises(RuntimeError, match="打印中断"),
        printing.open_pdf(path, "乘车名单", QPageSize.PageSizeId.A6) as pdf,
    ):
        pdf.pen(10, 10).line(0, 0, 50, 50, QPen())
        raise RuntimeError("打印中断")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert "乘车名单" in info.stdout and "297 x 420 pts" in info.stdout  # A6
    assert re.search(r"Pages:\s+1\n", info.stdout)
    with pytest.raises(UserError, match=r"文件夹“.*”不存在"):
        printing.open_pdf(tmp_path / "nowhere" / "x.pdf", "通行证").__enter__()
    assert not (tmp_path / "nowhere").exists()


def test_safe_file_names_for_windows() -> None:
    assert printing.safe_file_part('a<b>c:"d/e\\f|g?h*') == "a_b_c__d_e_f_g_h_"
    assert printing.safe_file_part("张三. ") == "张三"
    assert printing.safe_file_part("") == "_"


def test_cli_issues_and_writes_pdf_and_pngs(
    db: Database, db_path: Path, qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from checkin_app.cli import main

    with db.transaction() as s:
        event = events.create_event(s, "固原市城市管理局2025年“政府开放日”")
        day = events.add_activity(s, event, "城市管理开放日", dt.date(2025, 9, 24), 40)
        for n, status in enumerate([Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]):
            s.add(
                Participant(
                    event_id=event.id,
                    activity_id=day.id,
                    name=f"马{'堃喆犇'[n]}",
                    doc_type=DocumentType.RESIDENT_ID,
                    doc_hash=f"h{n}",
                    doc_last4="123X",
                    doc_prefix="6404",
                    status=status,
                )
            )
    pdf, png = tmp_path / "passes.pdf", tmp_path / "png"
    base = ["passes", "--db", str(db_path), "--event", "固原市城市管理局2025年“政府开放日”"]
    code = main([*base, "--pdf", str(pdf), "--png-dir", str(png), "--json", "--actor", "小王"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (out["issued"], out["passes"], out["pages"], out["png"]) == (2, 2, 1, 2)
    assert pdf.stat().st_size > 0 and len(list(png.glob("*.png"))) == 2
    # Again: nothing new to issue, the same passes printed again.
    assert main([*base, "--activity", "城市管理开放日"]) == 0
    assert "新发放通行证 0 张，有效通行证共 2 张" in capsys.readouterr().out
    # A mistyped activity is refused with a suggestion, and nothing changes.
    assert main([*base, "--activity", "城市管理"]) == 2
    assert "是否是“城市管理开放日”" in capsys.readouterr().err
    with db.reading() as s:
        assert [p.version for p in passes.pass_states(s, 1)] == [1, 1]
        # Printed by the command: remembered, with what the passes showed (no seat yet).
        states = passes.pass_states(s, 1)
        assert all(p.printed_at is not None and not p.needs_reprint for p in states)
