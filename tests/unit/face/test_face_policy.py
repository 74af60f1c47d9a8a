"""The threshold policy and the session's record: no model needed."""

import numpy as np

from kiosk.face.matcher import FaceDecision, MatchPolicy
from kiosk.face.session import FaceResult, FaceSession, verified_by
from kiosk.face.verifier import FaceVerdict


def _verdict(decision, score=None):
    return FaceVerdict(decision, score, 0.5, "m", 1.0, "distance")


def test_match_at_and_below_the_threshold_only():
    policy = MatchPolicy(0.5)
    assert policy.decide(0.5) is FaceDecision.MATCH
    assert policy.decide(0.12) is FaceDecision.MATCH
    assert policy.decide(0.5001) is FaceDecision.NO_MATCH


def test_three_tries_then_finished_and_no_match_recorded():
    s = FaceSession(tries_allowed=3)
    for _ in range(2):
        s.add(_verdict(FaceDecision.NO_MATCH, 0.7))
        assert not s.finished()
    s.add(_verdict(FaceDecision.NO_FACE))
    assert s.finished() and s.result() is FaceResult.NO_MATCH


def test_a_match_or_an_attack_ends_the_tries():
    s = FaceSession()
    s.add(_verdict(FaceDecision.MATCH, 0.3))
    assert s.finished() and s.result() is FaceResult.MATCH
    s = FaceSession()
    s.add(_verdict(FaceDecision.ATTACK_SUSPECTED))
    assert s.finished() and s.result() is FaceResult.ATTACK_SUSPECTED


def test_nothing_tried_is_not_done_and_decline_is_recorded():
    assert FaceSession().result() is FaceResult.NOT_DONE
    s = FaceSession()
    s.declined = True
    assert s.finished() and s.result() is FaceResult.DECLINED


def test_identity_verified_by():
    assert verified_by(FaceResult.MATCH, "chip") == "chip+face"
    assert verified_by(FaceResult.DECLINED, "chip") == "chip"
    assert verified_by(FaceResult.NOT_DONE, "qr") == "qr"
    assert verified_by(FaceResult.NOT_DONE, "typed") == "typed"


def test_wipe_zeroes_the_reference_in_place():
    ref = np.linspace(0.1, 0.9, 128)
    held_elsewhere = ref                      # e.g. a worker that still has it
    s = FaceSession(reference=ref)
    assert "0.1" not in repr(s) and "reference" not in repr(s)      # never in a log line
    s.add(_verdict(FaceDecision.NO_MATCH, 0.7))
    s.wipe()
    assert s.reference is None and not s.verdicts
    assert not held_elsewhere.any()
