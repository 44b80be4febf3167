"""Loads the English translation of the window's Chinese source strings when asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

# Source strings are Chinese; only other languages need a translation file.
TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"
LANGUAGES = {"zh": None, "en": "checkin_en.qm"}


def install_language(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Install the translator for `lang` ("zh" or "en"); returns it so it is kept alive."""
    file_name = LANGUAGES.get(lang)
    if file_name is None:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return None
    translator = QTranslator(app)
    for folder in (TRANSLATIONS, Path(__file__).resolve().parent):
        if translator.load(str(folder / file_name)):
            app.installTranslator(translator)
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return translator
    raise FileNotFoundError(f"translation {file_name} not found in {TRANSLATIONS}")


def remove_language(app: QCoreApplication, translator: QTranslator | None) -> None:
    if translator is not None:
        app.removeTranslator(translator)
