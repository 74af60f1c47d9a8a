"""Multi-frame fusion: read a code no single frame resolves from several frames of it.

A patient holds a phone or card still for a second or two: the distance,
tilt, screen and print stay, the hand's tremor moves the code by fractions
of a pixel and every frame has new sensor noise. At 1.6-2 camera pixels per
module (the long VssID code at 30-40 cm from a 720p camera) no single frame
samples the modules finely enough, and on a dim, soft card the module
pattern is under the noise. Several frames of the same code, each sampled
at a slightly different sub-pixel offset, hold more than any one of them:

1. the located region of the newest frame (with a margin) is the reference;
   the same window is cut from each earlier frame kept;
2. each window is registered to the reference with sub-pixel accuracy:
   phase correlation for the shift, then OpenCV's ECC (``findTransformECC``,
   a Euclidean motion: shift and a tiny turn) on lightly smoothed windows;
   a frame that does not register, moved further than ``MAX_SHIFT_PX``, or
   whose module detail (a band-pass of the located box, after registration)
   correlates with the reference's under ``MIN_CORRELATION`` is left out: the
   whole window of another code on the same phone still correlates at 0.9
   (bezel, screen, finder patterns), its module detail at 0.15-0.35, the same
   code's at 0.85-0.99;
3. the registered windows are resampled onto a grid ``scale`` times finer
   (so a module spans about ``TARGET_PPM`` fine pixels) and averaged: each
   frame lands its samples at its own sub-pixel phase, so the average holds
   detail above the single frame's Nyquist limit (shift-and-add with a cubic
   kernel) and the noise falls by about the square root of the frame count;
   an unsharp mask restores the edges the resampling softened;
4. the fused window is decoded like a region of a single frame
   (:func:`readers.qr.decode.read_region_image`).

:class:`FusingDecoder` wraps the single-frame decoder for the camera: it
keeps the last frames in which a code was seen but not read, and fuses only
then, at most every ``every_s`` seconds. A fused read is one read like any
other: it goes through the same acceptance (N identical reads within the
window, :mod:`readers.qr.acceptance`) and the same parser. After a fused
read the frames it used are dropped, so the next read comes from new frames:
two fused reads are two independent pieces of evidence, not one counted twice.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from readers.qr.decode import DEFAULT_BUDGET_S, as_gray, decode_and_locate, read_region_image
from readers.qr.locate import CodeRegion, assess_region

WINDOW_MARGIN = 0.25        # of the region's side, around the located box: the quiet zone and the hand's drift
MIN_CORRELATION = 0.6       # module-detail correlation with the reference below which a frame is left out
MAX_SHIFT_PX = 12.0         # a frame that moved further than this (frame pixels) is left out
MIN_FRAMES = 4              # fewer registered frames than this: no fusion
TARGET_PPM = 4.0            # the fine grid: about this many pixels per module
PPM_BIAS = 0.7              # blur hides crossings: the px/module estimate runs high on soft codes (as decode's)
MAX_SCALE = 3.0
MAX_WINDOW_SIDE = 520       # larger windows (a big code, which single frames read anyway) are not fused


@dataclass(frozen=True)
class Fused:
    """A fused window: the image, how many frames went into it, and how many were left out."""

    image: np.ndarray
    used: int
    rejected: int
    scale: float


def _window(region: CodeRegion, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    m = int(region.side * WINDOW_MARGIN) + 8
    h, w = shape
    return max(0, region.x0 - m), max(0, region.y0 - m), min(w, region.x1 + m), min(h, region.y1 + m)


def register(reference: np.ndarray, moving: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The 2x3 warp taking reference coordinates to ``moving``'s, and the ECC correlation; None if it fails.

    Both are float32 windows of the same size. Phase correlation gives the
    shift to start from (ECC alone converges to the nearest module, which at
    2 px/module may be the wrong one); ECC then refines shift and turn to a
    small fraction of a pixel.
    """
    hann = cv2.createHanningWindow(reference.shape[::-1], cv2.CV_32F)
    (sx, sy), _response = cv2.phaseCorrelate(reference, moving, hann)
    if abs(sx) > MAX_SHIFT_PX or abs(sy) > MAX_SHIFT_PX:
        return None
    warp = np.array([[1, 0, sx], [0, 1, sy]], np.float32)
    try:
        cc, warp = cv2.findTransformECC(reference, moving, warp, cv2.MOTION_EUCLIDEAN,
                                        (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 40, 1e-4), None, 3)
    except cv2.error:   # did not converge: the windows do not show the same thing
        return None
    if abs(warp[0, 2]) > MAX_SHIFT_PX or abs(warp[1, 2]) > MAX_SHIFT_PX:
        return None
    return warp, float(cc)


def _band(img: np.ndarray) -> np.ndarray:
    """Module detail: a difference of Gaussians that keeps patterns of one to a few pixels."""
    return cv2.GaussianBlur(img, (0, 0), 0.7) - cv2.GaussianBlur(img, (0, 0), 3.0)


def detail_correlation(reference: np.ndarray, moving: np.ndarray, warp: np.ndarray, box: tuple) -> float:
    """Correlation of the module detail in ``box`` (x0, y0, x1, y1 in window pixels) after registration."""
    back = cv2.warpAffine(moving, warp, reference.shape[::-1], flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)
    x0, y0, x1, y1 = box
    a = _band(reference)[y0:y1, x0:x1].ravel()
    b = _band(back)[y0:y1, x0:x1].ravel()
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else 0.0


def fuse(frames: list[np.ndarray], region: CodeRegion, ppm: float | None = None) -> Fused | None:
    """Register the window around ``region`` in every frame to the last frame's and average them finer.

    ``frames`` are 2-D uint8 frames of the same size, oldest first; the last
    is the reference (``region`` was located in it). ``ppm`` is the code's
    pixels per module (measured on the reference when not given). None when
    fewer than ``MIN_FRAMES`` frames register or the window is too big.
    """
    ref_frame = frames[-1]
    x0, y0, x1, y1 = _window(region, ref_frame.shape)
    if max(x1 - x0, y1 - y0) > MAX_WINDOW_SIDE or min(x1 - x0, y1 - y0) < 24:
        return None
    if ppm is None:
        ppm = assess_region(ref_frame, region).ppm
    scale = float(np.clip(TARGET_PPM / (PPM_BIAS * ppm), 1.0, MAX_SCALE)) if ppm > 0 else 2.0
    ref = ref_frame[y0:y1, x0:x1].astype(np.float32)
    box = (region.x0 - x0, region.y0 - y0, region.x1 - x0, region.y1 - y0)
    h, w = ref.shape
    out_size = (round(w * scale), round(h * scale))
    # fine-grid pixel centre (u + 0.5) / scale - 0.5 in window pixels
    c = 0.5 / scale - 0.5
    acc = np.zeros((out_size[1], out_size[0]), np.float32)
    used = rejected = 0
    for frame in frames:
        win = frame[y0:y1, x0:x1].astype(np.float32)
        if frame is ref_frame:
            warp = np.array([[1, 0, 0], [0, 1, 0]], np.float32)
        else:
            got = register(ref, win)
            if got is None or detail_correlation(ref, win, got[0], box) < MIN_CORRELATION:
                rejected += 1
                continue
            warp = got[0]
        a = warp[:, :2].astype(np.float64)
        m = np.hstack([a / scale, (a @ np.array([c, c]) + warp[:, 2])[:, None]])
        acc += cv2.warpAffine(win, m, out_size, flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_REPLICATE)
        used += 1
    if used < MIN_FRAMES:
        return None
    mean = acc / used
    soft = cv2.GaussianBlur(mean, (0, 0), 0.5 * scale)
    sharp = cv2.addWeighted(mean, 2.0, soft, -1.0, 0)
    return Fused(np.clip(sharp, 0, 255).astype(np.uint8), used, rejected, scale)


class FusingDecoder:
    """The camera's decoder: single frames first, fused frames when a code is seen but not read.

    Call it like :func:`readers.qr.decode.decode_frame` (``decoder(frame,
    thorough=...)``). It keeps the last ``history`` frames in which a
    code-like region was seen and nothing read (frames older than
    ``max_age_s`` are dropped: the code must have been held still recently);
    with at least ``min_frames`` of them, and at most every ``every_s``
    seconds, it fuses the newest frame's best regions over them
    (:func:`fuse`) and decodes that. ``clock`` is injectable for tests.
    ``fused_reads`` and ``fusions`` count what it did (for the benchmark).
    """

    def __init__(self, decode: Callable[..., tuple[list[str], list[CodeRegion]]] = decode_and_locate, *,
                 history: int = 6, min_frames: int = 5, every_s: float = 0.2, max_age_s: float = 1.0,
                 max_regions: int = 2, budget_s: float = DEFAULT_BUDGET_S,
                 clock: Callable[[], float] = time.monotonic):
        self._decode = decode
        self.history, self.min_frames = history, min_frames
        self.every_s, self.max_age_s, self.max_regions, self.budget_s = every_s, max_age_s, max_regions, budget_s
        self._clock = clock
        self._frames: deque[tuple[float, np.ndarray]] = deque(maxlen=history)
        self._last_fusion = float("-inf")
        self.fusions = 0
        self.fused_reads = 0

    def reset(self) -> None:
        """Forget the frames kept (the kiosk went back to idle, or the camera restarted)."""
        self._frames.clear()
        self._last_fusion = float("-inf")

    def __call__(self, frame: np.ndarray, thorough: bool = True) -> list[str]:
        gray = as_gray(frame)
        texts, regions = self._decode(gray, thorough=thorough)
        now = self._clock()
        if texts or not regions:
            self._frames.clear()    # read, or nothing code-like in view: the run of unread frames ends
            return texts
        if self._frames and self._frames[-1][1].shape != gray.shape:
            self._frames.clear()
        self._frames.append((now, gray))
        while self._frames and now - self._frames[0][0] > self.max_age_s:
            self._frames.popleft()
        if len(self._frames) < self.min_frames or now - self._last_fusion < self.every_s:
            return []
        self._last_fusion = now
        self.fusions += 1
        texts = self.fused_texts([f for _, f in self._frames], regions)
        if texts:
            self.fused_reads += 1
            self._frames.clear()    # the next read must come from new frames
        return texts

    def fused_texts(self, frames: list[np.ndarray], regions: list[CodeRegion]) -> list[str]:
        """Fuse the frames over each of the first ``max_regions`` regions in turn; the first texts read."""
        start = time.perf_counter()
        for region in regions[:self.max_regions]:
            fused = fuse(frames, region)
            if fused is None:
                continue
            left = self.budget_s - (time.perf_counter() - start)
            if left <= 0:
                break
            texts = read_region_image(fused.image, budget_s=left)
            if texts:
                return texts
        return []
