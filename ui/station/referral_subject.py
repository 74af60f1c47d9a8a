"""A referral's identity and gateway answer (as the hospital system returns them) turned into the core's types.

The wire identity (docs/hospital-api.yaml ``Referral.identity``) writes the
birth as ``yyyy-mm-dd``/``yyyy-mm``/``yyyy`` and the sex and source as words;
the core's :class:`Identity` keeps the birth as the gateway wants it
(``dd/mm/yyyy`` or ``yyyy``). Qt-free.
"""

from __future__ import annotations

import re

from kiosk.domain import EligibilityResult, Identity, IdentitySource, Sex

_SEX = {"m": Sex.MALE, "male": Sex.MALE, "nam": Sex.MALE, "1": Sex.MALE,
        "f": Sex.FEMALE, "female": Sex.FEMALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE, "2": Sex.FEMALE}


def birth_for_gateway(birth: str | None) -> str:
    """``1990-04-12`` → ``12/04/1990``; ``1990-04`` or ``1990`` → ``1990``; already ``dd/mm/yyyy``: as is."""
    text = (birth or "").strip()
    full = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if full:
        return f"{full[3]}/{full[2]}/{full[1]}"
    year = re.fullmatch(r"(\d{4})(-\d{2})?", text)
    return year[1] if year else text


def identity_of(record: dict) -> Identity:
    """The identity of a referral (raises KeyError/ValueError when it cannot be one)."""
    try:
        source = IdentitySource(record.get("source") or "staff")
    except ValueError:
        source = IdentitySource.STAFF
    card = record.get("card_number") or record.get("id_number") or ""
    if not card or not record.get("full_name"):
        raise ValueError("the referral's identity has no card number or name")
    return Identity(card_number=card, full_name=record["full_name"], birth=birth_for_gateway(record.get("birth")),
                    source=source, id_number=record.get("id_number"),
                    sex=_SEX.get(str(record.get("sex") or "").strip().lower(), Sex.UNKNOWN),
                    address=record.get("address"), shown_as=record.get("shown_as"))


def eligibility_of(record: dict | None) -> EligibilityResult | None:
    """The gateway's answer as the kiosk kept it, or None when it is missing or not a full answer."""
    if not record:
        return None
    from kiosk.gateway.cache import result_from_record
    try:
        return result_from_record(record)
    except (KeyError, ValueError, TypeError):
        return None   # a summary only (status and code): staff confirm by hand, the form starts as a service visit
