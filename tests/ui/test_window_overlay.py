"""The help and walk-away overlays (ui/window_overlay.py): they cover the whole window, above the
screen, and keep covering it when the window changes size; hiding one leaves the screen as it was."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.help_overlay import HelpOverlay
from ui.timeout_overlay import TimeoutOverlay


@pytest.fixture
def window(qtbot):
    win = QWidget()
    win.screen_text = QLabel("màn hình đang dùng", win)
    QVBoxLayout(win).addWidget(win.screen_text)
    qtbot.addWidget(win)
    win.resize(800, 600)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize("make, show", [
    (TimeoutOverlay, lambda o: o.show_countdown(20)),
    (HelpOverlay, lambda o: o.show_state("sending")),
])
def test_an_overlay_covers_the_whole_window_and_follows_its_size(qtbot, window, make, show):
    overlay = make(window)
    assert not overlay.isVisible()
    show(overlay)
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    assert window.childAt(window.rect().center()) is not window.screen_text   # laid above the screen
    window.resize(1024, 1280)
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect(), timeout=2000)
    overlay.hide()
    assert window.screen_text.isVisible()
    assert window.childAt(window.screen_text.geometry().center()) is window.screen_text
