"""BER-TLV reading and writing with strict bounds (ISO 7816-4 / ASN.1 DER).

Every length is checked against what is left of the buffer, so a file that
claims more bytes than it has, or an absurd length, becomes
:class:`MalformedData` rather than an IndexError or a huge allocation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from readers.chip.errors import MalformedData

MAX_LENGTH = 1 << 24  # no eMRTD file comes near 16 MB


@dataclass(frozen=True)
class Tlv:
    """One decoded element: ``tag`` as an int (multi-byte tags kept whole)."""

    tag: int
    value: bytes
    constructed: bool
    end: int  # offset just past this element in the buffer it came from


def encode_length(n: int) -> bytes:
    """DER length octets for ``n``."""
    if n < 0x80:
        return bytes((n,))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(body),)) + body


def encode(tag: int, value: bytes) -> bytes:
    """Tag, DER length and value."""
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big") + encode_length(len(value)) + value


def read_header(buf: bytes, pos: int = 0) -> tuple[int, bool, int, int]:
    """``(tag, constructed, length, value_offset)`` of the element at ``pos``.

    The length may exceed the buffer (callers reading a file header need
    that); use :func:`read` for a bounded element.
    """
    n = len(buf)
    if pos >= n:
        raise MalformedData("A data element is cut off before its tag.")
    first = buf[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:  # multi-byte tag
        for _ in range(3):
            if pos >= n:
                raise MalformedData("A data element is cut off inside its tag.")
            tag = (tag << 8) | buf[pos]
            pos += 1
            if not buf[pos - 1] & 0x80:
                break
        else:
            raise MalformedData("A data element has an over-long tag.")
    if pos >= n:
        raise MalformedData("A data element is cut off before its length.")
    length = buf[pos]
    pos += 1
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4:
            raise MalformedData("A data element has an invalid length encoding.")
        if pos + count > n:
            raise MalformedData("A data element is cut off inside its length.")
        length = int.from_bytes(buf[pos:pos + count], "big")
        pos += count
    if length > MAX_LENGTH:
        raise MalformedData(f"A data element claims an absurd length ({length} bytes).")
    return tag, bool(first & 0x20), length, pos


def read(buf: bytes, pos: int = 0) -> Tlv:
    """The element at ``pos``; :class:`MalformedData` if it runs past the buffer."""
    tag, constructed, length, start = read_header(buf, pos)
    end = start + length
    if end > len(buf):
        raise MalformedData(f"A data element (tag {tag:X}) claims {length} bytes but only "
                            f"{len(buf) - start} remain.")
    return Tlv(tag, bytes(buf[start:end]), constructed, end)


def iterate(buf: bytes) -> Iterator[Tlv]:
    """Every element in sequence until the end of ``buf`` (00/FF padding ends it)."""
    pos = 0
    while pos < len(buf) and buf[pos] not in (0x00, 0xFF):
        element = read(buf, pos)
        yield element
        pos = element.end


def children(buf: bytes) -> dict[int, bytes]:
    """The elements of a constructed value by tag (first occurrence wins)."""
    out: dict[int, bytes] = {}
    for element in iterate(buf):
        out.setdefault(element.tag, element.value)
    return out


def unwrap(buf: bytes, tag: int, what: str) -> bytes:
    """The value of the single outer element, which must carry ``tag``."""
    element = read(buf, 0)
    if element.tag != tag:
        raise MalformedData(f"{what} does not start with tag {tag:X} (found {element.tag:X}).")
    return element.value
