"""File dialogs beside a workspace in use: no write of any process is lost, and none probes it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from checkin_app.db import Database
from checkin_app.models import Setting
from ui import file_dialogs

UI = Path(__file__).resolve().parents[2] / "ui"


def _write(db: Database, key: str) -> None:
    with db.transaction() as s:
        s.add(Setting(key=key, value=b"x"))


def _other_process_writes(db_path: Path, prefix: str, count: int) -> None:
    """Another program on the same workspace (a desk window, `checkin passes`): its own
    connection, which checkpoints and removes the WAL when it believes it is the last one."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=WAL')\n"
        "for i in range(int(sys.argv[3])):\n"
        "    c.execute('INSERT INTO settings VALUES (?, ?)', (f'{sys.argv[2]}{i}', b'x'))\n"
        "c.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(db_path), prefix, str(count)], check=True, timeout=60
    )


def _look_into(folder: Path, qtbot: QtBot) -> Callable[[QFileDialog], int]:
    """Stands in for the user: the dialog goes to the workspace's folder and shows every file
    with its icon and type, as the list and detail views ask for them; then it is cancelled."""

    def exec_(dialog: QFileDialog) -> int:
        dialog.setDirectory(str(folder))
        dialog.setNameFilter("所有文件 (*)")  # the user widens the filter to see everything
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        root = model.index(str(folder))
        shown = 0 if dialog.testOption(QFileDialog.Option.ShowDirsOnly) else 3
        qtbot.waitUntil(lambda: model.rowCount(root) >= shown, timeout=5000)
        for row in range(model.rowCount(root)):
            for column in range(model.columnCount(root)):
                index = model.index(row, column, root)
                model.data(index, Qt.ItemDataRole.DisplayRole)
                model.data(index, Qt.ItemDataRole.DecorationRole)
        # The gatherer thread fills in each file's type (the probe, with Qt's own provider).
        qtbot.waitUntil(
            lambda: all(model.type(model.index(r, 0, root)) for r in range(model.rowCount(root))),
            timeout=5000,
        )
        qtbot.wait(200)
        dialog.close()
        return 0

    return exec_


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    # `.sqlite` matches more than one type by name, so Qt's own provider reads the file itself
    # (with `.sqlite3` it reads only the -wal and -shm files, which SQLite survives).
    return tmp_path / "ws.sqlite"


def test_no_write_is_lost_when_every_dialog_looks_at_the_workspace(
    qtbot: QtBot, ws_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = ws_path
    db = Database.open(str(db_path))
    _write(db, "office-0")  # the office holds the workspace open, WAL and all
    assert Path(f"{db_path}-wal").exists() and Path(f"{db_path}-shm").exists()
    file_dialogs.keep_away_from(db_path)
    monkeypatch.setattr(QFileDialog, "exec", _look_into(db_path.parent, qtbot))

    assert file_dialogs.open_file(None, "报名表", "报名表 (*.xlsx *.csv);;所有文件 (*)") is None
    assert file_dialogs.open_files(None, "数据包", "所有文件 (*)") == []
    assert file_dialogs.save_file(None, "导出报告", "报告.xlsx", "Excel 工作簿 (*.xlsx)") is None
    assert file_dialogs.existing_directory(None, "导出通行证图片到") is None

    _other_process_writes(db_path, "passes-", 1)
    _write(db, "office-1")
    _other_process_writes(db_path, "desk-", 5)
    _write(db, "office-2")
    db.close()  # the office exits and checkpoints what it has

    reopened = Database.open(str(db_path))
    with reopened.reading() as s:
        keys = set(s.scalars(select(Setting.key)))
    reopened.close()
    wanted = {"office-0", "office-1", "office-2", "passes-0"} | {f"desk-{i}" for i in range(5)}
    assert wanted <= keys


def test_icons_and_types_come_from_the_name_alone(tmp_path: Path) -> None:
    wal = tmp_path / "workspace.sqlite3-wal"
    wal.write_bytes(b"")
    wal.chmod(0)  # unreadable: asking for its icon and type must not even try to open it
    icons = file_dialogs.NoProbeIcons()
    info = QDir(str(tmp_path)).entryInfoList(["*-wal"])[0]
    assert icons.type(info) == "SQLITE3-WAL 文件"
    assert not icons.icon(info).isNull()
    assert icons.type(QDir(str(tmp_path)).entryInfoList(["."])[0]) == "文件夹"


def test_dialogs_never_start_in_the_workspace_folder(db_path: Path) -> None:
    file_dialogs.keep_away_from(db_path)
    dialog = file_dialogs._dialog(None, "x", "所有文件 (*)")
    assert Path(dialog.directory().absolutePath()).resolve() != db_path.parent.resolve()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert isinstance(dialog.iconProvider(), file_dialogs.NoProbeIcons)


def test_the_workspace_files_are_never_a_save_target(db_path: Path) -> None:
    file_dialogs.keep_away_from(db_path)
    for suffix in ("", "-wal", "-shm", "-journal"):
        assert file_dialogs.is_workspace_file(Path(f"{db_path}{suffix}"))
    assert not file_dialogs.is_workspace_file(db_path.parent / "报告.xlsx")


def test_every_file_dialog_of_the_app_goes_through_file_dialogs() -> None:
    offenders = [
        str(path.relative_to(UI.parent))
        for path in UI.rglob("*.py")
        if path.name != "file_dialogs.py" and "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_choosing_a_workspace_file_asks_again(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_dialogs.keep_away_from(db_path)
    answers = [[str(db_path)], [str(db_path.parent / "a.bundle")]]
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "exec", lambda _d: 1)
    monkeypatch.setattr(QFileDialog, "selectedFiles", lambda _d: answers.pop(0))
    monkeypatch.setattr(
        file_dialogs.QMessageBox, "warning", lambda _p, _t, text: warned.append(text)
    )
    assert file_dialogs.open_files(None, "数据包", "所有文件 (*)") == [db_path.parent / "a.bundle"]
    assert warned == ["“workspace.sqlite3”是本工作区的数据库文件，请另选一个文件名。"]
