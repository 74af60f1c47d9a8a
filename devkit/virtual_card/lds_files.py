"""The files of a virtual card, built from plain data and signed with the test PKI."""

from __future__ import annotations

from dataclasses import dataclass, field

from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from devkit.virtual_card.pki import TestPki
from devkit.virtual_card.sod_build import build_sod
from readers.chip import tlv
from readers.chip.commands import DG_FIDS, EF_COM, EF_SOD
from readers.chip.lds.com import build_com
from readers.chip.lds.dg13 import build_dg13
from readers.chip.lds.face import build_dg2
from readers.chip.lds.mrz import build_dg1

CA_ECDH_AES128_OID = "0.4.0.127.0.7.2.2.3.2.2"
PK_ECDH_OID = "0.4.0.127.0.7.2.2.1.2"


@dataclass(frozen=True)
class CardProfile:
    """Everything a virtual card holds, as plain values (no kiosk types).

    ``dg13_fields`` maps DG13 field number → text (13: ``(father, mother)``).
    """

    mrz_lines: tuple[str, ...]
    face_jpeg: bytes
    face_width: int
    face_height: int
    dg13_fields: dict = field(default_factory=dict)
    parents_nesting: str = "flat"

    @property
    def mrz_info(self) -> str:
        """The BAC key text of this card, taken from its TD1 MRZ."""
        l1, l2 = self.mrz_lines[0], self.mrz_lines[1]
        return l1[5:15] + l2[0:7] + l2[8:15]

    @property
    def can(self) -> str | None:
        """The PACE CAN: last 6 digits of the 12-digit ID number in line 1's optional data."""
        number = self.mrz_lines[0][15:27]
        return number[-6:] if number.isdigit() else None

    def __repr__(self) -> str:
        return f"CardProfile(doc=***{self.mrz_lines[0][11:14]})"


def _spki(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def build_dg14() -> bytes:
    """DG14 with a chip-authentication key (presence only: CA is not emulated)."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    oid = lambda dotted: core.ObjectIdentifier(dotted).dump()  # noqa: E731
    ca_info = tlv.encode(0x30, oid(CA_ECDH_AES128_OID) + tlv.encode(0x02, b"\x01"))
    pk_info = tlv.encode(0x30, oid(PK_ECDH_OID) + _spki(key))
    return tlv.encode(0x6E, tlv.encode(0x31, ca_info + pk_info))


def build_dg15() -> bytes:
    """DG15 with an active-authentication public key (presence only)."""
    return tlv.encode(0x6F, _spki(ec.generate_private_key(ec.SECP256R1()).public_key()))


def build_files(profile: CardProfile, pki: TestPki) -> dict[int, bytes]:
    """File id → content for EF.COM, DG1, DG2, DG13, DG14, DG15 and a signed EF.SOD."""
    groups = {
        1: build_dg1("".join(profile.mrz_lines)),
        2: build_dg2(profile.face_jpeg, profile.face_width, profile.face_height),
        13: build_dg13(profile.dg13_fields, profile.parents_nesting),
        14: build_dg14(),
        15: build_dg15(),
    }
    files = {DG_FIDS[n]: data for n, data in groups.items()}
    # A real card's EF.COM also lists DG3 (fingerprints), which BAC cannot read.
    files[EF_COM] = build_com([1, 2, 3, 13, 14, 15])
    files[EF_SOD] = build_sod(groups, pki.ds_key, pki.ds_cert_der)
    return files

