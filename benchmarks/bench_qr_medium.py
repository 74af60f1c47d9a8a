"""Phone screen or printed card: how often the camera's call is right, wrong or "unknown".

``python -m benchmarks qr_medium`` (``QR_MEDIUM_N`` frames per kind and
resolution, default 40; seed ``QR_MEDIUM_SEED``, default 2026 — the thresholds
in readers/qr/medium.py were chosen on seed 7). Phones: VNeID and VssID
screens (benchmarks/qr_phone_corpus.py, light and dark mode, dim to
over-exposed). Prints: printed cards at the mild (benchmarks/qr_corpus.py),
moderate and severe levels. Each frame is classified with
:func:`readers.qr.medium.classify_medium`; the rates are given over all frames
and over the frames our decoder reads (the camera classifies only an accepted
code). A *wrong* call (a screen called print or a print called screen) must be
about 0: "unknown" records what the kiosk recorded before. Times: the
classifier's wall time per frame, median and p95, against
:func:`readers.qr.decode.decode_frame` on the same frames in the same process.
"""

from __future__ import annotations

import os
import statistics
import time

from benchmarks import qr_corpus, qr_phone_corpus
from benchmarks.stats import percentile
from readers.qr.decode import decode_frame
from readers.qr.medium import classify_medium

SIZES = ((1280, 720), (1920, 1080))
PHONES = ("vneid", "vssid")


def _frames(n: int, size, seed: int):
    for s in qr_phone_corpus.generate(n, size, seed=seed):
        yield s.kind, s.frame, s.text
    for s in qr_corpus.generate(n, seed=seed, size=size, levels=("mild",)):
        yield "card-mild", s.frame, s.text


def _line(label: str, rows: list[dict]) -> str:
    if not rows:
        return f"  {label:<30}{'-':>8}"
    truth = "screen" if rows[0]["kind"] in PHONES else "print"
    wrong = "print" if truth == "screen" else "screen"
    n = len(rows)
    right = sum(r["call"] == truth for r in rows)
    bad = sum(r["call"] == wrong for r in rows)
    unk = sum(r["call"] == "unknown" for r in rows)
    return f"  {label:<30}{n:>6}{right / n:>10.1%}{bad:>8}{unk / n:>10.1%}"


def main() -> None:
    """Print right / wrong / unknown per kind and resolution, and the classifier's cost."""
    n = int(os.environ.get("QR_MEDIUM_N", "40"))
    seed = int(os.environ.get("QR_MEDIUM_SEED", "2026"))
    kinds = ("vneid", "vssid", "card-mild", "card-moderate", "card-severe")
    for size in SIZES:
        rows, t_cls, t_dec = [], [], []
        for kind, frame, text in _frames(n, size, seed):
            t0 = time.perf_counter()
            texts = decode_frame(frame)
            t1 = time.perf_counter()
            call = classify_medium(frame).value
            t2 = time.perf_counter()
            t_dec.append(t1 - t0)
            t_cls.append(t2 - t1)
            rows.append({"kind": kind, "call": call, "read": text in texts})
        print(f"{size[1]}p, {n} frames per kind, seed {seed}: right = screen for phones, print for cards")
        print(f"  {'kind':<30}{'n':>6}{'right':>10}{'wrong':>8}{'unknown':>10}")
        for kind in kinds:
            sel = [r for r in rows if r["kind"] == kind]
            print(_line(kind, sel))
            print(_line("  (frames the decoder reads)", [r for r in sel if r["read"]]))
        phones = [r for r in rows if r["kind"] in PHONES]
        cards = [r for r in rows if r["kind"] not in PHONES]
        print(_line("all phones", phones))
        print(_line("all printed cards", cards))
        print(f"  classifier per frame: median {statistics.median(t_cls) * 1e3:.1f} ms, "
              f"p95 {percentile(t_cls, 95) * 1e3:.1f} ms; decode_frame median "
              f"{statistics.median(t_dec) * 1e3:.1f} ms (classifier/decoder "
              f"{statistics.median(t_cls) / statistics.median(t_dec):.2f}x)")
        print()
