"""Words for the lobby's codes as people read them (Vietnamese first, English), Qt-free.

`kiosk lobby` prints these; raw reason/state words stay available in
``--json``. The station has its own translated words (ui/station/).
"""

from __future__ import annotations

_WORDS: dict[str, tuple[str, str]] = {
    # referral reasons
    "expired": ("thẻ BHYT hết hạn", "insurance card expired"),
    "not-found": ("không tìm thấy thẻ", "card not found"),
    "name-birth-mismatch": ("sai họ tên/ngày sinh", "name or birth date mismatch"),
    "gateway-error": ("lỗi cổng BHXH", "insurance gateway error"),
    "wrong-route": ("ĐKBĐ nơi khác, cần xác nhận mức hưởng", "registered elsewhere, confirm the benefit"),
    "counter": ("cần nhân viên", "needs staff"),
    "recheck-failed": ("kiểm tra lại thẻ không đạt (đã vào khám)", "re-check failed (already in the clinic)"),
    "hospital-refused": ("HIS từ chối đăng ký", "the hospital system refused the registration"),
    "face-mismatch": ("khuôn mặt không khớp", "face did not match"),
    "face-declined": ("từ chối chụp khuôn mặt", "declined the face check"),
    "help": ("bệnh nhân cần trợ giúp", "the patient asked for help"),
    # row states
    "registered": ("đã đăng ký", "registered"),
    "open": ("chờ xử lý", "open"),
    "claimed": ("đang xử lý", "being handled"),
    "resolved": ("đã xử lý", "resolved"),
    # resolutions
    "service-patient": ("khám dịch vụ", "service patient"),
    "rechecked": ("đã kiểm tra lại thẻ", "card re-checked"),
    "sent-home": ("bệnh nhân về", "sent home"),
    # health and paper
    "ok": ("tốt", "ok"),
    "degraded": ("hạn chế", "degraded"),
    "failing": ("lỗi", "failing"),
    "off": ("không dùng", "off"),
    "low": ("sắp hết", "low"),
    "out": ("HẾT GIẤY", "OUT OF PAPER"),
    "unknown": ("chưa rõ", "unknown"),
    # health parts (kiosk.health.PARTS)
    "reader": ("đầu đọc thẻ", "card reader"),
    "camera": ("camera", "camera"),
    "printer": ("máy in", "printer"),
    "setup": ("cài đặt", "setup"),
    "gateway": ("cổng BHXH", "insurance gateway"),
    "hospital": ("HIS", "hospital system"),
    "queue": ("hàng chờ gửi", "outbox"),
    "disk": ("ổ đĩa", "disk"),
    "clock": ("đồng hồ", "clock"),
    "chip-security": ("bảo mật chip", "chip security"),
    "kiosk-id": ("mã ki-ốt (không trùng máy khác)", "kiosk id (not used by another machine)"),
}


def word(code: str, language: str = "vi") -> str:
    """The people's word for a lobby code (the code itself when none is known)."""
    pair = _WORDS.get(code)
    if pair is None:
        return code
    return pair[1] if language == "en" else pair[0]
