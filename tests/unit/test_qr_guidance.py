"""The code locator, the patient hints it drives, and the vote that steadies them."""

import cv2
import numpy as np
import pytest

from benchmarks.qr_phone_corpus import generate
from readers.qr.decode import decode_frame
from readers.qr.guidance import Hint, HintVote, hint_for_frame
from readers.qr.locate import assess_region, find_code_regions
from tests import qr_guidance_frames as frames


def _contains(region, x0, y0, x1, y1, slack=24):
    return (region.x0 <= x0 + slack and region.y0 <= y0 + slack
            and region.x1 >= x1 - slack and region.y1 >= y1 - slack)


def test_the_locator_boxes_a_code_too_small_to_read():
    f = frames.too_small()
    assert decode_frame(f) == []
    regions = find_code_regions(f)
    assert regions, "a 1.1 px/module code is still found"
    side = regions[0].side
    assert 50 <= side <= 110
    assert _contains(regions[0], 640 - 40, 360 - 40, 640 + 40, 360 + 40)
    assert assess_region(f, regions[0]).ppm < 2.6


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_locator_finds_the_phone_code_in_corpus_frames(size):
    found = total = 0
    for s in generate(10, size, kinds=("vneid", "vssid")):
        total += 1
        xs, ys = zip(*s.conditions["corners"], strict=False)
        cx, cy = sum(xs) / 4, sum(ys) / 4
        # the code's centre lies in one of the boxes, of about the code's size
        found += any(r.x0 <= cx <= r.x1 and r.y0 <= cy <= r.y1
                     and 0.6 < r.side / (max(xs) - min(xs) + 1) < 1.6 for r in find_code_regions(s.frame))
    assert found >= 0.85 * total, (found, total)


def test_nothing_is_located_in_empty_or_noisy_scenes():
    rng = np.random.default_rng(3)
    assert find_code_regions(np.full((720, 1280), 90, np.uint8)) == []
    noise = cv2.GaussianBlur(rng.integers(0, 255, (720, 1280), dtype=np.uint8), (0, 0), 2)
    assert find_code_regions(noise) == []
    assert find_code_regions(np.zeros((10, 10), np.uint8)) == []


@pytest.mark.parametrize("make, hint", [(frames.too_small, Hint.CLOSER), (frames.too_dark, Hint.BRIGHTER),
                                        (frames.blurred, Hint.STEADY)])
def test_each_unreadable_frame_gets_its_hint(make, hint):
    f = make()
    assert decode_frame(f) == [], "the frame must be unreadable for the hint to matter"
    assert hint_for_frame(f) == hint
    assert hint_for_frame(cv2.cvtColor(f, cv2.COLOR_GRAY2BGR)) == hint   # camera frames are BGR


def test_no_hint_without_anything_code_like():
    assert hint_for_frame(np.full((720, 1280), 128, np.uint8)) is None
    assert hint_for_frame(np.zeros((4, 100, 100), np.uint8)) is None       # not an image: no hint, no error


def test_the_vote_shows_a_hint_only_once_it_is_steady_and_clears_it_after_a_pause():
    t = [0.0]
    vote = HintVote(window=4, needed=3, clear_s=1.5, clock=lambda: t[0])
    seq = [Hint.CLOSER, Hint.STEADY, Hint.CLOSER]
    assert [vote.offer(h) for h in seq] == [None, None, None]
    assert vote.offer(Hint.CLOSER) == Hint.CLOSER
    t[0] = 1.0
    assert vote.offer(None) == Hint.CLOSER            # one empty frame does not clear it
    t[0] = 2.0
    assert vote.offer(Hint.STEADY) == Hint.CLOSER     # a single other answer does not switch it
    t[0] = 4.0
    vote.offer(None)
    assert vote.offer(None) is None                   # nothing seen for more than clear_s
    vote.offer(Hint.BRIGHTER)
    vote.reset()
    assert vote.shown is None


@pytest.mark.parametrize("i", [6, 13])
def test_a_far_vssid_code_on_a_moire_screen_asks_to_come_closer(i):
    """720p corpus frames (benchmarks/qr_phone_corpus.py) at 36-39 cm, 1.6-1.7 px/module: the default
    locate pass boxes the code with the screen around it (or finds nothing squarish); the strict one
    sees the code's own size."""
    s = next(generate(1, (1280, 720), kinds=("vssid",), start=i))
    assert s.ppm < 2.0
    assert hint_for_frame(s.frame) is Hint.CLOSER
