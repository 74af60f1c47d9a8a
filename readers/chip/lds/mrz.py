"""DG1: the machine-readable zone, TD1 (ID card, 3×30) and TD3 (passport, 2×44).

Check digits are verified and reported per field; a wrong one is kept as a
flag (``checks_ok``) rather than an exception, because the chip's data is
authenticated by passive authentication, not by check digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readers.chip import tlv
from readers.chip.errors import MalformedData

_WEIGHTS = (7, 3, 1)


def check_digit(text: str) -> str:
    """ICAO 9303 check digit (7-3-1 weights; A=10…Z=35, '<'=0)."""
    total = 0
    for i, ch in enumerate(text):
        if ch.isdigit():
            v = int(ch)
        elif "A" <= ch <= "Z":
            v = ord(ch) - 55
        elif ch == "<":
            v = 0
        else:
            raise ValueError(f"character {ch!r} is not allowed in an MRZ")
        total += v * _WEIGHTS[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class Mrz:
    """The MRZ fields (dates stay YYMMDD text: the century is ambiguous)."""

    kind: str                    # "TD1" or "TD3"
    document_code: str
    issuing_state: str
    document_number: str
    birth: str
    sex: str                     # "M", "F" or "<"
    expiry: str
    nationality: str
    primary_name: str
    secondary_name: str
    optional_data: str
    id_number: str | None        # the 12-digit CCCD number when present in the optional data
    bad_checks: tuple[str, ...] = field(default=())
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def checks_ok(self) -> bool:
        """True when every check digit verifies."""
        return not self.bad_checks

    @property
    def full_name(self) -> str:
        """Primary and secondary identifiers joined by a space."""
        return " ".join(p for p in (self.primary_name, self.secondary_name) if p)

    def __repr__(self) -> str:  # never leak personal data through repr()
        return f"Mrz({self.kind}, {self.issuing_state}, doc=***{self.document_number[-3:]})"


def _names(text: str) -> tuple[str, str]:
    primary, _, secondary = text.partition("<<")
    return primary.replace("<", " ").strip(), secondary.replace("<", " ").strip()


def _check(bad: list, name: str, value: str, digit: str) -> None:
    if digit == "<" and set(value) <= {"<"}:
        return
    if check_digit(value) != digit:
        bad.append(name)


def parse_mrz_text(text: str) -> Mrz:
    """Parse MRZ text (line breaks optional) of a TD1 or TD3 document."""
    text = re.sub(r"[\r\n ]", "", text)
    if not re.fullmatch(r"[A-Z0-9<]+", text):
        raise MalformedData("The MRZ contains characters an MRZ cannot have.")
    bad: list[str] = []
    if len(text) == 90:
        l1, l2, l3 = text[:30], text[30:60], text[60:]
        number, opt1 = l1[5:14], l1[15:30]
        if l1[14] == "<" and opt1[0] != "<":  # long document number continues in the optional data
            cut = opt1.index("<") if "<" in opt1 else len(opt1) - 1
            number, digit, opt1 = number + opt1[:cut - 1], opt1[cut - 1], opt1[cut + 1:]
            _check(bad, "document number", number, digit)
        else:
            _check(bad, "document number", number, l1[14])
        _check(bad, "birth date", l2[0:6], l2[6])
        _check(bad, "expiry date", l2[8:14], l2[14])
        composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        _check(bad, "composite", composite, l2[29])
        id_number = opt1[:12] if re.fullmatch(r"\d{12}", opt1[:12]) else None
        if id_number:
            # The CCCD puts the ID number's own check digit at the end of line 1.
            digit = opt1[12] if opt1[12] != "<" else opt1[-1]
            if digit != "<" and check_digit(id_number) != digit:
                bad.append("ID number")
        primary, secondary = _names(l3)
        return Mrz("TD1", l1[0:2].rstrip("<"), l1[2:5], number.rstrip("<"), l2[0:6], l2[7],
                   l2[8:14], l2[15:18], primary, secondary, (opt1 + l2[18:29]).strip("<"),
                   id_number, tuple(bad), (l1, l2, l3))
    if len(text) == 88:
        l1, l2 = text[:44], text[44:]
        _check(bad, "document number", l2[0:9], l2[9])
        _check(bad, "birth date", l2[13:19], l2[19])
        _check(bad, "expiry date", l2[21:27], l2[27])
        _check(bad, "personal number", l2[28:42], l2[42])
        _check(bad, "composite", l2[0:10] + l2[13:20] + l2[21:43], l2[43])
        primary, secondary = _names(l1[5:44])
        return Mrz("TD3", l1[0:2].rstrip("<"), l1[2:5], l2[0:9].rstrip("<"), l2[13:19], l2[20],
                   l2[21:27], l2[10:13], primary, secondary, l2[28:42].strip("<"), None,
                   tuple(bad), (l1, l2))
    raise MalformedData(f"The MRZ has {len(text)} characters; a TD1 has 90 and a TD3 88.")


def parse_dg1(data: bytes) -> Mrz:
    """Parse DG1 (tag 61 → 5F1F MRZ)."""
    body = tlv.children(tlv.unwrap(data, 0x61, "DG1"))
    if 0x5F1F not in body:
        raise MalformedData("DG1 holds no MRZ.")
    try:
        return parse_mrz_text(body[0x5F1F].decode("ascii"))
    except UnicodeDecodeError:
        raise MalformedData("The MRZ in DG1 is not ASCII text.") from None


def build_dg1(mrz_text: str) -> bytes:
    """Encode DG1 from MRZ text (used by the virtual card)."""
    return tlv.encode(0x61, tlv.encode(0x5F1F, re.sub(r"\s", "", mrz_text).encode("ascii")))


def td1_lines(doc_number: str, id_number: str, birth: str, sex: str, expiry: str,
              surname: str, given: str, state: str = "VNM") -> tuple[str, str, str]:
    """Build a CCCD-style TD1 MRZ (the ID number and its check digit in line 1)."""
    doc = doc_number.ljust(9, "<")
    opt1 = id_number.ljust(14, "<") + check_digit(id_number)  # as on real cards
    l1 = ("ID" + state + doc + check_digit(doc) + opt1)[:30]
    l2_head = birth + check_digit(birth) + sex + expiry + check_digit(expiry) + state
    opt2 = "<" * 11
    composite = l1[5:30] + l2_head[0:7] + l2_head[8:15] + opt2
    l2 = l2_head + opt2 + check_digit(composite)
    name = (surname.replace(" ", "<") + "<<" + given.replace(" ", "<"))
    l3 = name[:30].ljust(30, "<")
    return l1, l2, l3


def transliterate(name: str) -> str:
    """Vietnamese name → MRZ letters: strip diacritics, Đ→D, upper case, spaces→'<'."""
    import unicodedata
    name = name.replace("Đ", "D").replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return re.sub(r"[^A-Z<]", "<", plain.upper().replace(" ", "<"))
