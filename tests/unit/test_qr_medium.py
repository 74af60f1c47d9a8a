"""Phone screen or printed card: the classifier on generated frames of each kind, and what it records.

The frames come from the project's generators (benchmarks/qr_phone_corpus.py:
VNeID/VssID phones in light and dark mode, printed cards; benchmarks/qr_corpus.py:
mild printed cards). A wrong call is worse than "unknown", so the tests insist on
no wrong call at all and on a floor of right ones.
"""

import numpy as np
import pytest

from benchmarks import qr_corpus, qr_phone_corpus
from devkit.simulator.citizens import CITIZENS
from kiosk.checkin.identify import identity_from_card_qr, identity_from_qr
from readers.qr.medium import Medium, classify_medium
from readers.qr.parse import parse_card_qr

HD = (1920, 1080)


def _calls(kind: str, n: int, size=HD) -> list[Medium]:
    return [classify_medium(s.frame) for s in qr_phone_corpus.generate(n, size, kinds=(kind,))]


@pytest.mark.parametrize("kind", ["vneid", "vssid"])
def test_phone_screens_are_called_screen_never_print(kind):
    calls = _calls(kind, 8)
    assert Medium.PRINT not in calls
    assert calls.count(Medium.SCREEN) >= 5, calls


def test_a_dark_mode_screen_is_a_screen():
    dark = [s for s in qr_phone_corpus.generate(8, HD, kinds=("vssid",)) if s.conditions["dark_mode"]]
    assert dark and all(classify_medium(s.frame) is Medium.SCREEN for s in dark)


@pytest.mark.parametrize("kind", ["card-moderate", "card-severe"])
def test_printed_cards_are_never_called_screen(kind):
    calls = _calls(kind, 8)
    assert Medium.SCREEN not in calls
    assert Medium.PRINT in calls, calls


def test_mild_printed_cards_are_print_or_unknown():
    calls = [classify_medium(s.frame) for s in qr_corpus.generate(8, size=HD, levels=("mild",))]
    assert Medium.SCREEN not in calls and calls.count(Medium.PRINT) >= 2, calls


def test_frames_without_a_code_or_of_the_wrong_kind_are_unknown():
    assert classify_medium(np.full((720, 1280), 128, np.uint8)) is Medium.UNKNOWN
    assert classify_medium(np.zeros((720, 1280, 3), np.uint8)) is Medium.UNKNOWN
    assert classify_medium(np.random.default_rng(1).integers(0, 255, (720, 1280), dtype=np.uint8)) is Medium.UNKNOWN


def test_a_screen_records_vneid_or_vssid_print_and_unknown_keep_the_source():
    c = next(c for c in CITIZENS if c.bhyt_code)
    cccd, bhyt = parse_card_qr(c.qr_text()), parse_card_qr(c.bhyt_qr_text())
    assert identity_from_card_qr(cccd, "screen").presented_as == "vneid"
    assert identity_from_card_qr(bhyt, "screen").presented_as == "vssid"
    for medium in ("print", "unknown", None):
        assert identity_from_card_qr(cccd, medium).presented_as == "id_qr"
        assert identity_from_card_qr(bhyt, medium).presented_as == "insurance_card"
    assert identity_from_qr(c.qr_text()).presented_as == "id_qr"          # a USB scanner cannot tell
    assert identity_from_qr(c.bhyt_qr_text(), medium="screen").presented_as == "vssid"
