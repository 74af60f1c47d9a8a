"""The benefit step inside the check-in state machine, on in-memory fakes of its ports.

The rules are the packaged ones (loaded from the dev-kit config, as
KioskServices does); the gateway's answers, the hospital and its appointment
book are the fakes of tests/unit/checkin_fakes.py, today is the fake clock's.
The same behaviour end to end over HTTP is tests/integration/test_checkin_benefit.py.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.citizens import by_key
from kiosk.checkin import CheckIn, State, identity_from_qr
from kiosk.domain import Identity, Route
from kiosk.errors import HospitalUnavailable, InvalidTransition
from kiosk.gateway.errors import GatewayServerError
from kiosk.rules import BenefitRules, load_benefit_rules, parse_referral
from tests.unit.checkin_fakes import Desk, FakeClock, answer

AFTER, BEFORE = datetime(2026, 7, 1, 8, 0), datetime(2026, 6, 30, 8, 0)


@pytest.fixture(scope="module")
def rules() -> BenefitRules:
    return load_benefit_rules(dev_kit_config())


def desk_at(now: datetime) -> Desk:
    """A desk whose gateway answers each synthetic citizen with its own card and registered facility."""
    desk = Desk(clock=FakeClock(now))
    for key in ("valid", "elsewhere-basic", "elsewhere-specialised"):
        c = by_key(key)
        desk.gateway.answers[c.id_number] = answer(
            c.gateway_code, who(key), now.date(), card_number=c.bhyt_code, registered_facility=c.registered_facility,
            route=Route.RIGHT if c.registered_facility == "79014" else Route.WRONG)
    desk.hospital.appointments.update({"HK-2026-0001": False, "HK-2026-0003": False})
    return desk


def who(key: str) -> Identity:
    return identity_from_qr(by_key(key).qr_text())


def checked(desk: Desk, rules: BenefitRules, key: str) -> CheckIn:
    flow = desk.new_checkin(rules=rules)
    flow.identify(who(key))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    return flow


def test_registered_here_is_the_full_benefit_with_no_question(rules):
    desk = desk_at(AFTER)
    flow = checked(desk, rules, "valid")
    assert not flow.slip_question
    assert (flow.benefit.reason, flow.benefit.percent) == ("registered", 80.0)
    assert flow.eligibility.patient_vi.startswith("Bảo hiểm y tế chi trả 80 %")
    flow.choose_department("KNOI")
    sent = desk.hospital.registrations[flow.client_id]
    assert sent.xml0["MA_DOITUONG_KCB"] == "1.1" and sent.benefit is not None and sent.benefit["provisional"]


def test_registered_elsewhere_after_july_asks_once_and_a_referral_restores_the_full_benefit(rules):
    desk = desk_at(AFTER)
    flow = checked(desk, rules, "elsewhere-basic")              # HC3 card: 95 %
    assert flow.slip_question and flow.benefit.percent == 47.5
    benefit = flow.give_slips(referral=parse_referral("CV-1/2026:79020:30/06/2026"))
    assert not flow.slip_question                               # asked once
    assert (benefit.reason, benefit.percent, benefit.ma_doituong_kcb) == ("referral", 95.0, "1.3")
    flow.choose_department("KNOI")
    assert desk.hospital.registrations[flow.client_id].xml0["MA_DOITUONG_KCB"] == "1.3"


def test_before_july_the_same_patient_is_for_staff_to_confirm_not_refused(rules):
    flow = checked(desk_at(BEFORE), rules, "elsewhere-basic")
    flow.give_slips()
    assert flow.benefit.staff_confirm and flow.eligibility.status.value == "wrong-route"
    flow.choose_department("KNOI")
    assert flow.state == State.TICKET


def test_an_appointment_is_single_use(rules):
    desk = desk_at(AFTER)
    first = checked(desk, rules, "elsewhere-basic")
    assert first.give_slips(appointment_id="HK-2026-0003").reason == "appointment"
    first.choose_department("KNOI")
    assert desk.hospital.appointments["HK-2026-0003"] is True
    benefit = checked(desk, rules, "elsewhere-specialised").give_slips(appointment_id="HK-2026-0003")
    assert benefit.reason == "not_registered" and "appointment used" in benefit.staff_detail


def test_an_appointment_the_hospital_cannot_check_is_left_to_staff(rules):
    desk = desk_at(AFTER)
    desk.hospital.appointment_failures.append(HospitalUnavailable("HTTP 500"))
    benefit = checked(desk, rules, "elsewhere-basic").give_slips(appointment_id="HK-2026-0001")
    assert benefit.reason == "not_registered" and "appointment unchecked" in benefit.staff_detail


def test_gateway_failure_keeps_masked_evidence_with_the_registration(rules):
    desk = desk_at(AFTER)
    desk.gateway.failures.append(GatewayServerError("HTTP 500"))
    c = by_key("valid")
    flow = checked(desk, rules, "valid")
    assert flow.eligibility_pending and flow.benefit.reason == "unknown"
    flow.choose_department("KNOI")
    evidence = desk.hospital.registrations[flow.client_id].gateway_evidence
    assert evidence is not None and evidence["at"] == AFTER.isoformat(timespec="seconds")
    assert evidence["error"].startswith("gateway")
    assert evidence["request"] == {"card": "********1234", "name": "T. V. B.", "birth_year": "1988",
                                   "presented_as": "id_qr"}
    assert c.id_number not in str(evidence) and c.full_name not in str(evidence)


def test_a_gateway_answer_saying_try_later_also_keeps_evidence(rules):
    desk = desk_at(AFTER)
    desk.gateway.codes[by_key("valid").id_number] = "101"
    del desk.gateway.answers[by_key("valid").id_number]
    flow = checked(desk, rules, "valid")
    assert flow.eligibility_pending
    flow.choose_department("KNOI")
    evidence = desk.hospital.registrations[flow.client_id].gateway_evidence
    assert evidence is not None and evidence["error"] == "gateway_retry_later"


def test_slips_are_refused_outside_eligibility_and_wiped_on_reset(rules):
    desk = desk_at(AFTER)
    with pytest.raises(InvalidTransition):
        desk.new_checkin(rules=rules).give_slips()
    flow = checked(desk, rules, "elsewhere-basic")
    flow.give_slips(appointment_id="HK-2026-0001")
    flow.reset()
    assert flow.benefit is None and not flow.slip_question
