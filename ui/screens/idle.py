"""Idle screen: what to do, in one sentence, with the live camera preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from ui.widgets import Screen, StatusLine, button, label


class IdleScreen(Screen):
    """The welcome screen; a patient starts by tapping a card, showing a QR or typing."""

    type_id_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.instruction = label(center=True)
        self.instruction.setObjectName("instruction")
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setMinimumSize(480, 270)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #222222; color: white; border-radius: 12px;")
        self.preview_note = label(role="muted", center=True)
        self.notice = StatusLine()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.type_button = button(name="type_id")
        self.type_button.clicked.connect(self.type_id_requested)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.preview, 3)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 32, 48, 32)
        lay.setSpacing(20)
        lay.addWidget(self.title)
        lay.addWidget(self.instruction)
        lay.addLayout(row, 1)
        lay.addWidget(self.preview_note)
        lay.addWidget(self.notice)
        lay.addWidget(self.type_button)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Xin chào! Mời bạn làm thủ tục khám bệnh"))
        self.instruction.setText(self.tr("Đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera"))
        self.preview_note.setText(self.tr("Camera đang chờ mã QR trên thẻ căn cước hoặc thẻ BHYT"))
        self.type_button.setText(self.tr("⌨  Nhập số căn cước (12 số)"))
        if self.preview.pixmap().isNull():
            self.preview.setText(self.tr("Chưa có hình từ camera"))

    def show_frame(self, image: QImage) -> None:
        """Show one camera preview frame (already on the UI thread)."""
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation))

    def show_notice(self, kind: str, words: str) -> None:
        """A line under the preview (e.g. "the card reader is not connected")."""
        self.notice.show_status(kind, words)

    def clear(self) -> None:
        """Drop the last camera frame: it may show a card."""
        self.preview.clear()
        self.notice.clear()
        self.preview.setText(self.tr("Chưa có hình từ camera"))
