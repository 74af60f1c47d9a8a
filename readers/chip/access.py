"""Access protocols: how a session is opened before any file can be read.

An access protocol takes a :class:`CardChannel` and an :class:`AccessKey`
and leaves the channel with secure messaging started AND the eMRTD
application selected. :class:`BacAccess` is the one here; PACE
(``readers/chip/pace/access.py``) provides another with the same ``establish``.
``key_of`` says which part of a key the protocol uses (None: it cannot use
this key), so the reader tries each distinct secret once per protocol.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from readers.chip.bac import BacProtocol
from readers.chip.commands import CardChannel
from readers.chip.errors import NotAnIdCard
from readers.chip.keys import AccessKey
from readers.chip.sm import SecureMessaging


class AccessProtocol(Protocol):
    """What :class:`readers.chip.service.ChipReader` needs from BAC, PACE, …"""

    name: str

    def key_of(self, key: AccessKey) -> str | None:
        """The part of ``key`` this protocol uses (None if the key has nothing for it)."""

    def establish(self, channel: CardChannel, key: AccessKey) -> SecureMessaging:
        """Open a protected session with ``key``; raise ``AccessDenied`` if refused."""


class BacAccess:
    """SELECT the eMRTD application, then BAC (3DES secure messaging)."""

    name = "BAC"

    def __init__(self, random: Callable[[int], bytes] = os.urandom) -> None:
        self.random = random

    @staticmethod
    def key_of(key: AccessKey) -> str | None:
        """The MRZ information (None for a CAN-only key)."""
        return key.mrz_info or None

    def establish(self, channel: CardChannel, key: AccessKey) -> SecureMessaging:
        """Select the application in the clear and run BAC with ``key``."""
        channel.sm = None
        try:
            channel.select_application()
        except NotAnIdCard:
            # A card still in an old SM session aborts it on a plain command (6982/6987/6988)
            # and then accepts the same SELECT: try once more before giving up.
            channel.select_application()
        return BacProtocol(channel, self.random).perform(key.mrz_info)


def default_protocols() -> list[AccessProtocol]:
    """The access protocols a reader tries, in order: PACE-CAN first, BAC as fallback."""
    from readers.chip.pace.access import PaceAccess  # PACE builds on this module's neighbours
    return [PaceAccess(), BacAccess()]
