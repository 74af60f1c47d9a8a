"""A patient at the kiosk asks for a person: the "Cần trợ giúp" (need help) button.

A help request says WHERE help is needed — the kiosk's id and the screen the
patient is on — and nothing about WHO: no name, no card, no session data.
:class:`HelpDesk` builds it and hands it to a :class:`HelpRequestSink` (the
lobby's delivery to the hospital system and the station; until the kiosk has
one, :class:`LoggedHelpRequests` writes it to the kiosk's log). A patient
pressing again and again while waiting raises ONE request per screen: a repeat
within ``repeat_seconds`` returns the earlier request without sending it twice.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from kiosk.errors import InputError

log = logging.getLogger(__name__)

# A screen is named by a short code ("confirm", "new-card"): never free text a patient could have typed.
_SCREEN_NAME = re.compile(r"[a-z][a-z0-9-]{0,31}")


@dataclass(frozen=True)
class HelpRequest:
    """One request for a staff member at ``kiosk_id``, raised on ``screen`` at ``raised_at``."""

    request_id: str
    kiosk_id: str
    screen: str
    raised_at: datetime
    repeated: bool = False   # True: the same request as a moment ago (not sent again)

    def referral(self, counter_number: str) -> dict:
        """The request as the hospital system's ``POST /referrals`` body (docs/lobby.md: reason ``help``,
        no identity, ``screen`` says where); ``counter_number`` is the kiosk's counter number for it."""
        created = self.raised_at if self.raised_at.tzinfo else self.raised_at.astimezone()
        return {"client_id": self.request_id, "kiosk_id": self.kiosk_id,
                "created_at": created.replace(microsecond=0).isoformat(), "counter_number": counter_number,
                "reason": "help", "gateway_code": None, "staff_detail": None, "masked_card": None,
                "screen": self.screen, "registration_id": None, "identity": None, "eligibility": None}


@runtime_checkable
class HelpRequestSink(Protocol):
    """Where help requests go (the lobby delivery, or the log)."""

    def deliver(self, request: HelpRequest) -> None:
        """Blocking; durable once it returns (raise :class:`~kiosk.errors.KioskError` when it is not)."""


class LoggedHelpRequests:
    """The delivery of a kiosk without a lobby link: one warning line in the kiosk's log."""

    def deliver(self, request: HelpRequest) -> None:
        """Log the request (kiosk id, screen and time only: there is nothing personal in it)."""
        log.warning("help requested at kiosk %s on screen %s (request %s)",
                    request.kiosk_id, request.screen, request.request_id)


class HelpDesk:
    """Raises help requests for one kiosk; thread-safe (the UI calls it from a worker thread)."""

    def __init__(self, kiosk_id: str, sink: HelpRequestSink, *, clock: Callable[[], datetime] = datetime.now,
                 repeat_seconds: float = 60.0) -> None:
        self.kiosk_id, self.sink, self.clock = kiosk_id, sink, clock
        self.repeat_seconds = repeat_seconds
        self._lock = threading.Lock()
        self._last: HelpRequest | None = None

    def request_help(self, screen: str) -> HelpRequest:
        """Ask for a staff member at this kiosk, on ``screen``; returns the request (delivered).

        Raises :class:`InputError` for a screen name that is not a short code,
        and whatever the sink raises when the request could not be handed over
        (then the next press tries again).
        """
        if not isinstance(screen, str) or not _SCREEN_NAME.fullmatch(screen):
            raise InputError("help request: the screen must be a short code such as 'confirm'",
                             code="help_screen")
        with self._lock:
            now = self.clock()
            last = self._last
            if (last is not None and last.screen == screen
                    and 0 <= (now - last.raised_at).total_seconds() < self.repeat_seconds):
                return HelpRequest(last.request_id, last.kiosk_id, last.screen, last.raised_at, repeated=True)
            request = HelpRequest(str(uuid.uuid4()), self.kiosk_id, screen, now)   # the referral's client_id
            self.sink.deliver(request)
            self._last = request
            return request
