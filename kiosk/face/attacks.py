"""Presentation-attack checks: the card itself, a phone or a print held up to the camera.

Three cheap signs, each from a public idea and each defeatable by a determined
attacker (docs/face.md says which):

* the face is too small for a person standing at the kiosk (a card's photo is
  about 2 cm tall at arm's length);
* the face sits inside a card- or screen-shaped quadrilateral not much larger
  than the face (a card, a phone, a print's edge);
* across a short sequence, the face region moves the way a flat picture moves:
  one homography explains every tracked point. A head that turns shows parallax
  (nose against cheeks) that no homography explains. A sequence without enough
  motion proves nothing either way: the caller asks the patient to turn their
  head slightly.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import cv2
import numpy as np

from kiosk.face.detect import FaceBox

# quadrilateral around the face: how much larger than the face box it may be, and its shape
RECT_AREA_RATIO = (1.3, 30.0)
RECT_ASPECT = (1.05, 2.7)        # long side / short side: ID card 1.59, photo print 1.5, phone 1.8-2.3
# motion: tracked points in the (widened) face box, frame 0 against each later frame
MIN_POINTS = 20
MIN_MOTION_PX = 1.5              # median displacement below this: the picture did not move enough to tell
# Calibrated on the 480-px preview frames against the synthetic prints and head turns of
# devkit/face_frames.py (docs/face.md): a print's points sit within 0.5 px of one homography
# (share >= 0.99), a 14-degree turn's points 10 px apart already fall below 0.95.
PLANAR_RESIDUAL_PX = 0.5         # a point this close to the homography's prediction is "explained"
PLANAR_INLIER_SHARE = 0.95       # ... and this share of the points explained = the frame looks flat
MIN_PLANAR_POINTS = 40           # fewer tracked points: one homography fits too easily to say "flat"
MIN_PLANAR_FRAMES = 2            # frames that must each look flat before the try is called a picture


class Motion(enum.StrEnum):
    """What the motion over a sequence says about the face region."""

    PLANAR = "planar"            # one homography explains it: a flat picture
    NON_PLANAR = "non_planar"    # parallax: a real, three-dimensional face
    STILL = "still"              # too little motion (or too few points) to tell


def face_too_small(face: FaceBox, frame_width: int, min_fraction: float) -> bool:
    """True when the face box is narrower than ``min_fraction`` of the frame width."""
    return face.width < min_fraction * frame_width


def _quad_aspect(quad: np.ndarray) -> float:
    (_, _), (w, h), _ = cv2.minAreaRect(quad.astype(np.float32))
    short, long_ = sorted((w, h))
    return long_ / short if short > 0 else float("inf")


def enclosing_rectangle(rgb: np.ndarray, face: FaceBox) -> np.ndarray | None:
    """A card/screen-shaped quadrilateral enclosing ``face`` (its 4 corners), or None.

    Edges (Canny) closed into contours, each simplified to a polygon; a convex
    4-gon that holds the whole face box, is 1.3-30 times its area and has the
    proportions of a card, a photo print or a phone counts.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    edges = cv2.Canny(grey, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    face_area = max(1, face.area)
    corners = [(float(face.left), float(face.top)), (float(face.right), float(face.top)),
               (float(face.right), float(face.bottom)), (float(face.left), float(face.bottom))]
    for c in contours:
        area = cv2.contourArea(c)
        if not RECT_AREA_RATIO[0] * face_area <= area <= RECT_AREA_RATIO[1] * face_area:
            continue
        quad = cv2.approxPolyDP(c, 0.03 * cv2.arcLength(c, True), True)
        if len(quad) != 4 or not cv2.isContourConvex(quad):
            continue
        if not RECT_ASPECT[0] <= _quad_aspect(quad) <= RECT_ASPECT[1]:
            continue
        if all(cv2.pointPolygonTest(quad, p, False) >= 0 for p in corners):
            return quad.reshape(4, 2)
    return None


def _inner(face: FaceBox, shape: tuple[int, ...], by: float = -0.1) -> tuple[int, int, int, int]:
    dx, dy = int(face.width * by), int(face.height * by)
    h, w = shape[:2]
    return max(0, face.left - dx), max(0, face.top - dy), min(w, face.right + dx), min(h, face.bottom + dy)


class MotionTrack:
    """The motion check fed one frame at a time (the kiosk looks at each frame as the camera gives it).

    Corners of the face region of the first grey frame are found once; each
    later frame is tracked from the first (Lucas-Kanade, checked backwards) and
    classified on arrival. :meth:`kind` is NON_PLANAR when one frame is not
    explained by one homography from the first, PLANAR when at least two frames
    moved and each is (with enough tracked points), STILL otherwise. More frames never turn NON_PLANAR
    back: a single frame with parallax is a three-dimensional face.
    """

    def __init__(self, first: np.ndarray, face: FaceBox) -> None:
        self._first: np.ndarray | None = first
        x0, y0, x1, y1 = _inner(face, first.shape)   # the face itself: a print's edge is no evidence
        mask = np.zeros(first.shape[:2], np.uint8)
        mask[y0:y1, x0:x1] = 255
        pts = cv2.goodFeaturesToTrack(first, maxCorners=300, qualityLevel=0.005, minDistance=4, mask=mask)
        self._pts = pts if pts is not None and len(pts) >= MIN_POINTS else None
        self.verdicts: list[Motion] = []

    def add(self, grey: np.ndarray) -> Motion | None:
        """Classify one later frame against the first; None when it says nothing (too few points, no motion)."""
        first, pts = self._first, self._pts
        if first is None or pts is None or grey.shape != first.shape:
            return None
        nxt, st, _ = cv2.calcOpticalFlowPyrLK(first, grey, pts, np.empty_like(pts), winSize=(21, 21), maxLevel=3)
        back, st2, _ = cv2.calcOpticalFlowPyrLK(grey, first, nxt, np.empty_like(pts), winSize=(21, 21), maxLevel=3)
        ok = (st.ravel() == 1) & (st2.ravel() == 1) & (np.linalg.norm((back - pts).reshape(-1, 2), axis=1) < 0.5)
        a, b = pts.reshape(-1, 2)[ok], nxt.reshape(-1, 2)[ok]
        if len(a) < MIN_POINTS:
            return None
        if np.median(np.linalg.norm(b - a, axis=1)) < MIN_MOTION_PX:
            return None
        hom, _ = cv2.findHomography(a, b, cv2.RANSAC, PLANAR_RESIDUAL_PX)
        if hom is None:
            verdict = Motion.NON_PLANAR
        else:
            pred = cv2.perspectiveTransform(a.reshape(-1, 1, 2), hom).reshape(-1, 2)
            share = float(np.mean(np.linalg.norm(pred - b, axis=1) <= PLANAR_RESIDUAL_PX))
            if share < PLANAR_INLIER_SHARE:
                verdict = Motion.NON_PLANAR
            elif len(a) >= MIN_PLANAR_POINTS:
                verdict = Motion.PLANAR
            else:
                return None                 # explained, but by too few points to be evidence of a picture
        self.verdicts.append(verdict)
        return verdict

    def kind(self) -> Motion:
        """What the frames so far say.

        PLANAR only on enough evidence: at least :data:`MIN_PLANAR_FRAMES`
        frames that moved, each explained by one homography. A single small
        step of a real head turn can be explained by one homography too (the
        parallax of a few degrees is under a pixel in a preview frame): that
        is STILL (ask the patient to turn), never an attack.
        """
        if Motion.NON_PLANAR in self.verdicts:
            return Motion.NON_PLANAR
        if self.verdicts.count(Motion.PLANAR) >= MIN_PLANAR_FRAMES:
            return Motion.PLANAR
        return Motion.STILL

    def wipe(self) -> None:
        """Zero the first frame (a face picture) and forget the points."""
        if self._first is not None:
            self._first.fill(0)
        self._first, self._pts = None, None


def motion_kind(greys: Sequence[np.ndarray], face: FaceBox) -> Motion:
    """Track corners of the face region of ``greys[0]`` into each later frame and classify the motion.

    ``greys`` are grey frames of one size; ``face`` is the face in the first.
    As :meth:`MotionTrack.kind`: NON_PLANAR when a frame shows parallax, PLANAR
    when at least two frames moved and each is explained by one homography from
    the first, STILL when there is not enough evidence either way.
    """
    if len(greys) < 2:
        return Motion.STILL
    track = MotionTrack(greys[0], face)
    for g in greys[1:]:
        track.add(g)
    return track.kind()
