"""Mask personal data in anything headed for a log: text, arguments and extras.

Belt and braces: callers already log masked values (``mask_digits``,
``mask_name``); this catches what slips through (an exception text quoting a
server answer, a raw QR string, a careless ``extra``). What is masked:

* digit runs of 9 or more (12-digit ID, 10-digit BHXH number, old 9-digit ID,
  phone numbers), also written in groups (``079 088 001 234``): last 4 kept;
* 15-character BHYT card codes (``DN4790100000001``): last 4 kept;
* dates (``14/03/1988``, ``14-03-1988``, ``1988-03-14``, ``14031988``): all of it,
  unless a time of day follows (``2026-11-25T08:05``: a timestamp, never a birth date);
* credentials in URLs (``?token=…&password=…``; :mod:`kiosk.http` masks every query value of its
  request lines itself, a library might not);
* card QR payloads (``…|…|…|…``: ID/insurance card QR text): to the end of the line;
* values under personal keys in structured extras (name, address, birth, …):
  names become initials, numbers keep their last 4 digits, the rest ``***``;
* exact values the application told the redactor about (:meth:`Redactor.remember`),
  e.g. the current patient's name and address, so free text cannot leak them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from typing import Any

from kiosk.domain import mask_digits, mask_name

# Keys whose values are personal, compared lower-case with "_"/"-" removed.
NAME_KEYS = {"name", "fullname", "hoten", "patientname", "father", "mother", "officername", "hotencb"}
NUMBER_KEYS = {"idnumber", "cccd", "cmnd", "cardnumber", "card", "mathe", "bhyt", "bhytcode", "bhxh",
               "masobhxh", "bhxhnumber", "oldid", "phone", "sodienthoai", "cccdcb", "mathecu", "mathemoi",
               "newcardnumber", "newcardcode", "documentnumber"}
OTHER_KEYS = {"address", "diachi", "birth", "birthdate", "dob", "dateofbirth", "ngaysinh", "placeoforigin",
              "quequan", "qr", "qrtext", "rawqr", "mrz", "dg1", "dg13", "sex", "gioitinh",
              "ethnicity", "religion", "password", "token", "accesstoken", "idtoken", "apikey"}

_QR = re.compile(r"[^|\s]*(?:\|[^|\n]*){3,}")                       # 4+ pipe-separated fields
_BHYT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{13}(?![A-Za-z0-9])")
_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}"             # 14/03/1988, 1-3-1988
    r"|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}"                       # 1988-03-14
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2})(?!\d)"  # 14031988
    r"(?![T ]\d{2}:\d{2})")  # a date with a time of day is a timestamp (token expiry), not a birth date
_GROUPED = re.compile(r"(?<!\d)\d{3,4}(?: \d{3,4}){2,3}(?!\d)")     # 079 088 001 234
_DIGITS = re.compile(r"(?<!\d)\d{9,}(?!\d)")
_SECRET_PARAM = re.compile(r"(?i)\b(token|id_token|access_token|password|api_key|apikey|key)=[^&\s\"']+")
DATE_MASK = "**/**/****"
QR_MASK = "[card-qr]"


def _norm_key(key: str) -> str:
    return re.sub(r"[_\-\s]", "", key).lower()


def _fold(text: str) -> str:
    """Case- and accent-insensitive form (``Trần`` ~ ``tran``) for remembered values."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _mask_grouped(m: re.Match) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return mask_digits(digits) if len(digits) >= 9 else m.group(0)


class Redactor:
    """Masks personal data in text and structured values; thread-safe."""

    def __init__(self, max_remembered: int = 256) -> None:
        self._remembered: OrderedDict[str, None] = OrderedDict()
        self._max = max_remembered
        self._lock = threading.Lock()
        self._pattern: re.Pattern | None = None

    def remember(self, *values: str | None) -> None:
        """Also mask these exact values (names, addresses) wherever they appear, any case/accents."""
        with self._lock:
            for v in values:
                if v and len(v.strip()) >= 3:
                    key = _fold(v.strip())
                    self._remembered[key] = None
                    self._remembered.move_to_end(key)
            while len(self._remembered) > self._max:
                self._remembered.popitem(last=False)
            self._pattern = None

    def forget_all(self) -> None:
        """Drop remembered values (end of a session)."""
        with self._lock:
            self._remembered.clear()
            self._pattern = None

    def _remembered_pattern(self) -> re.Pattern | None:
        with self._lock:
            if self._pattern is None and self._remembered:
                alts = sorted(self._remembered, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(a) for a in alts))
            return self._pattern

    def text(self, text: str) -> str:
        """``text`` with every personal pattern masked."""
        if not text:
            return text
        text = _SECRET_PARAM.sub(r"\1=***", text)
        text = _QR.sub(QR_MASK, text)
        text = _BHYT.sub(lambda m: mask_digits(m.group(0)), text)
        text = _DATE.sub(DATE_MASK, text)
        text = _GROUPED.sub(_mask_grouped, text)
        text = _DIGITS.sub(lambda m: mask_digits(m.group(0)), text)
        pattern = self._remembered_pattern()
        if pattern is not None:
            text = self._mask_remembered(text, pattern)
        return text

    @staticmethod
    def _mask_remembered(text: str, pattern: re.Pattern) -> str:
        # Search the folded text, but cut the original at the same places: NFC
        # folding keeps one character per character for Vietnamese letters.
        folded = "".join(_fold(ch) or ch for ch in text)
        if len(folded) != len(text):
            return pattern.sub("***", folded)
        out, last = [], 0
        for m in pattern.finditer(folded):
            out.append(text[last:m.start()])
            out.append("***")
            last = m.end()
        out.append(text[last:])
        return "".join(out)

    def value(self, key: str | None, value: Any) -> Any:
        """A structured value masked by its key (personal keys) or by its content."""
        norm = _norm_key(key) if key else ""
        if isinstance(value, dict):
            return {k: self.value(str(k), v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [self.value(key, v) for v in value]
        if value is None or isinstance(value, (bool, float)):
            return value
        if isinstance(value, int) and norm not in NUMBER_KEYS:
            return value if abs(value) < 10**8 else self.text(str(value))
        if norm in NAME_KEYS:
            return mask_name(str(value))
        if norm in NUMBER_KEYS:
            return mask_digits(re.sub(r"\s", "", str(value)))
        if norm in OTHER_KEYS:
            return "***"
        return self.text(value if isinstance(value, str) else str(value))
