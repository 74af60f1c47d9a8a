"""Cipher primitives ICAO 9303 needs: 3DES-CBC, retail MAC, padding, KDF.

Two-key 3DES keys (16 bytes) are expanded to K1‖K2‖K1 because the
``cryptography`` package deprecates 16-byte keys; the result is the same.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:  # cryptography >= 43 keeps 3DES in the "decrepit" module
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES

ZERO_IV = bytes(8)


def pad(data: bytes, block: int = 8) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 80 then zeros to a full block."""
    data = data + b"\x80"
    return data + bytes(-len(data) % block)


def unpad(data: bytes) -> bytes:
    """Remove method-2 padding; ValueError if there is none."""
    end = data.rstrip(b"\x00")
    if not end or end[-1] != 0x80:
        raise ValueError("no ISO 9797-1 method 2 padding")
    return end[:-1]


def _des3(key: bytes) -> TripleDES:
    if len(key) == 16:
        key = key + key[:8]
    return TripleDES(key)


def des3_encrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC encryption of block-aligned ``data``."""
    enc = Cipher(_des3(key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def des3_decrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    """3DES-CBC decryption of block-aligned ``data``."""
    dec = Cipher(_des3(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def retail_mac(key: bytes, padded: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (single-DES CBC, 3DES on the last block).

    ``padded`` must already be padded; the MAC is 8 bytes.
    """
    k1, k2 = key[:8], key[8:16]
    # DES-CBC with K1 over everything; only its last block matters.
    h = Cipher(TripleDES(k1 * 3), modes.CBC(ZERO_IV)).encryptor().update(padded)[-8:]
    h = Cipher(TripleDES(k2 * 3), modes.ECB()).decryptor().update(h)
    return Cipher(TripleDES(k1 * 3), modes.ECB()).encryptor().update(h)


def adjust_parity(key: bytes) -> bytes:
    """Set DES odd parity on every byte (ICAO keys are shown with parity)."""
    out = bytearray()
    for b in key:
        b &= 0xFE
        out.append(b | (bin(b).count("1") % 2 == 0))
    return bytes(out)


KDF_ENC = 1
KDF_MAC = 2
KDF_PACE = 3


def derive_key(seed: bytes, counter: int, cipher: str = "3des") -> bytes:
    """ICAO 9303-11 §9.7.1 key derivation: hash(seed ‖ counter) cut to the key size.

    ``cipher`` is ``3des`` (SHA-1, 16 bytes, parity adjusted), ``aes128``
    (SHA-1, 16), ``aes192`` or ``aes256`` (SHA-256, 24/32).
    """
    block = seed + counter.to_bytes(4, "big")
    if cipher == "3des":
        return adjust_parity(hashlib.sha1(block).digest()[:16])
    if cipher == "aes128":
        return hashlib.sha1(block).digest()[:16]
    if cipher == "aes192":
        return hashlib.sha256(block).digest()[:24]
    if cipher == "aes256":
        return hashlib.sha256(block).digest()
    raise ValueError(f"unknown cipher {cipher!r}")
