"""What the patient is told after "Cần trợ giúp": a staff member is coming (or, if the call failed, where to go)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.widgets import StatusLine, button, label


class HelpOverlay(QFrame):
    """Laid over the current screen; the screen underneath stays as it was ("Đóng" returns to it)."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        card = QFrame(self)
        card.setObjectName("card")
        self.title = label(role="title", center=True)
        self.title.setObjectName("help_title")
        self.message = StatusLine()
        self.message.setObjectName("help_message")
        self.close_button = button(role="primary", name="help_close")
        self.close_button.clicked.connect(self._close)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(24)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.state = ""
        self.retranslate()
        self.hide()
        parent.installEventFilter(self)

    def retranslate(self) -> None:
        """Texts of the current state ("sending", "sent", "failed")."""
        self.close_button.setText(self.tr("Đóng"))
        if self.state == "failed":
            self.title.setText(self.tr("Chưa gọi được nhân viên"))
            self.message.show_status("warn", self.tr("Vui lòng đến quầy tiếp đón, nhân viên sẽ giúp bạn."))
        elif self.state == "sent":
            self.title.setText(self.tr("Đã báo nhân viên"))
            self.message.show_status("good", self.tr("Nhân viên đang đến giúp bạn. Vui lòng chờ tại máy này."))
        else:
            self.title.setText(self.tr("Đang gọi nhân viên…"))
            self.message.show_status("wait", self.tr("Vui lòng chờ tại máy này."))

    def show_state(self, state: str) -> None:
        """Show (or update) the overlay: "sending", "sent" or "failed"."""
        self.state = state
        self.retranslate()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()

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
