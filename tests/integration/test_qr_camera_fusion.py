"""The folder camera end to end with multi-frame fusion (readers/qr/fusion.py).

A VssID code at 36 cm from a 720p camera (1.7 camera pixels per module, the
phone corpus's development sample 106 as a 12-frame sequence: the hand's
tremor and fresh sensor noise per frame) that no single frame reads: the
camera's own decoder fuses the frames and the acceptance step accepts the
read; the old single-frame decoder on the same folder accepts nothing. Frames
alternating between two people's codes in the same place are never accepted.
"""

import threading
import time

import cv2
import pytest

from benchmarks.qr_phone_corpus import generate_sequences
from readers.qr.camera import QrCamera
from readers.qr.decode import decode_frame
from readers.qr.parse import InsuranceCardQr
from readers.qr.sources import ImageFolderSource

pytestmark = pytest.mark.slow
SIZE = (1280, 720)
SAMPLE = 106


@pytest.fixture(scope="module")
def sequence():
    return next(generate_sequences(1, SIZE, kinds=("vssid",), start=SAMPLE))


def _show(folder, frames):
    folder.mkdir()
    for k, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"{k:02d}.png"), frame)   # lossless: the frames carry their own MJPEG


def _run(folder, seconds, fps=15.0, **kw):
    """Codes the camera accepts while the folder plays at ``fps`` for at most ``seconds`` (first code ends it)."""
    got, done = [], threading.Event()
    cam = QrCamera(ImageFolderSource(folder, *SIZE, fps=fps, hold_s=0.0), consistent_reads=2, window_s=1.5,
                   on_code=lambda read: (got.append(read), done.set()), **kw)
    cam.start()
    try:
        done.wait(seconds)
    finally:
        cam.stop()
    return got, cam


def test_a_code_no_single_frame_reads_is_accepted_through_fusion(tmp_path, sequence):
    _show(tmp_path / "camera", sequence.frames)
    start = time.monotonic()
    got, cam = _run(tmp_path / "camera", 30)
    took = time.monotonic() - start
    assert got, "the camera accepted no code"
    assert got[0].text == sequence.text
    assert isinstance(got[0].document, InsuranceCardQr)
    assert got[0].document.card_number == sequence.citizen.bhyt_code
    assert cam._decode.fused_reads >= 2          # both reads the acceptance needed came from fusion
    # Without fusion (the single-frame decoder the camera used before) the same folder gives nothing.
    plain, _ = _run(tmp_path / "camera", max(6.0, took), decode=decode_frame)
    assert plain == []


def test_alternating_codes_are_never_accepted(tmp_path, sequence):
    # the same phone, pose, tremor and noise, showing another person's code on every other frame
    other = next(generate_sequences(1, SIZE, kinds=("vssid",), start=SAMPLE, person_offset=1))
    assert other.text != sequence.text
    frames = [sequence.frames[k] if k % 2 == 0 else other.frames[k] for k in range(12)]
    _show(tmp_path / "camera", frames)
    # 4 fps so that the decoder sees every frame (a busy decoder that skipped every other frame would
    # see one code held still, which it may rightly read)
    got, cam = _run(tmp_path / "camera", 8, fps=4)
    assert cam.decoded_frames >= 16 and cam.slot.dropped == 0
    assert got == []
    assert cam._decode.fusions == 0 and cam._decode.fused_reads == 0
