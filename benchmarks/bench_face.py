"""Face verification figures: FMR/FNMR on the real test photos, and latency.

``python -m benchmarks face``. The photos are face_recognition 1.3.0's test
images (PyPI sdist, fetched into .cache/ on first use; devkit/face_photos.py):
5 photos of one person, 1 of another. The protocol is the kiosk's: the *chip*
side is the whole photo (as DG2 is a portrait), the *live* side is the other
photo cut to head and shoulders and set in a 640x480 camera frame. Every
ordered pair is counted (20 genuine, 10 impostor).

Latency: dlib's HOG detector on a 640x480 frame (peer: OpenCV's Haar cascade
on the same frame, same process), the descriptor (alignment + ResNet), the
chip reference, and one try end to end (1 and 5 frames). The peer for detection
is the same HOG detector upsampling the frame once, as the face_recognition
library does by default (this OpenCV wheel has no cascade detector).
"""

from __future__ import annotations

import itertools
import os
import time

from benchmarks.stats import summary_ms
from devkit import face_frames as ff
from devkit.face_photos import PEOPLE, ensure_face_photos
from kiosk.config import FaceSettings
from kiosk.face import FaceVerifier, MatchPolicy, load_face_model
from kiosk.face.detect import largest_face
from kiosk.face.embed import descriptor, distance
from kiosk.face.images import scaled_for_work

N = int(os.environ.get("FACE_BENCH_N", "30"))
THRESHOLDS = (0.4, 0.45, 0.5, 0.55, 0.6)


def _timed(fn, n: int = N) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def error_rates(model, photos) -> tuple[list[float], list[float]]:
    """(genuine distances, impostor distances) over every ordered pair, kiosk protocol."""
    verifier = FaceVerifier(model, MatchPolicy(FaceSettings().threshold))
    refs = {n: verifier.reference(p.read_bytes()) for n, p in photos.items()}
    frames = {}
    for n, p in photos.items():
        raw = ff.load_rgb(p)
        small = scaled_for_work(raw)
        f = largest_face(model, small)
        k = raw.shape[0] / small.shape[0]
        frames[n] = ff.live_frame(ff.head_crop(raw, (int(f.left * k), int(f.top * k),
                                                     int(f.right * k), int(f.bottom * k))))
    genuine, impostor = [], []
    for chip, live in itertools.permutations(sorted(photos), 2):
        face = largest_face(model, frames[live])
        d = distance(refs[chip], descriptor(model, frames[live], face))
        (genuine if PEOPLE[chip] == PEOPLE[live] else impostor).append(d)
    return genuine, impostor


def main() -> None:
    """Print the FMR/FNMR table and the latency figures."""
    model = load_face_model()
    photos = ensure_face_photos()
    genuine, impostor = error_rates(model, photos)
    print(f"pairs: {len(genuine)} genuine (ordered, 5 photos of one person), {len(impostor)} impostor")
    print(f"genuine distance max {max(genuine):.3f}, impostor distance min {min(impostor):.3f}")
    for t in THRESHOLDS:
        fnmr = sum(d > t for d in genuine)
        fmr = sum(d <= t for d in impostor)
        print(f"threshold {t:.2f}: FNMR {fnmr}/{len(genuine)} ({100 * fnmr / len(genuine):.0f} %), "
              f"FMR {fmr}/{len(impostor)} ({100 * fmr / len(impostor):.0f} %)")

    raw = ff.load_rgb(photos["obama2.jpg"])
    small = scaled_for_work(raw)
    f = largest_face(model, small)
    k = raw.shape[0] / small.shape[0]
    crop = ff.head_crop(raw, (int(f.left * k), int(f.top * k), int(f.right * k), int(f.bottom * k)))
    frame = ff.live_frame(crop)
    face = largest_face(model, frame)
    verifier = FaceVerifier(model, MatchPolicy(FaceSettings().threshold))
    chip = photos["obama.jpg"].read_bytes()
    ref = verifier.reference(chip)
    turn = ff.head_turn_sequence(crop)

    det = _timed(lambda: model.detector(frame, 0))
    peer = _timed(lambda: model.detector(frame, 1))
    emb = _timed(lambda: descriptor(model, frame, face))
    print("detection (dlib HOG, 640x480):", summary_ms(det))
    print("  peer: the same detector upsampling once (face_recognition's default):", summary_ms(peer),
          f"ratio {sorted(det)[len(det) // 2] / sorted(peer)[len(peer) // 2]:.2f}")
    print("descriptor (5-point alignment + ResNet):", summary_ms(emb))
    print("chip reference (decode + detect + descriptor):", summary_ms(_timed(lambda: verifier.reference(chip))))
    print("one try end to end, 1 frame:", summary_ms(_timed(lambda: verifier.verify(ref, [frame]))))
    print("one try end to end, 5 frames (head turn):", summary_ms(_timed(lambda: verifier.verify(ref, turn), N // 3)))
