"""The re-check thread: eligibility re-checks on their own schedule, apart from deliveries.

A re-check is a gateway lookup that may take the whole read timeout; run in
the delivery thread it would hold up the registration behind it (a patient
waiting on another patient's re-check) and run at the pace of deliveries
rather than the gateway's. This thread sleeps until the rechecker's next due
time (its backoff, its minimum delay, a blocked account's pause) and runs
one re-check at a time; a "try now" from a check-in never reaches it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from offline_cache.errors import StoreError
from offline_cache.rechecks import Rechecker
from offline_cache.worker_thread import WorkerThread

log = logging.getLogger(__name__)


class RecheckWorker(WorkerThread):
    """Owns the re-check thread. ``start()``, ``kick()``, ``stop()``."""

    def __init__(self, rechecker: Rechecker, *, idle_poll: float = 30.0,
                 may_run: Callable[[], bool] = lambda: True) -> None:
        """``may_run``: False while another process is this queue file's sender (it re-checks)."""
        super().__init__(name="eligibility-rechecks", idle_poll=idle_poll, may_run=may_run)
        self.rechecker = rechecker

    def kick(self) -> None:
        """Look for due re-checks now (a new pending item); never overrides a wait."""
        with self._cond:
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._stop:
                    return
            try:
                if not self.may_run():
                    due = None                # standing by: the sender's process re-checks
                else:
                    self.rechecker.step()
                    self.last_error = None
                    due = self.rechecker.next_due()
            except StoreError as e:
                self.last_error = str(e)
                log.error("eligibility re-check step failed: %s", e)
                due = None
            except Exception as e:  # a bug must not end re-checks for good
                self.last_error = f"{e.__class__.__name__}: {e}"
                log.exception("eligibility re-check step crashed")
                due = None
            wait = self._sleep_time(due, self.rechecker.clock())
            with self._cond:
                if self._stop:
                    return
                if wait > 0:
                    self._cond.wait(timeout=wait)
