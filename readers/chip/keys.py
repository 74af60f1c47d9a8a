"""Access keys from what the kiosk has: MRZ information, ID + dates, or the QR text.

For a 12-digit ID number the MRZ document number is its LAST 9 digits. The
QR code gives ID, birth and issue date but not the expiry; candidate
expiries follow the renewal-age rule (25/40/60, plus 14 under the 2024 law,
2-year grace, expiry on the birthday at that age) and are tried in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from readers.chip.lds.mrz import check_digit
from readers.errors import ReaderError

RENEWAL_AGES_2024 = (14, 25, 40, 60)
RENEWAL_AGES_OLD = (25, 40, 60)
LAW_2024_START = date(2024, 7, 1)
GRACE_YEARS = 2


class KeyInputError(ReaderError):
    """The numbers or dates given for the card key are not usable."""

    code = "chip_key_input"


@dataclass(frozen=True)
class AccessKey:
    """What opens one card: the BAC MRZ information (and the CAN for PACE).

    ``label`` says where it came from (e.g. "expiry 2033-01-05 (40th birthday)")
    and is safe to show staff: it holds no ID number.
    """

    mrz_info: str
    label: str = "MRZ information"
    can: str | None = None          # PACE card access number: last 6 digits of the ID

    @property
    def document_number(self) -> str:
        """The 9-character document number inside the MRZ information."""
        return self.mrz_info[:9].rstrip("<")

    def __repr__(self) -> str:  # the key material is personal data
        return f"AccessKey({self.label!r})"


def _yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def key_from_mrz_info(text: str) -> AccessKey:
    """Accept ``docNo(9)cd birth cd expiry cd`` (24 characters) and check its digits."""
    text = text.strip().upper()
    if not re.fullmatch(r"[A-Z0-9<]{9}\d\d{6}\d\d{6}\d", text):
        raise KeyInputError("The MRZ information must be 24 characters: number, birth and expiry with check digits.")
    for start, end in ((0, 9), (10, 16), (17, 23)):
        if check_digit(text[start:end]) != text[end]:
            raise KeyInputError("A check digit of the MRZ information is wrong.")
    return AccessKey(text)


def key_from_dates(id_number: str, birth: date, expiry: date, label: str = "") -> AccessKey:
    """Key from the 12-digit ID number (document number = last 9 digits) and two dates."""
    if not re.fullmatch(r"\d{12}", id_number or ""):
        raise KeyInputError("The ID number must be exactly 12 digits.")
    doc = id_number[-9:]
    info = doc + check_digit(doc) + _yymmdd(birth) + check_digit(_yymmdd(birth)) \
        + _yymmdd(expiry) + check_digit(_yymmdd(expiry))
    return AccessKey(info, label or f"expiry {expiry.isoformat()}", can=id_number[-6:])


def key_from_can(can: str, label: str = "card access number") -> AccessKey:
    """A PACE-only key: the 6-digit card access number (BAC cannot use it)."""
    if not re.fullmatch(r"\d{6}", (can or "").strip()):
        raise KeyInputError("The card access number must be exactly 6 digits.")
    return AccessKey("", label, can=can.strip())


def key_from_id_number(id_number: str) -> AccessKey:
    """A PACE-only key from the 12-digit ID number alone: its last 6 digits are the CAN."""
    if not re.fullmatch(r"\d{12}", (id_number or "").strip()):
        raise KeyInputError("The ID number must be exactly 12 digits.")
    return key_from_can(id_number.strip()[-6:], "ID number (card access number)")


def birthday_at(birth: date, age: int) -> list[date]:
    """The holder's birthday at ``age`` (29 Feb births: 28 Feb and 1 Mar)."""
    try:
        return [birth.replace(year=birth.year + age)]
    except ValueError:
        return [date(birth.year + age, 2, 28), date(birth.year + age, 3, 1)]


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return date(d.year + years, 2, 28)


def candidate_expiries(birth: date, issue: date) -> list[tuple[date, str]]:
    """Expiry dates the card may carry, most likely first, each with its reason.

    The law in force at issue comes first; the other rule set and the
    grace-boundary alternative follow, so a card issued near a boundary
    still opens.
    """
    rules = [RENEWAL_AGES_2024, RENEWAL_AGES_OLD] if issue >= LAW_2024_START \
        else [RENEWAL_AGES_OLD, RENEWAL_AGES_2024]
    out: list[tuple[date, str]] = []

    def add(d: date, why: str) -> None:
        if all(d != seen for seen, _ in out):
            out.append((d, why))
    for ages in rules:
        grace_end = _add_years(issue, GRACE_YEARS)
        following = [a for a in ages if birthday_at(birth, a)[0] > issue]
        chosen = None
        for age in following:
            if birthday_at(birth, age)[0] > grace_end:
                chosen = age
                break
        if chosen is not None:
            for d in birthday_at(birth, chosen):
                add(d, f"{chosen}th birthday")
        # the card skipped an age inside the grace window; near the boundary try that one too
        for age in following:
            if age != chosen and abs((birthday_at(birth, age)[0] - grace_end).days) <= 31:
                for d in birthday_at(birth, age):
                    add(d, f"{age}th birthday (grace boundary)")
    return out


def keys_from_qr(qr_text: str, today: date | None = None) -> list[AccessKey]:
    """Candidate keys from the card's QR text (ID + birth + derived expiries)."""
    from readers.qr.parse import parse_cccd_qr  # the QR layer is ours, but readers-internal

    qr = parse_cccd_qr(qr_text, today)
    candidates = candidate_expiries(qr.birth_date, qr.issue_date)
    if not candidates:
        # Issued from age 58: no expiry to derive, so BAC cannot be keyed from the
        # QR; PACE needs only the card access number (the ID's last 6 digits).
        return [key_from_id_number(qr.id_number)]
    return [key_from_dates(qr.id_number, qr.birth_date, d, f"expiry {d.isoformat()} ({why})")
            for d, why in candidates]
