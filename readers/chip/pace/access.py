"""PACE-CAN as an access protocol of the chip reader (the peer of ``BacAccess``).

Reads EF.CardAccess in the clear (SELECT ``011C`` at MF level: the CCCD
refuses SELECT MF itself), runs PACE with the key's card access number,
starts AES secure messaging and selects the eMRTD application under it.
"""

from __future__ import annotations

import logging

from readers.chip.commands import EF_CARD_ACCESS, CardChannel
from readers.chip.errors import FileAccessDenied, FileNotOnCard, MalformedData
from readers.chip.keys import AccessKey
from readers.chip.pace.card_access import choose_pace_info
from readers.chip.pace.keys import PacePassword
from readers.chip.pace.mapping import KeySource, random_scalar
from readers.chip.pace.terminal import PaceTerminal
from readers.chip.reading import FileReader
from readers.chip.sm import SecureMessaging
from readers.pcsc.errors import StatusWordError

log = logging.getLogger(__name__)


def read_card_access(channel: CardChannel) -> bytes | None:
    """EF.CardAccess, or None when the card has none (it then offers no PACE).

    A file that is there but unreadable or garbled yields ``b""``, which
    :func:`choose_pace_info` treats as malformed (Vietnamese defaults).
    """
    reader = FileReader(channel)
    for attempt in range(2):
        try:
            return reader.read_file(EF_CARD_ACCESS)
        except FileNotOnCard:
            return None
        except FileAccessDenied:
            # A card still in an old secure session aborts it on this plain
            # command (6982) and answers the same command normally next time.
            if attempt:
                return b""
        except (MalformedData, StatusWordError) as e:
            log.info("EF.CardAccess unreadable (%s)", e.code)
            return b""
    return b""


class PaceAccess:
    """Open the card with PACE and the card access number of an :class:`AccessKey`."""

    name = "PACE"

    def __init__(self, key_source: KeySource = random_scalar) -> None:
        self.key_source = key_source

    @staticmethod
    def key_of(key: AccessKey) -> str | None:
        """What PACE uses from ``key``: its CAN (None if it has none)."""
        return key.can

    def establish(self, channel: CardChannel, key: AccessKey) -> SecureMessaging:
        """PACE with ``key.can``; leaves AES SM started and the application selected.

        Raises :class:`PaceNotSupported` (a ``ProtocolNotSupported``: use BAC)
        when the card has no PACE or refuses to start it, and
        :class:`PaceWrongPassword` (an ``AccessDenied``) for a wrong CAN.
        """
        password = PacePassword.from_can(key.can or "")
        channel.sm = None
        info = choose_pace_info(read_card_access(channel))
        session = PaceTerminal(password, info, key_source=self.key_source).establish(channel)
        sm = session.secure_messaging()
        channel.start_sm(sm)
        channel.select_application()
        return sm
