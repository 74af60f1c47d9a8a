"""Keyboard-wedge QR scanners: a burst of key presses ending in Enter.

A USB scanner in keyboard mode "types" the QR text much faster than a person
(a few ms per key). This event filter collects printable keys that arrive in
such a burst and, on Enter, emits the text once; slow, human typing is left
alone so the on-screen keypad and the PIN pad keep working.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

MAX_GAP_S = 0.05      # a person cannot type two keys 50 ms apart for long
MIN_LENGTH = 20       # a card QR is far longer; shorter bursts are ignored


class ScannerWedge(QObject):
    """Install on the application; ``scanned(text)`` fires on the UI thread."""

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, clock=time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._buffer: list[str] = []
        self._last = 0.0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        """Collect fast bursts; swallow the keys of a burst so they don't reach the keypad."""
        if event.type() != QEvent.Type.KeyPress or not self._first_delivery(obj):
            return False
        now = self._clock()
        in_burst = bool(self._buffer) and now - self._last <= MAX_GAP_S
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = "".join(self._buffer)
            self._buffer.clear()
            if in_burst and len(text) >= MIN_LENGTH:
                self.scanned.emit(text)
                return True
            return False
        if event.text() and event.text().isprintable():
            if not in_burst:
                self._buffer.clear()
            self._buffer.append(event.text())
            return len(self._buffer) > 3   # past a few keys it is a scanner: keep it off the widgets
        return False

    @staticmethod
    def _first_delivery(obj: QObject) -> bool:
        """An unhandled key travels up to the parents, through this filter each time: count it once."""
        focus = QApplication.focusWidget()
        if focus is not None:
            return obj is focus
        return obj.isWidgetType() and obj.isWindow()

    def feed(self, text: str) -> None:
        """Accept text from a serial-mode scanner (already on the UI thread)."""
        if len(text) >= MIN_LENGTH:
            self.scanned.emit(text)
