"""The benchmark's frame sequences (benchmarks/tremor.py and the two corpora's generate_sequences).

A sequence's first frame is the single-frame sample of the same seed (so the
single-frame figures stand), later frames differ by the hand's tremor and
fresh noise only, and the tremor stays within a couple of pixels.
"""

import numpy as np

from benchmarks import qr_corpus, qr_phone_corpus
from benchmarks.tremor import tremor_path


def test_a_phone_sequence_starts_with_the_single_frame_sample():
    seq = next(qr_phone_corpus.generate_sequences(1, (1280, 720), kinds=("vssid",), start=3, frames=3))
    single = next(qr_phone_corpus.generate(1, (1280, 720), kinds=("vssid",), start=3))
    assert np.array_equal(seq.frames[0], single.frame)
    assert seq.text == single.text and seq.ppm == single.ppm and seq.conditions == single.conditions
    assert not np.array_equal(seq.frames[1], seq.frames[0])
    # the same picture, moved a little: the frames differ by about the noise, not by a different scene
    diff = np.abs(seq.frames[1].astype(int) - seq.frames[0].astype(int))
    assert np.median(diff) < 12


def test_a_card_sequence_starts_with_the_single_frame_sample():
    seq = next(qr_corpus.generate_sequences(1, levels=("severe",), start=5, frames=3))
    single = next(qr_corpus.generate(1, levels=("severe",), start=5))
    assert np.array_equal(seq.frames[0], single.frame)
    assert seq.text == single.text and seq.module_snr == single.module_snr
    assert not np.array_equal(seq.frames[2], seq.frames[0])


def test_another_person_in_the_same_place_changes_only_the_code():
    a = next(qr_phone_corpus.generate_sequences(1, (1280, 720), kinds=("vssid",), start=3, frames=2))
    b = next(qr_phone_corpus.generate_sequences(1, (1280, 720), kinds=("vssid",), start=3, frames=2,
                                                person_offset=1))
    assert a.text != b.text
    assert a.conditions["corners"] == b.conditions["corners"] and a.tremors == b.tremors


def test_the_tremor_starts_at_rest_and_stays_within_a_few_pixels():
    for seed in range(50):
        path = tremor_path(np.random.default_rng(seed), 12)
        assert (path[0].dx, path[0].dy, path[0].droll, path[0].dscale) == (0, 0, 0, 0)
        assert all(abs(t.dx) <= 2.5 and abs(t.dy) <= 2.5 and abs(t.droll) < 1 for t in path)
    moves = [max(np.hypot(t.dx, t.dy) for t in tremor_path(np.random.default_rng(s), 12)) for s in range(200)]
    assert 0.8 < float(np.median(moves)) < 2.2   # a few tenths to about two pixels, as a held phone moves
