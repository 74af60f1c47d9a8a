"""The only label values the metrics ever carry: fixed words, or codes that pass :func:`code_label`.

A label is stored for as long as the process runs and is scraped by another
system, so it must hold no personal data and must come from a small set.
Codes from outside (the gateway's ``maKetQua``, the hospital's reason)
are accepted only in the shapes codes have: up to four digits, or a short
lower-case word with at most four digits in it. Anything else, a 12-digit ID
number or a BHYT card code for one, becomes ``other``.
"""

from __future__ import annotations

import re

from kiosk.domain import Decision, EligibilityResult, IdentitySource, Route

OTHER = "other"
_CODE = re.compile(r"\d{1,4}|[a-z][a-z0-9_.-]{0,39}")

#: identification method of each identity source (the three ways a patient identifies, and staff)
METHODS = {IdentitySource.CHIP_AUTHENTICATED: "chip", IdentitySource.CHIP: "chip",
           IdentitySource.QR_ID_CARD: "qr", IdentitySource.QR_INSURANCE_CARD: "qr",
           IdentitySource.TYPED: "typed", IdentitySource.STAFF: "staff"}


def code_label(code: object) -> str:
    """``code`` when it has the shape of a code (``003``, ``gateway_unavailable``), else ``other``."""
    text = str(code or "").strip().lower()
    if not _CODE.fullmatch(text) or sum(ch.isdigit() for ch in text) > 4:   # a BHYT code is 2 letters + 13 digits
        return OTHER
    return text


def method_label(source: IdentitySource | None) -> str:
    """``chip`` / ``qr`` / ``typed`` / ``staff`` for an identity's source."""
    return METHODS.get(source, OTHER) if source is not None else OTHER


def ticket_outcome(eligibility: EligibilityResult | None, pending: bool) -> str:
    """How a check-in that ended with a ticket was covered.

    ``pending`` (the gateway could not be asked), ``new_card`` (covered on a
    newer card), ``not_registered_here`` (the card's registered facility is
    another one), ``verified``; ``uninsured`` otherwise.
    """
    if pending:
        return "pending"
    if eligibility is None:
        return OTHER
    if eligibility.decision is Decision.ACCEPT_NEW_CARD:
        return "new_card"
    if eligibility.route is Route.WRONG:
        return "not_registered_here"
    return "verified" if eligibility.insured else "uninsured"


def path_label(path: str, known: dict[str, str]) -> str:
    """The endpoint of a request path: its name in ``known``, else its first segment if code-shaped.

    Only the first segment is kept: later ones carry ids (``registrations/<id>``).
    """
    key = "/" + path.strip("/")
    if key in known:
        return known[key]
    first = path.strip("/").split("/", 1)[0]
    return code_label(first)
