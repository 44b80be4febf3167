"""The decoding pipeline: codes from clean images, photos and webcam frames; `checkin decode`."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from bench.frames import make_frame, photo_of, qr_image, random_payload
from checkin_app import passes, scanning
from checkin_app.cli import main
from checkin_app.errors import UserError


@pytest.fixture
def payloads() -> list[str]:
    rng = np.random.default_rng(4)
    # 83 bytes is a signed pass's size: 133 base32 characters, QR version 6 at level M.
    return [random_payload(rng, 83) for _ in range(3)]


@pytest.fixture(autouse=True)
def fresh_optional_decoders() -> Iterator[None]:
    scanning.forget_optional_decoders()
    yield
    scanning.forget_optional_decoders()


def _canvas(*codes: np.ndarray) -> np.ndarray:
    """Codes side by side on one white grey canvas, with margins between them."""
    height = max(c.shape[0] for c in codes) + 40
    width = sum(c.shape[1] for c in codes) + 40 * (len(codes) + 1)
    canvas = np.full((height, width), 255, np.uint8)
    x = 40
    for code in codes:
        canvas[20 : 20 + code.shape[0], x : x + code.shape[1]] = code
        x += code.shape[1] + 40
    return canvas


def _write(path: Path, image: np.ndarray) -> Path:
    ok, data = cv2.imencode(path.suffix, image)
    assert ok
    path.write_bytes(data.tobytes())
    return path


def test_a_clean_code_reads_in_grey_and_in_colour(payloads: list[str]) -> None:
    grey = qr_image(payloads[0], 4)
    bgr = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    assert scanning.decode(grey) == [payloads[0]]
    assert scanning.decode(bgr) == [payloads[0]]
    assert scanning.Decoder(qr_only=True).decode(bgr) == [payloads[0]]


def test_the_pass_payload_is_a_version_6_code_in_alphanumeric_mode(payloads: list[str]) -> None:
    # The shape F2's passes use; our test codes must be the same so the bench is honest.
    results = zxingcpp.read_barcodes(qr_image(payloads[0], 4))
    assert [r.symbology_identifier for r in results] == ["]Q1"]
    assert qr_image(payloads[0], 1).shape[0] == 41 + 8  # version 6: 41 modules + quiet zone


def test_a_photo_of_a_pass_still_reads(payloads: list[str]) -> None:
    photo = photo_of(qr_image(payloads[1], 5), seed=3)
    assert photo.mean() < 128  # darkened
    assert scanning.decode(photo) == [payloads[1]]
    assert scanning.Decoder(qr_only=True).decode(photo) == [payloads[1]]


def test_every_code_in_an_image_is_returned_once(payloads: list[str]) -> None:
    first, second, third = (qr_image(p, 4) for p in payloads)
    codes = scanning.decode(_canvas(first, second, third, first))
    assert sorted(codes) == sorted(payloads)
    assert len(codes) == 3
    # The same image twice gives the same order.
    assert scanning.decode(_canvas(first, second, third, first)) == codes


def test_webcam_frames_read_at_least_what_zxing_alone_reads() -> None:
    rng = np.random.default_rng(11)
    frames = [make_frame(rng) for _ in range(6)]
    pipeline = scanning.Decoder(qr_only=True)
    zxing_alone = scanning.Decoder(qr_only=True, stages=["zxing"])
    ours = {i for i, f in enumerate(frames) if pipeline.decode(f.image) == [f.payload]}
    theirs = {i for i, f in enumerate(frames) if zxing_alone.decode(f.image) == [f.payload]}
    assert theirs <= ours
    assert ours  # these seeded frames are not all unreadable
    for frame in frames:
        assert set(pipeline.decode(frame.image)) <= {frame.payload}  # never a wrong read


def test_a_signed_pass_held_up_to_the_webcam_reads_and_verifies() -> None:
    private = Ed25519PrivateKey.generate()
    key = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    data = passes.PassData(7, 21, 1234, 2, dt.date(2026, 5, 16))
    code = passes.encode_payload(data, key)
    rng = np.random.default_rng(8)
    for kind in ("paper", "phone"):
        frame = make_frame(rng, payload=code, kind=kind)
        read = scanning.Decoder(qr_only=True).decode(frame.image)
        assert read == [code], kind
        assert passes.verify_payload(read[0], public, 7) == passes.Authentic(data)


def test_a_frame_without_a_code_reads_nothing() -> None:
    frame = make_frame(np.random.default_rng(5), payload="")
    assert scanning.Decoder(qr_only=True, stages=scanning.ALL_STAGES).decode(frame.image) == []


def test_the_camera_path_ignores_a_one_dimensional_barcode() -> None:
    code128 = zxingcpp.create_barcode("ABC123456", zxingcpp.BarcodeFormat.Code128)
    barcode = _canvas(np.array(zxingcpp.write_barcode_to_image(code128, scale=3), dtype=np.uint8))
    # Asked for every format, the command line reads it, so the image is a readable barcode ...
    assert scanning.decode(barcode, scanning.parse_formats("all")) == ["ABC123456"]
    assert scanning.decode(barcode, scanning.parse_formats("qr,Code128")) == ["ABC123456"]
    # ... `checkin decode` reads QR codes alone unless asked ...
    assert scanning.decode(barcode) == []
    # ... but the desk's camera decoder never takes one for a pass, whatever stages it runs.
    assert scanning.Decoder(qr_only=True).decode(barcode) == []
    assert scanning.Decoder(qr_only=True, stages=scanning.ALL_STAGES).decode(barcode) == []


def test_with_pyzbar_installed_no_decoder_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("pyzbar.pyzbar", reason="pyzbar or libzbar is not installed here")
    with caplog.at_level(logging.WARNING, logger="checkin_app.scanning"):
        assert scanning.missing_decoders() == []
    assert caplog.records == []


def test_without_pyzbar_scanning_goes_on_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, payloads: list[str]
) -> None:
    # As on a machine without libzbar: importing pyzbar fails.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with caplog.at_level(logging.WARNING, logger="checkin_app.scanning"):
        assert scanning.missing_decoders() == ["pyzbar"]
        decoder = scanning.Decoder(stages=scanning.ALL_STAGES)
        image = qr_image(payloads[0], 4)
        assert decoder.decode(image) == [payloads[0]]
        # A stage list that leads with pyzbar still reads, through the stages after it.
        assert scanning.Decoder(stages=["pyzbar", "zxing"]).decode(image) == [payloads[0]]
        assert scanning.decode(photo_of(image, seed=1)) == [payloads[0]]
        assert scanning.missing_decoders() == ["pyzbar"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "pyzbar" in warnings[0].getMessage()


def test_retries_run_only_within_the_time_budget(payloads: list[str]) -> None:
    # A code of 1.2 px a module: zxing-cpp misses it, the enlarged retry reads it.
    tiny = cv2.resize(qr_image(payloads[0], 2), None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    tiny = np.pad(tiny, 40, constant_values=255)
    assert scanning.Decoder(qr_only=True, stages=["zxing"]).decode(tiny) == []
    assert scanning.Decoder(qr_only=True).decode_with_stage(tiny) == (
        [payloads[0]],
        "zxing-upscale",
    )
    # With no time left after the first stage, no retry runs (the first stage always does).
    assert scanning.Decoder(qr_only=True, budget_ms=0).decode(tiny) == []
    assert scanning.Decoder(qr_only=True, budget_ms=0).decode(qr_image(payloads[0])) == [
        payloads[0]
    ]


def test_an_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="quagga"):
        scanning.Decoder(stages=["zxing", "quagga"])


def test_decode_file_reads_a_path_with_chinese_characters(
    tmp_path: Path, payloads: list[str]
) -> None:
    path = _write(tmp_path / "通行证 张三.png", qr_image(payloads[0], 4))
    assert scanning.decode_file(path) == [payloads[0]]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.png", b"\x89PNG\r\n\x1a\n not really", "不是可识别的图片格式"),
        ("empty.jpg", b"", "不是可识别的图片格式"),
    ],
)
def test_an_unreadable_file_is_a_clear_error_and_stays_untouched(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=reason) as caught:
        scanning.decode_file(path)
    assert name in str(caught.value)
    assert path.read_bytes() == content


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="文件不存在"):
        scanning.decode_file(tmp_path / "没有这个文件.png")


def test_cli_prints_one_json_line_per_file(
    tmp_path: Path, payloads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    two = _write(tmp_path / "两张.png", _canvas(qr_image(payloads[0], 4), qr_image(payloads[1], 4)))
    blank = _write(tmp_path / "blank.png", np.full((200, 200), 255, np.uint8))
    assert main(["decode", str(two), str(blank), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"file": str(two), "codes": scanning.decode_file(two)},
        {"file": str(blank), "codes": []},
    ]
    assert sorted(json.loads(lines[0])["codes"]) == sorted(payloads[:2])
    assert list(json.loads(lines[0])) == ["file", "codes"]


def test_cli_exit_codes(
    tmp_path: Path, payloads: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = _write(tmp_path / "code.png", qr_image(payloads[0], 4))
    blank = _write(tmp_path / "blank.png", np.full((200, 200), 255, np.uint8))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")

    assert main(["decode", str(code)]) == 0
    assert payloads[0] in capsys.readouterr().out

    assert main(["decode", str(blank)]) == 1
    assert "未识别到" in capsys.readouterr().out

    # An unreadable file: exit 2, its error on stderr, and the readable files still printed.
    assert main(["decode", str(code), str(broken), "--json"]) == 2
    captured = capsys.readouterr()
    assert [json.loads(line) for line in captured.out.splitlines()] == [
        {"file": str(code), "codes": [payloads[0]]}
    ]
    assert "broken.jpg" in captured.err
    assert "无法读取图片文件" in captured.err
    assert broken.read_bytes() == b"not an image"


def test_cli_says_when_pyzbar_is_missing(
    tmp_path: Path,
    payloads: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    code = _write(tmp_path / "code.png", qr_image(payloads[0], 4))
    assert main(["decode", str(code), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"file": str(code), "codes": [payloads[0]]}
    assert "pyzbar" in captured.err


def _found(fmt: Any, corners: list[tuple[float, float]]) -> Any:
    from types import SimpleNamespace

    points = [SimpleNamespace(x=x, y=y) for x, y in corners]
    position = SimpleNamespace(
        top_left=points[0], top_right=points[1], bottom_right=points[2], bottom_left=points[3]
    )
    return SimpleNamespace(format=fmt, position=position)


def test_a_barcode_read_inside_a_qr_code_is_not_a_code_of_its_own() -> None:
    # zxing once read one row of a pass's QR modules as ITF "9847": it lies inside the QR code.
    qr = _found(zxingcpp.BarcodeFormat.QRCode, [(100, 100), (300, 100), (300, 300), (100, 300)])
    row = _found(zxingcpp.BarcodeFormat.ITF, [(120, 180), (280, 180), (280, 190), (120, 190)])
    beside = _found(zxingcpp.BarcodeFormat.EAN13, [(400, 100), (600, 100), (600, 160), (400, 160)])
    assert scanning._outside_qr_codes([qr, row, beside]) == [qr, beside]
    assert scanning._outside_qr_codes([row]) == [row]  # no QR code read: nothing to lie inside


def test_cli_reads_qr_codes_only_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code128 = zxingcpp.create_barcode("ABC123456", zxingcpp.BarcodeFormat.Code128)
    barcode = _canvas(np.array(zxingcpp.write_barcode_to_image(code128, scale=3), dtype=np.uint8))
    path = tmp_path / "barcode.png"
    assert cv2.imwrite(str(path), barcode)
    assert main(["decode", str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["codes"] == []
    assert main(["decode", str(path), "--formats", "qr,code128", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["codes"] == ["ABC123456"]
    assert main(["decode", str(path), "--formats", "条码", "--json"]) == 2
    assert "不认识的码制“条码”" in json.loads(capsys.readouterr().out)["error"]
