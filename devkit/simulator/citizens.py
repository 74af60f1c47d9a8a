"""Synthetic citizens shared by the simulator, the virtual card and the demo.

Every name, number and address here is invented. Each citizen's 12-digit ID
obeys the ID-number rule (province, century+sex digit, birth year), so the QR
parser accepts their cards. ``gateway_code`` is the ``maKetQua`` the simulated
gateway answers for them; card validity is relative to the simulator's
"today" so the data never goes stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Citizen:
    """One synthetic person with an ID card and (usually) a health-insurance card."""

    key: str                      # short handle for tests and the demo panel
    id_number: str
    full_name: str
    birth: date
    sex: str                      # "M" / "F"
    address: str
    place_of_origin: str
    issue_date: date
    expiry: date | None           # None: no expiry (issued from age 58)
    old_id: str | None
    gateway_code: str             # maKetQua the simulated gateway returns
    bhyt_code: str | None         # 15-character card code (None: no card)
    registered_facility: str = "79014"  # maDKBD
    ethnicity: str = "Kinh"
    religion: str = "Không"
    father: str = ""
    mother: str = ""
    valid_from_days: int = -330   # card validity relative to "today"
    valid_to_days: int = 400
    new_card_code: str | None = None   # for 003/004
    area_code: str = ""           # maKV
    note: str = ""                # what this citizen is for (demo panel, docs)
    extra: dict = field(default_factory=dict)
    five_years_days: int = 700    # ngayDu5Nam relative to "today" (negative: five years already reached)
    echo_id_as_card: bool = False  # the gateway answers with maThe = the ID number asked (a faulty gateway)
    has_id_card: bool = True      # False: a young child with a personal ID number but no ID card yet

    @property
    def bhxh_number(self) -> str | None:
        """The 10-digit social-insurance number (last 10 characters of the code)."""
        return self.bhyt_code[-10:] if self.bhyt_code else None

    @property
    def sex_vi(self) -> str:
        """``Nam`` / ``Nữ`` as printed on the card."""
        return "Nam" if self.sex == "M" else "Nữ"

    def validity(self, today: date) -> tuple[date, date]:
        """The insurance card's validity window as of ``today``."""
        return today + timedelta(days=self.valid_from_days), today + timedelta(days=self.valid_to_days)

    def qr_text(self) -> str:
        """The QR text printed on this citizen's ID card (2024 format when issued from 2024)."""
        fields = [self.id_number, self.old_id or "", self.full_name, self.birth.strftime("%d%m%Y"),
                  self.sex_vi, self.address, self.issue_date.strftime("%d%m%Y")]
        if self.issue_date.year >= 2024:
            fields += ["", "", "", ""]
        return "|".join(fields)

    def bhyt_qr_text(self) -> str | None:
        """The QR text printed on this citizen's insurance card (name/address hex-encoded)."""
        if not self.bhyt_code:
            return None
        return "|".join([self.bhyt_code, self.full_name.encode().hex(), self.birth.strftime("%d/%m/%Y"),
                         "1" if self.sex == "M" else "2", self.address.encode().hex(),
                         self.registered_facility])

    def bhyt_full_qr_text(self, today: date, *, bhxh_in_field0: bool = False) -> str | None:
        """The ~15-field QR of a 2026 paper card or VssID (reference §6), ending in ``$``."""
        if not self.bhyt_code:
            return None
        start, end = self.validity(today)
        facility = f"{self.registered_facility[:2]} - {self.registered_facility[2:]}"
        five = today + timedelta(days=self.five_years_days)
        return "|".join([self.bhxh_number if bhxh_in_field0 else self.bhyt_code, self.full_name.encode().hex(),
                         self.birth.strftime("%d/%m/%Y"), "1" if self.sex == "M" else "2",
                         self.address.encode().hex(), facility, start.strftime("%d/%m/%Y"),
                         end.strftime("%d/%m/%Y"), start.strftime("%d/%m/%Y"), self.bhxh_number, "-",
                         self.bhyt_code[2], five.strftime("%d/%m/%Y"), "5f1e0c2a9b7d4e31-8c2f", "$"])


CITIZENS: tuple[Citizen, ...] = (
    Citizen("valid", "079088001234", "Trần Văn Bình", date(1988, 3, 14), "M",
            "12 Đường Số 7, Phường Tân Định, Quận 1, TP Hồ Chí Minh", "Xã Mỹ Hòa, Huyện Mẫu, Tỉnh Long An",
            date(2021, 6, 2), date(2028, 3, 14), "025123456", "000", "DN4790100000001",
            father="Trần Văn Cường", mother="Lê Thị Dung", area_code="",
            note="covered, right route"),
    Citizen("valid-female", "001194005678", "Nguyễn Thị Hồng Nhung", date(1994, 7, 21), "F",
            "Số 8 Ngõ 15 Phố Hoa, Phường Mẫu, Quận Ba Đình, Hà Nội", "Xã Tiên Phong, Huyện Mê Linh, Hà Nội",
            date(2022, 1, 10), date(2034, 7, 21), None, "000", "HC4010200000002",
            father="Nguyễn Văn Hải", mother="Phạm Thị Lan", note="covered, no old ID"),
    Citizen("wrong-route", "092086002237", "Lê Minh Quân", date(1986, 11, 1), "M",
            "56 Đường Mẫu, Khu vực 6, Phường An Khánh, Ninh Kiều, Cần Thơ", "Xã Long Tuyền, Bình Thủy, Cần Thơ",
            date(2024, 10, 4), date(2026, 11, 1) + timedelta(days=365 * 0), "362499103", "000",
            "GD4920300000003", registered_facility="92001", note="covered, registered elsewhere (wrong route)"),
    Citizen("new-card-003", "048195003344", "Phạm Thị Thu Hà", date(1995, 2, 9), "F",
            "21 Đường Mẫu, Phường Hải Châu, Đà Nẵng", "Xã Hòa Vang, Đà Nẵng",
            date(2021, 5, 5), date(2035, 2, 9), "201234567", "003", "DN4480400000004",
            new_card_code="DN4480400000044", valid_to_days=-20,
            note="old card expired, a new card was issued"),
    Citizen("new-card-004", "031079004455", "Đỗ Văn Hùng", date(1979, 9, 30), "M",
            "3 Phố Mẫu, Phường Máy Tơ, Ngô Quyền, Hải Phòng", "Xã An Lư, Thủy Nguyên, Hải Phòng",
            date(2021, 8, 18), date(2039, 9, 30), None, "004", "HT3310500000005",
            new_card_code="HT3310500000055", note="old card still valid, a new card was issued"),
    Citizen("expired", "036168005566", "Vũ Thị Mai", date(1968, 4, 12), "F",
            "Xóm Mẫu, Xã Nam Mỹ, Nam Trực, Nam Định", "Xã Nam Mỹ, Nam Trực, Nam Định",
            date(2021, 3, 3), date(2028, 4, 12), "162345678", "010", "GD4360600000006",
            valid_from_days=-400, valid_to_days=-35, note="card expired"),
    Citizen("not-found", "079203006677", "Hoàng Gia Bảo", date(2003, 12, 5), "M",
            "90 Đường Mẫu, Phường 5, Quận 3, TP Hồ Chí Minh", "Phường 5, Quận 3, TP Hồ Chí Minh",
            date(2021, 12, 20), date(2028, 12, 5), None, "050", None, note="no insurance card"),
    Citizen("wrong-name", "001082007788", "Bùi Quang Khải", date(1982, 6, 6), "M",
            "Số 2 Phố Mẫu, Phường Mẫu, Quận Đống Đa, Hà Nội", "Xã Mẫu, Huyện Gia Lâm, Hà Nội",
            date(2021, 9, 9), date(2042, 6, 6), None, "060", "DN4010700000007",
            note="gateway says the name does not match"),
    Citizen("wrong-birth", "079190008899", "Lý Thị Ngọc Ánh", date(1990, 8, 17), "F",
            "7 Đường Mẫu, Phường 10, Quận 5, TP Hồ Chí Minh", "Phường 10, Quận 5, TP Hồ Chí Minh",
            date(2021, 4, 4), date(2030, 8, 17), None, "070", "DN4790800000008",
            note="gateway says the birth date does not match"),
    Citizen("revoked", "001075009900", "Đặng Văn Sơn", date(1975, 1, 25), "M",
            "Số 5 Phố Mẫu, Phường Mẫu, Quận Hai Bà Trưng, Hà Nội", "Xã Mẫu, Huyện Đông Anh, Hà Nội",
            date(2021, 2, 2), date(2035, 1, 25), None, "110", "DN4010900000009", note="card revoked"),
    Citizen("ministry-defence", "040077001122", "Hồ Sĩ Thành", date(1977, 5, 19), "M",
            "Khối Mẫu, Phường Mẫu, TP Vinh, Nghệ An", "Xã Mẫu, Nghi Lộc, Nghệ An",
            date(2021, 7, 7), date(2037, 5, 19), None, "001", "QN5401000000010",
            note="card managed by the Ministry of Defence"),
    Citizen("ministry-security", "026180002233", "Cao Thị Hạnh", date(1980, 10, 3), "F",
            "Tổ Mẫu, Phường Mẫu, Vĩnh Yên, Vĩnh Phúc", "Xã Mẫu, Tam Dương, Vĩnh Phúc",
            date(2021, 11, 11), date(2040, 10, 3), None, "002", "CA5261100000011",
            note="card managed by the Ministry of Public Security"),
    Citizen("child", "079319003456", "Trương Ngọc Diệp", date(2019, 2, 28), "F",
            "15 Đường Mẫu, Phường Thảo Điền, TP Thủ Đức, TP Hồ Chí Minh", "Phường Thảo Điền, TP Hồ Chí Minh",
            date(2024, 8, 1), date(2033, 2, 28), None, "130", "TE1791200000012",
            note="child who did not present a card"),
    Citizen("reduced", "092191004567", "Mai Thị Thảo", date(1991, 12, 31), "F",
            "Ấp Mẫu, Xã Mẫu, Phong Điền, Cần Thơ", "Xã Mẫu, Phong Điền, Cần Thơ",
            date(2021, 1, 15), date(2031, 12, 31), None, "120", "GD4921300000013",
            note="card reported reduced"),
    Citizen("server-error", "079085005678", "Châu Văn Lộc", date(1985, 7, 7), "M",
            "2 Đường Mẫu, Phường 1, Quận 10, TP Hồ Chí Minh", "Phường 1, Quận 10, TP Hồ Chí Minh",
            date(2025, 8, 12), date(2045, 7, 7), None, "101",
            "DN4791400000014", note="gateway answers 101 server error for this card"),
    Citizen("elderly", "001046006789", "Ngô Văn Thọ", date(1946, 3, 8), "M",
            "Số 9 Phố Mẫu, Phường Mẫu, Quận Hoàn Kiếm, Hà Nội", "Xã Mẫu, Huyện Thanh Trì, Hà Nội",
            date(2021, 3, 15), None, "011223344", "000", "HT3011500000015",
            note="covered, aged 80+, card with no expiry"),
)


def _young_child() -> Citizen:
    """A child aged 3 this year (the data never grows out of "under 6"): insurance card, no ID card."""
    today = date.today()
    born = date(today.year - 3, 5, 10)
    id_number = f"0793{born.year % 100:02d}00" + "7788"   # 2000s female: 4th digit 3
    return Citizen("child-under6", id_number, "Đinh Ngọc Hân", born, "F",
                   "4 Đường Mẫu, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh", "Phường Bến Nghé, TP Hồ Chí Minh",
                   born + timedelta(days=30), None, None, "000", f"TE179{born.year % 100:02d}00000022",
                   has_id_card=False, note="child under 6: insurance number alone (or a birth certificate)")


CITIZENS = CITIZENS + (
    Citizen("elsewhere-initial", "079092007001", "Tạ Văn Phúc", date(1992, 4, 2), "M",
            "8 Đường Mẫu, Phường 7, Quận 8, TP Hồ Chí Minh", "Phường 7, Quận 8, TP Hồ Chí Minh",
            date(2022, 3, 3), date(2032, 4, 2), None, "000", "DN4791600000016", registered_facility="79101",
            note="registered at an initial-level facility elsewhere (commune health station)"),
    Citizen("elsewhere-basic", "079187007002", "Lâm Thị Kiều", date(1987, 8, 19), "F",
            "22 Đường Mẫu, Phường 2, Quận Tân Bình, TP Hồ Chí Minh", "Phường 2, Tân Bình, TP Hồ Chí Minh",
            date(2022, 5, 5), date(2027, 8, 19), None, "000", "HC3791700000017", registered_facility="79020",
            note="registered at a basic-level facility elsewhere; carries referral slips (devkit/simulator/slips.py)"),
    Citizen("elsewhere-specialised", "001089007003", "Kiều Minh Tâm", date(1989, 1, 11), "M",
            "Số 3 Phố Mẫu, Phường Mẫu, Quận Cầu Giấy, Hà Nội", "Xã Mẫu, Huyện Sóc Sơn, Hà Nội",
            date(2022, 7, 7), date(2029, 1, 11), None, "000", "DN4011800000018", registered_facility="01001",
            note="registered at a specialised-level facility elsewhere"),
    Citizen("five-years", "079071007004", "Phan Văn Đức", date(1971, 6, 30), "M",
            "5 Đường Mẫu, Phường 4, Quận 3, TP Hồ Chí Minh", "Phường 4, Quận 3, TP Hồ Chí Minh",
            date(2021, 10, 10), date(2031, 6, 30), None, "000", "DN4791900000019", five_years_days=-400,
            note="covered here, five continuous years reached (ngayDu5Nam in the past)"),
    _young_child(),
    Citizen("echo-id", "079090007005", "Quách Văn Long", date(1990, 9, 9), "M",
            "9 Đường Mẫu, Phường 9, Quận 6, TP Hồ Chí Minh", "Phường 9, Quận 6, TP Hồ Chí Minh",
            date(2022, 9, 9), date(2030, 9, 9), None, "000", "DN4792000000020", echo_id_as_card=True,
            note="gateway echoes the ID number as maThe when asked by ID number"),
)


def by_key(key: str) -> Citizen:
    """The citizen with this handle; KeyError if there is none."""
    for c in CITIZENS:
        if c.key == key:
            return c
    raise KeyError(key)


def find(card_number: str) -> Citizen | None:
    """The citizen whose ID number, BHXH number or BHYT code (old or new) is ``card_number``."""
    n = card_number.strip().upper()
    for c in CITIZENS:
        if n in (c.id_number, c.bhyt_code, c.bhxh_number, c.new_card_code):
            return c
    return None
