"""Presentation attacks built from the real photos: a print moved in perspective, a card, a phone."""

import cv2
import pytest

from devkit import face_frames as ff
from devkit.face_photos import PEOPLE
from kiosk.face import FaceDecision, FaceVerifier, MatchPolicy, attacks
from kiosk.face.detect import largest_face

PHOTOS = sorted(PEOPLE)


@pytest.fixture(scope="module")
def verifier(face_model):
    return FaceVerifier(face_model, MatchPolicy(0.5))


@pytest.fixture(scope="module")
def reference(verifier, face_photos):
    return verifier.reference(face_photos["obama.jpg"].read_bytes())


@pytest.mark.parametrize("name", PHOTOS)
def test_a_print_tilted_and_moved_is_planar(verifier, reference, head_crops, name):
    v = verifier.verify(reference, ff.planar_sequence(head_crops[name]))
    assert v.decision is FaceDecision.ATTACK_SUSPECTED and v.reason == "planar_motion"


@pytest.mark.parametrize("name", PHOTOS)
def test_a_turning_head_is_not_planar(face_model, head_crops, name):
    frames = ff.head_turn_sequence(head_crops[name])
    face = largest_face(face_model, frames[0])
    greys = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in frames]
    assert attacks.motion_kind(greys, face) is attacks.Motion.NON_PLANAR


def test_a_turning_genuine_head_matches_without_a_challenge(verifier, reference, head_crops):
    v = verifier.verify(reference, ff.head_turn_sequence(head_crops["obama2.jpg"]))
    assert v.decision is FaceDecision.MATCH and not v.challenge


def test_a_still_face_proves_nothing_so_the_next_try_asks_for_a_turn(verifier, reference, head_crops):
    v = verifier.verify(reference, [ff.live_frame(head_crops["obama2.jpg"])] * 3)
    assert v.decision is FaceDecision.MATCH and v.challenge


@pytest.mark.parametrize("name", PHOTOS)
def test_the_card_held_up_is_refused(verifier, reference, head_crops, name):
    v = verifier.verify(reference, [ff.card_frame(head_crops[name])])
    assert v.decision is FaceDecision.ATTACK_SUSPECTED and v.reason in ("face_too_small", "in_rectangle")


@pytest.mark.parametrize("name", PHOTOS)
def test_a_phone_screen_is_refused(verifier, reference, head_crops, name):
    v = verifier.verify(reference, [ff.phone_frame(head_crops[name])])
    assert v.decision is FaceDecision.ATTACK_SUSPECTED and v.reason in ("face_too_small", "in_rectangle")


@pytest.mark.parametrize("name", PHOTOS)
def test_the_face_inside_a_phone_is_found_inside_its_rectangle(face_model, head_crops, name):
    frame = ff.phone_frame(head_crops[name])
    face = largest_face(face_model, frame)
    assert face is not None and attacks.enclosing_rectangle(frame, face) is not None


@pytest.mark.parametrize("name", PHOTOS)
def test_a_patient_facing_the_camera_is_not_suspected(verifier, reference, head_crops, name):
    v = verifier.verify(reference, [ff.live_frame(head_crops[name])])
    assert v.decision in (FaceDecision.MATCH, FaceDecision.NO_MATCH), v.reason


def test_a_face_too_small_for_someone_at_the_kiosk(verifier, reference, head_crops):
    small = cv2.resize(head_crops["obama.jpg"], None, fx=0.25, fy=0.25)
    frame = ff.lobby()
    frame[150:150 + small.shape[0], 250:250 + small.shape[1]] = small
    v = verifier.verify(reference, [frame])
    assert v.decision is FaceDecision.ATTACK_SUSPECTED and v.reason == "face_too_small"


def _preview(rgb):
    """What the kiosk's frame tap hands a try: the camera's grey preview frame, 480 px wide."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return cv2.cvtColor(cv2.resize(grey, (480, 360), interpolation=cv2.INTER_AREA), cv2.COLOR_GRAY2RGB)


def _played_from(frames, start):
    """The folder camera plays a sequence over and over: a try starts at any of its frames."""
    return [frames[(start + k) % len(frames)] for k in range(len(frames))]


# obama_partial_face2's synthetic 14-degree turn stays within 0.5 px of one homography from one of its
# five starting frames even 10 px into the turn: through a 480-px preview it cannot be told from a
# print (docs/face.md, "Planar motion"). Strict: the day it passes, the marker must go.
SLIGHT_TURN_CASES = [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="near-planar in the preview"))
                     if n == "obama_partial_face2.jpg" else n for n in PHOTOS]


@pytest.mark.parametrize("name", SLIGHT_TURN_CASES)
def test_a_slight_turn_seen_in_the_preview_frames_is_never_called_a_picture(face_model, head_crops, name):
    # issue 17: a real holder turning only 14 degrees was judged "planar" through the 480-px preview
    frames = [_preview(f) for f in ff.head_turn_sequence(head_crops[name])]
    kinds = []
    for start in range(len(frames)):
        seen = _played_from(frames, start)
        face = largest_face(face_model, seen[0])
        kinds.append(attacks.motion_kind([cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in seen], face))
    assert attacks.Motion.PLANAR not in kinds, kinds


@pytest.mark.parametrize("name", PHOTOS)
def test_a_print_seen_in_the_preview_frames_is_still_planar(face_model, head_crops, name):
    frames = [_preview(f) for f in ff.planar_sequence(head_crops[name])]
    for start in range(len(frames)):
        seen = _played_from(frames, start)
        face = largest_face(face_model, seen[0])
        kind = attacks.motion_kind([cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in seen], face)
        assert kind is attacks.Motion.PLANAR, (start, kind)


def test_one_small_step_of_a_turn_is_not_enough_evidence_for_an_attack(verifier, reference, head_crops):
    # two preview frames 3.5 degrees apart: one homography explains them, but that proves no picture
    turn = [_preview(f) for f in ff.head_turn_sequence(head_crops["obama2.jpg"])]
    v = verifier.verify(reference, turn[:2])
    assert v.decision is FaceDecision.MATCH and v.challenge, v
