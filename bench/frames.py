"""Synthetic webcam frames with pass-like QR codes, for the decode benchmark and the scanning tests.

Each frame is what a 1280×720 desk webcam sees: a printed pass or a phone screen held up at some
distance, angle and tilt, under poor light, with glare, motion blur, sensor noise and MJPG loss.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import cv2
import numpy as np
import segno

FRAME_W, FRAME_H = 1280, 720

# Frames come in these looks; the weights are roughly what a desk sees in a morning.
KINDS = ("paper", "phone", "paper_dim")


@dataclass(frozen=True)
class Frame:
    """One synthetic frame and the payload in it ("" when the frame holds no code)."""

    image: np.ndarray
    payload: str
    kind: str
    module_px: float  # size of one QR module in the frame, before blur


def random_payload(rng: np.random.Generator, n_bytes: int | None = None) -> str:
    """Upper-case base32 without padding, like a signed pass (83 bytes give 133 characters)."""
    size = int(rng.integers(64, 88)) if n_bytes is None else n_bytes
    raw = rng.integers(0, 256, size=size, dtype=np.uint8).tobytes()
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def qr_modules(payload: str, mask: int | None = None) -> np.ndarray:
    """The QR symbol at one pixel per module, quiet zone included: 0 black, 255 white.

    A fixed `mask` skips segno's slow mask scoring; any mask is a valid code.
    """
    qr = segno.make_qr(payload, error="m", boost_error=False, mask=mask)
    matrix = np.array(list(qr.matrix_iter(scale=1, border=4)), dtype=np.uint8)
    return np.where(matrix > 0, 0, 255).astype(np.uint8)


def qr_image(payload: str, module_px: int = 6, mask: int | None = None) -> np.ndarray:
    """A clean grey image of the code, `module_px` pixels a module."""
    modules = qr_modules(payload, mask)
    return cv2.resize(
        modules,
        (modules.shape[1] * module_px, modules.shape[0] * module_px),
        interpolation=cv2.INTER_NEAREST,
    )


def _card(qr: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A printed pass: the code on a white card with lines of 'text' under and above it.

    Returns the card (grey) and the corners of its QR area (quiet zone included) in card pixels.
    """
    side = qr.shape[0]
    pad = side // 4
    h, w = side + 2 * pad + side // 2, side + 2 * pad
    card = np.full((h, w), int(rng.integers(225, 256)), np.uint8)
    top = pad
    card[top : top + side, pad : pad + side] = qr
    # Text lines (dark bars) under and above the code, like a name and an activity.
    line_h = max(2, side // 14)
    y = top + side + line_h
    while y + line_h < h - line_h:
        x = pad
        while x < w - pad:
            word = int(rng.integers(line_h, line_h * 4))
            card[y : y + line_h, x : min(x + word, w - pad)] = int(rng.integers(20, 90))
            x += word + line_h
        y += 2 * line_h
    card[max(0, top - 3 * line_h) : top - 2 * line_h, pad : w - pad] = 60
    corners = np.float32(
        [[pad, top], [pad + side, top], [pad + side, top + side], [pad, top + side]]
    )
    return card, corners


def _background(rng: np.random.Generator) -> np.ndarray:
    """A desk and a room: smooth colour gradients, a few flat objects, fine texture."""
    small = rng.integers(30, 200, size=(6, 10, 3)).astype(np.float32)
    bg = cv2.resize(small, (FRAME_W, FRAME_H), interpolation=cv2.INTER_LINEAR)
    for _ in range(int(rng.integers(2, 7))):
        x0, y0 = int(rng.integers(0, FRAME_W)), int(rng.integers(0, FRAME_H))
        x1, y1 = x0 + int(rng.integers(40, 500)), y0 + int(rng.integers(40, 400))
        colour = [float(c) for c in rng.integers(0, 255, 3)]
        cv2.rectangle(bg, (x0, y0), (x1, y1), colour, -1)
    if rng.random() < 0.3:
        # Blinds or a bookshelf: stripes that a 1-D decoder could take for a barcode.
        period = int(rng.integers(4, 14))
        x0, y0 = int(rng.integers(0, FRAME_W - 300)), int(rng.integers(0, FRAME_H - 200))
        for x in range(x0, x0 + 300, period):
            cv2.rectangle(bg, (x, y0), (x + period // 2, y0 + 200), (20, 20, 20), -1)
    texture = rng.normal(0, 6, size=(FRAME_H // 4, FRAME_W // 4, 1)).astype(np.float32)
    bg += cv2.resize(texture, (FRAME_W, FRAME_H))[:, :, None]
    return bg


def _placement(rng: np.random.Generator, src_quad: np.ndarray, qr_side_frame: float) -> np.ndarray:
    """Where the card's QR corners land in the frame: scaled, rotated, tilted, inside the view."""
    angle = rng.uniform(0, 2 * np.pi) if rng.random() < 0.5 else rng.normal(0, 0.25)
    cx = rng.uniform(0.25, 0.75) * FRAME_W
    cy = rng.uniform(0.3, 0.7) * FRAME_H
    half = qr_side_frame / 2
    square = np.float32([[-half, -half], [half, -half], [half, half], [-half, half]])
    # Tilt: move the corners independently (perspective of a card held at an angle).
    tilt = rng.uniform(0.0, 0.15)
    square = square + rng.uniform(-tilt, tilt, size=(4, 2)).astype(np.float32) * qr_side_frame
    rot = np.float32([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = square @ rot.T + np.float32([cx, cy])
    return dst.astype(np.float32)


def _paste(frame: np.ndarray, layer: np.ndarray, homography: np.ndarray) -> None:
    """Warp a grey or colour layer into the frame (float32 BGR) in place."""
    if layer.ndim == 2:
        layer = cv2.cvtColor(layer, cv2.COLOR_GRAY2BGR)
    h, w = layer.shape[:2]
    outline = cv2.perspectiveTransform(
        np.float32([[[0, 0]], [[w, 0]], [[w, h]], [[0, h]]]), homography
    ).reshape(-1, 2)
    # Only warp the box the layer lands in: a fraction of the frame's pixels.
    x0, y0 = np.floor(outline.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(outline.max(axis=0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, FRAME_W), min(y1, FRAME_H)
    if x1 <= x0 or y1 <= y0:
        return
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64) @ homography
    size = (int(x1 - x0), int(y1 - y0))
    warped = cv2.warpPerspective(layer.astype(np.float32), shift, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), shift, size, flags=cv2.INTER_LINEAR)
    roi = frame[y0:y1, x0:x1]
    roi *= 1 - mask[:, :, None]
    roi += warped * mask[:, :, None]


def _phone(
    qr: np.ndarray, module_px: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A phone showing the pass: dark body, bright screen with a pixel grid, the code on white."""
    side = qr.shape[0]
    screen_w = int(side * 1.25)
    screen_h = int(screen_w * 2.0)
    bezel = max(4, side // 12)
    body = np.full((screen_h + 2 * bezel, screen_w + 2 * bezel, 3), 25, np.float32)
    screen = np.full((screen_h, screen_w, 3), 245, np.float32)
    screen[: screen_h // 6, :] = (200, 130, 40)  # an app's coloured header bar
    top = (screen_h - side) // 2
    left = (screen_w - side) // 2
    screen[top : top + side, left : left + side] = qr[:, :, None].astype(np.float32)
    # The screen's own pixel grid (dark gaps between pixels), faint: it beats against the camera.
    pitch = max(2, module_px // 3)
    grid = np.ones((screen_h, screen_w), np.float32)
    grid[::pitch, :] *= 0.85
    grid[:, ::pitch] *= 0.85
    screen *= grid[:, :, None]
    screen *= np.float32([1.0, 0.97, 0.9])  # a cool white point
    body[bezel : bezel + screen_h, bezel : bezel + screen_w] = screen
    ox, oy = bezel + left, bezel + top
    corners = np.float32([[ox, oy], [ox + side, oy], [ox + side, oy + side], [ox, oy + side]])
    return body, corners


def make_frame(
    rng: np.random.Generator, payload: str | None = None, kind: str | None = None
) -> Frame:
    """One webcam-like BGR frame (1280×720, uint8) holding one pass, or none if payload == ""."""
    payload = random_payload(rng) if payload is None else payload
    kind = kind or str(rng.choice(KINDS, p=[0.55, 0.3, 0.15]))
    frame = _background(rng)
    # Module size in the frame: a pass at 0.3-1.2 m from a 720p webcam is about 1.4 to 7 pixels.
    module_frame = float(np.exp(rng.uniform(np.log(2.0), np.log(8.0))))
    if payload:
        symbol = qr_modules(payload, mask=int(rng.integers(0, 8)))
        src_px = max(3, int(np.ceil(module_frame * 2)))
        qr = cv2.resize(
            symbol,
            (symbol.shape[1] * src_px, symbol.shape[0] * src_px),
            interpolation=cv2.INTER_NEAREST,
        )
        if kind == "phone":
            layer, corners = _phone(qr, src_px, rng)
        else:
            layer, corners = _card(qr, rng)
        # The corners include the quiet zone (4 modules each side).
        qr_side = module_frame * symbol.shape[0]
        dst = _placement(rng, corners, qr_side)
        homography = cv2.getPerspectiveTransform(corners, dst)
        # Anti-alias the layer before shrinking it, as a lens would.
        sigma = 0.5 * src_px / module_frame
        layer = cv2.GaussianBlur(layer.astype(np.float32), (0, 0), sigma)
        _paste(frame, layer, homography)
        if kind == "phone":
            frame = _phone_light(frame, rng)
    frame = _camera(frame, rng, dim=(kind == "paper_dim"))
    return Frame(frame, payload, kind, module_frame)


def _phone_light(frame: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A screen is a light source: it blooms, and the room's lamps reflect on its glass."""
    if rng.random() < 0.5:
        x = int(rng.integers(0, FRAME_W))
        w = int(rng.integers(30, 160))
        # Drawn and blurred at a quarter of the size: the reflection is soft anyway.
        stripe = np.zeros((FRAME_H // 4, FRAME_W // 4), np.float32)
        end = (x + int(rng.integers(-300, 300))) // 4
        cv2.line(stripe, (x // 4, 0), (end, FRAME_H // 4), 1.0, max(1, w // 4))
        stripe = cv2.resize(cv2.GaussianBlur(stripe, (0, 0), w / 8), (FRAME_W, FRAME_H))
        frame = frame + stripe[:, :, None] * rng.uniform(30, 110)
    return frame


_NOISE: list[np.ndarray] = []


def _noise_bank() -> np.ndarray:
    """Unit Gaussian noise a little larger than a frame; each frame takes a random window of it.

    Drawing 2.7 million fresh normals per frame would double the time to make a frame.
    """
    if not _NOISE:
        rng = np.random.default_rng(12345)
        _NOISE.append(rng.standard_normal((FRAME_H + 97, FRAME_W + 131, 3), dtype=np.float32))
    return _NOISE[0]


def _camera(frame: np.ndarray, rng: np.random.Generator, *, dim: bool) -> np.ndarray:
    """Light, optics and sensor: uneven light, glare, blur, gain noise, white balance, MJPG."""
    yy, xx = np.mgrid[0:FRAME_H:8, 0:FRAME_W:8].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, 2)
    light = 1 + 0.35 * (gx * (xx / FRAME_W - 0.5) + gy * (yy / FRAME_H - 0.5))
    vignette = 1 - 0.35 * (((xx / FRAME_W - 0.5) ** 2 + (yy / FRAME_H - 0.5) ** 2) * 2)
    light = cv2.resize(light * vignette, (FRAME_W, FRAME_H))
    level = rng.uniform(0.12, 0.35) if dim else rng.uniform(0.35, 1.1)
    frame *= (light * level)[:, :, None]
    if rng.random() < 0.35:
        # Glare: a lamp's reflection, a soft saturated blob.
        glare = np.zeros((FRAME_H // 4, FRAME_W // 4), np.float32)
        centre = (int(rng.integers(0, FRAME_W // 4)), int(rng.integers(0, FRAME_H // 4)))
        axes = (int(rng.integers(8, 50)), int(rng.integers(8, 40)))
        cv2.ellipse(glare, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        glare = cv2.resize(cv2.GaussianBlur(glare, (0, 0), 4.5), (FRAME_W, FRAME_H))
        glare *= rng.uniform(80, 220)
        frame += glare[:, :, None]
    # From here on the frame is 8-bit, as the sensor gives it (and 8-bit filters are fast).
    out = cv2.convertScaleAbs(frame)  # saturating; the frame holds no negative light
    if rng.random() < 0.25:
        # Motion blur: the hand moves while the shutter is open.
        length = int(rng.integers(3, 6))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1 / length
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        kernel /= max(float(kernel.sum()), 1e-6)
        out = cv2.filter2D(out, -1, kernel)
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.3, 1.2))
    balance = rng.uniform(0.85, 1.15, 3)
    out = cv2.multiply(out, (float(balance[0]), float(balance[1]), float(balance[2]), 1.0))
    # Sensor noise grows with the gain a dark scene needs.
    noise_sigma = rng.uniform(2, 5) / max(level, 0.2) ** 0.5
    bank = _noise_bank()
    dy, dx = (
        int(rng.integers(0, bank.shape[0] - FRAME_H)),
        int(rng.integers(0, bank.shape[1] - FRAME_W)),
    )
    window = bank[dy : dy + FRAME_H, dx : dx + FRAME_W]
    out = cv2.addWeighted(out, 1.0, window, noise_sigma, 0.0, dtype=cv2.CV_8U)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 90))])
    assert ok
    decoded: np.ndarray = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    return decoded


def photo_of(image: np.ndarray, seed: int = 0) -> np.ndarray:
    """A phone photo of a clean code image: warped in perspective, blurred, darkened, noisy."""
    rng = np.random.default_rng(seed)
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = grey.shape
    canvas_w, canvas_h = int(w * 1.6), int(h * 1.6)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dx, dy = (canvas_w - w) / 2, (canvas_h - h) / 2
    dst = (
        src
        + np.float32([dx, dy])
        + np.float32(
            [
                [0.08 * w, 0.05 * h],
                [-0.03 * w, 0.1 * h],
                [-0.07 * w, -0.02 * h],
                [0.02 * w, -0.06 * h],
            ]
        )
    )
    homography = cv2.getPerspectiveTransform(src, dst)
    photo = cv2.warpPerspective(
        grey, homography, (canvas_w, canvas_h), borderMode=cv2.BORDER_CONSTANT, borderValue=90
    ).astype(np.float32)
    photo = cv2.GaussianBlur(photo, (0, 0), 1.2)
    photo = photo * 0.45 + rng.normal(0, 4, photo.shape)
    return np.clip(photo, 0, 255).astype(np.uint8)
