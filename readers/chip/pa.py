"""Passive authentication (ICAO 9303-11 §5.1): is the chip's data the issuer's?

Levels, reported as one value:
``not authenticated`` → ``hashes verified`` (every DG read matches EF.SOD) →
``signature verified`` (the document signer signed EF.SOD) →
``chain verified`` (the DS certificate chains to a configured CSCA).

A hash mismatch raises :class:`DataAltered` and a bad signature
:class:`SignatureInvalid`: altered data never passes silently. An unknown
CSCA (not in the store) only stops the level at "signature verified"; a CSCA
of the right name whose path does not validate (see :mod:`readers.chip.trust`)
raises :class:`ChainInvalid`. A DS key type this kiosk cannot check raises
:class:`UnsupportedSignerKey` (a :class:`SignatureInvalid`) with that reason.
"""

from __future__ import annotations

import enum
import hmac
from dataclasses import dataclass

from cryptography import x509

from readers.chip.cms_verify import UnsupportedSignerKey, verify_signer_info
from readers.chip.errors import DataAltered, SignatureInvalid
from readers.chip.lds.sod import Sod, dg_hash
from readers.chip.trust import TrustStore


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


def verify_signature(sod: Sod) -> x509.Certificate:
    """Check EF.SOD's signature with the DS certificate inside; return that certificate.

    :class:`SignatureInvalid` when it does not verify; its subclass
    :class:`UnsupportedSignerKey` when the DS key type cannot be checked here.
    """
    if sod.certificate is None:
        raise SignatureInvalid("EF.SOD carries no document signer certificate.")
    try:
        cert = x509.load_der_x509_certificate(sod.certificate.dump())
    except ValueError:
        raise SignatureInvalid("EF.SOD's document signer certificate cannot be read.") from None
    verify_signer_info(sod.signer, cert, sod.econtent, "EF.SOD")
    return cert


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
    if trust.verify(cert) is None:  # ChainInvalid (with the reason) when a path exists but fails
        return PassiveAuthResult(AuthLevel.SIGNATURE_VERIFIED, checked,
                                 "the document signer's CSCA is not in the trust store")
    return PassiveAuthResult(AuthLevel.CHAIN_VERIFIED, checked, "chain verified to a trusted CSCA")


__all__ = ["AuthLevel", "PassiveAuthResult", "UnsupportedSignerKey", "passive_authentication",
           "verify_hashes", "verify_signature"]
