"""Typed identification: the 12-digit ID number, then the birth year, on a large keypad.

A child under 6 has no ID card: the 10-digit insurance (BHXH) number, the
last 10 digits of the card code, is accepted in its place, and then the full
birth date (ddmmyyyy) is asked, since the age decides whether it is enough.

The gateway needs a name and a birth date with an ID number, and accepts the
year alone (``ngaySinh`` = ``yyyy``), so the typed path asks only the birth
year here (4 digits) and the name on :class:`ui.screens.name_entry.NameScreen`.
The card itself is offered first: a QR shown while typing is taken at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from ui.digit_pad import DigitPad
from ui.widgets import Screen, StatusLine, button, label

ID_LENGTH = 12
CHILD_NUMBER_LENGTH = 10
LENGTHS = {"id": ID_LENGTH, "birth": 4, "birth-date": 8}
#: the lengths OK accepts in each mode (the ID, or a child's insurance number)
ACCEPTED = {"id": (CHILD_NUMBER_LENGTH, ID_LENGTH), "birth": (4,), "birth-date": (8,)}


class KeypadScreen(Screen):
    """Digits only, 12 of them; OK is enabled when the number is complete."""

    submitted = Signal(str)
    back = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.mode = "id"
        self.pad = DigitPad(ID_LENGTH)
        self.entry = self.pad.entry
        self.entry.setObjectName("id_entry")
        self.hint = StatusLine()
        # the faster ways first: most patients typing here have a card in their hand
        self.offer = label(role="muted", center=True)
        self.offer.setObjectName("offer_card")
        self.pad.changed.connect(self._update)
        self.pad.accepted.connect(self.submitted)
        self.cancel = button(role="quiet", name="cancel")
        self.cancel.clicked.connect(self.back)
        self.pad.lay_out(self, self.title, self.hint, self.cancel, self.offer)
        self.retranslate()
        self.pad.reset()

    def set_mode(self, mode: str) -> None:
        """Ask for the "id" (12 digits) or the "birth" date (ddmmyyyy)."""
        self.mode = mode
        self.pad.max_length = LENGTHS[mode]
        self.pad.complete_at = min(ACCEPTED[mode])
        self.pad.entry.setMaxLength(LENGTHS[mode])
        self.pad.reset()
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        if self.mode == "birth":
            self.title.setText(self.tr("Nhập năm sinh (4 số)"))
        elif self.mode == "birth-date":
            self.title.setText(self.tr("Nhập ngày sinh của trẻ (ngày tháng năm, 8 số)"))
        else:
            self.title.setText(self.tr("Nhập 12 số trên thẻ căn cước, "
                                       "hoặc 10 số bảo hiểm của trẻ dưới 6 tuổi"))
        self.pad.ok.setText(self.tr("Xong"))
        self.cancel.setText(self.tr("← Quay lại"))
        self.offer.setText(self.tr("Nhanh hơn: đưa mã QR trên thẻ căn cước hoặc thẻ BHYT vào camera, "
                                   "hoặc đặt thẻ gắn chip lên đầu đọc."))
        self._update(self.pad.text())

    def press(self, key: str) -> None:
        """A keypad key: a digit, or "back" to erase one."""
        self.pad.press(key)

    def keyPressEvent(self, event) -> None:
        """A physical keyboard works too: digits, Backspace, Enter, Escape."""
        if self.pad.handle_key(event):
            return
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)

    def _update(self, text: str) -> None:
        missing = LENGTHS[self.mode] - len(text)
        complete = len(text) in ACCEPTED[self.mode]
        self.pad.ok.setEnabled(complete)     # 10 or 12 digits for the number, never 11
        if complete and self.mode == "id" and len(text) == CHILD_NUMBER_LENGTH:
            self.hint.show_status("good", self.tr("Đủ 10 số bảo hiểm của trẻ. Bấm Xong, "
                                                  "hoặc nhập tiếp nếu là số căn cước."))
        elif complete:
            self.hint.show_status("good", self.tr("Đủ số. Bấm Xong."))
        elif self.mode == "birth":
            self.hint.show_status("info", self.tr("Ví dụ: 1988."))
        elif self.mode == "birth-date":
            self.hint.show_status("info", self.tr("Ví dụ: 10052023."))
        else:
            self.hint.show_status("info", self.tr("Còn thiếu {n} số.").format(n=missing))

    def show_problem(self, words: str) -> None:
        """The number was refused (one plain sentence); let the patient fix it."""
        self.hint.show_status("bad", words)
        self.pad.ok.setEnabled(len(self.pad.text()) in ACCEPTED[self.mode])

    def clear(self) -> None:
        """Forget the typed number and go back to asking for the ID."""
        self.set_mode("id")
