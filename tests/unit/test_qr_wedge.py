"""Keyboard-wedge scanners: bursts vs typing, and the mangled-text warnings."""

import re

import pytest

from devkit.simulator.citizens import by_key
from readers.qr.parse import parse_card_qr
from readers.qr.wedge import KeyboardWedge, mangling_problem

CARD = by_key("valid").qr_text()


def _type(wedge, text, gap, start=0.0):
    t = start
    out = None
    for ch in text:
        assert wedge.feed(ch, t) is None
        t += gap
    out = wedge.feed("Enter", t)
    return out, t


def test_a_fast_burst_ending_in_enter_is_a_scan_with_diacritics_intact():
    scan, _ = _type(KeyboardWedge(max_gap_s=0.03), CARD, 0.004)
    assert scan.text == CARD and scan.problem is None and scan.via == "keyboard"
    assert parse_card_qr(scan.text).id_number == "079088001234"


def test_human_typing_is_not_a_scan():
    assert _type(KeyboardWedge(max_gap_s=0.03), "079088001234", 0.2)[0] is None


def test_a_pause_inside_the_burst_drops_what_came_before():
    wedge = KeyboardWedge(max_gap_s=0.03)
    _, t = _type(wedge, "garbage-typed-slowly", 0.004)  # ended by Enter: a short... scan of junk
    for ch in "12345":
        wedge.feed(ch, t + 1.0)
    scan, _ = _type(wedge, CARD, 0.004, start=t + 5.0)
    assert scan.text == CARD


def test_short_bursts_and_modifier_keys():
    wedge = KeyboardWedge(max_gap_s=0.03, min_length=8)
    assert _type(wedge, "1234", 0.001)[0] is None
    assert wedge.feed("Shift", 10.0) is None
    scan, _ = _type(wedge, "]Q1" + CARD, 0.001, start=10.001)
    assert scan.text == CARD  # AIM symbology prefix stripped


def test_runaway_input_is_bounded():
    wedge = KeyboardWedge(max_gap_s=1.0, max_length=100)
    scan, _ = _type(wedge, "x" * 1050, 0.001)
    assert scan is not None and len(scan.text) <= 100


@pytest.mark.parametrize("mangled, why", [
    (CARD.replace("ầ", "?").replace("ì", "?"), "'?'"),
    ("079088001234|025123456|Tran Van Binh|14031988|Nam|12 Duong So 7, Quan 1|02062021", "accents"),
    (CARD.encode("utf-8").decode("cp1252", errors="replace"), "garbled|UTF-8"),
    (CARD.encode("utf-8").decode("latin-1"), "garbled"),
    (CARD.replace("079088001234", "àèçà__àà&é\"'"), "symbols"),  # AZERTY without Shift
    (CARD.replace("|", "¦"), "separators"),
    (by_key("valid").bhyt_qr_text().replace("|", "<"), "separators"),
    (CARD.rsplit("|", 1)[0], "fields"),
    (CARD.replace("Trần", "Tr\ufffdn"), "UTF-8"),
])
def test_mangled_card_text_gets_a_clear_warning(mangled, why):
    problem = mangling_problem(mangled)
    assert problem is not None and re.search(why, problem), problem


@pytest.mark.parametrize("clean", [CARD, by_key("wrong-route").qr_text(), by_key("valid").bhyt_qr_text(),
                                   "https://example.org", ""])
def test_clean_text_gets_no_warning(clean):
    assert mangling_problem(clean) is None


def test_no_real_card_text_is_flagged():
    from devkit.simulator.citizens import CITIZENS
    texts = [c.qr_text() for c in CITIZENS] + [c.bhyt_qr_text() for c in CITIZENS if c.bhyt_code]
    texts += [t.upper() for t in texts]  # 2024 cards print names in capitals
    assert [t for t in texts if mangling_problem(t)] == []


def test_the_long_15_field_insurance_qr_ending_in_dollar_is_one_clean_scan():
    from devkit.simulator.insurance_qr import vssid_qr_text
    text = vssid_qr_text(by_key("valid-female"))
    assert text.endswith("|$") and len(text.split("|")) == 15 and len(text) > 250
    scan, _ = _type(KeyboardWedge(max_gap_s=0.03), "]Q1" + text, 0.004)   # AIM prefix, as many scanners send
    assert scan.text == text and scan.problem is None
    card = parse_card_qr(scan.text)
    assert (card.card_number, card.full_name) == ("HC4010200000002", "Nguyễn Thị Hồng Nhung")
    # a pause in the middle of the long burst (a wedge scanner that stalls) loses the scan, never half of it
    wedge = KeyboardWedge(max_gap_s=0.03)
    for i, ch in enumerate(text[:100]):
        wedge.feed(ch, i * 0.004)
    for i, ch in enumerate(text[100:]):
        wedge.feed(ch, 1.0 + i * 0.004)
    tail = wedge.feed("Enter", 1.0 + len(text) * 0.004)
    assert tail is None or not tail.text.startswith("HC4")
