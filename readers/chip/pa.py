"""Passive authentication (ICAO 9303-11 §5.1): is the chip's data the issuer's?

Levels, reported as one value:
``not authenticated`` → ``hashes verified`` (every DG read matches EF.SOD) →
``signature verified`` (the document signer signed EF.SOD) →
``chain verified`` (the DS certificate chains to a configured CSCA).

A hash mismatch raises :class:`DataAltered` and a bad signature
:class:`SignatureInvalid`: altered data never passes silently. An unknown
CSCA (not in the store) only stops the level at "signature verified".
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from readers.chip.errors import DataAltered, SignatureInvalid
from readers.chip.lds.sod import HASHES, Sod, dg_hash
from readers.chip.trust import TrustStore

_HASH: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512}
# BSI TR-03111 ecdsa-plain-signatures: r‖s instead of DER
_PLAIN_ECDSA = {"0.4.0.127.0.7.1.1.4.1.1": "sha1", "0.4.0.127.0.7.1.1.4.1.2": "sha224",
                "0.4.0.127.0.7.1.1.4.1.3": "sha256", "0.4.0.127.0.7.1.1.4.1.4": "sha384",
                "0.4.0.127.0.7.1.1.4.1.5": "sha512"}


class AuthLevel(enum.IntEnum):
    """How far passive authentication got."""

    NOT_AUTHENTICATED = 0
    HASHES_VERIFIED = 1
    SIGNATURE_VERIFIED = 2
    CHAIN_VERIFIED = 3

    @property
    def label(self) -> str:
        """``not authenticated`` / ``hashes verified`` / ``signature verified`` / ``chain verified``."""
        return self.name.lower().replace("_", " ")


@dataclass(frozen=True)
class PassiveAuthResult:
    """The level reached, the DGs checked and why it stopped where it did."""

    level: AuthLevel
    checked_groups: tuple[int, ...]
    detail: str


def verify_hashes(sod: Sod, groups: dict[int, bytes]) -> tuple[int, ...]:
    """Check every read DG against EF.SOD; :class:`DataAltered` on any difference."""
    for number, data in sorted(groups.items()):
        expected = sod.dg_hashes.get(number)
        if expected is None:
            raise DataAltered(f"Data altered: DG{number} is not covered by the card's signature.")
        if not hmac.compare_digest(dg_hash(sod.hash_algorithm, data), expected):
            raise DataAltered(f"Data altered: DG{number} does not match the hash the issuer signed.")
    return tuple(sorted(groups))


def _verify_with_key(public_key, signer: cms.SignerInfo, signature: bytes, data: bytes) -> None:
    algo = signer["signature_algorithm"]
    dotted = algo["algorithm"].dotted
    if dotted in _PLAIN_ECDSA:
        half = len(signature) // 2
        signature = encode_dss_signature(int.from_bytes(signature[:half], "big"),
                                         int.from_bytes(signature[half:], "big"))
        hash_name, kind = _PLAIN_ECDSA[dotted], "ecdsa"
    else:
        kind = algo.signature_algo
        try:
            hash_name = algo.hash_algo
        except ValueError:  # e.g. plain "rsassa_pkcs1v15": hash from the digest algorithm
            hash_name = signer["digest_algorithm"]["algorithm"].native
    if hash_name not in _HASH:
        raise SignatureInvalid(f"EF.SOD is signed with an unsupported hash ({hash_name}).")
    h = _HASH[hash_name]()
    if isinstance(public_key, ec.EllipticCurvePublicKey) and kind == "ecdsa":
        public_key.verify(signature, data, ec.ECDSA(h))
    elif isinstance(public_key, rsa.RSAPublicKey) and kind == "rsassa_pkcs1v15":
        public_key.verify(signature, data, padding.PKCS1v15(), h)
    elif isinstance(public_key, rsa.RSAPublicKey) and kind == "rsassa_pss":
        salt = algo["parameters"]["salt_length"].native
        mgf_hash = _HASH[algo["parameters"]["mask_gen_algorithm"]["parameters"]["algorithm"].native]()
        public_key.verify(signature, data, padding.PSS(padding.MGF1(mgf_hash), salt), h)
    else:
        raise SignatureInvalid(f"EF.SOD's signature algorithm ({kind}) does not fit the signer's key.")


def verify_signature(sod: Sod) -> x509.Certificate:
    """Check EF.SOD's signature with the DS certificate inside; return that certificate."""
    if sod.certificate is None:
        raise SignatureInvalid("EF.SOD carries no document signer certificate.")
    signer = sod.signer
    attrs = signer["signed_attrs"]
    try:
        if attrs:
            digest_name = signer["digest_algorithm"]["algorithm"].native
            if digest_name not in HASHES:
                raise SignatureInvalid(f"EF.SOD uses an unsupported digest ({digest_name}).")
            values = {a["type"].native: a["values"][0].native for a in attrs}
            if values.get("message_digest") != HASHES[digest_name](sod.econtent).digest():
                raise SignatureInvalid("EF.SOD's signed digest does not match its security object.")
            signed_bytes = b"\x31" + attrs.dump()[1:]  # signed over the SET OF, not the [0] tag
        else:
            signed_bytes = sod.econtent
        cert = x509.load_der_x509_certificate(sod.certificate.dump())
        _verify_with_key(cert.public_key(), signer, signer["signature"].native, signed_bytes)
        return cert
    except InvalidSignature:
        raise SignatureInvalid("The document signer's signature over EF.SOD does not verify.") from None
    except (ValueError, TypeError, KeyError) as e:
        raise SignatureInvalid(f"EF.SOD's signature cannot be checked ({e.__class__.__name__}).") from None


def passive_authentication(sod: Sod, groups: dict[int, bytes],
                           trust: TrustStore | None = None) -> PassiveAuthResult:
    """Run every step the configuration allows; raise on altered or forged data."""
    checked = verify_hashes(sod, groups)
    if sod.certificate is None:
        return PassiveAuthResult(AuthLevel.HASHES_VERIFIED, checked,
                                 "EF.SOD carries no document signer certificate")
    cert = verify_signature(sod)
    if trust is None:
        return PassiveAuthResult(AuthLevel.SIGNATURE_VERIFIED, checked, "no CSCA trust store configured")
    if trust.verify(cert) is None:
        return PassiveAuthResult(AuthLevel.SIGNATURE_VERIFIED, checked,
                                 "the document signer's CSCA is not in the trust store")
    return PassiveAuthResult(AuthLevel.CHAIN_VERIFIED, checked, "chain verified to a trusted CSCA")
