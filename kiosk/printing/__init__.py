"""Queue tickets: drawn as images with Pillow, printed over ESC/POS, previewed as PNG.

The API the UI and the check-in flow use::

    view = TicketView.from_ticket(ticket, config.facility.name, eligibility_pending=True)
    image = render_ticket(view, config.printer.width_px)       # PIL image, mode "1"
    png = preview_png(view, config.printer.width_px)           # the same pixels, as PNG
    printer = TicketPrinter(config.printer)
    future = printer.submit(image)                             # never blocks the caller
    printer.on_done(future, lambda result, error: ...)          # error: a PrinterError
    # or, for the app: TicketPrinting(config).print_ticket(ticket, language) -> "printed"

python-escpos itself (0.3 s: it parses its printer-profile database) is
imported only when a printer is opened (:func:`kiosk.printing.device.open_device`),
so importing this package costs a command nothing it does not print.
"""

from kiosk.printing.device import Paper
from kiosk.printing.errors import (
                                   PrinterBadReply,
                                   PrinterBusy,
                                   PrinterError,
                                   PrinterNotConfigured,
                                   PrinterOffline,
                                   PrinterOutOfPaper,
                                   PrinterTimeout,
                                   PrinterUnavailable,
)
from kiosk.printing.fonts import FontError, find_font
from kiosk.printing.printer import PrinterStatus, PrintResult, TicketPrinter
from kiosk.printing.render import preview_png, render_ticket
from kiosk.printing.service import TicketPrinting
from kiosk.printing.ticket_view import TicketView

__all__ = [
    "TicketView", "TicketPrinting", "render_ticket", "preview_png", "TicketPrinter", "PrinterStatus",
    "PrintResult", "Paper", "PrinterError", "PrinterNotConfigured", "PrinterUnavailable", "PrinterOutOfPaper",
    "PrinterBadReply", "PrinterOffline", "PrinterTimeout", "PrinterBusy", "FontError", "find_font",
]
