"""Synthetic photos of ID and insurance cards held up to a kiosk camera.

Deterministic for a seed: sample ``i`` of level ``L`` is always the same
picture, so a failure can be reproduced by its name. Nothing is stored: the
benchmark and the tests generate what they need at run time.

Each picture is a card (realistic layout, text drawn with a Vietnamese-capable
font, the QR where the real card has it) of one of the synthetic citizens,
placed on a cluttered background and degraded the way kiosk cameras degrade
it, at three graded levels:

========  ===========  ========  ===========  =========  =====  =========  ======
level     px / module  rotation  perspective  blur σ     noise  contrast   glare
========  ===========  ========  ===========  =========  =====  =========  ======
mild      3.2-7        ±15°      ≤ 3 %        ≤ 0.6      σ 2    0.85-1     none
moderate  2.3-9        ±45°      ≤ 8 %        0.5-1.2    σ 5    0.55-0.85  35 %
severe    1.8-11       any       ≤ 14 %       1.0-1.9    σ 9    0.3-0.55   70 %
========  ===========  ========  ===========  =========  =====  =========  ======

(pixels per module at 720p, scaled with the frame height; the ID-card QR is
about 61 modules wide with its quiet zone, the insurance card's about 77),
plus JPEG re-compression (quality 90 / 70 / 45) as a USB camera's MJPEG does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from benchmarks.tremor import FPS, SEQUENCE_FRAMES, Tremor, tremor_path
from devkit.simulator.card_photos import CARD_H, CARD_W, card_image, qr_image  # noqa: F401 (re-exported)
from devkit.simulator.citizens import CITIZENS, Citizen

LEVELS = ("mild", "moderate", "severe")

_PARAMS = {  # see the module table
    "mild": dict(ppm=(3.2, 7.0), rot=15, persp=0.03, blur=(0.0, 0.6), noise=2, contrast=(0.85, 1.0),
                 glare=0.0, jpeg=90),
    "moderate": dict(ppm=(2.3, 9.0), rot=45, persp=0.08, blur=(0.5, 1.2), noise=5, contrast=(0.55, 0.85),
                     glare=0.35, jpeg=70),
    "severe": dict(ppm=(1.8, 11.0), rot=180, persp=0.14, blur=(1.0, 1.9), noise=9, contrast=(0.3, 0.55),
                   glare=0.7, jpeg=45),
}


@dataclass(frozen=True)
class Sample:
    """One synthetic camera frame and what its QR encodes."""

    name: str            # e.g. "moderate-017"
    level: str
    frame: np.ndarray    # greyscale uint8, the requested frame size
    text: str            # the exact text encoded in the QR
    citizen: Citizen
    kind: str            # "cccd" or "bhyt"
    module_snr: float = 0.0  # what is left of a module's contrast after blur, over the noise (see render)


def _background(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    base = rng.uniform(60, 200, 3)
    grad = np.linspace(-40, 40, w)[None, :, None] * rng.uniform(-1, 1)
    img = np.clip(np.broadcast_to(base, (h, w, 3)) + grad, 0, 255).astype(np.uint8).copy()
    for _ in range(12):  # clutter: desk objects, shadows, printed matter
        c = tuple(int(v) for v in rng.uniform(0, 255, 3))
        p1 = (int(rng.uniform(0, w)), int(rng.uniform(0, h)))
        p2 = (p1[0] + int(rng.uniform(-300, 300)), p1[1] + int(rng.uniform(-200, 200)))
        cv2.rectangle(img, p1, p2, c, -1) if rng.random() < 0.5 else cv2.line(img, p1, p2, c, 3)
    return img


def render(citizen: Citizen, kind: str, level: str, rng: np.random.Generator,
           size: tuple[int, int] = (1280, 720), info: dict | None = None,
           tremor: Tremor | None = None, noise_rng: np.random.Generator | None = None) -> np.ndarray:
    """One greyscale frame of ``citizen``'s card at distortion ``level``.

    ``tremor`` moves the card from the pose ``rng`` chose (a frame of a
    sequence: :func:`generate_sequences`) and ``noise_rng`` draws the sensor
    noise instead of ``rng``: a fresh ``rng`` with the same seed gives the
    same conditions (pose, contrast, glare, blur), a new ``noise_rng`` new noise.

    ``info``, when given, receives ``module_snr``: the amplitude of the finest
    module pattern (one module dark, one light) left after the contrast cut
    and the Gaussian blur, divided by the noise's standard deviation. Under
    about 2 the pattern is below the noise and no single frame can be read.
    It takes no random draws, so the frames are the same with or without it.
    """
    p = _PARAMS[level]
    w, h = size
    card, (qx, qy, qside), modules = card_image(citizen.key, kind)
    target = rng.uniform(*p["ppm"]) * modules * min(1.0, h / 720)  # sizes are given for a 720p frame
    target = min(target, 0.65 * h)  # a rotated QR must still fit in the frame
    s = target / qside
    theta = np.deg2rad(rng.uniform(-p["rot"], p["rot"]))
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]) * s
    qc = np.array([qx + qside / 2, qy + qside / 2])
    src = np.float32([[0, 0], [CARD_W, 0], [CARD_W, CARD_H], [0, CARD_H]])
    qr_quad = np.float32([[qx, qy], [qx + qside, qy], [qx + qside, qy + qside], [qx, qy + qside]])
    for attempt in range(200):  # the whole QR must be in the frame, or the sample is unfair
        if attempt and attempt % 25 == 0:
            R *= 0.9
        half = min(0.72 * target, h / 2 - 1)
        centre = np.array([rng.uniform(half, w - half), rng.uniform(half, h - half)])
        dst = (src - qc) @ R.T + centre
        jitter = p["persp"] * s * CARD_W
        dst = np.float32(dst + rng.uniform(-jitter, jitter, dst.shape))
        H = cv2.getPerspectiveTransform(src, dst)
        corners = cv2.perspectiveTransform(qr_quad[None], H)[0]
        if corners.min() >= 4 and (corners[:, 0] <= w - 4).all() and (corners[:, 1] <= h - 4).all():
            break
    if tremor is not None:  # the hand moved a little: turn, scale and shift about the code's centre
        a = np.deg2rad(tremor.droll)
        m = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]]) * (1 + tremor.dscale)
        dst = np.float32((dst - centre) @ m.T + centre + (tremor.dx, tremor.dy))
        H = cv2.getPerspectiveTransform(src, dst)
        corners = cv2.perspectiveTransform(qr_quad[None], H)[0]
    frame = _background(rng, w, h)
    warped = cv2.warpPerspective(card, H, (w, h), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(card.shape[:2], 255, np.uint8), H, (w, h))
    frame[mask > 0] = warped[mask > 0]
    img = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY).astype(np.float32)
    c = rng.uniform(*p["contrast"])
    img = img.mean() + (img - img.mean()) * c
    if rng.random() < p["glare"]:  # a bright reflection near the QR
        gx, gy = (np.array([qx + qside * rng.uniform(0, 1), qy + qside * rng.uniform(0, 1), 1.0]) @ H.T)[:2] / \
            (np.array([qx, qy, 1.0]) @ H.T)[2]
        yy, xx = np.mgrid[0:h, 0:w]
        r = target * rng.uniform(0.15, 0.4)
        strength = rng.uniform(0.4, 0.9) * (1.0 if level == "severe" else 0.6)
        g = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * r * r)) * strength
        img = img * (1 - g) + 255 * g
    sigma = rng.uniform(*p["blur"])
    if sigma > 0.05:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    if info is not None:
        ppm = float(np.linalg.norm(corners[1] - corners[0])) / modules
        mtf = math.exp(-2 * math.pi ** 2 * sigma ** 2 * (0.5 / ppm) ** 2)  # at 1 cycle per 2 modules
        info["module_snr"] = c * 200 * mtf / p["noise"]   # ~200: the card's dark/light spread before the cut
    img += (rng if noise_rng is None else noise_rng).normal(0, p["noise"], img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, p["jpeg"]])
    return cv2.imdecode(jpg, cv2.IMREAD_GRAYSCALE)


def generate(per_level: int, seed: int = 2026, size: tuple[int, int] = (1280, 720),
             levels: tuple[str, ...] = LEVELS, start: int = 0):
    """Yield ``per_level`` samples for each level (deterministic for ``seed``)."""
    for _li, level in enumerate(levels):
        for i in range(start, start + per_level):
            rng = np.random.default_rng([seed, LEVELS.index(level), i])
            citizen = CITIZENS[i % len(CITIZENS)]
            kind = "bhyt" if (i % 3 == 2 and citizen.bhyt_code) else "cccd"
            text = citizen.qr_text() if kind == "cccd" else citizen.bhyt_qr_text()
            info: dict = {}
            frame = render(citizen, kind, level, rng, size, info)
            yield Sample(f"{level}-{i:03d}", level, frame, text, citizen, kind, info["module_snr"])


@dataclass(frozen=True)
class SampleSequence:
    """A card held up for ``len(frames)`` consecutive frames at ``fps``: same conditions, moving hand.

    ``frames[0]`` is the single-frame :class:`Sample` of the same name; each
    later frame moves the card by the hand's tremor (``tremors``,
    :mod:`benchmarks.tremor`) and has fresh sensor noise and its own JPEG
    compression. Contrast, glare, blur and pose stay.
    """

    name: str
    level: str
    frames: list
    text: str
    citizen: Citizen
    kind: str
    module_snr: float
    tremors: list
    fps: float = FPS


def generate_sequences(per_level: int, seed: int = 2026, size: tuple[int, int] = (1280, 720),
                       levels: tuple[str, ...] = LEVELS, start: int = 0, frames: int = SEQUENCE_FRAMES):
    """Yield ``per_level`` sequences per level; sequence ``i`` starts with :func:`generate`'s sample ``i``."""
    for level in levels:
        for i in range(start, start + per_level):
            citizen = CITIZENS[i % len(CITIZENS)]
            kind = "bhyt" if (i % 3 == 2 and citizen.bhyt_code) else "cccd"
            text = citizen.qr_text() if kind == "cccd" else citizen.bhyt_qr_text()
            path = tremor_path(np.random.default_rng([seed, LEVELS.index(level), i, 1]), frames)
            shots, info = [], {}
            for k, tremor in enumerate(path):
                rng = np.random.default_rng([seed, LEVELS.index(level), i])   # the same conditions every frame
                noise = None if k == 0 else np.random.default_rng([seed, LEVELS.index(level), i, 2, k])
                shots.append(render(citizen, kind, level, rng, size, info if k == 0 else None,
                                    None if k == 0 else tremor, noise))
            yield SampleSequence(f"{level}-{i:03d}", level, shots, text, citizen, kind, info["module_snr"], path)


def main() -> None:
    """``python -m benchmarks.qr_corpus OUTDIR [N]``: write N samples per level as PNG, to look at."""
    import sys
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "qr-corpus")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out.mkdir(parents=True, exist_ok=True)
    for s in generate(n):
        cv2.imwrite(str(out / f"{s.name}.png"), s.frame)
    print(f"wrote {3 * n} images to {out}")


if __name__ == "__main__":
    main()
