"""The spoken prompt after an admit ("王芳，请上3号车"), for older visitors.

QTextToSpeech speaks it where the platform has a Chinese voice; otherwise the bundled espeak-ng
recordings (resources/voice, from scripts/make_voice.sh) say the bus part. Where neither works
the desk stays silent; a missing voice never stops a scan.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QUrl
from PySide6.QtMultimedia import QSoundEffect

VOICE = Path(__file__).resolve().parents[2] / "resources" / "voice"
_BUS_NUMBER = re.compile(r"(\d+)")
# Qt's test engine speaks nothing; never take it for a voice.
_NOT_A_VOICE = {"mock"}


def prompt_text(name: str, bus: str | None) -> str:
    """What is said: the name, then where to go."""
    number = bus_number(bus)
    if number is not None:
        return f"{name}，请上{number}号车"
    return f"{name}，请入场"


def bus_number(bus: str | None) -> int | None:
    found = _BUS_NUMBER.search(bus or "")
    return int(found.group(1)) if found else None


def recording_files(bus: str | None, folder: Path = VOICE) -> list[Path]:
    """The recordings that say "请上N号车": one file up to 20, else 请上 + digits + 号车."""
    number = bus_number(bus)
    if number is None:
        return []
    whole = folder / f"bus_{number}.wav"
    if whole.is_file():
        return [whole]
    parts = [
        folder / "qing_shang.wav",
        *(folder / f"digit_{d}.wav" for d in str(number)),
        folder / "hao_che.wav",
    ]
    return parts if all(p.is_file() for p in parts) else []


def _chinese_tts() -> object | None:
    """A text-to-speech engine with a Chinese voice, or None."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return None
    for engine in QTextToSpeech.availableEngines():
        if engine in _NOT_A_VOICE:
            continue
        tts = QTextToSpeech(engine)
        if tts.state() == QTextToSpeech.State.Error:
            tts.deleteLater()
            continue
        for locale in tts.availableLocales():
            if locale.language() == QLocale.Language.Chinese:
                tts.setLocale(locale)
                return tts
        tts.deleteLater()
    return None


class Speaker(QObject):
    """Speaks the prompt when `enabled`; looks for a voice only the first time it is needed."""

    def __init__(self, parent: QObject | None = None, *, voice_folder: Path = VOICE) -> None:
        super().__init__(parent)
        self.enabled = False
        self.voice_folder = voice_folder
        self.last_said = ""  # what was said last, or the recordings played ("" when silent)
        self.allow_tts = True
        self._tts: object | None = None
        self._looked = False
        self._queue: list[Path] = []
        self._effects: dict[Path, QSoundEffect] = {}

    @property
    def mode(self) -> str:
        """ "tts", "recordings" or "" (silent): for the desk's tooltip and tests."""
        self._find_voice()
        if self._tts is not None:
            return "tts"
        return "recordings" if (self.voice_folder / "bus_1.wav").is_file() else ""

    def _find_voice(self) -> None:
        if not self._looked:
            self._looked = True
            self._tts = _chinese_tts() if self.allow_tts else None

    def announce(self, name: str, bus: str | None) -> None:
        if not self.enabled:
            return
        self._find_voice()
        if self._tts is not None:
            text = prompt_text(name, bus)
            self._tts.say(text)  # type: ignore[attr-defined]
            self.last_said = text
            return
        files = recording_files(bus, self.voice_folder)
        self.last_said = " ".join(f.stem for f in files)
        self._queue = files
        self._play_next()

    def _effect(self, path: Path) -> QSoundEffect:
        effect = self._effects.get(path)
        if effect is None:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.playingChanged.connect(self._play_next_when_done)
            self._effects[path] = effect
        return effect

    def _play_next_when_done(self) -> None:
        if not any(e.isPlaying() for e in self._effects.values()):
            self._play_next()

    def _play_next(self) -> None:
        if self._queue:
            self._effect(self._queue.pop(0)).play()
