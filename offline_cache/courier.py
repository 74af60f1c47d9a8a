"""One delivery step: take the head of the outbox and get it to the hospital.

The courier knows nothing of HTTP: it is given two plain callables.

``deliver(item) -> Receipt`` sends the registration with the item's id as
Idempotency-Key. ``reconcile(item) -> Receipt | None`` asks the hospital
whether it already has the registration (None: it does not). Either may raise;
an exception with ``retryable = False`` parks the item for staff with the
exception's text as the reason, anything else is retried with backoff. An
exception may say ``in_doubt = False`` when the request surely never left
(e.g. connection refused); otherwise the next attempt reconciles first, so a
response lost in flight never turns into a second registration.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable

from offline_cache.backoff import Backoff
from offline_cache.outbox import Outbox, OutboxItem, Receipt

log = logging.getLogger(__name__)

Deliver = Callable[[OutboxItem], Receipt]
Reconcile = Callable[[OutboxItem], "Receipt | None"]


class Step(str, enum.Enum):
    """What one call of :meth:`Courier.step` did."""

    IDLE = "idle"                 # nothing to deliver
    WAITING = "waiting"           # the head is backing off
    DELIVERED = "delivered"
    RECONCILED = "reconciled"     # found at the hospital, not re-sent
    RETRY = "retry"               # retryable failure, backing off
    ATTENTION = "attention"       # refused: parked for staff


def describe(exc: BaseException) -> str:
    """One line for staff: the exception's ``detail`` or text, with its type."""
    text = getattr(exc, "detail", None) or str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"


class Courier:
    """Delivers the outbox in order, one item per :meth:`step`."""

    def __init__(self, outbox: Outbox, deliver: Deliver, reconcile: Reconcile, *,
                 backoff: Backoff | None = None, clock: Callable[[], float] = time.time) -> None:
        self.outbox = outbox
        self.deliver = deliver
        self.reconcile = reconcile
        self.backoff = backoff or Backoff()
        self.clock = clock

    def next_due(self) -> float | None:
        """When the head may next be tried (None: the queue is empty)."""
        head = self.outbox.head()
        return None if head is None else self._due(head)

    def _due(self, item: OutboxItem) -> float:
        # A clock set back must not stall the queue for longer than one full backoff.
        return min(item.next_attempt_at, self.clock() + self.backoff.cap)

    def step(self, *, force: bool = False) -> Step:
        """Try the head item once (``force`` ignores its backoff)."""
        item = self.outbox.head()
        if item is None:
            return Step.IDLE
        if not force and self._due(item) > self.clock():
            return Step.WAITING
        if item.in_doubt or item.state == "sending":
            try:
                found = self.reconcile(item)
            except Exception as exc:  # cannot know yet: keep it in doubt and back off
                return self._failed(item, exc, in_doubt=True, reconciling=True)
            if found is not None:
                self.outbox.mark_delivered(item.id, found, reconciled=True)
                log.info("queue item %s found at the hospital; not re-sent", item.kiosk_ticket)
                return Step.RECONCILED
        self.outbox.mark_sending(item.id)
        try:
            receipt = self.deliver(item)
        except Exception as exc:
            if getattr(exc, "retryable", True) is False and item.in_doubt:
                # A refusal after an earlier send of unknown outcome (e.g. "key already used"
                # because that send did arrive): ask once more before bothering staff.
                try:
                    found = self.reconcile(item)
                except Exception:
                    found = None
                if found is not None:
                    self.outbox.mark_delivered(item.id, found, reconciled=True)
                    return Step.RECONCILED
            return self._failed(item, exc, in_doubt=bool(getattr(exc, "in_doubt", True)))
        self.outbox.mark_delivered(item.id, receipt)
        return Step.DELIVERED

    def _failed(self, item: OutboxItem, exc: Exception, *, in_doubt: bool,
                reconciling: bool = False) -> Step:
        reason = describe(exc)
        if getattr(exc, "retryable", True) is False and not reconciling:
            self.outbox.mark_attention(item.id, reason)
            log.warning("queue item %s refused: %s", item.kiosk_ticket, reason)
            return Step.ATTENTION
        failures = item.attempts + 1  # this failure included, whichever path counted it
        delay = self.backoff.delay(failures)
        self.outbox.mark_retry(item.id, reason, delay, in_doubt=in_doubt, count_attempt=reconciling)
        log.info("queue item %s not delivered (%s); next try in %.1f s", item.kiosk_ticket, reason, delay)
        return Step.RETRY
