"""The transport API every card protocol talks through (template method).

:meth:`CardTransport.transmit` counts, times and logs each APDU (header and
lengths only, never its data: card data is personal), follows ``61xx``
GET RESPONSE chaining and checks status words on request. Exactly one
method, :meth:`CardTransport._transmit_raw`, touches hardware, so a
scripted test card or the in-process virtual card is a few lines.

:class:`BoundedCaller` runs blocking hardware calls on one worker thread
with a time bound: a dead reader raises :class:`ReaderTimeout` instead of
hanging the kiosk.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any

from readers.pcsc.apdu import CommandAPDU, ResponseAPDU
from readers.pcsc.errors import CardReaderError, ReaderTimeout, StatusWordError

log = logging.getLogger("readers.pcsc.transport")

_MAX_GET_RESPONSE = 64  # bound on 61xx chaining: a broken card cannot loop us forever


class CardTransport(ABC):
    """Send APDUs to one card; subclasses implement only ``_transmit_raw``.

    Attributes ``apdu_count`` and ``card_seconds`` (wall time spent waiting
    on the card) feed the per-phase timings of a read.
    """

    def __init__(self) -> None:
        self.apdu_count = 0
        self.card_seconds = 0.0

    def transmit(self, command: CommandAPDU) -> ResponseAPDU:
        """Send ``command``; return the response (any status word)."""
        response = self._exchange(command)
        rounds = 0
        data = response.data
        # T=0 style chaining: the card says "61xx: xx more bytes, ask for them".
        while response.sw1 == 0x61 and rounds < _MAX_GET_RESPONSE:
            rounds += 1
            response = self._exchange(CommandAPDU(0x00, 0xC0, 0, 0, b"",
                                                  response.sw2 or 256))
            data += response.data
        if rounds:
            response = ResponseAPDU(data, response.sw1, response.sw2)
        return response

    def transmit_checked(self, command: CommandAPDU, expected: Iterable[int] = (0x9000,),
                         what: str = "the command") -> ResponseAPDU:
        """Like :meth:`transmit`, raising :class:`StatusWordError` on an unexpected status."""
        response = self.transmit(command)
        if response.sw not in tuple(expected):
            raise StatusWordError(f"The card refused {what} (status {response.sw:04X}).", response.sw)
        return response

    def _exchange(self, command: CommandAPDU) -> ResponseAPDU:
        raw = command.to_bytes()
        started = time.perf_counter()
        try:
            answer = self._transmit_raw(raw)
        finally:
            self.card_seconds += time.perf_counter() - started
            self.apdu_count += 1
        response = ResponseAPDU.from_bytes(answer)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("APDU %s -> SW %04X, %d bytes, %.1f ms", command.describe(), response.sw,
                      len(response.data), (time.perf_counter() - started) * 1000)
        return response

    @abstractmethod
    def _transmit_raw(self, apdu: bytes) -> bytes:
        """Send raw APDU bytes and return the raw response (data + SW1 SW2)."""

    def close(self) -> None:  # noqa: B027 (an optional hook, not abstract: most transports hold nothing)
        """Release the card (no-op by default)."""


class BoundedCaller:
    """Run callables on one daemon worker thread, each within a time bound.

    After a timeout the worker may still be stuck inside the driver, so the
    caller is marked broken and every later call fails at once; the owner
    opens a fresh connection (pyscard calls cannot be interrupted).
    """

    def __init__(self, name: str = "pcsc-io") -> None:
        self._jobs: queue.Queue[tuple[Callable[[], Any], dict] | None] = queue.Queue()
        self._broken: str | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, box = job
            try:
                box["result"] = fn()
            except BaseException as e:  # handed back to the waiting caller
                box["error"] = e
            box["done"].set()

    def call(self, fn: Callable[[], Any], timeout: float, what: str = "answer") -> Any:
        """``fn()`` on the worker; :class:`ReaderTimeout` if it takes over ``timeout`` s."""
        if self._broken:
            raise ReaderTimeout(self._broken)
        box: dict = {"done": threading.Event()}
        self._jobs.put((fn, box))
        if not box["done"].wait(timeout):
            self._broken = f"The card reader did not {what} within {timeout:g} s."
            raise ReaderTimeout(self._broken)
        if "error" in box:
            raise box["error"]
        return box.get("result")

    @property
    def broken(self) -> bool:
        """True after a call timed out (the worker may still be stuck)."""
        return self._broken is not None

    def submit(self, fn: Callable[[], Any]) -> None:
        """Queue ``fn`` without waiting (its errors are dropped)."""
        self._jobs.put((fn, {"done": threading.Event()}))

    def stop(self) -> None:
        """Let the worker end after its current job."""
        self._jobs.put(None)


__all__ = ["CardTransport", "BoundedCaller", "CardReaderError"]
