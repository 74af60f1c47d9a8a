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

