"""The result-code table: every code of the reference, its decision, its messages."""

import re

import pytest

from kiosk.config import FacilitySettings
from kiosk.domain import Decision, StaffStatus
from kiosk.gateway.codes import CODES, info_for
from kiosk.gateway.eligibility import Asked, evaluate

# The reference table (vss-gateway.md, "Result codes") and the kiosk decision it suggests.
EXPECTED = {
    "000": Decision.ACCEPT, "001": Decision.COUNTER, "002": Decision.COUNTER,
    "003": Decision.ACCEPT_NEW_CARD, "004": Decision.ACCEPT_NEW_CARD, "010": Decision.COUNTER,
    "050": Decision.COUNTER, "051": Decision.COUNTER, "052": Decision.COUNTER, "053": Decision.COUNTER,
    "054": Decision.CONFIG_ERROR, "055": Decision.CONFIG_ERROR, "060": Decision.COUNTER,
    "061": Decision.COUNTER, "070": Decision.COUNTER, "080": Decision.COUNTER, "090": Decision.COUNTER,
    "100": Decision.RETRY_LATER, "101": Decision.RETRY_LATER, "110": Decision.COUNTER,
    "120": Decision.COUNTER, "121": Decision.COUNTER, "122": Decision.COUNTER, "123": Decision.COUNTER,
    "124": Decision.COUNTER, "130": Decision.COUNTER, "205": Decision.COUNTER, "401": Decision.RETRY_LATER,
}


def test_every_reference_code_is_in_the_table_and_nothing_else():
    assert set(CODES) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_code_decision_and_messages(code):
    info = CODES[code]
    assert info.decision is EXPECTED[code]
    for text in (info.patient_vi, info.patient_en):
        assert text.strip() and text.count(".") <= 2
        assert not re.search(r"\b\d{3}\b", text), "the patient never sees the raw code"
    assert info.patient_vi != info.patient_en
    assert info.staff_detail("ghi chú của cổng").startswith(code)
    assert "ghi chú của cổng" in info.staff_detail("ghi chú của cổng")


@pytest.mark.parametrize("code", sorted(set(EXPECTED) - {"000", "003", "004"}))
def test_error_answer_without_card_fields_gets_the_code_decision(code):
    body = {"maKetQua": code, "ghiChu": "Câu ghi chú của cổng!"}
    asked = Asked("079088001234", "Trần Văn Bình", "14/03/1988")
    from datetime import date
    result = evaluate(body, asked, FacilitySettings(), date(2026, 1, 1))
    assert result.code == code and result.decision is EXPECTED[code]
    assert result.card_number == asked.card_number and result.full_name == asked.full_name
    assert result.birth == asked.birth
    assert "Câu ghi chú của cổng!" in result.staff_detail
    assert not result.insured


def test_config_codes_alert_it():
    for code in ("054", "055"):
        assert CODES[code].status is StaffStatus.GATEWAY_ERROR
        assert "IT" in CODES[code].meaning


def test_staff_statuses_for_the_main_outcomes():
    assert CODES["010"].status is StaffStatus.EXPIRED
    assert CODES["050"].status is StaffStatus.NOT_FOUND
    assert {CODES[c].status for c in ("060", "061", "070")} == {StaffStatus.MISMATCH}
    assert CODES["003"].status is StaffStatus.VERIFIED_NEW_CARD


def test_unknown_code_goes_to_the_counter_and_says_so():
    info = info_for("999")
    assert info.decision is Decision.COUNTER
    assert "unknown" in info.staff_detail() and "999" in info.staff_detail()
    assert "999" not in info.patient_vi + info.patient_en
