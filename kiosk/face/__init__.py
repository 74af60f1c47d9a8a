"""Face verification: the live face against the chip's DG2 photo, 1:1, on the CPU.

Qt-free. ``model`` loads the pinned dlib models from the ``face_recognition_models``
package; ``images`` decodes and scales pictures; ``detect`` finds and aligns a
face; ``embed`` turns it into a 128-number descriptor; ``matcher`` applies the
threshold; ``attacks`` looks for a picture held to the camera; ``verifier`` runs
a try end to end (``FaceTry``: frame by frame, as the camera gives them),
``session`` keeps the one patient's reference descriptor until the session is
wiped and ``frames`` taps the camera during a try.
Nothing here writes a frame, a crop or a descriptor anywhere.

The names below are imported on first use: importing ``kiosk.face.session``
(the kiosk window does) must not pull in OpenCV or dlib before the idle screen.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "FaceDecision": "kiosk.face.matcher", "MatchPolicy": "kiosk.face.matcher",
    "FaceModel": "kiosk.face.model", "FaceModelError": "kiosk.face.model", "load_face_model": "kiosk.face.model",
    "FaceSession": "kiosk.face.session", "FaceVerdict": "kiosk.face.verifier", "FaceVerifier": "kiosk.face.verifier",
    "FaceTry": "kiosk.face.verifier",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kiosk.face' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
