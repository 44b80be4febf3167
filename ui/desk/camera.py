"""The desk's camera: OpenCV capture and QR decoding on a worker thread, preview frames to the UI.

`--camera PATH` puts a video file or a folder of images in the camera's place (demos, tests).
A code the camera keeps seeing is one attempt: it is passed on again only after it has been out
of sight for `REPEAT_WINDOW_S`, so a pass held up for ten seconds is not ten "already checked in".
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from checkin_app import scanning
from checkin_app.errors import UserError

REPEAT_WINDOW_S = 3.0
# A camera read failing this many times in a row means it was unplugged (one miss is a hiccup).
LOST_AFTER_FAILURES = 5
RECONNECT_EVERY_S = 2.0
PREVIEW_WIDTH = 640
# The decoder's budget per frame: one frame at 30 fps, so the preview never falls behind.
DECODE_BUDGET_MS = 30.0
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}


class FrameSource(Protocol):
    """Where frames come from. `live`: a failed read means the device went away (a camera),
    rather than the end of a recording (a file)."""

    description: str
    live: bool
    interval_s: float  # pause between frames (a camera's read already waits for the next one)

    def open(self) -> bool: ...
    def read(self) -> scanning.Image | None: ...
    def close(self) -> None: ...


def _backend() -> int:
    # Opening a camera through MSMF can take many seconds on Windows; DirectShow is quick.
    if sys.platform == "win32":
        return int(cv2.CAP_DSHOW)
    if sys.platform.startswith("linux"):
        return int(cv2.CAP_V4L2)
    return int(cv2.CAP_ANY)


class DeviceSource:
    """A webcam, by OpenCV index or (Linux) device path, asked for MJPG 1280×720."""

    live = True
    interval_s = 0.0

    def __init__(self, device: int | str, description: str = "") -> None:
        self.device = device
        self.description = description or str(device)
        self._capture: cv2.VideoCapture | None = None

    def open(self) -> bool:
        capture = cv2.VideoCapture(self.device, _backend())
        if not capture.isOpened():
            capture.release()
            return False
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, 1280)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, 720)
        # One buffered frame: the preview shows now, not half a second ago.
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._capture = capture
        return True

    def read(self) -> scanning.Image | None:
        if self._capture is None:
            return None
        try:
            ok, frame = self._capture.read()
        except cv2.error:
            return None
        return np.asarray(frame, dtype=np.uint8) if ok and frame is not None else None

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFileSource(DeviceSource):
    """A recorded video in the camera's place, played at its own frame rate."""

    live = False

    def __init__(self, path: Path, interval_s: float | None = None) -> None:
        super().__init__(str(path), path.name)
        self._fixed_interval = interval_s
        self.interval_s = interval_s if interval_s is not None else 0.04

    def open(self) -> bool:
        capture = cv2.VideoCapture(str(self.device))
        if not capture.isOpened():
            capture.release()
            return False
        if self._fixed_interval is None:
            fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
            self.interval_s = 1.0 / min(max(fps, 1.0), 60.0)
        self._capture = capture
        return True


class ImageFolderSource:
    """The images of a folder, in name order, each shown as one frame."""

    live = False

    def __init__(self, folder: Path, interval_s: float = 0.5) -> None:
        self.folder = folder
        self.description = folder.name
        self.interval_s = interval_s
        self._files: list[Path] = []

    def open(self) -> bool:
        if not self.folder.is_dir():
            return False
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        return bool(self._files)

    def read(self) -> scanning.Image | None:
        while self._files:
            try:
                return scanning.read_image(self._files.pop(0))
            except UserError:
                continue  # a broken file among the pictures is skipped, as a blurred frame is
        return None

    def close(self) -> None:
        self._files = []


def source_for(spec: str) -> FrameSource:
    """`--camera`: a folder of images, a video file, a device path or a camera number."""
    path = Path(spec)
    if spec.isdigit():
        return DeviceSource(int(spec), f"#{spec}")
    if path.is_dir():
        return ImageFolderSource(path)
    if spec.startswith("/dev/"):
        return DeviceSource(spec, spec)
    return VideoFileSource(path)


@dataclass(frozen=True)
class CameraChoice:
    """A camera as the chooser lists it: the name the system gives it, and how to open it."""

    description: str
    device: int | str


def list_cameras() -> list[CameraChoice]:
    """The cameras Qt knows, by name. On Linux Qt's id is the device path OpenCV opens; elsewhere
    Qt and OpenCV (DirectShow, AVFoundation) number the cameras in the same order."""
    from PySide6.QtMultimedia import QMediaDevices

    found = []
    for index, device in enumerate(QMediaDevices.videoInputs()):
        ident = bytes(device.id().data()).decode(errors="replace")
        target: int | str = ident if ident.startswith("/dev/video") else index
        found.append(CameraChoice(device.description() or ident, target))
    return found


class RepeatFilter:
    """Says whether a code seen now is a new attempt: not when it was seen in the last
    `window_s` seconds (counted from the last sighting, so holding a pass up stays one attempt)."""

    def __init__(self, window_s: float = REPEAT_WINDOW_S) -> None:
        self.window_s = window_s
        self._last_seen: dict[str, float] = {}

    def is_new(self, code: str, now: float) -> bool:
        last = self._last_seen.get(code)
        self._last_seen[code] = now
        # Forget codes long out of sight, so a day's worth of passes does not pile up.
        if len(self._last_seen) > 256:
            self._last_seen = {c: t for c, t in self._last_seen.items() if now - t <= self.window_s}
        return last is None or now - last > self.window_s


def to_qimage(frame: scanning.Image, width: int = PREVIEW_WIDTH) -> QImage:
    """A BGR frame as an RGB QImage (its own copy), scaled down for the preview."""
    h, w = frame.shape[:2]
    if w > width:
        frame = np.asarray(
            cv2.resize(frame, (width, int(h * width / w)), interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
        h, w = frame.shape[:2]
    if frame.ndim == 2:
        rgb = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    else:
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    rgb = np.ascontiguousarray(rgb)
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class CameraThread(QThread):
    """Reads, decodes and previews frames until stopped. Its signals arrive on the UI thread.

    `opened(description)`, `failed(description)` when it cannot be opened, `lost(description)`
    when a camera stops giving frames (it keeps trying to reopen it), `ended(description)` when
    a file source has played to its end.
    """

    frame = Signal(QImage)
    code = Signal(str)
    opened = Signal(str)
    failed = Signal(str)
    lost = Signal(str)
    ended = Signal(str)

    def __init__(
        self,
        source: FrameSource,
        *,
        repeat_window_s: float = REPEAT_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.source = source
        self._repeats = RepeatFilter(repeat_window_s)
        self._clock = clock
        self._stop = threading.Event()
        # Set when the UI has painted the last preview: a busy UI skips frames, never queues them.
        self._preview_free = threading.Event()
        self._preview_free.set()
        self.frames_read = 0

    def stop(self) -> None:
        self._stop.set()
        self.wait()

    def preview_shown(self) -> None:
        self._preview_free.set()

    def run(self) -> None:
        decoder = scanning.Decoder(qr_only=True, budget_ms=DECODE_BUDGET_MS)
        if not self._open():
            self.failed.emit(self.source.description)
            if not self.source.live or not self._reconnect():
                return
        try:
            self._loop(decoder)
        finally:
            self.source.close()

    def _open(self) -> bool:
        try:
            return self.source.open()
        except (cv2.error, OSError):
            return False

    def _loop(self, decoder: scanning.Decoder) -> None:
        self.opened.emit(self.source.description)
        failures = 0
        while not self._stop.is_set():
            image = self.source.read()
            if image is None:
                if not self.source.live:
                    self.ended.emit(self.source.description)
                    return
                failures += 1
                if failures < LOST_AFTER_FAILURES:
                    self._stop.wait(0.05)
                    continue
                self.lost.emit(self.source.description)
                self.source.close()
                if not self._reconnect():
                    return
                self.opened.emit(self.source.description)
                failures = 0
                continue
            failures = 0
            self.frames_read += 1
            self._handle(decoder, image)
            if self.source.interval_s:
                self._stop.wait(self.source.interval_s)

    def _handle(self, decoder: scanning.Decoder, image: scanning.Image) -> None:
        now = self._clock()
        for text in decoder.decode(image):
            if self._repeats.is_new(text, now):
                self.code.emit(text)
        if self._preview_free.is_set():
            self._preview_free.clear()
            self.frame.emit(to_qimage(image))

    def _reconnect(self) -> bool:
        """Try to open the source again until it works or the desk stops the camera."""
        while not self._stop.wait(RECONNECT_EVERY_S):
            if self._open():
                return True
        return False
