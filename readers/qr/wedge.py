"""USB scanners in keyboard-wedge mode, and how to tell a mangled scan.

A wedge scanner "types" the QR text as key presses, much faster than a person
(a few milliseconds between keys) and ends with Enter. The UI feeds every key
to :class:`KeyboardWedge`, which returns the text when a fast burst ends in
Enter and forgets slow (human) typing. Wedge scanners type through the PC's
keyboard layout, which often loses Vietnamese letters (``Tr?n``, ``Tran``),
garbles them (UTF-8 read as a Windows code page: ``Tráº§n``) or turns digits
and ``|`` into other symbols; :func:`mangling_problem` says so in one
sentence, so the kiosk can ask for the camera instead of registering a wrong
name.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

ENTER_KEYS = {"\r", "\n", "Enter", "Return"}
_AIM_PREFIX = re.compile(r"^\][A-Za-z]\d")  # symbology identifier some scanners prepend (]Q1)
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|Ä[\u0080-\u00bf]|Æ[°¡]|á[º»]|Ä‘|Ã©|â€")
_AZERTY_DIGITS = set("&é\"'(-è_çà")


@dataclass(frozen=True)
class ScannedText:
    """One scan from a USB scanner: the text and, when it looks mangled, why."""

    text: str
    problem: str | None
    via: str  # "keyboard" or "serial"

    def __repr__(self) -> str:  # the text is personal data
        return f"ScannedText({self.via}, {len(self.text)} chars, problem={self.problem!r})"


def clean_scan(text: str) -> str:
    """Strip the line ending, a byte-order mark and an AIM symbology prefix."""
    text = text.strip("\r\n").removeprefix("\ufeff")
    return _AIM_PREFIX.sub("", text, count=1)


def mangling_problem(text: str) -> str | None:
    """One sentence when a scanned card QR text looks damaged in transit, else None.

    Only card-shaped text is judged (an ID card QR starts with its 12-digit
    number); the insurance card QR is plain ASCII and survives any layout.
    """
    if "\ufffd" in text:
        return "Some characters were lost: the scanner did not send UTF-8 (use serial mode or the camera)."
    if _MOJIBAKE.search(text):
        return ("The Vietnamese letters arrived garbled (UTF-8 read with the wrong code page); "
                "use serial mode or the camera.")
    fields = text.split("|")
    head = fields[0]
    if len(fields) == 1 and re.match(r"([A-Z]{2}\d{13}|\d{10}|\d{12})[^\w|]", text):
        return "The '|' separators were lost: the keyboard layout does not match the scanner."
    if len(fields) >= 5 and head and set(head) <= _AZERTY_DIGITS:
        return "The digits arrived as symbols: the keyboard layout does not match the scanner."
    if not re.fullmatch(r"\d{12}", head):
        return None
    if len(fields) not in (7, 11):
        return (f"The ID card QR arrived with {len(fields)} fields instead of 7 or 11: "
                "part of the scan was lost or changed.")
    if "?" in text:
        return "Vietnamese letters were replaced by '?': the keyboard layout lost them (use the camera)."
    name, address = fields[2], fields[5]
    if (name + address).isascii() and re.search(r"[A-Za-z]", name + address):
        return ("The name and address have no Vietnamese accents: the scanner or keyboard layout "
                "probably stripped them (use the camera or serial mode).")
    return None


class KeyboardWedge:
    """Turns key presses into scans: a fast burst of keys ending in Enter.

    ``feed(key)`` takes one character (or ``"Enter"``/``"\\r"``/``"\\n"``)
    and the time it was pressed; it returns a :class:`ScannedText` when a
    burst ends. A gap longer than ``max_gap_s`` between keys means a person is
    typing: what was collected so far is dropped.
    """

    def __init__(self, max_gap_s: float = 0.05, min_length: int = 8, max_length: int = 2000,
                 clock: Callable[[], float] = time.monotonic):
        self.max_gap_s, self.min_length, self.max_length = max_gap_s, min_length, max_length
        self._clock = clock
        self._keys: list[str] = []
        self._last = float("-inf")

    @property
    def in_burst(self) -> bool:
        """True while a fast burst is being collected (the UI may hide those keys)."""
        return bool(self._keys) and self._clock() - self._last <= self.max_gap_s

    def feed(self, key: str, at: float | None = None) -> ScannedText | None:
        """Take one key press; return the scan when this key ends a burst."""
        at = self._clock() if at is None else at
        if at - self._last > self.max_gap_s:
            self._keys = []  # too slow: a person typing, or a new scan starting
        self._last = at
        if key in ENTER_KEYS:
            text, self._keys = "".join(self._keys), []
            if len(text) < self.min_length:
                return None
            text = clean_scan(text)
            return ScannedText(text, mangling_problem(text), "keyboard")
        if len(key) != 1:
            return None  # Shift, arrows...: not part of the text
        if len(self._keys) >= self.max_length:
            self._keys = []  # runaway input: never grow without bound
        self._keys.append(key)
        return None
