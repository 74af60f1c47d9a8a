"""The lobby in staff words: row states, referral reasons, resolutions, gateway codes, kiosk parts and paper.

Every word is Vietnamese source text wrapped for translation (English in
ui/i18n/kiosk_en.ts). Codes and enum words never stand alone: the gateway's
code follows its meaning as detail ("thẻ hết hạn (mã 010)").
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.lobby.model import LobbyRow, RowKind, RowState


def _t(text: str) -> str:
    return QCoreApplication.translate("LobbyWords", text)


def language() -> str:
    """The language the station's translation speaks: "vi" (the source) or "en" (its translation of "vi")."""
    return "en" if QCoreApplication.translate("LobbyWords", "vi") == "en" else "vi"


def state_word(row: LobbyRow) -> str:
    """Icon + word for a row's state (a claim names the desk and who)."""
    if row.kind is RowKind.REGISTRATION:
        return "✔ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "đã đăng ký"))
    if row.state is RowState.OPEN:
        return "✖ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "cần xử lý — chưa ai nhận"))
    if row.state is RowState.CLAIMED and row.claim is not None:
        return "◷ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "quầy {desk} đang xử lý ({staff})")).format(
            desk=row.claim.desk_id, staff=row.claim.staff_name or "—"
        )
    return "✔ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "đã xử lý: {how}")).format(how=resolution_word(row.resolution))


def reason_word(reason: str) -> str:
    """What a referral's reason means, in one staff sentence."""
    return _t({
        "expired": QT_TRANSLATE_NOOP("LobbyWords", "thẻ BHYT hết hạn"),
        "not-found": QT_TRANSLATE_NOOP("LobbyWords", "không tìm thấy thẻ BHYT"),
        "name-birth-mismatch": QT_TRANSLATE_NOOP("LobbyWords", "họ tên / ngày sinh không khớp thẻ"),
        "gateway-error": QT_TRANSLATE_NOOP("LobbyWords", "cổng BHXH lỗi, chưa kiểm tra được thẻ"),
        "wrong-route": QT_TRANSLATE_NOOP("LobbyWords", "ĐKBĐ nơi khác: cần xác nhận mức hưởng"),
        "counter": QT_TRANSLATE_NOOP("LobbyWords", "cổng BHXH yêu cầu nhân viên kiểm tra"),
        "recheck-failed": QT_TRANSLATE_NOOP("LobbyWords", "đã có số khi mất mạng nhưng kiểm tra lại thẻ không đạt"),
        "hospital-refused": QT_TRANSLATE_NOOP("LobbyWords", "hệ thống bệnh viện từ chối đăng ký"),
        "face-mismatch": QT_TRANSLATE_NOOP("LobbyWords", "khuôn mặt không khớp ảnh trên thẻ"),
        "face-declined": QT_TRANSLATE_NOOP("LobbyWords", "bệnh nhân không đồng ý đối chiếu khuôn mặt"),
        "help": QT_TRANSLATE_NOOP("LobbyWords", "bệnh nhân bấm \u201cCần trợ giúp\u201d"),
    }.get(reason, QT_TRANSLATE_NOOP("LobbyWords", "lý do khác")))


def resolution_word(resolution: str) -> str:
    """How a desk closed a referral."""
    return _t({
        "registered": QT_TRANSLATE_NOOP("LobbyWords", "đã đăng ký khám"),
        "service-patient": QT_TRANSLATE_NOOP("LobbyWords", "bệnh nhân dịch vụ"),
        "rechecked": QT_TRANSLATE_NOOP("LobbyWords", "kiểm tra lại thẻ đạt"),
        "sent-home": QT_TRANSLATE_NOOP("LobbyWords", "bệnh nhân ra về"),
        "resolved": QT_TRANSLATE_NOOP("LobbyWords", "đã giải quyết"),
    }.get(resolution, QT_TRANSLATE_NOOP("LobbyWords", "đã giải quyết")))


def gateway_meaning(code: str) -> str:
    """What the gateway's ``maKetQua`` means for staff, in their words (the code itself is added by callers)."""
    return _t({
        "000": QT_TRANSLATE_NOOP("LobbyWords", "thông tin thẻ chính xác"),
        "001": QT_TRANSLATE_NOOP("LobbyWords", "thẻ do BHXH Bộ Quốc phòng quản lý: kiểm tra thẻ giấy"),
        "002": QT_TRANSLATE_NOOP("LobbyWords", "thẻ do BHXH Bộ Công an quản lý: kiểm tra thẻ giấy"),
        "003": QT_TRANSLATE_NOOP("LobbyWords", "thẻ cũ hết hạn, đã cấp thẻ mới"),
        "004": QT_TRANSLATE_NOOP("LobbyWords", "thẻ cũ còn hạn, đã cấp thẻ mới"),
        "010": QT_TRANSLATE_NOOP("LobbyWords", "thẻ hết hạn"),
        "050": QT_TRANSLATE_NOOP("LobbyWords", "không tìm thấy thông tin thẻ"),
        "051": QT_TRANSLATE_NOOP("LobbyWords", "sai mã thẻ"),
        "052": QT_TRANSLATE_NOOP("LobbyWords", "sai mã tỉnh (ký tự 4-5)"),
        "053": QT_TRANSLATE_NOOP("LobbyWords", "sai mã quyền lợi (ký tự 3)"),
        "054": QT_TRANSLATE_NOOP("LobbyWords", "CCCD cán bộ tra cứu chưa đăng ký cho cơ sở: IT cần sửa cấu hình cổng"),
        "055": QT_TRANSLATE_NOOP("LobbyWords", "họ tên cán bộ tra cứu không khớp CCCD: IT cần sửa cấu hình cổng"),
        "060": QT_TRANSLATE_NOOP("LobbyWords", "sai họ tên"),
        "061": QT_TRANSLATE_NOOP("LobbyWords", "sai họ tên (đúng ký tự đầu)"),
        "070": QT_TRANSLATE_NOOP("LobbyWords", "sai ngày sinh"),
        "080": QT_TRANSLATE_NOOP("LobbyWords", "sai giới tính"),
        "090": QT_TRANSLATE_NOOP("LobbyWords", "sai nơi đăng ký khám ban đầu"),
        "100": QT_TRANSLATE_NOOP("LobbyWords", "lỗi đọc dữ liệu thẻ: thử lại sau"),
        "101": QT_TRANSLATE_NOOP("LobbyWords", "máy chủ cổng BHXH lỗi: thử lại sau"),
        "110": QT_TRANSLATE_NOOP("LobbyWords", "thẻ đã bị thu hồi"),
        "120": QT_TRANSLATE_NOOP("LobbyWords", "thẻ bị báo giảm"),
        "121": QT_TRANSLATE_NOOP("LobbyWords", "thẻ bị báo giảm: chuyển ra ngoại tỉnh"),
        "122": QT_TRANSLATE_NOOP("LobbyWords", "thẻ bị báo giảm: chuyển trong tỉnh"),
        "123": QT_TRANSLATE_NOOP("LobbyWords", "thẻ bị báo giảm: đã tham gia lại"),
        "124": QT_TRANSLATE_NOOP("LobbyWords", "thẻ bị báo giảm: dừng tham gia"),
        "130": QT_TRANSLATE_NOOP("LobbyWords", "trẻ em chưa xuất trình thẻ"),
        "205": QT_TRANSLATE_NOOP("LobbyWords", "sai định dạng tham số (lỗi của ki-ốt: báo IT)"),
        "401": QT_TRANSLATE_NOOP("LobbyWords", "lỗi xác thực với cổng BHXH (token hết hạn hoặc sai IP)"),
    }.get(code, QT_TRANSLATE_NOOP("LobbyWords", "mã chưa có trong bảng mã")))


def with_code(code: str) -> str:
    """The gateway's meaning with its code as detail: ``thẻ hết hạn (mã 010)``; empty without a code."""
    return "{} ({} {})".format(gateway_meaning(code), _t(QT_TRANSLATE_NOOP("LobbyWords", "mã")), code) if code else ""


def why_text(row: LobbyRow) -> str:
    """The reason column: the reason's sentence, the gateway's meaning and code, the resolution's note."""
    if row.kind is RowKind.REGISTRATION:
        return ""
    parts = [reason_word(row.reason)]
    if row.gateway_code:
        parts.append(with_code(row.gateway_code))
    if row.state is RowState.RESOLVED and row.note:
        parts.append(row.note)
    return " · ".join(parts)


def part_word(part: str) -> str:
    """A health part's name."""
    return _t(
        {
            "reader": QT_TRANSLATE_NOOP("LobbyWords", "đầu đọc thẻ"),
            "camera": QT_TRANSLATE_NOOP("LobbyWords", "camera"),
            "printer": QT_TRANSLATE_NOOP("LobbyWords", "máy in"),
            "gateway": QT_TRANSLATE_NOOP("LobbyWords", "cổng BHXH"),
            "hospital": QT_TRANSLATE_NOOP("LobbyWords", "hệ thống bệnh viện"),
            "queue": QT_TRANSLATE_NOOP("LobbyWords", "hàng đợi gửi"),
            "disk": QT_TRANSLATE_NOOP("LobbyWords", "ổ đĩa"),
            "clock": QT_TRANSLATE_NOOP("LobbyWords", "đồng hồ"),
            "staff_pin": QT_TRANSLATE_NOOP("LobbyWords", "mã PIN nhân viên"),
            "scanner": QT_TRANSLATE_NOOP("LobbyWords", "máy quét"),
            "heartbeat": QT_TRANSLATE_NOOP("LobbyWords", "báo cáo trạng thái"),
            "lobby": QT_TRANSLATE_NOOP("LobbyWords", "danh sách sảnh"),
            "face": QT_TRANSLATE_NOOP("LobbyWords", "đối chiếu khuôn mặt"),
            "voice": QT_TRANSLATE_NOOP("LobbyWords", "giọng nói"),
            "setup": QT_TRANSLATE_NOOP("LobbyWords", "cài đặt máy"),
            "chip-security": QT_TRANSLATE_NOOP("LobbyWords", "bảo mật chip thẻ"),
        }.get(part, QT_TRANSLATE_NOOP("LobbyWords", "bộ phận khác"))
    )


def paper_word(paper: str) -> str:
    """The kiosk printer's paper."""
    return {
        "ok": "✔ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "đủ giấy")),
        "low": "⚠ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "sắp hết giấy")),
        "out": "✖ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "hết giấy")),
        "unknown": "ℹ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "chưa rõ")),
        "none": "ℹ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "không có máy in")),
    }.get(paper, "ℹ " + _t(QT_TRANSLATE_NOOP("LobbyWords", "chưa rõ")))


def department_word(code: str, names: dict[str, str]) -> str:
    """A department's name from the hospital's list (the code only when the list does not know it)."""
    return names.get(code) or (_t(QT_TRANSLATE_NOOP("LobbyWords", "khoa")) + f" {code}" if code else "")


def gateway_note(staff_detail: str) -> str:
    """The gateway's own remark (ghiChu) from a result's staff detail ("010 card expired — <ghiChu>")."""
    return staff_detail.split(" — ", 1)[1].strip() if " — " in (staff_detail or "") else ""


def status_of_result(result) -> str:
    """A gateway answer in one staff line: status, meaning, code (``✖ hết hạn → quầy · thẻ hết hạn (mã 010)``)."""
    from ui.station.status_words import status_text
    return " · ".join(x for x in (status_text(result.status.value), with_code(result.code)) if x)
