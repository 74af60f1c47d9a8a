"""Build and sign an EF.SOD (for the virtual card and tests): asn1crypto + cryptography."""

from __future__ import annotations

import hashlib

from asn1crypto import cms, core, x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from readers.chip import tlv
from readers.chip.lds.sod import LDS_SECURITY_OBJECT_OID, LdsSecurityObject, dg_hash


def security_object(files: dict[int, bytes], algorithm: str = "sha256") -> bytes:
    """DER of an LDSSecurityObject hashing each data group in ``files`` (DG number → bytes)."""
    return LdsSecurityObject({
        "version": 0,
        "hash_algorithm": {"algorithm": algorithm},
        "data_group_hash_values": [{"data_group_number": n, "data_group_hash_value": dg_hash(algorithm, d)}
                                   for n, d in sorted(files.items())],
    }).dump()


def build_sod(files: dict[int, bytes], signer_key, signer_cert_der: bytes, algorithm: str = "sha256") -> bytes:
    """EF.SOD signed by ``signer_key`` (EC or RSA) whose certificate is ``signer_cert_der``."""
    econtent = security_object(files, algorithm)
    cert = x509.Certificate.load(signer_cert_der)
    signed_attrs = cms.CMSAttributes([
        {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
        {"type": "message_digest", "values": [getattr(hashlib, algorithm)(econtent).digest()]},
    ])
    to_sign = signed_attrs.dump()
    hash_alg = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512(),
                "sha1": hashes.SHA1(), "sha224": hashes.SHA224()}[algorithm]
    if isinstance(signer_key, ec.EllipticCurvePrivateKey):
        signature = signer_key.sign(to_sign, ec.ECDSA(hash_alg))
        sig_alg = f"{algorithm}_ecdsa"
    elif isinstance(signer_key, rsa.RSAPrivateKey):
        signature = signer_key.sign(to_sign, padding.PKCS1v15(), hash_alg)
        sig_alg = f"{algorithm}_rsa"
    else:  # pragma: no cover - test keys are EC or RSA
        raise TypeError("unsupported signer key")
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": {
            "issuer": cert.issuer, "serial_number": cert.serial_number}}),
        "digest_algorithm": {"algorithm": algorithm},
        "signed_attrs": signed_attrs,
        "signature_algorithm": {"algorithm": sig_alg},
        "signature": signature,
    })
    signed = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [{"algorithm": algorithm}],
        "encap_content_info": {"content_type": LDS_SECURITY_OBJECT_OID,
                               "content": core.ParsableOctetString(econtent)},
        "certificates": [cert],
        "signer_infos": [signer],
    })
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed})
    return tlv.encode(0x77, info.dump())


__all__ = ["build_sod", "security_object", "serialization"]
