"""DG13 of the Vietnamese card: citizen data as UTF-8 text in ASN.1.

``6D { 30 { INTEGER version, OID, SET { SEQUENCE { INTEGER n, value… } … } } }``.
Public parsers disagree on how field 13 (parents) and 14 (spouse) nest, so
each field is read by walking its subtree and collecting string leaves in
order; tags and depth do not matter. Unknown field numbers are kept.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from readers.chip import tlv
from readers.chip.errors import MalformedData

_STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x16: "ascii", 0x14: "latin-1", 0x1A: "ascii", 0x12: "ascii"}
_MAX_DEPTH = 8
UTF8_OID = bytes.fromhex("28D316010008")  # 1.0.10646.1.0.8


@dataclass(frozen=True)
class Dg13:
    """The Vietnamese citizen data (field numbers in comments)."""

    id_number: str = ""               # 1
    full_name: str = ""               # 2
    birth: str = ""                   # 3 (dd/mm/yyyy)
    sex: str = ""                     # 4 Nam / Nữ
    nationality: str = ""             # 5
    ethnicity: str = ""               # 6
    religion: str = ""                # 7
    place_of_origin: str = ""         # 8
    residence: str = ""               # 9
    identifying_marks: str = ""       # 10
    issue_date: str = ""              # 11
    expiry: str = ""                  # 12
    father: str = ""                  # 13 first name found
    mother: str = ""                  # 13 second name found
    spouse: str = ""                  # 14
    old_id_number: str = ""           # 15
    field16: str = ""                 # 16 (meaning unconfirmed)
    other: dict = field(default_factory=dict)

    def __repr__(self) -> str:  # never leak personal data through repr()
        return f"Dg13(id=********{self.id_number[-4:]}, fields={sum(1 for v in self.__dict__.values() if v)})"


_FIELDS = {1: "id_number", 2: "full_name", 3: "birth", 4: "sex", 5: "nationality", 6: "ethnicity",
           7: "religion", 8: "place_of_origin", 9: "residence", 10: "identifying_marks",
           11: "issue_date", 12: "expiry", 14: "spouse", 15: "old_id_number", 16: "field16"}


def _strings(buf: bytes, depth: int = 0) -> list[str]:
    """Every string leaf under ``buf``, in document order."""
    if depth > _MAX_DEPTH:
        raise MalformedData("DG13 nests deeper than any real card does.")
    out = []
    for element in tlv.iterate(buf):
        if element.constructed:
            out.extend(_strings(element.value, depth + 1))
        elif element.tag in _STRING_TAGS:
            try:
                text = element.value.decode(_STRING_TAGS[element.tag])
            except UnicodeDecodeError:
                raise MalformedData("A DG13 field is not valid text.") from None
            out.append(unicodedata.normalize("NFC", text).strip())
    return out


def _integer(value: bytes) -> int:
    if not 1 <= len(value) <= 4:
        raise MalformedData("A DG13 field number is malformed.")
    return int.from_bytes(value, "big")


def parse_dg13(data: bytes) -> Dg13:
    """Parse DG13; :class:`MalformedData` for anything that is not one."""
    outer = tlv.unwrap(data, 0x6D, "DG13")
    seq = tlv.read(outer)
    if seq.tag != 0x30:
        raise MalformedData("DG13 does not hold a SEQUENCE.")
    fields_set = None
    for element in tlv.iterate(seq.value):
        if element.tag == 0x31:
            fields_set = element.value
    if fields_set is None:
        raise MalformedData("DG13 has no set of fields.")
    values: dict = {}
    other: dict = {}
    for entry in tlv.iterate(fields_set):
        if entry.tag != 0x30:
            continue
        items = list(tlv.iterate(entry.value))
        if not items or items[0].tag != 0x02:
            raise MalformedData("A DG13 field has no field number.")
        number = _integer(items[0].value)
        texts = [t for t in _strings(entry.value[items[0].end:]) if t]
        if number == 13:
            values["father"] = texts[0] if texts else ""
            values["mother"] = texts[1] if len(texts) > 1 else ""
        elif number in _FIELDS:
            values[_FIELDS[number]] = " ".join(texts)
        else:
            other[number] = texts
    return Dg13(**values, other=other)


def build_dg13(fields: dict[int, object], parents_nesting: str = "flat") -> bytes:
    """Encode DG13 (used by the virtual card).

    ``fields`` maps field number → text (or, for 13, ``(father, mother)``);
    ``parents_nesting`` is ``flat`` (``SEQ{13, SEQ{UTF8}, SEQ{UTF8}}``) or
    ``nested`` (``SEQ{13, SEQ{SEQ{UTF8}, SEQ{UTF8}}}``): both are seen on cards.
    """
    printable = {1, 3, 11, 15, 16}
    entries = b""
    for number in sorted(fields):
        value = fields[number]
        head = tlv.encode(0x02, bytes((number,)))
        if number in (13, 14):
            names = [v for v in (value if isinstance(value, (tuple, list)) else (value,)) if v]
            parts = [tlv.encode(0x30, tlv.encode(0x0C, n.encode("utf-8"))) for n in names]
            body = tlv.encode(0x30, b"".join(parts)) if parents_nesting == "nested" else b"".join(parts)
            entries += tlv.encode(0x30, head + body)
        else:
            tag = 0x13 if number in printable else 0x0C
            entries += tlv.encode(0x30, head + tlv.encode(tag, str(value).encode("utf-8")))
    body = tlv.encode(0x02, b"\x01") + tlv.encode(0x06, UTF8_OID) + tlv.encode(0x31, entries)
    return tlv.encode(0x6D, tlv.encode(0x30, body))
