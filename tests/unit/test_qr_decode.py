"""The decoder on generated images: card photos, UTF-8 text, bad and huge files."""

import struct
import zlib

import cv2
import numpy as np
import pytest

from benchmarks.qr_corpus import generate, qr_image
from devkit.simulator.citizens import by_key
from readers.errors import QrImageTooLarge, QrImageUnreadable
from readers.qr.decode import decode_file, decode_frame
from readers.qr.parse import parse_card_qr

CARD = by_key("valid-female").qr_text()


def _qr_gray(text, box=6):
    return np.asarray(qr_image(text, box).convert("L"))


def test_vietnamese_text_comes_back_exactly_as_utf8(tmp_path):
    path = tmp_path / "card.png"
    qr_image(CARD).save(path)
    assert decode_file(path) == [CARD]
    assert parse_card_qr(decode_file(path)[0]).full_name == "Nguyễn Thị Hồng Nhung"


@pytest.mark.parametrize("level", ["mild", "moderate"])
def test_synthetic_card_photos_decode_to_the_encoded_text(level):
    samples = list(generate(6, levels=(level,)))
    for s in samples:
        assert decode_frame(s.frame) == [s.text], s.name


def test_full_hd_frames_decode():
    for s in generate(3, levels=("mild",), size=(1920, 1080), seed=11):
        assert s.frame.shape == (1080, 1920)
        assert decode_frame(s.frame) == [s.text], s.name


def test_a_small_code_far_from_the_camera_in_a_large_frame():
    frame = np.full((2160, 3840), 200, np.uint8)  # 4K: pass 1 sees it at a third of its size
    code = _qr_gray(CARD, box=3)
    frame[1500:1500 + code.shape[0], 2600:2600 + code.shape[1]] = code
    assert decode_frame(frame) == [CARD]


def test_colour_frames_and_two_codes_in_one_frame():
    other = by_key("valid").bhyt_qr_text()
    frame = np.full((720, 1280), 230, np.uint8)
    a, b = _qr_gray(CARD), _qr_gray(other)
    frame[50:50 + a.shape[0], 50:50 + a.shape[1]] = a
    frame[50:50 + b.shape[0], 700:700 + b.shape[1]] = b
    assert sorted(decode_frame(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR))) == sorted([CARD, other])


def test_light_on_dark_code_is_read():
    frame = np.full((720, 1280), 255, np.uint8)
    code = 255 - _qr_gray(CARD)
    frame[100:100 + code.shape[0], 100:100 + code.shape[1]] = code
    assert decode_frame(frame) == [CARD]


def test_no_code_tiny_frames_and_bad_arrays():
    rng = np.random.default_rng(1)
    assert decode_frame(rng.integers(0, 255, (720, 1280), dtype=np.uint8)) == []
    assert decode_frame(np.zeros((10, 10), np.uint8)) == []
    with pytest.raises(QrImageUnreadable):
        decode_frame(np.zeros((100, 100), np.float32))
    with pytest.raises(QrImageUnreadable):
        decode_frame(np.zeros((4, 100, 100), np.uint8))


def test_bytes_that_are_not_utf8_still_give_text():
    import qrcode
    q = qrcode.QRCode(border=4)
    q.add_data(b"\xff\xfe caf\xe9 |x")
    img = np.asarray(q.make_image().get_image().convert("L"))
    texts = decode_frame(img)
    assert len(texts) == 1 and isinstance(texts[0], str) and texts[0].endswith("|x")


def test_missing_damaged_and_non_image_files(tmp_path):
    with pytest.raises(QrImageUnreadable, match="no such file"):
        decode_file(tmp_path / "nope.png")
    (tmp_path / "text.png").write_text("not an image")
    with pytest.raises(QrImageUnreadable, match="not an image"):
        decode_file(tmp_path / "text.png")
    good = tmp_path / "good.png"
    qr_image(CARD).save(good)
    (tmp_path / "cut.png").write_bytes(good.read_bytes()[:300])
    with pytest.raises(QrImageUnreadable, match="damaged or truncated"):
        decode_file(tmp_path / "cut.png")
    with pytest.raises(QrImageUnreadable):
        decode_file(tmp_path)


def _png_header_only(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("w, h", [(20000, 20000), (9000, 9000), (100000, 1000)])
def test_decompression_bombs_are_refused_before_decoding(tmp_path, w, h):
    path = tmp_path / "bomb.png"
    path.write_bytes(_png_header_only(w, h))
    with pytest.raises(QrImageTooLarge, match="pixels|too large"):
        decode_file(path)


def test_a_file_too_big_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.jpg"
    with open(path, "wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(QrImageTooLarge, match="MiB"):
        decode_file(path)


def test_a_big_phone_photo_is_scaled_on_load_and_decoded(tmp_path):
    photo = np.full((4000, 6000), 210, np.uint8)  # 24 MP
    code = _qr_gray(CARD, box=12)
    photo[1000:1000 + code.shape[0], 2000:2000 + code.shape[1]] = code
    path = tmp_path / "photo.jpg"
    cv2.imwrite(str(path), photo, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert decode_file(path) == [CARD]


@pytest.mark.parametrize("shape", [(30, 100_000), (100_000, 30), (21, 21)])
def test_odd_frame_shapes_give_no_code_and_no_error(shape):
    assert decode_frame(np.full(shape, 255, np.uint8)) == []
