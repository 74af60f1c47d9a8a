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
    return _t({
        "expired": "thẻ BHYT hết hạn",
        "not-found": "không tìm thấy thẻ BHYT",
        "name-birth-mismatch": "họ tên / ngày sinh không khớp thẻ",
        "gateway-error": "cổng BHXH lỗi, chưa kiểm tra được thẻ",
        "wrong-route": "ĐKBĐ nơi khác: cần xác nhận mức hưởng",
        "counter": "cổng BHXH yêu cầu nhân viên kiểm tra",
        "recheck-failed": "đã có số khi mất mạng nhưng kiểm tra lại thẻ không đạt",
        "hospital-refused": "hệ thống bệnh viện từ chối đăng ký",
        "face-mismatch": "khuôn mặt không khớp ảnh trên thẻ",
        "face-declined": "bệnh nhân không đồng ý đối chiếu khuôn mặt",
        "help": "bệnh nhân bấm \u201cCần trợ giúp\u201d",
    }.get(reason, "lý do khác"))


def resolution_word(resolution: str) -> str:
    """How a desk closed a referral."""
    return _t({
        "registered": "đã đăng ký khám",
        "service-patient": "bệnh nhân dịch vụ",
        "rechecked": "kiểm tra lại thẻ đạt",
        "sent-home": "bệnh nhân ra về",
        "resolved": "đã giải quyết",
    }.get(resolution, "đã giải quyết"))


def gateway_meaning(code: str) -> str:
    """What the gateway's ``maKetQua`` means for staff, in their words (the code itself is added by callers)."""
    return _t({
        "000": "thông tin thẻ chính xác",
        "001": "thẻ do BHXH Bộ Quốc phòng quản lý: kiểm tra thẻ giấy",
        "002": "thẻ do BHXH Bộ Công an quản lý: kiểm tra thẻ giấy",
        "003": "thẻ cũ hết hạn, đã cấp thẻ mới",
        "004": "thẻ cũ còn hạn, đã cấp thẻ mới",
        "010": "thẻ hết hạn",
        "050": "không tìm thấy thông tin thẻ",
        "051": "sai mã thẻ",
        "052": "sai mã tỉnh (ký tự 4-5)",
        "053": "sai mã quyền lợi (ký tự 3)",
        "054": "CCCD cán bộ tra cứu chưa đăng ký cho cơ sở: IT cần sửa cấu hình cổng",
        "055": "họ tên cán bộ tra cứu không khớp CCCD: IT cần sửa cấu hình cổng",
        "060": "sai họ tên",
        "061": "sai họ tên (đúng ký tự đầu)",
        "070": "sai ngày sinh",
        "080": "sai giới tính",
        "090": "sai nơi đăng ký khám ban đầu",
        "100": "lỗi đọc dữ liệu thẻ: thử lại sau",
        "101": "máy chủ cổng BHXH lỗi: thử lại sau",
        "110": "thẻ đã bị thu hồi",
        "120": "thẻ bị báo giảm",
        "121": "thẻ bị báo giảm: chuyển ra ngoại tỉnh",
        "122": "thẻ bị báo giảm: chuyển trong tỉnh",
        "123": "thẻ bị báo giảm: đã tham gia lại",
        "124": "thẻ bị báo giảm: dừng tham gia",
        "130": "trẻ em chưa xuất trình thẻ",
        "205": "sai định dạng tham số (lỗi của ki-ốt: báo IT)",
        "401": "lỗi xác thực với cổng BHXH (token hết hạn hoặc sai IP)",
    }.get(code, "mã chưa có trong bảng mã"))


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
    return _t({
        "reader": "đầu đọc thẻ", "camera": "camera", "printer": "máy in",
        "gateway": "cổng BHXH", "hospital": "hệ thống bệnh viện", "queue": "hàng đợi gửi",
        "disk": "ổ đĩa", "clock": "đồng hồ", "staff_pin": "mã PIN nhân viên",
        "scanner": "máy quét", "heartbeat": "báo cáo trạng thái", "lobby": "danh sách sảnh",
        "face": "đối chiếu khuôn mặt", "voice": "giọng nói", "setup": "cài đặt máy",
        "chip-security": "bảo mật chip thẻ",
    }.get(part, "bộ phận khác"))


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
