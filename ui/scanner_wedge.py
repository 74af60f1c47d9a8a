"""Keyboard-wedge QR scanners: Qt key presses fed to the core's burst parser.

A USB scanner in keyboard mode "types" the QR text much faster than a person
and ends with Enter. :class:`kiosk.scanner_input.KeyboardWedge` (the core's parser) tells such a
burst from human typing and flags a mangled scan; this event filter only
feeds it every key press once and hides the keys of a burst from the
widgets (past its first few keys), so the keypad and PIN pad keep working.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from kiosk.scanner_input import KeyboardWedge, ScannedText, keystroke_parser

_SHOWN_KEYS = 3   # a burst is only known as one after a few keys; those few reach the widget


class ScannerWedge(QObject):
    """Install on the application; ``scanned(ScannedText)`` fires on the UI thread."""

    scanned = Signal(object)

    def __init__(self, parser: KeyboardWedge | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parser = parser or keystroke_parser()
        self._burst_keys = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Feed each key press once; swallow the keys of a burst."""
        if event.type() != QEvent.Type.KeyPress or not self._first_delivery(obj):
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            key = "\r"
        elif event.text() and event.text().isprintable():
            key = event.text()
        else:
            return False
        burst_before = self.parser.in_burst
        scan = self.parser.feed(key)
        self._burst_keys = self._burst_keys + 1 if burst_before else 1
        if scan is not None:
            self._burst_keys = 0
            self.scanned.emit(scan)
            return True
        return self._burst_keys > _SHOWN_KEYS

    @staticmethod
    def _first_delivery(obj: QObject) -> bool:
        """An unhandled key travels up to the parents, through this filter each time: count it once."""
        focus = QApplication.focusWidget()
        if focus is not None:
            return obj is focus
        return obj.isWidgetType() and obj.isWindow()

    def feed(self, scan: ScannedText) -> None:
        """A scan from a serial-mode scanner (already on the UI thread)."""
        self.scanned.emit(scan)
