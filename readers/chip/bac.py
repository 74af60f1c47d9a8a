"""Basic Access Control (ICAO 9303-11 §4.3): key from the MRZ, then 3DES SM.

Pure functions compute keys from the MRZ information; :class:`BacProtocol`
runs GET CHALLENGE + EXTERNAL AUTHENTICATE on a :class:`CardChannel` and
starts 3DES secure messaging. Randomness is injectable so the ICAO worked
example (appendix D) can be replayed byte for byte.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass

from readers.chip.commands import CardChannel
from readers.chip.crypto import KDF_ENC, KDF_MAC, derive_key, des3_decrypt, des3_encrypt, pad, retail_mac
from readers.chip.errors import AccessDenied, SecureMessagingError
from readers.chip.lds.mrz import check_digit
from readers.chip.sm_des import Des3SecureMessaging


def mrz_information(document_number: str, birth_yymmdd: str, expiry_yymmdd: str) -> str:
    """The BAC key text: docNo+cd ‖ birth+cd ‖ expiry+cd (docNo padded to 9 with '<')."""
    doc = document_number.upper().ljust(9, "<")
    return (doc + check_digit(doc) + birth_yymmdd + check_digit(birth_yymmdd)
            + expiry_yymmdd + check_digit(expiry_yymmdd))


def key_seed(mrz_info: str) -> bytes:
    """K.seed: first 16 bytes of SHA-1 of the MRZ information."""
    return hashlib.sha1(mrz_info.encode("ascii")).digest()[:16]


@dataclass(frozen=True)
class BacKeys:
    """Kenc and Kmac derived from the MRZ information."""

    k_enc: bytes
    k_mac: bytes

    @classmethod
    def from_mrz_info(cls, mrz_info: str) -> BacKeys:
        """Derive both keys from the MRZ information text."""
        seed = key_seed(mrz_info)
        return cls(derive_key(seed, KDF_ENC), derive_key(seed, KDF_MAC))


def session_from_key_material(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> Des3SecureMessaging:
    """KSenc/KSmac from K.IFD ⊕ K.IC and SSC = RND.IC[4:8] ‖ RND.IFD[4:8]."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=False))
    ssc = rnd_ic[4:8] + rnd_ifd[4:8]
    return Des3SecureMessaging(derive_key(seed, KDF_ENC), derive_key(seed, KDF_MAC), ssc)


class BacProtocol:
    """Run BAC on a channel; on success the channel speaks 3DES SM."""

    def __init__(self, channel: CardChannel, random: Callable[[int], bytes] = os.urandom) -> None:
        self.channel = channel
        self.random = random

    def perform(self, mrz_info: str) -> Des3SecureMessaging:
        """Authenticate with ``mrz_info``; :class:`AccessDenied` if the card refuses it."""
        keys = BacKeys.from_mrz_info(mrz_info)
        rnd_ic = self.channel.get_challenge()
        rnd_ifd, k_ifd = self.random(8), self.random(16)
        e_ifd = des3_encrypt(keys.k_enc, rnd_ifd + rnd_ic + k_ifd)
        m_ifd = retail_mac(keys.k_mac, pad(e_ifd))
        r = self.channel.external_authenticate(e_ifd + m_ifd)
        if not r.ok or len(r.data) != 40:  # 6300/6982/…: the card could not check our MAC
            raise AccessDenied()
        e_ic, m_ic = r.data[:32], r.data[32:]
        if not hmac.compare_digest(retail_mac(keys.k_mac, pad(e_ic)), m_ic):
            raise SecureMessagingError("The card's BAC answer failed its integrity check (MAC).")
        plain = des3_decrypt(keys.k_enc, e_ic)
        if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
            raise AccessDenied("The card answered BAC with the wrong challenge; try again.")
        sm = session_from_key_material(k_ifd, plain[16:32], rnd_ic, rnd_ifd)
        self.channel.start_sm(sm)
        return sm
