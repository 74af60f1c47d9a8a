"""The check-in state machine: every transition, refused transitions, double taps, reset.

The flow runs on in-memory fakes of its ports (tests/unit/checkin_fakes.py): no
socket, an injected clock and client ids, failures scripted per call. The same
flow over HTTP against the dev kit's simulator is tested in
tests/integration/test_checkin_flow_http.py.
"""

from __future__ import annotations

import threading

import pytest

from devkit.simulator.citizens import by_key
from kiosk.checkin import ALLOWED_FROM, CheckIn, State, Step, identity_from_qr
from kiosk.domain import Identity, StaffStatus
from kiosk.errors import (
    Cancelled,
    GatewayError,
    HospitalError,
    HospitalGarbage,
    HospitalUnavailable,
    InvalidTransition,
    UnknownDepartment,
)
from kiosk.gateway.errors import GatewayAnswerTooDeep, GatewayGarbage, GatewayUnreachable
from tests.unit.checkin_fakes import START, Desk, Gate


def who(key: str, card: str = "id") -> Identity:
    c = by_key(key)
    text = c.qr_text() if card == "id" else c.bhyt_qr_text()
    assert text is not None
    return identity_from_qr(text, today=START.date())


@pytest.fixture
def desk() -> Desk:
    d = Desk()
    d.gateway.codes[who("expired").card_number] = "010"   # the gateway's "card expired"
    return d


def flow_in(desk: Desk, state: State, key: str = "valid") -> CheckIn:
    """A flow driven into ``state`` through the real calls."""
    flow = desk.new_checkin()
    if state == State.IDLE:
        return flow
    flow.identify(who(key))
    if state == State.IDENTIFIED:
        return flow
    if state == State.COUNTER:
        flow.reset()
        flow.identify(who("expired"))
        assert flow.check_eligibility() == State.COUNTER
        return flow
    flow.check_eligibility()
    if state == State.ELIGIBILITY_SHOWN:
        return flow
    flow.load_departments()
    if state == State.CHOOSING_DEPARTMENT:
        return flow
    flow.choose_department("KNOI")
    assert state == State.TICKET
    return flow


def test_happy_path_visits_every_state_in_order(desk):
    seen = []
    flow = desk.new_checkin(listener=lambda old, new: seen.append(new))
    assert flow.identify(who("valid")) == State.IDENTIFIED
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility.status == StaffStatus.VERIFIED and not flow.eligibility_pending
    assert flow.eligibility.checked_at == START
    departments = flow.load_departments()
    assert flow.state == State.CHOOSING_DEPARTMENT and "KNOI" in {d.code for d in departments}
    ticket = flow.choose_department("NHI", priority=True)
    assert flow.state == State.TICKET and flow.ticket == ticket
    assert ticket.department.code == "NHI" and ticket.priority and ticket.registration_id == flow.client_id
    assert seen == [State.IDENTIFIED, State.CHECKING, State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT,
                    State.REGISTERING, State.TICKET]
    assert desk.hospital.tickets[flow.client_id].number == ticket.number
    assert desk.hospital.registrations[flow.client_id] == flow.registration
    assert flow.registration.department == "NHI" and flow.registration.priority


def test_choose_department_straight_from_eligibility_loads_the_menu(desk):
    flow = flow_in(desk, State.ELIGIBILITY_SHOWN)
    assert flow.choose_department("MAT").room == "P.310"


def test_counter_outcomes_give_no_ticket(desk):
    flow = flow_in(desk, State.COUNTER)
    assert flow.counter.reason == "010" and flow.counter.status == StaffStatus.EXPIRED
    assert not flow.counter.config_error and flow.ticket is None
    assert desk.hospital.count() == 0 and desk.hospital.submits == 0
    assert desk.recorder.records == [(flow.client_id, flow.counter)] and flow.counter_number == "Q-001"


def test_a_failing_counter_recorder_still_sends_the_patient_to_the_counter(desk):
    desk.recorder.failures.append(OSError("station database locked"))
    flow = flow_in(desk, State.COUNTER)
    assert flow.state == State.COUNTER and flow.counter_number is None and desk.recorder.records == []


def test_config_error_answer_is_a_counter_outcome_flagged_for_it(desk):
    desk.gateway.codes[who("valid").card_number] = "054"
    flow = desk.new_checkin()
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.COUNTER
    assert flow.counter.config_error and flow.counter.reason == "054"


def test_gateway_down_proceeds_as_pending_when_allowed(desk):
    desk.gateway.failures.append(GatewayUnreachable("connection refused"))
    flow = desk.new_checkin()
    flow.identify(who("valid-female"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility_pending and flow.eligibility.status == StaffStatus.PENDING
    ticket = flow.choose_department("SAN")
    assert not ticket.pending  # the hospital confirmed it: only eligibility is pending
    assert flow.registration.eligibility_status == "pending"
    assert flow.registration.xml0["MA_THE_BHYT"] is None and flow.registration.xml0["SO_CCCD"] == "001194005678"
    evidence = flow.registration.gateway_evidence
    assert evidence["at"] == START.isoformat(timespec="seconds") and evidence["error"] == "gateway_unreachable"


def test_gateway_down_sends_to_counter_when_pending_not_allowed(desk):
    desk.gateway.failures.append(GatewayUnreachable("connection refused"))
    flow = desk.new_checkin(allow_pending_eligibility=False)
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.COUNTER
    assert flow.counter.reason == "gateway_unavailable"
    assert flow.counter.status == StaffStatus.GATEWAY_ERROR


def test_gateway_garbage_is_an_error_and_the_check_can_be_retried(desk):
    desk.gateway.failures.append(GatewayGarbage("not JSON"))
    flow = desk.new_checkin()
    flow.identify(who("valid"))
    with pytest.raises(GatewayError) as info:
        flow.check_eligibility()
    assert info.value.code == "gateway_garbage"
    assert flow.state == State.ERROR and flow.error is info.value
    with pytest.raises(InvalidTransition):
        flow.load_departments()  # from ERROR only the failed step may be retried
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.error is None


def test_an_answer_nested_too_deeply_leaves_the_patient_pending_not_in_error(desk):
    desk.gateway.failures.append(GatewayAnswerTooDeep("nested deeper than 64"))
    flow = desk.new_checkin()
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility_pending and flow.error is None


def test_department_list_failure_then_retry(desk):
    flow = flow_in(desk, State.ELIGIBILITY_SHOWN)
    desk.hospital.menu_failures.append(HospitalUnavailable("HTTP 500"))
    with pytest.raises(HospitalUnavailable):
        flow.load_departments()
    assert flow.state == State.ERROR
    assert flow.load_departments() and flow.state == State.CHOOSING_DEPARTMENT


def test_unknown_department_keeps_the_patient_choosing(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    with pytest.raises(UnknownDepartment):
        flow.choose_department("NOPE")
    assert flow.state == State.CHOOSING_DEPARTMENT and desk.hospital.count() == 0
    assert desk.hospital.submits == 0   # refused before anything was sent
    assert flow.choose_department("KNOI").department.code == "KNOI"


def test_hospital_down_is_an_error_and_retry_reuses_the_same_registration(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    client_id = flow.client_id
    desk.hospital.drop.append(HospitalUnavailable("connection reset"))
    with pytest.raises(HospitalUnavailable) as info:
        flow.choose_department("KNOI")
    assert info.value.retryable and flow.state == State.ERROR and flow.ticket is None
    assert desk.hospital.count() == 0  # nothing half-registered
    first_body = flow.registration.to_wire()
    ticket = flow.choose_department("KNOI")
    assert flow.client_id == client_id == ticket.registration_id
    assert flow.registration.to_wire() == first_body
    assert desk.hospital.count() == 1


def test_a_new_choice_after_a_failure_is_a_new_request(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    first_id = flow.client_id
    desk.hospital.drop.append(HospitalUnavailable("connection reset"))
    with pytest.raises(HospitalUnavailable):
        flow.choose_department("KNOI")
    ticket = flow.choose_department("MAT")
    assert flow.client_id != first_id and ticket.registration_id == flow.client_id
    assert flow.registration.department == "MAT" and desk.hospital.count() == 1


def test_lost_answer_retry_gets_the_original_ticket_once(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    desk.hospital.lose_answer.append(HospitalGarbage("truncated JSON"))
    with pytest.raises(HospitalError) as info:
        flow.choose_department("KNOI")
    assert info.value.code == "hospital_garbage" and info.value.retryable
    assert desk.hospital.count() == 1  # stored; only the answer was lost
    ticket = flow.choose_department("KNOI")
    assert not ticket.existing and ticket.number == "KNOI-001"
    assert desk.hospital.count() == 1 and desk.hospital.submits == 2


def test_double_tap_registers_once(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    desk.hospital.gate = gate = Gate()
    results = []
    worker = threading.Thread(target=lambda: results.append(flow.choose_department("KNOI")))
    worker.start()
    try:
        assert gate.entered.wait(5)
        assert flow.state == State.REGISTERING
        with pytest.raises(InvalidTransition):
            flow.choose_department("KNOI")  # the second tap
    finally:
        gate.release()
        worker.join(5)
    assert flow.state == State.TICKET and len(results) == 1
    with pytest.raises(InvalidTransition):
        flow.choose_department("KNOI")  # a tap on the ticket screen
    assert desk.hospital.count() == 1 and desk.hospital.submits == 1


def test_reset_during_a_call_discards_its_answer(desk):
    flow = desk.new_checkin()
    flow.identify(who("valid"))
    desk.gateway.gate = gate = Gate()
    errors = []

    def check():
        try:
            flow.check_eligibility()
        except Cancelled as e:
            errors.append(e)

    worker = threading.Thread(target=check)
    worker.start()
    try:
        assert gate.entered.wait(5)
        assert flow.state == State.CHECKING
        flow.reset()
    finally:
        gate.release()
        worker.join(5)
    assert errors and flow.state == State.IDLE and flow.eligibility is None and flow.identity is None


def test_reset_during_registration_discards_the_ticket(desk):
    flow = flow_in(desk, State.CHOOSING_DEPARTMENT)
    desk.hospital.gate = gate = Gate()
    errors = []

    def register():
        try:
            flow.choose_department("KNOI")
        except Cancelled as e:
            errors.append(e)

    worker = threading.Thread(target=register)
    worker.start()
    try:
        assert gate.entered.wait(5)
        flow.reset()
    finally:
        gate.release()
        worker.join(5)
    assert errors and flow.state == State.IDLE and flow.ticket is None


def test_reset_wipes_every_personal_field(desk):
    flow = flow_in(desk, State.TICKET)
    old_id = flow.client_id
    flow.reset()
    assert flow.state == State.IDLE
    for name in ("identity", "client_id", "eligibility", "counter", "registration", "ticket", "error"):
        assert getattr(flow, name) is None, name
    assert flow.eligibility_pending is False
    flow.identify(who("valid-female"))
    assert flow.client_id and flow.client_id != old_id


def test_arrival_time_is_the_clock_at_identification(desk):
    flow = desk.new_checkin()
    flow.identify(who("valid"))
    desk.clock.advance(90)
    flow.check_eligibility()
    assert flow.eligibility.checked_at == desk.clock()
    flow.choose_department("KNOI")
    assert desk.hospital.tickets[flow.client_id].issued_at == desk.clock()
    assert flow.registration.xml0["NGAY_VAO"] == START.strftime("%Y%m%d%H%M")   # arrival, not the later clock


# written out by hand (not derived from ALLOWED_FROM) so a change to the table fails here
MAY_START = {
    State.IDLE: {Step.IDENTIFY},
    State.IDENTIFIED: {Step.CHECK},
    State.ELIGIBILITY_SHOWN: {Step.DEPARTMENTS, Step.REGISTER, Step.COUNTER},
    State.CHOOSING_DEPARTMENT: {Step.DEPARTMENTS, Step.REGISTER, Step.COUNTER},
    State.TICKET: set(),
    State.COUNTER: set(),
}
CALLS = {
    Step.IDENTIFY: lambda f: f.identify(who("valid")),
    Step.CHECK: lambda f: f.check_eligibility(),
    Step.DEPARTMENTS: lambda f: f.load_departments(),
    Step.REGISTER: lambda f: f.choose_department("KNOI"),
    Step.COUNTER: lambda f: f.choose_counter(),
}


def test_transition_table_is_the_documented_one():
    for state, steps in MAY_START.items():
        assert {step for step in Step if state in ALLOWED_FROM[step]} == steps, state
    for busy in (State.CHECKING, State.REGISTERING, State.ERROR):
        assert not any(busy in states for states in ALLOWED_FROM.values())


@pytest.mark.parametrize("state", list(MAY_START), ids=lambda s: s.value)
def test_every_step_not_allowed_in_a_state_is_refused(desk, state):
    flow = flow_in(desk, state)
    registered, asked = desk.hospital.submits, len(desk.gateway.asked)
    for step in set(Step) - MAY_START[state]:
        with pytest.raises(InvalidTransition):
            CALLS[step](flow)
        assert flow.state == state
    assert desk.hospital.submits == registered and len(desk.gateway.asked) == asked


def test_repr_holds_no_personal_data(desk):
    flow = flow_in(desk, State.TICKET)
    text = repr(flow) + repr(flow.registration) + repr(flow.identity)
    assert "079088001234" not in text and "Bình" not in text


def test_a_failing_listener_does_not_break_the_flow(desk):
    def broken(old, new):
        raise RuntimeError("ui bug")

    flow = desk.new_checkin(listener=broken)
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.choose_department("KNOI").number == "KNOI-001" and flow.state == State.TICKET
