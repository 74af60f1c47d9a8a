"""Finding the face and its five landmarks (eye corners and nose), which align it for the network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kiosk.face.model import FaceModel

SMALL_SIDE = 320   # a picture this small (a chip photo) is searched at twice the size too


@dataclass(frozen=True)
class FaceBox:
    """A detected face in a picture's own pixels: box corners and the dlib landmark shape."""

    left: int
    top: int
    right: int
    bottom: int
    shape: Any    # dlib.full_object_detection: 5 landmarks, what the descriptor network aligns on

    @property
    def width(self) -> int:
        """Box width in pixels."""
        return self.right - self.left

    @property
    def height(self) -> int:
        """Box height in pixels."""
        return self.bottom - self.top

    @property
    def area(self) -> int:
        """Box area in square pixels."""
        return self.width * self.height


def find_faces(model: FaceModel, rgb: np.ndarray) -> list[FaceBox]:
    """Every frontal face in ``rgb`` (largest first), each with its landmarks."""
    upsample = 1 if max(rgb.shape[:2]) <= SMALL_SIDE else 0
    rects = model.detector(rgb, upsample)
    boxes = [FaceBox(r.left(), r.top(), r.right(), r.bottom(), model.shape_predictor(rgb, r)) for r in rects]
    return sorted(boxes, key=lambda b: b.area, reverse=True)


def largest_face(model: FaceModel, rgb: np.ndarray) -> FaceBox | None:
    """The largest face (the person nearest the kiosk), or None."""
    faces = find_faces(model, rgb)
    return faces[0] if faces else None


TRACK_MARGIN = 0.5   # the search window around the last box: this share of the box's size on every side


def face_near(model: FaceModel, rgb: np.ndarray, last: FaceBox) -> FaceBox | None:
    """The face in ``rgb`` near ``last`` (the previous frame's box), searched in a window around it only.

    A face moves little between two preview frames (0.1 s apart), so the
    detector looks at the box widened by :data:`TRACK_MARGIN` instead of the
    whole frame: a fraction of the pixels, the same detector and landmarks.
    None when the face is not there (the caller then searches the whole frame).
    """
    import dlib  # type: ignore[import-untyped]  # loaded with the model (kiosk.face.model.import_runtime)
    h, w = rgb.shape[:2]
    mx, my = int(last.width * TRACK_MARGIN), int(last.height * TRACK_MARGIN)
    x0, y0 = max(0, last.left - mx), max(0, last.top - my)
    x1, y1 = min(w, last.right + mx), min(h, last.bottom + my)
    if x1 - x0 < 80 or y1 - y0 < 80:     # smaller than the detector's window
        return None
    rects = model.detector(np.ascontiguousarray(rgb[y0:y1, x0:x1]), 0)
    if not rects:
        return None
    r = max(rects, key=lambda r: r.width() * r.height())
    full = dlib.rectangle(r.left() + x0, r.top() + y0, r.right() + x0, r.bottom() + y0)
    return FaceBox(full.left(), full.top(), full.right(), full.bottom(), model.shape_predictor(rgb, full))
