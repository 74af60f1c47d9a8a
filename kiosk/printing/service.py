"""What the app calls to print a domain ``Ticket``: one object built from the configuration.

    printing = TicketPrinting(config, eligibility_pending=lambda t: flow.eligibility_pending)
    KioskApp(config, flow, print_ticket=printing.print_ticket)   # (ticket, language) -> "printed"

``print_ticket`` blocks for at most ``[printer] job_timeout``: run it on a
worker thread (the UI's print runner does). It raises a :class:`PrinterError`
(typed, one sentence) when the ticket did not come out; the ticket is on
screen already.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

from kiosk.config import Config
from kiosk.domain import Ticket
from kiosk.facility_time import facility_now, in_facility_time
from kiosk.printing.printer import TicketPrinter
from kiosk.printing.render import preview_png, render_ticket
from kiosk.printing.ticket_view import TicketView


class TicketPrinting:
    """Renders domain tickets with the configured width and font, prints them on one printer."""

    def __init__(self, config: Config, printer: TicketPrinter | None = None,
                 eligibility_pending: Callable[[Ticket], bool] | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.config = config
        self.printer = printer or TicketPrinter(config.printer)
        self._pending = eligibility_pending or (lambda ticket: False)
        self.clock = clock or facility_now(config.facility.time_zone)

    @property
    def configured(self) -> bool:
        """False when this kiosk has no printer (the UI then says "no printer")."""
        return self.printer.configured

    def view(self, ticket: Ticket, language: str = "vi") -> TicketView:
        """What goes on paper for ``ticket``."""
        # the time printed is the facility's wall clock, whatever zone this PC's clock runs in
        ticket = dataclasses.replace(ticket, issued_at=in_facility_time(ticket.issued_at,
                                                                        self.config.facility.time_zone))
        return TicketView.from_ticket(ticket, self.config.facility.name,
                                      eligibility_pending=bool(self._pending(ticket)), language=language)

    def print_ticket(self, ticket: Ticket, language: str = "vi") -> str:
        """Print ``ticket``; returns ``"printed"`` or raises a PrinterError (bounded wait)."""
        p = self.config.printer
        self.printer.print(render_ticket(self.view(ticket, language), p.width_px, p.font))
        return "printed"

    def print_counter_slip(self, counter_number: str | None, reason: str, language: str = "vi") -> str:
        """Print a counter slip (number at the counter, plain reason); ``"printed"`` or a PrinterError."""
        from kiosk.printing.counter_slip import render_counter_slip
        p = self.config.printer
        slip = self.counter_slip(counter_number, reason, language)
        self.printer.print(render_counter_slip(slip, p.width_px, p.font))
        return "printed"

    def counter_slip(self, counter_number: str | None, reason: str, language: str = "vi"):
        """The counter slip to print now, stamped with the facility's wall-clock time."""
        from kiosk.printing.counter_slip import CounterSlip
        return CounterSlip(self.config.facility.name, counter_number, reason, self.clock(), language)

    def preview_png(self, ticket: Ticket, language: str = "vi", scale: int = 1) -> bytes:
        """The same ticket as PNG bytes (screen, support)."""
        p = self.config.printer
        return preview_png(self.view(ticket, language), p.width_px, scale, p.font)
