"""Reprinting a ticket from the offline queue's record, through the core's :class:`TicketPrinting`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.domain import Department, Ticket


def ticket_of_item(item, find_department: Callable[[str], Department | None]) -> Ticket:
    """The domain ticket an outbox item stands for (the number the patient holds)."""
    code = str(item.public.get("department", ""))
    dept = find_department(code) or Department(code, code, code, "")
    return Ticket(number=item.hospital_ticket or item.ticket_shown or item.kiosk_ticket, room=dept.room,
                  department=dept, issued_at=datetime.fromtimestamp(item.created_at, UTC), registration_id=item.id,
                  hospital_id=item.hospital_ref, pending=item.state != "delivered",
                  priority=bool(item.public.get("priority")))


def item_reprinter(printing, find_department: Callable[[str], Department | None]) -> Callable | None:
    """``reprint(outbox_item) -> "printed"`` (blocking, for a worker thread), or None with no printer."""
    if not printing.configured:
        return None
    return lambda item: printing.print_ticket(ticket_of_item(item, find_department))
