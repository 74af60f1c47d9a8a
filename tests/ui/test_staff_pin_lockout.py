"""The staff exit slows down after wrong PINs, then locks and says so; the digits are never logged."""

from __future__ import annotations

import logging

from devkit.kiosk_config import DEV_KIT_STAFF_PIN
from tests.ui.helpers import on_screen, tap


class Clock:
    t = 5000.0

    def __call__(self):
        return self.t


def type_pin(qtbot, pin_screen, digits):
    for d in digits:
        tap(qtbot, pin_screen.pad.digit_buttons[d])
    tap(qtbot, pin_screen.pad.ok)


def test_wrong_pins_slow_down_then_lock_the_exit_and_a_reopened_screen_says_so(qtbot, kiosk, caplog):
    clock = Clock()
    kiosk.pin_guard._clock = clock
    exits = []
    kiosk.staff_exit.connect(lambda: exits.append(1))
    tap(qtbot, kiosk.window.staff_button)
    pin = on_screen(qtbot, kiosk, "staff-pin")
    wrong = ["1357", "9753", "1122", "3344", "5566"]
    with caplog.at_level(logging.INFO):
        type_pin(qtbot, pin, wrong[0])
        assert pin.message.text().endswith("Sai mã PIN.")
        type_pin(qtbot, pin, wrong[1])
        type_pin(qtbot, pin, DEV_KIT_STAFF_PIN)                    # too soon: refused, not checked
        assert "Vui lòng đợi 2 giây" in pin.message.text() and exits == []
        for digits in wrong[2:]:
            clock.t += 60
            type_pin(qtbot, pin, digits)
        assert "Đã khoá do nhập sai mã PIN nhiều lần" in pin.message.text() and "15 phút" in pin.message.text()
        clock.t += 60
        type_pin(qtbot, pin, DEV_KIT_STAFF_PIN)                    # the right PIN while locked
        assert exits == [] and "Đã khoá" in pin.message.text()
        tap(qtbot, pin.cancel)
        on_screen(qtbot, kiosk, "idle")
        tap(qtbot, kiosk.window.staff_button)
        pin = on_screen(qtbot, kiosk, "staff-pin")
        assert "Đã khoá" in pin.message.text()                      # says so before anyone types
        clock.t += 15 * 60
        type_pin(qtbot, pin, DEV_KIT_STAFF_PIN)
        assert exits == [1]
    assert "staff PIN: locked after 5 wrong PINs" in caplog.text
    for digits in wrong + [DEV_KIT_STAFF_PIN]:
        assert digits not in caplog.text
