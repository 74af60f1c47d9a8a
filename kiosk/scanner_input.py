"""Scanner keystrokes for the UI: the core's burst parser and what it returns, and nothing heavy.

``ui/`` imports nothing from ``readers/``; this is its doorway to the
keyboard-wedge parser (``readers.qr.wedge``). Kept apart from
:mod:`kiosk.qr_input` (camera, serial port, OpenCV) so that building the kiosk
window loads no camera library before the idle screen shows.
"""

from __future__ import annotations

from kiosk.config import ScannerSettings
from readers.qr.wedge import KeyboardWedge, ScannedText

__all__ = ["KeyboardWedge", "ScannedText", "keystroke_parser"]


def keystroke_parser(sc: ScannerSettings | None = None) -> KeyboardWedge:
    """The burst parser a key-press filter feeds (serial scans reach the UI as its ``ScannedText`` too)."""
    return KeyboardWedge(max_gap_s=sc.key_gap_ms / 1000) if sc is not None else KeyboardWedge()
