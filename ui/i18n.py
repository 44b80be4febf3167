"""Loads the English translation of the window's Chinese source strings when asked for, and
Qt's own Chinese (file dialogs, Yes/No buttons) for the Chinese window."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# Source strings are Chinese; only other languages need a translation file.
TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"zh": None, "en": "checkin_en.qm"}


def install_language(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Install the translator for `lang` ("zh" or "en"); returns it so it is kept alive."""
    file_name = LANGUAGES.get(lang)
    if file_name is None:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return _install_qt_chinese(app)
    translator = QTranslator(app)
    for folder in (TRANSLATIONS, Path(__file__).resolve().parent):
        if translator.load(str(folder / file_name)):
            app.installTranslator(translator)
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return translator
    raise FileNotFoundError(f"translation {file_name} not found in {TRANSLATIONS}")


def _install_qt_chinese(app: QCoreApplication) -> QTranslator | None:
    """Qt's own strings are English in its source: without this, 确认清除 asks Yes / No."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        logging.getLogger(__name__).warning("Qt's Chinese translation not found in %s", folder)
        return None
    app.installTranslator(translator)
    return translator


def remove_language(app: QCoreApplication, translator: QTranslator | None) -> None:
    if translator is not None:
        app.removeTranslator(translator)
