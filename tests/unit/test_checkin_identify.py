"""Identity from QR text, a typed ID number and a staff entry; the registration body built from it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest

from devkit.simulator.citizens import CITIZENS, by_key
from kiosk.checkin import identity_from_qr, identity_from_staff, identity_from_typed_id, parse_birth
from kiosk.domain import Decision, EligibilityResult, IdentitySource, Route, Sex, StaffStatus
from kiosk.errors import InputError
from kiosk.hospital.registration import Registration, build_registration, qd130_birth

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.key)
def test_every_synthetic_id_card_qr_gives_the_id_number_as_card_number(citizen):
    ident = identity_from_qr(citizen.qr_text(), TODAY)
    assert ident.card_number == ident.id_number == citizen.id_number
    assert ident.full_name == citizen.full_name and ident.birth == citizen.birth.strftime("%d/%m/%Y")
    assert ident.source == IdentitySource.QR_ID_CARD and ident.sex.value == citizen.sex


def test_insurance_card_qr_gives_its_card_number():
    c = by_key("wrong-route")
    ident = identity_from_qr(c.bhyt_qr_text(), TODAY)
    assert ident.card_number == c.bhyt_code and ident.id_number is None
    assert ident.source == IdentitySource.QR_INSURANCE_CARD and ident.full_name == c.full_name
    assert ident.sex == Sex.MALE


@pytest.mark.parametrize("text, code", [
    ("hello world", "qr_not_a_card"),
    ("", "qr_not_a_card"),
    ("079088001234|025123456|Trần Văn Bình|31021988|Nam|12 Đường Số 7|02062021", "qr_invalid"),
    ("079088001234|025123456|Trần Văn Bình|14031988|Nam", "qr_invalid"),
])
def test_bad_qr_text_is_an_input_error(text, code):
    with pytest.raises(InputError) as info:
        identity_from_qr(text, TODAY)
    assert info.value.code == code and info.value.exit_code == 2


def test_typed_id_is_checked_against_birth_year_and_sex():
    ident = identity_from_typed_id("079088001234", "  Trần  Văn Bình ", "14/03/1988", "M", today=TODAY)
    assert ident.source == IdentitySource.TYPED and ident.full_name == "Trần Văn Bình"
    assert ident.birth == "14/03/1988" and ident.card_number == "079088001234"
    for bad_id, birth in [("12345", "1988"), ("0790880012345", "1988"), ("07908800123a", "1988"),
                          ("079088001234", "14/03/1989"), ("999088001234", "1988")]:
        with pytest.raises(InputError) as info:
            identity_from_typed_id(bad_id, "Trần Văn Bình", birth, today=TODAY)
        assert info.value.code == "bad_id_number"
    with pytest.raises(InputError):
        identity_from_typed_id("079088001234", "Trần Văn Bình", "1988", "F", today=TODAY)


@pytest.mark.parametrize("text, want", [("14/03/1988", "14/03/1988"), ("14-3-1988", "14/03/1988"),
                                        ("14031988", "14/03/1988"), ("1988-03-14", "14/03/1988"),
                                        ("1988", "1988")])
def test_birth_formats(text, want):
    assert parse_birth(text, TODAY) == want


@pytest.mark.parametrize("text", ["31/02/1990", "00/01/1990", "29/02/2023", "1/13/1990", "12/12/2030",
                                  "1800", "yesterday", ""])
def test_impossible_birth_dates_are_refused(text):
    with pytest.raises(InputError) as info:
        parse_birth(text, TODAY)
    assert info.value.code == "bad_birth"
    assert text not in info.value.detail or not text  # the sentence never repeats personal data


def test_staff_entry_accepts_insurance_numbers():
    ident = identity_from_staff("dn4790100000001", "Trần Văn Bình", "1988", today=TODAY)
    assert ident.card_number == "DN4790100000001" and ident.source == IdentitySource.STAFF
    assert identity_from_staff("4790100000", "Trần Văn Bình", "1988", today=TODAY).card_number == "4790100000"
    assert identity_from_staff("079088001234", "Trần Văn Bình", "1988", today=TODAY).id_number == "079088001234"
    with pytest.raises(InputError):
        identity_from_staff("XX123", "Trần Văn Bình", "1988", today=TODAY)
    with pytest.raises(InputError):
        identity_from_staff("4790100000", "R2D2", "1988", today=TODAY)


def _verified(**kw) -> EligibilityResult:
    base = dict(code="000", decision=Decision.ACCEPT, status=StaffStatus.VERIFIED, patient_vi="ok",
                patient_en="ok", staff_detail="", card_number="DN4790100000001", full_name="Trần Văn Bình",
                birth="14/03/1988", sex=Sex.MALE, valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31),
                registered_facility="79014", route=Route.RIGHT, checked_at=datetime(2026, 11, 25, 8, 0, 5))
    base.update(kw)
    return EligibilityResult(**base)


def _rules():
    from kiosk.rules import (
        BenefitRules,
        FacilityProfile,
        load_chronic_diseases,
        load_code_list,
        load_holidays,
        load_rule_table,
    )
    codes = load_code_list()
    return BenefitRules(load_rule_table(None, codes.codes), FacilityProfile("79014", "co_ban", 62.0, "tinh"),
                        load_holidays(), load_chronic_diseases(), codes)


def test_registration_body_carries_the_qd130_check_in_fields():
    ident = identity_from_qr(by_key("valid").qr_text(), TODAY)
    cid = str(uuid.uuid4())
    benefit = _rules().decide(card_number="DN4790100000001", registered_facility="79014", on=TODAY)
    reg = build_registration(client_id=cid, identity=ident, eligibility=_verified(), pending=False,
                             department="KNOI", priority=True, kiosk_id="K01", facility_code="79014",
                             arrived_at=datetime(2026, 11, 25, 8, 0, 1), benefit=benefit)
    x = reg.xml0
    assert x == {"MA_LK": cid, "MA_BN": None, "HO_TEN": "Trần Văn Bình", "SO_CCCD": "079088001234",
                 "NGAY_SINH": "198803140000", "GIOI_TINH": 1, "MA_THE_BHYT": "DN4790100000001",
                 "MA_DKBD": "79014", "GT_THE_TU": "20260101", "GT_THE_DEN": "20261231",
                 "MA_DOITUONG_KCB": "1.1", "MUC_HUONG": "80", "NGAY_VAO": "202611250800",
                 "NGAY_VAO_NOI_TRU": None, "LY_DO_VNT": None, "MA_LY_DO_VNT": None, "MA_CSKCB": "79014"}
    wire = reg.to_wire()
    assert wire["eligibility"] == {"status": "verified", "code": "000", "checked_at": "2026-11-25T08:00:05"}
    assert wire["identity_source"] == "qr-id-card" and wire["priority"] is True
    assert wire["presented_as"] == "id_qr"
    assert wire["benefit"]["provisional"] is True and wire["benefit"]["rule"] == "registered-here"
    assert Registration.from_wire(wire) == reg
    assert Registration.from_wire(reg.with_offline_ticket("K01-007").to_wire()).offline_ticket == "K01-007"


def test_new_card_registered_elsewhere_gets_the_rules_code_never_bare_3():
    ident = identity_from_qr(by_key("valid").qr_text(), TODAY)
    new = _verified(decision=Decision.ACCEPT_NEW_CARD, status=StaffStatus.WRONG_ROUTE,
                    new_card_number="DN4790100000011", new_valid_from=date(2026, 6, 1),
                    new_valid_to=date(2027, 5, 31), route=Route.WRONG, registered_facility="92001")
    benefit = _rules().decide(card_number="DN4790100000011", registered_facility="92001", on=TODAY)
    reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=new, pending=False,
                             department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                             arrived_at=datetime(2026, 11, 25, 8, 0), benefit=benefit)
    assert reg.eligibility_status == "wrong-route"
    assert reg.xml0["MA_THE_BHYT"] == "DN4790100000011" and reg.xml0["GT_THE_DEN"] == "20270531"
    assert reg.xml0["MA_DOITUONG_KCB"] == "1.14" and reg.xml0["MUC_HUONG"] == "40"


def test_an_id_number_is_never_sent_as_the_card_number():
    """A gateway echoing the ID number as maThe (issue 14 §10) must not reach MA_THE_BHYT."""
    ident = identity_from_qr(by_key("valid").qr_text(), TODAY)
    echoed = _verified(card_number="079088001234")
    reg = build_registration(client_id=str(uuid.uuid4()), identity=ident, eligibility=echoed, pending=False,
                             department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                             arrived_at=datetime(2026, 11, 25, 8, 0))
    assert reg.xml0["MA_THE_BHYT"] is None and reg.eligibility_status == "pending"


def test_qd130_birth_keeps_the_precision_we_have():
    assert qd130_birth("05/03/1994") == "199403050000"
    assert qd130_birth("1994") == "199400000000"
    assert qd130_birth("03/1994") == "199403000000"
