"""The QR camera's worker-thread callbacks turned into Qt signals.

The QR camera (built by :func:`kiosk.qr_input.camera_from_config`) calls back on its capture and decode
threads. Those callbacks only build plain values (a ``QImage`` copy of the
preview is safe off the UI thread; a ``QPixmap`` is not) and emit signals;
Qt queues them to the UI thread, where the slots touch widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage


def bgr_to_qimage(frame) -> QImage:
    """A deep-copied QImage of a BGR (or grey) numpy frame; safe to build on any thread."""
    import numpy as np  # already loaded by the camera; kept off the kiosk's start-up path
    frame = np.ascontiguousarray(frame)
    h, w = frame.shape[:2]
    if frame.ndim == 2:
        return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888).copy()


class CameraBridge(QObject):
    """Signals for one ``QrCamera``: ``preview(QImage)``, ``code(QrRead)``, ``state(str, str)``,
    ``hint(str)`` (a hint's value, "closer" / "brighter" / "steady", or "" for none)."""

    preview = Signal(QImage)
    code = Signal(object)
    state = Signal(str, str)
    hint = Signal(str)

    def callbacks(self) -> dict:
        """Keyword arguments for ``QrCamera(...)``: each runs on a camera thread and only emits."""
        return {"on_preview": lambda frame: self.preview.emit(bgr_to_qimage(frame)),
                "on_code": self.code.emit,
                "on_hint": lambda hint: self.hint.emit(getattr(hint, "value", hint or "")),
                "on_state": lambda state, detail: self.state.emit(getattr(state, "value", str(state)),
                                                                  detail)}
