"""The check-in state machine: every transition, refused transitions, double taps, reset.

The flow runs on its real collaborators: the gateway client and the hospital
client talking over loopback to the simulator (faults injected there).
"""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import ALLOWED_FROM, CheckIn, State, Step, identity_from_qr
from kiosk.domain import StaffStatus
from kiosk.errors import (
    Cancelled,
    GatewayError,
    HospitalError,
    HospitalUnavailable,
    InvalidTransition,
    UnknownDepartment,
)
from kiosk.services import KioskServices


@pytest.fixture(autouse=True)
def server(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


def make_services(server, **kiosk) -> KioskServices:
    cfg = dev_kit_config()
    cfg = dataclasses.replace(
        cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url, read_timeout=1.0),
        hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server), read_timeout=1.0),
        kiosk=dataclasses.replace(cfg.kiosk, **kiosk))
    # These tests pin the flow's own behaviour over a direct sink; the default, outbox-backed
    # sink is exercised in tests/offline_queue/test_checkin_with_queue.py.
    return KioskServices.open(cfg, offline_queue=False)


@pytest.fixture
def services(server):
    with make_services(server) as s:
        yield s


def who(key: str, card: str = "id"):
    c = by_key(key)
    return identity_from_qr(c.qr_text() if card == "id" else c.bhyt_qr_text())


def flow_in(services, state: State, key: str = "valid") -> CheckIn:
    """A flow driven into ``state`` through the real calls."""
    flow = services.new_checkin()
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


def test_happy_path_visits_every_state_in_order(services, server):
    seen = []
    flow = services.new_checkin(listener=lambda old, new: seen.append(new))
    assert flow.identify(who("valid")) == State.IDENTIFIED
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility.status == StaffStatus.VERIFIED and not flow.eligibility_pending
    departments = flow.load_departments()
    assert flow.state == State.CHOOSING_DEPARTMENT and "KNOI" in {d.code for d in departments}
    ticket = flow.choose_department("NHI", priority=True)
    assert flow.state == State.TICKET and flow.ticket == ticket
    assert ticket.department.code == "NHI" and ticket.priority and ticket.registration_id == flow.client_id
    assert seen == [State.IDENTIFIED, State.CHECKING, State.ELIGIBILITY_SHOWN, State.CHOOSING_DEPARTMENT,
                    State.REGISTERING, State.TICKET]
    assert server.hospital_state.answer_for(flow.client_id)["queue_number"] == ticket.number


def test_choose_department_straight_from_eligibility_loads_the_menu(services):
    flow = flow_in(services, State.ELIGIBILITY_SHOWN)
    assert flow.choose_department("MAT").room == "P.310"


def test_counter_outcomes_give_no_ticket(services, server):
    flow = flow_in(services, State.COUNTER)
    assert flow.counter.reason == "010" and flow.counter.status == StaffStatus.EXPIRED
    assert not flow.counter.config_error and flow.ticket is None
    assert server.hospital_state.count() == 0


def test_config_error_answer_is_a_counter_outcome_flagged_for_it(services, server):
    server.gateway_state.forced_codes["079088001234"] = "054"
    try:
        flow = services.new_checkin()
        flow.identify(who("valid"))
        assert flow.check_eligibility() == State.COUNTER
        assert flow.counter.config_error and flow.counter.reason == "054"
    finally:
        server.gateway_state.forced_codes.clear()


def test_gateway_down_proceeds_as_pending_when_allowed(services, server):
    server.faults.set("gateway.*", Fault("drop"))
    flow = services.new_checkin()
    flow.identify(who("valid-female"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility_pending and flow.eligibility.status == StaffStatus.PENDING
    ticket = flow.choose_department("SAN")
    assert not ticket.pending  # the hospital confirmed it: only eligibility is pending
    assert flow.registration.eligibility_status == "pending"
    assert flow.registration.xml0["MA_THE_BHYT"] is None and flow.registration.xml0["SO_CCCD"] == "001194005678"


def test_gateway_down_sends_to_counter_when_pending_not_allowed(server):
    server.faults.set("gateway.*", Fault("drop"))
    with make_services(server, allow_pending_eligibility=False) as services:
        flow = services.new_checkin()
        flow.identify(who("valid"))
        assert flow.check_eligibility() == State.COUNTER
        assert flow.counter.reason == "gateway_unavailable"
        assert flow.counter.status == StaffStatus.GATEWAY_ERROR


def test_gateway_garbage_is_an_error_and_the_check_can_be_retried(services, server):
    server.faults.set("gateway.lookup", Fault("malformed", count=1))
    flow = services.new_checkin()
    flow.identify(who("valid"))
    with pytest.raises(GatewayError) as info:
        flow.check_eligibility()
    assert info.value.code == "gateway_garbage"
    assert flow.state == State.ERROR and flow.error is info.value
    with pytest.raises(InvalidTransition):
        flow.load_departments()  # from ERROR only the failed step may be retried
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.error is None


def test_department_list_failure_then_retry(services, server):
    flow = flow_in(services, State.ELIGIBILITY_SHOWN)
    server.faults.set("hospital.departments", Fault("http500", count=1))
    with pytest.raises(HospitalUnavailable):
        flow.load_departments()
    assert flow.state == State.ERROR
    assert flow.load_departments() and flow.state == State.CHOOSING_DEPARTMENT


def test_unknown_department_keeps_the_patient_choosing(services, server):
    flow = flow_in(services, State.CHOOSING_DEPARTMENT)
    with pytest.raises(UnknownDepartment):
        flow.choose_department("NOPE")
    assert flow.state == State.CHOOSING_DEPARTMENT and server.hospital_state.count() == 0
    assert flow.choose_department("KNOI").department.code == "KNOI"


def test_hospital_down_is_an_error_and_retry_reuses_the_same_registration(services, server):
    flow = flow_in(services, State.CHOOSING_DEPARTMENT)
    client_id = flow.client_id
    server.faults.set("hospital.register", Fault("drop", count=1))
    with pytest.raises(HospitalUnavailable) as info:
        flow.choose_department("KNOI")
    assert info.value.retryable and flow.state == State.ERROR and flow.ticket is None
    assert server.hospital_state.count() == 0  # nothing half-registered
    first_body = flow.registration.to_wire()
    ticket = flow.choose_department("KNOI")
    assert flow.client_id == client_id == ticket.registration_id
    assert flow.registration.to_wire() == first_body
    assert server.hospital_state.count() == 1


def test_lost_answer_retry_gets_the_original_ticket_once(services, server):
    flow = flow_in(services, State.CHOOSING_DEPARTMENT)
    server.faults.set("hospital.register", Fault("malformed", count=1))
    with pytest.raises(HospitalError) as info:
        flow.choose_department("KNOI")
    assert info.value.code == "hospital_garbage" and info.value.retryable
    assert server.hospital_state.count() == 1  # stored; only the answer was lost
    ticket = flow.choose_department("KNOI")
    assert not ticket.existing and ticket.number == "NOI-001"
    assert server.hospital_state.count() == 1


def test_double_tap_registers_once(services, server):
    flow = flow_in(services, State.CHOOSING_DEPARTMENT)
    server.faults.set("hospital.register", Fault("slow", latency=0.3))
    results = []
    worker = threading.Thread(target=lambda: results.append(flow.choose_department("KNOI")))
    worker.start()
    deadline = time.monotonic() + 2
    while flow.state != State.REGISTERING and time.monotonic() < deadline:
        time.sleep(0.005)
    with pytest.raises(InvalidTransition):
        flow.choose_department("KNOI")  # the second tap
    worker.join(5)
    assert flow.state == State.TICKET and len(results) == 1
    with pytest.raises(InvalidTransition):
        flow.choose_department("KNOI")  # a tap on the ticket screen
    assert server.hospital_state.count() == 1


def test_reset_during_a_call_discards_its_answer(services, server):
    flow = services.new_checkin()
    flow.identify(who("valid"))
    server.faults.set("gateway.lookup", Fault("slow", latency=0.3))
    errors = []

    def check():
        try:
            flow.check_eligibility()
        except Cancelled as e:
            errors.append(e)

    worker = threading.Thread(target=check)
    worker.start()
    deadline = time.monotonic() + 2
    while flow.state != State.CHECKING and time.monotonic() < deadline:
        time.sleep(0.005)
    flow.reset()
    worker.join(5)
    assert errors and flow.state == State.IDLE and flow.eligibility is None and flow.identity is None


def test_reset_wipes_every_personal_field(services):
    flow = flow_in(services, State.TICKET)
    old_id = flow.client_id
    flow.reset()
    assert flow.state == State.IDLE
    for name in ("identity", "client_id", "eligibility", "counter", "registration", "ticket", "error"):
        assert getattr(flow, name) is None, name
    assert flow.eligibility_pending is False
    flow.identify(who("valid-female"))
    assert flow.client_id and flow.client_id != old_id


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
def test_every_step_not_allowed_in_a_state_is_refused(services, server, state):
    flow = flow_in(services, state)
    registered = server.hospital_state.count()
    for step in set(Step) - MAY_START[state]:
        with pytest.raises(InvalidTransition):
            CALLS[step](flow)
        assert flow.state == state
    assert server.hospital_state.count() == registered


def test_repr_holds_no_personal_data(services):
    flow = flow_in(services, State.TICKET)
    text = repr(flow) + repr(flow.registration) + repr(flow.identity)
    assert "079088001234" not in text and "Bình" not in text


def test_a_failing_listener_does_not_break_the_flow(services):
    def broken(old, new):
        raise RuntimeError("ui bug")

    flow = services.new_checkin(listener=broken)
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.choose_department("KNOI").number == "NOI-001" and flow.state == State.TICKET


def test_deeply_nested_gateway_json_leaves_the_patient_pending_not_in_error(services, server):
    server.faults.set("gateway.lookup", Fault("replace", body=b"[" * 200_000 + b"]" * 200_000, count=1))
    flow = services.new_checkin()
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility_pending and flow.error is None
