"""PACE key material: passwords, the key derivation function, nonce encryption, tokens.

ICAO 9303-11 §9.7.1 (KDF), §4.4.3 (PACE steps), §4.4.3.4 (authentication token).
Symmetric primitives come from ``cryptography``.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from readers.chip import tlv
from readers.chip.bac import mrz_information
from readers.chip.crypto import KDF_ENC, KDF_MAC, KDF_PACE, derive_key
from readers.chip.pace.errors import PaceInputError, PaceProtocolError

AES_BLOCK = 16


class PasswordKind(enum.IntEnum):
    """The password reference sent in MSE:Set AT (tag 83)."""

    MRZ = 1
    CAN = 2


@dataclass(frozen=True)
class PacePassword:
    """The shared secret PACE starts from; never printed (``repr`` hides it)."""

    kind: PasswordKind
    secret: bytes = field(repr=False)  # K: the CAN's ASCII bytes, or SHA-1 of the MRZ information

    @classmethod
    def from_can(cls, can: str) -> PacePassword:
        """A card access number: exactly 6 digits (printed on the card, or the ID's last 6)."""
        can = (can or "").strip()
        if len(can) != 6 or not can.isascii() or not can.isdigit():
            raise PaceInputError("The card access number must be exactly 6 digits.")
        return cls(PasswordKind.CAN, can.encode("ascii"))

    @classmethod
    def from_id_number(cls, id_number: str) -> PacePassword:
        """The CAN of a Vietnamese chip ID card: the last 6 digits of the 12-digit ID number."""
        digits = (id_number or "").strip()
        if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
            raise PaceInputError("The ID number must be exactly 12 digits.")
        return cls.from_can(digits[-6:])

    @classmethod
    def from_mrz(cls, document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> PacePassword:
        """The MRZ password: SHA-1 of docNo+cd ‖ birth+cd ‖ expiry+cd (as for BAC)."""
        if len(birth_yymmdd) != 6 or len(expiry_yymmdd) != 6 or not (birth_yymmdd + expiry_yymmdd).isdigit():
            raise PaceInputError("Birth and expiry dates must be 6 digits (YYMMDD).")
        try:
            info = mrz_information(document_number, birth_yymmdd, expiry_yymmdd)
        except ValueError:
            raise PaceInputError("The document number holds a character an MRZ cannot hold.") from None
        return cls(PasswordKind.MRZ, hashlib.sha1(info.encode("ascii")).digest())


def kdf(secret: bytes, counter: int, key_length: int) -> bytes:
    """ICAO 9303-11 §9.7.1 for AES: SHA-1 for AES-128 (first 16 bytes), SHA-256 for AES-192/256."""
    return derive_key(secret, counter, f"aes{key_length * 8}")


def password_key(password: PacePassword, key_length: int) -> bytes:
    """K_pi = KDF(K, 3): the key the chip's nonce is encrypted with."""
    return kdf(password.secret, KDF_PACE, key_length)


def _aes_cbc_zero_iv(key: bytes) -> Cipher:
    return Cipher(algorithms.AES(key), modes.CBC(bytes(AES_BLOCK)))


def decrypt_nonce(k_pi: bytes, encrypted: bytes) -> bytes:
    """s = D(K_pi, z) with AES-CBC and a zero IV; ``z`` must be whole blocks."""
    if not encrypted or len(encrypted) % AES_BLOCK:
        raise PaceProtocolError("The card's encrypted nonce has a wrong length.", step="nonce")
    d = _aes_cbc_zero_iv(k_pi).decryptor()
    return d.update(encrypted) + d.finalize()


def encrypt_nonce(k_pi: bytes, nonce: bytes) -> bytes:
    """z = E(K_pi, s): the chip side of :func:`decrypt_nonce`."""
    e = _aes_cbc_zero_iv(k_pi).encryptor()
    return e.update(nonce) + e.finalize()


def public_key_data_object(oid_contents: bytes, encoded_point: bytes) -> bytes:
    """``7F49 { 06 OID, 86 point }``: the input of the authentication token (§4.4.3.4)."""
    return tlv.encode(0x7F49, tlv.encode(0x06, oid_contents) + tlv.encode(0x86, encoded_point))


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """Full 16-byte AES-CMAC (callers truncate to 8 bytes)."""
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def authentication_token(ks_mac: bytes, oid_contents: bytes, other_party_point: bytes) -> bytes:
    """T = CMAC(KS_mac, 7F49{OID, other party's ephemeral key}) truncated to 8 bytes."""
    return aes_cmac(ks_mac, public_key_data_object(oid_contents, other_party_point))[:8]


@dataclass(frozen=True)
class SessionKeys:
    """KS_enc and KS_mac derived from the shared secret; ``repr`` hides them."""

    ks_enc: bytes = field(repr=False)
    ks_mac: bytes = field(repr=False)

    @classmethod
    def derive(cls, shared_secret: bytes, key_length: int) -> SessionKeys:
        """KS_enc = KDF(K, 1), KS_mac = KDF(K, 2)."""
        return cls(kdf(shared_secret, KDF_ENC, key_length), kdf(shared_secret, KDF_MAC, key_length))
