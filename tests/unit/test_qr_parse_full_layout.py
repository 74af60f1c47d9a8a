"""The insurance card's full ~15-field QR (reference §6) and the young child's number-only check-in."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from devkit.simulator.citizens import by_key
from kiosk.checkin.flow import pending_result
from kiosk.checkin.identify import identity_from_card_qr, identity_from_child_number
from kiosk.errors import InputError
from readers.qr.parse import InsuranceCardQr, parse_card_qr

TODAY = date(2026, 11, 25)
C = by_key("elsewhere-basic")


@pytest.mark.parametrize("bhxh_in_field0", [False, True])
def test_full_layout_gives_facility_validity_level_and_five_year_date(bhxh_in_field0):
    qr = parse_card_qr(C.bhyt_full_qr_text(TODAY, bhxh_in_field0=bhxh_in_field0), TODAY)
    assert isinstance(qr, InsuranceCardQr) and qr.full_layout
    assert qr.card_number == (C.bhxh_number if bhxh_in_field0 else C.bhyt_code)
    start, end = C.validity(TODAY)
    assert (qr.registered_facility, qr.valid_from, qr.valid_to) == ("79020", start, end)
    assert qr.benefit_level == 3 and qr.household_id == C.bhxh_number
    assert qr.five_years is not None and qr.full_name == C.full_name


def test_short_layout_has_none_of_the_unconfirmed_fields():
    qr = parse_card_qr(C.bhyt_qr_text(), TODAY)
    assert not qr.full_layout and qr.valid_to is None and qr.benefit_level == 3  # from the code itself


def test_malformed_unconfirmed_positions_are_dropped_not_fatal():
    fields = C.bhyt_full_qr_text(TODAY).split("|")
    fields[5], fields[7], fields[11] = "nowhere", "31/02/2027", "9"
    qr = parse_card_qr("|".join(fields), TODAY)
    assert qr.registered_facility is None and qr.valid_to is None and qr.benefit_level == 3


def test_a_pending_checkin_says_the_card_appears_valid_until_its_printed_date():
    ident = identity_from_card_qr(parse_card_qr(C.bhyt_full_qr_text(TODAY), TODAY))
    r = pending_result(ident, "gateway down", datetime(2026, 11, 25, 8, 0))
    until = C.validity(TODAY)[1].strftime("%d/%m/%Y")
    assert f"appears valid until {until}" in r.patient_en and f"còn hạn đến {until}" in r.patient_vi
    assert r.status.value == "pending" and not r.insured        # informs, never overrides the gateway
    plain = pending_result(identity_from_card_qr(parse_card_qr(C.bhyt_qr_text(), TODAY)), "down",
                           datetime(2026, 11, 25, 8, 0))
    assert "appears valid" not in plain.patient_en


def test_child_under_6_checks_in_with_the_insurance_number_alone():
    child = by_key("child-under6")
    today = date(child.birth.year + 5, 12, 31)
    ident = identity_from_child_number(child.bhxh_number, child.full_name, child.birth.strftime("%d/%m/%Y"),
                                       birth_certificate=True, today=today)
    assert ident.card_number == child.bhxh_number and ident.presented_as == "birth_certificate"
    with pytest.raises(InputError) as e:    # the 6th birthday passed
        identity_from_child_number(child.bhxh_number, child.full_name, child.birth.strftime("%d/%m/%Y"),
                                   today=date(child.birth.year + 6, child.birth.month, child.birth.day))
    assert e.value.code == "not_a_young_child"
    with pytest.raises(InputError):
        identity_from_child_number("12345", child.full_name, child.birth.strftime("%d/%m/%Y"), today=today)
