"""The publications after the day: the 活动开展情况 DOCX, the 意见建议办理情况 DOCX and XLSX, and
the CLI of the ledger with its JSON shapes and refusals."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from PySide6.QtGui import QColor, QImage

from checkin_app import opinions, publications
from checkin_app.cli import main
from checkin_app.db import Database
from checkin_app.opinions import NewOpinion
from tests.test_reports import Day, build_day

ANSWERED = dt.date(2024, 6, 25)


@pytest.fixture
def day(db: Database) -> Day:
    return build_day(db)


def _photos(folder: Path) -> Path:
    folder.mkdir()
    for name, color in (("1 污水处理厂参观", "#3060a0"), ("2 座谈会现场", "#a03030")):
        image = QImage(800, 600, QImage.Format.Format_RGB32)
        image.fill(QColor(color))
        assert image.save(str(folder / f"{name}.jpg"))
    (folder / "说明.txt").write_text("不是图片", encoding="utf-8")
    (folder / "3 坏照片.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return folder


def _big_photo(folder: Path) -> Path:
    """A 40 MB photo: random pixels do not compress, so the file is as large as a camera's."""
    import numpy as np

    side = 3700
    pixels = np.random.default_rng(1).integers(0, 256, (side, side, 4), dtype=np.uint8)
    image = QImage(pixels.data, side, side, side * 4, QImage.Format.Format_RGB32)
    path = folder / "4 全景.png"
    assert image.save(str(path), "PNG", 100)  # type: ignore[call-overload]
    assert path.stat().st_size > 40_000_000
    return path


def _texts(document: object) -> str:
    paragraphs = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]  # type: ignore[attr-defined]
    return "\n".join(paragraphs + cells)


@pytest.mark.qt_log_ignore("JPEG datastream contains no image")  # the broken photo, skipped
def test_the_activity_draft_has_figures_chart_and_photos_and_skips_bad_files(
    day: Day, tmp_path: Path
) -> None:
    folder = _photos(tmp_path / "照片")
    _big_photo(folder)
    out = tmp_path / "活动开展情况.docx"
    with day.db.reading() as s:
        done = publications.write_activity_docx(s, day.event_id, out, folder)
    assert done.photos == 3
    assert len(done.skipped) == 2
    assert "说明.txt：不是可读取的图片，已跳过" in done.skipped
    assert any(x.startswith("3 坏照片.jpg：") and x.endswith("已跳过") for x in done.skipped)
    document = Document(str(out))
    text = _texts(document)
    assert "晋城市城市管理局2024年政府开放周活动开展情况" in text
    assert "2024年6月18日、19日、20日" in text
    assert "亲民城管" in text and "绿色城管" in text
    assert "图1　污水处理厂参观" in text and "图3　全景" in text
    # The chart and three photos, each scaled to at most 1600 pixels (the 40 MB one too).
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == 4
    for blob in images:
        image = QImage.fromData(blob)
        assert not image.isNull() and max(image.width(), image.height()) <= 1600
    assert out.stat().st_size < 3_000_000
    if os.environ.get("LOOK_AT"):
        (Path(os.environ["LOOK_AT"]) / out.name).write_bytes(out.read_bytes())


def _ledger(db: Database, event_id: int) -> list[int]:
    ids = []
    with db.transaction() as s:
        for text in (
            '=HYPERLINK("http://x") 公交站台太少',
            "希望多组织市民参观垃圾分类",
            "+86 提个建议：路灯太暗",
        ):
            added = opinions.add(
                s,
                event_id,
                NewOpinion(
                    text=text,
                    activity="亲民城管",
                    received=dt.date(2024, 6, 18),
                    name="王小明",
                    phone="13912345678",
                    topic="市政设施",
                ),
                actor="李文员",
            )
            ids.append(added.id)
    return ids


def test_the_opinions_publication_keeps_formulas_as_text_and_masks_givers(
    day: Day, tmp_path: Path
) -> None:
    with day.db.transaction() as s:
        opinions.set_rule(s, day.event_id, units=["晋城市城市管理局"])
    ids = _ledger(day.db, day.event_id)
    with day.db.transaction() as s:
        opinions.assign(s, ids[0], "晋城市城市管理局", actor="王科长")
        opinions.answer(s, ids[0], "=SUM(A1) 已增设站台", actor="王科长", at=ANSWERED)
        opinions.answer(s, ids[1], "现场已答复", actor="王科长", on_the_spot=True)
    docx, xlsx = tmp_path / "办理情况.docx", tmp_path / "办理情况.xlsx"
    with day.db.reading() as s:
        publications.write_opinions(s, day.event_id, docx, xlsx, today=dt.date(2024, 7, 1))
    text = _texts(Document(str(docx)))
    assert "共收到意见建议3条，已答复2条（其中现场答复1条），按期答复2条，答复率66.7%" in text
    assert "王**" in text and "王小明" not in text and "13912345678" not in text
    assert "总结评估" in text and "+86 提个建议：路灯太暗" in text
    assert '=HYPERLINK("http://x") 公交站台太少' in text  # text in Word as well
    book = load_workbook(xlsx)
    sheet = book["办理情况"]
    starts = [
        c for row in sheet.iter_rows() for c in row if str(c.value or "").startswith(("=", "+"))
    ]
    assert {str(c.value) for c in starts} == {
        '=HYPERLINK("http://x") 公交站台太少',
        "=SUM(A1) 已增设站台",
        "+86 提个建议：路灯太暗",
    }
    assert all(c.data_type == "s" and c.quotePrefix for c in starts)
    assert book["汇总"]["B6"].value == "66.7%"
    if os.environ.get("LOOK_AT"):
        (Path(os.environ["LOOK_AT"]) / docx.name).write_bytes(docx.read_bytes())


def test_the_blank_opinion_form_is_a_pdf(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "征集表.pdf"
    code = main(
        [
            "opinions",
            "form",
            "--event",
            str(day.event_id),
            "--activity",
            "亲民城管",
            "--pdf",
            str(out),
            "--db",
            str(day.db.engine.url.database),
        ]
    )
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    if os.environ.get("LOOK_AT"):
        (Path(os.environ["LOOK_AT"]) / out.name).write_bytes(data)
