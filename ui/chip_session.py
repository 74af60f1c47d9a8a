"""The chip reader seen from Qt: card events and chip results as signals on the UI thread.

The chip use case (keys, reading, verification, the policy for a card plus a
QR or a typed ID, the one PC/SC worker thread) is the core's
:class:`kiosk.chip.service.ChipCheckIn`. This adapter only turns its watcher
callbacks and its futures, which complete on other threads, into queued Qt
signals, so the slots run on the UI thread and may touch widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.chip.service import ChipCheckIn, ChipOutcome
from kiosk.domain import Identity


class ChipSession(QObject):
    """``card_changed(present)`` on the UI thread; chip reads answer through callbacks on the UI thread."""

    card_changed = Signal(bool)
    _changed = Signal(bool)
    _answered = Signal(object, object)

    def __init__(self, chip: ChipCheckIn, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.chip = chip
        self.card_present = False      # the UI thread's view, updated by the queued signal
        self._stopped = False
        self._changed.connect(self._on_changed)
        # Queued even when the future is already done (its callback then runs on this thread):
        # the answer always comes after the caller has returned.
        self._answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Start watching the reader (the watcher thread only emits a signal)."""
        self.chip.watch(self._changed.emit)

    def stop(self) -> None:
        """Stop watching and drop answers still to come; the service belongs to whoever built it."""
        self._stopped = True
        self.card_present = False      # nobody watches any more: no reminder for a card we cannot see
        self.chip.stop_watching()

    def _on_changed(self, present: bool) -> None:
        if present != self.card_present:
            self.card_present = present
            self.card_changed.emit(present)

    def read_for_qr(self, qr_text: str, printed: Identity, on_done: Callable[[ChipOutcome], None]) -> bool:
        """Start the chip read a card QR allows; False when the chip does not apply (go on with ``printed``).

        The core decides on its own view of the reader, which is never behind this thread's.
        """
        return self._deliver(self.chip.read_for_qr(qr_text, printed), on_done)

    def read_for_id_number(self, id_number: str, on_done: Callable[[ChipOutcome], None]) -> bool:
        """Start the chip read with the typed ID (PACE); False when no card lies on the reader."""
        return self._deliver(self.chip.read_for_id_number(id_number), on_done)

    def _deliver(self, future, on_done: Callable[[ChipOutcome], None]) -> bool:
        if future is None:
            return False
        # The future completes on the PC/SC thread: emitting queues the answer to this one.
        future.add_done_callback(lambda f: self._emit_answer(on_done, f))
        return True

    def _emit_answer(self, on_done: Callable[[ChipOutcome], None], future) -> None:
        if self._stopped:
            return      # the kiosk closed during the read: nobody is left to answer
        try:
            self._answered.emit(on_done, future)
        except RuntimeError:    # this object was deleted in between (kiosk closed)
            pass

    def _on_answered(self, on_done: Callable[[ChipOutcome], None], future) -> None:
        if self._stopped or future.cancelled():
            return
        on_done(future.result())
