"""A second delivery lane on its own thread: items of one kind (referrals) apart from registrations.

Registrations leave strictly in order on the sync worker's thread, and a
patient's "try now" (:meth:`SyncWorker.deliver_now`) waits only on that
thread. Referrals (patients sent to the counter, help requests, refused
items) are a separate :class:`~offline_cache.courier.Courier` lane with
``kind="referral"``: run on the same thread, a referral whose send hangs for
a whole read timeout would hold up the registration of the patient standing
at the kiosk. This thread delivers its lane in order with its own backoff, and
only in the process that is the queue file's sender (``may_run``), so every
item still has exactly one sender.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from offline_cache.courier import Courier, Step
from offline_cache.errors import StoreError
from offline_cache.worker_thread import WorkerThread

log = logging.getLogger(__name__)


class LaneWorker(WorkerThread):
    """Owns one lane's delivery thread. ``start()``, ``kick()``, ``stop()``."""

    def __init__(self, courier: Courier, *, idle_poll: float = 30.0, name: str = "outbox-lane",
                 may_run: Callable[[], bool] = lambda: True) -> None:
        """``may_run``: False while another process is this queue file's sender (it delivers).
        ``idle_poll``: how often an idle lane looks for items written by another process."""
        super().__init__(name=name, idle_poll=idle_poll, may_run=may_run)
        self.courier = courier
        self._urgent = False
        self.steps = 0   # completed steps (tests and status views)
        self.last_step = Step.IDLE
        self._begun = 0            # steps begun; the last completed step's number is below
        self._last_step_no = 0

    def kick(self, *, urgent: bool = False) -> None:
        """Look at the lane now (a new item); ``urgent`` also ignores the head's backoff once."""
        with self._cond:
            self._urgent = self._urgent or urgent
            self._cond.notify_all()

    def drain(self, timeout: float) -> bool:
        """Deliver what the lane holds now, for at most ``timeout`` seconds (e.g. before a
        short process exits). Stops early once a send fails (the hospital is not taking
        them now). True when the lane is empty."""
        deadline = time.monotonic() + timeout
        if not self.running or not self.may_run():
            return False
        with self._cond:
            seen = self._begun   # a step already under way began before this drain: not its answer
        self.kick(urgent=True)
        while True:
            try:
                if self.courier.outbox.head(kind=self.courier.kind, with_payload=False) is None:
                    return True
            except StoreError:
                return False
            with self._cond:
                if self._last_step_no > seen and self.last_step in (Step.RETRY, Step.IN_DOUBT, Step.WAITING):
                    return False
                left = deadline - time.monotonic()
                if left <= 0 or not self.running:
                    return False
                self._cond.wait(timeout=min(left, 0.05))

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stop:
                    return
                force, self._urgent = self._urgent, False
                self._begun += 1
                step_no = self._begun
            step, due = Step.IDLE, None
            try:
                if self.may_run():
                    step = self.courier.step(force=force)
                    self.last_error = None
                    due = self.courier.next_due()
            except StoreError as e:   # disk full, locked, damaged: report, keep the thread alive
                self.last_error = str(e)
                log.error("%s step failed: %s", self.name, e)
            except Exception as e:    # a bug must not end this lane's deliveries for good
                self.last_error = f"{e.__class__.__name__}: {e}"
                log.exception("%s step crashed", self.name)
            with self._cond:
                self.steps += 1
                self.last_step, self._last_step_no = step, step_no
                self._cond.notify_all()
                if self._stop:
                    return
                if step in (Step.DELIVERED, Step.RECONCILED, Step.ATTENTION) or self._urgent:
                    continue   # the hospital is answering: take the next item now
                wait = self._sleep_time(due, self.courier.clock())
                if wait > 0:
                    self._cond.wait(timeout=wait)
