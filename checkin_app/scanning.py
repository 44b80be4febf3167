"""Reading codes from images: the webcam frames at the desk and image files on the command line.

zxing-cpp leads (it reads the most frames, fastest, with no system library); the retries behind it
(an enlarged and a sharpened copy, then pyzbar and OpenCV) run only on frames it missed, and only
while the frame's time budget lasts. `bench/decode_bench.py` measures what each retry adds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

from checkin_app.errors import UserError

log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]

# The stages a Decoder may run, in the order the benchmark justified (see bench/decode_bench.py):
# each later stage only runs when all earlier ones read nothing, and only inside the budget.
ALL_STAGES = ("zxing", "zxing-upscale", "zxing-sharpen", "pyzbar", "opencv")
# The camera's default: pyzbar and OpenCV add no reads over the zxing retries on the benchmark's
# frames, at 10-40 times the cost, so a live frame does not wait for them.
CAMERA_STAGES = ("zxing", "zxing-upscale", "zxing-sharpen")

_UPSCALE_MAX_SIDE = 2880  # a 1280×720 frame is enlarged 2×; an A4 page at 150 dpi 1.6×
_SHARPEN = np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=np.float32)

# What `checkin decode --formats` takes besides zxing's own names (QRCode, EAN13, Code128, ...).
FORMAT_ALIASES = {"qr": "QRCode", "all": "AllReadable", "linear": "AllLinear"}


def parse_formats(text: str) -> Any:
    """`qr`, `all` or zxing's format names joined by commas; UserError naming the bad one."""
    names = [FORMAT_ALIASES.get(n.strip().lower(), n.strip()) for n in text.split(",")]
    if not any(names):
        raise UserError("请指明要识别的码制，例如 qr 或 qr,ean13")
    for name in names:
        try:
            zxingcpp.barcode_format_from_str(name)
        except (ValueError, RuntimeError):
            raise UserError(
                f"不认识的码制“{name}”：可用 qr、all、linear 或 QRCode、EAN13、Code128、ITF 等"
            ) from None
    return zxingcpp.barcode_formats_from_str(",".join(names))


def _inside(point: tuple[float, float], corners: Sequence[tuple[float, float]]) -> bool:
    polygon = np.array(corners, dtype=np.float32).reshape(-1, 1, 2)
    return bool(cv2.pointPolygonTest(polygon, point, False) >= 0)


def _outside_qr_codes(results: Sequence[Any]) -> list[Any]:
    """A 1-D decoder can read one row of a QR code's modules as an ITF barcode: a code lying
    inside a QR code that was read is not a code of its own."""
    qr = zxingcpp.BarcodeFormat.QRCode
    squares = [_corners(r.position) for r in results if r.format == qr]
    kept = []
    for r in results:
        corners = _corners(r.position)
        centre = (sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4)
        if r.format == qr or not any(_inside(centre, square) for square in squares):
            kept.append(r)
    return kept


def _corners(position: Any) -> list[tuple[float, float]]:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return [(float(p.x), float(p.y)) for p in points]


_optional_lock = threading.Lock()
_pyzbar_module: ModuleType | None = None
_pyzbar_checked = False
_pyzbar_problem = ""


def _load_pyzbar() -> ModuleType | None:
    """pyzbar, if it imports and its libzbar loads; why not is logged once per process."""
    global _pyzbar_module, _pyzbar_checked, _pyzbar_problem
    with _optional_lock:
        if not _pyzbar_checked:
            _pyzbar_checked = True
            try:
                # Importing pyzbar.pyzbar loads libzbar; a missing library raises ImportError
                # (or OSError on some platforms when the DLL's runtime is absent).
                from pyzbar import pyzbar

                _pyzbar_module = pyzbar
            except (ImportError, OSError) as err:
                _pyzbar_module = None
                _pyzbar_problem = str(err) or type(err).__name__
                log.warning(
                    "optional decoder pyzbar is unavailable (%s); scanning goes on without it",
                    _pyzbar_problem,
                )
        return _pyzbar_module


def forget_optional_decoders() -> None:
    """Look for the optional decoders again on next use (after installing one, and in tests)."""
    global _pyzbar_module, _pyzbar_checked, _pyzbar_problem
    with _optional_lock:
        _pyzbar_module, _pyzbar_checked, _pyzbar_problem = None, False, ""


def missing_decoders() -> list[str]:
    """Names of optional decoders that cannot be used here, e.g. ["pyzbar"]; empty when all are."""
    return [] if _load_pyzbar() is not None else ["pyzbar"]


def _grey(image: Image) -> Image:
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    if image.ndim == 3 and image.shape[2] == 3:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if image.ndim == 3 and image.shape[2] == 4:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    raise ValueError(f"not an image: shape {image.shape}")


def _bytes_to_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class Decoder:
    """Finds every code in an image, retrying a missed frame within `budget_ms`.

    `qr_only=True` is the camera's setting: a 1-D decoder would read noise, blinds or a book's
    spine as a barcode, and passes are always QR codes. One Decoder per thread (OpenCV's
    detectors are not shared across threads).
    """

    def __init__(
        self,
        *,
        qr_only: bool = False,
        budget_ms: float | None = None,
        stages: Sequence[str] | None = None,
        formats: Any = None,
    ) -> None:
        """`formats`: zxing's BarcodeFormats to read (`parse_formats`), None for every one;
        `qr_only` is the same as QR codes alone, also for pyzbar and OpenCV."""
        chosen = tuple(stages) if stages is not None else (CAMERA_STAGES if qr_only else ALL_STAGES)
        unknown = [s for s in chosen if s not in ALL_STAGES]
        if unknown:
            raise ValueError(f"unknown decoding stages: {unknown}")
        self.qr_only = qr_only
        self.budget_ms = budget_ms
        self.stages = chosen
        self._formats: Any = zxingcpp.BarcodeFormat.QRCode if qr_only else formats
        if formats is not None and not qr_only:
            only_qr = zxingcpp.barcode_formats_from_str("QRCode")
            self.qr_only = self.qr_only or str(formats) == str(only_qr)
        self._opencv: Any = None
        self._runners: dict[str, Callable[[Image], list[str]]] = {
            "zxing": self._zxing,
            "zxing-sharpen": self._zxing_sharpen,
            "zxing-upscale": self._zxing_upscale,
            "pyzbar": self._pyzbar,
            "opencv": self._opencv_decode,
        }
        if "pyzbar" in chosen:
            _load_pyzbar()  # say once, now, if it is missing

    def decode(self, image: Image) -> list[str]:
        """Every code in the image (BGR, BGRA or grey), without duplicates, in the order read."""
        return self.decode_with_stage(image)[0]

    def decode_with_stage(self, image: Image) -> tuple[list[str], str | None]:
        """The codes and the stage that read them (None when nothing was read); for the bench."""
        grey = _grey(image)
        start = time.perf_counter()
        for index, stage in enumerate(self.stages):
            out_of_time = (
                self.budget_ms is not None
                and (time.perf_counter() - start) * 1000 >= self.budget_ms
            )
            if index and out_of_time:
                break
            found = self._runners[stage](grey)
            if found:
                return list(dict.fromkeys(found)), stage
        return [], None

    def run_stage(self, stage: str, image: Image) -> list[str]:
        """One stage alone on an image (for the benchmark's per-decoder figures)."""
        return list(dict.fromkeys(self._runners[stage](_grey(image))))

    def _zxing(self, grey: Image) -> list[str]:
        if self._formats is None:
            results = zxingcpp.read_barcodes(grey)
        else:
            results = zxingcpp.read_barcodes(grey, formats=self._formats)
        valid = [r for r in results if r.valid and r.text]
        return [str(r.text) for r in _outside_qr_codes(valid)]

    def _zxing_sharpen(self, grey: Image) -> list[str]:
        # Undoes some of the blur of a code held a little too close or moving.
        return self._zxing(np.asarray(cv2.filter2D(grey, -1, _SHARPEN), dtype=np.uint8))

    def _zxing_upscale(self, grey: Image) -> list[str]:
        # Small codes (under about 2.5 px a module) read once enlarged; the detector already
        # tries smaller scales itself, so only larger is worth a retry. A big photo is enlarged
        # less (or not at all): its codes are rarely that small, and 50 megapixels is slow.
        factor = min(2.0, _UPSCALE_MAX_SIDE / max(grey.shape))
        if factor < 1.25:
            return []
        big = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        return self._zxing(np.asarray(big, dtype=np.uint8))

    def _pyzbar(self, grey: Image) -> list[str]:
        pyzbar = _load_pyzbar()
        if pyzbar is None:
            return []
        # pyzbar knows no format list like zxing's: it runs for QR codes or for everything.
        symbols = [pyzbar.ZBarSymbol.QRCODE] if self.qr_only else None
        results = pyzbar.decode(grey, symbols=symbols)
        return [_bytes_to_text(r.data) for r in results if r.data]

    def _opencv_decode(self, grey: Image) -> list[str]:
        if self._opencv is None:
            # The ArUco-based detector finds finder patterns in far more webcam frames.
            factory = getattr(cv2, "QRCodeDetectorAruco", None) or cv2.QRCodeDetector
            self._opencv = factory()
        try:
            ok, texts, _points, _straight = self._opencv.detectAndDecodeMulti(grey)
        except cv2.error:
            # Its clustering step asserts on some frames with few candidate patterns.
            return []
        return [str(t) for t in texts if t] if ok else []


_local = threading.local()


def decode(image: Image, formats: Any = None) -> list[str]:
    """Every code in an image, BGR or grey, deduplicated, in the order read: QR codes unless
    `formats` (from `parse_formats`) asks for others.

    Runs every stage until one reads, with no time budget: for files and one-off images. The
    camera path uses its own `Decoder(qr_only=True, budget_ms=...)`.
    """
    decoders: dict[str, Decoder] = _local.__dict__.setdefault("decoders", {})
    key = str(formats) if formats is not None else "QR"
    decoder = decoders.get(key)
    if decoder is None:
        decoder = Decoder(qr_only=formats is None, formats=formats)
        decoders[key] = decoder
    return decoder.decode(image)


def read_image(path: str | Path) -> Image:
    """An image file as BGR, from its bytes (so paths with Chinese characters work on Windows)."""
    file = Path(path)
    try:
        data = np.fromfile(file, dtype=np.uint8)
    except FileNotFoundError as err:
        raise UserError(f"无法读取图片文件 {file}：文件不存在") from err
    except IsADirectoryError as err:
        raise UserError(f"无法读取图片文件 {file}：这是一个文件夹，不是图片") from err
    except PermissionError as err:
        raise UserError(f"无法读取图片文件 {file}：没有读取权限") from err
    except OSError as err:
        raise UserError(f"无法读取图片文件 {file}：无法打开（{type(err).__name__}）") from err
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise UserError(f"无法读取图片文件 {file}：不是可识别的图片格式，或文件已损坏")
    return np.asarray(image, dtype=np.uint8)


def decode_file(path: str | Path, formats: Any = None) -> list[str]:
    """Every code in an image file (QR codes unless `formats` says); UserError if unreadable."""
    return decode(read_image(path), formats)
