"""Hypothesis stateful test of the outbox's promises across restarts and failures.

The hospital here is a test double of the external system and is deliberately
NOT idempotent: every POST that reaches it creates a record. So "exactly
once" can only hold because the courier reconciles (asks before resending)
whenever an earlier send's outcome is unknown: after a lost answer or a crash
between "sending" and the answer.

The hospital can also be SLOW: in mode "slow" a POST is stored only after a
processing time of up to ``PROCESSING`` seconds while the kiosk's read times
out at once, so a reconciling GET in between answers "unknown" although the
first POST is still being processed. Exactly once then holds only because the
courier never re-sends before its ``in_flight`` bound has passed. In mode
"get-refused" the reconciling GET itself is refused (4xx): the in-doubt head
must go to staff instead of blocking the queue forever.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from offline_cache import Backoff, Courier, KioskDatabase, Receipt


class Unreachable(Exception):
    retryable = True
    in_doubt = False


class LostAnswer(Exception):
    retryable = True


class Refused(Exception):
    retryable = False


class Killed(BaseException):
    """The process dies inside a call: nothing after it runs (the courier only catches Exception)."""


PROCESSING = 4.0      # the slow hospital's longest processing time (fake seconds)


class FakeHospital:
    """Records every registration it receives; modes decide what the kiosk hears back."""

    def __init__(self, clock):
        self.clock = clock
        self.records: list[str] = []     # item ids, in arrival order (duplicates would show)
        self.processing: list[tuple[float, str]] = []   # (done at, item id): slow POSTs not stored yet
        self.mode = "ok"
        self.refuse: set[str] = set()
        self.parked_by_get: set[str] = set()

    def settle(self):
        """Store the slow POSTs whose processing has finished."""
        done = sorted(p for p in self.processing if p[0] <= self.clock())
        self.processing = [p for p in self.processing if p[0] > self.clock()]
        self.records.extend(item_id for _at, item_id in done)

    def deliver(self, item):
        self.settle()
        if self.mode == "killed-before-arrival":
            raise Killed()
        if self.mode == "down":
            raise Unreachable("connection refused")
        if item.id in self.refuse:
            raise Refused("422 invalid_field")
        if self.mode == "slow":   # stored only later; our read times out now
            self.processing.append((self.clock() + PROCESSING * 0.99, item.id))
            raise LostAnswer("read timed out")
        self.records.append(item.id)
        if self.mode == "killed-after-arrival":
            raise Killed()
        if self.mode == "lose-answer":
            raise LostAnswer("read timed out")
        return Receipt(f"H{len(self.records)}", f"NOI-{len(self.records):03d}")

    def reconcile(self, item):
        self.settle()
        if self.mode == "down":
            raise Unreachable("connection refused")
        if self.mode == "get-refused":
            self.parked_by_get.add(item.id)
            raise Refused("403 forbidden")
        return Receipt("H?", None) if item.id in self.records else None


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="outbox-sm-")
        self.now = [1000.0]
        self.hospital = FakeHospital(lambda: self.now[0])
        self.enqueued: list[str] = []      # acknowledged ids in order
        self.ever_refused: set[str] = set()
        self._open()

    def _open(self):
        self.kdb = KioskDatabase.open(self.dir, "K01", prefer_keyring=False, clock=lambda: self.now[0])
        self.courier = Courier(self.kdb.outbox, self.hospital.deliver, self.hospital.reconcile,
                               backoff=Backoff(cap=5.0), clock=lambda: self.now[0], in_flight=PROCESSING)
        # a restarted process is a new sender: its worker claims what the dead one left sending
        self.kdb.outbox.claim_sending()

    def teardown(self):
        self.kdb.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    @rule(refuse=st.booleans())
    def enqueue(self, refuse):
        item_id = str(uuid.uuid4())
        self.kdb.outbox.enqueue(item_id, {"n": len(self.enqueued)})
        self.enqueued.append(item_id)
        if refuse:
            self.hospital.refuse.add(item_id)
            self.ever_refused.add(item_id)

    @rule(mode=st.sampled_from(["ok", "ok", "down", "lose-answer", "slow", "slow", "get-refused"]))
    def hospital_mode(self, mode):
        self.hospital.mode = mode

    @rule(force=st.booleans())
    def step(self, force):
        self.courier.step(force=force)

    @rule(seconds=st.floats(0, 10))
    def time_passes(self, seconds):
        self.now[0] += seconds

    @rule()
    def restart(self):
        self.kdb.close()
        self._open()

    @precondition(lambda self: self.kdb.outbox.head() is not None)
    @rule(arrives=st.booleans())
    def killed_while_sending(self, arrives):
        """The process dies during the POST, before or after the hospital stored it."""
        mode = self.hospital.mode
        self.hospital.mode = "killed-after-arrival" if arrives else "killed-before-arrival"
        try:
            self.courier.step(force=True)
        except Killed:
            pass
        finally:
            self.hospital.mode = mode
        self.kdb.close()  # nothing else is written: as if killed
        self._open()

    @rule(data=st.data())
    def staff_retry(self, data):
        parked = self.kdb.outbox.items(states=("needs-attention",))
        if parked:
            item = data.draw(st.sampled_from(parked))
            self.hospital.refuse.discard(item.id)   # staff fixed the cause
            self.kdb.outbox.retry(item.id)

    @invariant()
    def nothing_duplicated(self):
        stored_or_processing = self.hospital.records + [i for _at, i in self.hospital.processing]
        assert len(stored_or_processing) == len(set(stored_or_processing))

    @invariant()
    def nothing_lost(self):
        states = {i.id: i.state for i in self.kdb.outbox.items(limit=10_000)}
        assert set(states) == set(self.enqueued)
        for item_id, state in states.items():
            if state == "delivered":
                assert item_id in self.hospital.records

    @invariant()
    def nothing_resent_while_in_flight(self):
        """A slow POST still being processed is never joined by a second one (non-idempotent)."""
        processing = [i for _at, i in self.hospital.processing]
        assert not set(processing) & set(self.hospital.records)

    @invariant()
    def order_kept(self):
        position = {item_id: n for n, item_id in enumerate(self.enqueued)}
        plain = [position[i] for i in self.hospital.records if i not in self.ever_refused]
        assert plain == sorted(plain)

    def check_drains(self):
        """With the hospital back (and time passing), everything not refused ends up delivered
        exactly once; what a refused GET parked waits for staff."""
        self.hospital.mode = "ok"
        for _ in range(4 * len(self.enqueued) + 4):
            self.courier.step(force=True)
            self.now[0] += PROCESSING       # in-doubt items may be sent again once the bound passed
        self.hospital.settle()
        for item in self.kdb.outbox.items(limit=10_000):
            if item.id in self.hospital.refuse or item.id in self.hospital.parked_by_get:
                assert item.state == "needs-attention" or self.hospital.records.count(item.id) == 1
            else:
                assert item.state == "delivered" and self.hospital.records.count(item.id) == 1


class DrainingMachine(OutboxMachine):
    def teardown(self):
        try:
            self.check_drains()
        finally:
            super().teardown()


DrainingMachine.TestCase.settings = settings(max_examples=40, stateful_step_count=30, deadline=None)
TestOutbox = DrainingMachine.TestCase
