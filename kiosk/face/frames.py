"""A tap on the camera's frames that keeps a few only while a face try is running.

The camera calls :meth:`FrameTap.offer` on its own thread for every preview
frame; the tap copies a frame only while armed, keeps at most ``keep`` of them
in memory, and :meth:`take` hands them over and forgets them. Nothing is
written anywhere; :meth:`disarm` zeroes what it still holds.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


class FrameTap:
    """The last ``keep`` camera frames (BGR) of the running try; empty when not armed."""

    def __init__(self, keep: int = 6) -> None:
        self._lock = threading.Lock()
        self._frames: deque[np.ndarray] = deque(maxlen=keep)
        self._armed = False

    def offer(self, frame: np.ndarray) -> None:
        """Called by the camera thread with each preview frame; copies it only while armed."""
        if not self._armed:
            return
        import numpy as np  # here, not at import: the kiosk builds its tap before the idle screen shows
        copy = np.array(frame, copy=True)
        with self._lock:
            if self._armed:
                self._frames.append(copy)

    def arm(self) -> None:
        """Start keeping frames (a try begins)."""
        with self._lock:
            self._wipe()
            self._armed = True

    def take(self) -> list[np.ndarray]:
        """The frames kept so far, in order; the tap forgets them (it stays armed)."""
        with self._lock:
            frames = list(self._frames)
            self._frames.clear()
            return frames

    def disarm(self) -> None:
        """Stop keeping frames and zero any still held."""
        with self._lock:
            self._armed = False
            self._wipe()

    @property
    def held(self) -> int:
        """How many frames the tap holds now (the privacy tests read it)."""
        with self._lock:
            return len(self._frames)

    def _wipe(self) -> None:
        for f in self._frames:
            f.fill(0)
        self._frames.clear()


def capture(source, frames: int = 6, seconds: float = 0.8) -> list[np.ndarray]:
    """Up to ``frames`` frames from a frame source (``open``/``read``/``close``, as readers.qr.sources),
    spread over about ``seconds``; the source is closed again. Kept in memory only."""
    import time

    import numpy as np
    out: list[np.ndarray] = []
    source.open()
    try:
        gap = seconds / max(1, frames - 1)
        for i in range(frames):
            out.append(np.array(source.read(), copy=True))
            if i < frames - 1:
                time.sleep(gap)
    finally:
        source.close()
    return out
