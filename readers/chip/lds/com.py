"""EF.COM: LDS version and the list of data groups present."""

from __future__ import annotations

from dataclasses import dataclass

from readers.chip import tlv
from readers.chip.errors import MalformedData

#: data-group tag (as listed in EF.COM and heading each DG file) → DG number
DG_TAGS = {0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8, 0x69: 9,
           0x6A: 10, 0x6B: 11, 0x6C: 12, 0x6D: 13, 0x6E: 14, 0x6F: 15, 0x70: 16}
DG_TAG_OF = {n: t for t, n in DG_TAGS.items()}


@dataclass(frozen=True)
class EfCom:
    """What EF.COM declares."""

    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(data: bytes) -> EfCom:
    """Parse EF.COM (tag 60); :class:`MalformedData` if it is not one."""
    body = tlv.children(tlv.unwrap(data, 0x60, "EF.COM"))
    if 0x5C not in body:
        raise MalformedData("EF.COM has no data-group list.")
    groups = []
    for t in body[0x5C]:
        if t not in DG_TAGS:
            raise MalformedData(f"EF.COM lists an unknown data-group tag {t:02X}.")
        groups.append(DG_TAGS[t])

    def text(tag: int) -> str:
        return body.get(tag, b"").decode("ascii", "replace")
    return EfCom(text(0x5F01), text(0x5F36), tuple(groups))


def build_com(data_groups: list[int], lds_version: str = "0107", unicode_version: str = "040000") -> bytes:
    """Encode EF.COM (used by the virtual card)."""
    body = (tlv.encode(0x5F01, lds_version.encode()) + tlv.encode(0x5F36, unicode_version.encode())
            + tlv.encode(0x5C, bytes(DG_TAG_OF[n] for n in data_groups)))
    return tlv.encode(0x60, body)
