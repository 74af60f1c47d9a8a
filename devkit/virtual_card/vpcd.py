"""Plug an applet into pcscd's vsmartcard-vpcd "Virtual PCD" reader over TCP.

vpcd listens (127.0.0.1:35963 for slot 0, 35964 for slot 1); the card side
connects. Each message is a 2-byte big-endian length and data; 1-byte
messages are control (00 power off, 01 power on, 02 reset, 04 get ATR),
longer ones are command APDUs answered with a length-prefixed response.
Closing the socket is pulling the card out.

One slot can hold one card at a time, across processes: an exclusive
``flock`` on a per-port lock file serializes test runs, the benchmark and
the CLI instead of letting two cards fight over one reader.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import struct
import tempfile
import threading
import time
from collections.abc import Callable

from devkit.virtual_card.applet import CardRemovedNow, EmrtdApplet
from readers.errors import ReaderError

log = logging.getLogger("devkit.virtual_card")

BASE_PORT = 35963
DEFAULT_ATR = bytes.fromhex("3B80800101")   # ISO 14443-4 contactless card, no historical bytes
READER_NAMES = {0: "Virtual PCD 00 00", 1: "Virtual PCD 00 01"}


class VirtualCardError(ReaderError):
    """The virtual card could not be plugged in (no vpcd, slot busy)."""

    code = "virtual_card"


_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        if _QUICKACK is not None:
            # vpcd sends the length and the APDU in two writes; without an immediate ACK,
            # Nagle on its side + our delayed ACK add ~40 ms to every APDU.
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class VirtualCard:
    """A card in a vpcd slot, served by one daemon thread.

    ``applet`` is an :class:`EmrtdApplet` or a factory making a fresh one on
    each insert. ``insert``/``remove`` can be repeated; ``stop`` is final.
    """

    def __init__(self, applet: EmrtdApplet | Callable[[], EmrtdApplet], slot: int = 0,
                 host: str = "127.0.0.1", port: int | None = None, atr: bytes = DEFAULT_ATR,
                 lock_dir: str | None = None) -> None:
        self._factory = applet if callable(applet) and not isinstance(applet, EmrtdApplet) else (lambda: applet)
        self.slot = slot
        self.host = host
        self.port = port if port is not None else BASE_PORT + slot
        self.atr = atr
        self.reader_name = READER_NAMES.get(slot, f"Virtual PCD 00 {slot:02d}")
        self.applet: EmrtdApplet | None = None
        self._lock_path = os.path.join(lock_dir or tempfile.gettempdir(), f"vpcd-card-{self.port}.lock")
        self._lock_fd: int | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._release_lock = threading.Lock()

    # ---- slot lock ---------------------------------------------------------------------
    def _acquire(self, timeout: float) -> None:
        fd = os.open(self._lock_path, os.O_CREAT | os.O_RDWR, 0o666)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._lock_fd = fd
                return
            except BlockingIOError as busy:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise VirtualCardError(f"Virtual reader slot {self.slot} is busy with another card.") from busy
                time.sleep(0.05)

    def _release(self) -> None:
        with self._release_lock:  # the serving thread (fault) and remove() may race here
            if self._lock_fd is not None:
                self._seen(False, 3.0)  # keep the slot until PC/SC has seen the card go
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
                self._lock_fd = None

    # ---- insert / remove -----------------------------------------------------------------
    @property
    def inserted(self) -> bool:
        """True while the card is connected to the reader."""
        return self._sock is not None

    def insert(self, timeout: float = 10.0) -> VirtualCard:
        """Connect to vpcd (waiting up to ``timeout`` s for the slot) and start answering."""
        if self._sock is not None:
            return self
        self._acquire(timeout)
        # A card another process just pulled out may not be gone for pcscd yet: wait for the
        # slot to look empty, or the two cards blur into one for the client.
        self._seen(False, 3.0)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2.0)
        except OSError:
            self._release()
            raise VirtualCardError(f"No virtual reader listens on {self.host}:{self.port} "
                                   "(is pcscd with vsmartcard-vpcd running?).") from None
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.applet = self._factory()
        self._sock = sock
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, args=(sock,), name=f"vpcd-card-{self.slot}",
                                        daemon=True)
        self._thread.start()
        return self

    def remove(self) -> None:
        """Pull the card out (close the connection) and free the slot."""
        self._stop.set()
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2.0)
        self._thread = None
        self._release()

    start = insert
    stop = remove

    def __enter__(self) -> VirtualCard:
        return self.insert()

    def __exit__(self, *exc) -> None:
        self.remove()

    def _seen(self, present: bool, timeout: float) -> bool:
        from readers.pcsc.system import list_readers
        deadline = time.monotonic() + timeout
        while True:
            try:
                for info in list_readers():
                    if info.name == self.reader_name and info.card_present == present:
                        return True
            except ReaderError:
                pass
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def wait_until_seen(self, present: bool = True, timeout: float = 10.0) -> None:
        """Block until PC/SC reports the card present (or absent) in this slot."""
        if self._seen(present, timeout):
            return
        raise VirtualCardError(f"PC/SC did not see the virtual card {'arrive' if present else 'leave'}.")

    # ---- the protocol ---------------------------------------------------------------------
    def _serve(self, sock: socket.socket) -> None:
        applet = self.applet
        try:
            while not self._stop.is_set():
                head = _recv_exact(sock, 2)
                if head is None:
                    break
                (length,) = struct.unpack(">H", head)
                message = _recv_exact(sock, length) if length else b""
                if message is None:
                    break
                reply = self._answer(applet, message)
                if reply is None:
                    continue
                sock.sendall(struct.pack(">H", len(reply)) + reply)
        except CardRemovedNow:
            log.info("virtual card pulled out mid-read (fault)")
            self._sock = None
            try:
                sock.close()
            except OSError:
                pass
            self._release()
        except OSError:
            pass  # the connection was closed by remove() or vpcd

    def _answer(self, applet: EmrtdApplet, message: bytes) -> bytes | None:
        if len(message) == 1:
            op = message[0]
            if op in (0, 1, 2):
                applet.reset()
                return None
            if op == 4:
                return self.atr
            return None
        faults = applet.faults
        if faults.mute_after is not None and applet.apdus >= faults.mute_after:
            applet.apdus += 1
            return None  # a card that stopped answering
        if faults.delay:
            self._stop.wait(faults.delay)
        return applet.process(message)
