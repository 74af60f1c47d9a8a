"""The gateway's text formats: card numbers, names, dates, token expiry.

Shared by the client and the simulator so both read the protocol the same
way. Input problems raise :class:`GatewayInputError` with one sentence that
names the field but never echoes its value (it is personal data).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

from kiosk.gateway.errors import GatewayInputError

BHYT_CODE = re.compile(r"[A-Z]{2}[1-5][0-9]{2}[0-9]{10}")
BHXH_NUMBER = re.compile(r"[0-9]{10}")
ID_NUMBER = re.compile(r"[0-9]{12}")


def card_kind(card: str) -> str | None:
    """``"bhyt"`` (15-char code), ``"bhxh"`` (10 digits), ``"id"`` (12 digits) or None."""
    if BHYT_CODE.fullmatch(card):
        return "bhyt"
    if BHXH_NUMBER.fullmatch(card):
        return "bhxh"
    if ID_NUMBER.fullmatch(card):
        return "id"
    return None


def normalize_card(card: str) -> str:
    """Upper-case, spaces and dashes removed; raise unless it has one of the three shapes."""
    cleaned = re.sub(r"[\s-]", "", str(card or "")).upper()
    if card_kind(cleaned) is None:
        raise GatewayInputError("The card number must be a 15-character BHYT code, a 10-digit BHXH "
                                "number or a 12-digit ID number.")
    return cleaned


def result_code(body: dict) -> str:
    """``maKetQua`` as a 3-character code (a number 0 or "0" becomes "000"; absent → "")."""
    value = body.get("maKetQua")
    code = "" if value is None else str(value).strip()
    return code.zfill(3) if code.isdigit() else code


def fold(name: str | None) -> str:
    """``"Trần  Văn Bình"`` → ``"tran van binh"``: how the gateway compares names."""
    text = unicodedata.normalize("NFD", str(name or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


def normalize_name(name: str) -> str:
    """NFC, single spaces; raise when empty or holding digits."""
    cleaned = " ".join(unicodedata.normalize("NFC", str(name or "")).split())
    if not cleaned or any(ch.isdigit() for ch in cleaned) or len(cleaned) > 100:
        raise GatewayInputError("The full name is empty or not a name.")
    return cleaned


def normalize_birth(birth: str | date) -> str:
    """The birth date as the gateway wants it: ``dd/MM/yyyy``, or ``yyyy`` when only the year is known.

    Accepts a :class:`date`, ``dd/MM/yyyy``, ``ddMMyyyy``, ``yyyy-MM-dd`` and ``yyyy``.
    """
    if isinstance(birth, datetime):
        birth = birth.date()
    if isinstance(birth, date):
        return birth.strftime("%d/%m/%Y")
    text = str(birth or "").strip()
    if re.fullmatch(r"\d{4}", text):
        if not 1850 <= int(text) <= 2200:
            raise GatewayInputError("The birth year is not plausible.")
        return text
    for rx, order in ((r"(\d{2})/(\d{2})/(\d{4})", "dmy"), (r"(\d{2})(\d{2})(\d{4})", "dmy"),
                      (r"(\d{4})-(\d{2})-(\d{2})", "ymd")):
        m = re.fullmatch(rx, text)
        if m:
            parts = dict(zip(order, m.groups(), strict=False))
            try:
                value = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
            except ValueError:
                break
            return value.strftime("%d/%m/%Y")
    raise GatewayInputError("The birth date must be dd/MM/yyyy or yyyy.")


def parse_birth_answer(text: object) -> str | None:
    """A response ``ngaySinh`` (``yyyy``, ``MM/yyyy`` or ``dd/MM/yyyy``) kept as text, or None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if re.fullmatch(r"\d{4}|\d{2}/\d{4}|\d{2}/\d{2}/\d{4}", text):
        return text
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:2]}/{text[2:4]}/{text[4:]}"
    return None


def birth_matches(answer: str | None, asked: str | None) -> bool:
    """True unless both are known and disagree on what they share (year, month, day)."""
    if not answer or not asked:
        return True
    a, b = answer.split("/")[::-1], asked.split("/")[::-1]  # year first
    return all(x == y for x, y in zip(a, b, strict=False))


def parse_gateway_date(text: object) -> date | None:
    """A ``dd/MM/yyyy`` date from a response (validity, 5-year date), or None when absent/bad."""
    if not isinstance(text, str):
        return None
    m = re.fullmatch(r"\s*(\d{2})/(\d{2})/(\d{4})\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def parse_expiry(value: object) -> datetime | None:
    """The token's ABSOLUTE expiry ``2017-11-13T03:51:20.1047187Z`` as an aware UTC datetime.

    The gateway sends 7 fractional digits (.NET); Python takes at most 6. A
    timestamp without a zone is UTC. None when it is not a timestamp.
    """
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"\s*(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?\s*",
                     value)
    if not m:
        return None
    stamp, frac, zone = m.groups()
    text = stamp.replace(" ", "T") + (f".{(frac + '000000')[:6]}" if frac else "")
    if zone and zone != "Z":
        text += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_expiry(moment: datetime) -> str:
    """The gateway's own spelling of an expiry: UTC, 7 fractional digits, ``Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}0Z"
