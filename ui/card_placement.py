"""One placement: the ID card lies on the reader, QR side up, under the camera; both are read.

Kiosks are built with the camera looking down at the reader pad (docs/deploy.md).
The chip needs the 12-digit ID number for its key (PACE with the CAN, BAC with
the derived expiry); the card's printed QR carries it. So when the reader
reports a card, the kiosk waits (``reader.qr_wait_seconds``) for the camera to
read that card's QR and opens the chip with it, without asking the patient
anything; typing the number stays the fallback when no QR is seen in time.

The two reports arrive in either order: a QR read first waits briefly
(``reader.card_grace_seconds``) for the reader to report the card. When the
check-in ends with the card still on the reader, "Vui lòng lấy lại thẻ" stays
until the reader reports the card removed, or ``reader.take_card_seconds``
passed (a dead reader never holds the kiosk).

This is timing only (Qt timers on the UI thread); what each event means is
the core's :class:`kiosk.checkin.Journey`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.checkin import Action, Stage
from kiosk.config import ReaderSettings
from kiosk.domain import Identity

log = logging.getLogger(__name__)


def _timer(seconds: float, slot, parent: QObject) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(max(0, round(seconds * 1000)))
    timer.timeout.connect(slot)
    return timer


class CardPlacement(QObject):
    """Card-on-reader events and camera reads, joined into one placement; the take-your-card reminder.

    ``controller`` is the :class:`ui.kiosk_controller.KioskController`,
    ``chip`` the :class:`ui.chip_session.ChipSession` (its ``card_changed``
    is on the UI thread). ``read_with_qr(text, printed)`` starts the chip
    read a card's QR allows (False when it does not apply);
    ``camera_ready()`` says whether a camera streams now (without one, the
    card goes straight to the typed ID number).
    """

    def __init__(self, controller, chip, settings: ReaderSettings, *,
                 read_with_qr: Callable[[str, Identity], bool], camera_ready: Callable[[], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller, self.chip, self.settings = controller, chip, settings
        self._read_with_qr, self._camera_ready = read_with_qr, camera_ready
        self.qr_timer = _timer(settings.qr_wait_seconds, self._qr_wait_over, self)
        self.grace_timer = _timer(settings.card_grace_seconds, self._grace_over, self)
        self.take_card_timer = _timer(settings.take_card_seconds, self._take_card_over, self)
        self._held: tuple[int, str, Identity] | None = None
        self._qr_session = -1
        controller.stage_changed.connect(self._stage_changed)
        chip.card_changed.connect(self._card_changed)
        controller.card_on_reader = lambda: self.chip.card_present

    @property
    def journey(self):
        """The controller's journey (the stage and session each event is judged against)."""
        return self.controller.journey

    def _stage_changed(self, stage: Stage) -> None:
        if stage is Stage.AWAITING_QR:
            self._qr_session = self.journey.session
            self.qr_timer.start()
        else:
            self.qr_timer.stop()
        if stage is Stage.TAKE_CARD:
            self.take_card_timer.start()
        else:
            self.take_card_timer.stop()
        if stage is not Stage.READING_CARD:
            self._held = None
            self.grace_timer.stop()

    def _card_changed(self, present: bool) -> None:
        stage = self.journey.stage
        if present:
            held, self._held = self._held, None
            if held is not None and self.journey.is_current(held[0]):
                self.grace_timer.stop()         # the QR came first; the card is here now: read both
                if not self._read_with_qr(held[1], held[2]):
                    self.controller.identity_read(held[2])
            elif self.journey.allows(Action.CARD_PLACED):
                self.controller.card_placed()
                camera = self._camera_ready()
                if not camera or self.settings.qr_wait_seconds <= 0:
                    self.controller.qr_not_seen(camera)   # no camera to read the QR: type the number at once
        elif stage is Stage.AWAITING_QR:
            self.controller.card_lifted()
        elif stage is Stage.TAKE_CARD:
            self.controller.card_taken()

    def hold(self, qr_text: str, printed: Identity) -> bool:
        """An ID card's QR read before the reader reported the card: wait for the card, briefly.

        False when there is nothing to wait for (no grace configured, or no
        new patient's session to start); the caller then goes on with ``printed``.
        """
        if self.settings.card_grace_seconds <= 0 or self.chip.card_present \
                or self.journey.stage not in (Stage.IDLE, Stage.UNREADABLE):
            return False
        self.controller.card_inserted()                 # "reading the card…" while we wait
        if self.journey.stage is not Stage.READING_CARD:
            return False
        self._held = (self.journey.session, qr_text, printed)
        self.grace_timer.start()
        return True

    def _grace_over(self) -> None:
        held, self._held = self._held, None
        if held is not None and self.journey.is_current(held[0]):
            self.controller.identity_read(held[2])      # no card after all: the printed QR alone

    def _qr_wait_over(self) -> None:
        if self.journey.is_current(self._qr_session) and self.journey.stage is Stage.AWAITING_QR:
            log.info("no QR seen on the card within %.0f s: asking for the typed ID", self.settings.qr_wait_seconds)
            self.controller.qr_not_seen()

    def _take_card_over(self) -> None:
        if self.journey.stage is Stage.TAKE_CARD:
            # the reader never reported the removal (card left behind, or a reader that stopped reporting)
            log.warning("take-your-card reminder ended after %.0f s without a removal report",
                        self.settings.take_card_seconds)
            self.controller.card_taken()
