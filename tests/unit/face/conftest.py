"""The verifier and reference photo the frame-by-frame face tests share (a module may override them)."""

import pytest

from kiosk.face import FaceVerifier, MatchPolicy


@pytest.fixture(scope="module")
def verifier(face_model):
    """A verifier at the 0.5 match threshold, one per test module."""
    return FaceVerifier(face_model, MatchPolicy(0.5))


@pytest.fixture(scope="module")
def reference(verifier, face_photos):
    """The reference taken from one real test photo (the card's photo in these tests)."""
    return verifier.reference(face_photos["obama.jpg"].read_bytes())
