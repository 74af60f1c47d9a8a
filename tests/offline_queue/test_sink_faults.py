"""The outbox sink against the project's simulator, through its fault switches."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.errors import HospitalError, QueueStorageError, UnknownDepartment
from kiosk.hospital.client import HospitalClient
from kiosk.offline import OfflineQueue
from offline_cache import Step
from tests.offline_queue.support import config_for, fault, registration


@pytest.fixture(autouse=True)
def sim(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


@pytest.fixture
def queue(sim, tmp_path):
    # a dropped POST may still be processed: the courier waits connect + 1 s before re-sending
    cfg = config_for(sim, tmp_path / "data", immediate_wait_seconds=2.0, max_backoff_seconds=0.2,
                     hospital_processing_seconds=1.0)
    q = OfflineQueue.open(cfg, HospitalClient(cfg.hospital), idle_poll=0.05)
    yield q
    q.close()


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_online_the_hospital_ticket_is_returned_and_stored(queue, sim):
    reg = registration(0)
    ticket = queue.sink.submit(reg)
    assert not ticket.pending and ticket.number == "NOI-001" and ticket.hospital_id
    item = queue.db.outbox.get(reg.client_id)
    assert item.state == "delivered" and item.hospital_ticket == "NOI-001" and not item.reassigned
    assert sim.hospital_state.count() == 1
    assert queue.sink.submit(reg).number == "NOI-001"  # idempotent on the client id
    assert sim.hospital_state.count() == 1


@pytest.mark.parametrize("kind", ["http500", "drop"])
def test_hospital_down_gives_a_pending_kiosk_number_then_delivers(queue, sim, kind):
    fault(sim, "hospital.register", kind)
    reg = registration(1)
    ticket = queue.sink.submit(reg)
    assert ticket.pending and ticket.number.startswith("K01-") and ticket.hospital_id is None
    assert sim.hospital_state.count() == 0
    # let one more attempt fail, so the next one surely sends the body carrying the printed number
    # (an attempt already under way when the ticket was printed sends the older body; the
    # hospital then numbers it itself and staff see the reassignment: tested further down)
    tried = queue.db.outbox.get(reg.client_id).attempts
    assert wait_until(lambda: queue.db.outbox.get(reg.client_id).attempts > tried
                      and queue.db.outbox.get(reg.client_id).state == "pending")
    fault(sim, "hospital.register", "none")
    queue.worker.kick(urgent=True)
    assert wait_until(lambda: queue.db.outbox.get(reg.client_id).state == "delivered")
    item = queue.db.outbox.get(reg.client_id)
    assert item.hospital_ticket == ticket.number  # the hospital kept the printed number
    assert sim.hospital_state.count() == 1


def test_garbage_answer_after_storing_is_reconciled_not_resent(queue, sim):
    """A 2xx cut in half: the hospital stored it, the kiosk cannot tell; it asks before resending."""
    fault(sim, "hospital.register", "malformed", count=1)
    reg = registration(2)
    ticket = queue.sink.submit(reg)
    item = queue.db.outbox.get(reg.client_id)
    if item.state != "delivered":
        queue.worker.kick(urgent=True)
        assert wait_until(lambda: queue.db.outbox.get(reg.client_id).state == "delivered")
        item = queue.db.outbox.get(reg.client_id)
    assert item.reconciled
    assert sim.hospital_state.count() == 1
    assert sim.hospital_state.answer_for(reg.client_id)["queue_number"] == item.hospital_ticket
    if ticket.pending:  # the patient holds the kiosk number; staff see the reassignment
        assert item.reassigned and item.hospital_ticket != ticket.number


def test_slow_hospital_gets_a_kiosk_number_and_the_reassignment_is_visible(sim, tmp_path):
    cfg = config_for(sim, tmp_path / "data", immediate_wait_seconds=0.3, max_backoff_seconds=0.2)
    cfg = dataclasses.replace(cfg, hospital=dataclasses.replace(cfg.hospital, read_timeout=2.0))
    q = OfflineQueue.open(cfg, HospitalClient(cfg.hospital), idle_poll=0.05)
    try:
        fault(sim, "hospital.register", "slow", latency=2.5, count=1)  # longer than read_timeout
        # the kiosk's reconciling lookup (sent after the 2 s timeout) lands after the slow
        # registration was stored at 2.5 s, and still answers within the timeout
        fault(sim, "hospital.fetch", "slow", latency=1.5, count=1)
        reg = registration(3)
        started = time.monotonic()
        ticket = q.sink.submit(reg)
        assert time.monotonic() - started < 1.5  # the patient did not wait for the slow hospital
        assert ticket.pending and ticket.number.startswith("K01-")
        assert wait_until(lambda: q.db.outbox.get(reg.client_id).state == "delivered", timeout=10)
        item = q.db.outbox.get(reg.client_id)
        # found by asking, not sent twice; the hospital numbered the first (slow) request itself
        assert item.reconciled and item.ticket_shown == ticket.number
        assert item.reassigned and item.hospital_ticket != ticket.number
        assert sim.hospital_state.count() == 1
    finally:
        q.close()


def test_refusal_goes_to_the_counter_and_waits_for_staff(queue, sim):
    reg = registration(4)
    bad = dataclasses.replace(reg, xml0={**reg.xml0, "SO_CCCD": "12AB"})  # hospital answers 422
    with pytest.raises(HospitalError) as info:
        queue.sink.submit(bad)
    assert info.value.retryable is False
    item = queue.db.outbox.get(bad.client_id)
    assert item.state == "needs-attention" and "invalid_field" in item.reason
    assert sim.hospital_state.count() == 0
    later = registration(5)
    assert not queue.sink.submit(later).pending  # a refused item does not block the queue


def test_unknown_department_keeps_its_type(queue, sim):
    with pytest.raises(UnknownDepartment):
        queue.sink.submit(registration(6, department="NOPE"))


def test_staff_retry_after_the_cause_is_fixed(queue, sim):
    fault(sim, "hospital.register", "none")
    reg = registration(7)
    sim.hospital_state.api_key = "rotated"  # 401: refused, not retryable
    with pytest.raises(HospitalError):
        queue.sink.submit(reg)
    assert queue.db.outbox.get(reg.client_id).state == "needs-attention"
    sim.hospital_state.api_key = "demo-key"  # IT fixes the key
    queue.db.outbox.retry(reg.client_id)
    queue.worker.kick(urgent=True)
    assert wait_until(lambda: queue.db.outbox.get(reg.client_id).state == "delivered")
    assert sim.hospital_state.count() == 1


def test_disk_full_is_a_clear_error_and_nothing_is_lost(queue, sim):
    fault(sim, "hospital.register", "http500")
    first = registration(8)
    queue.sink.submit(first)
    with queue.db.store.read() as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    queue.db.store.set_page_limit(pages)
    def fill_the_last_free_pages():
        for n in range(50):
            queue.sink.submit(registration(9 + n))
    with pytest.raises(QueueStorageError) as info:
        fill_the_last_free_pages()
    err = info.value
    assert "counter" in err.patient_message("en") and "full" in err.detail
    assert queue.db.outbox.get(first.client_id).state in ("pending", "sending")  # kept, retried
    queue.db.store.set_page_limit(1_000_000)
    fault(sim, "hospital.register", "none")
    queue.worker.kick(urgent=True)
    assert wait_until(lambda: queue.db.outbox.get(first.client_id).state == "delivered")


class _ConflictHandler(BaseHTTPRequestHandler):
    """A hospital system that answers every registration with 409 Conflict."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"reason": "conflict", "message": "A visit is already open."}).encode()
        self.send_response(409)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        body = json.dumps({"reason": "unknown_registration", "message": "no"}).encode()
        self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_409_conflict_needs_attention_with_its_reason(tmp_path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ConflictHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        cfg = config_for(None, tmp_path / "data")
        cfg = dataclasses.replace(cfg, hospital=dataclasses.replace(
            cfg.hospital, url=f"http://127.0.0.1:{httpd.server_address[1]}/his/v1"))
        q = OfflineQueue.open(cfg, HospitalClient(cfg.hospital), start=False)
        reg = registration(0)
        q.db.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()})
        assert q.courier.step() == Step.ATTENTION
        item = q.db.outbox.get(reg.client_id)
        assert item.state == "needs-attention" and "conflict" in item.reason
        q.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_logs_hold_no_personal_data(queue, sim, caplog):
    caplog.set_level("DEBUG")
    regs = [registration(n) for n in range(4)]
    fault(sim, "hospital.register", "malformed", count=1)
    queue.sink.submit(regs[0])
    fault(sim, "hospital.register", "http500", count=2)
    queue.sink.submit(regs[1])
    bad = dataclasses.replace(regs[2], xml0={**regs[2].xml0, "SO_CCCD": "12AB"})
    try:  # refused now, or later (queued behind the failing item): logged either way
        queue.sink.submit(bad)
    except HospitalError:
        pass
    queue.worker.kick(urgent=True)
    assert wait_until(lambda: queue.db.outbox.get(bad.client_id).state == "needs-attention")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "queue item" in text or "registration" in text  # the queue did log
    for reg in regs:
        for value in (reg.xml0["HO_TEN"], reg.xml0["SO_CCCD"], reg.xml0["NGAY_SINH"]):
            assert value not in text


@pytest.fixture
def slow_queue(sim, tmp_path):
    """A queue whose hospital reads time out at 0.4 s and may take up to 2 s to process a POST."""
    cfg = config_for(sim, tmp_path / "data", immediate_wait_seconds=0.0, max_backoff_seconds=0.2,
                     hospital_processing_seconds=2.0)
    cfg = dataclasses.replace(cfg, hospital=dataclasses.replace(cfg.hospital, read_timeout=0.4))
    q = OfflineQueue.open(cfg, HospitalClient(cfg.hospital), idle_poll=0.05)
    yield q
    q.close()


def test_a_slow_non_idempotent_hospital_gets_each_registration_once(slow_queue, sim):
    sim.hospital_state.idempotent = False        # every POST it finishes is a new registration
    fault(sim, "hospital.register", "slow", latency=1.2, count=1)    # processed after our read timed out
    reg = registration(3)
    ticket = slow_queue.sink.submit(reg)
    assert ticket.pending
    assert wait_until(lambda: slow_queue.db.outbox.get(reg.client_id).state == "delivered", timeout=15)
    item = slow_queue.db.outbox.get(reg.client_id)
    assert item.reconciled                        # found by asking, never sent a second time
    assert sim.hospital_state.stored.count(reg.client_id) == 1


def test_an_in_doubt_head_whose_lookup_is_refused_goes_to_staff_and_unblocks(slow_queue, sim):
    fault(sim, "hospital.register", "drop", count=1)                  # no answer: in doubt
    refused = json.dumps({"reason": "forbidden", "message": "No access to this registration."}).encode()
    from devkit.simulator.server import Fault
    sim.faults.set("hospital.fetch", Fault("replace", body=refused, status=403))   # every lookup
    first, second = registration(4), registration(5)
    slow_queue.sink.submit(first)
    slow_queue.sink.submit(second)
    assert wait_until(lambda: slow_queue.db.outbox.get(second.client_id).state == "delivered", timeout=15)
    parked = slow_queue.db.outbox.get(first.client_id)
    assert parked.state == "needs-attention" and "(forbidden)" in parked.reason
