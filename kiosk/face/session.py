"""One patient's face state: the chip photo's descriptor and the tries, wiped with the session."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.face.matcher import FaceDecision

if TYPE_CHECKING:     # the verifier pulls in OpenCV and dlib: not needed to hold a session
    import numpy as np

    from kiosk.face.verifier import FaceVerdict


class FaceResult(enum.StrEnum):
    """The face result a registration records (never a score vector, picture or template)."""

    MATCH = "match"
    NO_MATCH = "no_match"
    DECLINED = "declined"
    ATTACK_SUSPECTED = "attack_suspected"
    NOT_DONE = "not_done"


def verified_by(result: FaceResult, source: str) -> str:
    """``identity_verified_by`` for a registration: chip+face | chip | qr | typed."""
    if source == "chip":
        return "chip+face" if result is FaceResult.MATCH else "chip"
    return source


@dataclass
class FaceSession:
    """The reference descriptor of the card on the reader and the tries so far.

    :meth:`wipe` overwrites the descriptor in place before dropping it, so a
    reference still held elsewhere (a worker's stack) holds zeros, not a face.
    """

    tries_allowed: int = 3
    reference: np.ndarray | None = field(default=None, repr=False)   # never in a log line or a traceback
    verdicts: list[FaceVerdict] = field(default_factory=list)
    declined: bool = False

    def add(self, verdict: FaceVerdict) -> None:
        """Record one try's verdict (its decision and score only: no picture)."""
        self.verdicts.append(verdict)

    @property
    def tries_left(self) -> int:
        """Tries still allowed."""
        return max(0, self.tries_allowed - len(self.verdicts))

    def finished(self) -> bool:
        """True after a match, an attack, or the last try."""
        if self.declined or not self.tries_left:
            return True
        last = self.verdicts[-1].decision if self.verdicts else None
        return last in (FaceDecision.MATCH, FaceDecision.ATTACK_SUSPECTED)

    def result(self) -> FaceResult:
        """The result the registration records."""
        if self.declined:
            return FaceResult.DECLINED
        decisions = [v.decision for v in self.verdicts]
        if FaceDecision.MATCH in decisions:
            return FaceResult.MATCH
        if FaceDecision.ATTACK_SUSPECTED in decisions:
            return FaceResult.ATTACK_SUSPECTED
        if FaceDecision.NO_MATCH in decisions:
            return FaceResult.NO_MATCH
        return FaceResult.NOT_DONE

    def wipe(self) -> None:
        """Forget everything: zero the descriptor, drop the verdicts."""
        if self.reference is not None:
            self.reference.fill(0.0)
        self.reference = None
        self.verdicts.clear()
        self.declined = False
