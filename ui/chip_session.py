"""The chip card reader for the kiosk: card events and chip reads, never on the UI thread.

pyscard's watcher calls back on its own thread; :class:`ChipSession` turns
each event into a queued Qt signal. Every chip read (PC/SC traffic) runs on
ONE worker thread (a one-thread :class:`ui.worker.TaskRunner`), so two reads
never interleave on the card.

The card's key comes from what the patient gives while the card lies on the
reader: the QR code printed on it (PACE with the card access number, the ID's
last 6 digits; BAC with the ID, birth and derived expiry dates as fallback),
or the ID number typed on the keypad (PACE alone). The kiosk then gets the
authenticated identity (name with diacritics from DG13, passive
authentication) instead of the printed or typed one.
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.config import Config
from ui.worker import TaskRunner

log = logging.getLogger(__name__)


class ChipSession(QObject):
    """``card_changed(present)`` on the UI thread; :meth:`read` reads the chip in the background."""

    card_changed = Signal(bool)
    _event = Signal(object)

    def __init__(self, config: Config, parent: QObject | None = None, *, alerts=None) -> None:
        super().__init__(parent)
        self.config = config
        if alerts is None:
            from kiosk.chip_alerts import ALERTS_FILE, ChipAlertLog
            alerts = ChipAlertLog(config.data_path() / ALERTS_FILE)
        self.alerts = alerts   # a tampered chip falls back to the QR, but staff hear of it
        self.runner = TaskRunner(1, self)     # all PC/SC traffic on this one thread
        self.card_present = False
        self._event.connect(self._on_event)
        self._watcher = None

    def start(self) -> None:
        """Start watching the readers (the watcher thread only emits a signal)."""
        from readers.pcsc.monitor import CardWatcher
        self._watcher = CardWatcher(self._event.emit).start()

    def stop(self) -> None:
        """Stop watching; wait for a read in progress."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        self.runner.wait(10000)

    def _mine(self, reader: str) -> bool:
        return self.config.reader.name.lower() in reader.lower()

    def _on_event(self, event) -> None:
        from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED, READER_REMOVED
        if not self._mine(event.reader):
            return
        if event.kind == CARD_INSERTED:
            present = True
        elif event.kind in (CARD_REMOVED, READER_REMOVED):
            present = False
        else:
            return
        if present != self.card_present:
            self.card_present = present
            self.card_changed.emit(present)

    def read(self, qr_text: str, on_identity: Callable, on_error: Callable) -> None:
        """Open the card with the keys its printed QR gives (PACE with the CAN first, then BAC)."""
        from readers.chip.keys import keys_from_qr
        self._read(lambda: keys_from_qr(qr_text), on_identity, on_error)

    def read_with_id_number(self, id_number: str, on_identity: Callable, on_error: Callable) -> None:
        """Open the card with the typed 12-digit ID number alone (PACE, CAN = its last 6 digits)."""
        from readers.chip.keys import key_from_id_number
        self._read(lambda: [key_from_id_number(id_number)], on_identity, on_error)

    def _read(self, keys: Callable, on_identity: Callable, on_error: Callable) -> None:
        """Read DG1/DG13 and verify them on the PC/SC thread; the identity comes back on the UI thread."""
        reader, timeout, csca = self.config.reader.name, self.config.reader.command_timeout, \
            self.config.reader.csca_dir

        def work():
            from kiosk.chip_identity import identity_from_chip
            from readers.chip.service import ChipReader
            from readers.chip.trust import TrustStore
            from readers.pcsc.system import connect
            trust = TrustStore.from_path(csca) if csca else None
            try:
                with connect(reader, timeout) as transport:
                    doc = ChipReader(transport, trust=trust).read(keys(), photo=True)   # DG2: the face on the confirm screen
            except Exception as e:
                if self.alerts.record_error(e) is not None:
                    log.warning("chip alert for staff: %s", getattr(e, "code", e.__class__.__name__))
                raise
            if doc.warnings:
                self.alerts.record_warnings(doc.warnings)
                log.warning("chip alert for staff: %d malformed file(s)", len(doc.warnings))
            return identity_from_chip(doc)
        self.runner.submit(work, on_identity, on_error)
