"""The decode stages for small, soft codes (docs/qr.md, "Decoding").

Frames from the synthetic corpora (benchmarks/qr_phone_corpus.py at 720p,
benchmarks/qr_corpus.py's severe cards; the benchmarks' own seed) that only
one stage reads: the code warped flat from its own outline (tilted VssID
codes at about 2 px/module), the denoised, sharpened crop (VssID codes at about 1.9 camera
pixels per module, a shaken VNeID code, a soft noisy card) and the stricter
second locate pass (a VNeID code whose box the first pass merged with the
phone's moiré-covered, over-exposed screen).
"""

import cv2
import numpy as np
import pytest

from benchmarks.qr_corpus import generate as card_frames
from benchmarks.qr_phone_corpus import generate
from readers.qr.decode import decode_frame
from readers.qr.locate import STRICT_SCENE_FACTOR, find_code_regions

SIZE_720P = (1280, 720)


def _sample(kind: str, i: int):
    return next(generate(1, SIZE_720P, kinds=(kind,), start=i))


@pytest.mark.parametrize("i", [15, 45])
def test_a_vssid_code_under_two_pixels_per_module_reads_once_denoised(i):
    s = _sample("vssid", i)
    assert s.ppm < 2.0 and 20 <= s.distance_cm <= 40
    assert decode_frame(s.frame, budget_s=5) == [s.text]


def test_a_code_merged_with_its_screen_reads_through_the_strict_locate_pass():
    s = _sample("vneid", 20)
    first = find_code_regions(s.frame)
    strict = find_code_regions(s.frame, scene_factor=STRICT_SCENE_FACTOR)
    corners = s.conditions["corners"]
    cx = sum(p[0] for p in corners) / 4
    cy = sum(p[1] for p in corners) / 4

    def on_code(r):
        return r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1

    assert not any(on_code(r) for r in first)          # the default pass misses it...
    assert any(on_code(r) for r in strict)             # ...the strict one finds it
    assert decode_frame(s.frame, budget_s=5) == [s.text]


def test_the_strict_pass_still_finds_nothing_in_an_empty_scene():
    rng = np.random.default_rng(3)
    scene = cv2.GaussianBlur(rng.integers(0, 255, (720, 1280), dtype=np.uint8), (0, 0), 4)
    assert decode_frame(scene) == []


def test_a_soft_noisy_card_code_reads_once_denoised():
    """A printed card at the severe level (low contrast, blur, sensor noise): only the denoised crop reads it."""
    s = next(card_frames(1, levels=("severe",), start=1))
    assert s.name == "severe-001"
    assert decode_frame(s.frame, budget_s=5) == [s.text]


def test_a_shaken_phone_code_reads_once_denoised():
    s = _sample("vneid", 58)
    assert s.conditions["shake_px"] > 3
    assert decode_frame(s.frame, budget_s=5) == [s.text]


@pytest.mark.parametrize("i", [26, 36, 47])
def test_a_tilted_vssid_code_at_two_pixels_per_module_reads_once_rectified(i):
    """Phones tilted 17-24° at 32-37 cm: only the code warped flat from its own outline reads."""
    s = _sample("vssid", i)
    assert s.ppm < 2.1 and max(abs(a) for a in s.conditions["tilt"]) > 15
    assert decode_frame(s.frame, budget_s=5) == [s.text]


def test_the_rectified_views_are_square_and_none_for_a_plain_patch():
    from readers.qr.decode import RECTIFY_SIDE, _rectified
    from readers.qr.locate import CodeRegion

    s = _sample("vssid", 36)
    region = find_code_regions(s.frame)[0]
    views = _rectified(s.frame, region, 1.9, invert=False)
    assert views and all(v.shape == (RECTIFY_SIDE, RECTIFY_SIDE) for v in views)
    flat = np.full((300, 300), 200, np.uint8)
    assert _rectified(flat, CodeRegion(50, 50, 250, 250, 1.0), 2.0, invert=False) == []


def test_a_small_code_on_a_white_moire_screen_reads_through_the_strictest_locate_pass():
    """36 cm, 1.7 px/module, light mode: only cells 10x the scene's typical density box the code."""
    from readers.qr.locate import STRICTEST_SCENE_FACTOR

    s = _sample("vssid", 37)
    assert not find_code_regions(s.frame, scene_factor=STRICT_SCENE_FACTOR)
    assert find_code_regions(s.frame, scene_factor=STRICTEST_SCENE_FACTOR)
    assert decode_frame(s.frame, budget_s=5) == [s.text]
