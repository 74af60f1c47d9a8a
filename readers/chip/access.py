"""Access protocols: how a session is opened before any file can be read.

An access protocol takes a :class:`CardChannel` and an :class:`AccessKey`
and leaves the channel with secure messaging started AND the eMRTD
application selected. :class:`BacAccess` is the one here; PACE
(``readers/chip/pace/``) provides another with the same ``establish``.
"""

from __future__ import annotations

import os
from typing import Callable, Protocol

from readers.chip.bac import BacProtocol
from readers.chip.commands import CardChannel
from readers.chip.errors import NotAnIdCard
from readers.chip.keys import AccessKey
from readers.chip.sm import SecureMessaging


class AccessProtocol(Protocol):
    """What :class:`readers.chip.service.ChipReader` needs from BAC, PACE, …"""

    name: str

    def establish(self, channel: CardChannel, key: AccessKey) -> SecureMessaging:
        """Open a protected session with ``key``; raise ``AccessDenied`` if refused."""


class BacAccess:
    """SELECT the eMRTD application, then BAC (3DES secure messaging)."""

    name = "BAC"

    def __init__(self, random: Callable[[int], bytes] = os.urandom) -> None:
        self.random = random

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
    """The access protocols a reader tries, in order (PACE, once added, goes first)."""
    return [BacAccess()]
