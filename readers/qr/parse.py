"""Parsers for the QR codes printed on the CCCD / Căn cước and on BHYT cards.

Formats (see shared reference): the ID card's QR is ``|``-separated UTF-8,
``ID12|CMND9|name|ddmmyyyy birth|sex|address|ddmmyyyy issue`` with trailing
empty fields on 2024 cards; the insurance card's QR is ``|``-separated with
the name (and address) hex-encoded UTF-8. Anything else is "not a card QR".

Validation is strict on purpose: a half-read or doctored code must never
become a patient. Besides format checks, the 12-digit ID number encodes the
holder's century+sex (4th digit) and birth year (5th-6th digits), which must
agree with the printed birth date and sex.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from readers.errors import InvalidCardQr, NotACardQr

CCCD_MIN_FIELDS = 7
CCCD_MAX_FIELDS = 12      # 7 on older cards, 11 on 2024 cards; a little slack for future ones
MAX_QR_TEXT = 1200        # a card QR is ~100-250 characters; anything far longer is not one
_NOT_A_CARD = "This QR code is not from an ID card or a health-insurance card."
_BHYT_CODE = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}")
_BHXH_NUMBER = re.compile(r"[0-9]{10}")
_SEX_WORDS = {"nam": "M", "nữ": "F", "nu": "F"}


@dataclass(frozen=True)
class CccdQr:
    """The fields of a chip ID card's QR code."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date
    sex: str  # "M" or "F"
    address: str
    issue_date: date
    kind: str = "cccd"


@dataclass(frozen=True)
class InsuranceCardQr:
    """The fields of a health-insurance (BHYT) card's QR code."""

    card_number: str
    full_name: str
    birth_text: str  # as printed: dd/mm/yyyy, or yyyy
    sex: str | None  # "M", "F" or None when not given
    address: str | None
    kind: str = "bhyt"
    # positions 5-13 of the full (~15-field, "$"-terminated) layout; unconfirmed, so each is None
    # unless well-formed, and only ever informs an offline check-in (the gateway decides)
    registered_facility: str | None = None   # maDKBD, printed "79 - 014"
    valid_from: date | None = None
    valid_to: date | None = None
    issue_date: date | None = None
    household_id: str | None = None
    benefit_level: int | None = None          # 1-5, as the card code's 3rd character
    five_years: date | None = None            # ngayDu5Nam
    full_layout: bool = False                 # the QR ended with "$"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a person's name on a card (None if it can).

    Letters (any script, with their combining marks), spaces, and ``' - .``
    only. A ``?`` or ``\ufffd`` is the usual trace of a scanner or keyboard
    layout that lost the Vietnamese letters, so it is called out.
    """
    if not name or len(name) > 100:
        return "The name is empty or too long."
    if "?" in name or "\ufffd" in name:
        return "The name contains '?': Vietnamese letters were lost (scan it again, or use the camera)."
    for ch in name:
        if not (ch.isalpha() or ch in " '-." or unicodedata.category(ch).startswith("M")):
            return "The name contains characters that are not letters."
    if not any(ch.isalpha() for ch in name):
        return "The name has no letters."
    return None


def parse_ddmmyyyy(text: str, what: str) -> date:
    """Parse an 8-digit ``ddmmyyyy`` date; raise :class:`InvalidCardQr` naming ``what``."""
    if not re.fullmatch(r"\d{8}", text):
        raise InvalidCardQr(f"The {what} is not an 8-digit date (ddmmyyyy).")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise InvalidCardQr(f"The {what} is not a real calendar date.") from None


def id_number_problem(id_number: str, birth: date | None = None, sex: str | None = None) -> str | None:
    """What is wrong with a 12-digit CCCD number (None if it is plausible).

    Digits 1-3: province of birth registration (001-096); digit 4: century and
    sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s,
    8/9 = 1800s); digits 5-6: last two digits of the birth year.
    """
    if not re.fullmatch(r"\d{12}", id_number):
        return "The ID number must be exactly 12 digits."
    if not 1 <= int(id_number[:3]) <= 96:
        return "The ID number does not start with a valid province code."
    code = int(id_number[3])
    century = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200,
               8: 1800, 9: 1800}[code]
    if birth is not None:
        if birth.year != century + int(id_number[4:6]):
            return "The ID number does not match the birth year."
    if sex is not None and sex != ("M" if code % 2 == 0 else "F"):
        return "The ID number does not match the holder's sex."
    return None


def _sex(text: str) -> str:
    s = _SEX_WORDS.get(_nfc(text).strip().lower())
    if s is None:
        raise InvalidCardQr("The sex field is neither 'Nam' nor 'Nữ'.")
    return s


def parse_cccd_qr(text: str, today: date | None = None) -> CccdQr:
    """Parse the QR text of a chip ID card; raise a :class:`QrError` subclass.

    Checks every field (12-digit ID number that agrees with the birth year and
    sex, real calendar dates in a plausible order, a name made of letters) so
    that a truncated, doctored or mangled code is refused with the reason.
    """
    today = today or date.today()
    fields = [" ".join(_nfc(f).split()) for f in text.strip("\r\n").split("|")]
    if len(fields) < CCCD_MIN_FIELDS:
        raise InvalidCardQr(f"The ID card QR has {len(fields)} fields; at least {CCCD_MIN_FIELDS} are needed "
                            "(the code may be cut off).")
    if len(fields) > CCCD_MAX_FIELDS:
        raise InvalidCardQr(f"The ID card QR has {len(fields)} fields; at most {CCCD_MAX_FIELDS} are expected.")
    id_number, old_id, name, birth_s, sex_s, address, issue_s = fields[:CCCD_MIN_FIELDS]
    if not re.fullmatch(r"\d{12}", id_number):
        raise InvalidCardQr("The ID number must be exactly 12 digits.")
    if old_id and not re.fullmatch(r"\d{9}|\d{12}", old_id):
        raise InvalidCardQr("The old ID number must be 9 or 12 digits, or empty.")
    problem = name_problem(name)
    if problem:
        raise InvalidCardQr(problem)
    birth = parse_ddmmyyyy(birth_s, "birth date")
    sex = _sex(sex_s)
    issue = parse_ddmmyyyy(issue_s, "issue date")
    if not date(today.year - 130, 1, 1) <= birth <= today:
        raise InvalidCardQr("The birth date is not plausible.")
    if not birth <= issue <= today:
        raise InvalidCardQr("The issue date is before the birth date or in the future.")
    if not address or len(address) > 300:
        raise InvalidCardQr("The address is empty or too long.")
    problem = id_number_problem(id_number, birth, sex)
    if problem:
        raise InvalidCardQr(problem)
    return CccdQr(id_number, old_id or None, name, birth, sex, address, issue)


def _unhex(text: str, what: str) -> str:
    try:
        if len(text) % 2 or not re.fullmatch(r"[0-9A-Fa-f]*", text):
            raise ValueError
        return " ".join(_nfc(bytes.fromhex(text).decode("utf-8")).split())
    except (ValueError, UnicodeDecodeError):
        raise InvalidCardQr(f"The {what} on the insurance card QR is not hex-encoded UTF-8.") from None


def parse_bhyt_qr(text: str, today: date | None = None) -> InsuranceCardQr:
    """Parse the QR text of a BHYT card; raise a :class:`QrError` subclass.

    Positions 0-3 (number, hex name, birth, sex) are checked strictly; the
    address (position 4, hex) is optional and dropped when it is not hex,
    since later positions are not confirmed and do not identify anyone.
    """
    today = today or date.today()
    fields = [f.strip() for f in text.strip("\r\n").split("|")]
    if len(fields) < 4:
        raise InvalidCardQr("The insurance card QR has fewer than 4 fields (the code may be cut off).")
    if len(fields) > 20:
        raise InvalidCardQr("The insurance card QR has too many fields.")
    number = fields[0].upper()
    if not (_BHYT_CODE.fullmatch(number) or _BHXH_NUMBER.fullmatch(number)):
        raise InvalidCardQr("The insurance card number is neither a 15-character code nor 10 digits.")
    name = _unhex(fields[1], "name")
    problem = name_problem(name)
    if problem:
        raise InvalidCardQr(problem.replace("The name", "The name on the insurance card QR"))
    birth = fields[2]
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", birth):
        born = parse_ddmmyyyy(birth.replace("/", ""), "birth date")
        if born > today:
            raise InvalidCardQr("The birth date on the insurance card QR is in the future.")
        year = born.year
    elif re.fullmatch(r"\d{4}", birth):
        year = int(birth)
    else:
        raise InvalidCardQr("The birth date on the insurance card QR is not dd/mm/yyyy or yyyy.")
    if not today.year - 130 <= year <= today.year:
        raise InvalidCardQr("The birth year on the insurance card QR is not plausible.")
    sex_field = _nfc(fields[3]).lower()
    sex = {"1": "M", "2": "F"}.get(sex_field) or _SEX_WORDS.get(sex_field)
    if sex is None and sex_field not in ("", "0", "3"):
        raise InvalidCardQr("The sex on the insurance card QR is not 1, 2, Nam or Nữ.")
    address = None
    if len(fields) > 4 and fields[4]:
        try:
            address = _unhex(fields[4], "address") or None
        except InvalidCardQr:
            address = None
    return InsuranceCardQr(number, name, birth, sex, address, **_full_layout(fields, number))


def _slash_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        return None
    try:
        return date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None


def _full_layout(fields: list[str], number: str) -> dict:
    """Positions 5-13 of the long layout (reference §6), each kept only when well-formed.

    Field 0 may be the 15-character code or the 10-digit BHXH number; the
    benefit digit comes from position 11, or from the code itself.
    """
    def at(i: int) -> str:
        return fields[i] if len(fields) > i else ""
    facility = re.sub(r"\s*-\s*", "", at(5))
    level = at(11)
    valid_from, valid_to = _slash_date(at(6)), _slash_date(at(7))
    if valid_from and valid_to and valid_to < valid_from:
        valid_from = valid_to = None
    digit = int(level) if re.fullmatch(r"[1-5]", level) else (int(number[2]) if len(number) == 15 else None)
    return {"registered_facility": facility if re.fullmatch(r"\d{5}", facility) else None,
            "valid_from": valid_from, "valid_to": valid_to, "issue_date": _slash_date(at(8)),
            "household_id": at(9) if re.fullmatch(r"[0-9A-Za-z]{6,15}", at(9)) else None,
            "benefit_level": digit, "five_years": _slash_date(at(12)),
            "full_layout": fields[-1] == "$"}


def parse_card_qr(text: str, today: date | None = None) -> CccdQr | InsuranceCardQr:
    """Tell which card a QR text came from and parse it.

    Raises :class:`NotACardQr` for anything that is neither an ID card nor an
    insurance card QR, :class:`InvalidCardQr` for one that is but is damaged.
    """
    if not isinstance(text, str) or not text.strip() or "|" not in text or len(text) > MAX_QR_TEXT:
        raise NotACardQr(_NOT_A_CARD)
    text = text.removeprefix("\ufeff")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\r\n" for ch in text):
        raise NotACardQr(_NOT_A_CARD)
    fields = text.split("|")
    head = fields[0].strip()
    second = fields[1].strip()
    hex_second = bool(re.fullmatch(r"[0-9A-Fa-f]{2,}", second)) and not re.fullmatch(r"\d{9}|\d{12}", second)
    if _BHYT_CODE.fullmatch(head.upper()) or (hex_second and re.fullmatch(r"([A-Za-z]{2})?\d{9,14}", head)):
        return parse_bhyt_qr(text, today)
    if re.fullmatch(r"\d{12}", head) or (re.fullmatch(r"\d{9,13}", head) and len(fields) >= CCCD_MIN_FIELDS):
        return parse_cccd_qr(text, today)
    raise NotACardQr(_NOT_A_CARD)
