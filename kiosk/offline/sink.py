"""``OutboxRegistrationSink``: every registration goes through the durable outbox.

``submit`` writes the registration durably first (committed, fsynced), then
asks the sync worker to deliver it within a short bound, and returns a ticket
either way: the hospital's when it answered in time, else the number from the
kiosk's own block (``K01-007``) marked pending — that number is also put into
the stored registration so the hospital can keep it. A refusal from the
hospital (422 …) sends the patient to the counter and leaves the item for
staff; a storage failure (disk full, damaged file) means nothing was stored:
:class:`QueueStorageError`, "please go to the counter".
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.domain import Department, Ticket
from kiosk.errors import HospitalError, QueueStorageError, UnknownDepartment
from kiosk.hospital.registration import Registration
from offline_cache import Outbox, OutboxItem, StoreError, SyncWorker

log = logging.getLogger(__name__)


def patient_key(registration: Registration) -> str | None:
    """The identifier used to find a patient's earlier item of the day."""
    x = registration.xml0
    return x.get("SO_CCCD") or x.get("MA_THE_BHYT")


def hospital_ticket(item: OutboxItem, fallback: Department) -> Ticket:
    """The hospital's ticket, rebuilt from what the outbox recorded."""
    r = item.receipt
    dept = Department(**r["department"]) if r.get("department") else fallback
    issued = datetime.fromisoformat(r["issued_at"]) if r.get("issued_at") else datetime.now(UTC)
    return Ticket(number=item.hospital_ticket or item.kiosk_ticket, room=r.get("room") or dept.room,
                  department=dept, issued_at=issued, registration_id=item.id,
                  hospital_id=item.hospital_ref, pending=False, priority=bool(r.get("priority")),
                  existing=bool(r.get("existing")))


class OutboxRegistrationSink:
    """A ``RegistrationSink`` backed by the outbox and its :class:`SyncWorker`.

    ``department_of(code)`` names the department for an offline ticket
    (from the cached menu); ``immediate_wait`` bounds how long a patient
    waits for the hospital before getting the kiosk number.
    """

    def __init__(self, outbox: Outbox, worker: SyncWorker | None, *,
                 department_of: Callable[[str], Department | None], immediate_wait: float = 3.0,
                 clock: Callable[[], datetime] = datetime.now, one_ticket_per_day: bool = False) -> None:
        self.outbox = outbox
        self.one_ticket_per_day = one_ticket_per_day
        self.worker = worker
        self.department_of = department_of
        self.immediate_wait = immediate_wait
        self.clock = clock

    def submit(self, registration: Registration) -> Ticket:
        """Store durably, try to deliver now, hand back a ticket (idempotent on client id)."""
        dept = self.department_of(registration.department) or Department(
            registration.department, registration.department, registration.department, "")
        try:
            earlier = self._earlier_today(registration)
            if earlier is not None:
                return earlier
            item = self.outbox.enqueue(
                registration.client_id, {"registration": registration.to_wire()},
                public={"department": registration.department, "priority": registration.priority,
                        "eligibility": registration.eligibility_status,
                        "source": registration.identity_source,
                        # a staff override: its class and reason code only (the reason text is sealed)
                        **({"override": registration.override.get("class"),
                            "override_reason": registration.override.get("reason_code")}
                           if registration.override else {})},
                patient_key=patient_key(registration),
                eligibility_pending=registration.eligibility_status == "pending")
            if item.state not in ("delivered", "needs-attention") and self.worker is not None:
                item = self.worker.deliver_now(item.id, self.immediate_wait)
            if item.state == "delivered":
                return hospital_ticket(item, dept)
            if item.state == "needs-attention":
                raise self._refusal(item)
            item = self.outbox.issue_offline_ticket(item.id, lambda p: {
                **p, "registration": {**p["registration"], "offline_ticket": item.kiosk_ticket}})
        except StoreError as e:
            log.error("registration %s not stored: %s", registration.client_id, e)
            raise QueueStorageError(f"The registration could not be stored in the offline queue: {e}",
                                    retryable=False) from None
        if item.state == "delivered":  # the answer arrived while we were deciding
            return hospital_ticket(item, dept)
        log.info("registration %s queued; offline ticket %s", item.id, item.kiosk_ticket)
        return Ticket(number=item.kiosk_ticket, room=dept.room, department=dept, issued_at=self.clock(),
                      registration_id=item.id, hospital_id=None, pending=True,
                      priority=registration.priority)

    def ticket_today(self, registration: Registration) -> Ticket | None:
        """The ticket this patient was already given today (before they choose a department), or None."""
        return self._earlier_today(registration)

    def _earlier_today(self, registration: Registration) -> Ticket | None:
        """``one_ticket_per_day``: the patient's ticket already given today on this kiosk, if any.

        Answered from the outbox, so it holds while the hospital is
        unreachable (online, the hospital gives the same answer). A staff
        override always registers; an earlier item the hospital refused does
        not count, nor does a registration for another clinic the patient asked for.
        """
        key = patient_key(registration)
        if not self.one_ticket_per_day or registration.override or registration.additional_clinic or not key:
            return None
        item = self.outbox.find_today(key)
        if item is None or item.id == registration.client_id or item.kind != "registration" \
                or item.state == "needs-attention":
            return None
        number = item.ticket_shown
        if item.state != "delivered" and not number:
            return None  # never handed out (the check-in failed before its ticket): register anew
        if item.state != "delivered" and self.worker is not None:
            # give the hospital the same short chance as a new registration: its number is the real one
            item = self.worker.deliver_now(item.id, self.immediate_wait)
            if item.state == "needs-attention":
                return None
        dept = self.department_of(item.public.get("department", "")) or Department(
            item.public.get("department", ""), item.public.get("department", ""),
            item.public.get("department", ""), "")
        log.info("registration %s: returning today's earlier ticket of item %s", registration.client_id, item.id)
        if item.state == "delivered":
            return dataclasses.replace(hospital_ticket(item, dept), existing=True)
        assert number  # not delivered: it returned above unless the patient was shown a number
        return Ticket(number=number, room=dept.room, department=dept, issued_at=self.clock(),
                      registration_id=item.id, hospital_id=None, pending=True,
                      priority=bool(item.public.get("priority")), existing=True)

    @staticmethod
    def _refusal(item: OutboxItem) -> HospitalError | UnknownDepartment:
        reason = item.reason or "refused"
        cls = UnknownDepartment if "(unknown_department)" in reason else HospitalError
        return cls(f"The hospital system refused the registration; it waits for staff in the queue "
                   f"({reason}).", retryable=False)
