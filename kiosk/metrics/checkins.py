"""Counting check-ins from the flow's state changes: method, outcome, reason, first touch → ticket."""

from __future__ import annotations

import threading
import time
import weakref

from kiosk.checkin.state import State
from kiosk.metrics.labels import OTHER, code_label, method_label, ticket_outcome


class CheckInMetrics:
    """A :class:`~kiosk.checkin.flow.CheckIn` listener's counterpart: call :meth:`transition` on each move.

    A check-in counts once, when it reaches a final state: TICKET (outcome
    ``verified`` / ``new_card`` / ``not_registered_here`` / ``pending`` /
    ``uninsured``, and its duration from the flow's ``touched_at``) or COUNTER
    (outcome ``counter``, reason the gateway's code or the kiosk's status
    word, ``patient_choice`` when the patient picked the counter). A session
    reset before either (the patient walked away, "not me", an error) counts
    as ``abandoned``, its reason the state it was left in (``error``,
    ``eligibility-shown``, …).
    """

    def __init__(self, total, seconds, clock=time.monotonic) -> None:
        self._total, self._seconds, self._clock = total, seconds, clock
        self._lock = threading.Lock()
        self._methods: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # flow → method of its patient

    def transition(self, flow, old: State, new: State) -> None:
        """Count ``flow`` if its move ``old`` → ``new`` finished it (called under the flow's lock)."""
        if new is State.IDENTIFIED:
            # reset() wipes the identity before it tells anyone: keep the method for an abandoned session
            identity = flow.identity
            with self._lock:
                self._methods[flow] = method_label(identity.source if identity is not None else None)
            return
        if new is State.IDLE:
            with self._lock:
                method = self._methods.pop(flow, OTHER)
            if old not in (State.IDLE, State.TICKET, State.COUNTER):
                self._total.labels(method, "abandoned", code_label(old.value)).inc()
            return
        if new not in (State.TICKET, State.COUNTER):
            return
        identity = flow.identity
        method = method_label(identity.source if identity is not None else None)
        if new is State.TICKET:
            outcome = ticket_outcome(flow.eligibility, flow.eligibility_pending)
            self._total.labels(method, outcome, "").inc()
            started = flow.touched_at
            if started is not None:
                self._seconds.labels(method, outcome).observe(max(0.0, self._clock() - started))
            return
        counter = flow.counter
        if old is not State.CHECKING:         # from the eligibility screen: the patient's choice
            reason = "patient_choice"
        else:
            reason = code_label(counter.reason if counter is not None else "")
        self._total.labels(method, "counter", reason).inc()
