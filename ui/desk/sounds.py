"""The verdict sounds: one short bundled WAV per verdict, played with QSoundEffect.

The tones come from scripts/make_sounds.py. A laptop without a sound device plays nothing and
the desk goes on; nothing here may stop a scan.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QSoundEffect

from checkin_app.checkin import Verdict

SOUNDS = Path(__file__).resolve().parents[2] / "resources" / "sounds"
# An undo sounds like a refusal to scan again: the person is out.
_FILE_OF = {Verdict.UNDONE: Verdict.NOT_CONFIRMED}


def sound_file(verdict: Verdict) -> Path:
    return SOUNDS / f"{_FILE_OF.get(verdict, verdict).value}.wav"


class VerdictSounds(QObject):
    """Plays the sound of a verdict; `enabled` is the desk's sound toggle."""

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.last_played: Verdict | None = None
        self._effects: dict[Verdict, QSoundEffect] = {}

    def _effect(self, verdict: Verdict) -> QSoundEffect | None:
        effect = self._effects.get(verdict)
        if effect is None:
            path = sound_file(verdict)
            if not path.is_file():
                return None
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(1.0)
            self._effects[verdict] = effect
        return effect

    def play(self, verdict: Verdict) -> None:
        if not self.enabled:
            return
        effect = self._effect(verdict)
        if effect is None:
            return
        # A new verdict cuts the last one short: the queue moves faster than the tones.
        for other in self._effects.values():
            if other is not effect and other.isPlaying():
                other.stop()
        effect.play()
        self.last_played = verdict
