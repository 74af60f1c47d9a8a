"""The lobby in staff words: row states, referral reasons, resolutions, gateway codes, kiosk parts and paper.

Every word is Vietnamese source text wrapped for translation (English in
ui/i18n/kiosk_en.ts). Codes and enum words never stand alone: the gateway's
code follows its meaning as detail ("thẻ hết hạn (mã 010)").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.lobby.model import LobbyRow, RowKind, RowState


def _t(text: str) -> str:
    return QCoreApplication.translate("LobbyWords", text)


def language() -> str:
    """The language the station's translation speaks: "vi" (the source) or "en" (its translation of "vi")."""
    return "en" if QCoreApplication.translate("LobbyWords", "vi") == "en" else "vi"


def state_word(row: LobbyRow) -> str:
    """Icon + word for a row's state (a claim names the desk and who)."""
    if row.kind is RowKind.REGISTRATION:
        return "✔ " + _t("đã đăng ký")
    if row.state is RowState.OPEN:
        return "✖ " + _t("cần xử lý — chưa ai nhận")
    if row.state is RowState.CLAIMED and row.claim is not None:
        return "◷ " + _t("quầy {desk} đang xử lý ({staff})").format(desk=row.claim.desk_id,
                                                                    staff=row.claim.staff_name or "—")
    return "✔ " + _t("đã xử lý: {how}").format(how=resolution_word(row.resolution))


def reason_word(reason: str) -> str:
    """What a referral's reason means, in one staff sentence."""
    return {
        "expired": _t("thẻ BHYT hết hạn"),
        "not-found": _t("không tìm thấy thẻ BHYT"),
        "name-birth-mismatch": _t("họ tên / ngày sinh không khớp thẻ"),
        "gateway-error": _t("cổng BHXH lỗi, chưa kiểm tra được thẻ"),
        "wrong-route": _t("ĐKBĐ nơi khác: cần xác nhận mức hưởng"),
        "counter": _t("cổng BHXH yêu cầu nhân viên kiểm tra"),
        "recheck-failed": _t("đã có số khi mất mạng nhưng kiểm tra lại thẻ không đạt"),
        "hospital-refused": _t("hệ thống bệnh viện từ chối đăng ký"),
        "face-mismatch": _t("khuôn mặt không khớp ảnh trên thẻ"),
        "face-declined": _t("bệnh nhân không đồng ý đối chiếu khuôn mặt"),
        "help": _t("bệnh nhân bấm \u201cCần trợ giúp\u201d"),
    }.get(reason, _t("lý do khác"))


def resolution_word(resolution: str) -> str:
    """How a desk closed a referral."""
    return {
        "registered": _t("đã đăng ký khám"),
        "service-patient": _t("bệnh nhân dịch vụ"),
        "rechecked": _t("kiểm tra lại thẻ đạt"),
        "sent-home": _t("bệnh nhân ra về"),
        "resolved": _t("đã giải quyết"),
    }.get(resolution, _t("đã giải quyết"))


def gateway_meaning(code: str) -> str:
    """What the gateway's ``maKetQua`` means for staff, in their words (the code itself is added by callers)."""
    return {
        "000": _t("thông tin thẻ chính xác"),
        "001": _t("thẻ do BHXH Bộ Quốc phòng quản lý: kiểm tra thẻ giấy"),
        "002": _t("thẻ do BHXH Bộ Công an quản lý: kiểm tra thẻ giấy"),
        "003": _t("thẻ cũ hết hạn, đã cấp thẻ mới"),
        "004": _t("thẻ cũ còn hạn, đã cấp thẻ mới"),
        "010": _t("thẻ hết hạn"),
        "050": _t("không tìm thấy thông tin thẻ"),
        "051": _t("sai mã thẻ"),
        "052": _t("sai mã tỉnh (ký tự 4-5)"),
        "053": _t("sai mã quyền lợi (ký tự 3)"),
        "054": _t("CCCD cán bộ tra cứu chưa đăng ký cho cơ sở: IT cần sửa cấu hình cổng"),
        "055": _t("họ tên cán bộ tra cứu không khớp CCCD: IT cần sửa cấu hình cổng"),
        "060": _t("sai họ tên"),
        "061": _t("sai họ tên (đúng ký tự đầu)"),
        "070": _t("sai ngày sinh"),
        "080": _t("sai giới tính"),
        "090": _t("sai nơi đăng ký khám ban đầu"),
        "100": _t("lỗi đọc dữ liệu thẻ: thử lại sau"),
        "101": _t("máy chủ cổng BHXH lỗi: thử lại sau"),
        "110": _t("thẻ đã bị thu hồi"),
        "120": _t("thẻ bị báo giảm"),
        "121": _t("thẻ bị báo giảm: chuyển ra ngoại tỉnh"),
        "122": _t("thẻ bị báo giảm: chuyển trong tỉnh"),
        "123": _t("thẻ bị báo giảm: đã tham gia lại"),
        "124": _t("thẻ bị báo giảm: dừng tham gia"),
        "130": _t("trẻ em chưa xuất trình thẻ"),
        "205": _t("sai định dạng tham số (lỗi của ki-ốt: báo IT)"),
        "401": _t("lỗi xác thực với cổng BHXH (token hết hạn hoặc sai IP)"),
    }.get(code, _t("mã chưa có trong bảng mã"))


def with_code(code: str) -> str:
    """The gateway's meaning with its code as detail: ``thẻ hết hạn (mã 010)``; empty without a code."""
    return f"{gateway_meaning(code)} ({_t('mã')} {code})" if code else ""


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
    return {
        "reader": _t("đầu đọc thẻ"), "camera": _t("camera"), "printer": _t("máy in"),
        "gateway": _t("cổng BHXH"), "hospital": _t("hệ thống bệnh viện"), "queue": _t("hàng đợi gửi"),
        "disk": _t("ổ đĩa"), "clock": _t("đồng hồ"), "staff_pin": _t("mã PIN nhân viên"),
        "scanner": _t("máy quét"), "heartbeat": _t("báo cáo trạng thái"), "lobby": _t("danh sách sảnh"),
        "face": _t("đối chiếu khuôn mặt"), "voice": _t("giọng nói"), "setup": _t("cài đặt máy"),
        "chip-security": _t("bảo mật chip thẻ"),
    }.get(part, _t("bộ phận khác"))


def paper_word(paper: str) -> str:
    """The kiosk printer's paper."""
    return {"ok": "✔ " + _t("đủ giấy"), "low": "⚠ " + _t("sắp hết giấy"), "out": "✖ " + _t("hết giấy"),
            "unknown": "ℹ " + _t("chưa rõ"), "none": "ℹ " + _t("không có máy in")}.get(paper, "ℹ " + _t("chưa rõ"))


def department_word(code: str, names: dict[str, str]) -> str:
    """A department's name from the hospital's list (the code only when the list does not know it)."""
    return names.get(code) or (f"{_t('khoa')} {code}" if code else "")


def gateway_note(staff_detail: str) -> str:
    """The gateway's own remark (ghiChu) from a result's staff detail ("010 card expired — <ghiChu>")."""
    return staff_detail.split(" — ", 1)[1].strip() if " — " in (staff_detail or "") else ""


def status_of_result(result) -> str:
    """A gateway answer in one staff line: status, meaning, code (``✖ hết hạn → quầy · thẻ hết hạn (mã 010)``)."""
    from ui.station.status_words import status_text
    return " · ".join(x for x in (status_text(result.status.value), with_code(result.code)) if x)
