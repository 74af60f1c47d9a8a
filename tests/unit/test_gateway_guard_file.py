"""The gateway account's pauses in the data folder: shared between guards, a damaged file fails closed."""

import logging

import pytest

from kiosk.gateway import GatewayAccountBlocked
from kiosk.gateway.guard import STATE_FILE, AccountGuard


def test_a_block_noted_by_one_guard_stops_another_on_the_same_folder(tmp_path):
    now = [1_800_000_000.0]
    first = AccountGuard("79014_BV", block_pause=900, clock=lambda: now[0], state_path=tmp_path / STATE_FILE)
    other = AccountGuard("79014_BV", block_pause=900, clock=lambda: now[0], state_path=tmp_path / STATE_FILE)
    other.check_lookup()
    first.note_blocked()
    with pytest.raises(GatewayAccountBlocked):
        other.check_login()
    now[0] += 901
    other.check_login()


def test_a_damaged_file_counts_as_blocked_and_is_logged_without_content(tmp_path, caplog):
    (tmp_path / STATE_FILE).write_text("{SECRET-CONTENT")
    guard = AccountGuard("79014_BV", clock=lambda: 1_800_000_000.0, state_path=tmp_path / STATE_FILE)
    with caplog.at_level(logging.WARNING), pytest.raises(GatewayAccountBlocked):
        guard.check_lookup()
    assert "damaged" in caplog.text and "SECRET-CONTENT" not in caplog.text
    assert guard.status()["blocked"]
