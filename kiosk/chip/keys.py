"""Access keys for the chip from what the kiosk is given, as one sentence on bad input.

The card opens with PACE (the card access number, CAN = the last 6 digits
of the ID number) or BAC (MRZ information: document number, birth, expiry).
The card's QR gives ID, birth and issue date, so it yields the CAN and the
BAC candidates (expiries by the renewal-age rule); a card issued from age 58
has no derivable expiry and opens with the CAN alone (``readers.chip.keys``
already returns that key). Every problem is an :class:`InputError` whose
sentence never repeats the numbers it complains about.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.errors import InputError
from readers.chip import keys as _keys
from readers.chip.keys import AccessKey
from readers.errors import QrError


def _checked(make: Callable[[], list[AccessKey]]) -> list[AccessKey]:
    try:
        return make()
    except (_keys.KeyInputError, QrError) as e:
        raise InputError(str(e), code="chip_key_invalid") from None


def keys_for_qr(qr_text: str, today: date | None = None) -> list[AccessKey]:
    """The keys the QR printed on the card gives: PACE with the CAN first, then the BAC candidates."""
    return _checked(lambda: _keys.keys_from_qr(qr_text, today))


def keys_for_id_number(id_number: str) -> list[AccessKey]:
    """The typed 12-digit ID number alone: PACE with its last 6 digits as the CAN."""
    return _checked(lambda: [_keys.key_from_id_number(id_number)])


def keys_for_can(can: str) -> list[AccessKey]:
    """The 6-digit card access number (PACE only)."""
    return _checked(lambda: [_keys.key_from_can(can)])


def keys_for_id_and_dates(id_number: str, birth: date, expiry: date) -> list[AccessKey]:
    """The ID number with birth and expiry dates: PACE (CAN) and BAC both possible."""
    return _checked(lambda: [_keys.key_from_dates(id_number.strip(), birth, expiry, "ID number and dates")])


def keys_for_mrz_info(mrz_info: str) -> list[AccessKey]:
    """The 24-character MRZ information (document number, birth, expiry, check digits): BAC."""
    return _checked(lambda: [_keys.key_from_mrz_info(mrz_info)])
