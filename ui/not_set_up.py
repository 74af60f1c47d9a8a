"""What an installed kiosk shows when it is not set up: one sentence for patients, one for IT.

No check-in service is built behind it, so nothing talks to a service that
was not configured. The missing keys are named by ``kiosk doctor`` and in
the log, not on a screen patients read.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import theme
from ui.widgets import label


class NotSetUpWindow(QWidget):
    """A full-screen notice: "This kiosk is not set up yet — please call IT"."""

    def __init__(self, hospital_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setStyleSheet(theme.kiosk_style())
        self.setWindowTitle(hospital_name)
        self.current = "not-set-up"
        self.title = label(role="title", center=True)
        self.hint = label(center=True)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.title)
        lay.addWidget(self.hint)
        lay.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts in the current language."""
        self.title.setText(self.tr("Kiosk chưa được cài đặt — vui lòng gọi bộ phận IT"))
        self.hint.setText(self.tr(
            "Nhân viên IT: chạy «kiosk doctor» để xem các thiết lập còn thiếu, rồi «kiosk setup»."))
