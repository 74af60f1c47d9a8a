"""Open one python-escpos device from ``[printer]`` and read its status, bounded.

The status bytes of DLE EOT n (real-time transmission) always have bit 1 and
bit 4 set and bits 0 and 7 clear; any other byte is not a printer talking
ESC/POS, and is reported as a bad reply instead of being guessed at.
python-escpos's own ``paper_status()`` reads "no answer" as "paper OK" and
has no read bound, so we send its command constants and judge the reply here.
"""

from __future__ import annotations

import copy
import enum
import logging
import socket
from typing import TYPE_CHECKING

from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER  # small: byte strings only

from kiosk.config import PrinterSettings
from kiosk.printing.errors import PrinterBadReply, PrinterNotConfigured, PrinterUnavailable

if TYPE_CHECKING:
    from escpos.escpos import Escpos

FIXED_MASK, FIXED_BITS = 0x93, 0x12   # bits 0,1,4,7 of every DLE EOT answer
PAPER_NEAR_END = 0x0C                  # DLE EOT 4, bits 2-3
PAPER_END = 0x60                       # DLE EOT 4, bits 5-6
OFFLINE = 0x08                         # DLE EOT 1, bit 3


class Paper(str, enum.Enum):
    """What the paper sensor says."""

    OK = "ok"
    LOW = "low"          # near-end sensor: change the roll soon
    OUT = "out"
    UNKNOWN = "unknown"  # the device cannot answer (file, USB without IN endpoint, no reply)


def load_escpos() -> None:
    """Import python-escpos's printer classes, without the side effect of its import.

    Done on the first :func:`open_device`, not when :mod:`kiosk.printing` is
    imported: the import parses the printer-profile database (0.3 s), which
    no command that does not print should pay. A caller that wants the first
    ticket not to wait for it may call this early, off the UI thread.
    """
    # python-escpos 3.1 calls logging.basicConfig() when escpos.capabilities is
    # imported; with an empty root logger that installs an unredacted stderr
    # handler. A NullHandler for the duration of the import makes it a no-op.
    root = logging.getLogger()
    guard = logging.NullHandler() if not root.handlers else None
    if guard:
        root.addHandler(guard)
    try:
        import escpos.printer  # noqa: F401  (imports escpos.capabilities)
    finally:
        if guard:
            root.removeHandler(guard)


def open_device(settings: PrinterSettings) -> Escpos:
    """An opened python-escpos printer for ``settings`` (raises PrinterUnavailable)."""
    kind, target = settings.kind, settings.target.strip()
    if kind == "none":
        raise PrinterNotConfigured("no printer configured ([printer] kind = \"none\")")
    load_escpos()
    try:
        if kind == "network":
            from escpos.printer import Network
            host, _, port = target.rpartition(":") if ":" in target else (target, "", "9100")
            dev = Network(host or target, int(port or 9100), timeout=settings.connect_timeout)
        elif kind == "usb":
            from escpos.printer import Usb
            vid, _, pid = target.partition(":")
            dev = Usb(int(vid, 16), int(pid, 16), timeout=int(settings.job_timeout * 1000))
        elif kind == "serial":
            from escpos.printer import Serial
            path, _, baud = target.partition("@")
            dev = Serial(path, baudrate=int(baud or 19200), timeout=settings.status_timeout)
        elif kind == "file":
            from escpos.printer import File
            dev = File(target)
        else:
            raise PrinterNotConfigured(f"unknown printer kind {kind!r}")
    except ValueError:
        raise PrinterUnavailable(f"printer target {target!r} is not valid for kind {kind!r}") from None
    # The profile data is a class attribute shared by every printer: give this
    # one its own copy with our paper width (also stops python-escpos printing
    # a warning to stdout about an unknown width).
    dev.profile.profile_data = copy.deepcopy(dev.profile.profile_data)
    dev.profile.profile_data["media"]["width"]["pixels"] = settings.width_px
    try:
        dev.open()
    except Exception as e:  # escpos raises its own, OSError, usb.core errors…
        raise PrinterUnavailable(f"cannot open {kind} printer {target!r}: {_one_line(e)}") from None
    if kind == "network":
        dev.device.settimeout(settings.job_timeout)  # writes to a stalled printer end, too
    elif kind == "serial":
        dev.device.write_timeout = settings.job_timeout  # a port stuck on flow control, too
    return dev


def _one_line(e: Exception) -> str:
    text = " ".join(str(e).split()) or e.__class__.__name__
    return text[:200]


def read_reply(dev: Escpos, kind: str, timeout: float) -> bytes | None:
    """What the printer answered within ``timeout`` s: None = nothing, b"" = connection closed."""
    if kind == "network":
        sock: socket.socket = dev.device
        old = sock.gettimeout()
        sock.settimeout(timeout)
        try:
            return sock.recv(16)
        except (TimeoutError, BlockingIOError):
            return None
        except OSError as e:
            raise PrinterUnavailable(f"printer connection failed: {_one_line(e)}") from None
        finally:
            sock.settimeout(old)
    if kind == "serial":
        # read(16) would wait the whole bound for 16 bytes; a status is one byte.
        port = dev.device
        port.timeout = timeout
        try:
            first = port.read(1)
            rest = port.read(port.in_waiting) if first and port.in_waiting else b""
        except Exception as e:  # serial.SerialException: the adapter was pulled out
            raise PrinterUnavailable(f"printer connection failed: {_one_line(e)}") from None
        return bytes(first + rest) or None
    if kind == "usb":
        if not getattr(dev, "in_ep", None):
            return None
        try:
            return bytes(dev.device.read(dev.in_ep, 16, int(timeout * 1000))) or None
        except Exception:  # usb.core.USBTimeoutError and friends: no answer
            return None
    return None  # file: write-only


def query(dev: Escpos, kind: str, command: bytes, timeout: float) -> int | None:
    """Send one DLE EOT ``command``; the status byte, or None when nothing came back.

    Raises :class:`PrinterBadReply` for bytes that are not an ESC/POS status.
    """
    if kind == "file":
        return None
    try:
        dev._raw(command)
    except Exception as e:
        raise PrinterUnavailable(f"printer stopped taking data: {_one_line(e)}") from None
    reply = read_reply(dev, kind, timeout)
    if reply == b"":
        raise PrinterUnavailable("printer closed the connection during the status query")
    if reply is None:
        return None
    status = reply[0]
    if (status & FIXED_MASK) != FIXED_BITS:
        raise PrinterBadReply(f"status query answered with {reply[:8].hex()} "
                              "(not an ESC/POS status byte)")
    return status


def paper_of(status: int | None) -> Paper:
    """Paper state from a DLE EOT 4 status byte."""
    if status is None:
        return Paper.UNKNOWN
    if status & PAPER_END:
        return Paper.OUT
    if status & PAPER_NEAR_END:
        return Paper.LOW
    return Paper.OK


def online_of(status: int | None) -> bool | None:
    """Online flag from a DLE EOT 1 status byte (None: unknown)."""
    return None if status is None else not (status & OFFLINE)


__all__ = ["Paper", "open_device", "query", "paper_of", "online_of", "read_reply",
           "RT_STATUS_ONLINE", "RT_STATUS_PAPER"]
