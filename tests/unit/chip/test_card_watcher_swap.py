"""The card watcher hears a card lifted and another laid down between two of its looks.

pcsc-lite (and Windows) count insertions and removals in the high word of a
reader's event state; "present" alone stays True across such a swap. The
kiosk's take-your-card reminder and a new patient's placement depend on the
removal being reported. The reader states below are what SCardGetStatusChange
returns (values checked on pcscd + vpcd: insert 72 → 73, reset/unpower 73, remove 74).
"""

from __future__ import annotations

from types import SimpleNamespace

from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED, CardWatcher

SC = SimpleNamespace(SCARD_STATE_PRESENT=0x20, SCARD_STATE_MUTE=0x200)
READER = "Virtual PCD 00 00"
ATR = [0x3B, 0x80]


def _state(count: int, present: bool) -> tuple[str, int, list[int]]:
    return READER, (count << 16) | (SC.SCARD_STATE_PRESENT if present else 0), ATR if present else []


def _watch(*looks) -> list[str]:
    events = []
    watcher = CardWatcher(events.append)
    for look in looks:
        watcher._diff(SC, [look])
    return [e.kind for e in events]


def test_a_swap_between_two_looks_is_a_removal_then_an_insertion():
    assert _watch(_state(73, True), _state(75, True)) == [CARD_INSERTED, CARD_REMOVED, CARD_INSERTED]


def test_the_same_card_looked_at_again_reports_nothing_new():
    # a reset or power-down of the card (our own read's disconnect) leaves the counter alone
    assert _watch(_state(73, True), _state(73, True), _state(73, True)) == [CARD_INSERTED]


def test_plain_insert_and_remove_as_before():
    assert _watch(_state(72, False), _state(73, True), _state(74, False)) == [CARD_INSERTED, CARD_REMOVED]


def test_a_reader_without_the_counter_falls_back_to_presence():
    assert _watch(_state(0, True), _state(0, True), _state(0, False)) == [CARD_INSERTED, CARD_REMOVED]
