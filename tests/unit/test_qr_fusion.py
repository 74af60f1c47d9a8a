"""Multi-frame fusion (readers/qr/fusion.py): registration, fusion and the decoder that uses them.

The frames are sequences of the phone corpus (benchmarks/qr_phone_corpus.py:
a sample's conditions fixed, the hand's tremor and fresh sensor noise per
frame), from its development seeds (samples 100-159), not the benchmark's.
"""

import cv2
import numpy as np
import pytest

from benchmarks.qr_phone_corpus import generate_sequences
from devkit.simulator.card_photos import qr_image
from readers.qr.decode import decode_and_locate, decode_frame
from readers.qr.fusion import FusingDecoder, _anchor_region, fuse, read_fused, register

SIZE_720P = (1280, 720)
FAR_VSSID = 106   # a VssID code at 36 cm from a 720p camera: 1.7 camera pixels per module


@pytest.fixture(scope="module")
def far_vssid():
    return next(generate_sequences(1, SIZE_720P, kinds=("vssid",), start=FAR_VSSID))


@pytest.fixture(scope="module")
def other_code_in_place():
    """The same sequence (pose, tremor, noise) with another person's code on the phone."""
    return next(generate_sequences(1, SIZE_720P, kinds=("vssid",), start=FAR_VSSID, person_offset=1))


def _shifted_code(dx: float, dy: float, rng) -> np.ndarray:
    """A 75-module code at 1.8 px/module, moved by (dx, dy) pixels, blurred and noisy like a camera's."""
    modules = np.asarray(qr_image("x" * 300, box=1).convert("L"), np.float32)
    big = cv2.resize(modules, None, fx=18, fy=18, interpolation=cv2.INTER_NEAREST)   # 10x the target
    canvas = np.full((2600, 2600), 255, np.float32)     # moved in tenths of a pixel, then area-sampled
    ox, oy = 400 + round(dx * 10), 400 + round(dy * 10)
    canvas[oy:oy + big.shape[0], ox:ox + big.shape[1]] = big
    img = cv2.resize(canvas, (260, 260), interpolation=cv2.INTER_AREA)
    img = cv2.GaussianBlur(img, (0, 0), 0.6) + rng.normal(0, 4, img.shape)
    return np.clip(img, 0, 255).astype(np.float32)


@pytest.mark.parametrize("dx,dy", [(0.3, -0.4), (-1.6, 0.8), (2.2, 1.3)])
def test_registration_recovers_a_sub_pixel_move(dx, dy):
    rng = np.random.default_rng(1)
    ref, moved = _shifted_code(0, 0, rng), _shifted_code(dx, dy, rng)
    warp, cc = register(ref, moved)
    assert cc > 0.9
    assert abs(warp[0, 2] - dx) < 0.1 and abs(warp[1, 2] - dy) < 0.1
    assert abs(warp[0, 1]) < 0.005   # no turn invented


def test_a_code_no_single_frame_reads_is_read_from_the_fused_frames(far_vssid):
    seq = far_vssid
    assert seq.ppm < 1.8 and 20 <= seq.distance_cm <= 40
    # Without fusion: not one of the 12 frames reads (the first even with a generous budget).
    assert decode_frame(seq.frames[0], budget_s=5) == []
    assert all(decode_frame(f) == [] for f in seq.frames[1:])
    # Fused: the last 8 frames registered onto the last one's located box, read.
    regions = decode_and_locate(seq.frames[-1])[1]
    fused = fuse(seq.frames[-8:], _anchor_region(regions))
    assert fused is not None and fused.used == 8 and fused.rejected == 0
    assert read_fused(fused.mean, fused.scale) == [seq.text]


def test_the_fusing_decoder_reads_it_twice_each_time_from_new_frames(far_vssid):
    seq = far_vssid
    t = {"now": 0.0}
    dec = FusingDecoder(clock=lambda: t["now"])
    reads = []
    for k, frame in enumerate(seq.frames):
        t["now"] = k / 15
        reads.append(dec(frame, thorough=k % 2 == 0))
    got = [(k, r) for k, r in enumerate(reads) if r]
    assert all(r == [seq.text] for _, r in got)
    assert len(got) >= 2 and dec.fused_reads == len(got)
    # after a fused read the next needs at least min_frames new frames
    assert all(b - a >= dec.min_frames for (a, _), (b, _) in zip(got, got[1:], strict=False))


def test_frames_of_another_code_in_the_same_place_are_left_out(far_vssid, other_code_in_place):
    seq = far_vssid
    assert other_code_in_place.text != seq.text
    other = [other_code_in_place.frames[k] for k in (1, 3, 5)]
    frames = [seq.frames[0], other[0], seq.frames[2], other[1], seq.frames[4], other[2],
              seq.frames[6], seq.frames[7], seq.frames[8]]
    region = _anchor_region(decode_and_locate(frames[-1])[1])
    fused = fuse(frames, region)
    assert fused is not None and fused.rejected == 3 and fused.used == 6


def test_alternating_codes_never_fuse_into_a_read(far_vssid, other_code_in_place):
    seq = far_vssid
    t = {"now": 0.0}
    dec = FusingDecoder(clock=lambda: t["now"])
    for k in range(12):
        t["now"] = k / 15
        frame = seq.frames[k] if k % 2 == 0 else other_code_in_place.frames[k]
        assert dec(frame, thorough=k % 2 == 0) == []
    assert dec.fusions == 0 and dec.registered == 0   # every frame starts a new run: nothing registers


class _FakeDecode:
    """A single-frame decoder port: returns the scripted (texts, regions) per call."""

    def __init__(self, script):
        self.script = list(script)

    def __call__(self, gray, thorough=True):
        return self.script.pop(0)


def test_nothing_is_kept_while_single_frames_read(far_vssid):
    seq = far_vssid
    region = _anchor_region(decode_and_locate(seq.frames[0])[1])
    dec = FusingDecoder(_FakeDecode([(["A"], [region])] * 6), clock=lambda: 0.0)
    assert [dec(seq.frames[k]) for k in range(6)] == [["A"]] * 6
    assert dec.fusions == 0 and dec.registered == 0


def test_frames_older_than_the_age_limit_are_not_fused(far_vssid):
    seq = far_vssid
    t = {"now": 0.0}
    dec = FusingDecoder(clock=lambda: t["now"], max_age_s=1.0)
    for k in range(12):
        t["now"] = k * 1.1          # a frame every 1.1 s: each run is stale by the next frame
        dec(seq.frames[k])
    assert dec.fusions == 0 and dec.registered == 0


def test_reset_forgets_the_run(far_vssid):
    seq = far_vssid
    t = {"now": 0.0}
    dec = FusingDecoder(clock=lambda: t["now"])
    for k in range(3):
        t["now"] = k / 15
        dec(seq.frames[k])
    assert dec.registered == 2
    dec.reset()
    for k in range(3, 6):
        t["now"] = k / 15
        assert dec(seq.frames[k]) == []   # only 3 frames since the reset: too few to fuse
    assert dec.fusions == 0
