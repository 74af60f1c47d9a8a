"""``kiosk print-test``: print a sample ticket and/or save its PNG preview (installation, support).

Exit 0 when the ticket went out (or only a preview was asked for); a printer
problem is one sentence on stderr with exit 6 (a device problem), like the
card reader and the camera.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.errors import InputError
from kiosk.facility_time import facility_now
from kiosk.printing import TicketView, preview_png, render_ticket


def register(sub) -> None:
    """Add the ``print-test`` command."""
    p = sub.add_parser("print-test", help="print a sample ticket and/or save its PNG preview",
                       description="Print a sample queue ticket on the configured printer.")
    p.add_argument("--png", metavar="FILE", help="also save the ticket as a PNG (the on-screen preview)")
    p.add_argument("--no-print", action="store_true", help="only save the PNG, do not print")
    p.add_argument("--pending", action="store_true", help="show the 'insurance check pending' mark")
    p.set_defaults(run=run)


def sample_view(config: Config, pending: bool = False) -> TicketView:
    """A ticket with every field filled, and nobody's personal data."""
    return TicketView(hospital_name=config.facility.name, number="A-0001", department="Khám Nội tổng quát",
                      room="P.101", issued_at=facility_now(config.facility.time_zone)(),
                      qr_payload=f"test-{uuid.uuid4()}",
                      eligibility_pending=pending, language=config.kiosk.language)


def run(args, config: Config) -> int:
    """Render, optionally save, optionally print."""
    if args.no_print and not args.png:
        raise InputError("--no-print needs --png (otherwise there is nothing to do).", code="nothing_to_do")
    view = sample_view(config, args.pending)
    p = config.printer
    if args.png:
        try:
            Path(args.png).write_bytes(preview_png(view, p.width_px, font_file=p.font))
        except OSError as e:
            raise InputError(f"Cannot write {args.png} ({e.strerror or e}).", code="bad_output") from None
        print(f"Preview saved to {args.png}")
    if args.no_print:
        return ExitCode.OK
    from kiosk.services import KioskServices
    with KioskServices.open(config, start=False) as services:   # the kiosk's one printer, nothing else
        result = services.printing.printer.print(render_ticket(view, p.width_px, p.font))
    print(f"Ticket printed on the {p.kind} printer {p.target}: {result.bytes_sent} bytes in "
          f"{result.seconds * 1000:.0f} ms, paper {result.paper.value}")
    return ExitCode.OK
