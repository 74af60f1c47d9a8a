"""Turning what a patient presents into an :class:`Identity`.

Three ways in besides the chip (which the chip reader builds itself): the QR
text of an ID or insurance card, a typed 12-digit ID number (the gateway
also needs the name and birth date, so the caller passes them), and a staff
entry at the reception station. Every problem is an :class:`InputError` with
one sentence that never repeats the personal data it complains about.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from kiosk.domain import Identity, IdentitySource, Sex
from kiosk.errors import InputError
from readers.errors import QrError
from readers.qr.parse import CccdQr, InsuranceCardQr, id_number_problem, parse_card_qr

_BHYT_CODE = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}")
_SEX = {"m": Sex.MALE, "male": Sex.MALE, "nam": Sex.MALE, "1": Sex.MALE,
        "f": Sex.FEMALE, "female": Sex.FEMALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE, "2": Sex.FEMALE}


def presented_as_for(doc: CccdQr | InsuranceCardQr, medium: str | None) -> str | None:
    """How a card QR was presented, from what the camera saw it on (``screen`` / ``print`` / ``unknown``).

    The same QR text is on the card and in the phone apps: on a screen an ID
    card's QR is VNeID, an insurance card's VssID. ``None`` (print, unknown, a
    USB scanner that cannot tell) leaves the source's own word: id_qr / insurance_card.
    """
    if medium != "screen":
        return None
    return "vneid" if isinstance(doc, CccdQr) else "vssid"


def identity_from_card_qr(doc: CccdQr | InsuranceCardQr, medium: str | None = None) -> Identity:
    """The patient identity a parsed card QR gives (what the gateway is asked with).

    ``medium`` is what the camera saw the code on (see :func:`presented_as_for`).
    """
    shown_as = presented_as_for(doc, medium)
    if isinstance(doc, CccdQr):
        return Identity(card_number=doc.id_number, full_name=doc.full_name,
                        birth=doc.birth_date.strftime("%d/%m/%Y"), source=IdentitySource.QR_ID_CARD,
                        id_number=doc.id_number, sex=Sex(doc.sex), address=doc.address, shown_as=shown_as)
    return Identity(card_number=doc.card_number, full_name=doc.full_name, birth=doc.birth_text,
                    source=IdentitySource.QR_INSURANCE_CARD, sex=Sex(doc.sex) if doc.sex else Sex.UNKNOWN,
                    address=doc.address, card_valid_to=doc.valid_to,
                    card_registered_facility=doc.registered_facility, shown_as=shown_as)


def identity_from_qr(text: str, today: date | None = None, medium: str | None = None) -> Identity:
    """The identity in a card's QR text (ID card: the 12-digit ID is the card number).

    ``medium``: what a camera saw the code on (``screen`` records vneid / vssid).
    """
    try:
        return identity_from_card_qr(parse_card_qr(text, today), medium)
    except QrError as e:
        raise InputError(str(e), code=e.code) from None


def parse_birth(text: str, today: date | None = None) -> str:
    """A typed birth date as the gateway wants it: ``dd/MM/yyyy`` (or ``yyyy`` when only the year is known).

    Accepts ``dd/MM/yyyy``, ``dd-MM-yyyy``, ``ddMMyyyy``, ``yyyy-MM-dd`` and ``yyyy``.
    """
    today = today or date.today()
    s = (text or "").strip()
    if re.fullmatch(r"\d{4}", s):
        if not today.year - 130 <= int(s) <= today.year:
            raise InputError("The birth year is not plausible.", code="bad_birth")
        return s
    m = (re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s) or re.fullmatch(r"(\d{2})(\d{2})(\d{4})", s))
    if m:
        d, mo, y = (int(g) for g in m.groups())
    elif (m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)):
        y, mo, d = (int(g) for g in m.groups())
    else:
        raise InputError("The birth date must be written dd/mm/yyyy (or just the year).", code="bad_birth")
    try:
        born = date(y, mo, d)
    except ValueError:
        raise InputError("The birth date is not a real calendar date.", code="bad_birth") from None
    if not date(today.year - 130, 1, 1) <= born <= today:
        raise InputError("The birth date is not plausible.", code="bad_birth")
    return born.strftime("%d/%m/%Y")


def parse_sex(text: str | None) -> Sex:
    """``M``/``F``/``Nam``/``Nữ``/``1``/``2`` → :class:`Sex` (empty: unknown)."""
    if not text:
        return Sex.UNKNOWN
    sex = _SEX.get(unicodedata.normalize("NFC", text).strip().lower())
    if sex is None:
        raise InputError("The sex must be M or F (Nam or Nữ).", code="bad_sex")
    return sex


def _clean_name(name: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not cleaned or any(ch.isdigit() for ch in cleaned) or len(cleaned) > 100:
        raise InputError("The full name is empty or not a name.", code="bad_name")
    return cleaned


def _birth_year(birth: str) -> int:
    return int(birth[-4:])


def identity_from_typed_id(id_number: str, full_name: str, birth: str, sex: str | None = None,
                           today: date | None = None) -> Identity:
    """A 12-digit ID number typed on the keypad, with the name and birth date the gateway needs."""
    number = (id_number or "").strip().replace(" ", "")
    if not re.fullmatch(r"\d{12}", number):
        raise InputError("The ID number must be exactly 12 digits.", code="bad_id_number")
    birth_text = parse_birth(birth, today)
    sex_value = parse_sex(sex)
    # digits 4-6 encode century, sex and birth year: a typo there must not reach the gateway
    problem = id_number_problem(number, date(_birth_year(birth_text), 1, 1),
                                None if sex_value == Sex.UNKNOWN else sex_value.value)
    if problem:
        raise InputError(problem, code="bad_id_number")
    return Identity(card_number=number, full_name=_clean_name(full_name), birth=birth_text,
                    source=IdentitySource.TYPED, id_number=number, sex=sex_value)


def identity_from_staff(card_number: str, full_name: str, birth: str, sex: str | None = None,
                        today: date | None = None) -> Identity:
    """Reception staff's entry: a 12-digit ID, a 10-digit BHXH number or a 15-character BHYT code."""
    number = (card_number or "").strip().replace(" ", "").upper()
    if re.fullmatch(r"\d{12}", number):
        typed = identity_from_typed_id(number, full_name, birth, sex, today)
        return Identity(card_number=number, full_name=typed.full_name, birth=typed.birth,
                        source=IdentitySource.STAFF, id_number=number, sex=typed.sex)
    if not (re.fullmatch(r"\d{10}", number) or _BHYT_CODE.fullmatch(number)):
        raise InputError("The card number must be a 12-digit ID, a 10-digit social insurance number "
                         "or a 15-character health-insurance code.", code="bad_card_number")
    return Identity(card_number=number, full_name=_clean_name(full_name), birth=parse_birth(birth, today),
                    source=IdentitySource.STAFF, sex=parse_sex(sex))


def age_on(birth: str, on: date) -> int | None:
    """Whole years between a ``dd/MM/yyyy`` birth date and ``on`` (None when only the year is known)."""
    if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", birth):
        return None
    d, m, y = int(birth[:2]), int(birth[3:5]), int(birth[6:])
    return on.year - y - ((on.month, on.day) < (m, d))


def identity_from_child_number(card_number: str, full_name: str, birth: str, *, birth_certificate: bool = False,
                               today: date | None = None) -> Identity:
    """A child under 6 checked in with the insurance number alone (Decree 188/2025 Art. 37 §2).

    The number is the 10-digit BHXH number or the 15-character code (a child
    has no ID card yet); ``birth_certificate`` records that a birth
    certificate was shown instead of a card. Anyone 6 or older is refused
    with one sentence: they present a card or their ID.
    """
    today = today or date.today()
    number = (card_number or "").strip().replace(" ", "").upper()
    if not (re.fullmatch(r"\d{10}", number) or _BHYT_CODE.fullmatch(number)):
        raise InputError("A child's insurance number must be the 10-digit social insurance number "
                         "or the 15-character card code.", code="bad_card_number")
    birth_text = parse_birth(birth, today)
    age = age_on(birth_text, today)
    if age is None or age >= 6:
        raise InputError("Only children under 6 may check in with the insurance number alone; "
                         "older patients show their ID card or insurance card.", code="not_a_young_child")
    return Identity(card_number=number, full_name=_clean_name(full_name), birth=birth_text,
                    source=IdentitySource.TYPED, sex=Sex.UNKNOWN,
                    shown_as="birth_certificate" if birth_certificate else "typed")
