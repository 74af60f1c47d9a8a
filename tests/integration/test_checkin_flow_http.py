"""The check-in flow end to end over HTTP: KioskServices' gateway and hospital clients
against the dev kit's simulator on loopback, faults injected there.

The state machine's own rules are unit-tested on in-memory fakes of its ports
(tests/unit/test_checkin_flow.py); these tests keep what only the real stack can
show: the wire answers (a malformed or absurdly nested body, a dropped
connection, a stored registration whose answer is lost) reaching the flow as the
errors and outcomes the fakes stand in for, and the hospital's Idempotency-Key
keeping a retry to one registration.
"""

from __future__ import annotations

import dataclasses

import pytest

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import hospital_url
from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import State, identity_from_qr
from kiosk.domain import Identity, StaffStatus
from kiosk.errors import GatewayError, HospitalError, HospitalUnavailable
from kiosk.services import KioskServices


@pytest.fixture
def server(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


@pytest.fixture
def services(server):
    cfg = dev_kit_config()
    cfg = dataclasses.replace(
        cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url, read_timeout=1.0),
        hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server), read_timeout=1.0))
    # the flow over a direct sink; the outbox-backed sink is tests/offline_queue/test_checkin_with_queue.py
    with KioskServices.open(cfg, offline_queue=False) as s:
        yield s


def who(key: str) -> Identity:
    return identity_from_qr(by_key(key).qr_text())


def test_happy_path_over_http_registers_with_the_hospital(services, server):
    flow = services.new_checkin()
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility.status == StaffStatus.VERIFIED
    assert "KNOI" in {d.code for d in flow.load_departments()}
    ticket = flow.choose_department("NHI", priority=True)
    assert ticket.department.code == "NHI" and ticket.priority and ticket.registration_id == flow.client_id
    assert server.hospital_state.answer_for(flow.client_id)["queue_number"] == ticket.number


def test_expired_card_over_http_is_a_counter_outcome(services, server):
    flow = services.new_checkin()
    flow.identify(who("expired"))
    assert flow.check_eligibility() == State.COUNTER
    assert flow.counter.reason == "010" and flow.counter.status == StaffStatus.EXPIRED
    assert server.hospital_state.count() == 0


def test_malformed_gateway_answer_is_an_error_and_the_check_can_be_retried(services, server):
    server.faults.set("gateway.lookup", Fault("malformed", count=1))
    flow = services.new_checkin()
    flow.identify(who("valid"))
    with pytest.raises(GatewayError) as info:
        flow.check_eligibility()
    assert info.value.code == "gateway_garbage" and flow.state == State.ERROR
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN


def test_deeply_nested_gateway_json_leaves_the_patient_pending_not_in_error(services, server):
    server.faults.set("gateway.lookup", Fault("replace", body=b"[" * 200_000 + b"]" * 200_000, count=1))
    flow = services.new_checkin()
    flow.identify(who("valid"))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    assert flow.eligibility_pending and flow.error is None


def test_dropped_registration_retried_registers_once(services, server):
    flow = services.new_checkin()
    flow.identify(who("valid"))
    flow.check_eligibility()
    flow.load_departments()
    server.faults.set("hospital.register", Fault("drop", count=1))
    with pytest.raises(HospitalUnavailable):
        flow.choose_department("KNOI")
    assert server.hospital_state.count() == 0
    flow.choose_department("KNOI")
    assert server.hospital_state.count() == 1


def test_lost_answer_retry_gets_the_original_ticket_once(services, server):
    flow = services.new_checkin()
    flow.identify(who("valid"))
    flow.check_eligibility()
    flow.load_departments()
    server.faults.set("hospital.register", Fault("malformed", count=1))
    with pytest.raises(HospitalError) as info:
        flow.choose_department("KNOI")
    assert info.value.code == "hospital_garbage" and info.value.retryable
    assert server.hospital_state.count() == 1  # stored; only the answer was lost
    ticket = flow.choose_department("KNOI")
    assert not ticket.existing and ticket.number == "NOI-001"
    assert server.hospital_state.count() == 1
