"""The acceptance step between the decoder and the check-in flow.

A camera sees a card for many frames; one decode is not enough to act on (a
card half out of view, a reflection, two cards at once). A text is accepted
only after ``needed`` identical reads in a row, all within ``window_s``
seconds, with no different text read in between. Once accepted, the same text
is not accepted again while it stays in view (until it has been out of sight
for ``rearm_s``), so a card held still yields one patient, not one per frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable

AMBIGUOUS = "\x00ambiguous"  # offered when a frame holds several different card codes


class ConsistentReads:
    """Accepts a decoded text after N consistent reads within a time window.

    Not thread-safe: one decode worker owns it. ``clock`` is injectable so
    tests drive time explicitly.
    """

    def __init__(self, needed: int = 2, window_s: float = 1.5, rearm_s: float = 2.0,
                 clock: Callable[[], float] = time.monotonic):
        if not 1 <= needed <= 10:
            raise ValueError("needed must be 1 to 10")
        if window_s <= 0 or rearm_s < 0:
            raise ValueError("window_s must be positive and rearm_s not negative")
        self.needed = needed
        self.window_s = window_s
        self.rearm_s = rearm_s
        self._clock = clock
        self._streak_text: str | None = None
        self._streak_times: list[float] = []
        self._accepted: str | None = None
        self._accepted_seen_at = float("-inf")

    @property
    def progress(self) -> tuple[int, int]:
        """``(reads so far, reads needed)`` for the current candidate, for UI feedback."""
        return len(self._streak_times), self.needed

    def offer(self, text: str, now: float | None = None) -> str | None:
        """Record one read; return ``text`` if this read makes it accepted, else None.

        Offer :data:`AMBIGUOUS` for a frame with several different codes: it
        breaks any streak and is never accepted.
        """
        now = self._clock() if now is None else now
        if text == self._accepted and now - self._accepted_seen_at <= self.rearm_s:
            self._accepted_seen_at = now  # still in view: keep it from re-triggering
            return None
        if text != self._streak_text:
            self._streak_text = text
            self._streak_times = []
        self._streak_times = [t for t in self._streak_times if now - t <= self.window_s] + [now]
        if text == AMBIGUOUS or len(self._streak_times) < self.needed:
            return None
        self._accepted, self._accepted_seen_at = text, now
        self._streak_text, self._streak_times = None, []
        return text

    def reset(self) -> None:
        """Forget everything, e.g. when the kiosk returns to its idle screen.

        After a reset the same card may be accepted again (the next patient
        may be the same person, coming back).
        """
        self._streak_text, self._streak_times = None, []
        self._accepted, self._accepted_seen_at = None, float("-inf")
