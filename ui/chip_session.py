"""The chip card reader for the kiosk: card events and chip reads, never on the UI thread.

pyscard's watcher calls back on its own thread; :class:`ChipSession` turns
each event into a queued Qt signal. Every chip read (PC/SC traffic) runs on
ONE worker thread (a one-thread :class:`ui.worker.TaskRunner`), so two reads
never interleave on the card.

With BAC, the card's key comes from the QR code printed on it (ID number,
birth and issue dates give the candidate keys): the kiosk reads the chip
when a QR code arrives while a card lies on the reader, and gets the
authenticated identity (name with diacritics from DG13, passive
authentication) instead of the printed one.
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

    def __init__(self, config: Config, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.config = config
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
        """Open the card with the keys the QR gives, read DG1/DG13, verify; identity back on the UI thread."""
        reader, timeout, csca = self.config.reader.name, self.config.reader.command_timeout, \
            self.config.reader.csca_dir

        def work():
            from kiosk.chip_identity import identity_from_chip
            from readers.chip.keys import keys_from_qr
            from readers.chip.service import ChipReader
            from readers.chip.trust import TrustStore
            from readers.pcsc.system import connect
            trust = TrustStore.from_path(csca) if csca else None
            with connect(reader, timeout) as transport:
                doc = ChipReader(transport, trust=trust).read(keys_from_qr(qr_text), photo=False)
            return identity_from_chip(doc)
        self.runner.submit(work, on_identity, on_error)
