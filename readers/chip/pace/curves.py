"""Elliptic-curve domain parameters of PACE and the point codec.

Point arithmetic comes from the ``ecdsa`` package: ``cryptography`` only does
ECDH against the curve's fixed generator and returns an x-coordinate, while
generic mapping needs ``s*G + H`` with a full point ``H`` and key agreement on a
generator of our own making. ``ecdsa`` is pure Python, maintained, ships every
standardised PACE curve and exposes points with ``+`` and ``*``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecdsa import curves as _ec
from ecdsa.ellipticcurve import INFINITY, CurveFp, PointJacobi

from readers.chip.pace.errors import InvalidCardPoint

# ICAO 9303-11 table "standardized domain parameters" (ids 0-2 are MODP groups
# for DH-PACE, which we do not speak).
_STANDARD_CURVES = {
    8: _ec.NIST192p,
    9: _ec.BRAINPOOLP192r1,
    10: _ec.NIST224p,
    11: _ec.BRAINPOOLP224r1,
    12: _ec.NIST256p,
    13: _ec.BRAINPOOLP256r1,
    14: _ec.BRAINPOOLP320r1,
    15: _ec.NIST384p,
    16: _ec.BRAINPOOLP384r1,
    17: _ec.BRAINPOOLP512r1,
    18: _ec.NIST521p,
}


@dataclass(frozen=True)
class EcDomain:
    """One curve: its name, field prime, order, generator and coordinate size."""

    parameter_id: int
    name: str
    curve: CurveFp
    generator: PointJacobi
    order: int
    size: int                # bytes per coordinate

    @property
    def prime(self) -> int:
        """The field prime p."""
        return self.curve.p()

    def encode(self, point: PointJacobi) -> bytes:
        """Uncompressed encoding ``04 || X || Y`` (each coordinate ``size`` bytes)."""
        if point == INFINITY:
            raise ValueError("The point at infinity has no uncompressed encoding")
        return (b"\x04" + point.x().to_bytes(self.size, "big")
                + point.y().to_bytes(self.size, "big"))

    def decode(self, data: bytes, *, what: str = "public key") -> PointJacobi:
        """Parse an uncompressed point from the card; reject anything not on the curve.

        Raises :class:`InvalidCardPoint` for a wrong length or prefix, a
        coordinate outside the field, a point off the curve or infinity
        (an invalid-curve point would leak our private key to a forged card).
        """
        if len(data) != 1 + 2 * self.size or data[0] != 0x04:
            raise InvalidCardPoint(f"The card's {what} is not an uncompressed point on {self.name}.",
                                   step=what)
        x = int.from_bytes(data[1:1 + self.size], "big")
        y = int.from_bytes(data[1 + self.size:], "big")
        p = self.prime
        if not (x < p and y < p) or not self.curve.contains_point(x, y):
            raise InvalidCardPoint(f"The card's {what} is not on the curve {self.name}.", step=what)
        # An affine point on the curve is never infinity (whose encoding, 00, fails the length
        # check above); on these prime-order curves (cofactor 1) it also lies in the group.
        return PointJacobi(self.curve, x, y, 1, self.order)

    def with_generator(self, generator: PointJacobi) -> EcDomain:
        """The same curve with another generator (the mapped domain of generic mapping)."""
        return EcDomain(self.parameter_id, self.name + " (mapped)", self.curve,
                        generator, self.order, self.size)


def standard_domain(parameter_id: int) -> EcDomain:
    """The standardised curve for a PACE ``parameterId``; ``KeyError`` if not an EC one we know."""
    spec = _STANDARD_CURVES[parameter_id]
    return EcDomain(parameter_id, spec.name, spec.curve, spec.generator, spec.order, spec.baselen)


def is_supported_parameter_id(parameter_id: int | None) -> bool:
    """True when ``parameter_id`` names a standardised elliptic curve."""
    return parameter_id in _STANDARD_CURVES
