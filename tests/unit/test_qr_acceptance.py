"""The acceptance step: N consistent reads within a window, once per card in view."""

import pytest

from readers.qr.acceptance import AMBIGUOUS, ConsistentReads


def test_accepts_only_after_the_needed_identical_reads():
    acc = ConsistentReads(needed=3, window_s=1.0)
    assert acc.offer("A", 0.0) is None and acc.offer("A", 0.1) is None
    assert acc.progress == (2, 3)
    assert acc.offer("A", 0.2) == "A"


def test_a_different_read_in_between_starts_over():
    acc = ConsistentReads(needed=2, window_s=1.0)
    assert acc.offer("A", 0.0) is None
    assert acc.offer("B", 0.1) is None
    assert acc.offer("A", 0.2) is None
    assert acc.offer("A", 0.3) == "A"


def test_reads_outside_the_window_do_not_count():
    acc = ConsistentReads(needed=2, window_s=0.5)
    assert acc.offer("A", 0.0) is None
    assert acc.offer("A", 0.9) is None  # the first read is too old
    assert acc.offer("A", 1.0) == "A"


def test_flickering_between_two_cards_is_never_accepted():
    acc = ConsistentReads(needed=2, window_s=10.0)
    assert all(acc.offer("AB"[i % 2], i * 0.05) is None for i in range(100))


def test_several_codes_in_one_frame_are_never_accepted():
    acc = ConsistentReads(needed=1)
    assert acc.offer(AMBIGUOUS, 0.0) is None and acc.offer(AMBIGUOUS, 0.1) is None


def test_a_card_held_still_is_accepted_once_and_again_after_it_left_view():
    acc = ConsistentReads(needed=2, window_s=1.0, rearm_s=1.0)
    accepted = [acc.offer("A", t / 10) for t in range(50)]  # 5 s in view
    assert accepted.count("A") == 1
    assert acc.offer("A", 7.0) is None and acc.offer("A", 7.1) == "A"  # gone for 2 s, shown again


def test_reset_allows_the_same_card_again_at_once():
    acc = ConsistentReads(needed=1, rearm_s=10.0)
    assert acc.offer("A", 0.0) == "A" and acc.offer("A", 0.1) is None
    acc.reset()
    assert acc.offer("A", 0.2) == "A"


@pytest.mark.parametrize("kw", [{"needed": 0}, {"needed": 11}, {"window_s": 0}])
def test_bad_settings_are_refused(kw):
    with pytest.raises(ValueError, match="needed must be|window_s must be"):
        ConsistentReads(**kw)
