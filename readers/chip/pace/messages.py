"""The PACE commands and their data objects (ICAO 9303-11 §4.4.4, BSI TR-03110-3 B.1).

MSE:Set AT selects the protocol and password; four chained GENERAL
AUTHENTICATE commands carry "dynamic authentication data" ``7C { tag value }``:
80 encrypted nonce, 81/82 mapping keys, 83/84 ephemeral keys, 85/86 tokens.
"""

from __future__ import annotations

from readers.chip import tlv
from readers.chip.errors import MalformedData
from readers.chip.pace.errors import PaceProtocolError
from readers.pcsc.apdu import CommandAPDU

TAG_DYNAMIC_AUTH = 0x7C
TAG_NONCE = 0x80
TAG_MAP_IFD, TAG_MAP_IC = 0x81, 0x82
TAG_EPH_IFD, TAG_EPH_IC = 0x83, 0x84
TAG_TOKEN_IFD, TAG_TOKEN_IC = 0x85, 0x86
# MSE:Set AT data objects
TAG_PROTOCOL, TAG_PASSWORD_REF, TAG_PARAMETER_ID = 0x80, 0x83, 0x84

INS_MSE, INS_GENERAL_AUTHENTICATE = 0x22, 0x86
SW_OK = 0x9000
_MAX_OBJECTS = 16  # PACE objects never hold more than a handful


def parse_objects(data: bytes, *, step: str) -> dict[int, bytes]:
    """Top-level TLVs of ``data`` by tag; :class:`PaceProtocolError` if malformed or repeated."""
    found: dict[int, bytes] = {}
    pos = 0
    try:
        while pos < len(data):
            if len(found) >= _MAX_OBJECTS:
                raise PaceProtocolError("The card's answer holds too many data objects.", step=step)
            element = tlv.read(data, pos)
            if element.tag in found:
                raise PaceProtocolError("The card's answer repeats a data object.", step=step)
            found[element.tag] = element.value
            pos = element.end
    except MalformedData:
        raise PaceProtocolError("The card's answer is not well-formed data.", step=step) from None
    return found


def mse_set_at(oid_contents: bytes, password_ref: int, parameter_id: int | None) -> CommandAPDU:
    """MSE:Set AT for PACE: ``00 22 C1 A4`` with 80 OID, 83 password ref, [84 parameter id]."""
    data = tlv.encode(TAG_PROTOCOL, oid_contents) + tlv.encode(TAG_PASSWORD_REF, bytes([password_ref]))
    if parameter_id is not None:
        data += tlv.encode(TAG_PARAMETER_ID, bytes([parameter_id]))
    return CommandAPDU(0x00, INS_MSE, 0xC1, 0xA4, data)


def general_authenticate(tag: int | None, value: bytes, *, last: bool) -> CommandAPDU:
    """GENERAL AUTHENTICATE with ``7C {tag value}`` (empty 7C for step 1); CLA 10 = chained."""
    inner = b"" if tag is None else tlv.encode(tag, value)
    return CommandAPDU(0x00 if last else 0x10, INS_GENERAL_AUTHENTICATE, 0x00, 0x00,
                       tlv.encode(TAG_DYNAMIC_AUTH, inner), 256)


def dynamic_auth_objects(data: bytes, *, step: str) -> dict[int, bytes]:
    """The objects inside ``7C { … }``; the 7C must be the whole of ``data``."""
    outer = parse_objects(data, step=step)
    if set(outer) != {TAG_DYNAMIC_AUTH}:
        raise PaceProtocolError("The data is not dynamic authentication data (7C).", step=step)
    return parse_objects(outer[TAG_DYNAMIC_AUTH], step=step)


def dynamic_auth_value(data: bytes, expected_tag: int, *, step: str) -> bytes:
    """The value under ``expected_tag`` inside a 7C answer; other inner tags are ignored."""
    inner = dynamic_auth_objects(data, step=step)
    if expected_tag not in inner:
        raise PaceProtocolError(f"The card's answer lacks data object {expected_tag:02X}.", step=step)
    return inner[expected_tag]


def dynamic_auth_answer(tag: int, value: bytes) -> bytes:
    """``7C { tag value }``: what the chip answers to a GENERAL AUTHENTICATE step."""
    return tlv.encode(TAG_DYNAMIC_AUTH, tlv.encode(tag, value))
