"""AES secure messaging after PACE (ICAO 9303-11 §9.8, AES variant).

The cipher-independent work (SSC, data objects, padding, MAC-before-decrypt,
both terminal and card side) is :class:`readers.chip.sm.SecureMessaging`;
this subclass supplies AES: the SSC is 16 bytes and starts at 0 after PACE,
``IV = AES-ECB(KS_enc, SSC)`` for CBC, and the MAC is AES-CMAC under KS_mac
truncated to 8 bytes.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from readers.chip.pace.keys import AES_BLOCK, aes_cmac
from readers.chip.sm import MAC_LENGTH, SecureMessaging


class AesSecureMessaging(SecureMessaging):
    """Session keys KS_enc/KS_mac (16, 24 or 32 bytes) and a 16-byte SSC."""

    block_size = AES_BLOCK

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes = bytes(AES_BLOCK)) -> None:
        super().__init__(ssc)
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc) or len(ssc) != AES_BLOCK:
            raise ValueError("AES secure messaging needs two equal 16/24/32-byte keys and a 16-byte SSC")
        self._ks_enc = ks_enc
        self._ks_mac = ks_mac

    def __repr__(self) -> str:  # never show the keys
        return f"AesSecureMessaging(ssc={self.ssc.hex()})"

    def _cbc(self) -> Cipher:
        # The IV is the encrypted SSC; the base increments the SSC before each use.
        ecb = Cipher(algorithms.AES(self._ks_enc), modes.ECB()).encryptor()
        iv = ecb.update(self.ssc) + ecb.finalize()
        return Cipher(algorithms.AES(self._ks_enc), modes.CBC(iv))

    def encrypt(self, padded: bytes) -> bytes:
        """AES-CBC with IV = E(KS_enc, SSC)."""
        e = self._cbc().encryptor()
        return e.update(padded) + e.finalize()

    def decrypt(self, data: bytes) -> bytes:
        """AES-CBC decryption with IV = E(KS_enc, SSC)."""
        d = self._cbc().decryptor()
        return d.update(data) + d.finalize()

    def mac(self, padded: bytes) -> bytes:
        """AES-CMAC under KS_mac, truncated to 8 bytes."""
        return aes_cmac(self._ks_mac, padded)[:MAC_LENGTH]
