"""The station's one error presenter: every failure and every outcome shows in one message line.

Staff read one Vietnamese sentence (English under the English translation);
an exception's class name, a raw code or an English core sentence never reach
the screen in Vietnamese. Logs get the code only (no personal data).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel

from kiosk.errors import KioskError
from kiosk.lobby.model import ClaimConflict, LobbyUnavailable, StaleRow
from ui.station.lobby_words import language
from ui.station.status_words import status_colour

log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("StationErrors", text)


def _by_code(code: str) -> str | None:
    return {
        # the staff's typing (lookup, override form)
        "bad_card_number": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Số thẻ phải là CCCD 12 số, mã BHXH 10 số hoặc mã thẻ BHYT 15 ký tự.")
        ),
        "bad_id_number": _t(QT_TRANSLATE_NOOP("StationErrors", "Số CCCD phải có đúng 12 chữ số hợp lệ.")),
        "bad_birth": _t(
            QT_TRANSLATE_NOOP(
                "StationErrors", "Ngày sinh phải là một ngày có thật, viết dd/mm/yyyy (hoặc chỉ năm sinh)."
            )
        ),
        "bad_sex": _t(QT_TRANSLATE_NOOP("StationErrors", "Giới tính phải là Nam hoặc Nữ.")),
        "bad_name": _t(QT_TRANSLATE_NOOP("StationErrors", "Họ và tên còn trống hoặc không phải tên người.")),
        "bad_referral": _t(
            QT_TRANSLATE_NOOP(
                "StationErrors",
                "Giấy chuyển viết dạng SỐ:MÃ CSKCB 5 số:NGÀY KÝ dd/mm/yyyy (có thể thêm :mã ICD-10), "
                "ngày ký không ở tương lai.",
            )
        ),
        "bad_appointment": _t(QT_TRANSLATE_NOOP("StationErrors", "Mã giấy hẹn gồm 1-40 chữ, số hoặc / . _ -.")),
        "override_no_reason": _t(QT_TRANSLATE_NOOP("StationErrors", "Cần nhập lý do ghi đè.")),
        "override_reason_short": _t(QT_TRANSLATE_NOOP("StationErrors", "Lý do phải có ít nhất 3 từ (10 ký tự).")),
        "override_reason_long": _t(QT_TRANSLATE_NOOP("StationErrors", "Lý do dài tối đa 500 ký tự.")),
        "override_no_staff": _t(QT_TRANSLATE_NOOP("StationErrors", "Cần nhập tên nhân viên (tối đa 100 ký tự).")),
        "override_unknown_choice": _t(QT_TRANSLATE_NOOP("StationErrors", "Loại lý do hoặc cách đăng ký không hợp lệ.")),
        "override_no_department": _t(QT_TRANSLATE_NOOP("StationErrors", "Chọn khoa khám trước khi ghi đè.")),
        "unknown_department": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Khoa này không có trong danh sách khoa của bệnh viện.")
        ),
        # the systems the station talks to
        "lobby_unavailable": _t(
            QT_TRANSLATE_NOOP(
                "StationErrors", "Không kết nối được hệ thống bệnh viện; đang hiện danh sách lần đọc cuối."
            )
        ),
        "stale_row": _t(
            QT_TRANSLATE_NOOP(
                "StationErrors", "Dòng này vừa thay đổi ở quầy khác; danh sách đã được đọc lại, hãy xem rồi thử lại."
            )
        ),
        "hospital_unavailable": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Không kết nối được hệ thống bệnh viện; thử lại sau ít phút.")
        ),
        "hospital_garbage": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Hệ thống bệnh viện trả lời không đúng định dạng; báo IT.")
        ),
        "hospital": _t(QT_TRANSLATE_NOOP("StationErrors", "Hệ thống bệnh viện từ chối yêu cầu; báo IT nếu lặp lại.")),
        "gateway_unavailable": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Không kết nối được cổng BHXH; thử lại sau ít phút.")
        ),
        "gateway": _t(QT_TRANSLATE_NOOP("StationErrors", "Cổng BHXH báo lỗi; thử lại sau ít phút.")),
        "storage": _t(QT_TRANSLATE_NOOP("StationErrors", "Không ghi được dữ liệu trên máy này; báo IT.")),
        "config": _t(
            QT_TRANSLATE_NOOP("StationErrors", "Cấu hình máy chưa đúng; báo IT (chạy \u201ckiosk doctor\u201d).")
        ),
    }.get(code)


def sentence(exc: BaseException) -> str:
    """One staff sentence for ``exc`` in the current language."""
    if isinstance(exc, ClaimConflict):
        holder = exc.holder
        if not holder.desk_id:
            return _t(QT_TRANSLATE_NOOP("StationErrors", "Quầy này không giữ lượt này; hãy nhận xử lý trước."))
        return _t(QT_TRANSLATE_NOOP("StationErrors", "Quầy {desk} ({staff}) đã nhận xử lý lượt này.")).format(
            desk=holder.desk_id, staff=holder.staff_name or "—"
        )
    if isinstance(exc, StaleRow):
        return _by_code("stale_row") or ""   # also "already_resolved": another desk closed it meanwhile
    if isinstance(exc, LobbyUnavailable):
        return _by_code("lobby_unavailable") or ""
    if isinstance(exc, KioskError):
        known = _by_code(exc.code)
        if known:
            return known
        if language() == "en":
            return exc.detail   # the English sentence the core wrote
        return _t(QT_TRANSLATE_NOOP("StationErrors", "Không thực hiện được; xem chi tiết trong nhật ký hoặc báo IT."))
    if isinstance(exc, LookupError):
        return _t(
            QT_TRANSLATE_NOOP(
                "StationErrors",
                "Không còn dữ liệu cá nhân của lượt này (đã xóa theo thời hạn lưu); hãy tra cứu lại thẻ.",
            )
        )
    if isinstance(exc, (OSError, TimeoutError)):
        return _t(QT_TRANSLATE_NOOP("StationErrors", "Không kết nối được thiết bị hoặc dịch vụ; thử lại sau ít phút."))
    return _t(QT_TRANSLATE_NOOP("StationErrors", "Đã có lỗi không lường trước; báo IT."))


class ErrorPresenter:
    """Shows every outcome of the station's actions in one label: an error, a problem, or a done message."""

    def __init__(self, label: QLabel) -> None:
        self.label = label
        self.label.setWordWrap(True)

    def error(self, exc: BaseException) -> None:
        """A failed action: its sentence (and the code in the log only)."""
        log.warning("station: action failed: %s", getattr(exc, "code", exc.__class__.__name__))
        self.problem(sentence(exc))

    def problem(self, text: str) -> None:
        """Something staff must fix, in one sentence."""
        self.label.setText("✖ " + text)
        self.label.setStyleSheet(f"color: {status_colour('needs-attention')}; font-weight: bold;")

    def done(self, text: str) -> None:
        """An action succeeded (replaces any earlier error)."""
        self.label.setText("✔ " + text)
        self.label.setStyleSheet(f"color: {status_colour('delivered')};")

    def info(self, text: str) -> None:
        """A neutral note (a question answered, work in progress)."""
        self.label.setText(text)
        self.label.setStyleSheet("")

    def clear(self) -> None:
        """Nothing to say."""
        self.label.clear()
        self.label.setStyleSheet("")
