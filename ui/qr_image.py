"""A QR code drawn as a QImage (the ticket's code, shown on screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter


def qr_image(text: str, size_px: int = 240) -> QImage:
    """``text`` as a black-on-white QR code, about ``size_px`` wide, with a quiet zone."""
    import qrcode  # here: it loads Pillow, which the idle screen does not need (the first ticket: ~25 ms once)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()          # includes the border
    n = len(matrix)
    cell = max(1, size_px // n)
    image = QImage(n * cell, n * cell, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * cell, y * cell, cell, cell)
    painter.end()
    return image
