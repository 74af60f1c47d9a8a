"""The face descriptor: dlib's ResNet maps an aligned face to 128 numbers; near = same person."""

from __future__ import annotations

import numpy as np

from kiosk.face.detect import FaceBox
from kiosk.face.model import FaceModel


def descriptor(model: FaceModel, rgb: np.ndarray, face: FaceBox) -> np.ndarray:
    """The 128-float descriptor of ``face`` in ``rgb`` (aligned on its 5 landmarks, 150x150 chip)."""
    return np.asarray(model.descriptor_net.compute_face_descriptor(rgb, face.shape), dtype=np.float64)


def distance(a: np.ndarray, b: np.ndarray) -> float:
    """Euclidean distance of two descriptors (dlib's own metric: 0 identical, ~0.6 its LFW threshold)."""
    return float(np.linalg.norm(a - b))
