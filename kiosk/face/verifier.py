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
        """Decide on up to :data:`MAX_FRAMES` RGB ``frames`` of one try against ``reference``.

        The frames go through a :class:`FaceTry` in order; it stops at the first
        frame after which the decision is settled (see :meth:`FaceTry.add`).
        """
        attempt = self.start(reference)
        try:
            for rgb in frames[:MAX_FRAMES]:
                verdict = attempt.add(rgb)
                if verdict is not None:
                    return verdict
            return attempt.verdict()
        finally:
            attempt.wipe()

    def start(self, reference: np.ndarray) -> FaceTry:
        """A try fed frame by frame as the camera gives them (the kiosk's path)."""
        return FaceTry(self, reference)

    def _verdict(self, decision: FaceDecision, score: float | None, reason: str, t0: float, *,
                 challenge: bool = False) -> FaceVerdict:
        return FaceVerdict(decision, score, self.policy.threshold, self.model.name,
                           (time.perf_counter() - t0) * 1000, reason, challenge)


class FaceTry:
    """One try, fed frame by frame: each frame is looked at as it arrives, not after the gathering.

    Per frame: the face is found in the whole frame, the first face's descriptor is computed and turned
    into its distance at once (the live descriptor is zeroed right after),
    the largest face so far is checked for size and for an enclosing card or
    screen, and the frame is tracked against the first for the motion check.
    The checks are the batch's: the same three attack checks on the frames
    seen. Not thread-safe: one thread feeds it (the kiosk's face worker).
    """

    def __init__(self, verifier: FaceVerifier, reference: np.ndarray) -> None:
        self.verifier, self.reference = verifier, reference
        self.t0 = time.perf_counter()
        self.frames = 0
        self.score: float | None = None
        self._largest: FaceBox | None = None
        self._largest_width = 1
        self._in_rectangle = False
        self._track: attacks.MotionTrack | None = None
        self._done: FaceVerdict | None = None
        self._wiped = False

    def add(self, rgb: np.ndarray) -> FaceVerdict | None:
        """Look at one more RGB frame; the verdict when it is settled, else None (feed more, or ask :meth:`verdict`).

        Settled early only for a face that passed every check on the frames
        seen: not too small, in no card or screen, and motion with parallax
        (a flat picture never moves with parallax, so it is never settled
        early). A match or a no match then cannot be changed by the attack
        checks of later frames, which look at other pictures of the same try.
        """
        if self._wiped or self._done is not None or self.frames >= MAX_FRAMES:
            return self._done
        self.frames += 1
        v = self.verifier
        work = scaled_for_work(rgb)
        face = largest_face(v.model, work)
        if face is None:
            return None
        if self._largest is None or face.area > self._largest.area:
            self._largest, self._largest_width = face, work.shape[1]
            self._in_rectangle = attacks.enclosing_rectangle(work, face) is not None
        grey = cv2.cvtColor(work, cv2.COLOR_RGB2GRAY)
        if self._track is None:
            self._track = attacks.MotionTrack(grey, face)
            live = descriptor(v.model, work, face)
            self.score = distance(self.reference, live)
            live.fill(0.0)                      # the distance is all the try keeps
        else:
            self._track.add(grey)
        if (not self._attack_reason() and self._track.kind() is attacks.Motion.NON_PLANAR):
            self._done = self._final()
        return self._done

    def _attack_reason(self) -> str | None:
        if self._largest is None:
            return None
        if attacks.face_too_small(self._largest, self._largest_width, self.verifier.min_face_fraction):
            return "face_too_small"
        if self._in_rectangle:
            return "in_rectangle"
        if self._track is not None and self._track.kind() is attacks.Motion.PLANAR:
            return "planar_motion"
        return None

    def _final(self) -> FaceVerdict:
        v = self.verifier
        if self._largest is None or self.score is None:
            return v._verdict(FaceDecision.NO_FACE, None, "no_face", self.t0)
        reason = self._attack_reason()
        if reason is not None:
            return v._verdict(FaceDecision.ATTACK_SUSPECTED, None, reason, self.t0)
        still = self._track is None or self._track.kind() is attacks.Motion.STILL
        return v._verdict(v.policy.decide(self.score), self.score, "distance", self.t0, challenge=still)

    def verdict(self) -> FaceVerdict:
        """The decision on the frames seen (the try's time is up)."""
        if self._done is None:
            self._done = self._final()
        return self._done

    def wipe(self) -> None:
        """Zero what the try still holds of a face (the first frame, kept for tracking) and drop it."""
        self._wiped = True
        if self._track is not None:
            self._track.wipe()
        self._track = None
        self._largest = None
