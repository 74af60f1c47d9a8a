"""Generic mapping and ephemeral key agreement on an elliptic curve (ICAO 9303-11 §4.4.3.3).

Both sides run the same arithmetic: each picks a mapping key pair, the ECDH of
the two gives a point H, and the nonce s maps the curve's generator to
``G' = s*G + H``. A second key pair on G' gives the shared secret: the
x-coordinate of the ECDH point, as a fixed-length octet string.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from ecdsa.ellipticcurve import INFINITY, PointJacobi

from readers.chip.pace.curves import EcDomain
from readers.chip.pace.errors import InvalidCardPoint

# Picks a private scalar in [1, order-1]; tests inject the published example keys.
KeySource = Callable[[int], int]


def random_scalar(order: int) -> int:
    """A uniformly random private key in [1, order-1] from the OS CSPRNG."""
    return secrets.randbelow(order - 1) + 1


@dataclass(frozen=True)
class EcKeyPair:
    """An ephemeral private scalar with its public point on a given generator."""

    private: int = field(repr=False)
    public: PointJacobi
    encoded: bytes  # uncompressed 04||X||Y as sent to the other side

    @classmethod
    def generate(cls, domain: EcDomain, key_source: KeySource = random_scalar) -> EcKeyPair:
        """A fresh key pair on ``domain.generator``."""
        private = key_source(domain.order)
        if not 1 <= private < domain.order:
            raise ValueError("Private key out of range")
        public = domain.generator * private
        return cls(private, public, domain.encode(public))


def _ecdh_point(private: int, other_public: PointJacobi, what: str) -> PointJacobi:
    point = other_public * private
    if point == INFINITY:
        raise InvalidCardPoint(f"The {what} gives the point at infinity.", step=what)
    return point


def mapping_point(mapping_key: EcKeyPair, other_mapping_public: PointJacobi) -> PointJacobi:
    """H = sk_map * PK_map,other: the ECDH point generic mapping adds to ``s*G``."""
    return _ecdh_point(mapping_key.private, other_mapping_public, "mapping key")


def map_generator(domain: EcDomain, nonce: bytes, mapping_key: EcKeyPair,
                  other_mapping_public: PointJacobi) -> EcDomain:
    """The mapped domain: same curve, generator ``G' = s*G + H`` with ``H = sk*PK_other``."""
    h = mapping_point(mapping_key, other_mapping_public)
    s = int.from_bytes(nonce, "big")
    mapped = domain.generator * s + h
    if mapped == INFINITY:
        raise InvalidCardPoint("The mapped generator is the point at infinity.", step="mapping key")
    return domain.with_generator(mapped)


def shared_secret(domain: EcDomain, agreement_key: EcKeyPair, other_public: PointJacobi) -> bytes:
    """K = x(sk * PK_other) as a ``domain.size``-byte octet string."""
    point = _ecdh_point(agreement_key.private, other_public, "ephemeral key")
    return point.x().to_bytes(domain.size, "big")
