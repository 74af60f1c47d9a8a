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
    """A full-screen notice: "This kiosk is not set up yet — please call IT".

    ``station``: the reception station's notice instead (staff read it at a desk; IT runs
    ``kiosk setup --station``).
    """

    def __init__(self, hospital_name: str, parent: QWidget | None = None, *, station: bool = False) -> None:
        super().__init__(parent)
        self.station = station
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
        if self.station:
            self.title.setText(self.tr("Quầy tiếp đón chưa được cài đặt — vui lòng gọi bộ phận IT"))
            self.hint.setText(self.tr(
                "Nhân viên IT: chạy «kiosk setup --station» trên máy này (địa chỉ và khóa API của hệ thống "
                "bệnh viện), và thêm tài khoản của bạn vào nhóm kiosk-staff."))
            return
        self.title.setText(self.tr("Kiosk chưa được cài đặt — vui lòng gọi bộ phận IT"))
        self.hint.setText(self.tr(
            "Nhân viên IT: chạy «kiosk doctor» để xem các thiết lập còn thiếu, rồi «kiosk setup»."))
