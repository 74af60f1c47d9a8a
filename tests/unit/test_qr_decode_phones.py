"""The decoder on phone screens (VNeID, VssID) as a 1080p kiosk camera sees them at 20-40 cm.

Frames from the synthetic phone corpus (benchmarks/qr_phone_corpus.py). The
whole-frame decoder this replaced read 28 of these 42 frames and 2 of the 13
dark-mode (light-on-dark) ones; zxing-cpp's defaults read 38 of them.
"""

import pytest
import zxingcpp

from benchmarks.qr_phone_corpus import generate
from readers.qr.decode import decode_frame

pytestmark = pytest.mark.slow


def _zxing_defaults(frame):
    return [r.text for r in zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode) if r.valid]


@pytest.fixture(scope="module")
def decoded():
    """(sample, our texts, zxing defaults' texts) for the 42 frames at 20-40 cm."""
    samples = [s for s in generate(30, (1920, 1080), kinds=("vssid", "vneid")) if 20 <= s.distance_cm <= 40]
    return [(s, decode_frame(s.frame), _zxing_defaults(s.frame)) for s in samples]


def test_phone_screens_at_20_to_40_cm_read_at_1080p(decoded):
    assert len(decoded) == 42
    ours = sum(s.text in texts for s, texts, _ in decoded)
    peer = sum(s.text in texts for s, _, texts in decoded)
    assert ours >= 38, f"read {ours} of 42"
    assert ours >= peer


def test_dark_mode_screens_light_on_dark_read(decoded):
    dark = [(s, texts) for s, texts, _ in decoded if s.conditions["dark_mode"]]
    assert len(dark) == 13
    assert sum(s.text in texts for s, texts in dark) >= 11


def test_every_decoded_text_is_the_encoded_one(decoded):
    for s, texts, _ in decoded:
        assert all(t == s.text for t in texts), s.name
