"""Progress while the card is read and the gateway is asked: phases, never frozen.

Each phase has its own sentence and a step on the bar; a dot animation driven
by a UI-thread timer proves the screen is alive even when a phase is slow.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar, QVBoxLayout

from ui.widgets import Screen, button, label

# Phase keys the controller uses, in order ("qr": the card lies on the reader, the camera looks for its QR).
PHASES = ("qr", "card", "authenticate", "eligibility", "register")


class ReadingScreen(Screen):
    """"Please wait" with the current phase, a progress bar and a live animation."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.phase = label(center=True)
        self.phase.setObjectName("phase")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.alive = label(role="muted", center=True)
        self.keep_card = label(center=True)
        self.cancel = button(role="quiet", name="cancel")
        # Only while the camera looks for the card's QR: a card lying QR-side down never shows it.
        self.type_instead = button(role="quiet", name="type_instead")
        self.type_instead.hide()
        self.phase_key = ""
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._animate)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(64, 48, 64, 48)
        lay.setSpacing(24)
        lay.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.phase)
        lay.addWidget(self.bar)
        lay.addWidget(self.alive)
        lay.addWidget(self.keep_card)
        lay.addStretch(1)
        lay.addWidget(self.type_instead)
        lay.addWidget(self.cancel)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts and the current phase's sentence."""
        self.title.setText(self.tr("Vui lòng chờ trong giây lát"))
        self.cancel.setText(self.tr("Huỷ và làm lại"))
        self.type_instead.setText(self.tr("Nhập số căn cước thay vì đọc mã QR"))
        self._show_phase()

    def phase_text(self, key: str) -> str:
        """The sentence of one phase."""
        return {
            "qr": self.tr("Đang đọc mã QR trên thẻ bằng camera…"),
            "card": self.tr("Đang đọc thẻ căn cước…"),
            "authenticate": self.tr("Đang kiểm tra thẻ là thẻ thật…"),
            "eligibility": self.tr("Đang kiểm tra thẻ bảo hiểm y tế…"),
            "register": self.tr("Đang đăng ký lượt khám…"),
        }.get(key, "")

    def set_phase(self, key: str) -> None:
        """Show phase ``key`` (one of :data:`PHASES`) and start the animation."""
        self.phase_key = key
        self._show_phase()
        if not self._timer.isActive():
            self._ticks = 0
            self._timer.start()

    def _show_phase(self) -> None:
        self.phase.setText(self.phase_text(self.phase_key))
        on_card = self.phase_key in ("card", "authenticate")
        if self.phase_key == "qr":
            self.keep_card.setText(self.tr("Để thẻ nằm yên trên đầu đọc, mặt có mã QR hướng lên."))
        else:
            self.keep_card.setText(self.tr("Xin đừng nhấc thẻ ra khỏi đầu đọc.") if on_card else "")
        self.type_instead.setVisible(self.phase_key == "qr")
        if self.phase_key in PHASES:
            self.bar.setValue(int(100 * (PHASES.index(self.phase_key) + 1) / (len(PHASES) + 1)))

    def _animate(self) -> None:
        self._ticks += 1
        self.alive.setText("●" * (1 + self._ticks % 3) + "○" * (2 - self._ticks % 3))

    def hideEvent(self, event) -> None:
        """No animation when nobody sees it."""
        self._timer.stop()
        super().hideEvent(event)

    def clear(self) -> None:
        """Back to no phase."""
        self._timer.stop()
        self.phase_key = ""
        self.bar.setValue(0)
        self.alive.clear()
        self._show_phase()
