"""Staff exit: leaving kiosk mode needs the PIN from the configuration."""

from __future__ import annotations

import hmac

from PySide6.QtCore import Signal

from ui.digit_pad import DigitPad
from ui.widgets import Screen, StatusLine, button, label


class StaffPinScreen(Screen):
    """PIN pad; ``unlocked`` on the right PIN, ``back`` to return to the patient screen."""

    unlocked = Signal()
    back = Signal()

    def __init__(self, pin: str, parent=None) -> None:
        super().__init__(parent)
        self._pin = pin
        self.failures = 0
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

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Dành cho nhân viên: nhập mã PIN"))
        self.pad.ok.setText(self.tr("Mở khoá"))
        self.cancel.setText(self.tr("← Quay lại"))

    def keyPressEvent(self, event) -> None:
        """Digits, Backspace and Enter from a keyboard."""
        if not self.pad.handle_key(event):
            super().keyPressEvent(event)

    def _check(self, typed: str) -> None:
        # compare_digest: the time taken does not reveal how many digits were right
        if hmac.compare_digest(typed.encode(), self._pin.encode()):
            self.failures = 0
            self.pad.reset()
            self.message.clear()
            self.unlocked.emit()
        else:
            self.failures += 1
            self.pad.reset()
            self.message.show_status("bad", self.tr("Sai mã PIN."))

    def _back(self) -> None:
        self.pad.reset()
        self.message.clear()
        self.back.emit()

    def clear(self) -> None:
        """Forget what was typed."""
        self.pad.reset()
        self.message.clear()
