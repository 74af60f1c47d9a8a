"""The ticket printer: jobs run on one worker thread, the caller never waits long.

``submit(image)`` returns a ``Future`` at once (the UI hangs a callback on it);
``print(image)`` waits at most ``[printer] job_timeout``. Either way a dead,
empty or babbling printer ends in a typed :class:`PrinterError` for staff,
never in a hung check-in: the ticket is already on the screen.

One worker thread owns the device, so a status probe and a print never talk
to the printer at the same time. It is a daemon thread: a printer stuck in a
USB write cannot keep the kiosk process from exiting.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PIL import Image

from kiosk.config import PrinterSettings
from kiosk.printing import device
from kiosk.printing.device import Paper
from kiosk.printing.errors import (
    PrinterBusy,
    PrinterError,
    PrinterNotConfigured,
    PrinterOffline,
    PrinterOutOfPaper,
    PrinterTimeout,
    PrinterUnavailable,
)

log = logging.getLogger(__name__)

MAX_WAITING_JOBS = 4


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said last: online, paper, and the error if any (for staff)."""

    configured: bool
    online: bool | None
    paper: Paper
    error_code: str = ""
    detail: str = ""
    checked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        """True when a ticket can be expected to come out."""
        return self.configured and not self.error_code and self.paper is not Paper.OUT \
            and self.online is not False


@dataclass(frozen=True)
class PrintResult:
    """A finished print job."""

    paper: Paper
    bytes_sent: int
    seconds: float


class _CountingDevice:
    """Wraps the device's ``_raw`` to count bytes (for the result and the benchmark)."""

    def __init__(self, dev) -> None:
        self.dev, self.count = dev, 0
        raw = dev._raw

        def counted(msg: bytes) -> None:
            raw(msg)
            self.count += len(msg)
        dev._raw = counted


class TicketPrinter:
    """Prints ticket images on the configured ESC/POS printer, off the caller's thread."""

    def __init__(self, settings: PrinterSettings) -> None:
        self.settings = settings
        self._jobs: queue.Queue = queue.Queue(maxsize=MAX_WAITING_JOBS)
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self.last_status: PrinterStatus | None = None

    @property
    def configured(self) -> bool:
        """False when ``[printer] kind = "none"``."""
        return self.settings.kind != "none"

    # -- public API -------------------------------------------------------
    def submit(self, image: Image.Image) -> Future[PrintResult]:
        """Queue ``image`` for printing; the Future ends in a PrintResult or a PrinterError."""
        return self._enqueue(lambda: self._print_job(image))

    def print(self, image: Image.Image, timeout: float | None = None) -> PrintResult:
        """Print ``image`` and wait at most ``timeout`` (default ``job_timeout``) seconds."""
        return self._wait(self.submit(image), timeout)

    def status(self, timeout: float | None = None) -> PrinterStatus:
        """Ask the printer for online and paper state (bounded); never raises."""
        try:
            return self._wait(self._enqueue(self._status_job), timeout)
        except PrinterError as e:
            return self._record(PrinterStatus(self.configured, None, Paper.UNKNOWN, e.code, e.detail))

    def on_done(self, future: Future[PrintResult],
                callback: Callable[[PrintResult | None, PrinterError | None], None]) -> None:
        """Call ``callback(result, error)`` when ``future`` ends (on the worker thread)."""
        def done(f: Future) -> None:
            err = f.exception()
            callback(None if err else f.result(), err if isinstance(err, PrinterError) else
                     (PrinterError(f"print failed: {err.__class__.__name__}") if err else None))
        future.add_done_callback(done)

    # -- worker -----------------------------------------------------------
    def _enqueue(self, job: Callable[[], object]) -> Future:
        fut: Future = Future()
        if not self.configured:
            fut.set_exception(PrinterNotConfigured("no printer configured ([printer] kind = \"none\")"))
            return fut
        try:
            self._jobs.put_nowait((job, fut))
        except queue.Full:
            fut.set_exception(PrinterBusy(f"{MAX_WAITING_JOBS} print jobs already waiting; "
                                          "the printer is not taking data"))
            return fut
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="ticket-printer", daemon=True)
                self._worker.start()
        return fut

    def _run(self) -> None:
        while True:
            try:
                job, fut = self._jobs.get(timeout=30)
            except queue.Empty:
                with self._lock:  # idle: let the thread end, the next job starts another
                    if self._jobs.empty():
                        self._worker = None
                        return
                continue
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(job())
            except PrinterError as e:
                fut.set_exception(e)
            except Exception as e:  # a library bug must still end the job, typed
                fut.set_exception(PrinterUnavailable(f"printing failed: {e.__class__.__name__}: {e}"))

    def _wait(self, fut: Future, timeout: float | None):
        bound = self.settings.job_timeout if timeout is None else timeout
        try:
            return fut.result(timeout=bound)
        except FutureTimeout:
            fut.cancel()
            err = PrinterTimeout(f"the printer did not finish within {bound:g} s")
            self._record(PrinterStatus(True, None, Paper.UNKNOWN, err.code, err.detail))
            raise err from None

    def _record(self, status: PrinterStatus) -> PrinterStatus:
        self.last_status = status
        return status

    def _print_job(self, image: Image.Image) -> PrintResult:
        s = self.settings
        if image.width > s.width_px:
            raise PrinterError(f"ticket image is {image.width} dots wide, the printer {s.width_px}",
                               code="printer_image_too_wide")
        started = time.perf_counter()
        dev = device.open_device(s)
        try:
            online, paper = self._ask(dev)
            if online is False:
                err: PrinterError = PrinterOffline("the printer reports it is offline (cover open or error); "
                                                   "ticket not printed")
                self._record(PrinterStatus(True, False, paper, err.code, err.detail))
                raise err
            if paper is Paper.OUT:
                err = PrinterOutOfPaper("the paper sensor reports no paper; ticket not printed")
                self._record(PrinterStatus(True, True, paper, err.code, err.detail))
                raise err
            counter = _CountingDevice(dev)
            try:
                dev.hw("INIT")
                dev.image(image, impl="bitImageRaster", center=False)
                if s.cut:
                    dev.cut()
            except PrinterError:
                raise
            except Exception as e:
                raise PrinterUnavailable(f"printer stopped taking data: {device._one_line(e)}") from None
        finally:
            try:
                dev.close()
            except Exception:  # closing a broken connection: nothing left to save
                pass
        self._record(PrinterStatus(True, online, paper))
        result = PrintResult(paper, counter.count, time.perf_counter() - started)
        log.info("ticket printed", extra={"printer": s.kind, "paper": paper.value,
                                          "bytes": result.bytes_sent, "ms": round(result.seconds * 1000)})
        return result

    def _ask(self, dev) -> tuple[bool | None, Paper]:
        """Online flag and paper state; a printer that ignores the first query is not asked twice."""
        s = self.settings
        first = device.query(dev, s.kind, device.RT_STATUS_ONLINE, s.status_timeout)
        if first is None:
            return None, Paper.UNKNOWN
        return device.online_of(first), device.paper_of(
            device.query(dev, s.kind, device.RT_STATUS_PAPER, s.status_timeout))

    def _status_job(self) -> PrinterStatus:
        s = self.settings
        dev = device.open_device(s)
        try:
            online, paper = self._ask(dev)
        finally:
            try:
                dev.close()
            except Exception:
                pass
        code, detail = "", ""
        if paper is Paper.OUT:
            code, detail = PrinterOutOfPaper.code, "the paper sensor reports no paper"
        elif online is False:
            code, detail = "printer_offline", "the printer reports it is offline (cover open or error)"
        return self._record(PrinterStatus(True, online, paper, code, detail))
