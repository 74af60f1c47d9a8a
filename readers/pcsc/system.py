"""List PC/SC readers, see whether a card is present, open a connection.

Uses pyscard's thin ``smartcard.scard`` layer (one call per PC/SC function)
so every return code can be mapped to our own one-sentence errors. A
connection is opened, used and released on the PC/SC worker thread
(:mod:`readers.pcsc.affinity`: any other thread raises ``PcscThreadError``);
its raw calls run on the connection's :class:`BoundedCaller` thread, each
within the configured ``command_timeout``. ``list_readers`` only reads
reader state, in a context of its own, and may run anywhere.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from readers.pcsc.affinity import runs_in_pcsc_thread
from readers.pcsc.errors import CardReaderError, CardRemoved, CommunicationError, NoCard, NoReader
from readers.pcsc.transport import BoundedCaller, CardTransport

log = logging.getLogger("readers.pcsc")

try:  # pyscard is a runtime dependency, but keep import errors one sentence
    from smartcard import scard
except ImportError:  # pragma: no cover - exercised only on a broken install
    scard = None

# Return codes meaning "the card went away" (pcsc-lite numbers, unsigned).
_REMOVED = {0x80100069, 0x8010000C, 0x80100068, 0x80100067, 0x8010002F, 0x80100066}
_SHARING_VIOLATION = 0x8010000B
_PCSCLITE_PRESENT = 0x0004  # SCardStatus state bit (pcsc-lite), not exported by pyscard
_NO_SERVICE = {0x8010001D, 0x8010002E, 0x80100017, 0x8010001E}


def _code(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


def _need_scard():
    if scard is None:
        raise NoReader("The PC/SC library (pyscard) is not installed.")
    return scard


def _context() -> int:
    sc = _need_scard()
    hresult, ctx = sc.SCardEstablishContext(sc.SCARD_SCOPE_USER)
    if hresult != sc.SCARD_S_SUCCESS:
        raise NoReader("The smart-card service (pcscd) is not running.")
    return ctx


@dataclass(frozen=True)
class ReaderInfo:
    """One reader and whether a card sits in it."""

    name: str
    card_present: bool
    atr: bytes = b""


def list_readers() -> list[ReaderInfo]:
    """Every PC/SC reader with its card presence; [] when there are none."""
    sc = _need_scard()
    ctx = _context()
    try:
        hresult, names = sc.SCardListReaders(ctx, [])
        if _code(hresult) == 0x8010002E or not names:  # SCARD_E_NO_READERS_AVAILABLE
            return []
        if hresult != sc.SCARD_S_SUCCESS:
            raise NoReader("The smart-card service could not list its readers.")
        states = [(n, sc.SCARD_STATE_UNAWARE) for n in names]
        hresult, states = sc.SCardGetStatusChange(ctx, 0, states)
        out = []
        for name, event, atr in states:
            present = bool(event & sc.SCARD_STATE_PRESENT) and not event & sc.SCARD_STATE_MUTE
            out.append(ReaderInfo(name, present, bytes(atr) if present else b""))
        return out
    finally:
        sc.SCardReleaseContext(ctx)


def pick_reader(wanted: str = "", require_card: bool = True) -> ReaderInfo:
    """The first reader whose name contains ``wanted`` (and holds a card).

    Prefers a reader with a card when ``wanted`` is empty, so a kiosk with
    two readers uses the one the patient put the card on.
    """
    readers = list_readers()
    if not readers:
        raise NoReader("No card reader is connected.")
    matching = [r for r in readers if wanted.lower() in r.name.lower()]
    if not matching:
        raise NoReader(f"No card reader matches {wanted!r}.")
    with_card = [r for r in matching if r.card_present]
    if require_card and not with_card:
        raise NoCard("There is no card on the reader.")
    return (with_card or matching)[0]


class PcscTransport(CardTransport):
    """A connection to the card in one PC/SC reader, every call time-bounded."""

    @runs_in_pcsc_thread
    def __init__(self, reader: str, command_timeout: float = 5.0) -> None:
        super().__init__()
        self.reader = reader
        self.timeout = command_timeout
        self._io = BoundedCaller(name="pcsc-io")
        self._ctx = None
        self._card = None
        self._protocol = None
        try:
            self._io.call(self._connect, command_timeout, "connect to the card")
        except BaseException:
            self._io.stop()
            raise
        self.atr = self._atr

    def _connect(self) -> None:
        sc = _need_scard()
        self._ctx = _context()
        # Exclusive: another program's plain APDU in the middle of ours would end the card's
        # secure-messaging session. A busy card is waited for, within the time bound.
        deadline = time.monotonic() + max(self.timeout - 0.2, 0.1)
        while True:
            hresult, card, protocol = sc.SCardConnect(self._ctx, self.reader, sc.SCARD_SHARE_EXCLUSIVE,
                                                      sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1)
            if _code(hresult) != _SHARING_VIOLATION or time.monotonic() >= deadline:
                break
            time.sleep(0.05)
        if hresult != sc.SCARD_S_SUCCESS:
            sc.SCardReleaseContext(self._ctx)
            code = _code(hresult)
            if code in (0x8010000C, 0x80100069, 0x80100066, 0x8010002F):
                raise NoCard("There is no card on the reader.")
            if code == _SHARING_VIOLATION:
                raise CardReaderError("The card is in use by another program.", code="card_busy")
            if code == 0x80100009:  # SCARD_E_UNKNOWN_READER
                raise NoReader("The card reader was disconnected.")
            raise CardReaderError(f"The card could not be connected (PC/SC error {code:08X}).")
        self._card, self._protocol = card, protocol
        hresult, _name, _state, _proto, atr = sc.SCardStatus(card)
        self._atr = bytes(atr) if hresult == sc.SCARD_S_SUCCESS else b""

    @runs_in_pcsc_thread
    def _transmit_raw(self, apdu: bytes) -> bytes:
        if self._card is None:
            raise CardRemoved("The connection to the card is closed.")
        return self._io.call(lambda: self._scard_transmit(apdu), self.timeout)

    def _scard_transmit(self, apdu: bytes) -> bytes:
        sc = scard
        hresult, response = sc.SCardTransmit(self._card, self._protocol, list(apdu))
        if hresult != sc.SCARD_S_SUCCESS:
            code = _code(hresult)
            if code in _REMOVED:
                raise CardRemoved("The card was removed from the reader.")
            if code in _NO_SERVICE:
                raise NoReader("The card reader was disconnected.")
            raise CardReaderError(f"The card did not answer (PC/SC error {code:08X}).")
        if len(response) < 2:
            # Some readers (vpcd among them) answer "nothing" when the card has gone.
            raise self._why_no_answer()
        return bytes(response)

    def _why_no_answer(self) -> CardReaderError:
        sc = scard
        for _ in range(10):  # the driver may take a moment to notice the card has gone
            hresult, _name, state, _proto, _atr = sc.SCardStatus(self._card)
            if _code(hresult) in _REMOVED or (hresult == sc.SCARD_S_SUCCESS
                                              and not state & _PCSCLITE_PRESENT):
                return CardRemoved("The card was removed from the reader.")
            time.sleep(0.05)
        return CommunicationError("The card sent an empty answer.")

    @runs_in_pcsc_thread
    def close(self) -> None:
        """Disconnect (resetting the card) and release the context."""
        card, ctx, self._card = self._card, self._ctx, None

        def release() -> None:
            if card is not None:
                # Reset: ends the card's secure-messaging session so the next one starts clean.
                scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)
            if ctx is not None:
                scard.SCardReleaseContext(ctx)
        if self._io.broken:
            # The worker is stuck in the driver: queue the release for when it returns.
            self._io.submit(release)
            self._io.stop()
            return
        try:
            self._io.call(release, min(self.timeout, 2.0), "release the card")
        except CardReaderError:
            log.info("the reader did not release the card in time")
        finally:
            self._io.stop()

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@runs_in_pcsc_thread
def connect(reader: str = "", command_timeout: float = 5.0) -> PcscTransport:
    """Connect to the card on the reader matching ``reader`` (see :func:`pick_reader`)."""
    info = pick_reader(reader, require_card=True)
    return PcscTransport(info.name, command_timeout)
