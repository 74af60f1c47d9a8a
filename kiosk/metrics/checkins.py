"""Counting check-ins from the flow's state changes: method, outcome, reason, first touch → ticket."""

from __future__ import annotations

import time

from kiosk.checkin.state import State
from kiosk.metrics.labels import code_label, method_label, ticket_outcome


class CheckInMetrics:
    """A :class:`~kiosk.checkin.flow.CheckIn` listener's counterpart: call :meth:`transition` on each move.

    A check-in counts once, when it reaches a final state: TICKET (outcome
    ``verified`` / ``new_card`` / ``not_registered_here`` / ``pending`` /
    ``uninsured``, and its duration from the flow's ``touched_at``) or COUNTER
    (outcome ``counter``, reason the gateway's code or the kiosk's status
    word, ``patient_choice`` when the patient picked the counter).
    """

    def __init__(self, total, seconds, clock=time.monotonic) -> None:
        self._total, self._seconds, self._clock = total, seconds, clock

    def transition(self, flow, old: State, new: State) -> None:
        """Count ``flow`` if its move ``old`` → ``new`` finished it (called under the flow's lock)."""
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
