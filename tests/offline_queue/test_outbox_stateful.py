"""Hypothesis stateful test of the outbox's promises across restarts and failures.

The hospital here is a test double of the external system and is deliberately
NOT idempotent: every POST that reaches it creates a record. So "exactly
once" can only hold because the courier reconciles (asks before resending)
whenever an earlier send's outcome is unknown: after a lost answer or a crash
between "sending" and the answer.
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


class FakeHospital:
    """Records every registration it receives; modes decide what the kiosk hears back."""

    def __init__(self):
        self.records: list[str] = []     # item ids, in arrival order (duplicates would show)
        self.mode = "ok"
        self.refuse: set[str] = set()

    def deliver(self, item):
        if self.mode == "killed-before-arrival":
            raise Killed()
        if self.mode == "down":
            raise Unreachable("connection refused")
        if item.id in self.refuse:
            raise Refused("422 invalid_field")
        self.records.append(item.id)
        if self.mode == "killed-after-arrival":
            raise Killed()
        if self.mode == "lose-answer":
            raise LostAnswer("read timed out")
        return Receipt(f"H{len(self.records)}", f"NOI-{len(self.records):03d}")

    def reconcile(self, item):
        if self.mode == "down":
            raise Unreachable("connection refused")
        return Receipt("H?", None) if item.id in self.records else None


class OutboxMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="outbox-sm-")
        self.hospital = FakeHospital()
        self.now = [1000.0]
        self.enqueued: list[str] = []      # acknowledged ids in order
        self.ever_refused: set[str] = set()
        self._open()

    def _open(self):
        self.kdb = KioskDatabase.open(self.dir, "K01", prefer_keyring=False, clock=lambda: self.now[0])
        self.courier = Courier(self.kdb.outbox, self.hospital.deliver, self.hospital.reconcile,
                               backoff=Backoff(cap=5.0), clock=lambda: self.now[0])
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

    @rule(mode=st.sampled_from(["ok", "ok", "down", "lose-answer"]))
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
        assert len(self.hospital.records) == len(set(self.hospital.records))

    @invariant()
    def nothing_lost(self):
        states = {i.id: i.state for i in self.kdb.outbox.items(limit=10_000)}
        assert set(states) == set(self.enqueued)
        for item_id, state in states.items():
            if state == "delivered":
                assert item_id in self.hospital.records

    @invariant()
    def order_kept(self):
        position = {item_id: n for n, item_id in enumerate(self.enqueued)}
        plain = [position[i] for i in self.hospital.records if i not in self.ever_refused]
        assert plain == sorted(plain)

    def check_drains(self):
        """With the hospital back, everything not refused ends up delivered exactly once."""
        self.hospital.mode = "ok"
        for _ in range(4 * len(self.enqueued) + 4):
            self.courier.step(force=True)
        for item in self.kdb.outbox.items(limit=10_000):
            if item.id in self.hospital.refuse:
                assert item.state == "needs-attention"
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
