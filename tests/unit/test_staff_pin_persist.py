"""The staff-PIN lockout survives a restart: its state lives in a 0600 file of the data folder."""

import logging
import stat

from devkit.kiosk_config import DEV_KIT_STAFF_PIN, dev_kit_pin_hash
from kiosk.staff_pin import STATE_FILE, PinGuard


class Clock:
    def __init__(self, t):
        self.t = t

    def __call__(self):
        return self.t


def make(folder, mono, wall):
    return PinGuard(dev_kit_pin_hash(), max_failures=3, lockout_seconds=600, clock=mono, wall_clock=wall,
                    state_path=folder / STATE_FILE)


def test_a_new_guard_on_the_same_folder_is_still_locked(tmp_path):
    wall = Clock(1_800_000_000.0)
    first = make(tmp_path, Clock(50.0), wall)
    for _ in range(3):
        first.attempt("9137")
        first._not_before = 0.0   # skip the escalating wait between tries
    assert first.state().locked
    path = tmp_path / STATE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "9137" not in path.read_text() and DEV_KIT_STAFF_PIN not in path.read_text()

    wall.t += 100   # the process restarts 100 s later; its monotonic clock starts again
    second = make(tmp_path, Clock(3.0), wall)
    st = second.state()
    assert st.locked and 490 <= st.seconds_left <= 500
    assert second.attempt(DEV_KIT_STAFF_PIN).outcome == "locked"

    wall.t += 600   # after the lock: the right PIN works and clears the file's counts
    third = make(tmp_path, Clock(9.0), wall)
    assert third.attempt(DEV_KIT_STAFF_PIN).outcome == "ok"
    assert make(tmp_path, Clock(1.0), wall).lockouts == 0


def test_a_damaged_state_file_locks_for_the_minimum_and_is_logged_without_content(tmp_path, caplog):
    (tmp_path / STATE_FILE).write_text('{"failures": "SECRET-CONTENT')
    with caplog.at_level(logging.WARNING):
        g = make(tmp_path, Clock(0.0), Clock(1_800_000_000.0))
    st = g.state()
    assert st.locked and st.seconds_left == 600
    assert "damaged" in caplog.text and "SECRET-CONTENT" not in caplog.text
