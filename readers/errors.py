"""Exception root of the hardware layer.

Each error carries one plain English sentence (``str(err)``) and a stable
``code``; the core maps codes to patient messages in one place.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Root of every error ``readers`` raises on purpose."""

    code = "reader"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code


class QrError(ReaderError):
    """A QR code could not be turned into a document."""

    code = "qr"


class NotACardQr(QrError):
    """The text is not the QR of an ID card or a health-insurance card."""

    code = "qr_not_a_card"


class InvalidCardQr(QrError):
    """It looks like a card QR but a field is wrong (truncated, doctored, misread)."""

    code = "qr_invalid"


class QrImageUnreadable(QrError):
    """An image file could not be opened or decoded as a picture."""

    code = "qr_image_unreadable"


class QrImageTooLarge(QrError):
    """An image file is too large (bytes or pixels) to decode in bounded time and memory."""

    code = "qr_image_too_large"


class CameraError(ReaderError):
    """The camera (or the configured frame source) cannot be used."""

    code = "camera"


class SourceUnavailable(CameraError):
    """The source could not be opened (no such device, file or folder; stream down)."""

    code = "camera_unavailable"


class SourceLost(CameraError):
    """The source stopped delivering frames (unplugged, deleted, stream dropped)."""

    code = "camera_lost"
