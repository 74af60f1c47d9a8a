"""Idle screen: what to do, in one sentence, with the live camera preview."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from ui.widgets import Screen, StatusLine, button, label

GUIDE_FRACTION = 0.55   # side of the "hold the code here" square, as a fraction of the preview height


def draw_guide(pixmap: QPixmap) -> None:
    """Corner marks of a centred square on the preview: where the patient should hold the code.

    Centre of the frame, about half its height: at 20-30 cm a phone's code
    fills it, so the camera sees it at 3+ pixels per module (docs/qr.md).
    """
    w, h = pixmap.width(), pixmap.height()
    side = GUIDE_FRACTION * min(w, h)
    box = QRectF((w - side) / 2, (h - side) / 2, side, side)
    arm = side / 5
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(255, 255, 255, 230), max(4.0, side / 40)))   # a small preview (1024x768) still shows it
    for (x, y, dx, dy) in ((box.left(), box.top(), 1, 1), (box.right(), box.top(), -1, 1),
                           (box.left(), box.bottom(), 1, -1), (box.right(), box.bottom(), -1, -1)):
        p.drawLine(int(x), int(y), int(x + dx * arm), int(y))
        p.drawLine(int(x), int(y), int(x), int(y + dy * arm))
    p.end()


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
        self.preview.setMinimumSize(320, 180)   # grows with the screen; 1024x768 has room for this
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview_note = label(role="muted", center=True)
        self.qr_hint = label(role="title", center=True)   # large: read from arm's length
        self.qr_hint.setObjectName("qr_hint")
        self.qr_hint.hide()
        self.hint_key = ""
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
        lay.addWidget(self.qr_hint)
        lay.addWidget(self.preview_note)
        lay.addWidget(self.notice)
        lay.addStretch(0)     # takes what the preview leaves (a portrait screen); nothing otherwise
        lay.addWidget(self.type_button)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts."""
        self.title.setText(self.tr("Xin chào! Mời bạn làm thủ tục khám bệnh"))
        self.instruction.setText(self.tr("Đặt thẻ căn cước lên đầu đọc hoặc đưa mã QR vào camera"))
        self.preview_note.setText(self.tr("Giữ mã QR (thẻ hoặc điện thoại) trong khung, cách camera khoảng 25 cm"))
        self.type_button.setText(self.tr("⌨  Nhập số căn cước (12 số)"))
        if self.preview.pixmap().isNull():
            self.preview.setText(self.tr("Chưa có hình từ camera"))
        self.show_qr_hint(self.hint_key)

    def resizeEvent(self, event) -> None:
        """On a portrait screen the preview is no taller than a camera picture (4:3) is wide;
        the room left goes above the type button, which stays low (within reach)."""
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        cap = max(self.preview.minimumHeight(), self.preview.width() * 3 // 4) if portrait else 16777215
        if self.preview.maximumHeight() != cap:
            self.preview.setMaximumHeight(cap)

    def hint_text(self, key: str) -> str:
        """The words for a camera hint ("closer", "brighter", "steady"); "" for none or an unknown one."""
        return {"closer": self.tr("Đưa điện thoại lại gần hơn"),
                "brighter": self.tr("Tăng độ sáng màn hình"),
                "steady": self.tr("Giữ yên")}.get(key, "")

    def show_qr_hint(self, key: str) -> None:
        """Tell the patient what would let the camera read their code ("" hides the hint)."""
        self.hint_key = key
        words = self.hint_text(key)
        self.qr_hint.setText(words)
        self.qr_hint.setVisible(bool(words))

    def show_frame(self, image: QImage) -> None:
        """Show one camera preview frame (already on the UI thread) with the guide square on it."""
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation)
        draw_guide(pixmap)
        self.preview.setPixmap(pixmap)

    def show_notice(self, kind: str, words: str) -> None:
        """A line under the preview (e.g. "the card reader is not connected")."""
        self.notice.show_status(kind, words)

    def clear(self) -> None:
        """Drop the last camera frame: it may show a card."""
        self.preview.clear()
        self.notice.clear()
        self.show_qr_hint("")
        self.preview.setText(self.tr("Chưa có hình từ camera"))
