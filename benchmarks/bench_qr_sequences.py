"""Codes held up to the camera for 0.8 s: read within the sequence by the camera's acceptance rule.

``python -m benchmarks qr_sequences`` (``QR_SEQ_N`` sequences per kind,
default 60; ``QR_SEQ_RES`` = ``720p``, ``1080p`` or ``both``, default 720p:
the resolution where single frames miss the target; ``QR_SEQ_START``, default
0, the first sample: 100 is the development set the decoder was tuned on,
200 a held-out set). A sequence
(:func:`benchmarks.qr_phone_corpus.generate_sequences`,
:func:`benchmarks.qr_corpus.generate_sequences`) is 12 frames at 15 fps of
one sample: the conditions fixed, the hand's tremor and fresh sensor noise
per frame; its first frame is the single-frame sample of the same seed.

Each decoder is run the way :class:`readers.qr.camera.QrCamera` runs it: the
frames arrive at 15 fps into a one-frame slot, the decoder takes the newest
when it is free (a frame that costs more than 1/15 s makes it skip frames;
the cost is the decoding thread's CPU time, so the load of the shared machine
does not decide what is skipped), thorough passes on every other frame, and
every text goes through :class:`readers.qr.acceptance.ConsistentReads`
(``consistent_reads`` = 2 identical reads within ``read_window_seconds`` =
1.5 s). A sequence is *read* when the encoded text is accepted; a *false
accept* is an accepted text other than the encoded one. Decoders:

* ``fused``: :class:`readers.qr.fusion.FusingDecoder` (single frames, and
  multi-frame fusion when a code is seen but not read);
* ``single``: :func:`readers.qr.decode.decode_frame` alone (what the kiosk did before);
* ``zxing defaults``: ``zxingcpp.read_barcodes(frame)`` with every option at
  its default on each frame, same acceptance: the same-run peer.

A line per table also counts a sequence as read when any decoded frame (or
fusion) gave the text, without the acceptance.

Also run: sequences whose code changes half-way (the patient swaps phones)
and sequences alternating frame by frame between two people's codes, which
must never be accepted as anything but one of the two true texts, and no
fused read may mix them.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np

from benchmarks.bench_qr_phone import zxing_defaults
from benchmarks.qr_corpus import generate_sequences as card_sequences
from benchmarks.qr_phone_corpus import generate_sequences as phone_sequences
from benchmarks.qr_tables import is_phone, phone_conditions, ppm_buckets, print_table
from benchmarks.stats import percentile
from benchmarks.tremor import FPS, SEQUENCE_FRAMES
from readers.qr.acceptance import ConsistentReads
from readers.qr.decode import decode_frame
from readers.qr.fusion import FusingDecoder

SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}
NEEDED, WINDOW_S = 2, 1.5   # camera.consistent_reads, camera.read_window_seconds (the defaults)


def run_sequence(frames: list[np.ndarray], fps: float, decoder: Callable[..., list[str]],
                 clock: dict | None = None) -> dict:
    """Play ``frames`` into ``decoder`` as the camera would; what was accepted, and the CPU cost per decode.

    ``decoder(frame, thorough=bool)``. Frames arrive every 1/fps s; the
    decoder takes the newest frame that has arrived when it is free.
    ``clock["t"]``, when given, is set to the frame's arrival time before each call.
    """
    acceptance = ConsistentReads(NEEDED, WINDOW_S, clock=lambda: 0.0)
    accepted: list[tuple[str, float]] = []
    read: set[str] = set()
    costs: list[float] = []
    free_at, decoded, k = 0.0, 0, 0
    while k < len(frames):
        arrived = k / fps
        # the newest frame that has arrived by the time the decoder is free
        if free_at > arrived:
            k = min(len(frames) - 1, max(k, int(free_at * fps)))
            arrived = k / fps
        if clock is not None:
            clock["t"] = arrived
        c0 = time.thread_time()
        texts = decoder(frames[k], thorough=decoded % 2 == 0)
        cost = time.thread_time() - c0
        costs.append(cost)
        decoded += 1
        free_at = max(arrived, free_at) + cost
        read.update(texts)
        for t in texts[:1]:       # the camera offers one candidate per frame (two cards: ambiguous)
            got = acceptance.offer(t, arrived)
            if got is not None:
                accepted.append((got, arrived))
        k += 1
    return {"accepted": accepted, "read": read, "costs": costs}


def _make_decoders() -> dict[str, Callable[[dict], Callable[..., list[str]]]]:
    """Fresh decoders per sequence; each takes the simulated clock (a dict run_sequence updates)."""
    return {"fused": lambda clock: FusingDecoder(clock=lambda: clock["t"]),
            "single": lambda clock: decode_frame,
            "zxing defaults": lambda clock: (lambda frame, thorough=True: zxing_defaults(frame))}


def evaluate(seqs, label: Callable, fps: float) -> list[dict]:
    """One row per (sequence, decoder): read, false accept, time to accept, costs, plus the labels."""
    rows = []
    for s in seqs:
        for name, make in _make_decoders().items():
            clock = {"t": 0.0}
            dec = make(clock)
            out = run_sequence(s.frames, fps, dec, clock)
            texts = [t for t, _ in out["accepted"]]
            inner = dec if isinstance(dec, FusingDecoder) else None
            rows.append({"decoder": name, "ok": s.text in texts, "any": s.text in out["read"],
                         "false": sum(t != s.text for t in texts),
                         "at": min((a for t, a in out["accepted"] if t == s.text), default=None),
                         "costs": out["costs"], "fusions": inner.fusions if inner else 0,
                         "fused_reads": inner.fused_reads if inner else 0,
                         "register_cpu": list(inner.register_cpu) if inner else [],
                         "fusion_cpu": list(inner.fusion_cpu) if inner else [],
                         "relocations": inner.relocations if inner else 0,
                         "relocate_cpu": list(inner.relocate_cpu) if inner else [], **label(s)})
    return rows


def _drift(seq) -> float:
    """The furthest the hand took the code from its first frame's place in the sequence, pixels."""
    return max(float(np.hypot(t.dx, t.dy)) for t in seq.tremors)


def _any_frame(label: str, rows: list[dict], decoders: list[str]) -> None:
    """The same sequences counted as read when any decoded frame (or fusion) gave the text, no acceptance."""
    print(f"  {label:<34}" + "".join(
        f"{sum(r['any'] for r in rows if r['decoder'] == d) / max(1, sum(r['decoder'] == d for r in rows)):>16.1%}"
        for d in decoders) + f"{len(rows) // max(1, len(decoders)):>6}")


def _costs(rows: list[dict], decoders: list[str]) -> None:
    drift = [r["drift"] for r in rows if r["decoder"] == decoders[0]]
    print(f"  hand tremor: furthest move from the first frame, median {statistics.median(drift):.2f} px, "
          f"p95 {percentile(drift, 95):.2f} px")
    for d in decoders:
        sel = [r for r in rows if r["decoder"] == d]
        costs = [c for r in sel for c in r["costs"]]
        times = [r["at"] for r in sel if r["at"] is not None]
        fa = sum(r["false"] for r in sel)
        extra = ""
        if d == "fused":
            reg = [c for r in sel for c in r["register_cpu"]] or [0.0]
            fus = [c for r in sel for c in r["fusion_cpu"]] or [0.0]
            extra = (f"; fusions {sum(r['fusions'] for r in sel)}, fused reads {sum(r['fused_reads'] for r in sel)}"
                     f" (in {sum(r['fused_reads'] > 0 for r in sel)} sequences); registering a frame CPU median "
                     f"{statistics.median(reg) * 1e3:.1f} ms, p95 {percentile(reg, 95) * 1e3:.1f} ms; a fusion "
                     f"(fuse + read) median {statistics.median(fus) * 1e3:.1f} ms, "
                     f"p95 {percentile(fus, 95) * 1e3:.1f} ms")
            rel = [c for r in sel for c in r["relocate_cpu"]] or [0.0]
            extra += (f"; looked again on the frames' mean {len(rel) if rel != [0.0] else 0} times, moved "
                      f"{sum(r['relocations'] for r in sel)} runs, a look median {statistics.median(rel) * 1e3:.1f} "
                      f"ms, p95 {percentile(rel, 95) * 1e3:.1f} ms")
        print(f"  {d}: per decoded frame CPU median {statistics.median(costs) * 1e3:.1f} ms, p95 "
              f"{percentile(costs, 95) * 1e3:.1f} ms, max {max(costs) * 1e3:.0f} ms; accepted at median "
              f"{statistics.median(times) if times else float('nan'):.2f} s; false accepts {fa}{extra}")


def phones(res: str, n: int, decoders: list[str], start: int = 0) -> None:
    """Phones (VNeID, VssID) and the phone corpus's printed cards, as sequences at ``res``."""
    size = SIZES[res]
    # evaluated as generated: 12 frames x 240 samples do not sit in memory
    seqs = phone_sequences(n, size, start=start)
    rows = evaluate(seqs, lambda s: {"kind": s.kind, "d": s.distance_cm, "ppm": s.ppm, "drift": _drift(s), **{
        k: v for k, v in s.conditions.items() if k not in ("distance_cm", "tilt", "corners")}}, 15.0)
    groups = phone_conditions()
    print(f"corpus: {n} sequences per kind of {SEQUENCE_FRAMES} frames at {FPS:g} fps, "
          f"{size[0]}x{size[1]}, seed 2026, samples {start}-{start + n - 1}")
    print_table(f"{res} sequences: read by the acceptance", rows, groups, decoders, width=36)
    _any_frame("phones 20-40 cm, read in any frame", [r for r in rows if groups["phones 20-40 cm (target)"](r)],
               decoders)
    buckets = ppm_buckets(is_phone)
    print_table(f"{res} phone sequences by px/module", rows, buckets, decoders, width=36)
    _costs(rows, decoders)


def cards(n: int, decoders: list[str], start: int = 0) -> None:
    """The card corpus's levels (720p) as sequences, with the severe level by module SNR."""
    rows = evaluate(card_sequences(n, start=start),
                    lambda s: {"level": s.level, "snr": s.module_snr, "drift": _drift(s)}, 15.0)
    groups = {f"{lvl}": (lambda r, lvl=lvl: r["level"] == lvl) for lvl in ("mild", "moderate", "severe")}
    groups.update({f"severe, module SNR {lo}-{hi}": (lambda r, lo=lo, hi=hi: r["level"] == "severe"
                                                     and lo <= r["snr"] < hi)
                   for lo, hi in ((0, 2), (2, 4), (4, 999))})
    print(f"corpus: {n} card sequences per level of {SEQUENCE_FRAMES} frames at {FPS:g} fps, 1280x720, seed 2026, "
          f"samples {start}-{start + n - 1}")
    print_table("card sequences: read by the acceptance", rows, groups, decoders, width=36)
    _any_frame("severe, read in any frame", [r for r in rows if r["level"] == "severe"], decoders)
    _costs(rows, decoders)


def changing_codes(n: int, res: str = "720p") -> None:
    """Sequences whose code changes half-way, or alternates every frame between two people's codes.

    Three variants per pair: the code swapped half-way (another phone, another
    pose), alternating frame by frame between the two, and alternating between
    two codes in the same place (the same phone, pose, tremor and noise,
    another person's code). Nothing but one of the two true texts may be accepted.
    """
    size = SIZES[res]
    wrong = accepted_any = fused_reads = runs = 0
    for i in range(300, 300 + n):
        sa = next(phone_sequences(1, size, kinds=("vssid",), start=i))
        sb = next(phone_sequences(1, size, kinds=("vssid",), start=i + 1000))
        sc = next(phone_sequences(1, size, kinds=("vssid",), start=i, person_offset=1))
        half = len(sa.frames) // 2
        for other, swap in ((sb, True), (sb, False), (sc, False)):
            if other.text == sa.text:
                continue
            pairs = enumerate(zip(sa.frames, other.frames, strict=True))
            frames = (sa.frames[:half] + other.frames[half:] if swap else
                      [fa if k % 2 == 0 else fb for k, (fa, fb) in pairs])
            clock = {"t": 0.0}
            dec = FusingDecoder(clock=lambda c=clock: c["t"])
            out = run_sequence(frames, 15.0, dec, clock)
            texts = [t for t, _ in out["accepted"]]
            runs += 1
            accepted_any += bool(texts)
            wrong += sum(t not in (sa.text, other.text) for t in texts)
            fused_reads += dec.fused_reads
    print(f"changing codes ({res}, {runs} sequences: swapped half-way / alternating / alternating in place): "
          f"accepted one of the two true texts in {accepted_any}, a text that is neither: {wrong}; "
          f"fused reads {fused_reads}")


def main() -> None:
    """Print the sequence tables: phones and cards, fused vs single frames vs zxing-cpp's defaults."""
    n = int(os.environ.get("QR_SEQ_N", "60"))
    which = os.environ.get("QR_SEQ_RES", "720p")
    start = int(os.environ.get("QR_SEQ_START", "0"))
    cv2.setNumThreads(1)
    decoders = ["fused", "single", "zxing defaults"]
    for res in (SIZES if which == "both" else [which]):
        phones(res, n, decoders, start)
        print()
    cards(n, decoders, start)
    print()
    changing_codes(max(4, n // 6))


if __name__ == "__main__":
    main()
