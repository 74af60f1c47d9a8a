"""Referrals in the outbox: their own lane, sealed like registrations, made once per cause.

Real SQLite files; the hospital is a plain callable (the courier's port), as in test_worker.
Delivery to the simulator's ``POST /referrals`` is in tests/lobby/.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid

import pytest

from devkit.simulator.citizens import CITIZENS
from kiosk.checkin.identify import identity_from_qr
from kiosk.checkin.state import CounterOutcome
from kiosk.domain import StaffStatus
from kiosk.lobby.referrals import InvalidScreen, ReferralQueue, check_screen
from kiosk.offline.counter_outcomes import QueueCounterRecorder
from offline_cache import Backoff, Courier, KioskDatabase, Receipt, Rechecker, RecheckOutcome, Step, StoreError
from offline_cache.lane_worker import LaneWorker

CITIZEN = CITIZENS[0]
CARD = identity_from_qr(CITIZEN.qr_text()).card_number


@pytest.fixture
def kdb(tmp_path):
    db = KioskDatabase.open(tmp_path, "K07", prefer_keyring=False)
    yield db
    db.close()


def identity():
    return identity_from_qr(CITIZEN.qr_text())


def outcome(status=StaffStatus.EXPIRED):
    return CounterOutcome(reason="070", status=status, config_error=False, patient_vi="Mời bạn đến quầy.",
                          patient_en="Please go to the counter.", staff_detail="Thẻ hết hạn (070).")


def raw_rows(path):
    """Every stored byte of the outbox in clear (what a stolen disk shows without the key)."""
    con = sqlite3.connect(path)
    try:
        return json.dumps(con.execute("SELECT id, kind, public, kiosk_ticket, reason, last_error FROM outbox")
                          .fetchall(), ensure_ascii=False)
    finally:
        con.close()


class Hospital:
    """Two independent doors (registrations, referrals) the test can shut."""

    def __init__(self):
        self.registrations_up = True
        self.referrals_up = True
        self.got: list[tuple[str, str]] = []

    def _down(self):
        err = ConnectionError("refused")
        err.in_doubt = False
        return err

    def deliver_registration(self, item):
        if not self.registrations_up:
            raise self._down()
        self.got.append(("registration", item.id))
        return Receipt("H-" + item.id[:4], f"N-{len(self.got)}")

    def deliver_referral(self, item):
        if not self.referrals_up:
            raise self._down()
        body = item.payload["referral"]
        assert body["client_id"] == item.id
        self.got.append(("referral", item.id))
        return Receipt(item.id, body.get("counter_number"), {"state": "open"})

    @staticmethod
    def reconcile(item):
        return None


def test_a_counter_outcome_queues_one_sealed_referral_in_its_own_transaction(kdb):
    referrals = ReferralQueue(kdb.outbox, "K07")
    recorder = QueueCounterRecorder(kdb.counters, "K07", referrals=referrals)
    client_id = str(uuid.uuid4())
    number = recorder.record(client_id, identity(), None, outcome())
    assert number == "K07-Q001"
    again = recorder.record(client_id, identity(), None, outcome())   # the same check-in recorded twice
    assert again == "K07-Q001"
    items = kdb.outbox.items()
    assert [(i.kind, i.kiosk_ticket) for i in items] == [("referral", "K07-Q001")]
    item = kdb.outbox.get(items[0].id, with_payload=True)
    body = item.payload["referral"]
    assert body["client_id"] == item.id != client_id
    assert (body["reason"], body["counter_number"], body["kiosk_id"]) == ("expired", "K07-Q001", "K07")
    assert body["identity"]["full_name"] == CITIZEN.full_name and body["staff_detail"] == "Thẻ hết hạn (070)."
    assert body["screen"] is None and body["registration_id"] is None
    # a referral is no visit: the next registration still gets the first offline number
    assert kdb.outbox.enqueue(str(uuid.uuid4()), {"registration": {}}).kiosk_ticket == "K07-001"
    # nothing that names the patient is stored in clear
    stored = raw_rows(kdb.store.path)
    assert CITIZEN.full_name not in stored and CARD not in stored
    assert item.public["masked_card"].endswith(CARD[-4:]) and item.public["reason"] == "expired"


def test_a_storage_failure_keeps_neither_the_counter_row_nor_the_referral(kdb):
    class Broken(ReferralQueue):
        def counter(self, *args, **kwargs):
            super().counter(*args, **kwargs)
            raise StoreError("disk full")
    recorder = QueueCounterRecorder(kdb.counters, "K07", referrals=Broken(kdb.outbox, "K07"))
    with pytest.raises(StoreError):
        recorder.record(str(uuid.uuid4()), identity(), None, outcome())
    assert kdb.counters.items() == [] and kdb.outbox.items() == []


def test_status_words_that_are_no_referral_reason_become_counter(kdb):
    referrals = ReferralQueue(kdb.outbox, "K07")
    recorder = QueueCounterRecorder(kdb.counters, "K07", referrals=referrals)
    recorder.record(str(uuid.uuid4()), identity(), None, outcome(StaffStatus.VERIFIED))
    assert kdb.outbox.items()[0].public["reason"] == "counter"


def test_referrals_and_registrations_leave_in_separate_lanes(kdb):
    hospital = Hospital()
    referrals = ReferralQueue(kdb.outbox, "K07")
    regs = Courier(kdb.outbox, hospital.deliver_registration, hospital.reconcile, kind="registration",
                   backoff=Backoff(cap=60, base=30))
    refs = Courier(kdb.outbox, hospital.deliver_referral, hospital.reconcile, kind="referral",
                   backoff=Backoff(cap=60, base=30))
    r1 = referrals.help("department-menu")
    a = kdb.outbox.enqueue("reg-a", {"registration": {}})
    b = kdb.outbox.enqueue("reg-b", {"registration": {}})
    # the referral door is shut: the registrations behind the referral still go, in order
    hospital.referrals_up = False
    assert refs.step() is Step.RETRY
    assert regs.step() is Step.DELIVERED and regs.step() is Step.DELIVERED and regs.step() is Step.IDLE
    assert hospital.got == [("registration", a.id), ("registration", b.id)]
    # the registration door is shut: a later referral is not held behind a waiting registration
    hospital.registrations_up, hospital.referrals_up = False, True
    c = kdb.outbox.enqueue("reg-c", {"registration": {}})
    assert regs.step() is Step.RETRY
    assert refs.step(force=True) is Step.DELIVERED
    assert hospital.got[-1] == ("referral", r1.id)
    assert kdb.outbox.get(c.id).state == "pending"


def test_a_refused_registration_becomes_a_hospital_refused_referral_in_the_same_transaction(kdb):
    referrals = ReferralQueue(kdb.outbox, "K07")

    class Refused(Exception):
        retryable = False

    def deliver(item):
        err = Refused("HospitalError: The hospital system refused the registration: HTTP 422 (bad_xml).")
        err.server_text = f"{CITIZEN.full_name} is not a valid name"
        raise err

    made: list[str] = []

    def on_refused(item, reason):
        made.append(referrals.hospital_refused(item, identity(), reason).id)

    courier = Courier(kdb.outbox, deliver, Hospital.reconcile, kind="registration", on_refused=on_refused)
    reg = kdb.outbox.enqueue("reg-1", {"registration": {}})
    assert courier.step() is Step.ATTENTION
    assert kdb.outbox.get(reg.id).state == "needs-attention"
    ref = kdb.outbox.get(made[0], with_payload=True)
    body = ref.payload["referral"]
    assert (ref.kind, body["reason"], body["registration_id"]) == ("referral", "hospital-refused", reg.id)
    assert "bad_xml" in body["staff_detail"] and body["identity"]["card_number"] == CARD
    stored = raw_rows(kdb.store.path)
    assert CITIZEN.full_name not in stored and CARD not in stored


def test_a_refusal_whose_referral_cannot_be_written_is_not_recorded_either(kdb):
    class Refused(Exception):
        retryable = False

    def deliver(item):
        raise Refused("refused (bad_xml)")

    def on_refused(item, reason):
        ReferralQueue(kdb.outbox, "K07").help("refused")
        raise StoreError("disk full")

    courier = Courier(kdb.outbox, deliver, Hospital.reconcile, kind="registration", on_refused=on_refused)
    kdb.outbox.enqueue("reg-1", {"registration": {}})
    with pytest.raises(StoreError):
        courier.step()
    # both or neither: the item is still to be sent (a retry will refuse and park it again)
    assert [(i.kind, i.state) for i in kdb.outbox.items()] == [("registration", "sending")]


def test_a_failed_recheck_becomes_one_recheck_failed_referral(kdb):
    referrals = ReferralQueue(kdb.outbox, "K07")
    reg = kdb.outbox.enqueue("reg-1", {"registration": {}}, eligibility_pending=True)
    kdb.outbox.note_shown(reg.id, reg.kiosk_ticket)
    made = []

    def on_failed(item, reason):
        made.append(referrals.recheck_failed(item, identity(), reason))

    checker = Rechecker(kdb.outbox, lambda item: RecheckOutcome(False, "expired (maKetQua 070) at 10:42"),
                        on_failed=on_failed)
    assert checker.step(force=True) == "failed"
    assert checker.step(force=True) == "idle"
    assert len(made) == 1 and len(kdb.outbox.items(states=("pending",))) == 2   # the registration + referral
    body = kdb.outbox.get(made[0].id, with_payload=True).payload["referral"]
    assert (body["reason"], body["registration_id"], body["gateway_code"]) == ("recheck-failed", reg.id, "070")
    assert "K07-001" in body["staff_detail"] and body["counter_number"].startswith("K07-R")


def test_a_verified_recheck_makes_no_referral(kdb):
    made = []
    kdb.outbox.enqueue("reg-1", {"registration": {}}, eligibility_pending=True)
    checker = Rechecker(kdb.outbox, lambda item: RecheckOutcome(True, "verified"),
                        on_failed=lambda item, reason: made.append(item))
    assert checker.step(force=True) == "verified" and made == []


def test_help_requests_carry_no_identity_and_a_repeat_press_is_the_same_request(kdb):
    now = [1000.0]
    referrals = ReferralQueue(kdb.outbox, "K07", clock=lambda: now[0])
    kdb.outbox.clock = lambda: now[0]
    first = referrals.help("confirm-identity")
    assert referrals.help("confirm-identity").id == first.id
    other = referrals.help("department-menu")
    assert other.id != first.id
    now[0] += 121
    assert referrals.help("confirm-identity").id != first.id
    body = kdb.outbox.get(first.id, with_payload=True).payload["referral"]
    assert (body["reason"], body["screen"], body["identity"], body["masked_card"]) == \
        ("help", "confirm-identity", None, None)
    for bad in ("", "Confirm", "a" * 41, "x; DROP", None, 7):
        with pytest.raises(InvalidScreen):
            check_screen(bad)


def test_the_lane_worker_delivers_in_the_sending_process_only_and_drains_before_exit(kdb):
    hospital = Hospital()
    sender = threading.Event()
    courier = Courier(kdb.outbox, hospital.deliver_referral, Hospital.reconcile, kind="referral")
    lane = LaneWorker(courier, idle_poll=0.05, may_run=sender.is_set).start()
    referrals = ReferralQueue(kdb.outbox, "K07", kick=lane.kick)
    try:
        item = referrals.help("idle")
        time.sleep(0.3)
        assert hospital.got == []                     # another process is the sender
        sender.set()
        assert lane.drain(5.0) is True
        assert hospital.got == [("referral", item.id)] and kdb.outbox.get(item.id).state == "delivered"
        hospital.referrals_up = False
        referrals.help("menu")
        started = time.monotonic()
        assert lane.drain(5.0) is False               # the hospital is not taking them: do not wait it out
        assert time.monotonic() - started < 2.0
    finally:
        lane.stop()


def test_a_send_already_failing_when_drain_starts_does_not_end_the_drain(kdb):
    """The hospital comes back while a send begun during the outage is still on the wire: that
    send's failure is not the answer to the drain, which tries again and delivers."""
    hospital = Hospital()
    hospital.referrals_up = False
    in_flight, release = threading.Event(), threading.Event()

    def slow_failing_send(item):
        if not hospital.referrals_up:
            in_flight.set()
            release.wait(5)
            raise hospital._down()
        time.sleep(0.3)                                # drain sees the old failure before this answer
        return hospital.deliver_referral(item)

    courier = Courier(kdb.outbox, slow_failing_send, Hospital.reconcile, kind="referral")
    lane = LaneWorker(courier, idle_poll=0.05).start()
    try:
        item = ReferralQueue(kdb.outbox, "K07", kick=lane.kick).help("idle")
        assert in_flight.wait(5)
        hospital.referrals_up = True                   # back, while the old send still hangs
        threading.Timer(0.2, release.set).start()
        assert lane.drain(5.0) is True
        assert hospital.got == [("referral", item.id)]
    finally:
        release.set()
        lane.stop()


def test_backlog_and_last_checkin_for_the_heartbeat(kdb):
    now = [5000.0]
    kdb.outbox.clock = lambda: now[0]
    referrals = ReferralQueue(kdb.outbox, "K07", clock=lambda: now[0])
    assert kdb.outbox.backlog() == {"depth": 0, "oldest_created_at": None, "attention": 0}
    assert kdb.outbox.last_checkin() is None
    referrals.help("idle")
    assert kdb.outbox.last_checkin() is None           # a help request is no check-in
    now[0] = 5010.0
    reg = kdb.outbox.enqueue("reg-1", {"registration": {}})
    kdb.outbox.mark_sending(reg.id)
    kdb.outbox.mark_attention(reg.id, "refused (bad_xml)")
    assert kdb.outbox.backlog() == {"depth": 1, "oldest_created_at": 5000.0, "attention": 1}
    assert kdb.outbox.last_checkin() == 5010.0


def test_staff_see_a_referral_item_masked_with_its_kind_and_reason(kdb):
    from kiosk.cli.queue_cmd import item_view
    recorder = QueueCounterRecorder(kdb.counters, "K07", referrals=ReferralQueue(kdb.outbox, "K07"))
    recorder.record(str(uuid.uuid4()), identity(), None, outcome())
    view = item_view(kdb.outbox.items(with_payload=True)[0])
    assert (view["kind"], view["referral_reason"], view["kiosk_ticket"]) == ("referral", "expired", "K07-Q001")
    assert view["patient"]["card"].endswith(CARD[-4:]) and CARD not in json.dumps(view)
    assert CITIZEN.full_name not in json.dumps(view, ensure_ascii=False) and view["patient"]["name"]


def test_a_help_request_with_its_own_id_is_queued_once_under_that_id(kdb):
    referrals = ReferralQueue(kdb.outbox, "K07")
    rid = str(uuid.uuid4())
    item = referrals.help("confirm", client_id=rid)
    assert item.id == rid and referrals.help("confirm", client_id=rid).id == rid
    assert kdb.outbox.get(rid, with_payload=True).payload["referral"]["client_id"] == rid
    assert len(kdb.outbox.items()) == 1
    with pytest.raises(InvalidScreen):
        referrals.help("confirm", client_id="not-a-uuid")
