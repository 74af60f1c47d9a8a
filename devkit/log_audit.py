"""Search log files for the synthetic citizens' personal data (tests, demo, support drills).

``audit_logs(files, CITIZENS)`` lists every line that holds a citizen's name
(with or without diacritics, any case), ID/old ID/BHXH/BHYT number, birth
date in any usual format, address, parents' names or the raw QR text, and
what the chip adds: the MRZ (its lines, the upper-case ``SURNAME<<GIVEN<NAMES``
name field, the 9-digit document number, birth and expiry as YYMMDD), the CAN
and the card's expiry date (it is the birthday at 25/40/60). It is
deliberately literal: it knows the exact values that went in, so it finds
what the regex-based redactor might miss. Short numbers (6-9 digits) only
count between non-digits, so a longer number that happens to contain them is
no finding. Extend :func:`personal_strings` when a new reader puts new fields in play.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from devkit.simulator.citizens import Citizen
from readers.chip.lds.mrz import td1_lines, transliterate


def _plain(text: str) -> str:
    """Accents stripped and case folded: ``Trần Văn Bình`` → ``tran van binh``."""
    text = text.casefold().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def personal_strings(c: Citizen) -> dict[str, str]:
    """Every form of ``c``'s personal data that must never reach a log (kind → value)."""
    b = c.birth
    found = {
        "id_number": c.id_number,
        "full_name": c.full_name,
        "full_name_hex": c.full_name.encode().hex(),
        "address": c.address,
        "address_hex": c.address.encode().hex(),
        "place_of_origin": c.place_of_origin,
        "birth_dmy": b.strftime("%d/%m/%Y"),
        "birth_compact": b.strftime("%d%m%Y"),
        "birth_iso": b.isoformat(),
        "birth_dash": b.strftime("%d-%m-%Y"),
        "qr_text": c.qr_text(),
    }
    optional = {"old_id": c.old_id, "bhyt_code": c.bhyt_code, "bhxh_number": c.bhxh_number,
                "new_card_code": c.new_card_code, "father": c.father or None, "mother": c.mother or None,
                "bhyt_qr_text": c.bhyt_qr_text()}
    found.update({k: v for k, v in optional.items() if v})
    found.update(chip_strings(c))
    return found


def mrz_name(c: Citizen) -> str:
    """The name as the chip's MRZ holds it: ``TRAN<<VAN<BINH``."""
    surname, _, given = c.full_name.partition(" ")
    return f"{transliterate(surname)}<<{transliterate(given)}".replace(" ", "<")


def chip_strings(c: Citizen) -> dict[str, str]:
    """The forms only the chip puts in play: MRZ lines and fields, the CAN, the expiry date."""
    expiry = c.expiry.strftime("%y%m%d") if c.expiry else "991231"
    lines = td1_lines(c.id_number[-9:], c.id_number, c.birth.strftime("%y%m%d"), c.sex, expiry,
                      transliterate(c.full_name.partition(" ")[0]), transliterate(c.full_name.partition(" ")[2]))
    found = {f"mrz_line{i}": line.rstrip("<") for i, line in enumerate(lines, 1)}
    found.update({"mrz_name": mrz_name(c), "document_number": c.id_number[-9:], "can": c.id_number[-6:],
                  "birth_yymmdd": c.birth.strftime("%y%m%d")})
    if c.expiry:
        found.update({"expiry_dmy": c.expiry.strftime("%d/%m/%Y"), "expiry_iso": c.expiry.isoformat(),
                      "expiry_yymmdd": expiry})
    return found


@dataclass(frozen=True)
class Finding:
    """One leak: where, what kind, whose."""

    file: str
    line: int
    kind: str
    citizen: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind} of citizen {self.citizen!r}"


_TEXT_KINDS = {"full_name", "address", "place_of_origin", "father", "mother"}
# Short numbers: only as a whole number. YYMMDD may be followed by the MRZ check digit and a letter.
_MRZ_DATE_END = r"(?:\d[a-z<]|(?!\d))"     # a check digit, then the sex or nationality letter
_BOUNDED_KINDS = {"document_number": r"(?!\d)", "can": r"(?!\d)", "birth_yymmdd": _MRZ_DATE_END,
                  "expiry_yymmdd": _MRZ_DATE_END}


def _needles(citizens: Iterable[Citizen]) -> list[tuple[str, str, object]]:
    """(kind, citizen key, folded string or compiled pattern) for every form of every citizen."""
    needles = []
    for c in citizens:
        for kind, value in personal_strings(c).items():
            if kind in _BOUNDED_KINDS:
                pattern = re.compile(rf"(?<!\d){re.escape(value)}{_BOUNDED_KINDS[kind]}")
                needles.append((kind, c.key, pattern))
            else:
                needles.append((kind, c.key, _plain(value) if kind in _TEXT_KINDS else value.casefold()))
    return needles


def audit_text(text: str, citizens: Iterable[Citizen], where: str = "<text>") -> list[Finding]:
    """The leaks in ``text``, line by line."""
    needles = _needles(citizens)
    findings = []
    for n, line in enumerate(text.splitlines(), 1):
        plain, folded = _plain(line), line.casefold()
        for kind, key, needle in needles:
            if isinstance(needle, re.Pattern):
                hit = needle.search(folded) is not None
            else:
                hit = needle in (plain if kind in _TEXT_KINDS else folded)
            if hit:
                findings.append(Finding(where, n, kind, key))
    return findings


def audit_logs(files: Iterable[Path], citizens: Iterable[Citizen]) -> list[Finding]:
    """The leaks in every file of ``files`` (UTF-8, undecodable bytes replaced)."""
    citizens = list(citizens)
    findings: list[Finding] = []
    for f in files:
        findings += audit_text(Path(f).read_text(encoding="utf-8", errors="replace"), citizens, str(f))
    return findings


def log_files(folder: Path) -> list[Path]:
    """The kiosk's log files in ``folder``, rotated ones included."""
    return sorted(p for p in Path(folder).glob("*.log*") if p.is_file())
