"""The chip service: read the card on the reader, verify it, and give the kiosk an :class:`Identity`.

:class:`ChipCheckIn` is the one place a card is read, for the kiosk UI, the
CLI (``kiosk checkin --chip``, ``kiosk read-card``), the demo and the
benchmarks. It owns:

- one PC/SC worker thread (:class:`readers.pcsc.affinity.PcscThread`): every
  connection, APDU and release runs there, so two reads never interleave on
  the card; the transport refuses card traffic from any other thread;
- the card watcher, which tells whether a card lies on the configured reader;
- the policy for a card on the reader plus what the patient shows:

  * the card's **QR** while the card lies on the reader opens the chip (PACE
    with the CAN first, BAC with the derived expiries as the fallback); the
    chip's identity (diacritics from DG13, passive authentication) replaces
    the printed one. If the chip read fails, the printed QR is still a valid
    identity: the check-in goes on with it, only the authentication is lost;
  * the **typed ID number** while the card lies on the reader opens the chip
    with PACE alone; if that fails, the typed path goes on (birth date next).

The Qt front end only watches for the card and delivers the results on the
UI thread (``ui/chip_session.py``); a CLI calls :meth:`ChipCheckIn.read`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from kiosk.chip.identity import identity_from_chip
from kiosk.chip.keys import keys_for_id_number, keys_for_qr
from kiosk.config import Config, ReaderSettings
from kiosk.domain import Identity, IdentitySource
from kiosk.errors import ConfigError
from readers.chip.keys import AccessKey
from readers.chip.service import ChipDocument, ChipReader
from readers.chip.trust import TrustStore, TrustStoreError
from readers.pcsc.affinity import PcscThread, runs_in_pcsc_thread

log = logging.getLogger("kiosk.chip")

_UNSET: Any = object()


class ChipAlerts(Protocol):
    """Where staff hear of a chip that failed its authentication or carried malformed files.

    A tampered chip must not stop the patient (the kiosk goes on with the
    printed QR), so the service reports it here; the sentences are the chip
    layer's own and never quote card data.
    """

    def record_error(self, exc: BaseException) -> Any:
        """Record ``exc`` if it is worth an alert; something truthy when it was recorded."""

    def record_warnings(self, warnings: Iterable[str]) -> None:
        """Record the warnings of a read that otherwise succeeded."""


def load_trust(csca_dir: str | None) -> TrustStore | None:
    """The CSCA store in ``csca_dir`` (None when empty); :class:`TrustStoreError` when unusable."""
    return TrustStore.from_path(csca_dir) if csca_dir else None


@dataclass(frozen=True)
class ChipRead:
    """What one chip read came to: the identity plus how the card was opened and trusted."""

    identity: Identity
    reader: str
    protocol: str
    authentication: str
    document: ChipDocument = field(repr=False, compare=False)

    def as_dict(self) -> dict:
        """JSON-able, no personal data (the reader name, the protocol, the PA level)."""
        return {"reader": self.reader, "protocol": self.protocol, "authentication": self.authentication}


@dataclass(frozen=True)
class ChipOutcome:
    """What a chip attempt during a kiosk session came to.

    ``identity`` is the chip's identity when the read succeeded; when it
    failed, the identity the session goes on with (the printed QR's), or
    None when the session continues on its own path (the typed ID).
    ``error`` is the failure's code (never personal data).
    """

    identity: Identity | None
    read: ChipRead | None = None
    error: str | None = None

    @property
    def from_chip(self) -> bool:
        """True when the identity came from the chip."""
        return self.read is not None


def _error_code(exc: BaseException) -> str:
    return getattr(exc, "code", None) or exc.__class__.__name__


class ChipCheckIn:
    """Keys → read → verify → :class:`Identity` on one PC/SC worker thread; watches the card.

    Build it from the ``[reader]`` settings (``ChipCheckIn.from_config(config)``);
    ``connect(reader, command_timeout)`` opens a transport (default: the real
    PC/SC stack) and ``watcher(on_event)`` builds the card watcher, so a test can
    pass an in-process card. ``trust`` overrides ``reader.csca_dir`` (None: no
    CSCA, the identity is then at most ``chip``). ``alerts`` (a
    :class:`ChipAlerts`) is told of every failed read and every read with
    warnings, whoever asked for it. ``on_read(seconds, protocol, result,
    authentication)`` (the metrics) hears of every read: ``result`` is ``ok``
    or the error's code. ``close()`` stops both threads.
    """

    def __init__(self, settings: ReaderSettings, *, connect: Callable | None = None,
                 watcher: Callable | None = None, trust: TrustStore | None = _UNSET,
                 alerts: ChipAlerts | None = None,
                 on_read: Callable[[float, str, str, str], None] | None = None) -> None:
        self.settings = settings
        self._on_read = on_read
        if connect is None:
            from readers.pcsc.system import connect as pcsc_connect
            connect = pcsc_connect
        self._connect: Callable = connect
        self._make_watcher = watcher
        self._trust = trust
        self._alerts = alerts
        self._pcsc = PcscThread("pcsc")
        self._watcher: Any = None
        self._on_change: Callable[[bool], None] = lambda present: None
        self._present = False
        self._lock = threading.Lock()
        self._closed = False

    @classmethod
    def from_config(cls, config: Config, **ports: Any) -> ChipCheckIn:
        """The service for ``config.reader``; ``ports`` as in the constructor.

        Unless ``alerts`` is given, staff alerts go to the kiosk's alert log
        (``chip-alerts.jsonl`` in the data folder, read by the ``chip-security``
        health part).
        """
        if "alerts" not in ports:
            from kiosk.chip_alerts import ALERTS_FILE, ChipAlertLog
            ports["alerts"] = ChipAlertLog(config.data_path() / ALERTS_FILE)
        return cls(config.reader, **ports)

    # --- reading ---------------------------------------------------------------

    def read(self, keys: Sequence[AccessKey], *, reader: str | None = None, photo: bool = True) -> ChipRead:
        """Read the card with the first key that opens it; waits. Reader and config errors propagate.

        ``reader`` (a name substring) overrides ``reader.name``; ``photo``
        reads DG2 (the face) too. Runs on the PC/SC worker thread.
        """
        return self._pcsc.call(self._read_here, list(keys), reader, photo)   # inline when already on it

    def submit(self, keys: Sequence[AccessKey], *, reader: str | None = None, photo: bool = True) -> Future:
        """Like :meth:`read`, without waiting: a future of the :class:`ChipRead`."""
        return self._pcsc.submit(self._read_here, list(keys), reader, photo)

    @runs_in_pcsc_thread
    def _read_here(self, keys: list[AccessKey], reader: str | None, photo: bool) -> ChipRead:
        name = self.settings.name if reader is None else reader
        trust = self._trust_store()
        started = time.monotonic()
        try:
            with self._connect(name, self.settings.command_timeout) as transport:
                doc = ChipReader(transport, trust=trust).read(keys, photo=photo)
                used = getattr(transport, "reader", name)
        except Exception as e:
            self._report(started, "", _error_code(e), "none")
            if self._alerts is not None and self._alerts.record_error(e):
                log.warning("chip alert for staff: %s", _error_code(e))
            raise
        self._report(started, doc.protocol, "ok", doc.auth.level.label)
        warnings = list(getattr(doc, "warnings", ()))
        if warnings and self._alerts is not None:
            self._alerts.record_warnings(warnings)
            log.warning("chip alert for staff: %d warning(s)", len(warnings))
        return ChipRead(identity_from_chip(doc), used, doc.protocol, doc.auth.level.label, doc)

    def _report(self, started: float, protocol: str, result: str, authentication: str) -> None:
        if self._on_read is not None:
            try:
                self._on_read(time.monotonic() - started, protocol, result, authentication)
            except Exception:   # metrics must never cost a patient the chip's identity
                log.exception("chip read observer failed")

    def _trust_store(self) -> TrustStore | None:
        # Loaded once, on the worker (parsing a master list takes a moment).
        if self._trust is _UNSET:
            try:
                self._trust = load_trust(self.settings.csca_dir)
            except TrustStoreError as e:
                raise ConfigError(f"reader.csca_dir: {e}") from None
        return self._trust

    # --- the session policy ----------------------------------------------------

    def read_for_qr(self, qr_text: str, printed: Identity, *, photo: bool = True) -> Future | None:
        """The card's QR while the card lies on the reader: read the chip with the QR's keys.

        None when the chip does not apply (no card on the reader, or not an ID
        card's QR): the caller goes on with ``printed``. Otherwise a future of a
        :class:`ChipOutcome` that never raises: the chip's identity, or
        ``printed`` with the failure's code.
        """
        if not self.card_present or printed.source is not IdentitySource.QR_ID_CARD:
            return None
        return self._pcsc.submit(self._attempt, lambda: keys_for_qr(qr_text), printed, photo,
                                 "chip read failed (%s); using the card's QR")

    def read_for_id_number(self, id_number: str, *, photo: bool = True) -> Future | None:
        """The typed ID number while the card lies on the reader: open the chip with PACE (CAN = last 6).

        None when no card lies there. Otherwise a future of a
        :class:`ChipOutcome` that never raises; on failure its identity is
        None and the typed path goes on.
        """
        if not self.card_present:
            return None
        return self._pcsc.submit(self._attempt, lambda: keys_for_id_number(id_number), None, photo,
                                 "chip read with the typed ID failed (%s)")

    @runs_in_pcsc_thread
    def _attempt(self, keys: Callable[[], list[AccessKey]], fallback: Identity | None, photo: bool,
                 failure: str) -> ChipOutcome:
        try:
            read = self._read_here(keys(), None, photo)
        except Exception as e:
            code = _error_code(e)
            log.warning(failure, code)
            return ChipOutcome(fallback, None, code)
        return ChipOutcome(read.identity, read, None)

    # --- watching the reader ---------------------------------------------------

    @property
    def card_present(self) -> bool:
        """True while the watcher sees a card on the configured reader."""
        with self._lock:
            return self._present

    def watch(self, on_change: Callable[[bool], None] = lambda present: None) -> None:
        """Start watching the configured reader; ``on_change(present)`` runs on the watcher thread.

        Keep ``on_change`` short (emit a signal, put on a queue).
        """
        if self._watcher is not None:
            return
        make = self._make_watcher
        if make is None:
            from readers.pcsc.monitor import CardWatcher
            make = CardWatcher
        self._on_change = on_change
        self._watcher = make(self._on_event).start()

    def _on_event(self, event) -> None:
        from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED, READER_REMOVED
        if self.settings.name.lower() not in event.reader.lower():
            return
        if event.kind == CARD_INSERTED:
            present = True
        elif event.kind in (CARD_REMOVED, READER_REMOVED):
            present = False
        else:
            return
        with self._lock:
            changed, self._present = present != self._present, present
        if changed:
            self._on_change(present)

    def stop_watching(self) -> None:
        """Stop the card watcher (a read in progress goes on)."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop()
        with self._lock:
            self._present = False

    def close(self, wait: bool = True) -> None:
        """Stop watching and let the queued reads finish (``wait``) or drop them."""
        if self._closed:
            return
        self._closed = True
        self.stop_watching()
        self._pcsc.close(wait=wait)

    def __enter__(self) -> ChipCheckIn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
