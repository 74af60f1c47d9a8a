"""Identity confirmation: name, birth year and the last 4 ID digits, nothing more.

With a chip card, the face from the chip (DG2) is shown too: the patient in
front of the kiosk recognises themselves at a glance.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout

from ui.widgets import Screen, button, label

# Small on purpose: enough for the patient to recognise themselves, not a portrait for the lobby.
PHOTO_W, PHOTO_H = 90, 120


class ConfirmScreen(Screen):
    """"Is this you?" The patient confirms (1 touch) or says it is not them."""

    confirmed = Signal()
    rejected = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.name_caption, self.name = label(), label(role="title")
        self.name.setObjectName("name")
        self.birth_caption, self.birth = label(), label(role="title")
        self.id_caption, self.id_tail = label(), label(role="title")
        self.id_tail.setObjectName("id_tail")
        self.how = label(role="muted")
        self.photo = QLabel()
        self.photo.setObjectName("photo")
        self.photo.setFixedSize(PHOTO_W, PHOTO_H)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.hide()
        form = QFormLayout()
        form.setVerticalSpacing(18)
        form.addRow(self.name_caption, self.name)
        form.addRow(self.birth_caption, self.birth)
        form.addRow(self.id_caption, self.id_tail)
        self.yes = button(role="primary", name="yes")
        self.no = button(role="quiet", name="no")
        self.yes.clicked.connect(self._yes)
        self.no.clicked.connect(self.rejected)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.no, 1)
        row.addWidget(self.yes, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(64, 40, 64, 40)
        lay.setSpacing(24)
        lay.addWidget(self.title)
        lay.addStretch(1)
        who = QHBoxLayout()
        who.setSpacing(32)
        who.addWidget(self.photo)
        who.addLayout(form, 1)
        lay.addLayout(who)
        lay.addWidget(self.how)
        lay.addStretch(1)
        lay.addLayout(row)
        self._source = ""
        self._number_kind = "id"
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Đây có phải là bạn không?"))
        self.name_caption.setText(self.tr("Họ và tên:"))
        self.birth_caption.setText(self.tr("Năm sinh:"))
        self._show_number_caption()
        self.yes.setText(self.tr("✔  Đúng, tiếp tục"))
        self.no.setText(self.tr("Không phải tôi"))
        self._show_source()

    def show_identity(self, name: str, birth_year: str, id_last4: str, source: str,
                      photo: bytes | None = None, number_kind: str = "id") -> None:
        """Show the masked identity; ``source`` is an IdentitySource value; ``photo`` the chip's face.

        ``number_kind`` names the number whose last digits show: ``"id"`` (the
        citizen ID) or ``"card"`` (the insurance card, from a BHYT QR).
        """
        self._number_kind = number_kind
        self._show_number_caption()
        pixmap = QPixmap()
        if photo and pixmap.loadFromData(photo):   # JPEG 2000 without a Qt plugin: no photo, no error
            self.photo.setPixmap(pixmap.scaled(PHOTO_W, PHOTO_H, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
            self.photo.show()
        else:
            self.photo.clear()
            self.photo.hide()
        self.name.setText(name)
        self.birth.setText(birth_year)
        self.id_tail.setText("•••• •••• " + id_last4 if id_last4 else "")
        self._source = source
        self._show_source()
        self.yes.setEnabled(True)

    def _show_number_caption(self) -> None:
        self.id_caption.setText(self.tr("Số thẻ BHYT:") if getattr(self, "_number_kind", "id") == "card"
                                else self.tr("Số căn cước:"))

    def _show_source(self) -> None:
        self.how.setText({
            "chip-authenticated": self.tr("Đọc từ chip, thẻ đã được xác thực."),
            "chip": self.tr("Đọc từ chip."),
            "qr-id-card": self.tr("Đọc từ mã QR trên thẻ căn cước."),
            "qr-insurance-card": self.tr("Đọc từ mã QR trên thẻ BHYT."),
            "typed": self.tr("Theo số bạn đã nhập."),
        }.get(self._source, ""))

    def _yes(self) -> None:
        self.yes.setEnabled(False)   # a double tap confirms once
        self.confirmed.emit()

    def clear(self) -> None:
        """Blank the name, birth year and ID digits."""
        for w in (self.name, self.birth, self.id_tail, self.how, self.photo):
            w.clear()
        self.photo.hide()
        self._source = ""
        self._number_kind = "id"
