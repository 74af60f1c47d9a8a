"""Fusion on dim, soft printed cards (readers/qr/fusion.py): deconvolved reads and the look again on the mean.

The frames are card sequences of the card corpus's severe level
(benchmarks/qr_corpus.py: contrast cut to 0.3-0.55, optical blur 1-1.9 px,
strong noise; the pose and blur fixed, the hand's tremor and the noise new in
every frame), from its development seeds (samples 100-159), not the benchmark's.
"""

import pytest

from benchmarks.qr_corpus import generate_sequences
from readers.qr.decode import decode_and_locate, decode_frame
from readers.qr.fusion import _READS, FusingDecoder, _anchor_region, fuse, read_fused, relocated_region

SOFT_CARD = 147         # module SNR 1.8: the code is found, its modules merged by the blur
FRAGMENTED_CARD = 115   # module SNR 2.1: single frames box only pieces of the code


def _sequence(i: int):
    return next(generate_sequences(1, levels=("severe",), start=i))


@pytest.fixture(scope="module")
def soft_card():
    return _sequence(SOFT_CARD)


@pytest.fixture(scope="module")
def fragmented_card():
    return _sequence(FRAGMENTED_CARD)


def _play(frames, relocate: bool = True) -> tuple[list[str], FusingDecoder]:
    """Every text a fusing decoder gives over the frames, 1/15 s apart, thorough passes every other frame."""
    t = {"now": 0.0}
    decoder = FusingDecoder(relocate=relocate, clock=lambda: t["now"])
    texts: list[str] = []
    for k, frame in enumerate(frames):
        t["now"] = k / 15
        texts += decoder(frame, thorough=k % 2 == 0)
    return texts, decoder


def test_a_soft_card_code_reads_only_deconvolved(soft_card):
    seq = soft_card
    assert all(decode_frame(f) == [] for f in seq.frames)
    region = _anchor_region(decode_and_locate(seq.frames[7])[1])
    assert region is not None and region.side > 150     # the code itself was found...
    fused = fuse(seq.frames[:8], region)
    assert fused is not None and fused.used == 8
    # ...and fused from 8 frames, but unsharp masking does not separate its modules: deconvolution does
    unsharp = tuple(r for r in _READS if r[0][0] == "sharp")
    assert read_fused(fused.mean, fused.scale, budget_s=5, reads=unsharp) == []
    assert read_fused(fused.mean, fused.scale, budget_s=5) == [seq.text]


def test_a_code_single_frames_box_in_pieces_is_found_on_the_frames_mean(fragmented_card):
    seq = fragmented_card
    boxes = [_anchor_region(decode_and_locate(f)[1]) for f in seq.frames]
    assert all(b is None or b.side < 100 for b in boxes)     # pieces of a ~220 px code, or nothing
    region = relocated_region(seq.frames[:8])
    assert region is not None and region.side > 180
    texts, dec = _play(seq.frames, relocate=False)
    assert seq.text not in texts and dec.relocations == 0
    texts, dec = _play(seq.frames)
    assert seq.text in texts
    assert dec.relocations == 1      # once per run: the new run is not looked for again
