"""The project's own checks: ruff, strict mypy on the core, and the core/Qt boundary."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Only the printing modules may draw with QtGui; nothing in the core may use widgets.
QTGUI_ALLOWED = {"printing.py", "print_font.py", "rosters.py", "forms.py"}


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


def test_mypy_strict_on_core() -> None:
    done = subprocess.run(
        [str(BIN / "mypy"), "--no-error-summary"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
