"""Every gateway result code (``maKetQua``) and what the kiosk does with it.

One row per code of the reference table: the kiosk's :class:`Decision`, the
status word staff see, one plain sentence for the patient in Vietnamese and
English (never the raw code), and the meaning for staff. A code that is not in
the table sends the patient to the counter and says so to staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain import Decision, StaffStatus

A, AN, C, R, X = (Decision.ACCEPT, Decision.ACCEPT_NEW_CARD, Decision.COUNTER,
                  Decision.RETRY_LATER, Decision.CONFIG_ERROR)


@dataclass(frozen=True)
class CodeInfo:
    """What one ``maKetQua`` means for the kiosk."""

    code: str
    decision: Decision
    status: StaffStatus
    patient_vi: str
    patient_en: str
    meaning: str          # for staff (English); the gateway's ghiChu is added to it

    def staff_detail(self, note: str | None = None) -> str:
        """``"010 card expired — <ghiChu>"``: the line staff see (never logged: ghiChu holds PII)."""
        note = (note or "").strip()
        return f"{self.code} {self.meaning}" + (f" — {note}" if note else "")


_COUNTER_VI = "Vui lòng đến quầy tiếp đón để được hỗ trợ."
_COUNTER_EN = "Please go to the reception counter for help."
_MISMATCH_VI = "Họ tên hoặc ngày sinh chưa khớp với thẻ bảo hiểm y tế. Vui lòng đến quầy tiếp đón."
_MISMATCH_EN = "Your name or date of birth does not match your insurance card. Please go to the counter."
_PAPER_VI = "Vui lòng mang thẻ bảo hiểm y tế bản giấy đến quầy tiếp đón."
_PAPER_EN = "Please bring your paper insurance card to the reception counter."
_REENTER_VI = "Mã thẻ bảo hiểm y tế chưa đúng. Vui lòng kiểm tra lại hoặc đến quầy tiếp đón."
_REENTER_EN = "The insurance card number is not correct. Please check it or go to the counter."
_REDUCED_VI = "Thẻ bảo hiểm y tế đang bị tạm dừng. Vui lòng đến quầy tiếp đón."
_REDUCED_EN = "Your insurance card is on hold. Please go to the reception counter."
_LATER_VI = "Chưa kiểm tra được thẻ bảo hiểm y tế lúc này. Vui lòng đến quầy tiếp đón."
_LATER_EN = "Your insurance card cannot be checked right now. Please go to the counter."
_IT_VI = "Máy chưa kiểm tra được thẻ bảo hiểm y tế. Vui lòng đến quầy tiếp đón."
_IT_EN = "This kiosk cannot check insurance cards right now. Please go to the counter."

_ROWS = (
    ("000", A, StaffStatus.VERIFIED, "Thẻ bảo hiểm y tế của bạn hợp lệ.",
     "Your health insurance card is valid.", "card information correct"),
    # Decree 188/2025 Art. 37 §1b: these cards are not on the system, so the paper card is still shown
    ("001", C, StaffStatus.COUNTER, "Thẻ của bạn do Bảo hiểm xã hội Bộ Quốc phòng quản lý. " + _PAPER_VI,
     "Your card is managed by the Ministry of Defence insurance office. " + _PAPER_EN,
     "card managed by BHXH of the Ministry of Defence: check the paper card (Decree 188 Art. 37 §1b)"),
    ("002", C, StaffStatus.COUNTER, "Thẻ của bạn do Bảo hiểm xã hội Bộ Công an quản lý. " + _PAPER_VI,
     "Your card is managed by the Ministry of Public Security insurance office. " + _PAPER_EN,
     "card managed by BHXH of the Ministry of Public Security: check the paper card (Decree 188 Art. 37 §1b)"),
    ("003", AN, StaffStatus.VERIFIED_NEW_CARD, "Thẻ cũ đã hết hạn; thẻ mới của bạn hợp lệ.",
     "Your old card has expired; your new card is valid.",
     "old card expired, a new card was issued"),
    ("004", AN, StaffStatus.VERIFIED_NEW_CARD, "Thẻ bảo hiểm y tế của bạn hợp lệ; bạn đã được cấp thẻ mới.",
     "Your insurance card is valid; a new card has been issued to you.",
     "old card still valid, a new card was issued"),
    ("010", C, StaffStatus.EXPIRED, "Thẻ bảo hiểm y tế đã hết hạn. Vui lòng đến quầy tiếp đón.",
     "Your insurance card has expired. Please go to the reception counter.", "card expired"),
    ("050", C, StaffStatus.NOT_FOUND, "Không tìm thấy thông tin thẻ bảo hiểm y tế. " + _COUNTER_VI,
     "No insurance card was found for you. " + _COUNTER_EN, "no card information found"),
    ("051", C, StaffStatus.NOT_FOUND, _REENTER_VI, _REENTER_EN, "wrong card code"),
    ("052", C, StaffStatus.NOT_FOUND, _REENTER_VI, _REENTER_EN, "wrong province code (chars 4-5)"),
    ("053", C, StaffStatus.NOT_FOUND, _REENTER_VI, _REENTER_EN, "wrong benefit code (char 3)"),
    ("054", X, StaffStatus.GATEWAY_ERROR, _IT_VI, _IT_EN,
     "lookup officer's CCCD is not registered for this facility: IT must fix gateway.officer_cccd"),
    ("055", X, StaffStatus.GATEWAY_ERROR, _IT_VI, _IT_EN,
     "lookup officer's name does not match that CCCD: IT must fix gateway.officer_name"),
    ("060", C, StaffStatus.MISMATCH, _MISMATCH_VI, _MISMATCH_EN, "wrong name"),
    ("061", C, StaffStatus.MISMATCH, _MISMATCH_VI, _MISMATCH_EN, "wrong name (first character correct)"),
    ("070", C, StaffStatus.MISMATCH, _MISMATCH_VI, _MISMATCH_EN, "wrong date of birth"),
    ("080", C, StaffStatus.MISMATCH, "Thông tin giới tính chưa khớp với thẻ. " + _COUNTER_VI,
     "Your sex does not match your insurance card. " + _COUNTER_EN, "wrong sex"),
    ("090", C, StaffStatus.COUNTER, "Nơi đăng ký khám ban đầu trên thẻ chưa đúng. " + _COUNTER_VI,
     "The registered clinic on your card does not match. " + _COUNTER_EN,
     "wrong registered facility"),
    ("100", R, StaffStatus.GATEWAY_ERROR, _LATER_VI, _LATER_EN,
     "error reading the card register data: retry later"),
    ("101", R, StaffStatus.GATEWAY_ERROR, _LATER_VI, _LATER_EN, "gateway server error: retry later"),
    ("110", C, StaffStatus.COUNTER, "Thẻ bảo hiểm y tế đã bị thu hồi. Vui lòng đến quầy tiếp đón.",
     "Your insurance card has been withdrawn. Please go to the reception counter.", "card revoked"),
    ("120", C, StaffStatus.COUNTER, _REDUCED_VI, _REDUCED_EN, "card reported reduced"),
    ("121", C, StaffStatus.COUNTER, _REDUCED_VI, _REDUCED_EN, "card reduced: moved out of the province"),
    ("122", C, StaffStatus.COUNTER, _REDUCED_VI, _REDUCED_EN, "card reduced: moved within the province"),
    ("123", C, StaffStatus.COUNTER, _REDUCED_VI, _REDUCED_EN, "card reduced: re-added"),
    ("124", C, StaffStatus.COUNTER, _REDUCED_VI, _REDUCED_EN, "card reduced: stopped"),
    ("130", C, StaffStatus.COUNTER, "Trẻ em cần xuất trình thẻ bảo hiểm y tế. " + _COUNTER_VI,
     "A child's insurance card must be shown. " + _COUNTER_EN, "child did not present a card"),
    ("205", C, StaffStatus.GATEWAY_ERROR, _LATER_VI, _LATER_EN,
     "wrong parameter format (a kiosk bug: report it)"),
    ("401", R, StaffStatus.GATEWAY_ERROR, _LATER_VI, _LATER_EN,
     "authentication error (token expired or wrong IP)"),
)

CODES: dict[str, CodeInfo] = {row[0]: CodeInfo(*row) for row in _ROWS}

# Outcomes the kiosk decides itself after a 000/003/004 answer.
NOT_YET_VALID = CodeInfo("000", C, StaffStatus.COUNTER,
                         "Thẻ bảo hiểm y tế chưa đến ngày sử dụng. Vui lòng đến quầy tiếp đón.",
                         "Your insurance card is not valid yet. Please go to the reception counter.",
                         "card not valid yet (today is before gtTheTu)")
EXPIRED_BY_DATE = CodeInfo("000", C, StaffStatus.EXPIRED, CODES["010"].patient_vi, CODES["010"].patient_en,
                           "card expired (today is after gtTheDen)")
NO_DATES = CodeInfo("000", C, StaffStatus.COUNTER, _LATER_VI, _LATER_EN,
                    "the answer has no readable validity dates (gtTheTu/gtTheDen)")
WRONG_ROUTE = CodeInfo("000", A, StaffStatus.WRONG_ROUTE,
                       "Thẻ hợp lệ. Thẻ đăng ký khám ban đầu ở nơi khác, nhân viên sẽ xác nhận quyền lợi.",
                       "Your card is valid. It is registered at another clinic, so staff will confirm "
                       "your cover.", "card valid, registered elsewhere (wrong route): staff confirm")
NEW_CARD_UNCONFIRMED = CodeInfo("003", C, StaffStatus.COUNTER,
                                "Thẻ cũ đã hết hạn và chưa xác nhận được thẻ mới. Vui lòng đến quầy tiếp đón.",
                                "Your old card has expired and the new card could not be confirmed. "
                                "Please go to the counter.", "old card expired; the new card did not check out")


def info_for(code: str) -> CodeInfo:
    """The row for ``code``; an unknown code gets a counter row that says it is unknown."""
    found = CODES.get(code)
    if found is not None:
        return found
    return CodeInfo(code, C, StaffStatus.COUNTER, _COUNTER_VI, _COUNTER_EN,
                    f"unknown result code {code!r} (not in the gateway's table)")
