"""The face models: found in the ``face_recognition_models`` package, pinned by SHA-256.

The weights are dlib's CC0 models as PyPI serves them (``face-recognition-models``
0.3.0). The kiosk uses two of its four files: the 5-point landmark predictor
(alignment) and the ResNet face-descriptor network; the face detector is dlib's
built-in HOG detector (no file). A changed or missing file stops start-up with
one sentence: a kiosk never runs on weights nobody checked, and never fetches any.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

MODEL_NAME = "dlib_face_recognition_resnet_model_v1"
MODEL_PACKAGE = "face_recognition_models"

# SHA-256 of the files of face-recognition-models 0.3.0 (PyPI) that the kiosk loads.
PINNED_FILES: dict[str, str] = {
    "shape_predictor_5_face_landmarks.dat":
        "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888",
    "dlib_face_recognition_resnet_model_v1.dat":
        "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30",
}


class FaceModelError(KioskError):
    """The face model cannot be used: package missing, a file missing or not the pinned one."""

    code = "face_model"
    exit_code = 3
    patient_vi = "Máy chưa so khớp khuôn mặt được. Vui lòng đến quầy tiếp đón."
    patient_en = "This kiosk cannot check faces right now. Please go to the reception counter."


def model_dir() -> Path:
    """The folder holding the model files (the installed package's ``models/``)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelError(f"the package {MODEL_PACKAGE} is not installed (pip install face-recognition-models)",
                             code="face_model_missing")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verify_files(folder: Path, pins: dict[str, str] = PINNED_FILES) -> dict[str, Path]:
    """Check each pinned file's SHA-256 in ``folder``; returns name -> path, raises :class:`FaceModelError`."""
    out = {}
    for name, expected in pins.items():
        path = folder / name
        if not path.is_file():
            raise FaceModelError(f"face model file {name} is missing from {folder}", code="face_model_missing")
        actual = _sha256(path)
        if actual != expected:
            raise FaceModelError(f"face model file {name} is not the pinned one (SHA-256 {actual[:12]}…, "
                                 f"expected {expected[:12]}…)", code="face_model_changed")
        out[name] = path
    return out


@dataclass
class FaceModel:
    """The loaded dlib parts: detector, 5-point shape predictor, descriptor network."""

    detector: Any
    shape_predictor: Any
    descriptor_net: Any
    name: str = MODEL_NAME
    files: dict[str, Path] = field(default_factory=dict)


def import_runtime() -> None:
    """Import dlib on the calling thread (~30 ms); call it on the main thread before any worker uses dlib.

    dlib is a pybind11 extension: imported first on a thread whose Python thread
    state is temporary (a Qt pool thread), its internal state keeps a pointer to
    that state, and the next call from the pool crashes the process (seen with
    dlib-bin 20.0.1: a segmentation fault in the detector).
    """
    try:
        import dlib  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise FaceModelError("the package dlib is not installed (pip install dlib-bin)",
                             code="face_model_missing") from None


def load_face_model(folder: Path | None = None, pins: dict[str, str] = PINNED_FILES) -> FaceModel:
    """Check the pins, then load the models (about 0.3 s); raises :class:`FaceModelError`."""
    files = verify_files(folder or model_dir(), pins)
    try:
        import dlib  # no stubs: the compiled extension is the API (untyped: see import_runtime)
    except ImportError:
        raise FaceModelError("the package dlib is not installed (pip install dlib-bin)",
                             code="face_model_missing") from None
    try:
        return FaceModel(detector=dlib.get_frontal_face_detector(),
                         shape_predictor=dlib.shape_predictor(str(files["shape_predictor_5_face_landmarks.dat"])),
                         descriptor_net=dlib.face_recognition_model_v1(
                             str(files["dlib_face_recognition_resnet_model_v1.dat"])),
                         files=files)
    except RuntimeError as e:   # dlib's deserialisation error
        raise FaceModelError(f"face model cannot be loaded ({e.__class__.__name__})",
                             code="face_model_changed") from None
