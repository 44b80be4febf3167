"""Recognises a keyboard-wedge scanner's burst of keys wherever the focus is, by its timing.

A scanner types a whole code a few milliseconds a key and ends with Enter; a person types a key
every 80 ms or more. Keys aimed at any widget other than the scan field are held back for
`gap_ms`: when more keys follow that fast and end in Enter, the burst is a scan and the widget
never sees it; otherwise the held keys are handed on unchanged, so typing in the search box
is delayed by a few tens of milliseconds and never hijacked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

# Scanners in keyboard mode send a key every 1-20 ms (USB polling at 8 ms, some wait 2 frames).
GAP_MS = 40
# Shorter than this is not a code any of our inputs could be (a manual code has 10 characters).
MIN_LENGTH = 6
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@dataclass(frozen=True)
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class ScannerBurstFilter(QObject):
    """An application-wide event filter; `scanned(text)` for every burst it takes."""

    scanned = Signal(str)

    def __init__(
        self,
        scan_field: QWidget,
        parent: QObject | None = None,
        *,
        gap_ms: int = GAP_MS,
        min_length: int = MIN_LENGTH,
    ) -> None:
        super().__init__(parent)
        self.scan_field = scan_field
        self.gap_ms = gap_ms
        self.min_length = min_length
        self._held: list[_HeldKey] = []
        self._target: QWidget | None = None
        self._last = 0.0
        self._replaying = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        self.flush()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Key events reach the window (QWindow) first and the focused widget after; only the
        # widget's delivery counts, or every key would be seen twice.
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or watched is self.scan_field:
            return False
        if not isinstance(event, QKeyEvent):
            return False
        return self._key(watched, event)

    def _key(self, target: QWidget, event: QKeyEvent) -> bool:
        now = self._clock(event)
        fast = bool(self._held) and (now - self._last) <= self.gap_ms and target is self._target
        if event.key() in _ENTER:
            if fast and len(self._held) >= self.min_length:
                text = "".join(k.text for k in self._held)
                self._forget()
                self.scanned.emit(text)
                return True
            self.flush()
            return False
        text = event.text()
        printable = len(text) == 1 and text.isprintable() and not event.modifiers() & _MODIFIERS
        if not printable:
            self.flush()
            return False
        if self._held and not fast:
            self.flush()
        self._held.append(_HeldKey(event.key(), event.modifiers(), text))
        self._target = target
        self._last = now
        self._flush_timer.start(self.gap_ms)
        return True

    def _clock(self, event: QKeyEvent) -> float:
        # A real key's own time stamp (ms) survives a busy UI thread that delivers a person's
        # keys late and together; synthetic keys (tests, replays) have none, so take ours.
        if event.spontaneous() and event.timestamp():
            return float(event.timestamp())
        return time.monotonic() * 1000

    def _forget(self) -> None:
        self._flush_timer.stop()
        self._held = []
        self._target = None

    def flush(self) -> None:
        """Hand the held keys on to the widget they were meant for: a person was typing."""
        held, target = self._held, self._target
        self._forget()
        if not held or target is None:
            return
        self._replaying = True
        try:
            for k in held:
                press = QKeyEvent(QEvent.Type.KeyPress, k.key, k.modifiers, k.text)
                QApplication.sendEvent(target, press)
        except RuntimeError:
            pass  # the widget was closed while its keys were held: nobody to give them to
        finally:
            self._replaying = False
