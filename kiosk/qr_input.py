"""QR input for the check-in flow: devices built from the configuration, and the identity a card QR gives.

The hardware layer (``readers.qr``) knows nothing of our configuration or
domain; this module is the one place that wires ``[camera]``/``[scanner]``
settings into it and turns a parsed card into a :class:`~kiosk.domain.Identity`.
With :mod:`kiosk.scanner_input` (the keystroke parser and its ``ScannedText``)
it is the UI's doorway to QR input: ``ui/`` imports nothing from ``readers/``.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.checkin.identify import identity_from_card_qr  # noqa: F401  (re-exported for the UI)
from kiosk.config import CameraSettings, ScannerSettings
from readers.qr.camera import QrCamera
from readers.qr.guidance import Hint as QrHint  # noqa: F401  (re-exported: the UI words each hint)
from readers.qr.scanner import SerialScanner
from readers.qr.sources import source_from_setting
from readers.qr.wedge import KeyboardWedge, ScannedText


def camera_from_config(cam: CameraSettings, **callbacks) -> QrCamera:
    """A :class:`QrCamera` for ``[camera]`` (not started); ``callbacks`` are ``on_state``, ``on_code``,
    ``on_hint``… (``on_hint`` gets a :class:`QrHint` or None: what the patient should do with a code
    the camera sees but cannot read)."""
    source = source_from_setting(cam.source, cam.width, cam.height, cam.fps, cam.fourcc)
    return QrCamera(source, consistent_reads=cam.consistent_reads, window_s=cam.read_window_seconds,
                    preview_width=cam.preview_width, **callbacks)


def serial_scanner_from_config(sc: ScannerSettings, on_scan: Callable[[ScannedText], None],
                               on_state: Callable = lambda *_: None) -> SerialScanner | None:
    """The serial scanner of ``[scanner]`` (not started), or None unless ``kind = "serial"``."""
    if sc.kind != "serial" or not sc.port:
        return None
    return SerialScanner(sc.port, sc.baudrate, on_scan=on_scan, on_state=on_state)


def keyboard_wedge_from_config(sc: ScannerSettings) -> KeyboardWedge | None:
    """The keystroke parser the UI feeds, or None unless ``kind = "keyboard"``."""
    if sc.kind != "keyboard":
        return None
    return KeyboardWedge(max_gap_s=sc.key_gap_ms / 1000)
