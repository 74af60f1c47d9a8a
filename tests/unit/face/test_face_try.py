"""A try fed frame by frame (kiosk.face.FaceTry): it settles at the first frame that decides,
and never early for a flat picture, a card or a phone."""

import pytest

from devkit import face_frames as ff
from devkit.face_photos import PEOPLE
from kiosk.face import FaceDecision

PHOTOS = sorted(PEOPLE)


def _feed(attempt, frames):
    """Feed ``frames`` until one settles the try: (index of that frame or None, the verdict)."""
    for i, f in enumerate(frames):
        if attempt.add(f) is not None:
            return i, attempt.verdict()
    return None, attempt.verdict()


def test_a_clearly_turning_head_settles_before_the_last_frame(verifier, reference, head_crops):
    frames = ff.head_turn_sequence(head_crops["obama2.jpg"], max_deg=30)
    settled_at, verdict = _feed(verifier.start(reference), frames)
    assert settled_at is not None and settled_at < len(frames) - 1, settled_at
    assert verdict.decision is FaceDecision.MATCH and not verdict.challenge
    # the same frames through the batch entry point: the same decision, fewer frames looked at than given
    assert verifier.verify(reference, frames).decision is FaceDecision.MATCH


def test_an_impostor_turning_settles_early_as_no_match(verifier, reference, head_crops):
    settled_at, verdict = _feed(verifier.start(reference), ff.head_turn_sequence(head_crops["biden.jpg"], max_deg=30))
    assert settled_at is not None
    assert verdict.decision is FaceDecision.NO_MATCH and verdict.score > 0.5


@pytest.mark.parametrize("name", PHOTOS)
def test_a_print_is_never_settled_early(verifier, reference, head_crops, name):
    """A flat picture moved in perspective never shows parallax: the try runs to its end and is an attack."""
    settled_at, verdict = _feed(verifier.start(reference), ff.planar_sequence(head_crops[name]))
    assert settled_at is None
    assert verdict.decision is FaceDecision.ATTACK_SUSPECTED and verdict.reason == "planar_motion"


def test_a_still_face_is_not_settled_and_asks_for_a_turn(verifier, reference, head_crops):
    frame = ff.live_frame(head_crops["obama2.jpg"])
    settled_at, verdict = _feed(verifier.start(reference), [frame.copy() for _ in range(5)])
    assert settled_at is None and verdict.decision is FaceDecision.MATCH and verdict.challenge


@pytest.mark.parametrize("make", [ff.card_frame, ff.phone_frame])
def test_a_card_or_phone_is_never_settled_early(verifier, reference, head_crops, make):
    settled_at, verdict = _feed(verifier.start(reference), [make(head_crops["obama2.jpg"]) for _ in range(5)])
    assert settled_at is None
    assert verdict.decision is FaceDecision.ATTACK_SUSPECTED and verdict.reason in ("face_too_small", "in_rectangle")


def test_a_wiped_try_holds_no_picture(verifier, reference, head_crops):
    attempt = verifier.start(reference)
    frames = ff.head_turn_sequence(head_crops["obama2.jpg"], max_deg=8)
    attempt.add(frames[0])
    first = attempt._track._first
    assert first.any()
    attempt.wipe()
    assert not first.any() and attempt._track is None
    assert attempt.add(frames[1]) is None        # a wiped try looks at nothing more
