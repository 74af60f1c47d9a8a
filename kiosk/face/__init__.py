"""Face verification: the live face against the chip's DG2 photo, 1:1, on the CPU.

Qt-free. ``model`` loads the pinned dlib models from the ``face_recognition_models``
package; ``images`` decodes and scales pictures; ``detect`` finds and aligns a
face; ``embed`` turns it into a 128-number descriptor; ``matcher`` applies the
threshold; ``attacks`` looks for a picture held to the camera; ``verifier`` runs
a try end to end and ``session`` keeps the one patient's reference descriptor
until the session is wiped. Nothing here writes a frame, a crop or a descriptor
anywhere.
"""

from kiosk.face.matcher import FaceDecision, MatchPolicy
from kiosk.face.model import FaceModel, FaceModelError, load_face_model
from kiosk.face.session import FaceSession
from kiosk.face.verifier import FaceVerdict, FaceVerifier

__all__ = ["FaceDecision", "FaceModel", "FaceModelError", "FaceSession", "FaceVerdict", "FaceVerifier",
           "MatchPolicy", "load_face_model"]
