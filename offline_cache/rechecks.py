"""Eligibility re-checks for patients admitted while the gateway was unreachable.

An item enqueued with ``eligibility_pending=True`` carries everything the
lookup needs in its sealed payload. The rechecker asks ``recheck(item)``
(a plain callable: the application does the gateway call) and records:

- an answer that the patient is covered → ``verified``;
- any other answer → ``failed`` with the reason: the item needs attention;
- an exception → try again later, never sooner than ``min_delay`` nor the
  exception's ``retry_after``. Backoff is per gateway, not per item: once
  the gateway answers, every waiting re-check follows straight away.
  An exception with ``retryable = False`` (e.g. the gateway refusing our
  credentials) is also kept for later, with the reason shown to staff.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from offline_cache.backoff import Backoff
from offline_cache.courier import describe
from offline_cache.errors import InvalidTransition, UnknownItem
from offline_cache.outbox import COLUMNS, Outbox, OutboxItem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecheckOutcome:
    """The gateway's answer: covered or not, and a staff-facing reason/status word."""

    covered: bool
    reason: str = ""


Recheck = Callable[[OutboxItem], RecheckOutcome]
#: called with the item (payload loaded) and the reason when a re-check fails, inside the
#: transaction that records the failure (what it writes is kept or lost with it)
OnFailed = Callable[[OutboxItem, str], None]


class Rechecker:
    """Repeats pending eligibility lookups, oldest first, one per :meth:`step`."""

    def __init__(self, outbox: Outbox, recheck: Recheck, *, backoff: Backoff | None = None,
                 clock: Callable[[], float] = time.time, min_delay: float = 0.0,
                 on_failed: OnFailed | None = None) -> None:
        """``min_delay``: after a failure the next re-check waits at least this long (the
        gateway limits lookups and forbids blind retries after a timeout); an exception's
        ``retry_after`` (e.g. a blocked account's pause) lengthens the wait further.
        ``on_failed(item, reason)``: a re-check said "not covered" (e.g. queue a referral:
        the patient is already in the clinic); runs in the transaction that records it."""
        self.outbox = outbox
        self.on_failed = on_failed
        self.recheck = recheck
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.min_delay = min_delay
        self.failures = 0          # consecutive gateway failures
        self.next_at = 0.0         # when the gateway may be tried again

    def pending(self) -> OutboxItem | None:
        """The oldest item whose eligibility is still pending (payload loaded)."""
        with self.outbox.store.read() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM outbox INDEXED BY outbox_rechecks "
                             "WHERE eligibility = 'pending' AND sealed IS NOT NULL "
                             "ORDER BY seq LIMIT 1").fetchone()
        return None if row is None else self.outbox.item_from_row(row, with_payload=True)

    def next_due(self) -> float | None:
        """When the next re-check may run (None: nothing pending)."""
        item = self.pending()
        return None if item is None else self._due(item)

    def _due(self, item: OutboxItem) -> float:
        # The patient's own lookup failed (often a timeout) just before the item was queued:
        # its first re-check also waits the minimum delay.
        return max(self.next_at, item.created_at + self.min_delay)

    def step(self, *, force: bool = False) -> str:
        """Run one re-check if one is due: ``idle``, ``waiting``, ``verified``, ``failed``, ``retry``."""
        item = self.pending()
        if item is None:
            return "idle"
        if not force and self._due(item) > self.clock():
            return "waiting"
        try:
            outcome = self.recheck(item)
        except Exception as exc:
            self.failures += 1
            delay = max(self.min_delay, self.backoff.delay(self.failures),
                        float(getattr(exc, "retry_after", 0.0) or 0.0))
            self.next_at = self.clock() + delay
            self._record(item, None, describe(exc))
            log.info("eligibility re-check for %s postponed: %s", item.kiosk_ticket, describe(exc))
            return "retry"
        self.failures, self.next_at = 0, 0.0
        self._record(item, outcome.covered, outcome.reason)
        if not outcome.covered:
            log.warning("eligibility re-check for %s failed: %s", item.kiosk_ticket, outcome.reason)
        return "verified" if outcome.covered else "failed"

    def _record(self, item: OutboxItem, covered: bool | None, reason: str) -> None:
        state = {None: "pending", True: "verified", False: "failed"}[covered]
        item_id = item.id
        with self.outbox.store.write() as db:
            row = db.execute("SELECT eligibility FROM outbox WHERE id = ?", [item_id]).fetchone()
            if row is None:
                raise UnknownItem(f"no queue item {item_id!r}")
            if row[0] != "pending":
                raise InvalidTransition(f"queue item {item_id!r} eligibility is {row[0]}")
            db.execute("UPDATE outbox SET eligibility = ?, elig_reason = ?, "
                       "elig_attempts = elig_attempts + 1, elig_checked_at = ?, updated_at = ? "
                       "WHERE id = ?", [state, reason[:500] or None, self.clock(), self.clock(), item_id])
            if covered is False and self.on_failed is not None:
                self.on_failed(item, reason)
