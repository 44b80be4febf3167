"""`checkin bundle export --out NAME`: a name without an extension gets .bundle, which the
office's merge dialog lists first; a name with its own extension is kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkin_app.cli import main
from checkin_app.models import LogKind
from tests.test_sync import Field


@pytest.fixture
def field(tmp_path: Path) -> Iterator[Field]:
    f = Field(tmp_path)
    yield f
    f.close()


def test_export_adds_the_bundle_extension_only_when_the_name_has_none(
    field: Field, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    field.log("东门", LogKind.CHECKIN, 1, 1)
    station = str(field.root / "东门.sqlite3")
    code = main(["bundle", "export", "--out", str(tmp_path / "east"), "--db", station, "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["file"] == str(tmp_path / "east.bundle")
    assert (tmp_path / "east.bundle").is_file() and not (tmp_path / "east").exists()
    kept = tmp_path / "east.dat"
    code = main(["bundle", "export", "--all", "--out", str(kept), "--db", station, "--json"])
    assert code == 0 and kept.is_file() and not (tmp_path / "east.dat.bundle").exists()
    merged = field.merge(tmp_path / "east.bundle", kept)
    assert (merged.merged, merged.refused) == (1, [])
