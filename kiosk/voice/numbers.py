"""Numbers, digits and letters as clip keys, read the way a queue-calling system reads them.

Vietnamese rules (0-999 999): ``mười`` for a ten of one, ``mươi`` after 2-9;
a unit 1 after ``mươi`` is ``mốt``, a unit 4 after ``mươi`` is ``tư``, a unit 5
after any ten is ``lăm``; a zero ten before a unit is ``lẻ`` (southern and
queue-calling usage; ``linh`` in the north, by argument); a thousand's
group of three is read in full (``không trăm``) once a higher group came
before it. English: "one hundred and one".

Each function returns clip keys (ASCII, used as file names); :data:`WORDS`
holds what each key says in each language, for the build.
"""

from __future__ import annotations

import string

_VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Vietnamese letter names as a queue caller says them (N: "en-nờ", the brief's N-O-I).
_VI_LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát",
    "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì",
    "Y": "i dài", "Z": "dét",
}

WORDS: dict[str, dict[str, str]] = {"vi": {}, "en": {}}
"""Every word clip: language → clip key → the text the build synthesises."""

for _i, _w in enumerate(_VI_DIGITS):
    WORDS["vi"][f"d{_i}"] = _w
for _i, _w in enumerate(_EN_DIGITS):
    WORDS["en"][f"d{_i}"] = _w
WORDS["vi"].update({"muoi10": "mười", "muoi": "mươi", "mot1": "mốt", "tu4": "tư", "lam5": "lăm",
                    "tram": "trăm", "le": "lẻ", "linh": "linh", "nghin": "nghìn"})
WORDS["en"].update({f"t1{_i}": w for _i, w in enumerate(_EN_TEENS)})
WORDS["en"].update({f"t{_i}0": w for _i, w in enumerate(_EN_TENS) if w})
WORDS["en"].update({"hundred": "hundred", "thousand": "thousand", "and": "and"})
for _letter, _name in _VI_LETTERS.items():
    WORDS["vi"][f"l{_letter if _letter != 'Đ' else 'DD'}"] = _name
for _letter in string.ascii_uppercase:
    WORDS["en"][f"l{_letter}"] = _letter
WORDS["en"]["lDD"] = "D"
# The words of room names (kiosk.voice.announcement.ROOM_WORDS maps a room's spelling to these).
WORDS["vi"].update({"w.room": "phòng", "w.floor": "tầng", "w.area": "khu", "w.building": "nhà"})
WORDS["en"].update({"w.room": "room", "w.floor": "floor", "w.area": "zone", "w.building": "building"})

MAX_NUMBER = 999_999


def number_clips(n: int, language: str, *, zero_ten: str = "le") -> list[str]:
    """Clip keys reading ``n`` (0-999 999) as a number; ``zero_ten`` is "le" or "linh" (Vietnamese)."""
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0-{MAX_NUMBER}")
    return _vi_number(n, zero_ten) if language == "vi" else _en_number(n)


def _vi_number(n: int, zero_ten: str) -> list[str]:
    if n < 1000:
        return _vi_below_1000(n, full=False, zero_ten=zero_ten)
    thousands, rest = divmod(n, 1000)
    keys = _vi_below_1000(thousands, full=False, zero_ten=zero_ten) + ["nghin"]
    if rest:
        keys += _vi_below_1000(rest, full=True, zero_ten=zero_ten)
    return keys


def _vi_below_1000(n: int, *, full: bool, zero_ten: str) -> list[str]:
    """``full``: a group after a thousand, read with its zero hundreds ("không trăm lẻ năm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    keys: list[str] = []
    if hundreds or full:
        keys += [f"d{hundreds}", "tram"]
        if tens == 0 and units == 0:
            return keys
    if tens == 0:
        if keys:
            keys.append(zero_ten)
        keys.append(f"d{units}")
        return keys
    if tens == 1:
        keys.append("muoi10")
        if units:
            keys.append("lam5" if units == 5 else f"d{units}")
        return keys
    keys += [f"d{tens}", "muoi"]
    if units == 1:
        keys.append("mot1")
    elif units == 4:
        keys.append("tu4")
    elif units == 5:
        keys.append("lam5")
    elif units:
        keys.append(f"d{units}")
    return keys


def _en_number(n: int) -> list[str]:
    if n < 1000:
        return _en_below_1000(n, after=False)
    thousands, rest = divmod(n, 1000)
    keys = _en_below_1000(thousands, after=False) + ["thousand"]
    if rest:
        keys += _en_below_1000(rest, after=True)
    return keys


def _en_below_1000(n: int, *, after: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    keys: list[str] = []
    if hundreds:
        keys += [f"d{hundreds}", "hundred"]
    if rest and (hundreds or after):
        keys.append("and")
    if rest >= 20:
        keys.append(f"t{rest // 10}0")
        if rest % 10:
            keys.append(f"d{rest % 10}")
    elif rest >= 10:
        keys.append(f"t1{rest - 10}")
    elif rest or not keys:
        keys.append(f"d{rest}")
    return keys


def spelled_clips(text: str) -> list[str] | None:
    """Clip keys spelling ``text`` one character at a time (queue numbers: "NOI-001" →
    N, O, I, 0, 0, 1); separators are silent. None when a character has no clip."""
    keys: list[str] = []
    for ch in text.upper():
        if ch.isdigit() and ch.isascii():
            keys.append(f"d{ch}")
        elif ch == "Đ":
            keys.append("lDD")
        elif ch in string.ascii_uppercase:
            keys.append(f"l{ch}")
        elif ch in " -./_":
            continue
        else:
            return None
    return keys


def spoken_text(keys: list[str], language: str) -> str:
    """The words the clips say, joined (for tests, logs of the catalogue, and reading back)."""
    return " ".join(WORDS[language][k] for k in keys)
