"""The benefit step of the check-in flow, on the real gateway and hospital clients over loopback."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import State, identity_from_qr
from kiosk.errors import InvalidTransition
from kiosk.rules import parse_referral
from kiosk.services import KioskServices

AFTER, BEFORE = date(2026, 7, 1), date(2026, 6, 30)


@pytest.fixture(autouse=True)
def server(fresh_simulator):
    return fresh_simulator


def services_at(server, as_of: date) -> KioskServices:
    cfg = dev_kit_config()
    cfg = dataclasses.replace(
        cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url, read_timeout=1.0),
        hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server), read_timeout=1.0))
    return KioskServices.open(cfg, offline_queue=False, as_of=as_of)


def checked(services, key: str):
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    return flow


def test_registered_here_is_verified_with_code_1_1_and_no_question(server):
    with services_at(server, AFTER) as s:
        flow = checked(s, "valid")
        assert not flow.slip_question
        assert (flow.benefit.reason, flow.benefit.percent) == ("registered", 80.0)
        assert flow.eligibility.patient_vi.startswith("Bảo hiểm y tế chi trả 80 %")
        flow.choose_department("KNOI")
        body = server.hospital_state.body_for(flow.client_id)
    assert body["xml0"]["MA_DOITUONG_KCB"] == "1.1" and body["xml0"]["MUC_HUONG"] == "80"
    assert body["benefit"]["provisional"] is True and body["presented_as"] == "id_qr"


def test_registered_elsewhere_after_july_asks_once_and_a_valid_referral_restores_the_full_benefit(server):
    with services_at(server, AFTER) as s:
        flow = checked(s, "elsewhere-basic")              # HC3 card: 95 %
        assert flow.slip_question
        assert flow.eligibility.status.value == "verified" and flow.benefit.percent == 47.5
        slip = parse_referral("CV-1/2026:79020:30/06/2026")
        benefit = flow.give_slips(referral=slip)
        assert not flow.slip_question                     # asked once
        assert (benefit.reason, benefit.percent, benefit.ma_doituong_kcb) == ("referral", 95.0, "1.3")
        flow.choose_department("KNOI")
        body = server.hospital_state.body_for(flow.client_id)
    assert body["benefit"]["referral"] == {"number": "CV-1/2026", "facility": "79020", "signed": "2026-06-30",
                                           "diagnosis": None}
    assert body["xml0"]["MA_DOITUONG_KCB"] == "1.3" and body["eligibility"]["status"] == "verified"


def test_before_july_the_same_patient_is_for_staff_to_confirm_not_refused(server):
    with services_at(server, BEFORE) as s:
        flow = checked(s, "elsewhere-basic")
        flow.give_slips()
        assert flow.benefit.staff_confirm and flow.eligibility.status.value == "wrong-route"
        assert "nhân viên sẽ xác nhận mức hưởng" in flow.eligibility.patient_vi
        flow.choose_department("KNOI")
        assert flow.state == State.TICKET


def test_an_appointment_is_single_use(server):
    with services_at(server, AFTER) as s:
        first = checked(s, "elsewhere-initial")
        assert first.give_slips(appointment_id="HK-2026-0003").reason == "appointment"
        first.choose_department("KNOI")
        second = checked(s, "elsewhere-specialised")
        benefit = second.give_slips(appointment_id="HK-2026-0003")
    assert benefit.reason == "not_registered" and "appointment used" in benefit.staff_detail


def test_an_appointment_the_hospital_cannot_check_is_left_to_staff(server):
    server.faults.set("hospital.appointment", Fault("http500"))
    with services_at(server, AFTER) as s:
        benefit = checked(s, "elsewhere-initial").give_slips(appointment_id="HK-2026-0001")
    assert benefit.reason == "not_registered" and "appointment unchecked" in benefit.staff_detail


def test_gateway_failure_keeps_masked_evidence_with_the_registration(server):
    server.faults.set("gateway.*", Fault("http500"))
    c = by_key("valid")
    with services_at(server, AFTER) as s:
        flow = s.new_checkin()
        flow.identify(identity_from_qr(c.qr_text()))
        flow.check_eligibility()
        assert flow.eligibility_pending and flow.benefit.reason == "unknown"
        flow.choose_department("KNOI")
        body = server.hospital_state.body_for(flow.client_id)
    evidence = body["gateway_evidence"]
    assert evidence["error"].startswith("gateway") and evidence["at"]
    assert evidence["request"] == {"card": "********1234", "name": "T. V. B.", "birth_year": "1988",
                                   "presented_as": "id_qr"}
    assert c.id_number not in str(evidence) and c.full_name not in str(evidence)


def test_a_gateway_echoing_the_id_number_as_maThe_registers_the_bhxh_number(server):
    c = by_key("echo-id")
    with services_at(server, AFTER) as s:
        flow = checked(s, "echo-id")
        assert flow.eligibility.card_number == c.bhxh_number
        flow.choose_department("KNOI")
        body = server.hospital_state.body_for(flow.client_id)
    assert body["xml0"]["MA_THE_BHYT"] == c.bhxh_number and body["xml0"]["SO_CCCD"] == c.id_number


def test_slips_are_refused_outside_eligibility_and_wiped_on_reset(server):
    with services_at(server, AFTER) as s:
        flow = s.new_checkin()
        with pytest.raises(InvalidTransition):
            flow.give_slips()
        flow = checked(s, "elsewhere-basic")
        flow.give_slips(appointment_id="HK-2026-0001")
        flow.reset()
        assert flow.benefit is None and not flow.slip_question


def test_a_gateway_answer_saying_try_later_also_keeps_evidence(server):
    with services_at(server, AFTER) as s:
        flow = s.new_checkin()
        flow.identify(identity_from_qr(by_key("server-error").qr_text()))   # the gateway answers 101
        flow.check_eligibility()
        assert flow.eligibility_pending
        flow.choose_department("KNOI")
        evidence = server.hospital_state.body_for(flow.client_id)["gateway_evidence"]
    assert evidence["error"].startswith("gateway") and evidence["request"]["card"].endswith("5678")
