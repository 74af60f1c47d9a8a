"""Typed errors of PACE.

Every error is a :class:`readers.chip.errors.ChipError` with one plain English
sentence and a stable ``code`` (secure-messaging failures are the chip layer's
:class:`~readers.chip.errors.SecureMessagingError`). None of them ever carries the password (CAN or
MRZ data) or key material: they are safe to log.
"""

from __future__ import annotations

from readers.chip.errors import AccessDenied, ChipError, ProtocolNotSupported


class PaceError(ChipError):
    """Root of every PACE failure."""

    code = "pace"


class PaceInputError(PaceError):
    """The password given to PACE is not usable (e.g. a CAN that is not 6 digits)."""

    code = "pace_bad_input"


class CardAccessError(PaceError):
    """EF.CardAccess could not be parsed (the reader then tries the Vietnamese defaults)."""

    code = "pace_card_access_invalid"


class PaceNotSupported(PaceError, ProtocolNotSupported):
    """The card does not offer PACE the way we speak it; the caller falls back to BAC."""

    code = "pace_not_supported"

    def __init__(self, message: str, *, status_word: int | None = None):
        super().__init__(message)
        self.status_word = status_word


class PaceWrongPassword(PaceError, AccessDenied):
    """The card refused our authentication token: the CAN (or MRZ data) is wrong.

    Nothing is locked for a CAN: the caller may retry at once with another number.
    It is also an :class:`AccessDenied`, like a refused BAC key.
    """

    code = "pace_wrong_password"

    def __init__(self, message: str = "Could not open the card with this number.",
                 *, status_word: int | None = None):
        super().__init__(message)
        self.status_word = status_word


class PaceProtocolError(PaceError):
    """The card answered something PACE does not allow (bad status, malformed data)."""

    code = "pace_protocol"

    def __init__(self, message: str, *, step: str = "", status_word: int | None = None):
        super().__init__(message)
        self.step = step
        self.status_word = status_word


class InvalidCardPoint(PaceProtocolError):
    """The card sent an elliptic-curve point that is not on the curve (or is infinity)."""

    code = "pace_invalid_point"


class CardTokenInvalid(PaceError):
    """The card's authentication token did not verify: not the card we negotiated with."""

    code = "pace_card_token_invalid"
