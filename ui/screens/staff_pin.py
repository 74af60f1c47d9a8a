"""Staff exit: leaving kiosk mode needs the staff PIN, behind the core's :class:`PinGuard`."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import Signal

from kiosk.staff_pin import PinGuard
from ui.digit_pad import DigitPad
from ui.widgets import Screen, StatusLine, button, label

log = logging.getLogger(__name__)


class StaffPinScreen(Screen):
    """PIN pad; ``unlocked`` on the right PIN, ``back`` to return to the patient screen.

    Wrong PINs slow down and then lock the exit (``guard``); a locked kiosk
    says so as soon as the screen opens. The digits are never logged.
    """

    unlocked = Signal()
    back = Signal()

    def __init__(self, guard: PinGuard, parent=None) -> None:
        super().__init__(parent)
        self.guard = guard
        self.title = label(role="title", center=True)
        self.pad = DigitPad(8, secret=True)
        self.pad.complete_at = 4
        self.pad.entry.setObjectName("pin_entry")
        self.pad.accepted.connect(self._check)
        self.message = StatusLine()
        self.cancel = button(role="quiet", name="cancel")
        self.cancel.clicked.connect(self._back)
        self.pad.lay_out(self, self.title, self.message, self.cancel)
        self.retranslate()
        self.pad.reset()

    @property
    def failures(self) -> int:
        """Wrong PINs in a row."""
        return self.guard.failures

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Dành cho nhân viên: nhập mã PIN"))
        self.pad.ok.setText(self.tr("Mở khoá"))
        self.cancel.setText(self.tr("← Quay lại"))

    def keyPressEvent(self, event) -> None:
        """Digits, Backspace and Enter from a keyboard."""
        if not self.pad.handle_key(event):
            super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        """A locked exit says so before anyone types."""
        super().showEvent(event)
        state = self.guard.state()
        if state.locked:
            self._show_locked(state.seconds_left)

    def _show_locked(self, seconds: float) -> None:
        minutes = max(1, math.ceil(seconds / 60))
        self.message.show_status("bad", self.tr("Đã khoá do nhập sai mã PIN nhiều lần. Thử lại sau {n} phút.")
                                 .format(n=minutes))

    def _check(self, typed: str) -> None:
        result = self.guard.attempt(typed)
        self.pad.reset()
        if result.outcome == "ok":
            log.info("staff PIN accepted: leaving kiosk mode")
            self.message.clear()
            self.unlocked.emit()
        elif result.outcome == "locked":
            self._show_locked(result.wait_seconds)
        elif result.outcome == "wait":
            self.message.show_status("warn", self.tr("Vui lòng đợi {n} giây rồi thử lại.")
                                     .format(n=max(1, math.ceil(result.wait_seconds))))
        else:
            self.message.show_status("bad", self.tr("Sai mã PIN."))

    def _back(self) -> None:
        self.pad.reset()
        self.message.clear()
        self.back.emit()

    def clear(self) -> None:
        """Forget what was typed."""
        self.pad.reset()
        self.message.clear()
