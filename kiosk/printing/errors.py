"""Typed printer errors: staff get the detail, the patient keeps the on-screen ticket.

A printer problem never stops a check-in; the UI shows the ticket on screen
with :meth:`PrinterError.patient_message` and the staff view shows ``code``
and ``detail``.
"""

from __future__ import annotations

from kiosk.errors import KioskError


class PrinterError(KioskError):
    """Root of every printing problem."""

    code = "printer"
    exit_code = 6
    patient_vi = ("Không in được vé. Vui lòng ghi nhớ số thứ tự trên màn hình "
                  "và đến quầy nếu cần.")
    patient_en = "Your ticket could not be printed. Please note the number on the screen."


class PrinterNotConfigured(PrinterError):
    """``[printer] kind = "none"``: this kiosk has no printer."""

    code = "printer_not_configured"


class PrinterUnavailable(PrinterError):
    """The printer cannot be opened or stopped taking data (unplugged, off, wrong address)."""

    code = "printer_unavailable"


class PrinterOutOfPaper(PrinterError):
    """The paper sensor reports the roll is empty; nothing was printed."""

    code = "printer_out_of_paper"


class PrinterOffline(PrinterError):
    """The printer says it is offline (cover open, paper-feed button held, an error)."""

    code = "printer_offline"


class PrinterBadReply(PrinterError):
    """The device answered the status query with bytes no ESC/POS printer sends."""

    code = "printer_bad_reply"


class PrinterTimeout(PrinterError):
    """The print job did not finish within ``[printer] job_timeout``."""

    code = "printer_timeout"


class PrinterBusy(PrinterError):
    """Too many print jobs are waiting (the printer is stuck); this one was refused."""

    code = "printer_busy"
