"""Errors of the PC/SC layer: each one plain sentence and a stable code."""

from __future__ import annotations

from readers.errors import ReaderError


class CardReaderError(ReaderError):
    """Root of every PC/SC (reader, card presence, transport) failure."""

    code = "card_reader"


class NoReader(CardReaderError):
    """No PC/SC reader is attached (or none matches the configured name)."""

    code = "no_reader"


class NoCard(CardReaderError):
    """The reader is there but holds no card."""

    code = "no_card"


class CardRemoved(CardReaderError):
    """The card left the reader during a session."""

    code = "card_removed"


class ReaderTimeout(CardReaderError):
    """The reader or card did not answer a command within its time bound."""

    code = "reader_timeout"


class CommunicationError(CardReaderError):
    """The reader answered with something that is not a valid response APDU."""

    code = "card_communication"


class StatusWordError(CardReaderError):
    """The card refused a command with a status word other than the expected ones.

    ``sw`` keeps the two bytes (e.g. 0x6A82) so protocol layers can map it to
    their own, more precise errors.
    """

    code = "card_status"

    def __init__(self, message: str, sw: int):
        super().__init__(message)
        self.sw = sw
