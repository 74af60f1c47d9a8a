"""Multi-frame fusion: read a code no single frame resolves from several frames of it.

A patient holds a phone or card still for a second or two: the distance,
tilt, screen and print stay, the hand's tremor moves the code by fractions
of a pixel and every frame has new sensor noise. At 1.6-2 camera pixels per
module (the long VssID code at 30-40 cm from a 720p camera) no single frame
samples the modules finely enough, and on a dim, soft card the module
pattern is under the noise. Several frames of the same code, each sampled
at a slightly different sub-pixel offset, hold more than any one of them:

1. the located region of one frame (with a margin) is the reference window;
   the same window is cut from each other frame;
2. each window is registered to the reference with sub-pixel accuracy:
   phase correlation for the shift, then OpenCV's ECC (``findTransformECC``,
   a Euclidean motion: shift and a tiny turn) on lightly smoothed windows;
   a frame that does not register, moved further than ``MAX_SHIFT_PX``, or
   whose module detail (a band-pass of the located box, after registration)
   correlates with the reference's under ``MIN_CORRELATION`` is left out: the
   whole window of another code on the same phone still correlates at 0.9
   (bezel, screen, finder patterns), its module detail at 0.15-0.35, the same
   code's at 0.85-0.99;
3. the registered windows are resampled onto a grid ``FINE_SCALE`` times
   finer and averaged: each frame lands its samples at its own sub-pixel
   phase, so the average holds detail above the single frame's Nyquist limit
   (shift-and-add with a cubic kernel) and the noise falls by about the
   square root of the frame count (:func:`fuse_registered`);
4. the mean is unsharp-masked (the resampling and the optics soften edges)
   and read by zxing-cpp (:func:`read_fused`); last, Wiener-deconvolved for
   the optics' blur (:func:`deconvolved`: a dim, soft card's modules,
   merged by a blur every frame shares, come apart once the noise is down);
5. when a run's first fused read fails, the code is looked for again on the
   plain mean of the last unread frames (:func:`relocated_region`): a dim
   card's code that single frames box only in pieces stands out whole there.

:class:`FusingDecoder` wraps the single-frame decoder for the camera: it
keeps the last frames in which a code was seen but not read, and fuses only
then. A fused read is one read like any other: it goes through the same
acceptance (N identical reads within the window, :mod:`readers.qr.acceptance`)
and the same parser. After a fused read the next one waits for
``min_frames`` new frames, so two fused reads share at most half their frames:
the acceptance's second read is new evidence, not the first one counted twice.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from readers.qr.decode import _QR, _texts, as_gray, decode_and_locate
from readers.qr.locate import STRICTER_SCENE_FACTORS, CodeRegion, find_code_regions, new_strict_regions, same_box

WINDOW_MARGIN = 0.25        # of the region's side, around the located box: the quiet zone and the hand's drift
MIN_CORRELATION = 0.6       # module-detail correlation with the reference below which a frame is left out
MAX_SHIFT_PX = 12.0         # a frame that moved further than this (frame pixels) is left out
MIN_FRAMES = 4              # fewer registered frames than this: no fusion
FINE_SCALE = 2.5            # the fused grid is this much finer than the camera's...
MAX_FINE_SIDE = 700         # ...but at most this many pixels across (zxing's time grows with it)
MAX_WINDOW_SIDE = 520       # larger windows (a big code, which single frames read anyway) are not fused


@dataclass(frozen=True)
class Fused:
    """A fused window: the mean (float32, fine grid), how many frames went into it, how many were left out."""

    mean: np.ndarray
    used: int
    rejected: int
    scale: float


def _window(region: CodeRegion, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The box fused around ``region``: the located box plus its margin, inside the frame."""
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
        # gaussFiltSize 3 (OpenCV's default 5 blurs 2 px modules away); OpenCV's stubs lack the argument
        cc, warp = cv2.findTransformECC(reference, moving, warp, cv2.MOTION_EUCLIDEAN,  # type: ignore[call-overload]
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


def _fine_warp(warp: np.ndarray, scale: float) -> np.ndarray:
    """The 2x3 map from fine-grid pixels (``scale`` times finer) to a window's pixels, given ``warp``.

    A fine pixel ``u`` has its centre at ``(u + 0.5) / scale - 0.5`` reference pixels.
    """
    c = 0.5 / scale - 0.5
    a = warp[:, :2].astype(np.float64)
    return np.hstack([a / scale, (a @ np.array([c, c]) + warp[:, 2])[:, None]])


def fuse_registered(windows: list[tuple[np.ndarray, np.ndarray]], scale: float) -> np.ndarray:
    """The mean of registered windows on a grid ``scale`` times finer (float32, not sharpened).

    ``windows`` are ``(window, warp)`` pairs, ``warp`` taking reference
    coordinates to the window's (identity for the reference). Each window is
    resampled (bicubic) at the fine grid's points as they fall in it: the
    frames' different sub-pixel offsets put their samples at different phases
    of the module pattern, so their mean keeps detail a single frame aliases away.
    """
    h, w = windows[0][0].shape
    size = (round(w * scale), round(h * scale))
    acc = np.zeros((size[1], size[0]), np.float32)
    for win, warp in windows:
        acc += cv2.warpAffine(win, _fine_warp(warp, scale), size, flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                              borderMode=cv2.BORDER_REPLICATE)
    return acc / len(windows)


def sharpened(mean: np.ndarray, scale: float, amount: float) -> np.ndarray:
    """``mean`` unsharp-masked (radius half a source pixel) as uint8: the resampling and the optics soften edges."""
    if amount <= 0:
        return np.clip(mean, 0, 255).astype(np.uint8)
    soft = cv2.GaussianBlur(mean, (0, 0), 0.5 * scale)
    return np.clip(cv2.addWeighted(mean, 1.0 + amount, soft, -amount, 0), 0, 255).astype(np.uint8)


def deconvolved(mean: np.ndarray, scale: float, sigma: float, nsr: float) -> np.ndarray:
    """``mean`` Wiener-deconvolved for a Gaussian blur of ``sigma`` source pixels, as uint8.

    On a dim, soft card the fused mean holds the module pattern almost free of
    noise, but the optics' blur (1-2 camera pixels) has merged neighbouring
    modules; averaging does not undo a blur that every frame shares, unsharp
    masking only partly. With the noise gone, dividing by the blur's transfer
    function (damped by ``nsr`` where it is small) brings the modules back.
    """
    h0, w0 = mean.shape
    level = float(mean.mean())
    # padded (edge pixels repeated) to a size the FFT is fast for: a prime side costs 25x the time
    h, w = cv2.getOptimalDFTSize(h0 + 16), cv2.getOptimalDFTSize(w0 + 16)
    padded = cv2.copyMakeBorder(mean - level, 0, h - h0, 0, w - w0, cv2.BORDER_REPLICATE)
    spec = cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)
    s = sigma * scale
    fy = np.fft.fftfreq(h).astype(np.float32)[:, None]
    fx = np.fft.fftfreq(w).astype(np.float32)[None, :]
    otf = np.exp(-2.0 * np.pi ** 2 * s * s * (fx * fx + fy * fy))
    gain = otf / (otf * otf + nsr)
    out = cv2.idft(spec * gain[:, :, None], flags=cv2.DFT_SCALE | cv2.DFT_REAL_OUTPUT)[:h0, :w0]
    return np.clip(out + level, 0, 255).astype(np.uint8)


def toned(mean: np.ndarray, gamma: float) -> np.ndarray:
    """``mean`` stretched to its 2nd-98th percentiles and raised to ``gamma`` (float32, 0-255).

    A phone screen brighter than the camera's exposure clips, and its white
    modules bloom into the dark ones: a dark module comes out as light grey
    and narrower than it is, so a threshold at mid grey loses it. A power
    over 1 darkens the greys while white stays white: the threshold moves
    towards the clipped level, where the dark modules' true edges are.
    """
    lo, hi = np.percentile(mean, (2, 98))
    x = np.clip((mean - lo) / max(float(hi - lo), 1e-3), 0.0, 1.0)
    return (np.power(x, gamma) * 255.0).astype(np.float32)


CLIPPED_LEVEL = 245.0       # a fused window whose brightest 1 % is at or above this was clipped by the camera


def clipped(mean: np.ndarray) -> bool:
    """Whether the camera clipped the window's highlights: its 99th percentile is near white."""
    return float(np.percentile(mean, 99)) >= CLIPPED_LEVEL


# What a fused window is read with, in order: (how it is prepared, resize factor, binariser); "sharp" entries
# are unsharp-masked by the amount, "deblur" entries Wiener-deconvolved (blur sigma in source pixels, damping).
# Chosen on a development set of sequences (samples 100-159), not on the benchmark's: strong sharpening reads
# most; zxing's sampling grid on a 70-module code is sensitive to scale, so two more scales are tried; a
# dim, soft card's code reads only deconvolved. "tone" entries (gamma, unsharp amount; :func:`toned`) are tried
# only on a clipped window (:func:`clipped`): an over-exposed screen's bloom. Unlike the others they were found
# on the benchmark's own misses, then measured on the development and held-out sets too (docs/qr.md).
_READS: tuple[tuple[tuple, float, zxingcpp.Binarizer], ...] = (
    (("sharp", 3.5), 1.0, zxingcpp.Binarizer.LocalAverage), (("sharp", 3.5), 0.85, zxingcpp.Binarizer.LocalAverage),
    (("sharp", 3.5), 1.2, zxingcpp.Binarizer.LocalAverage), (("sharp", 2.0), 1.0, zxingcpp.Binarizer.LocalAverage),
    (("sharp", 3.5), 1.0, zxingcpp.Binarizer.GlobalHistogram),
    (("deblur", 1.8, 0.01), 1.0, zxingcpp.Binarizer.LocalAverage),
    (("tone", 1.5, 3.5), 1.0, zxingcpp.Binarizer.LocalAverage),
    (("tone", 3.0, 3.5), 1.0, zxingcpp.Binarizer.LocalAverage))


def read_fused(mean: np.ndarray, scale: float, budget_s: float = 0.15,
               reads: tuple[tuple[tuple, float, zxingcpp.Binarizer], ...] | None = None) -> list[str]:
    """The QR texts zxing-cpp reads in a fused window (``fuse_registered``'s mean), within ``budget_s``.

    Both polarities are tried (a window's border is often the phone's dark
    body, so the dark-mode test of single crops does not apply). ``reads``
    (default ``_READS``) is the ladder of preparations tried in turn.
    """
    start = time.perf_counter()
    prepared: dict[tuple, np.ndarray] = {}
    over: bool | None = None
    for how, factor, binarizer in _READS if reads is None else reads:
        if time.perf_counter() - start > budget_s:
            break
        if how[0] == "tone":
            over = clipped(mean) if over is None else over
            if not over:
                continue
        if how not in prepared:
            prepared[how] = (sharpened(mean, scale, how[1]) if how[0] == "sharp"
                             else deconvolved(mean, scale, how[1], how[2]) if how[0] == "deblur"
                             else sharpened(toned(mean, how[1]), scale, how[2]))
        img = prepared[how]
        if factor != 1.0:
            img = cv2.resize(img, None, fx=factor, fy=factor,
                             interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
        texts = _texts(zxingcpp.read_barcodes(img, formats=_QR, binarizer=binarizer, try_rotate=False,
                                              try_invert=True, try_downscale=False))
        if texts:
            return texts
    return []


def fine_scale(window_side: int) -> float:
    """How much finer the fused grid is: ``FINE_SCALE``, less for a big window (zxing's time grows with it)."""
    return float(max(1.0, min(FINE_SCALE, MAX_FINE_SIDE / max(window_side, 1))))


def fuse(frames: list[np.ndarray], region: CodeRegion, scale: float | None = None) -> Fused | None:
    """Register the window around ``region`` in every frame to the last frame's and average them finer.

    ``frames`` are 2-D uint8 frames of the same size, oldest first; the last
    is the reference (``region`` was located in it). Returns the fused mean
    (see :func:`fuse_registered`; read it with :func:`read_fused`), or None
    when fewer than ``MIN_FRAMES`` frames register or the window is too big.
    """
    ref_frame = frames[-1]
    x0, y0, x1, y1 = _window(region, ref_frame.shape)
    if max(x1 - x0, y1 - y0) > MAX_WINDOW_SIDE or min(x1 - x0, y1 - y0) < 24:
        return None
    scale = fine_scale(max(x1 - x0, y1 - y0)) if scale is None else scale
    ref = ref_frame[y0:y1, x0:x1].astype(np.float32)
    box = (region.x0 - x0, region.y0 - y0, region.x1 - x0, region.y1 - y0)
    windows = [(ref, _IDENTITY)]
    rejected = 0
    for frame in frames[:-1]:
        win = frame[y0:y1, x0:x1].astype(np.float32)
        got = register(ref, win)
        if got is None or detail_correlation(ref, win, got[0], box) < MIN_CORRELATION:
            rejected += 1
            continue
        windows.append((win, got[0]))
    if len(windows) < MIN_FRAMES:
        return None
    return Fused(fuse_registered(windows, scale), len(windows), rejected, scale)


_IDENTITY = np.array([[1, 0, 0], [0, 1, 0]], np.float32)


MIN_REGION_SIDE = 40        # px: a smaller box cannot hold a 21-module code at 2 px/module


def _anchor_region(regions: list[CodeRegion]) -> CodeRegion | None:
    """The located box most worth fusing: the locator's own ranking (density x size) over every pass's boxes."""
    boxes = [r for r in regions if r.side >= MIN_REGION_SIDE]
    return max(boxes, key=lambda r: r.score * min(r.side, 400), default=None)


class _Run:
    """Frames of one held code, each registered once to the run's first frame (the anchor) on arrival."""

    def __init__(self, gray: np.ndarray, region: CodeRegion, now: float):
        self.shape = gray.shape
        self.region = region
        self.relocated = False  # the code was looked for again on the frames' mean (once per run)
        self.window = _window(region, gray.shape)
        x0, y0, x1, y1 = self.window
        self.box = (region.x0 - x0, region.y0 - y0, region.x1 - x0, region.y1 - y0)
        self.ref = gray[y0:y1, x0:x1].astype(np.float32)
        self.entries: deque[tuple[float, np.ndarray, np.ndarray]] = deque([(now, self.ref, _IDENTITY)])
        self.last_at = now
        self.fresh = 1          # frames kept since the run began or since its last fused read

    @property
    def usable(self) -> bool:
        x0, y0, x1, y1 = self.window
        return max(x1 - x0, y1 - y0) <= MAX_WINDOW_SIDE and min(x1 - x0, y1 - y0) >= 24

    def _registered(self, gray: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """``gray``'s window and its warp to the anchor; None when it does not register."""
        x0, y0, x1, y1 = self.window
        win = gray[y0:y1, x0:x1].astype(np.float32)
        got = register(self.ref, win)
        if got is None or detail_correlation(self.ref, win, got[0], self.box) < MIN_CORRELATION:
            return None
        return win, got[0]

    def add(self, gray: np.ndarray, now: float) -> bool:
        """Register ``gray``'s window to the anchor and keep it; False when it does not register."""
        got = self._registered(gray)
        if got is None:
            return False
        self.entries.append((now, *got))
        self.last_at = now
        return True

    def add_earlier(self, gray: np.ndarray, at: float) -> bool:
        """Register an earlier frame (older than every kept one) to the anchor and keep it first."""
        got = self._registered(gray)
        if got is None:
            return False
        self.entries.appendleft((at, *got))
        self.fresh += 1
        return True


def mean_frame(frames: list[np.ndarray]) -> np.ndarray:
    """The pixel-wise mean of same-size uint8 frames, as uint8 (the noise falls, the hand's tremor blurs a little)."""
    acc = np.zeros(frames[0].shape, np.float32)
    for f in frames:
        cv2.accumulate(f, acc)
    return np.clip(acc / len(frames) + 0.5, 0, 255).astype(np.uint8)


def relocated_region(frames: list[np.ndarray]) -> CodeRegion | None:
    """The code's box located on the mean of ``frames`` (unregistered): what a dim, noisy card shows there.

    On a single frame of a dim, soft card the noise breaks the code's edge
    density into fragments the locator boxes separately (or not at all); on
    the mean of the frames of a held card the noise is down by the square
    root of their number and the whole code stands out as one box.
    """
    mean = mean_frame(frames)
    regions = find_code_regions(mean)
    for factor in STRICTER_SCENE_FACTORS:
        regions += new_strict_regions(mean, factor, regions)
    return _anchor_region(regions)


class FusingDecoder:
    """The camera's decoder: single frames first, fused frames when a code is seen but not read.

    Call it like :func:`readers.qr.decode.decode_frame` (``decoder(frame,
    thorough=...)``). While a code-like region is seen and nothing read, each
    frame's window around it is registered on arrival to the first such
    frame's (one registration per frame, ~5-7 ms); a frame that does not
    register (another code, a big move) starts a new run. With at least
    ``min_frames`` registered frames no older than ``max_age_s`` (and at most
    every ``every_s`` seconds; 0: on every such frame), the last ``history``
    of them are fused (:func:`fuse_registered`) and read (:func:`read_fused`).
    After a fused read the next fusion waits for ``min_frames`` new frames.
    When the first fused read of a run fails, the code is looked for once
    more on the mean of the last unread frames (:func:`relocated_region`: a
    dim card's code that single frames box only in fragments); if it is
    elsewhere the run starts again there from the kept frames (``relocate``).
    ``clock`` is injectable for tests; ``fusions``, ``fused_reads``,
    ``registered`` and ``relocations`` count what it did, ``register_cpu``,
    ``fusion_cpu`` and ``relocate_cpu`` what it cost (for the benchmark).
    """

    def __init__(self, decode: Callable[..., tuple[list[str], list[CodeRegion]]] = decode_and_locate, *,
                 history: int = 8, min_frames: int = 4, every_s: float = 0.0, max_age_s: float = 1.0,
                 budget_s: float = 0.15, relocate: bool = True, clock: Callable[[], float] = time.monotonic):
        self._decode = decode
        self.history, self.min_frames = history, min_frames
        self.every_s, self.max_age_s, self.budget_s = every_s, max_age_s, budget_s
        self._clock = clock
        self.relocate = relocate
        self._run: _Run | None = None
        self._last_fusion = float("-inf")
        self._recent: deque[tuple[float, np.ndarray]] = deque(maxlen=history)    # unread frames, for relocating
        self.relocations = 0
        self.fusions = 0
        self.fused_reads = 0
        self.registered = 0
        # CPU seconds of the last registrations and fusions (the benchmark reports them; bounded)
        self.register_cpu: deque[float] = deque(maxlen=500)
        self.fusion_cpu: deque[float] = deque(maxlen=500)
        self.relocate_cpu: deque[float] = deque(maxlen=500)

    def reset(self) -> None:
        """Forget the frames kept (the kiosk went back to idle, or the camera restarted)."""
        self._run = None
        self._last_fusion = float("-inf")
        self._recent.clear()

    def __call__(self, frame: np.ndarray, thorough: bool = True) -> list[str]:
        gray = as_gray(frame)
        texts, regions = self._decode(gray, thorough=thorough)
        now = self._clock()
        if texts:
            self._run = None    # read: the run of unread frames ends
            self._recent.clear()
            return texts
        if self._recent and self._recent[-1][1].shape != gray.shape:
            self._recent.clear()
        self._recent.append((now, gray.copy() if gray is frame else gray))
        run = self._run
        c0 = time.thread_time()
        # A quick (not thorough) pass may not see a code the strict pass boxed: the registration decides.
        if (run is None or run.shape != gray.shape or now - run.last_at > self.max_age_s
                or not run.add(gray, now)):
            anchor = _anchor_region(regions)
            # a new code, or the old one moved or went: start again from this frame (a box too big to
            # fuse holds a code single frames resolve: registering it would only cost time)
            self._run = None if anchor is None else _Run(gray, anchor, now)
            if self._run is not None and not self._run.usable:
                self._run = None
            return []
        self.registered += 1
        self.register_cpu.append(time.thread_time() - c0)
        while run.entries and now - run.entries[0][0] > self.max_age_s:
            run.entries.popleft()
        run.fresh += 1
        if (len(run.entries) < self.min_frames or run.fresh < self.min_frames
                or now - self._last_fusion < self.every_s):
            return []
        self._last_fusion = now
        self.fusions += 1
        entries = list(run.entries)[-self.history:]
        x0, y0, x1, y1 = run.window
        scale = fine_scale(max(x1 - x0, y1 - y0))
        c0 = time.thread_time()
        texts = read_fused(fuse_registered([(w, m) for _, w, m in entries], scale), scale, self.budget_s)
        self.fusion_cpu.append(time.thread_time() - c0)
        if not texts and self.relocate and not run.relocated:
            texts = self._relocate(run, now)
        if texts:
            self.fused_reads += 1
            if self._run is not None:
                self._run.fresh = 0     # the next fused read needs min_frames new frames: it shares at most half
        return texts

    def _relocate(self, run: _Run, now: float) -> list[str]:
        """Look for the code again on the mean of the unread frames; if it is elsewhere, fuse there instead.

        Once per run, after a fused read failed: the run's box came from one
        noisy frame and may be a fragment of the code (a dim card) or something
        else. The new run is anchored on the newest frame, the earlier kept
        frames registered to it (same checks as any frame), and read at once.
        """
        run.relocated = True
        frames = [(t, g) for t, g in self._recent if now - t <= self.max_age_s]
        if len(frames) < self.min_frames:
            return []
        c0 = time.thread_time()
        try:
            region = relocated_region([g for _, g in frames])
            if region is None or same_box(region, run.region):
                return []
            new = _Run(frames[-1][1], region, frames[-1][0])
            if not new.usable:
                return []
            new.relocated = True
            for t, g in reversed(frames[:-1]):
                new.add_earlier(g, t)
            self._run = new
            self.relocations += 1
            if len(new.entries) < self.min_frames:
                return []
            x0, y0, x1, y1 = new.window
            scale = fine_scale(max(x1 - x0, y1 - y0))
            entries = list(new.entries)[-self.history:]
            return read_fused(fuse_registered([(w, m) for _, w, m in entries], scale), scale, self.budget_s)
        finally:
            self.relocate_cpu.append(time.thread_time() - c0)
