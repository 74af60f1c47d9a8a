"""Measure how long the UI thread stalls: a 5 ms heartbeat records its gaps.

A ``QTimer`` firing every 5 ms on the UI thread is only late when the thread
was busy; the largest gap between beats (minus the period) is the worst stall.
Used by the UI tests (reported, never asserted as a timing) and the benchmark.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class StallMeter(QObject):
    """Start, run some UI work, read :attr:`worst_ms` / :attr:`gaps_ms`."""

    def __init__(self, period_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.period_ms = period_ms
        self._timer = QTimer(self)
        self._timer.setInterval(period_ms)
        self._timer.timeout.connect(self._beat)
        self._last: float | None = None
        self.gaps_ms: list[float] = []

    def start(self) -> None:
        """Begin recording (clears earlier gaps)."""
        self.gaps_ms.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop recording."""
        self._timer.stop()
        self._beat()

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps_ms.append((now - self._last) * 1000.0)
        self._last = now

    @property
    def worst_ms(self) -> float:
        """The longest the UI thread went without running the heartbeat, beyond its period."""
        return max((g - self.period_ms for g in self.gaps_ms), default=0.0)
