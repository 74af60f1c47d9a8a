"""One verification try, end to end: frames in, a decision out (never a picture or a descriptor out)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.face import attacks
from kiosk.face.detect import FaceBox, largest_face
from kiosk.face.embed import descriptor, distance
from kiosk.face.images import decode_image, scaled_for_work
from kiosk.face.matcher import FaceDecision, MatchPolicy
from kiosk.face.model import FaceModel

MAX_FRAMES = 8       # a try looks at this many frames at most (about half a second of camera)


@dataclass(frozen=True)
class FaceVerdict:
    """The outcome of one try: a decision, the distance score, why, and whether to ask for a head turn.

    ``reason`` is a stable word for staff and logs (``face_too_small``,
    ``in_rectangle``, ``planar_motion``, ``distance``, ``no_face``);
    ``challenge`` says the motion proved nothing (the face stayed still), so
    the next try should ask the patient to turn their head slightly.
    """

    decision: FaceDecision
    score: float | None
    threshold: float
    model: str
    ms: float
    reason: str
    challenge: bool = False

    def as_dict(self) -> dict:
        """The CLI's JSON object (no picture, no descriptor)."""
        return {"decision": str(self.decision), "score": None if self.score is None else round(self.score, 4),
                "threshold": self.threshold, "model": self.model, "ms": round(self.ms, 1),
                "reason": self.reason, "challenge": self.challenge}


class FaceVerifier:
    """Compares live frames with the chip photo's descriptor under a :class:`MatchPolicy`.

    ``min_face_fraction`` is the smallest live face as a share of the frame
    width. Thread-safe in the sense the kiosk needs: it holds no per-patient
    state (the reference descriptor lives in a :class:`~kiosk.face.FaceSession`).
    """

    def __init__(self, model: FaceModel, policy: MatchPolicy, *, min_face_fraction: float = 0.15):
        self.model = model
        self.policy = policy
        self.min_face_fraction = min_face_fraction

    def reference(self, photo: bytes) -> np.ndarray | None:
        """The chip photo's descriptor (JPEG / JPEG 2000 bytes), or None when it shows no face.

        Raises :class:`~kiosk.errors.InputError` when the bytes are no picture.
        """
        rgb = scaled_for_work(decode_image(photo, "chip photo"))
        face = largest_face(self.model, rgb)
        return None if face is None else descriptor(self.model, rgb, face)

    def verify(self, reference: np.ndarray, frames: Sequence[np.ndarray]) -> FaceVerdict:
        """Decide on up to :data:`MAX_FRAMES` RGB ``frames`` of one try against ``reference``."""
        t0 = time.perf_counter()
        found: list[tuple[np.ndarray, FaceBox]] = []
        for rgb in frames[:MAX_FRAMES]:
            work = scaled_for_work(rgb)
            face = largest_face(self.model, work)
            if face is not None:
                found.append((work, face))
        if not found:
            return self._verdict(FaceDecision.NO_FACE, None, "no_face", t0)
        work, face = max(found, key=lambda wf: wf[1].area)
        if attacks.face_too_small(face, work.shape[1], self.min_face_fraction):
            return self._verdict(FaceDecision.ATTACK_SUSPECTED, None, "face_too_small", t0)
        if attacks.enclosing_rectangle(work, face) is not None:
            return self._verdict(FaceDecision.ATTACK_SUSPECTED, None, "in_rectangle", t0)
        first_face = found[0][1]
        greys = [cv2.cvtColor(w, cv2.COLOR_RGB2GRAY) for w, _ in found]
        motion = attacks.motion_kind(greys, first_face)
        if motion is attacks.Motion.PLANAR:
            return self._verdict(FaceDecision.ATTACK_SUSPECTED, None, "planar_motion", t0)
        score = distance(reference, descriptor(self.model, work, face))
        return self._verdict(self.policy.decide(score), score, "distance", t0,
                             challenge=motion is attacks.Motion.STILL)

    def _verdict(self, decision: FaceDecision, score: float | None, reason: str, t0: float, *,
                 challenge: bool = False) -> FaceVerdict:
        return FaceVerdict(decision, score, self.policy.threshold, self.model.name,
                           (time.perf_counter() - t0) * 1000, reason, challenge)
