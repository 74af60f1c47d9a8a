"""Small helpers for driving the kiosk like a patient would."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget


def tap(qtbot, widget) -> None:
    """A touch on a visible, enabled button."""
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def on_screen(qtbot, kiosk, name: str, timeout: int = 6000):
    """Wait for screen ``name`` and return it."""
    qtbot.waitUntil(lambda: kiosk.window.current == name, timeout=timeout)
    return kiosk.window.screens[name]


def all_texts(root: QWidget) -> list[str]:
    """Every text any widget under ``root`` holds (shown or not)."""
    texts = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(w.text())
        elif isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
        texts.append(w.toolTip())
        texts.append(w.accessibleName())
    return [t for t in texts if t]


@contextmanager
def station_window(qtbot, config, services, lobby=None):
    """The reception station on ``services`` (a :class:`kiosk.services.KioskServices`), shown at 1200x700.

    ``lobby`` is the port it reads (default: ``services.lobby``, the real client of the hospital system).
    """
    from ui.app import build_station
    window = build_station(services, lobby, feed_wait=2.0)
    window.resize(1200, 700)
    window.show()
    try:
        yield window
    finally:
        window.close()          # stops the feed, waits for background work
        window.deleteLater()
        qtbot.wait(20)


def override_the_only_row(qtbot, station, reason: str, staff: str = "Lễ Tân Một"):
    """Claim the station's one referral and open the override form on it, reason and staff filled in."""
    tab = station.checkins
    qtbot.waitUntil(lambda: len(tab.shown_ids()) == 1, timeout=5000)
    tab.select_id(tab.shown_ids()[0])
    tap(qtbot, tab.buttons["claim"])
    tap(qtbot, tab.yes)
    qtbot.waitUntil(lambda: tab.buttons["override"].isVisible(), timeout=5000)
    tap(qtbot, tab.buttons["override"])
    tap(qtbot, tab.yes)
    form = station.override
    qtbot.waitUntil(lambda: form.department.count() > 0 and station.tabs.currentWidget() is form, timeout=5000)
    form.reason.setText(reason)
    form.staff.setText(staff)
    return form
