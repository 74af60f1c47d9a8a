"""Eligibility rules on gateway answers: validity dates, route, 003/004, missing fields."""

from datetime import UTC, date, datetime

import pytest

from kiosk.config import FacilitySettings
from kiosk.domain import Decision, Route, Sex, StaffStatus
from kiosk.gateway.eligibility import Asked, confirm_new_card, evaluate

TODAY = date(2026, 6, 15)
HERE = FacilitySettings(code="79014", right_route_facilities=["79015"])
ASKED = Asked("079088001234", "Tran Van Binh", "14/03/1988")


def answer(code="000", *, frm="01/01/2026", to="31/12/2026", dkbd="79014", **extra):
    body = {"maKetQua": code, "ghiChu": "Thẻ còn giá trị sử dụng!", "maThe": "DN4790100000001",
            "hoTen": "Trần Văn Bình", "ngaySinh": "14/03/1988", "gioiTinh": "Nam", "maDKBD": dkbd,
            "gtTheTu": frm, "gtTheDen": to}
    body.update(extra)
    return body


def test_valid_card_right_route_is_accepted():
    r = evaluate(answer(), ASKED, HERE, TODAY, datetime(2026, 6, 15, 2, tzinfo=UTC))
    assert (r.decision, r.status, r.route) == (Decision.ACCEPT, StaffStatus.VERIFIED, Route.RIGHT)
    assert r.card_number == "DN4790100000001" and r.full_name == "Trần Văn Bình" and r.sex is Sex.MALE
    assert (r.valid_from, r.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert r.insured and r.checked_at is not None


@pytest.mark.parametrize("frm, to", [("01/01/2026", "14/06/2026"), ("16/06/2026", "31/12/2026")])
def test_000_card_outside_its_dates_is_not_accepted(frm, to):
    r = evaluate(answer(frm=frm, to=to), ASKED, HERE, TODAY)
    assert r.decision is Decision.COUNTER and not r.insured
    assert r.status in (StaffStatus.EXPIRED, StaffStatus.COUNTER)


def test_validity_bounds_are_inclusive():
    for frm, to in (("15/06/2026", "31/12/2026"), ("01/01/2026", "15/06/2026")):
        assert evaluate(answer(frm=frm, to=to), ASKED, HERE, TODAY).insured


def test_000_without_readable_dates_goes_to_the_counter():
    r = evaluate(answer(to="sometime"), ASKED, HERE, TODAY)
    assert r.decision is Decision.COUNTER and "validity" in r.staff_detail


def test_listed_facility_is_right_route_others_wrong_route_but_accepted():
    assert evaluate(answer(dkbd="79015"), ASKED, HERE, TODAY).route is Route.RIGHT
    r = evaluate(answer(dkbd="92001"), ASKED, HERE, TODAY)
    assert (r.decision, r.status, r.route) == (Decision.ACCEPT, StaffStatus.WRONG_ROUTE, Route.WRONG)
    assert r.patient_vi != evaluate(answer(), ASKED, HERE, TODAY).patient_vi


def test_004_accepts_the_old_card_and_records_the_new_one():
    r = evaluate(answer("004", maTheMoi="DN4790100000011", gtTheTuMoi="01/01/2027",
                        gtTheDenMoi="31/12/2027"), ASKED, HERE, TODAY)
    assert (r.decision, r.status) == (Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD)
    assert r.card_number == "DN4790100000001" and r.new_card_number == "DN4790100000011"
    assert (r.new_valid_from, r.new_valid_to) == (date(2027, 1, 1), date(2027, 12, 31))


def test_003_is_accepted_only_with_a_confirmed_new_card():
    first = evaluate(answer("003", to="31/05/2026", maTheMoi="dn4790100000011", gtTheTuMoi="01/06/2026",
                            gtTheDenMoi="31/05/2027"), ASKED, HERE, TODAY)
    assert first.decision is Decision.COUNTER and first.new_card_number == "DN4790100000011"
    good = evaluate(answer("000", frm="01/06/2026", to="31/05/2027", maThe="DN4790100000011"),
                    Asked("DN4790100000011", ASKED.full_name, ASKED.birth), HERE, TODAY)
    r = confirm_new_card(first, good)
    assert (r.code, r.decision, r.status) == ("003", Decision.ACCEPT_NEW_CARD, StaffStatus.VERIFIED_NEW_CARD)
    assert r.card_number == r.new_card_number == "DN4790100000011"
    assert r.valid_to == date(2027, 5, 31) and "DN4790100000001" in r.staff_detail
    bad = evaluate({"maKetQua": "010", "ghiChu": "Thẻ hết giá trị sử dụng!"},
                   Asked("DN4790100000011", ASKED.full_name, ASKED.birth), HERE, TODAY)
    assert confirm_new_card(first, bad).decision is Decision.COUNTER
    assert confirm_new_card(first, None).decision is Decision.COUNTER


@pytest.mark.parametrize("birth", ["1988", "03/1988", "14/03/1988"])
def test_answer_birth_of_4_7_or_10_chars_is_kept(birth):
    assert evaluate(answer(ngaySinh=birth), ASKED, HERE, TODAY).birth == birth


def test_error_body_keeps_what_was_sent_and_reads_GhiChu():
    r = evaluate({"maKetQua": "070", "GhiChu": "Ngày sinh không đúng!"}, ASKED, HERE, TODAY)
    assert (r.card_number, r.full_name, r.birth) == (ASKED.card_number, ASKED.full_name, ASKED.birth)
    assert r.status is StaffStatus.MISMATCH and "Ngày sinh không đúng!" in r.staff_detail
    assert r.route is Route.UNKNOWN


@pytest.mark.parametrize("echoed, bhxh, expected", [
    ("079088001234", "4790100000", "4790100000"),      # the ID number echoed: the BHXH number instead
    ("079088001234", None, "079088001234"),            # nothing better: what was presented (never registered as a card)
    ("DN4790100000001", "4790100000", "DN4790100000001"),
    ("4790100000", None, "4790100000"),
])
def test_maThe_is_used_only_when_it_is_a_card_number(echoed, bhxh, expected):
    r = evaluate(answer(maThe=echoed, maSoBHXH=bhxh), ASKED, HERE, TODAY)
    assert r.card_number == expected and r.insured
    assert ("not a card code" in r.staff_detail) == (echoed == "079088001234")


def test_five_year_date_and_equivalent_facilities_are_read():
    here = FacilitySettings(code="79014", equivalent_facilities=["79101"])
    r = evaluate(answer(dkbd="79101", ngayDu5Nam="01/01/2024"), ASKED, here, TODAY)
    assert r.route is Route.RIGHT and r.five_years == date(2024, 1, 1)
