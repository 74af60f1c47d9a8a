"""What a printed ticket shows: a plain value built from the domain's ``Ticket``.

Only what the patient needs to find their room goes on paper: no name, no ID
or card number, no birth date (a ticket is left on benches and in bins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain import Ticket


def short_reference(registration_id: str) -> str:
    """A reference a person can read out: the first 8 hex digits of the registration id, as ``3F2A-9C1B``.

    The QR code keeps the full id (scanners read that); the printed words
    only need to be short enough to say at the counter.
    """
    digits = registration_id.replace("-", "").upper()[:8]
    return f"{digits[:4]}-{digits[4:]}" if len(digits) == 8 else digits


@dataclass(frozen=True)
class TicketView:
    """The fields drawn on a ticket.

    ``eligibility_pending``: the insurance check could not be done (gateway
    offline) and will be repeated; ``provisional``: the number came from the
    kiosk's own block because the hospital system was unreachable.
    ``qr_payload`` is the registration id (never personal data).
    """

    hospital_name: str
    number: str
    department: str
    room: str
    issued_at: datetime
    qr_payload: str
    eligibility_pending: bool = False
    provisional: bool = False
    priority: bool = False
    language: str = "vi"

    @property
    def reference(self) -> str:
        """The short printed reference of :attr:`qr_payload`."""
        return short_reference(self.qr_payload)

    @classmethod
    def from_ticket(cls, ticket: Ticket, hospital_name: str, *, eligibility_pending: bool = False,
                    language: str = "vi") -> TicketView:
        """The view of a domain :class:`~kiosk.domain.Ticket` (department name in ``language``)."""
        dept = ticket.department
        return cls(hospital_name=hospital_name, number=ticket.number,
                   department=dept.name_en if language == "en" else dept.name_vi,
                   room=ticket.room or dept.room, issued_at=ticket.issued_at,
                   qr_payload=ticket.registration_id, eligibility_pending=eligibility_pending,
                   provisional=ticket.pending, priority=ticket.priority, language=language)
