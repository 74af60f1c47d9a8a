"""The chip half of ``kiosk checkin --chip``: read the ID card on the reader, give the identity.

PACE with the card access number is tried first, BAC as the fallback (the
reader's :func:`readers.chip.access.default_protocols`). The key comes from
``--id-number`` (its last 6 digits are the CAN; add ``--birth`` and
``--expiry`` for BAC too), ``--can`` (PACE only) or ``--qr-text`` (the QR
printed on the card: ID, birth and issue date give the CAN and the BAC
candidates). Reader errors propagate as :class:`readers.errors.ReaderError`
(one sentence, exit code READER, from the CLI's error handling).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.config import Config
from kiosk.domain import Identity
from kiosk.errors import ConfigError, InputError


@dataclass(frozen=True)
class ChipRead:
    """What the chip read came to: the identity plus how the card was opened and trusted."""

    identity: Identity
    reader: str
    protocol: str
    authentication: str

    def as_dict(self) -> dict:
        """JSON-able, no personal data (the reader name, the protocol, the PA level)."""
        return {"reader": self.reader, "protocol": self.protocol, "authentication": self.authentication}


def _date(text: str | None, what: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d%m%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    raise InputError(f"--{what} must be a full date like 05/01/1993 or 1993-01-05.", code="bad_date")


def _keys_from_qr(text: str) -> list:
    """The QR's candidate keys; for a card without expiry (issued from age 58) the CAN alone.

    Such a card's MRZ expiry is unconfirmed, so no BAC key can be derived, but a PACE
    card still opens with the last 6 digits of the ID number the QR holds.
    """
    from readers.chip import keys
    from readers.qr.parse import parse_cccd_qr
    try:
        return keys.keys_from_qr(text)
    except keys.KeyInputError:
        return [keys.key_from_id_number(parse_cccd_qr(text).id_number)]


def chip_keys(args) -> list:
    """The access keys the command line gives for the chip; :class:`InputError` when unusable."""
    from readers.chip import keys
    from readers.errors import QrError
    given = [n for n in ("id_number", "can", "qr_text") if getattr(args, n, None) is not None]
    if len(given) != 1:
        raise InputError("--chip needs exactly one of --id-number, --can or --qr-text (the card's key).",
                         code="chip_key_missing")
    try:
        if args.qr_text is not None:
            return _keys_from_qr(args.qr_text)
        if args.can is not None:
            return [keys.key_from_can(args.can)]
        if args.birth is None and args.expiry is None:
            return [keys.key_from_id_number(args.id_number)]
        if args.birth is None or args.expiry is None:
            raise InputError("Give both --birth and --expiry with --id-number, or neither (PACE only).",
                             code="chip_key_dates")
        return [keys.key_from_dates(args.id_number.strip(), _date(args.birth, "birth"),
                                    _date(args.expiry, "expiry"), "ID number and dates")]
    except (keys.KeyInputError, QrError) as e:
        raise InputError(str(e), code="chip_key_invalid") from None


def read_chip_identity(args, config: Config) -> ChipRead:
    """Open the card on ``--reader`` (or ``reader.name``), read DG1, DG13, EF.SOD, verify; the identity.

    The source is ``chip-authenticated`` only when passive authentication
    reached "chain verified" with ``reader.csca_dir``; otherwise ``chip``.
    """
    from kiosk.chip_identity import identity_from_chip
    from readers.chip.session import load_trust, read_card
    from readers.chip.trust import TrustStoreError
    keys = chip_keys(args)
    try:
        trust = load_trust(config.reader.csca_dir)
    except TrustStoreError as e:
        raise ConfigError(f"reader.csca_dir: {e}") from None
    reader = args.reader if args.reader is not None else config.reader.name
    doc, name = read_card(keys, reader=reader, command_timeout=config.reader.command_timeout,
                          trust=trust, photo=False)
    return ChipRead(identity_from_chip(doc), name, doc.protocol, doc.auth.level.label)
