"""The PACE commands and their data objects (ICAO 9303-11 §4.4.4, BSI TR-03110-3 B.1).

MSE:Set AT selects the protocol and password; four chained GENERAL
AUTHENTICATE commands carry "dynamic authentication data" ``7C { tag value }``:
80 encrypted nonce, 81/82 mapping keys, 83/84 ephemeral keys, 85/86 tokens.
TLV coding uses ``asn1crypto.parser``.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import parser

from readers.chip.pace.errors import PaceProtocolError

TAG_DYNAMIC_AUTH = 0x7C
TAG_NONCE = 0x80
TAG_MAP_IFD, TAG_MAP_IC = 0x81, 0x82
TAG_EPH_IFD, TAG_EPH_IC = 0x83, 0x84
TAG_TOKEN_IFD, TAG_TOKEN_IC = 0x85, 0x86
# MSE:Set AT data objects
TAG_PROTOCOL, TAG_PASSWORD_REF, TAG_PARAMETER_ID = 0x80, 0x83, 0x84

INS_MSE, INS_GENERAL_AUTHENTICATE = 0x22, 0x86
SW_OK = 0x9000


def tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV with a single-byte tag (all PACE tags are)."""
    return parser.emit(tag >> 6, (tag >> 5) & 1, tag & 0x1F, value)


def parse_tlvs(data: bytes, *, step: str) -> dict[int, bytes]:
    """Top-level TLVs of ``data`` as {single-byte tag: value}; later duplicates are rejected.

    Raises :class:`PaceProtocolError` for anything that is not well-formed BER.
    """
    found: dict[int, bytes] = {}
    rest = bytes(data)
    for _ in range(16):  # bounded: PACE objects never hold more than a handful
        if not rest:
            return found
        try:
            cls, method, tag, header, contents, trailer = parser.parse(rest)
        except ValueError:
            raise PaceProtocolError("the card's answer is not well-formed data", step=step) from None
        if tag > 30:
            raise PaceProtocolError("the card's answer holds an unexpected multi-byte tag", step=step)
        key = (cls << 6) | (method << 5) | tag
        if key in found:
            raise PaceProtocolError("the card's answer repeats a data object", step=step)
        found[key] = contents
        rest = rest[len(header) + len(contents) + len(trailer):]
    raise PaceProtocolError("the card's answer holds too many data objects", step=step)


def command_apdu(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    """A short command APDU (``le=0`` means 256, None means no Le)."""
    if len(data) > 255:
        raise ValueError("command data too long for a short APDU")
    apdu = bytes([cla, ins, p1, p2])
    if data:
        apdu += bytes([len(data)]) + data
    if le is not None:
        apdu += bytes([le & 0xFF])
    return apdu


@dataclass(frozen=True)
class CommandFields:
    """A parsed short command APDU."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None


def parse_command(apdu: bytes) -> CommandFields:
    """Split a short command APDU (cases 1-4); ``ValueError`` if inconsistent."""
    if len(apdu) < 4:
        raise ValueError("command APDU shorter than its header")
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return CommandFields(cla, ins, p1, p2, b"", None)
    if len(body) == 1:
        return CommandFields(cla, ins, p1, p2, b"", body[0])
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):
        raise ValueError("command APDU length byte does not match its data")
    le = body[1 + lc] if len(body) == 2 + lc else None
    return CommandFields(cla, ins, p1, p2, body[1:1 + lc], le)


def split_response(response: bytes, *, step: str) -> tuple[bytes, int]:
    """``(data, SW)`` of a response APDU."""
    if len(response) < 2:
        raise PaceProtocolError("the card's answer is too short", step=step)
    return bytes(response[:-2]), int.from_bytes(response[-2:], "big")


def mse_set_at(oid_contents: bytes, password_ref: int, parameter_id: int | None) -> bytes:
    """MSE:Set AT for PACE: ``00 22 C1 A4`` with 80 OID, 83 password ref, [84 parameter id]."""
    data = tlv(TAG_PROTOCOL, oid_contents) + tlv(TAG_PASSWORD_REF, bytes([password_ref]))
    if parameter_id is not None:
        data += tlv(TAG_PARAMETER_ID, bytes([parameter_id]))
    return command_apdu(0x00, INS_MSE, 0xC1, 0xA4, data)


def general_authenticate(tag: int | None, value: bytes, *, last: bool) -> bytes:
    """GENERAL AUTHENTICATE with ``7C {tag value}`` (empty 7C for step 1); CLA 10 = chained."""
    inner = b"" if tag is None else tlv(tag, value)
    return command_apdu(0x00 if last else 0x10, INS_GENERAL_AUTHENTICATE, 0x00, 0x00,
                        tlv(TAG_DYNAMIC_AUTH, inner), 0)


def dynamic_auth_value(data: bytes, expected_tag: int, *, step: str) -> bytes:
    """The value under ``expected_tag`` inside a 7C response; other inner tags are ignored."""
    outer = parse_tlvs(data, step=step)
    if set(outer) != {TAG_DYNAMIC_AUTH}:
        raise PaceProtocolError("the card's answer is not dynamic authentication data", step=step)
    inner = parse_tlvs(outer[TAG_DYNAMIC_AUTH], step=step)
    if expected_tag not in inner:
        raise PaceProtocolError(f"the card's answer lacks data object {expected_tag:02X}", step=step)
    return inner[expected_tag]
