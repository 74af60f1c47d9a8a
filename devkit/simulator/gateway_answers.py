"""The simulated gateway's answer bodies and their ``ghiChu`` sentences.

Card answers carry the full field set of the reference; error answers carry
only ``maKetQua`` and ``ghiChu`` (the real gateway omits maThe/hoTen/ngaySinh
there, and clients must cope). Some citizens' birth dates come back as
``yyyy`` or ``MM/yyyy``, as old records do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from devkit.simulator.citizens import Citizen

# Old registers only hold the year (or month and year) of birth for some people.
BIRTH_FORMATS = {"elderly": "%Y", "reduced": "%m/%Y"}
BLOCKED_NOTE = "Có lỗi xảy ra trong quá trình tra cứu!"

NOTES = {
    "001": "Thẻ do BHXH Bộ Quốc phòng quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân!",
    "002": "Thẻ do BHXH Bộ Công an quản lý, đề nghị kiểm tra thẻ và thông tin giấy tờ tùy thân!",
    "050": "Không có thông tin thẻ!",
    "051": "Mã thẻ không đúng!",
    "052": "Mã tỉnh cấp thẻ (kí tự thứ 4, 5 của mã thẻ) không đúng!",
    "053": "Mã quyền lợi thẻ (kí tự thứ 3 của mã thẻ) không đúng!",
    "054": "Số CCCD của cán bộ tra cứu chưa được đăng ký với cơ sở khám chữa bệnh!",
    "055": "Họ tên cán bộ tra cứu không khớp với số CCCD đã đăng ký!",
    "060": "Họ tên không đúng!",
    "061": "Họ tên không đúng (đúng kí tự đầu)!",
    "070": "Ngày sinh không đúng!",
    "080": "Giới tính không đúng!",
    "090": "Nơi đăng ký khám chữa bệnh ban đầu không đúng!",
    "100": "Lỗi khi lấy dữ liệu sổ thẻ!",
    "101": "Lỗi server!",
    "110": "Thẻ đã thu hồi!",
    "120": "Thẻ đã báo giảm!",
    "121": "Thẻ đã báo giảm. Giảm do chuyển ngoại tỉnh!",
    "122": "Thẻ đã báo giảm. Giảm do chuyển nội tỉnh!",
    "123": "Thẻ đã báo giảm. Giảm do tăng lại cùng đơn vị!",
    "124": "Thẻ đã báo giảm. Giảm do ngừng tham gia!",
    "130": "Trẻ em không xuất trình thẻ!",
    "205": "Lỗi sai định dạng tham số!",
    "401": "Lỗi xác thực: token hết hạn hoặc không đúng địa chỉ IP!",
}
CARD_CODES = {"000", "001", "002", "003", "004", "010", "110", "120", "121", "122", "123", "124", "130"}


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def error_body(code: str) -> dict:
    """An error answer: no maThe/hoTen/ngaySinh, just the code and its sentence."""
    return {"maKetQua": code, "ghiChu": NOTES.get(code, "Lỗi không xác định!")}


def new_card_validity(c: Citizen, today: date) -> tuple[date, date]:
    """The new card of a 003/004 citizen starts the day after the old one ends, for a year."""
    start = c.validity(today)[1] + timedelta(days=1)
    if start > today and c.gateway_code == "003":  # 003: the new card is the one in force now
        start = today - timedelta(days=1)
    return start, start + timedelta(days=365)


def card_body(c: Citizen, code: str, today: date, now: datetime, username: str, *,
              as_new_card: bool = False, asked: str | None = None) -> dict:
    """A card answer for ``c`` with result ``code``; ``as_new_card`` answers about ``new_card_code``."""
    old_from, old_to = c.validity(today)
    new_from, new_to = new_card_validity(c, today) if c.new_card_code else (None, None)
    number, valid_from, valid_to = c.bhyt_code, old_from, old_to
    if as_new_card:
        number, valid_from, valid_to = c.new_card_code, new_from, new_to
    birth = c.birth.strftime(BIRTH_FORMATS.get(c.key, "%d/%m/%Y"))
    five_years = today + timedelta(days=c.five_years_days)
    if code == "000":
        note = (f"Thẻ còn giá trị sử dụng! Họ tên : {c.full_name}, Ngày sinh: {birth}, Giới tính : "
                f"{c.sex_vi}! (ĐC: {c.address}; Nơi KCBBĐ: {c.registered_facility}; Hạn thẻ: "
                f"{_d(valid_from)} - {_d(valid_to)}; Thời điểm đủ 5 năm liên tục: {_d(five_years)}).")
    elif code == "003":
        note = (f"Thẻ cũ hết giá trị sử dụng, đã được cấp thẻ mới! Mã thẻ mới: {c.new_card_code}; "
                f"Hạn thẻ mới: {_d(new_from)} - {_d(new_to)}.")
    elif code == "004":
        note = (f"Thẻ cũ còn giá trị sử dụng nhưng đã được cấp thẻ mới! Mã thẻ mới: {c.new_card_code}; "
                f"Hạn thẻ: {_d(valid_from)} - {_d(valid_to)}.")
    elif code == "010":
        note = f"Thẻ hết giá trị sử dụng! Hạn thẻ: {_d(valid_from)} - {_d(valid_to)}."
    else:
        note = NOTES.get(code, "Lỗi không xác định!")
    offers_new = code in ("003", "004") and not as_new_card
    return {
        "maKetQua": code, "ghiChu": note,
        # a faulty gateway echoes the 12-digit ID number it was asked with instead of the card code
        "maThe": asked if (c.echo_id_as_card and asked == c.id_number) else number,
        "hoTen": c.full_name, "ngaySinh": birth,
        "gioiTinh": c.sex_vi, "diaChi": c.address, "maDKBD": c.registered_facility,
        "cqBHXH": f"Bảo hiểm xã hội tỉnh mã {number[3:5]}", "gtTheTu": _d(valid_from),
        "gtTheDen": _d(valid_to), "maKV": c.area_code, "ngayDu5Nam": _d(five_years),
        "maSoBHXH": c.bhxh_number, "maTheCu": c.bhyt_code if as_new_card else None,
        "maTheMoi": c.new_card_code if offers_new else None,
        "gtTheTuMoi": _d(new_from) if offers_new else None,
        "gtTheDenMoi": _d(new_to) if offers_new else None,
        "maDKBDMoi": c.registered_facility if offers_new else None,
        "tenDKBDMoi": "Bệnh viện Đa khoa Mẫu" if offers_new else None,
        "dsLichSuKCB2018": None,
        "dsLichSuKT2018": [{"userKT": username, "thoiGianKT": now.strftime("%Y%m%d%H%M"),
                            "thongBao": note, "maLoi": code}],
    }
