"""The ticket: queue number, room, time and a QR code; printed when a printer is set."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from ui.qr_image import qr_image
from ui.widgets import Screen, StatusLine, button, label


class TicketScreen(Screen):
    """The end of the happy path; "Done" (or the idle timer) wipes the session."""

    done = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.number_caption = label(center=True)
        self.number = label(role="huge", center=True)
        self.number.setObjectName("number")
        self.room_caption, self.room = label(), label(role="title")
        self.dept_caption, self.dept = label(), label(role="title")
        self.time_caption, self.time = label(), label(role="title")
        self.qr = QLabel()
        self.qr.setObjectName("ticket_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(180, 180)   # still scans from a phone; leaves room for the rest at 768 px
        self.status = StatusLine()
        self.status.setObjectName("ticket_status")
        self.printed = StatusLine()
        self.printed.setObjectName("printed")
        self.benefit = label(center=True)       # the benefit sentence (the core's, both languages)
        self.benefit.setObjectName("ticket_benefit")
        self._benefit = ("", "")
        self.finish = button(role="primary", name="done")
        self.finish.clicked.connect(self.done)
        info = QGridLayout()
        info.setVerticalSpacing(12)
        for row, (cap, val) in enumerate(((self.room_caption, self.room),
                                          (self.dept_caption, self.dept),
                                          (self.time_caption, self.time))):
            info.addWidget(cap, row, 0)
            info.addWidget(val, row, 1)
        mid = QHBoxLayout()
        mid.addLayout(info, 2)
        mid.addWidget(self.qr)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(48, 16, 48, 16)
        lay.setSpacing(8)
        lay.addWidget(self.title)
        lay.addWidget(self.number_caption)
        lay.addWidget(self.number)
        lay.addLayout(mid)
        lay.addWidget(self.benefit)
        lay.addWidget(self.status)
        lay.addWidget(self.printed)
        lay.addStretch(1)
        lay.addWidget(self.finish)
        self._ticket = None
        self._chosen = ""
        self._print_state = ""
        self._language = "vi"
        self.retranslate()

    def retranslate(self) -> None:
        """Fixed texts and the ticket's words."""
        self.number_caption.setText(self.tr("Số thứ tự của bạn"))
        self.room_caption.setText(self.tr("Phòng khám:"))
        self.dept_caption.setText(self.tr("Khoa:"))
        self.time_caption.setText(self.tr("Thời gian:"))
        self.finish.setText(self.tr("Xong"))
        self._render()

    def show_ticket(self, ticket, language: str, qr_text: str, chosen: str = "") -> None:
        """Show a :class:`kiosk.domain.Ticket`; ``qr_text`` is what its QR code carries.

        ``chosen`` is the department code the patient picked (empty: none, a
        reprint): an earlier ticket for another clinic is said to be that.
        """
        self._ticket, self._chosen = ticket, chosen
        self._language = language
        self.qr.setPixmap(QPixmap.fromImage(qr_image(qr_text, 172)))
        self._print_state = ""
        self._render()

    def show_benefit(self, sentence_vi: str, sentence_en: str) -> None:
        """The one-sentence expected benefit, in both languages (shown in the current one)."""
        self._benefit = (sentence_vi, sentence_en)
        self._render()

    def set_language(self, language: str) -> None:
        """Re-render the department name in ``language``."""
        self._language = language
        self._render()

    def set_print_state(self, state: str) -> None:
        """"printing", "printed", "no-printer" or "failed"."""
        self._print_state = state
        self._render()

    def _render(self) -> None:
        t = self._ticket
        if t is None:
            self.title.setText(self.tr("Đăng ký thành công"))
            return
        # never a fresh "success" for a number the patient got earlier (and maybe for another clinic)
        self.title.setText(self.tr("Số thứ tự hôm nay của bạn") if t.existing
                           else self.tr("Đăng ký thành công"))
        self.number.setText(t.number)
        self.benefit.setText(self._benefit[1] if self._language == "en" else self._benefit[0])
        self.room.setText(t.room)
        self.dept.setText(t.department.name_en if self._language == "en" else t.department.name_vi)
        self.time.setText(t.issued_at.strftime("%H:%M  %d/%m/%Y"))
        if t.existing and self._chosen and self._chosen != t.department.code:
            self.status.show_status("warn", self.tr(
                "Hôm nay bạn đã có số cho phòng khám này. Muốn khám thêm phòng khác, mời bạn hỏi quầy tiếp đón."))
        elif t.existing:
            self.status.show_status("info", self.tr(
                "Đây là số bạn đã lấy hôm nay. Mời bạn đến phòng khám và chờ gọi số."))
        elif t.pending:
            self.status.show_status("wait", self.tr(
                "Mạng đang gián đoạn: số thứ tự vẫn có giá trị, thẻ BHYT sẽ được kiểm tra lại sau."))
        elif t.priority:
            self.status.show_status("good", self.tr("Bạn được ưu tiên. Vui lòng báo nhân viên khi vào khám."))
        else:
            self.status.show_status("good", self.tr("Mời bạn đến phòng khám và chờ gọi số."))
        words = {
            "printing": ("wait", self.tr("Đang in phiếu…")),
            "printed": ("good", self.tr("Mời bạn lấy phiếu ở khe bên dưới.")),
            "no-printer": ("info", self.tr("Máy này không in phiếu: hãy nhớ số hoặc chụp lại màn hình.")),
            "failed": ("warn", self.tr("Không in được phiếu: hãy nhớ số hoặc chụp lại màn hình.")),
        }.get(self._print_state)
        if words:
            self.printed.show_status(*words)
        else:
            self.printed.clear()

    def clear(self) -> None:
        """Drop the ticket and its QR code."""
        self._ticket, self._chosen = None, ""
        self._print_state = ""
        self._benefit = ("", "")
        for w in (self.number, self.room, self.dept, self.time, self.qr, self.benefit):
            w.clear()
        self.status.clear()
        self.printed.clear()
