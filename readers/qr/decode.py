"""QR decoding on zxing-cpp: a greyscale frame (or an image file) in, texts out.

What limits reading a phone screen or a card at arm's length is pixels per
module, so the decoder gives zxing-cpp every pixel there is where the code is,
and only there (docs/qr.md, "Decoding"):

1. the code regions are located on the whole frame (:mod:`readers.qr.locate`,
   edge density on a half-resolution copy: a millisecond or two at 1080p);
2. each region's full-resolution crop is decoded, enlarged so a module spans
   about ``TARGET_PPM`` pixels, inverted first when it is a dark-mode screen
   (light modules on a dark quiet zone): zxing-cpp's local-average binariser,
   then the crop 1.6x larger, the global-histogram and fixed-threshold
   binarisers, a median-filtered crop, a small code warped flat from its own
   outline (a tilted phone), and a denoised, sharpened crop (a soft, noisy code);
3. only when no crop reads, the regions a stricter locate pass finds (a code
   the first pass merged with the moiré-covered screen around it), as in 2;
4. only when still nothing reads: the whole frame downscaled to at most
   ``FAST_LONG_SIDE`` pixels (zxing's own pyramid), crops of what zxing located
   there, the full-resolution frame, a 3x3 median-filtered copy and the frame
   enlarged 1.5x.

``thorough=False`` keeps only the first attempt per region and the first
whole-frame passes (the camera worker alternates, halving idle CPU). No new
pass starts once the frame's time budget is spent.

Texts are taken from the raw bytes as UTF-8 (the card QR codes carry UTF-8
without an ECI marker), so Vietnamese diacritics survive; zxing's own
character-set guess is the fallback for codes that are not UTF-8.

Image files are checked before they are decoded: a file too big on disk, or
whose header promises too many pixels (a "decompression bomb"), is refused
with :class:`~readers.errors.QrImageTooLarge` without allocating the pixels.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import zxingcpp

from readers.errors import QrImageTooLarge, QrImageUnreadable
from readers.qr.locate import (
    STRICTER_SCENE_FACTORS,
    CodeRegion,
    assess_region,
    find_code_regions,
    new_strict_regions,
)

FAST_LONG_SIDE = 1280           # pass 1 works on frames at most this long
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_FILE_PIXELS = 40_000_000    # after JPEG draft scaling; a 48 MP phone photo is scaled on load
JPEG_DRAFT_PIXELS = 16_000_000  # big JPEGs are decoded at 1/2, 1/4, 1/8 scale down to about this
DEFAULT_BUDGET_S = 0.25         # no new pass starts after this much time on one frame
_MIN_CROP_SIDE = 360            # crops smaller than this are enlarged before re-reading

_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


def _texts(results) -> list[str]:
    out: list[str] = []
    for r in results:
        if not r.valid:
            continue
        raw = bytes(r.bytes)
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            text = r.text
        if text not in out:
            out.append(text)
    return out


def _read(img: np.ndarray, **kw):
    kw.setdefault("try_rotate", False)  # QR finder patterns are rotation-invariant already
    kw.setdefault("try_invert", False)
    try:
        return zxingcpp.read_barcodes(img, formats=_QR, **kw)
    except ValueError:  # e.g. a side over 65535 pixels: zxing refuses, there is nothing to read
        return []


def as_gray(frame: np.ndarray) -> np.ndarray:
    """A 2-D uint8 view/copy of ``frame`` (greyscale, BGR or BGRA accepted)."""
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8:
        raise QrImageUnreadable("The frame is not an 8-bit image array.")
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    elif frame.ndim == 3 and frame.shape[2] in (3, 4):
        frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY if frame.shape[2] == 3 else cv2.COLOR_BGRA2GRAY)
    if frame.ndim != 2:
        raise QrImageUnreadable("The frame is not a 2-D greyscale or colour image.")
    return np.ascontiguousarray(frame)


def _downscale(gray: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    h, w = gray.shape
    scale = long_side / max(h, w)
    if scale >= 1.0:
        return gray, 1.0
    small = cv2.resize(gray, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    return small, scale


def _crop_around(gray: np.ndarray, position, scale: float) -> np.ndarray | None:
    """The full-resolution region of a code located at ``position`` in a ``scale``d frame."""
    pts = [position.top_left, position.top_right, position.bottom_right, position.bottom_left]
    xs = [p.x / scale for p in pts]
    ys = [p.y / scale for p in pts]
    side = max(max(xs) - min(xs), max(ys) - min(ys))
    margin = side * 0.35 + 8  # the quiet zone and whatever the rough location missed
    h, w = gray.shape
    x0, x1 = int(max(0, min(xs) - margin)), int(min(w, max(xs) + margin))
    y0, y1 = int(max(0, min(ys) - margin)), int(min(h, max(ys) + margin))
    if x1 - x0 < 21 or y1 - y0 < 21:
        return None
    crop = gray[y0:y1, x0:x1]
    if max(crop.shape) < _MIN_CROP_SIDE:
        f = _MIN_CROP_SIDE / max(crop.shape)
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
    return np.ascontiguousarray(crop)


_BINARIZERS = (zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram,
               zxingcpp.Binarizer.FixedThreshold)
TARGET_PPM = 3.5            # a region's crop is enlarged until a module is about this many pixels
MAX_ENLARGE = 3.0
MAX_CROP_SIDE = 1100        # larger crops (a code filling the frame) are shrunk: zxing needs ~4 px/module
REGION_MARGIN = 0.12        # of the box side, around a located box: the quiet zone and what the box cut off


def _region_crop(gray: np.ndarray, region: CodeRegion, ppm: float) -> np.ndarray:
    """The full-resolution pixels of ``region`` plus a margin, scaled so a module is about TARGET_PPM px."""
    side = region.side
    margin = int(side * REGION_MARGIN) + 8   # the quiet zone, and whatever the coarse box cut off
    h, w = gray.shape
    crop = gray[max(0, region.y0 - margin):min(h, region.y1 + margin),
                max(0, region.x0 - margin):min(w, region.x1 + margin)]
    f = 1.0
    if 0 < ppm < TARGET_PPM:
        f = min(MAX_ENLARGE, TARGET_PPM / ppm)
    if max(crop.shape) * f > MAX_CROP_SIDE:
        f = max(MAX_CROP_SIDE / max(crop.shape), min(1.0, 4.5 / ppm) if ppm > 0 else 1.0)
    if abs(f - 1.0) > 0.05:
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)
    return np.ascontiguousarray(crop)


DENOISE_PPM = 3.0           # the denoised crop is brought to this many px/module...
DENOISE_MARGIN = 0.35      # a soft, low-contrast code's box misses its faint corners: a wider margin
DENOISE_PPM_BIAS = 0.7      # blur hides crossings, so the px/module estimate runs high on these codes
DENOISE_MAX_SIDE = 480      # ...when the region's raw crop is at most this long (non-local means costs ~30 ms there)
DENOISE_SEARCH_PX = 7       # its search window: 11 read no more of the corpus codes and costs 2.3x the time


def _denoised(gray: np.ndarray, region: CodeRegion, ppm: float, invert: bool) -> np.ndarray:
    """The region's raw crop, denoised (non-local means), scaled to DENOISE_PPM and unsharp-masked.

    For a soft, noisy, low-contrast code (a printed card in poor light): the
    median filter keeps the noise's low frequencies, which the binariser reads
    as modules; non-local means averages similar patches instead, so the
    module pattern survives and the unsharp mask can restore its edges.
    """
    side = region.side
    margin = int(side * DENOISE_MARGIN) + 8
    h, w = gray.shape
    raw = gray[max(0, region.y0 - margin):min(h, region.y1 + margin),
               max(0, region.x0 - margin):min(w, region.x1 + margin)]
    clean = cv2.fastNlMeansDenoising(np.ascontiguousarray(raw), None, 12, 5, DENOISE_SEARCH_PX)
    if invert:
        clean = cv2.bitwise_not(clean)
    f = DENOISE_PPM / (DENOISE_PPM_BIAS * ppm) if ppm > 0 else 1.0
    if abs(f - 1.0) > 0.05:
        clean = cv2.resize(clean, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA)
    soft = cv2.GaussianBlur(clean, (0, 0), 0.5 * DENOISE_PPM)
    return cv2.addWeighted(clean, 4.0, soft, -3.0, 0)


RECTIFY_SIDE = 400          # a rectified code is warped onto a square this many pixels wide...
RECTIFY_QUIET = 40          # ...with this much quiet zone around it
RECTIFY_MARGIN = 0.2        # of the box side, around the located box
RECTIFY_BELOW_PPM = 4.5     # only small codes (the estimate runs high on soft ones): zxing samples bigger ones well
RECTIFY_MAX_SIDE = 500      # and only boxes this small (the work grows with the square of the side)


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Four points in the order they go round their centre (QR decoding does not care where it starts)."""
    pts = np.float32(pts).reshape(-1, 2)
    c = pts.mean(axis=0)
    return pts[np.argsort(np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0]))]


def _rectified(gray: np.ndarray, region: CodeRegion, ppm: float, invert: bool) -> list[np.ndarray]:
    """The code in ``region`` warped flat onto a square, sharpened: one image per outline guess.

    A phone tilted by 20-25° makes the far side of its code a third smaller
    than the near side; at 2 px/module zxing's own sampling grid then drifts
    off the modules. Here the code's outline is found from its pixels (a local
    threshold, closed so the modules merge into one blob), and the blob's
    minimum-area rectangle and, when its hull has four clear corners, that
    quadrilateral are warped onto a ``RECTIFY_SIDE`` square (bicubic: this is
    also the enlargement) and unsharp-masked.
    """
    m = int(region.side * RECTIFY_MARGIN) + 8
    h, w = gray.shape
    raw = gray[max(0, region.y0 - m):min(h, region.y1 + m), max(0, region.x0 - m):min(w, region.x1 + m)]
    if invert:
        raw = cv2.bitwise_not(raw)
    big = cv2.resize(raw, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
    module = max(2.0, 2.0 * ppm * 0.7)           # the estimate runs high on soft codes
    block = max(5, int(module * 6) | 1)
    dark = cv2.adaptiveThreshold(big, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 5)
    k = np.ones((int(module * 2) | 1,) * 2, np.uint8)
    blob = cv2.morphologyEx(cv2.morphologyEx(dark, cv2.MORPH_CLOSE, k), cv2.MORPH_OPEN, k)
    contours, _ = cv2.findContours(blob, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    outline = max(contours, key=cv2.contourArea)
    if cv2.contourArea(outline) < 0.1 * big.size:
        return []
    quads = [_order_corners(cv2.boxPoints(cv2.minAreaRect(outline)))]
    hull = cv2.convexHull(outline)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            quads.append(_order_corners(approx))
            break
    s, q = RECTIFY_SIDE, RECTIFY_QUIET
    square = np.array([[q, q], [s - q, q], [s - q, s - q], [q, s - q]], dtype=np.float32)
    out = []
    for quad in quads:
        flat = cv2.warpPerspective(big, cv2.getPerspectiveTransform(quad, square), (s, s),
                                   flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
        soft = cv2.GaussianBlur(flat, (0, 0), 2.0)
        out.append(cv2.addWeighted(flat, 3.0, soft, -2.0, 0))
    return out


def _looks_inverted(crop: np.ndarray) -> bool:
    """True when the crop's border (the quiet zone) is darker than its middle (the code)."""
    h, w = crop.shape
    bh, bw = max(1, h // 12), max(1, w // 12)
    border = np.concatenate([crop[:bh].ravel(), crop[-bh:].ravel(), crop[:, :bw].ravel(), crop[:, -bw:].ravel()])
    dark, light = np.percentile(crop[h // 4:3 * h // 4, w // 4:3 * w // 4], (10, 90))
    return light - dark > 20 and float(np.median(border)) < (dark + light) / 2


def _once(make):
    """``make`` wrapped so what it builds is built once however often it is asked for."""
    box: list = []

    def get():
        if not box:
            box.append(make())
        return box[0]
    return get


def _read_regions(gray: np.ndarray, regions: list[CodeRegion], spent, thorough: bool) -> list[str]:
    """Decode full-resolution crops of the located regions; each binariser in turn while time allows."""
    texts: list[str] = []
    best = regions[0].score if regions else 0.0
    for region in regions:
        if spent() or (texts and region.score < 0.5 * best):
            break
        ppm = assess_region(gray, region).ppm
        crop = _region_crop(gray, region, ppm)
        # Once one code is read, the others only get the plain pass (a second card in view).
        binarizers = _BINARIZERS if (thorough and not texts) else _BINARIZERS[:1]
        inverted = _looks_inverted(crop)
        if inverted:
            crop = cv2.bitwise_not(crop)   # a dark-mode screen: light modules on a dark quiet zone
        attempts: list[tuple[Callable[..., Any], Any]] = [
            (lambda c=crop: c, b) for b in binarizers]
        if thorough and not texts:
            # Blur hides module edges, so the estimate runs high on soft codes: try 1.6x larger too.
            if max(crop.shape) * 1.6 <= 1.5 * MAX_CROP_SIDE:
                attempts.insert(1, (lambda c=crop: cv2.resize(c, None, fx=1.6, fy=1.6,
                                                              interpolation=cv2.INTER_CUBIC), _BINARIZERS[0]))
            # Sensor noise on a dim code breaks the local thresholds; a 3x3 median keeps module edges.
            attempts.append((lambda c=crop: cv2.medianBlur(c, 3), _BINARIZERS[0]))
            if 0 < ppm < RECTIFY_BELOW_PPM and region.side * (1 + 2 * RECTIFY_MARGIN) <= RECTIFY_MAX_SIDE:
                flat = _once(lambda r=region, p=ppm, i=inverted: _rectified(gray, r, p, i))
                for j in range(2):
                    for b in _BINARIZERS[:2]:
                        attempts.append((lambda f=flat, j=j: f()[j] if len(f()) > j else None, b))
            if region.side * (1 + 2 * DENOISE_MARGIN) + 16 <= DENOISE_MAX_SIDE and ppm > 0:
                attempts.append((lambda r=region, p=ppm, i=inverted: _denoised(gray, r, p, i), _BINARIZERS[0]))
        for make, b in attempts:
            if spent():
                break
            img = make()
            if img is None:
                continue
            found = _texts(_read(img, try_downscale=False, binarizer=b))
            if found:
                texts += [t for t in found if t not in texts]
                break
    return texts


def decode_frame(gray: np.ndarray, *, budget_s: float = DEFAULT_BUDGET_S, thorough: bool = True) -> list[str]:
    """Every QR text found in one frame (empty list when none), most-likely first.

    See :func:`decode_and_locate`, which also says where it looked.
    """
    return decode_and_locate(gray, budget_s=budget_s, thorough=thorough)[0]


def decode_and_locate(gray: np.ndarray, *, budget_s: float = DEFAULT_BUDGET_S,
                      thorough: bool = True) -> tuple[list[str], list[CodeRegion]]:
    """The QR texts in one frame and the code-like regions the locator found (default pass first).

    The regions let a caller that keeps several frames (multi-frame fusion,
    :mod:`readers.qr.fusion`) work on the same place when no single frame reads.

    ``gray`` is a 2-D uint8 array (BGR/BGRA are converted). First the code
    regions are found on the whole frame (:mod:`readers.qr.locate`) and their
    full-resolution crops decoded, enlarged so a module spans about
    ``TARGET_PPM`` pixels, with zxing-cpp's local-average binariser, then its
    global-histogram and fixed-threshold ones, inverted codes (dark-mode
    screens) allowed. Only if that reads nothing do the whole-frame passes run
    (a code the locator missed). No new pass starts once ``budget_s`` has been
    spent, so a hard frame costs bounded time. ``thorough=False`` tries only the
    first binariser and skips the denoised and enlarged whole-frame passes (the
    camera worker uses it on every other frame to halve its idle CPU use).
    """
    gray = as_gray(gray)
    if min(gray.shape) < 21:  # smaller than the smallest QR code: nothing to find
        return [], []
    start = time.perf_counter()

    def spent() -> bool:
        return time.perf_counter() - start > budget_s

    regions = find_code_regions(gray)
    texts = _read_regions(gray, regions, spent, thorough)
    tried = list(regions)
    if texts:
        return texts, tried
    # A code on a phone screen merges with the moiré-covered screen around it (or a card's code
    # with its text) into one box the decoder cannot use: locate again, stricter, then stricter still.
    for factor in STRICTER_SCENE_FACTORS:
        if not thorough or spent():
            break
        strict = new_strict_regions(gray, factor, tried)
        tried += strict
        texts = _read_regions(gray, strict, spent, thorough)
        if texts:
            return texts, tried
    small, scale = _downscale(gray, FAST_LONG_SIDE)
    results = _read(small, return_errors=True, try_invert=True)
    texts = _texts(results)
    if texts:
        return texts, tried
    # Located but unreadable at this scale: re-read just that region, enlarged, at full resolution.
    for r in results[:3]:
        crop = None if spent() else _crop_around(gray, r.position, scale)
        if crop is not None:
            texts = _texts(_read(crop, try_invert=True))
            if texts:
                return texts, tried
    if scale < 1.0 and not spent():
        texts = _texts(_read(gray, try_downscale=False))
        if texts:
            return texts, tried
    if not thorough:
        return [], tried
    # Sensor noise breaks the binariser's local thresholds; a 3x3 median keeps module edges.
    if not spent():
        texts = _texts(_read(cv2.medianBlur(small, 3), try_invert=True))
        if texts:
            return texts, tried
    # A small, soft code (about 2 pixels per module) reads once enlarged.
    if not spent() and max(small.shape) <= FAST_LONG_SIDE:
        big = cv2.resize(small, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
        texts = _texts(_read(big, try_downscale=False))
    return texts, tried


def load_gray_image(path: str | os.PathLike) -> np.ndarray:
    """An image file as a 2-D uint8 array, refusing huge or damaged files (see :func:`decode_file`)."""
    p = Path(path)
    from PIL import Image, UnidentifiedImageError

    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise QrImageUnreadable(f"{p.name}: no such file.") from None
    except OSError as e:
        raise QrImageUnreadable(f"{p.name}: cannot be read ({e.__class__.__name__}).") from None
    if not p.is_file():
        raise QrImageUnreadable(f"{p.name}: not a regular file.")
    if size > MAX_FILE_BYTES:
        raise QrImageTooLarge(f"{p.name}: the file is larger than {MAX_FILE_BYTES // 2**20} MiB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(p) as im:  # reads the header only
                if im.format == "JPEG" and im.width * im.height > JPEG_DRAFT_PIXELS:
                    k = 1
                    while k < 8 and (im.width // k) * (im.height // k) > JPEG_DRAFT_PIXELS:
                        k *= 2
                    im.draft("L", (im.width // k, im.height // k))
                if im.width * im.height > MAX_FILE_PIXELS:
                    raise QrImageTooLarge(f"{p.name}: the image has {im.width}x{im.height} pixels; "
                                          f"at most {MAX_FILE_PIXELS // 1_000_000} million are decoded.")
                return np.asarray(im.convert("L"))
    except QrImageTooLarge:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise QrImageTooLarge(f"{p.name}: the image is too large to decode safely.") from None
    except UnidentifiedImageError:
        raise QrImageUnreadable(f"{p.name}: not an image file this kiosk can read.") from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:
        raise QrImageUnreadable(f"{p.name}: the image is damaged or truncated ({e.__class__.__name__}).") from None


def decode_file(path: str | os.PathLike) -> list[str]:
    """Every QR text in an image file (empty list when none).

    Raises :class:`QrImageUnreadable` for a missing, damaged or non-image file
    and :class:`QrImageTooLarge` for one too big to decode in bounded time and
    memory. Stills get a larger time budget than camera frames.
    """
    gray = load_gray_image(path)
    return decode_frame(gray, budget_s=max(DEFAULT_BUDGET_S, 1.0))
