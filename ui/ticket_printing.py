"""Printing the patient's ticket through the core's printer (``kiosk.printing``), off the UI thread."""

from __future__ import annotations

from typing import Callable

from kiosk.config import Config


def ticket_printer(config: Config) -> Callable | None:
    """``print(ticket, language) -> "printed"`` (blocking, for a worker thread), or None with no printer.

    A printer error propagates; the kiosk then says "not printed" and shows the number.
    """
    if config.printer.kind == "none":
        return None
    from kiosk.printing import TicketPrinter, TicketView, render_ticket
    printer = TicketPrinter(config.printer)

    def print_ticket(ticket, language: str) -> str:
        view = TicketView.from_ticket(ticket, config.facility.name, eligibility_pending=ticket.pending,
                                      language=language)
        printer.print(render_ticket(view, config.printer.width_px))
        return "printed"
    return print_ticket


def item_reprinter(config: Config, find_department: Callable) -> Callable | None:
    """``reprint(outbox_item)`` for the reception station (blocking), or None with no printer.

    ``find_department(code) -> Department | None`` names the department and room.
    """
    if config.printer.kind == "none":
        return None
    from datetime import datetime

    from kiosk.printing import TicketPrinter, TicketView, render_ticket
    printer = TicketPrinter(config.printer)

    def reprint(item) -> str:
        code = str(item.public.get("department", ""))
        dept = find_department(code)
        view = TicketView(hospital_name=config.facility.name,
                          number=item.hospital_ticket or item.ticket_shown or item.kiosk_ticket,
                          department=dept.name_vi if dept else code, room=dept.room if dept else "",
                          issued_at=datetime.fromtimestamp(item.created_at), qr_payload=item.id,
                          eligibility_pending=item.eligibility == "pending",
                          provisional=item.state != "delivered", priority=bool(item.public.get("priority")))
        printer.print(render_ticket(view, config.printer.width_px))
        return "printed"
    return reprint
