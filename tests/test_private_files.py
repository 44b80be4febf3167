"""Files holding personal data or keys are created readable by their owner only (POSIX 0600):
packages and bundles, the report, pass PDFs and PNGs, roster PDFs (the database: test_storage)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from checkin_app import passes, printing, reports, rosters, sync
from checkin_app.db import Database
from checkin_app.models import Activity
from tests.test_leaders import NAMES, build_tour
from tests.test_printing import cards  # noqa: F401  (the fixture)
from tests.test_reports import build_day

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def usual_umask() -> object:
    """What most systems use: without care, new files would be 0644 (world-readable)."""
    old = os.umask(0o022)
    yield None
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_signed_file_is_private_even_when_it_replaces_a_readable_one(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate().private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    path = tmp_path / "东门.bundle"
    path.write_bytes(b"old")
    path.chmod(0o644)
    sync.write_signed(path, sync.BUNDLE_MAGIC, {"station": "东门"}, b"names", key)
    assert _mode(path) == 0o600
    assert not (tmp_path / "东门.bundle.part").exists()


def test_the_report_is_private(db: Database, tmp_path: Path) -> None:
    day = build_day(db)
    out = tmp_path / "report.xlsx"
    with db.reading() as s:
        reports.export_report(s, day.event_id, out)
    assert _mode(out) == 0o600


def test_pass_pdfs_and_pngs_are_private(
    cards: list[passes.PassCard],  # noqa: F811
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "passes.pdf"
    printing.write_pdf(cards[:2], pdf)
    pngs = printing.write_pngs(cards[:3], tmp_path / "png")
    assert {p.name: _mode(p) for p in [pdf, *pngs]} == {p.name: 0o600 for p in [pdf, *pngs]}


def test_a_roster_pdf_is_private(db: Database, qapp: object, tmp_path: Path) -> None:
    tour = build_tour(db, NAMES)
    with db.reading() as s:
        act = s.get(Activity, tour.activity_id)
        assert act is not None
        sheets = rosters.roster_sheets(s, act, group_id=tour.group_id)
    pdf = tmp_path / "第1组.pdf"
    rosters.write_pdf(sheets, pdf)
    assert _mode(pdf) == 0o600
