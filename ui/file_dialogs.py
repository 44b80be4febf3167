"""Every file dialog of the app: Qt's own widgets, kept from opening the workspace's files.

On POSIX, closing any descriptor of a file drops every lock SQLite holds on it in this process
(SQLite's "How To Corrupt An SQLite Database File", §2.2). Qt's dialog guesses each listed file's
type by reading it, so a dialog opened beside the workspace silently unlocked the office's
database, and another desk's check-ins were overwritten when the office closed. Here the icons
and type names come from the file name alone, the dialogs start away from the workspace, and a
save never targets the workspace's own files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QSettings, QStandardPaths
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QMessageBox, QWidget

_workspace: Path | None = None
_SETTINGS_KEY = "file_dialogs/last_directory"
# SQLite's companions of a database file: each is as much the workspace as the file itself.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def keep_away_from(database_file: Path | None) -> None:
    """Name the workspace file (None for PostgreSQL): dialogs never start beside it."""
    global _workspace
    _workspace = database_file.resolve() if database_file else None


def is_workspace_file(path: Path) -> bool:
    if _workspace is None:
        return False
    resolved = path.resolve()
    return any(resolved == Path(f"{_workspace}{suffix}") for suffix in _COMPANIONS)


class NoProbeIcons(QFileIconProvider):
    """Icons and types from the name and the directory entry (a stat), never the contents."""

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        icon: QIcon = super().icon(what)  # type: ignore[call-overload]
        return icon

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QCoreApplication.translate("file_dialogs", "文件夹")
        suffix = info.suffix().upper()
        if not suffix:
            return QCoreApplication.translate("file_dialogs", "文件")
        return QCoreApplication.translate("file_dialogs", "{0} 文件").format(suffix)


def _start_directory() -> str:
    remembered = QSettings().value(_SETTINGS_KEY, "", type=str)
    candidates = [
        Path(str(remembered)) if remembered else None,
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)),
        Path.home(),
    ]
    for candidate in candidates:
        if candidate is None or not candidate.is_dir():
            continue
        if _workspace is not None and candidate.resolve() == _workspace.parent:
            continue
        return str(candidate)
    return str(Path.home())


def _dialog(
    parent: QWidget | None, title: str, name_filter: str, start_name: str = ""
) -> QFileDialog:
    dialog = QFileDialog(parent, title, _start_directory(), name_filter)
    # The platform's native dialog (GTK, portals) sniffs contents on its own, beyond our reach.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(NoProbeIcons())
    if start_name:
        dialog.selectFile(start_name)
    return dialog


def _run(dialog: QFileDialog) -> list[Path]:
    if not dialog.exec():
        return []
    chosen = [Path(p) for p in dialog.selectedFiles()]
    if chosen:
        folder = chosen[0] if chosen[0].is_dir() else chosen[0].parent
        QSettings().setValue(_SETTINGS_KEY, str(folder))
    return chosen


def _refuse_workspace(parent: QWidget | None, path: Path) -> bool:
    if not is_workspace_file(path):
        return False
    QMessageBox.warning(
        parent,
        QCoreApplication.translate("file_dialogs", "不能使用这个文件"),
        QCoreApplication.translate(
            "file_dialogs", "“{0}”是本工作区的数据库文件，请另选一个文件名。"
        ).format(path.name),
    )
    return True


def open_file(parent: QWidget | None, title: str, name_filter: str) -> Path | None:
    chosen = open_files(parent, title, name_filter, many=False)
    return chosen[0] if chosen else None


def open_files(
    parent: QWidget | None, title: str, name_filter: str, *, many: bool = True
) -> list[Path]:
    """Files to read; reading one of the workspace's own files would unlock it, so never."""
    while True:
        dialog = _dialog(parent, title, name_filter)
        mode = QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
        dialog.setFileMode(mode)
        chosen = _run(dialog)
        if not any(_refuse_workspace(parent, path) for path in chosen):
            return chosen


def save_file(parent: QWidget | None, title: str, start_name: str, name_filter: str) -> Path | None:
    """A file to write; asks again rather than return one of the workspace's own files."""
    while True:
        dialog = _dialog(parent, title, name_filter, start_name)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        chosen = _run(dialog)
        if not chosen:
            return None
        if not _refuse_workspace(parent, chosen[0]):
            return chosen[0]


def existing_directory(parent: QWidget | None, title: str) -> Path | None:
    dialog = _dialog(parent, title, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    chosen = _run(dialog)
    return chosen[0] if chosen else None
