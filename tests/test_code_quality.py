"""The project's own checks: ruff, strict mypy on the core, and the core/Qt boundary."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.import_contracts import names_submodule

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Only the printing modules may draw with QtGui; nothing in the core may use widgets.
QTGUI_ALLOWED = {"printing.py", "print_font.py", "rosters.py", "afterday_print.py", "forms.py"}


def _qt_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n.startswith("PySide6")}
    return found


def _allowed(name: str, module_file: str) -> bool:
    if name in {"PySide6", "PySide6.QtCore"} or name.startswith("PySide6.QtCore."):
        return True
    return name.startswith("PySide6.QtGui") and module_file in QTGUI_ALLOWED


def test_core_never_imports_widgets() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "checkin_app").rglob("*.py")
        for name in _qt_imports(path)
        if not _allowed(name, path.name)
    ]
    assert offenders == []


def test_ruff_is_clean() -> None:
    done = subprocess.run(
        [str(BIN / "ruff"), "check", "checkin_app", "ui", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_on_core_and_ui() -> None:
    done = subprocess.run(
        [str(BIN / "mypy"), "--no-error-summary"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _lint_imports(config: Path | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(BIN / "lint-imports"), "--no-cache"]
    if config is not None:
        args += ["--config", str(config)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)


def test_import_contracts_hold() -> None:
    """The layers' boundaries in pyproject.toml: the core never imports QtWidgets, only its
    printing modules import QtGui, the UI never imports SQLAlchemy or the models."""
    done = _lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def test_the_submodule_contract_catches_an_import(tmp_path: Path) -> None:
    """Without its exemptions the QtGui contract finds the printing modules' imports."""
    config = tmp_path / "contracts.ini"
    config.write_text(
        "[importlinter]\nroot_packages =\n    checkin_app\ninclude_external_packages = True\n"
        "contract_types =\n    submodule: tests.import_contracts.SubmoduleContract\n\n"
        "[importlinter:contract:qtgui]\nname = No QtGui at all\ntype = submodule\n"
        "source_modules =\n    checkin_app\nsubmodule = PySide6.QtGui\n",
        encoding="utf-8",
    )
    done = _lint_imports(config)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "checkin_app.printing:" in done.stdout and "0 kept, 1 broken" in done.stdout
    assert names_submodule("from PySide6 import QtGui, QtCore", "PySide6.QtGui")
    assert names_submodule("import PySide6.QtGui", "PySide6.QtGui")
    assert not names_submodule("from PySide6.QtCore import QObject", "PySide6.QtGui")
