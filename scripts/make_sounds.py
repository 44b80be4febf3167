"""Writes the desk's verdict sounds (resources/sounds/*.wav): one short, distinct tone per verdict.

Run it again after changing a tone: `.venv/bin/python scripts/make_sounds.py`. The files are
committed, so the app needs neither numpy at run time nor this script.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"

# (frequency Hz, duration s, waveform) per note; 0 Hz is a pause. A rising, clean chime means
# "come in"; everything else is lower, rougher or repeated so a steward hears the difference
# without looking. "square" and "saw" carry across an outdoor assembly point.
Note = tuple[float, float, str]
TONES: dict[str, list[Note]] = {
    "admitted": [(880, 0.09, "sine"), (1320, 0.16, "sine")],
    "already_checked_in": [(660, 0.09, "sine"), (0, 0.05, "sine"), (660, 0.09, "sine")],
    "wrong_activity": [(520, 0.12, "triangle"), (390, 0.18, "triangle")],
    "wrong_day": [(520, 0.12, "triangle"), (0, 0.04, "sine"), (350, 0.18, "triangle")],
    "not_confirmed": [(440, 0.25, "triangle")],
    "waitlisted": [(440, 0.1, "triangle"), (494, 0.15, "triangle")],
    "cancelled": [(494, 0.1, "triangle"), (392, 0.2, "triangle")],
    "outdated": [(600, 0.08, "square"), (0, 0.04, "sine"), (450, 0.16, "square")],
    "revoked": [(300, 0.3, "square")],
    "unknown": [(350, 0.1, "saw"), (0, 0.05, "sine"), (350, 0.1, "saw")],
    "forged": [
        (220, 0.1, "saw"),
        (0, 0.04, "sine"),
        (220, 0.1, "saw"),
        (0, 0.04, "sine"),
        (220, 0.1, "saw"),
    ],
    "unreadable": [(250, 0.12, "square")],
}


def _wave(freq: float, seconds: float, shape: str) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    if freq <= 0:
        return np.zeros_like(t)
    phase = (t * freq) % 1.0
    if shape == "sine":
        raw = np.sin(2 * np.pi * freq * t)
    elif shape == "triangle":
        raw = 4 * np.abs(phase - 0.5) - 1
    elif shape == "square":
        raw = np.where(phase < 0.5, 1.0, -1.0) * 0.6
    else:  # saw
        raw = (2 * phase - 1) * 0.7
    # 8 ms fades: no click at either end of a note.
    fade = min(len(t) // 2, int(RATE * 0.008))
    envelope = np.ones_like(t)
    envelope[:fade] = np.linspace(0, 1, fade)
    envelope[len(t) - fade :] = np.linspace(1, 0, fade)
    return np.asarray(raw * envelope)


def render(notes: list[Note]) -> bytes:
    samples = np.concatenate([_wave(*n) for n in notes])
    return (samples * 0.8 * 32767).astype("<i2").tobytes()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, notes in TONES.items():
        with wave.open(str(OUT / f"{name}.wav"), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(render(notes))
    print(f"wrote {len(TONES)} sounds to {OUT}")


if __name__ == "__main__":
    main()
