"""PACE (ICAO 9303-11 §4.4) with ECDH generic mapping and AES secure messaging.

Opens a chip with only the card access number (CAN): on Vietnamese ID cards,
the last 6 digits of the 12-digit ID number. Layers: :mod:`card_access`
(which variant the chip offers) → :mod:`keys`, :mod:`curves`, :mod:`mapping`
(the cryptography) → :mod:`messages` (the APDUs) → :mod:`terminal` (the state
machine) → :mod:`aes_sm` (the secure channel). The card's half lives in the dev kit
(``devkit.virtual_card.pace_chip``).
"""

from readers.chip.pace.aes_sm import AesSecureMessaging
from readers.chip.pace.card_access import VIETNAM_DEFAULT, PaceInfo, choose_pace_info, parse_card_access
from readers.chip.pace.errors import (
                                      CardAccessError,
                                      CardTokenInvalid,
                                      InvalidCardPoint,
                                      PaceError,
                                      PaceInputError,
                                      PaceNotSupported,
                                      PaceProtocolError,
                                      PaceWrongPassword,
)
from readers.chip.pace.keys import PacePassword, PasswordKind, SessionKeys
from readers.chip.pace.terminal import ApduSender, PaceSession, PaceState, PaceTerminal

__all__ = [
    "AesSecureMessaging", "ApduSender", "CardAccessError", "CardTokenInvalid",
    "InvalidCardPoint", "PaceError", "PaceInfo", "PaceInputError", "PaceNotSupported",
    "PacePassword", "PaceProtocolError", "PaceSession", "PaceState", "PaceTerminal", "PaceWrongPassword",
    "PasswordKind", "SessionKeys", "VIETNAM_DEFAULT", "choose_pace_info",
    "parse_card_access",
]
