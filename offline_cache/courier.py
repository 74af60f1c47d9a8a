"""One delivery step: take the head of the outbox and get it to the hospital.

The courier knows nothing of HTTP: it is given two plain callables.

``deliver(item) -> Receipt`` sends the registration with the item's id as
Idempotency-Key. ``reconcile(item) -> Receipt | None`` asks the hospital
whether it already has the registration (None: it does not). Either may raise;
an exception with ``retryable = False`` parks the item for staff with the
exception's text as the reason (that text must be free of personal data; an
exception's ``server_text``, which may name the patient, is sealed with the
item's payload instead), anything else is retried with backoff. An
exception may say ``in_doubt = False`` when the request surely never left
(e.g. connection refused), and ``in_flight = False`` when an answer came (so
nothing is still being processed, e.g. HTTP 500); otherwise the next attempt reconciles first, so a
response lost in flight never turns into a second registration.

A hospital may still be processing a send whose answer we lost (slow, and
perhaps not honouring Idempotency-Key): for ``in_flight`` seconds after that
send started the item stays in doubt and only the reconciling GET is
retried; a send goes again only once that bound has passed and the GET still
says "unknown". A GET refused outright (4xx) parks the item for staff rather
than blocking the queue behind it forever.
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
#: called with a refused item (payload loaded) and the stored reason, inside the transaction
#: that parks it: whatever it writes to the same store is kept or lost together with the refusal
OnRefused = Callable[[OutboxItem, str], None]


class Step(str, enum.Enum):
    """What one call of :meth:`Courier.step` did."""

    IDLE = "idle"                 # nothing to deliver
    WAITING = "waiting"           # the head is backing off
    DELIVERED = "delivered"
    RECONCILED = "reconciled"     # found at the hospital, not re-sent
    RETRY = "retry"               # retryable failure, backing off
    IN_DOUBT = "in-doubt"         # not found yet, but an earlier send may still be processed
    ATTENTION = "attention"       # refused: parked for staff


def describe(exc: BaseException) -> str:
    """One line for staff: the exception's ``detail`` or text, with its type."""
    text = getattr(exc, "detail", None) or str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"


class Courier:
    """Delivers the outbox in order, one item per :meth:`step`."""

    def __init__(self, outbox: Outbox, deliver: Deliver, reconcile: Reconcile, *,
                 backoff: Backoff | None = None, clock: Callable[[], float] = time.time,
                 in_flight: float = 0.0, kind: str | None = None,
                 on_refused: OnRefused | None = None) -> None:
        """``in_flight``: the longest a send may still be processed by the hospital after it
        started (its connect time plus its longest processing time); 0 trusts a GET at once.
        ``kind``: deliver only items of this kind, in their own order (a lane: an item of
        another kind never waits behind this one); None: every item in one order.
        ``on_refused(item, reason)``: runs in the same transaction as the parking of a
        refused item (e.g. to queue a referral so staff hear of it)."""
        self.outbox = outbox
        self.kind = kind
        self.on_refused = on_refused
        self.deliver = deliver
        self.reconcile = reconcile
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.in_flight = in_flight

    def next_due(self) -> float | None:
        """When the head may next be tried (None: the queue is empty)."""
        head = self.outbox.head(kind=self.kind)
        return None if head is None else self._due(head)

    def _due(self, item: OutboxItem) -> float:
        # A clock set back must not stall the queue for longer than one full backoff.
        return min(item.next_attempt_at, self.clock() + self.backoff.cap)

    def step(self, *, force: bool = False) -> Step:
        """Try the head item once (``force`` ignores its backoff)."""
        item = self.outbox.head(kind=self.kind)
        if item is None:
            return Step.IDLE
        if not force and self._due(item) > self.clock():
            return Step.WAITING
        if item.in_doubt or item.state == "sending":
            try:
                found = self.reconcile(item)
            except Exception as exc:
                if getattr(exc, "retryable", True) is False:   # e.g. 4xx: asking again will not help
                    return self._park(item, exc, in_doubt=True)
                return self._failed(item, exc, in_doubt=True, reconciling=True)  # cannot know yet
            if found is not None:
                self.outbox.mark_delivered(item.id, found, reconciled=True)
                log.info("queue item %s found at the hospital; not re-sent", item.kiosk_ticket)
                return Step.RECONCILED
            until = self._in_flight_until(item)
            if self.clock() < until:
                # "Unknown" proves nothing while the earlier send may still be processed:
                # ask again later, never send again before the bound.
                delay = min(self.backoff.delay(item.attempts + 1), until - self.clock())
                self.outbox.mark_retry(item.id, "in doubt: the earlier send may still be processed",
                                       delay, in_doubt=True)
                log.info("queue item %s not found yet; asking again in %.1f s, not re-sending",
                         item.kiosk_ticket, delay)
                return Step.IN_DOUBT
        sent_at = self.clock()
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
            in_doubt = bool(getattr(exc, "in_doubt", True))
            # ``in_flight = False``: an answer came (e.g. HTTP 500), so nothing is still being
            # processed; otherwise (a timeout, a dropped connection) it may be, for a while.
            still = bool(getattr(exc, "in_flight", True))
            doubt_until = (sent_at + self.in_flight if still else self.clock()) if in_doubt else None
            return self._failed(item, exc, in_doubt=in_doubt, in_doubt_until=doubt_until)
        self.outbox.mark_delivered(item.id, receipt)
        return Step.DELIVERED

    def _in_flight_until(self, item: OutboxItem) -> float:
        if item.in_doubt_until is not None:
            return item.in_doubt_until
        # no record (a crash mid-send, or a row from before this rule): count from the
        # item's last change, which is no earlier than the send
        return item.updated_at + self.in_flight

    def _park(self, item: OutboxItem, exc: Exception, *, in_doubt: bool = False) -> Step:
        reason = describe(exc)
        with self.outbox.store.write():   # one transaction: the refusal and what it sets off
            self.outbox.mark_attention(item.id, reason, sealed_note=getattr(exc, "server_text", None),
                                       in_doubt=in_doubt)
            if self.on_refused is not None:
                self.on_refused(item, reason)
        log.warning("queue item %s refused: %s", item.kiosk_ticket, reason)
        return Step.ATTENTION

    def _failed(self, item: OutboxItem, exc: Exception, *, in_doubt: bool,
                reconciling: bool = False, in_doubt_until: float | None = None) -> Step:
        reason = describe(exc)
        if getattr(exc, "retryable", True) is False and not reconciling:
            return self._park(item, exc)
        failures = item.attempts + 1  # this failure included, whichever path counted it
        delay = self.backoff.delay(failures)
        self.outbox.mark_retry(item.id, reason, delay, in_doubt=in_doubt, count_attempt=reconciling,
                               in_doubt_until=in_doubt_until)
        log.info("queue item %s not delivered (%s); next try in %.1f s", item.kiosk_ticket, reason, delay)
        return Step.RETRY
