"""The idle screen tells the patient what to do with a QR code the camera sees but cannot read.

The kiosk is built as ``kiosk run`` builds it, with the real camera worker on
a folder camera (``camera.source`` = a folder): writing a frame into the folder
is holding a phone up to the camera. The frames are too small (too far),
too dark (a dimmed screen) and blurred (the hand moved).
"""

from __future__ import annotations

import cv2
import pytest

from tests import qr_guidance_frames as frames
from tests.ui.helpers import on_screen
from ui.screens.idle import GUIDE_FRACTION


def _show(folder, frame) -> None:
    """Put ``frame`` in front of the folder camera (atomically: no half-written image is seen)."""
    for old in folder.glob("*.png"):
        old.unlink()
    part = folder / "frame.part"
    part.write_bytes(cv2.imencode(".png", frame)[1].tobytes())
    part.rename(folder / "frame.png")



@pytest.mark.parametrize("make, words", [
    (frames.too_small, "Đưa điện thoại lại gần hơn"),
    (frames.too_dark, "Tăng độ sáng màn hình"),
    (frames.blurred, "Giữ yên"),
])
def test_an_unreadable_code_gets_the_right_hint_under_the_preview(qtbot, camera_kiosk, make, words):
    kiosk, folder = camera_kiosk
    idle = kiosk.window.screens["idle"]
    assert not idle.qr_hint.isVisible()
    _show(folder, make())
    qtbot.waitUntil(lambda: idle.qr_hint.isVisible() and idle.qr_hint.text() == words, timeout=8000)
    assert kiosk.window.current == "idle"          # nothing was read
    image = idle.preview.pixmap().toImage()        # the preview, with the guide square drawn on it
    w, h = image.width(), image.height()
    side = GUIDE_FRACTION * min(w, h)
    x0, y0 = (w - side) / 2, (h - side) / 2
    corner_arm = image.pixelColor(int(x0 + side / 10), int(y0 + 1))
    inside = image.pixelColor(int(x0 + side / 10), int(y0 + side / 10))
    assert corner_arm.lightness() > 200 and inside.lightness() < 120   # white marks on the dim room


def test_the_hint_goes_when_the_code_is_taken_away_and_a_readable_code_checks_in(qtbot, camera_kiosk):
    kiosk, folder = camera_kiosk
    idle = kiosk.window.screens["idle"]
    _show(folder, frames.too_small())
    qtbot.waitUntil(lambda: idle.qr_hint.isVisible(), timeout=8000)
    for old in folder.glob("*.png"):
        old.unlink()                                # the patient lowers the phone
    qtbot.waitUntil(lambda: not idle.qr_hint.isVisible(), timeout=8000)
    _show(folder, frames.too_small())
    qtbot.waitUntil(lambda: idle.qr_hint.isVisible(), timeout=8000)
    _show(folder, frames.readable())                # ...and brings it closer
    confirm = on_screen(qtbot, kiosk, "confirm", timeout=15000)
    assert confirm.name.text() == "Nguyễn Thị Hồng Nhung"
    assert idle.hint_key == "" and idle.qr_hint.text() == ""     # a code that reads withdraws the hint
