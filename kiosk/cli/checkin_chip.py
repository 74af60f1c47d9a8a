"""The chip half of ``kiosk checkin --chip``: the card's key from the command line, then the chip service.

The key comes from ``--id-number`` (its last 6 digits are the CAN; add
``--birth`` and ``--expiry`` for BAC too), ``--can`` (PACE only) or
``--qr-text`` (the QR printed on the card: ID, birth and issue date give the
CAN and the BAC candidates). Reading, verifying and building the identity is
the job of the root's :class:`kiosk.chip.service.ChipCheckIn` (``services.chip``),
the same service the kiosk UI uses. Reader errors propagate as :class:`readers.errors.ReaderError` (one
sentence, exit code READER, from the CLI's error handling).
"""

from __future__ import annotations

from datetime import date, datetime

from kiosk.errors import InputError


def _date(text: str | None, what: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d%m%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(f"--{what} must be a full date like 05/01/1993 or 1993-01-05.", code="bad_date")


def chip_keys(args) -> list:
    """The access keys the command line gives for the chip; :class:`InputError` when unusable."""
    from kiosk.chip import keys
    given = [n for n in ("id_number", "can", "qr_text") if getattr(args, n, None) is not None]
    if len(given) != 1:
        raise InputError("--chip needs exactly one of --id-number, --can or --qr-text (the card's key).",
                         code="chip_key_missing")
    if args.qr_text is not None:
        return keys.keys_for_qr(args.qr_text)
    if args.can is not None:
        return keys.keys_for_can(args.can)
    if args.birth is None and args.expiry is None:
        return keys.keys_for_id_number(args.id_number)
    if args.birth is None or args.expiry is None:
        raise InputError("Give both --birth and --expiry with --id-number, or neither (PACE only).",
                         code="chip_key_dates")
    return keys.keys_for_id_and_dates(args.id_number, _date(args.birth, "birth"), _date(args.expiry, "expiry"))

