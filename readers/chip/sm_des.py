"""3DES secure messaging (BAC, and PACE with 3DES): CBC with zero IV, retail MAC."""

from __future__ import annotations

from readers.chip.crypto import des3_decrypt, des3_encrypt, retail_mac
from readers.chip.sm import SecureMessaging


class Des3SecureMessaging(SecureMessaging):
    """Session keys KSenc/KSmac (16 bytes each) and an 8-byte SSC."""

    block_size = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes) -> None:
        super().__init__(ssc)
        if len(ks_enc) != 16 or len(ks_mac) != 16 or len(ssc) != 8:
            raise ValueError("3DES secure messaging needs 16-byte keys and an 8-byte SSC")
        self._ks_enc = ks_enc
        self._ks_mac = ks_mac

    def encrypt(self, padded: bytes) -> bytes:
        """3DES-CBC, zero IV."""
        return des3_encrypt(self._ks_enc, padded)

    def decrypt(self, data: bytes) -> bytes:
        """3DES-CBC, zero IV."""
        return des3_decrypt(self._ks_enc, data)

    def mac(self, padded: bytes) -> bytes:
        """ISO 9797-1 MAC algorithm 3 with KSmac."""
        return retail_mac(self._ks_mac, padded)
