"""The walk-away warning laid over the current screen, with a countdown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.widgets import button, label
from ui.window_overlay import WindowOverlay


class TimeoutOverlay(WindowOverlay):
    """"Are you still there? The screen will be cleared in N s." + "I'm still here"."""

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, margin=80)
        self.title = label(role="title", center=True)
        self.countdown = label(center=True)
        self.countdown.setObjectName("countdown")
        self.stay = button(role="primary", name="still_here")
        self.stay.clicked.connect(self.still_here)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.countdown)
        self.card_layout.addWidget(self.stay)
        self.seconds = 0
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts and the countdown sentence."""
        self.title.setText(self.tr("Bạn vẫn còn ở đây chứ?"))
        self.stay.setText(self.tr("Tôi vẫn ở đây"))
        self.countdown.setText(self.tr(
            "Để bảo vệ thông tin của bạn, màn hình sẽ được xoá sau {n} giây.").format(n=self.seconds))

    def show_countdown(self, seconds: int) -> None:
        """Show (or update) the warning with ``seconds`` left."""
        self.seconds = seconds
        self.retranslate()
        self.cover()
