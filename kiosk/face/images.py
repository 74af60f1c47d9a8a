"""Pictures in, RGB arrays out: decoding the chip photo and camera frames, and scaling them.

Detection time grows with the pixel count, and a face nearer than arm's length
fills a large part of the frame anyway, so every picture is scaled down to at
most :data:`WORK_SIDE` pixels on its longer side before anything looks at it.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.errors import InputError

WORK_SIDE = 640          # longer side the detector works on; a kiosk face is 150-400 px wide at this size
MAX_FILE_BYTES = 30_000_000


def decode_image(data: bytes, what: str = "image") -> np.ndarray:
    """JPEG / JPEG 2000 / PNG bytes -> an RGB ``uint8`` array; :class:`InputError` when unreadable."""
    if not data or len(data) > MAX_FILE_BYTES:
        raise InputError(f"the {what} is empty or too large", code="face_bad_image")
    buf = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    if img is None:
        raise InputError(f"the {what} is not a readable picture (JPEG, JPEG 2000 or PNG)", code="face_bad_image")
    return cv2.cvtColor(img, cv2.COLOR_BGR2RGB)


def from_bgr(frame: np.ndarray) -> np.ndarray:
    """An OpenCV camera frame (BGR or grey) -> RGB."""
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    return cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)


def scaled_for_work(rgb: np.ndarray, side: int = WORK_SIDE) -> np.ndarray:
    """``rgb`` with its longer side at most ``side`` (area interpolation; never enlarged)."""
    h, w = rgb.shape[:2]
    longest = max(h, w)
    if longest <= side:
        return np.ascontiguousarray(rgb)
    f = side / longest
    return cv2.resize(rgb, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
