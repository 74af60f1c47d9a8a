"""The walk-away warning laid over the current screen, with a countdown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets import button, label


class TimeoutOverlay(QFrame):
    """"Are you still there? The screen will be cleared in N s." + "I'm still here"."""

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        card = QFrame(self)
        card.setObjectName("card")
        self.title = label(role="title", center=True)
        self.countdown = label(center=True)
        self.countdown.setObjectName("countdown")
        self.stay = button(role="primary", name="still_here")
        self.stay.clicked.connect(self.still_here)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(24)
        inner.addWidget(self.title)
        inner.addWidget(self.countdown)
        inner.addWidget(self.stay)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(80, 80, 80, 80)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.seconds = 0
        self.retranslate()
        self.hide()
        parent.installEventFilter(self)

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
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, obj, event: QEvent) -> bool:
        """Cover the whole window when it is resized."""
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False
