"""Camera frames of a phone showing a QR code the kiosk cannot read, for the guidance tests.

Each is a 1280x720 grey frame of a phone screen in a dim scene; the code is
readable in ``readable()`` and spoiled in one way in the others: too far
(about 1.1 camera pixels per module), too dark (a dimmed screen: a contrast
of 24 grey levels under sensor noise, slightly smeared), blurred (the hand moved during
the exposure: a 15-pixel motion smear).
"""

from __future__ import annotations

import cv2
import numpy as np

from devkit.simulator.card_photos import qr_image
from devkit.simulator.citizens import by_key

TEXT = by_key("valid-female").qr_text()


def _frame(ppm: float, light: int, dark: int, *, smear: int = 0, noise: float = 2.0, seed: int = 1) -> np.ndarray:
    modules = np.asarray(qr_image(TEXT, 1).convert("L")) < 128
    side = round(modules.shape[0] * ppm)
    code = cv2.resize(np.where(modules, dark, light).astype(np.float32), (side, side),
                      interpolation=cv2.INTER_AREA)
    frame = np.full((720, 1280), 55.0, np.float32)                 # the room, dim
    x, y = 640 - side // 2, 360 - side // 2
    pad = max(12, side // 6)
    frame[y - pad:y + side + pad, x - pad:x + side + pad] = light  # the screen around the code
    frame[y:y + side, x:x + side] = code
    if smear:
        kernel = np.zeros((smear, smear), np.float32)
        kernel[smear // 2, :] = 1.0 / smear
        frame = cv2.filter2D(frame, -1, kernel)
    frame += np.random.default_rng(seed).normal(0, noise, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


def readable() -> np.ndarray:
    """The code at 5 px/module, full contrast, sharp."""
    return _frame(5.0, 235, 25)


def too_small() -> np.ndarray:
    """The code far away: about 1.1 camera pixels per module."""
    return _frame(1.1, 235, 25, noise=3.0)


def too_dark() -> np.ndarray:
    """A dimmed screen: light modules at 44, dark at 20, under sensor noise, a slight 7-pixel smear."""
    return _frame(4.0, 44, 20, smear=7, noise=5.0)


def blurred() -> np.ndarray:
    """The phone moved during the exposure: a 15-pixel smear."""
    return _frame(4.0, 235, 25, smear=15)
