"""Was a camera QR shown on a phone screen or on a printed card? (``screen`` / ``print`` / ``unknown``)

The QR text of the VNeID app is the ID card's, the VssID app's the insurance
card's: only the picture can tell how the card was presented (issue 14 item 5,
``presented_as`` vneid / vssid vs id_qr / insurance_card). This module looks at
what surrounds the code in the frame it was decoded from. The code's four
corners (zxing-cpp's position, on a downscaled copy first) give its own
coordinates, so "beside the code" means the same thing at any tilt and roll;
the neighbourhood is warped flat (a small 2-D image, a few milliseconds).

* **A dark-mode screen**: light modules on a dark quiet zone. No printed card
  has that.
* **The bezel**: the app page is barely wider than its code, so on *both* sides
  of the code, within 0.6 code widths, the light screen ends in a phone body
  much darker than the screen's white, a dark band running the code's whole
  height. A printed card's code sits near one edge of the card at most: the
  card (light, with text that never forms such a band) continues on the other
  side.
* **Print**: no such band on any side of the code, a dark-on-light code whose
  white is not clipped (an over-bright screen blooms over its own bezel).

Anything else is ``unknown`` and the kiosk records what it recorded before (a
wrong call is worse than none: the insurer may audit how the card was
presented). Clipped highlights are *not* used: a white card under a bright
ceiling clips as much as a bright screen does.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from readers.qr.decode import FAST_LONG_SIDE, _downscale
from readers.qr.locate import find_code_regions


class Medium(str, enum.Enum):
    """What the code was shown on."""

    SCREEN = "screen"
    PRINT = "print"
    UNKNOWN = "unknown"


CODE_PX = 80              # the code's side in the flattened neighbourhood
REACH = 0.6               # how far beside the code (in code widths) a bezel is looked for
DARK_OF_WHITE = 0.3       # "very dark" = below this share of the code's white (a phone body)
BAND_ROWS = 0.85          # a band: this share of the rows along the code's side very dark
CLIPPED = 250             # a code white at the sensor's ceiling: a bezel may have bloomed away
MIN_CODE_PX = 40          # a code smaller than this (frame pixels) leaves too little to judge
_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class MediumLook:
    """The measurements behind a call (for the benchmark and the tests)."""

    medium: Medium
    bands: tuple[bool, bool, bool, bool] = (False, False, False, False)   # left, right, top, bottom
    inverted: bool = False
    white: float = 0.0


def _position(result, scale: float, dx: float = 0.0, dy: float = 0.0) -> np.ndarray:
    p = result.position
    pts = np.array([(p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y),
                    (p.bottom_right.x, p.bottom_right.y), (p.bottom_left.x, p.bottom_left.y)], np.float32)
    return pts / np.float32(scale) + np.array([dx, dy], np.float32)


def _corners(gray: np.ndarray) -> np.ndarray | None:
    """The first QR code's corners (TL, TR, BR, BL) in frame pixels, or None.

    The downscaled frame first (cheap); then each located region's crop,
    enlarged to about 480 pixels (a small or soft code that only reads there).
    """
    small, scale = _downscale(gray, FAST_LONG_SIDE)
    for r in zxingcpp.read_barcodes(small, formats=_QR, try_rotate=False, try_invert=True):
        if r.valid:
            return _position(r, scale)
    h, w = gray.shape
    for reg in find_code_regions(gray)[:3]:
        m = reg.side // 6
        x0, y0, x1, y1 = max(0, reg.x0 - m), max(0, reg.y0 - m), min(w, reg.x1 + m), min(h, reg.y1 + m)
        crop = gray[y0:y1, x0:x1]
        f = max(1.0, 480 / max(1, max(crop.shape)))
        if f > 1.0:
            crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC)
        for r in zxingcpp.read_barcodes(crop, formats=_QR, try_rotate=False, try_invert=True):
            if r.valid:
                return _position(r, f, x0, y0)
    return None


def look_at(gray: np.ndarray, corners: np.ndarray) -> MediumLook:
    """Measure the neighbourhood of the code at ``corners`` (TL, TR, BR, BL, frame pixels) and make the call."""
    corners = np.asarray(corners, np.float32).reshape(4, 2)
    side = float(np.mean([np.linalg.norm(corners[i] - corners[(i + 1) % 4]) for i in range(4)]))
    if side < MIN_CODE_PX:
        return MediumLook(Medium.UNKNOWN)
    pad = round(REACH * CODE_PX)
    canon = np.array([[pad, pad], [pad + CODE_PX, pad], [pad + CODE_PX, pad + CODE_PX], [pad, pad + CODE_PX]],
                     np.float32)
    h = cv2.getPerspectiveTransform(corners, canon)
    size = CODE_PX + 2 * pad
    # Outside the frame reads as -1: "not seen" is neither dark nor light.
    flat = cv2.warpPerspective(gray.astype(np.float32), h, (size, size), flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0)
    code = flat[pad:pad + CODE_PX, pad:pad + CODE_PX]
    dark_mod, white = (float(v) for v in np.percentile(code, (5, 95)))
    q = max(2, CODE_PX // 25)       # about one module: the quiet zone right beside the code
    quiet = np.concatenate([flat[pad - q:pad, pad:pad + CODE_PX].ravel(),
                            flat[pad + CODE_PX:pad + CODE_PX + q, pad:pad + CODE_PX].ravel(),
                            flat[pad:pad + CODE_PX, pad - q:pad].ravel(),
                            flat[pad:pad + CODE_PX, pad + CODE_PX:pad + CODE_PX + q].ravel()])
    quiet = quiet[quiet >= 0]
    if white - dark_mod < 20 or quiet.size < q * CODE_PX:
        return MediumLook(Medium.UNKNOWN, white=white)
    inverted = float(np.median(quiet)) < (dark_mod + white) / 2
    if inverted:  # light modules on a dark quiet zone: a dark-mode app
        return MediumLook(Medium.SCREEN, inverted=True, white=white)
    inner = slice(pad + CODE_PX // 20, pad + CODE_PX - CODE_PX // 20)   # rows along the code's side
    # Each strip: one line per step outwards from the code (row 0 next to it), along the code's side.
    strips = (flat[inner, :pad - q].T[::-1], flat[inner, pad + CODE_PX + q:].T,     # left, right
              flat[:pad - q, inner][::-1], flat[pad + CODE_PX + q:, inner])        # top, bottom
    bands, unseen = [], False
    for lines in strips:
        seen = lines >= 0
        if seen.mean() < 0.9:
            unseen = True
        very_dark = (lines < DARK_OF_WHITE * white) & seen
        bands.append(bool((very_dark.mean(axis=1) >= BAND_ROWS).any()))
    left, right, top, bottom = bands
    if (left and right) or (top and bottom):
        medium = Medium.SCREEN
    elif not any(bands) and not unseen and white < CLIPPED:
        # A clipped white hides a bloomed bezel (an over-bright screen): no print call then.
        medium = Medium.PRINT
    else:
        medium = Medium.UNKNOWN
    return MediumLook(medium, (left, right, top, bottom), False, white)


def classify_medium(gray: np.ndarray, corners: np.ndarray | None = None) -> Medium:
    """``screen``, ``print`` or ``unknown`` for the frame a code was decoded from.

    ``gray`` is the 2-D uint8 frame; ``corners`` the code's corners when the
    caller has them (otherwise the code is located here with zxing-cpp).
    Anything it cannot judge is ``unknown``; it never raises on a frame.
    """
    if gray.ndim != 2 or gray.dtype != np.uint8:
        return Medium.UNKNOWN
    try:
        if corners is None:
            corners = _corners(gray)
            if corners is None:
                return Medium.UNKNOWN
        return look_at(gray, corners).medium
    except (cv2.error, ValueError, np.linalg.LinAlgError):
        return Medium.UNKNOWN
