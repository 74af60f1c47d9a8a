"""What to tell a patient whose QR code the camera sees but cannot read.

When a frame holds a QR-like patch (:func:`readers.qr.locate.find_code_regions`)
and nothing decoded, :func:`hint_for_frame` says which of three things would
help most, from what the patch's pixels show:

* ``BRIGHTER`` — the patch has little contrast and is not over-exposed: a dim
  phone screen (or a card in shadow);
* ``CLOSER`` — the modules are too small (fewer than ``MIN_PPM`` camera
  pixels each, or the whole code fits in a box under ``MIN_BOX_PX``): the
  phone or card is too far away;
* ``STEADY`` — big enough and bright enough but still unread: motion blur,
  defocus, a reflection moving over it. Holding it still for a moment is what
  helps in all of these.

:class:`HintVote` steadies the answer over frames: a hint is shown only after
it was the answer for most of the last few frames, and withdrawn once no
patch has been seen for a while, so the prompt does not flicker.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from readers.errors import QrImageUnreadable
from readers.qr.decode import as_gray
from readers.qr.locate import STRICT_SCENE_FACTOR, assess_region, find_code_regions

MIN_CONTRAST = 55        # dark/light spread (0-255) below which a patch is "too dark"
SATURATED = 235          # ...unless its light modules are this bright (over-exposed, not dim)
MIN_PPM = 2.6            # camera pixels per module below which the code is "too far"
MIN_BOX_PX = 190         # ...or a box smaller than this: a card code of 49-77 modules cannot get 2.6 px each
MIN_TEXTURE_PPM, MAX_TEXTURE_PPM = 0.8, 14.0   # outside: not a code's texture (noise, a plain box)


class Hint(str, enum.Enum):
    """The one thing the patient should do (the UI words it)."""

    CLOSER = "closer"
    BRIGHTER = "brighter"
    STEADY = "steady"


def hint_for_frame(gray: np.ndarray) -> Hint | None:
    """The hint for an undecoded frame (grey or BGR), or None when nothing code-like is in view."""
    try:
        gray = as_gray(gray)
    except QrImageUnreadable:
        return None
    # The strict pass first: on a phone screen covered in moiré the default pass boxes the code
    # together with the screen around it, which makes a far code look big ("hold still" instead of
    # "closer"), or finds nothing squarish at all. A faint code only the default pass sees comes next.
    regions = find_code_regions(gray, max_regions=2, scene_factor=STRICT_SCENE_FACTOR)
    for region in regions or find_code_regions(gray, max_regions=2):
        look = assess_region(gray, region)
        if look.contrast < 15:
            continue
        if look.contrast < MIN_CONTRAST and look.level + look.contrast / 2 < SATURATED:
            return Hint.BRIGHTER
        if not MIN_TEXTURE_PPM <= look.ppm <= MAX_TEXTURE_PPM:
            continue
        # Blur hides module edges, so the ppm estimate runs high on a soft, far code: the box size
        # is the second witness.
        if look.ppm < MIN_PPM or region.side < MIN_BOX_PX:
            return Hint.CLOSER
        return Hint.STEADY
    return None


class HintVote:
    """Majority of the last ``window`` answers; None once nothing was seen for ``clear_s`` seconds.

    Not thread-safe: the camera's decode worker owns it.
    """

    def __init__(self, window: int = 4, needed: int = 3, clear_s: float = 1.5,
                 clock: Callable[[], float] = time.monotonic):
        self.window, self.needed, self.clear_s = window, needed, clear_s
        self._clock = clock
        self._answers: deque = deque(maxlen=window)
        self._shown: Hint | None = None
        self._last_seen = float("-inf")

    @property
    def shown(self) -> Hint | None:
        """The hint currently shown (None: none)."""
        return self._shown

    def offer(self, hint: Hint | None, now: float | None = None) -> Hint | None:
        """Record one frame's answer; return the hint to show now."""
        now = self._clock() if now is None else now
        self._answers.append(hint)
        if hint is not None:
            self._last_seen = now
        counts = {h: sum(a == h for a in self._answers) for h in set(self._answers) if h is not None}
        best = max(counts, key=counts.__getitem__, default=None)
        if best is not None and counts[best] >= self.needed:
            self._shown = best
        elif now - self._last_seen > self.clear_s:
            self._shown = None
        return self._shown

    def reset(self) -> None:
        """Forget (a code was read, or the kiosk left its idle screen)."""
        self._answers.clear()
        self._shown = None
        self._last_seen = float("-inf")
