"""EF.CardAccess: which PACE variants a chip offers (ICAO 9303-11 §9.2).

EF.CardAccess is a DER ``SET OF SecurityInfo``; each SecurityInfo is
``SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }``.
For a PACEInfo the required data is the INTEGER version (2) and the optional
data the INTEGER ``parameterId`` of a standardised domain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from asn1crypto import core

from readers.chip.pace.curves import is_supported_parameter_id
from readers.chip.pace.errors import CardAccessError, PaceNotSupported

log = logging.getLogger(__name__)

ID_PACE = "0.4.0.127.0.7.2.2.4"
_AGREEMENT_MAPPING = {"1": ("DH", "GM"), "2": ("ECDH", "GM"), "3": ("DH", "IM"),
                      "4": ("ECDH", "IM"), "6": ("ECDH", "CAM")}
_CIPHERS = {"1": ("3DES", 16), "2": ("AES", 16), "3": ("AES", 24), "4": ("AES", 32)}

ECDH_GM_AES_128 = ID_PACE + ".2.2"


class _SecurityInfo(core.Sequence):
    _fields = [
        ("protocol", core.ObjectIdentifier),
        ("required_data", core.Any),
        ("optional_data", core.Any, {"optional": True}),
    ]


class _SecurityInfos(core.SetOf):
    _child_spec = _SecurityInfo


@dataclass(frozen=True)
class PaceInfo:
    """One PACE variant the chip offers: protocol OID, version and domain parameter id."""

    protocol: str
    version: int
    parameter_id: int | None
    from_defaults: bool = False  # True when EF.CardAccess was unreadable and we guessed

    @property
    def agreement(self) -> str | None:
        """``"ECDH"`` or ``"DH"`` (None for an OID we do not know)."""
        return _split(self.protocol)[0]

    @property
    def mapping(self) -> str | None:
        """``"GM"`` (generic), ``"IM"`` (integrated) or ``"CAM"``."""
        return _split(self.protocol)[1]

    @property
    def cipher(self) -> str | None:
        """``"AES"`` or ``"3DES"``."""
        return _split(self.protocol)[2]

    @property
    def key_length(self) -> int | None:
        """Session key length in bytes (16, 24 or 32)."""
        return _split(self.protocol)[3]

    @property
    def oid_bytes(self) -> bytes:
        """The DER contents of the protocol OID (what MSE:Set AT and the tokens carry)."""
        return core.ObjectIdentifier(self.protocol).contents

    @property
    def supported(self) -> bool:
        """True when this reader can run it: ECDH generic mapping, AES, a standard curve."""
        return (self.agreement == "ECDH" and self.mapping == "GM" and self.cipher == "AES"
                and self.version == 2 and is_supported_parameter_id(self.parameter_id))


# What Vietnamese ID cards advertise (reference cccd-card.md §2); used when their
# EF.CardAccess cannot be read or parsed.
VIETNAM_DEFAULT = PaceInfo(ECDH_GM_AES_128, 2, 13, from_defaults=True)


def _split(oid: str) -> tuple[str | None, str | None, str | None, int | None]:
    if not oid.startswith(ID_PACE + "."):
        return None, None, None, None
    parts = oid[len(ID_PACE) + 1:].split(".")
    if len(parts) != 2 or parts[0] not in _AGREEMENT_MAPPING or parts[1] not in _CIPHERS:
        return None, None, None, None
    agreement, mapping = _AGREEMENT_MAPPING[parts[0]]
    cipher, length = _CIPHERS[parts[1]]
    return agreement, mapping, cipher, length


def parse_card_access(data: bytes) -> list[PaceInfo]:
    """Every PACEInfo in an EF.CardAccess file, in file order.

    Other SecurityInfos (chip authentication, terminal authentication…) are
    skipped. Raises :class:`CardAccessError` when the file is not valid DER of
    the expected shape, or a PACEInfo's fields are not integers.
    """
    if not data:
        raise CardAccessError("EF.CardAccess is empty.")
    try:
        infos = _SecurityInfos.load(bytes(data), strict=True)
        found = []
        for info in infos:
            oid = info["protocol"].dotted
            if not oid.startswith(ID_PACE + "."):
                continue
            version = info["required_data"].parse(core.Integer).native
            optional = info["optional_data"]
            parameter_id = None if isinstance(optional, core.Void) else optional.parse(core.Integer).native
            found.append(PaceInfo(oid, version, parameter_id))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as e:
        raise CardAccessError(f"EF.CardAccess is malformed ({e.__class__.__name__}).") from None
    return found


def build_card_access(infos: list[PaceInfo]) -> bytes:
    """The DER EF.CardAccess announcing ``infos`` (for the virtual card)."""
    return _SecurityInfos([
        _SecurityInfo({"protocol": i.protocol, "required_data": core.Integer(i.version),
                       "optional_data": core.Integer(i.parameter_id)})
        for i in infos]).dump()


def choose_pace_info(data: bytes | None) -> PaceInfo:
    """The PACE variant to run for this EF.CardAccess.

    A malformed file falls back to :data:`VIETNAM_DEFAULT` (the card may still
    accept it; if not, MSE:Set AT fails and the caller uses BAC). ``None`` (no
    EF.CardAccess on the chip) and a well-formed file without a variant we
    support raise :class:`PaceNotSupported`.
    """
    if data is None:
        raise PaceNotSupported("The card has no EF.CardAccess, so it does not offer PACE.")
    try:
        infos = parse_card_access(data)
    except CardAccessError as e:
        log.warning("EF.CardAccess unusable (%s); trying the Vietnamese PACE defaults", e.code)
        return VIETNAM_DEFAULT
    for info in infos:
        if info.supported:
            return info
    raise PaceNotSupported("The card offers no PACE variant this reader supports"
                           f" ({', '.join(i.protocol for i in infos) or 'none'}).")
