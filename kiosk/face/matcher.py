"""The threshold policy: one distance, one decision, nothing personal kept."""

from __future__ import annotations

import enum
from dataclasses import dataclass

DEFAULT_THRESHOLD = 0.5   # dlib's LFW threshold is 0.6; stricter for a false-match target (docs/face.md)


class FaceDecision(enum.StrEnum):
    """What a verification concluded (the CLI's and the registration's words)."""

    MATCH = "match"
    NO_MATCH = "no_match"
    NO_FACE = "no_face"
    ATTACK_SUSPECTED = "attack_suspected"


@dataclass(frozen=True)
class MatchPolicy:
    """Match when the descriptor distance is at most ``threshold``."""

    threshold: float = DEFAULT_THRESHOLD

    def decide(self, dist: float) -> FaceDecision:
        """MATCH or NO_MATCH for one distance."""
        return FaceDecision.MATCH if dist <= self.threshold else FaceDecision.NO_MATCH
