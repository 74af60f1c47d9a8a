"""What the check-in flow needs from the outside world, as small protocols.

The flow never builds its own clients: it is handed an eligibility checker
(the gateway client), a :class:`RegistrationSink` and a
:class:`DepartmentSource`. The direct implementations here talk to the
hospital synchronously; the offline queue provides an outbox-backed sink
with the same shape.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kiosk.domain import Department, EligibilityResult, Identity, Ticket
from kiosk.errors import HospitalUnavailable
from kiosk.hospital.registration import Receipt, Registration

# HospitalClient is a type here only: its module loads requests, which the idle screen does not wait for
if TYPE_CHECKING:
    from kiosk.checkin.state import CounterOutcome
    from kiosk.hospital.client import HospitalClient


@runtime_checkable
class EligibilityChecker(Protocol):
    """Asks the insurance gateway about an identity (``GatewayClient`` is one)."""

    def check_eligibility(self, identity: Identity) -> EligibilityResult:
        """Blocking; raises ``GatewayUnavailable`` when the gateway cannot be reached."""


@runtime_checkable
class RegistrationSink(Protocol):
    """Takes a finished registration and hands back the patient's ticket."""

    def submit(self, registration: Registration) -> Ticket:
        """Blocking; must be idempotent on ``registration.client_id``."""


@runtime_checkable
class CounterRecorder(Protocol):
    """Keeps a trace of each patient sent to the counter, for the reception station."""

    def record(self, client_id: str, identity: Identity, eligibility: EligibilityResult | None,
               outcome: CounterOutcome) -> str | None:
        """Blocking; may raise (the flow logs it and the patient still goes to the counter).

        Returns the patient's number at the counter (printed on the counter slip), or None.
        """


@runtime_checkable
class DepartmentSource(Protocol):
    """The departments a patient may choose from."""

    def departments(self) -> list[Department]:
        """Blocking; raises ``HospitalError`` when no list can be had."""


def ticket_from_receipt(receipt: Receipt) -> Ticket:
    """The patient's ticket for a hospital receipt (the number is the hospital's final one)."""
    return Ticket(number=receipt.queue_number, room=receipt.room, department=receipt.department,
                  issued_at=receipt.issued_at, registration_id=receipt.client_id,
                  hospital_id=receipt.hospital_id, pending=False, priority=receipt.priority,
                  existing=receipt.existing)


class DirectRegistrationSink:
    """Registers synchronously with the hospital system, nothing stored locally.

    A down hospital surfaces as ``HospitalUnavailable``: the patient gets no
    ticket, and since the client id is the Idempotency-Key a retry can never
    create a second registration.
    """

    def __init__(self, client: HospitalClient) -> None:
        self._client = client

    def submit(self, registration: Registration) -> Ticket:
        """Send the registration; the hospital's receipt becomes the ticket."""
        return ticket_from_receipt(self._client.register(registration, registration.client_id))


class HospitalDepartments:
    """The hospital's department list, remembering the last good answer.

    The list changes rarely; when the hospital is briefly unreachable the
    previous list is still the right menu to show.
    """

    def __init__(self, client: HospitalClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._last: list[Department] | None = None

    def departments(self) -> list[Department]:
        """A fresh list, or the last good one if the hospital cannot be reached."""
        try:
            fresh = self._client.list_departments()
        except HospitalUnavailable:
            with self._lock:
                if self._last is not None:
                    return list(self._last)
            raise
        with self._lock:
            self._last = list(fresh)
        return fresh
