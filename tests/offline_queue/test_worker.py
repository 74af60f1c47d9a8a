"""Backoff bounds and the sync worker's thread behaviour (real SQLite, plain callables)."""

from __future__ import annotations

import random
import threading
import time
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offline_cache import Backoff, Courier, KioskDatabase, Receipt, SyncWorker


@given(st.integers(1, 200), st.floats(0.01, 1000), st.floats(0.001, 10))
def test_full_jitter_stays_within_the_capped_exponential(failures, cap, base):
    b = Backoff(cap=cap, base=base, rng=random.Random(failures))
    ceiling = b.ceiling(failures)
    assert ceiling == min(cap, base * 2 ** min(failures - 1, 62))
    assert 0 <= b.delay(failures) <= ceiling


def test_backoff_rejects_nonsense():
    with pytest.raises(ValueError, match="greater than 0"):
        Backoff(cap=0)


class Hospital:
    """A hospital double whose availability the test switches."""

    def __init__(self):
        self.up = threading.Event()
        self.got: list[str] = []

    def deliver(self, item):
        if not self.up.is_set():
            err = ConnectionError("refused")
            err.in_doubt = False
            raise err
        self.got.append(item.id)
        return Receipt("H", f"N-{len(self.got)}")

    def reconcile(self, item):
        return None


@pytest.fixture
def setup(tmp_path):
    kdb = KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    hospital = Hospital()
    courier = Courier(kdb.outbox, hospital.deliver, hospital.reconcile, backoff=Backoff(cap=60, base=30))
    worker = SyncWorker(courier, idle_poll=60).start()
    yield kdb, hospital, worker
    worker.stop()
    kdb.close()


def test_deliver_now_gives_up_quickly_when_the_hospital_is_down(setup):
    kdb, hospital, worker = setup
    item = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 1})
    started = time.monotonic()
    after = worker.deliver_now(item.id, timeout=5)
    assert after.state == "pending" and after.attempts >= 1
    assert time.monotonic() - started < 2  # did not sit out the whole bound


def test_a_new_checkin_pushes_the_whole_line_through_despite_backoff(setup):
    kdb, hospital, worker = setup
    first = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 1})
    worker.deliver_now(first.id, timeout=5)
    hospital.up.set()
    second = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 2})
    after = worker.deliver_now(second.id, timeout=5)
    assert after.state == "delivered"
    assert hospital.got == [first.id, second.id]  # in order, the first one was not left behind


def test_a_try_now_failing_when_the_next_try_now_starts_is_not_its_answer(tmp_path):
    """A patient's "try now" begins while the previous one's send still hangs and then fails
    (the hospital came back meanwhile): the new one tries again and delivers."""
    kdb = KioskDatabase.open(tmp_path, "K01", prefer_keyring=False)
    in_flight, release, up, got = threading.Event(), threading.Event(), threading.Event(), []

    def deliver(item):
        if not up.is_set():
            in_flight.set()
            release.wait(5)
            err = ConnectionError("refused")
            err.in_doubt = False
            raise err
        time.sleep(0.3)   # the old failure is seen before this answer
        got.append(item.id)
        return Receipt("H", f"N-{len(got)}")

    courier = Courier(kdb.outbox, deliver, lambda item: None, backoff=Backoff(cap=60, base=30))
    worker = SyncWorker(courier, idle_poll=60).start()
    try:
        time.sleep(0.2)   # the worker's first round found nothing: the next send is a "try now"
        item = kdb.outbox.enqueue(str(uuid.uuid4()), {"x": 1})
        threading.Thread(target=worker.deliver_now, args=(item.id, 5), daemon=True).start()
        assert in_flight.wait(5)
        up.set()
        threading.Timer(0.2, release.set).start()
        assert worker.deliver_now(item.id, timeout=5).state == "delivered"
        assert got == [item.id]
    finally:
        release.set()
        worker.stop()
        kdb.close()


def test_stop_ends_the_thread(setup):
    kdb, hospital, worker = setup
    worker.stop(timeout=5)
    assert not worker.running
