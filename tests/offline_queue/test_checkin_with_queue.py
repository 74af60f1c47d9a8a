"""The check-in flow as the factory builds it: every registration goes through the queue."""

from __future__ import annotations

import dataclasses
import time

import pytest

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import State, identity_from_qr
from kiosk.offline import OutboxRegistrationSink
from kiosk.services import KioskServices
from tests.offline_queue.support import config_for, fault, registration


@pytest.fixture(autouse=True)
def sim(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


@pytest.fixture
def services(sim, tmp_path):
    cfg = config_for(sim, tmp_path / "data", max_backoff_seconds=0.2)
    # re-checks wait at least this long after a failure (and after the patient's own lookup)
    cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, recheck_min_delay_seconds=1.0))
    with KioskServices.open(cfg) as s:
        yield s


def check_in(services, key: str, department: str = "KNOI"):
    flow = services.new_checkin()
    flow.identify(identity_from_qr(by_key(key).qr_text()))
    assert flow.check_eligibility() == State.ELIGIBILITY_SHOWN
    flow.load_departments()
    return flow, flow.choose_department(department)


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.02)
    return predicate()


def test_the_factory_uses_the_queue_by_default(services):
    assert isinstance(services.sink, OutboxRegistrationSink)
    flow, ticket = check_in(services, "valid")
    item = services.queue.db.outbox.get(flow.client_id)
    assert item.state == "delivered" and item.hospital_ticket == ticket.number and not ticket.pending


def test_gateway_down_mid_lookup_registers_pending_and_rechecks_when_it_is_back(services, sim):
    fault(sim, "gateway.lookup", "drop")
    flow, ticket = check_in(services, "valid")
    assert flow.eligibility_pending
    outbox = services.queue.db.outbox
    assert outbox.get(flow.client_id).eligibility == "pending"
    time.sleep(0.3)  # the rechecker tries and fails while the gateway is still down
    assert outbox.get(flow.client_id).eligibility == "pending"
    fault(sim, "gateway.lookup", "none")
    services.queue.worker.kick()
    assert wait_until(lambda: outbox.get(flow.client_id).eligibility == "verified")
    item = outbox.get(flow.client_id)
    assert item.state == "delivered" and "verified" in item.elig_reason and not item.needs_attention


def test_failed_recheck_is_flagged_for_staff(services, sim):
    fault(sim, "gateway.lookup", "http500")
    flow, _ = check_in(services, "expired")
    fault(sim, "gateway.lookup", "none")
    services.queue.worker.kick()
    outbox = services.queue.db.outbox
    assert wait_until(lambda: outbox.get(flow.client_id).eligibility == "failed")
    item = outbox.get(flow.client_id)
    assert item.needs_attention and "expired" in item.elig_reason
    assert [i.id for i in outbox.items(attention=True)] == [flow.client_id]


def test_departments_work_offline_from_the_last_copy(services, sim):
    fresh = services.departments.departments()
    assert services.departments.age_seconds == 0
    fault(sim, "hospital.departments", "http500")
    time.sleep(0.05)
    cached = services.departments.departments()
    assert cached == fresh and services.departments.age_seconds > 0


def test_eligibility_answers_are_cached_persistently(services, sim, tmp_path):
    check_in(services, "valid")
    cache = services.queue.eligibility_cache
    today = services.gateway.today()
    assert cache.get(by_key("valid").id_number, today) is not None
    services.close()
    with KioskServices.open(config_for(sim, tmp_path / "data")) as again:  # after a restart
        found = again.queue.eligibility_cache.get(by_key("valid").id_number, today)
        assert found is not None and found.full_name == by_key("valid").full_name


def test_a_damaged_database_is_put_aside_and_the_kiosk_keeps_working(sim, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "queue.db").write_bytes(b"\x00garbage, not SQLite" * 500)
    with KioskServices.open(config_for(sim, data)) as services:
        assert services.queue.damage is not None and "moved aside" in str(services.queue.damage)
        status = services.queue.status()
        assert len(status["damaged_copies"]) == 1 and status["damage_at_start"]
        kept = status["damaged_copies"][0]
        assert open(kept, "rb").read().startswith(b"\x00garbage")  # kept for IT, byte for byte
        _, ticket = check_in(services, "valid")
        assert not ticket.pending


def test_a_registration_never_waits_on_a_recheck(services, sim):
    fault(sim, "gateway.lookup", "drop")
    flow, _ = check_in(services, "valid")                   # pending: a re-check will follow
    # the re-check's lookup hangs 4 s at the gateway (more than the 3 s a check-in waits)
    sim.faults.set("gateway.lookup", Fault("slow", latency=4.0, count=1))
    assert wait_until(lambda: "gateway.lookup" not in sim.faults.snapshot(), timeout=10)   # it is in flight
    ticket = services.queue.sink.submit(registration(6))
    assert not ticket.pending and ticket.hospital_id        # delivered meanwhile, not held behind it
    assert services.queue.db.outbox.get(flow.client_id).eligibility == "pending"   # still asking


def test_rechecks_keep_a_minimum_delay_and_pause_on_a_blocked_account(tmp_path):
    from offline_cache import Backoff, KioskDatabase, Rechecker
    now = [1000.0]
    kdb = KioskDatabase.open(tmp_path, "K01", clock=lambda: now[0])
    asked = []

    class Timeout(Exception):
        retryable = True

    class Blocked(Exception):
        retryable = True
        retry_after = 900.0

    answers = [Timeout("read timed out"), Blocked("account blocked")]

    def recheck(item):
        asked.append(now[0])
        raise answers.pop(0)
    try:
        reg = registration(7)
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()}, eligibility_pending=True)
        rechecker = Rechecker(kdb.outbox, recheck, backoff=Backoff(cap=300.0), clock=lambda: now[0],
                              min_delay=60.0)
        # not right after the patient's own lookup
        assert rechecker.step() == "waiting" and rechecker.next_due() == 1060.0
        now[0] = 1060.0
        assert rechecker.step() == "retry"                  # timed out
        assert rechecker.next_due() >= 1120.0               # never again within the minimum delay
        now[0] = rechecker.next_due()
        assert rechecker.step() == "retry"                  # blocked: paused for the block's length
        assert rechecker.next_due() >= now[0] + 900.0
        assert len(asked) == 2
    finally:
        kdb.close()


@pytest.mark.parametrize("one_per_day", [True, False])
def test_one_ticket_per_day_holds_while_the_hospital_is_unreachable(sim, tmp_path, one_per_day):
    import dataclasses
    cfg = config_for(sim, tmp_path / "data", immediate_wait_seconds=0.5, max_backoff_seconds=0.2)
    cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, one_ticket_per_day=one_per_day))
    with KioskServices.open(cfg) as services:
        services.departments.departments()          # the menu is cached while the hospital answers
        fault(sim, "hospital.*", "drop")             # then the hospital becomes unreachable
        _, first = check_in(services, "valid")
        _, second = check_in(services, "valid", department="MAT")   # the same patient, again today
        assert first.pending and first.number == "K01-001" and not first.existing
        items = services.queue.db.outbox.items()
        if one_per_day:
            assert (second.number, second.existing, second.pending) == ("K01-001", True, True)
            assert second.department.code == "KNOI"  # the first ticket, not a second department
            assert len(items) == 1
        else:
            assert second.number == "K01-002" and not second.existing
            assert len(items) == 2
        fault(sim, "hospital.*", "none")


def test_a_session_that_learns_a_name_tells_the_redactor(tmp_path):
    from kiosk.config import load_config
    from kiosk.redaction import Redactor
    citizen = by_key("valid")
    redactor = Redactor()
    assert citizen.full_name in redactor.text(f"patient {citizen.full_name}")   # nothing known yet
    cfg = load_config(None, environ={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    with KioskServices.open(cfg, start=False, offline_queue=False, redactor=redactor) as services:
        services.new_checkin().identify(identity_from_qr(citizen.qr_text()))
    masked = redactor.text(f"patient {citizen.full_name}")
    assert citizen.full_name not in masked and masked.startswith("patient ")


def test_the_roots_monitoring_reports_the_gateway_from_the_last_check_in(sim, tmp_path):
    """``kiosk run`` starts Monitoring on the root: its endpoint reads the RecordedGateway's record."""
    import dataclasses
    import socket

    import requests
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = config_for(sim, tmp_path / "data")
    cfg = dataclasses.replace(cfg, health=dataclasses.replace(cfg.health, endpoint_port=port, heartbeat_seconds=0))
    with KioskServices.open(cfg) as services:
        services.start_monitoring()
        check_in(services, "valid")
        logins = sim.gateway_state.snapshot().get("logins")
        part = requests.get(f"http://127.0.0.1:{port}/health/gateway", timeout=10).json()
        assert part["status"] == "ok" and part["detail"]["passive"] is True
        assert sim.gateway_state.snapshot().get("logins") == logins   # no login spent on the probe
    with pytest.raises(requests.ConnectionError):                     # closing the root stops it
        requests.get(f"http://127.0.0.1:{port}/health/gateway", timeout=2)
