"""EF.SOD: the CMS SignedData holding the issuer-signed hash of every data group.

Parsed with asn1crypto; anything that is not a well-formed LDS security
object (empty file, garbage, wrong content type, no signer) is
:class:`SodInvalid`. :func:`build_sod` makes one for the virtual card.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core, x509

from readers.chip import tlv
from readers.chip.errors import MalformedData, SodInvalid

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
HASHES = {"sha1": hashlib.sha1, "sha224": hashlib.sha224, "sha256": hashlib.sha256,
          "sha384": hashlib.sha384, "sha512": hashlib.sha512}


class DataGroupHash(core.Sequence):
    """``DataGroupHash ::= SEQUENCE { dataGroupNumber INTEGER, dataGroupHashValue OCTET STRING }``."""

    _fields = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    """The SEQUENCE OF DataGroupHash."""

    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    """``LDSVersionInfo ::= SEQUENCE { ldsVersion, unicodeVersion PrintableString }``."""

    _fields = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    """ICAO 9303-10 LDSSecurityObject."""

    _fields = [("version", core.Integer), ("hash_algorithm", algos.DigestAlgorithm),
               ("data_group_hash_values", DataGroupHashes),
               ("lds_version_info", LdsVersionInfo, {"optional": True})]


@dataclass(frozen=True)
class Sod:
    """What EF.SOD says, plus the CMS pieces passive authentication needs."""

    hash_algorithm: str
    dg_hashes: dict[int, bytes]
    signed_data: cms.SignedData
    signer: cms.SignerInfo
    certificate: x509.Certificate | None
    econtent: bytes

    def __repr__(self) -> str:
        return f"Sod({self.hash_algorithm}, DGs {sorted(self.dg_hashes)})"


def _signer_certificate(signed: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate | None:
    certs = [c.chosen for c in (signed["certificates"] or []) if c.name == "certificate"]
    sid = signer["sid"]
    for cert in certs:
        if sid.name == "issuer_and_serial_number":
            if (cert.issuer == sid.chosen["issuer"]
                    and cert.serial_number == sid.chosen["serial_number"].native):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return certs[0] if len(certs) == 1 else None


def parse_sod(data: bytes) -> Sod:
    """Parse EF.SOD (tag 77 around a CMS ContentInfo)."""
    if not data:
        raise SodInvalid("EF.SOD is empty.")
    try:
        content = tlv.unwrap(data, 0x77, "EF.SOD")
        info = cms.ContentInfo.load(content, strict=True)
        if info["content_type"].native != "signed_data":
            raise SodInvalid("EF.SOD does not hold signed data.")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
            raise SodInvalid("EF.SOD does not hold an LDS security object.")
        econtent = encap["content"].native
        if not isinstance(econtent, bytes):
            raise SodInvalid("EF.SOD's security object is missing.")
        lso = LdsSecurityObject.load(econtent, strict=True)
        algorithm = lso["hash_algorithm"]["algorithm"].native
        if algorithm not in HASHES:
            raise SodInvalid(f"EF.SOD uses an unsupported hash ({algorithm}).")
        hashes = {int(h["data_group_number"].native): h["data_group_hash_value"].native
                  for h in lso["data_group_hash_values"]}
        signers = list(signed["signer_infos"])
        if len(signers) != 1:
            raise SodInvalid("EF.SOD must have exactly one signer.")
        return Sod(algorithm, hashes, signed, signers[0], _signer_certificate(signed, signers[0]), econtent)
    except SodInvalid:
        raise
    except MalformedData:
        raise SodInvalid("EF.SOD is not a valid security object.") from None
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        # asn1crypto raises these on garbage; one sentence, no traceback
        raise SodInvalid("EF.SOD is not a valid security object.") from None


def dg_hash(algorithm: str, data: bytes) -> bytes:
    """The hash of a data group's whole file with the SOD's algorithm."""
    return HASHES[algorithm](data).digest()
