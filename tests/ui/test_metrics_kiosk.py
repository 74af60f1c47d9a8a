"""The kiosk window starts a check-in's time at the patient's first touch, not at the identification,
and the root's metrics count the check-in the window finished."""

from __future__ import annotations

import time

from prometheus_client.parser import text_string_to_metric_families

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap

WAIT_S = 0.6


def test_the_checkin_time_runs_from_the_first_touch_to_the_ticket(qtbot, kiosk):
    assert kiosk.flow.touched_at is None
    kiosk.controller.start_typing()                  # the patient's first touch: the keypad
    on_screen(qtbot, kiosk, "keypad")
    touched = kiosk.flow.touched_at
    assert touched is not None and kiosk.flow.identity is None
    qtbot.wait(int(WAIT_S * 1000))                   # then finds the card's QR after all
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket")
    elapsed = time.monotonic() - touched
    samples = {s.name: s for f in text_string_to_metric_families(kiosk.services.metrics.exposition()[0].decode())
               for s in f.samples if s.labels.get("method") == "qr"}
    assert samples["kiosk_checkins_total"].labels["outcome"] == "verified"
    assert samples["kiosk_checkin_duration_seconds_count"].value == 1
    assert WAIT_S <= samples["kiosk_checkin_duration_seconds_sum"].value <= elapsed
    kiosk.controller.reset()
    qtbot.waitUntil(lambda: kiosk.flow.touched_at is None)   # the next patient's time starts with them
