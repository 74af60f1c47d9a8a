"""Where a QR code probably is in a frame, and what is wrong with it: cheap, before decoding.

A QR code, whatever its size, is a square patch where nearly every pixel
row and column crosses many dark/light edges. :func:`find_code_regions`
measures that edge density on the full-resolution frame (one absolute
difference per pixel), averages it into cells of ``CELL`` pixels (an
area resize, so a 1080p frame becomes a 240x135 map), and keeps the compact,
squarish blobs of dense cells. It costs about 2-4 ms on a 1080p frame and
finds codes far too small for the decoder to read, which is what lets the
decoder work on a full-resolution crop of just that region, and what lets
the kiosk tell the patient "closer", "brighter" or "hold still".

:func:`assess_region` measures, on the region's full-resolution pixels, the
contrast (dark/light percentiles), the pixels per module (from how often the
signal crosses its mid level along rows and columns) and the edge steepness
(the steepest edges relative to the contrast): a sharp code has edges that
step across most of the contrast within a pixel or two.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CELL = 8                 # density-map cell, full-resolution pixels
MIN_SIDE_PX = 24         # smaller blobs are noise, not a code (a 21-module code at ~1 px/module)
MAX_REGIONS = 3


@dataclass(frozen=True)
class CodeRegion:
    """A square-ish patch that looks like a QR code: its box in full-resolution pixels and a score."""

    x0: int
    y0: int
    x1: int
    y1: int
    score: float          # mean edge density in the blob (higher: more code-like)

    @property
    def side(self) -> int:
        """The longer side of the box, pixels."""
        return max(self.x1 - self.x0, self.y1 - self.y0)


@dataclass(frozen=True)
class RegionLook:
    """What a region's pixels show: contrast (0-255), mean level, pixels per module, edge steepness (0-1)."""

    contrast: float
    level: float
    ppm: float
    steepness: float


def _edge_map(gray: np.ndarray) -> np.ndarray:
    """Edge density per CELL x CELL cell (mean of |dx| + |dy| on the half-resolution frame).

    Half resolution keeps the texture of a code even at 2 px/module (a 2x2
    average of a module pattern still swings between dark and light) and
    costs a quarter of the work.
    """
    h, w = gray.shape
    half = cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    hh, hw = half.shape
    dx = cv2.absdiff(half[:, 1:], half[:, :-1])[: hh - 1]
    dy = cv2.absdiff(half[1:, :], half[:-1, :])[:, : hw - 1]
    edges = cv2.add(dx, dy)
    c = CELL // 2
    ch, cw = (hh - 1) // c, (hw - 1) // c
    return cv2.resize(np.ascontiguousarray(edges[: ch * c, : cw * c]), (cw, ch),
                      interpolation=cv2.INTER_AREA).astype(np.float32)


SCENE_FACTOR = 2.5       # a code's cells are this much denser than the scene's typical cell
STRICT_SCENE_FACTOR = 5.5  # the second pass: separates a code from the busy phone screen around it
STRICTEST_SCENE_FACTOR = 10.0  # the third: a bright, moiré-covered white screen around a small code


STRICTER_SCENE_FACTORS = (STRICT_SCENE_FACTOR, STRICTEST_SCENE_FACTOR)   # the passes after the default, in order


def same_box(a: CodeRegion, b: CodeRegion) -> bool:
    """True when two located boxes are nearly the same (intersection over union above 0.7)."""
    ix = max(0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
    inter = ix * iy
    union = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter
    return union > 0 and inter / union > 0.7


def new_strict_regions(gray: np.ndarray, scene_factor: float, seen: list[CodeRegion]) -> list[CodeRegion]:
    """The (at most two) boxes a stricter pass finds that are not already in ``seen``."""
    return [r for r in find_code_regions(gray, max_regions=2, scene_factor=scene_factor)
            if not any(same_box(r, q) for q in seen)]


def find_code_regions(gray: np.ndarray, max_regions: int = MAX_REGIONS,
                      scene_factor: float = SCENE_FACTOR) -> list[CodeRegion]:
    """Boxes (full-resolution pixels) of the most QR-like patches of ``gray``, best first.

    ``gray`` is a 2-D uint8 frame. An empty list means nothing in view looks
    like a code (an empty scene, a face, a blank card back). ``scene_factor``
    is how much denser than the scene's typical cell a code cell must be: the
    default finds faint codes; ``STRICT_SCENE_FACTOR`` splits a code from a
    moiré-covered phone screen or a card's printed text that the default
    merges it with; ``STRICTEST_SCENE_FACTOR`` a small code on a bright white
    screen whose moiré is as dense as the code.
    """
    if gray.ndim != 2 or min(gray.shape) < 4 * CELL:
        return []
    dens = _edge_map(gray)
    # A code's cells are dense relative to the scene: threshold well above the scene's typical cell.
    flat = dens.ravel()
    k = int(flat.size * 0.6)
    floor = float(np.partition(flat, k)[k])
    thr = max(12.0, floor * scene_factor)
    mask = (dens > thr).astype(np.uint8)
    mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[CodeRegion] = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if max(bw, bh) * CELL < MIN_SIDE_PX or min(bw, bh) < 2:
            continue
        aspect = max(bw, bh) / min(bw, bh)
        fill = area / (bw * bh)
        if aspect > 2.2 or fill < 0.45:   # text lines are long and thin; clutter edges are sparse
            continue
        score = float(dens[y:y + bh, x:x + bw][labels[y:y + bh, x:x + bw] == i].mean())
        out.append(CodeRegion(x * CELL, y * CELL, min(gray.shape[1], (x + bw) * CELL + 1),
                              min(gray.shape[0], (y + bh) * CELL + 1), score * fill / aspect))
    out.sort(key=lambda r: r.score * min(r.side, 400), reverse=True)
    return out[:max_regions]


def _crossings_per_px(lines: np.ndarray, mid: float) -> float:
    """How often rows of ``lines`` cross ``mid`` (with a small hysteresis against noise), per pixel."""
    if lines.shape[1] < 3:
        return 0.0
    hi, lo = lines > mid + 6, lines < mid - 6
    state = np.where(hi, 1, np.where(lo, -1, 0)).astype(np.int8)
    # carry the last decided state over undecided pixels, row by row (vectorised by index fill)
    idx = np.where(state != 0, np.arange(state.shape[1])[None, :], 0)
    np.maximum.accumulate(idx, axis=1, out=idx)
    filled = np.take_along_axis(state, idx, axis=1)
    flips = np.count_nonzero((filled[:, 1:] != filled[:, :-1]) & (filled[:, :-1] != 0))
    return flips / (lines.shape[0] * (lines.shape[1] - 1))


def assess_region(gray: np.ndarray, region: CodeRegion) -> RegionLook:
    """Contrast, level, pixels per module and edge steepness of the code in ``region``."""
    # The inner 70 % of the box: the blob's edges include the quiet zone and the screen around it.
    mx, my = (region.x1 - region.x0) * 0.15, (region.y1 - region.y0) * 0.15
    patch = gray[int(region.y0 + my):int(region.y1 - my), int(region.x0 + mx):int(region.x1 - mx)]
    if patch.size < 64:
        return RegionLook(0.0, float(gray.mean()), 0.0, 0.0)
    p5, p50, p95 = np.percentile(patch, (5, 50, 95))
    contrast = float(p95 - p5)
    mid = float((p95 + p5) / 2)
    if contrast < 12:
        return RegionLook(contrast, float(p50), 0.0, 0.0)
    step = max(1, patch.shape[0] // 24)
    rows = patch[::step].astype(np.int16)
    cols = patch[:, ::step].T.astype(np.int16)
    per_px = (_crossings_per_px(rows, mid) + _crossings_per_px(cols, mid)) / 2
    # In a random module pattern about half of neighbouring modules differ: crossings = 0.5 / ppm.
    ppm = 0.5 / per_px if per_px > 0 else float(min(patch.shape))
    dx = np.abs(np.diff(patch.astype(np.int16), axis=1))
    steep = float(np.percentile(dx, 99)) / contrast
    return RegionLook(contrast, float(p50), float(ppm), min(1.0, steep))
