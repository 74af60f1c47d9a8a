"""Check one CMS SignerInfo's signature (EF.SOD, a CSCA master list) with ``cryptography``.

Covers what ICAO 9303-11/12 signers use: ECDSA (DER or BSI TR-03111 plain
``r‖s``), RSA PKCS#1 v1.5 and RSA-PSS, with or without signed attributes.
A key type or curve ``cryptography`` cannot load is a :class:`SignatureInvalid`
saying so, never an ``UnsupportedAlgorithm`` escaping to the caller.
"""

from __future__ import annotations

import hashlib

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from readers.chip.errors import SignatureInvalid

_HASH: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
    "sha512": hashes.SHA512}
# BSI TR-03111 ecdsa-plain-signatures: r‖s instead of DER
_PLAIN_ECDSA = {"0.4.0.127.0.7.1.1.4.1.1": "sha1", "0.4.0.127.0.7.1.1.4.1.2": "sha224",
                "0.4.0.127.0.7.1.1.4.1.3": "sha256", "0.4.0.127.0.7.1.1.4.1.4": "sha384",
                "0.4.0.127.0.7.1.1.4.1.5": "sha512"}


class UnsupportedSignerKey(SignatureInvalid):
    """The signer certificate's key type or curve is one this kiosk cannot check."""

    code = "chip_signer_key_unsupported"


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
        raise SignatureInvalid(f"The signature uses an unsupported hash ({hash_name}).")
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
        raise SignatureInvalid(f"The signature algorithm ({kind}) does not fit the signer's key.")


def signer_public_key(cert: x509.Certificate):
    """The certificate's public key; :class:`UnsupportedSignerKey` if ``cryptography`` cannot load it."""
    try:
        return cert.public_key()
    except UnsupportedAlgorithm:
        raise UnsupportedSignerKey("The signer certificate's key type is not supported by this kiosk, "
                                   "so the signature cannot be checked.") from None
    except ValueError:  # e.g. EC keys with explicit curve parameters
        raise UnsupportedSignerKey("The signer certificate's key is encoded in a form this kiosk cannot "
                                   "load, so the signature cannot be checked.") from None


def verify_signer_info(signer: cms.SignerInfo, cert: x509.Certificate, econtent: bytes, what: str) -> None:
    """Check ``signer``'s signature over ``econtent`` with ``cert``'s key; raise :class:`SignatureInvalid`.

    ``what`` names the signed object in the error sentence ("EF.SOD", "the master list").
    """
    attrs = signer["signed_attrs"]
    try:
        if attrs:
            digest_name = signer["digest_algorithm"]["algorithm"].native
            if digest_name not in _HASH:
                raise SignatureInvalid(f"{what} uses an unsupported digest ({digest_name}).")
            values = {a["type"].native: a["values"][0].native for a in attrs}
            if values.get("message_digest") != hashlib.new(digest_name, econtent).digest():
                raise SignatureInvalid(f"{what}'s signed digest does not match its content.")
            signed_bytes = b"\x31" + attrs.dump()[1:]  # signed over the SET OF, not the [0] tag
        else:
            signed_bytes = econtent
        _verify_with_key(signer_public_key(cert), signer, signer["signature"].native, signed_bytes)
    except InvalidSignature:
        raise SignatureInvalid(f"The signature over {what} does not verify.") from None
    except UnsupportedAlgorithm:
        raise UnsupportedSignerKey(f"{what} is signed with an algorithm this kiosk cannot check.") from None
    except (ValueError, TypeError, KeyError) as e:
        raise SignatureInvalid(f"{what}'s signature cannot be checked ({e.__class__.__name__}).") from None
