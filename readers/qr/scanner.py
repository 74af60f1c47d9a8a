"""USB scanners in serial (USB-CDC) mode: a line reader on its own thread.

In serial mode the scanner sends the QR's bytes unchanged (UTF-8 survives,
unlike keyboard-wedge mode), normally followed by CR and/or LF. Scanners set
up without a suffix are handled too: a pause of ``idle_flush_s`` after the
last byte ends the scan. A port that disappears (cable pulled) is reopened
with exponential backoff and every change is reported through ``on_state``.
Ports are opened with pyserial's ``serial_for_url``, so ``COM3``,
``/dev/ttyACM0`` and test URLs such as ``loop://`` all work.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable

import serial

from readers.qr.wedge import ScannedText, clean_scan, mangling_problem

log = logging.getLogger("readers.qr.scanner")


class ScannerState(str, enum.Enum):
    """What the serial scanner is doing."""

    OPENING = "opening"
    READY = "ready"
    LOST = "lost"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


def _noop(*_args) -> None:
    pass


class SerialScanner:
    """Reads scans from a serial port and hands each one to ``on_scan(ScannedText)``.

    ``port`` is a port name or pyserial URL, or a callable returning an open
    serial-like object (``read(n)``, ``close()``), which is how tests inject a
    loopback port and simulate a cable being pulled and put back.
    """

    def __init__(self, port: str | Callable[[], object], baudrate: int = 9600, *,
                 on_scan: Callable[[ScannedText], None] = _noop,
                 on_state: Callable[[ScannerState, str], None] = _noop,
                 idle_flush_s: float = 0.15, max_line: int = 4096,
                 backoff_initial_s: float = 0.25, backoff_max_s: float = 5.0):
        self.port, self.baudrate = port, baudrate
        self.on_scan, self.on_state = on_scan, on_state
        self.idle_flush_s, self.max_line = idle_flush_s, max_line
        self.backoff_initial_s, self.backoff_max_s = backoff_initial_s, backoff_max_s
        self.description = "serial scanner" if callable(port) else f"serial scanner on {port}"
        self._state = ScannerState.STOPPED
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> ScannerState:
        """The current state."""
        return self._state

    def _set_state(self, state: ScannerState, detail: str = "") -> None:
        if state == self._state:
            return
        self._state = state
        log.info("%s: %s %s", self.description, state.value, detail)
        self._emit(self.on_state, state, detail)

    def _emit(self, callback: Callable, *args) -> None:
        try:
            callback(*args)
        except Exception:  # a faulty listener must not stop the scanner
            log.exception("scanner listener failed")

    def start(self) -> None:
        """Start the reader thread (returns at once)."""
        if self._thread:
            raise RuntimeError("scanner already started")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="qr-serial-scanner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading and close the port (waits at most ``timeout`` seconds)."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        self._thread = None
        self._set_state(ScannerState.STOPPED)

    def _open(self):
        if callable(self.port):
            return self.port()
        return serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.05)

    def _run(self) -> None:
        backoff, first = self.backoff_initial_s, True
        while not self._stop.is_set():
            self._set_state(ScannerState.OPENING if first else ScannerState.RECONNECTING)
            first = False
            port = None
            try:
                port = self._open()
                self._set_state(ScannerState.READY)
                backoff = self.backoff_initial_s
                self._read_lines(port)
            except (serial.SerialException, OSError, ValueError) as e:
                # Report once; further failed attempts keep "reconnecting".
                if self._state != ScannerState.RECONNECTING:
                    self._set_state(ScannerState.LOST, f"{e.__class__.__name__}")
            finally:
                if port is not None:
                    try:
                        port.close()
                    except Exception:
                        log.debug("closing the serial port failed", exc_info=True)
            if self._stop.wait(backoff):
                break
            backoff = min(backoff * 2, self.backoff_max_s)

    def _read_lines(self, port) -> None:
        buf = bytearray()
        skipping = False  # inside an over-long line: drop bytes up to its end
        last_byte_at = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(256)
            now = time.monotonic()
            if chunk:
                last_byte_at = now
                buf += chunk
                while True:
                    cut = next((i for i, b in enumerate(buf) if b in (0x0D, 0x0A)), None)
                    if cut is None:
                        break
                    if not skipping:
                        self._deliver(bytes(buf[:cut]))
                    skipping = False
                    del buf[:cut + 1]
                if len(buf) > self.max_line:
                    if not skipping:
                        log.warning("%s: discarding a line longer than %d bytes", self.description, self.max_line)
                    skipping = True
                    buf.clear()
            elif (buf or skipping) and now - last_byte_at >= self.idle_flush_s:
                if buf and not skipping:
                    self._deliver(bytes(buf))  # a scanner configured without a suffix
                skipping = False
                buf.clear()
            if not chunk and not getattr(port, "timeout", None):
                time.sleep(0.005)  # a non-blocking port: do not spin

    def _deliver(self, raw: bytes) -> None:
        text = clean_scan(raw.decode("utf-8", errors="replace"))
        if text:
            self._emit(self.on_scan, ScannedText(text, mangling_problem(text), "serial"))
