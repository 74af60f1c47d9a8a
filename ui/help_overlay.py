"""What the patient is told after "Cần trợ giúp": a staff member is coming (or, if the call failed, where to go)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.widgets import StatusLine, button, label
from ui.window_overlay import WindowOverlay


class HelpOverlay(WindowOverlay):
    """Laid over the current screen; the screen underneath stays as it was ("Đóng" returns to it)."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, margin=48)
        self.title = label(role="title", center=True)
        self.title.setObjectName("help_title")
        self.message = StatusLine()
        self.message.setObjectName("help_message")
        self.close_button = button(role="primary", name="help_close")
        self.close_button.clicked.connect(self._close)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.message)
        self.card_layout.addWidget(self.close_button)
        self.state = ""
        self.retranslate()

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
        self.cover()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()
