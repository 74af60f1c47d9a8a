"""Small screens say one thing once (issue 19 item 9)."""

from __future__ import annotations

from kiosk.checkin.flow import pending_result
from kiosk.domain import Identity, IdentitySource
from tests.ui.helpers import on_screen


def test_pending_screen_says_it_once(qtbot, kiosk):
    from datetime import datetime
    result = pending_result(Identity("079088001234", "X", "1988", IdentitySource.TYPED), "down", datetime.now())
    win = kiosk.window
    win.screens["pending"].show_reason(result.patient_vi, result.patient_en, "vi")
    win.show_screen("pending")
    screen = on_screen(qtbot, kiosk, "pending")
    shown = [w.text() for w in (screen.title, screen.sentence, screen.next_step) if w.isVisible() and w.text()]
    assert len(shown) == 2 and not any("kiểm tra lại" in t for t in shown[:1])
    assert sum("kiểm tra" in t for t in shown) <= 2      # the title says it, the next step says what happens
