"""Exponential backoff with full jitter and a cap.

``delay(n) = uniform(0, min(cap, base * 2**n))`` — the "full jitter" variant:
many kiosks that lost the network at the same moment do not all retry at the
same moment when it comes back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays for the n-th consecutive failure (n starts at 1)."""

    cap: float = 300.0
    base: float = 1.0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        if self.cap <= 0 or self.base <= 0:
            raise ValueError("backoff cap and base must be greater than 0")

    def ceiling(self, failures: int) -> float:
        """The upper bound of the delay after ``failures`` consecutive failures."""
        exponent = min(max(failures - 1, 0), 62)  # 2**62 already dwarfs any cap
        return min(self.cap, self.base * (2 ** exponent))

    def delay(self, failures: int) -> float:
        """A random delay in ``[0, ceiling(failures)]``."""
        return self.rng.uniform(0.0, self.ceiling(failures))
