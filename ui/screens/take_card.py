"""The take-your-card reminder: the check-in ended while the ID card still lies on the reader.

With one placement (the camera reading the card's QR while the chip lies on
the reader) nothing makes the patient lift the card any more, so the kiosk
asks for it until the reader reports the card removed (or a bounded wait
passes, so a dead reader never holds the kiosk). No buttons: lifting the card
is the answer.
"""

from __future__ import annotations

from ui.screens.notices import NoticeScreen


class TakeCardScreen(NoticeScreen):
    """"Vui lòng lấy lại thẻ": stays until the card leaves the reader."""

    kind = "info"

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Vui lòng lấy lại thẻ"))
        self.next_step.setText(self.tr("Thẻ căn cước của bạn vẫn còn trên đầu đọc."))
        self.primary.hide()
        self.secondary.hide()
        self.set_language(self._language)
