"""Fusion on over-exposed phone screens (readers/qr/fusion.py): the tone curve for a clipped window.

A phone screen brighter than the camera's exposure clips and its white
modules bloom into the dark ones (benchmarks/qr_phone_corpus.py, brightness
"bright"). The frames are a VssID sequence from the phone corpus's
development seeds (samples 100-159), not the benchmark's.
"""

import numpy as np
import pytest

from benchmarks.qr_phone_corpus import generate_sequences
from readers.qr.acceptance import ConsistentReads
from readers.qr.decode import decode_and_locate, decode_frame
from readers.qr.fusion import _READS, FusingDecoder, _anchor_region, clipped, fuse, read_fused, toned

BRIGHT_VSSID = 111      # a VssID code in dark mode on a screen the camera clips, 41 cm: 1.5 px/module at 720p


@pytest.fixture(scope="module")
def bright_vssid():
    seq = next(generate_sequences(1, (1280, 720), kinds=("vssid",), start=BRIGHT_VSSID))
    assert seq.conditions["brightness"] == "bright"
    return seq


@pytest.fixture(scope="module")
def fused_bright(bright_vssid):
    seq = bright_vssid
    region = _anchor_region(decode_and_locate(seq.frames[-1])[1])
    assert region is not None
    fused = fuse(seq.frames[-8:], region)
    assert fused is not None and fused.used == 8
    return fused


def test_a_clipped_screen_code_reads_only_with_the_tone_curve(bright_vssid, fused_bright):
    seq, fused = bright_vssid, fused_bright
    assert all(decode_frame(f) == [] for f in seq.frames)     # no single frame reads it
    assert clipped(fused.mean)
    untoned = tuple(r for r in _READS if r[0][0] != "tone")
    assert read_fused(fused.mean, fused.scale, budget_s=5, reads=untoned) == []
    assert read_fused(fused.mean, fused.scale, budget_s=5) == [seq.text]


def test_the_camera_decoder_accepts_it_within_the_sequence(bright_vssid):
    seq = bright_vssid
    t = {"now": 0.0}
    decoder = FusingDecoder(clock=lambda: t["now"])
    acceptance = ConsistentReads(2, 1.5, clock=lambda: t["now"])
    accepted = []
    for k, frame in enumerate(seq.frames):      # 15 fps, a thorough pass every other frame
        t["now"] = k / 15
        for text in decoder(frame, thorough=k % 2 == 0)[:1]:
            got = acceptance.offer(text, t["now"])
            accepted += [got] if got is not None else []
    assert accepted and set(accepted) == {seq.text}
    assert decoder.fused_reads >= 2


def test_the_tone_curve_is_tried_only_on_a_clipped_window(bright_vssid, fused_bright):
    seq, fused = bright_vssid, fused_bright
    tone_only = tuple(r for r in _READS if r[0][0] == "tone")
    assert read_fused(fused.mean, fused.scale, budget_s=5, reads=tone_only) == [seq.text]
    # The same window a fifth darker: the tone curve would see the same picture (it stretches to the
    # window's own levels first), but nothing was clipped, so it is not tried.
    darker = fused.mean * np.float32(0.8)
    assert np.allclose(toned(darker, 3.0), toned(fused.mean, 3.0), atol=1.0)
    assert not clipped(darker)
    assert read_fused(darker, fused.scale, budget_s=5, reads=tone_only) == []


def test_the_tone_curve_darkens_greys_and_keeps_white_and_black():
    ramp = np.linspace(0, 255, 256, dtype=np.float32)[None, :].repeat(4, axis=0)
    out = toned(ramp, 3.0)
    assert out.dtype == np.float32 and out.min() == 0.0 and out.max() == 255.0
    mid = out[0, 128]
    assert 25 < mid < 40        # (0.5 stretched)^3 of white: the grey of a bloomed dark module goes dark
    assert np.all(np.diff(out[0]) >= 0)
