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
def station_window(qtbot, config, services):
    """The reception station on ``services`` (a :class:`kiosk.services.KioskServices`), shown at 1200x700."""
    from ui.app import build_station
    window = build_station(services)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    try:
        yield window
    finally:
        window.close()


def override_the_only_row(qtbot, station, reason: str, staff: str = "Lễ Tân Một"):
    """Open the station's override form on its one check-in row, with the reason and staff filled in."""
    station.refresh()
    qtbot.waitUntil(lambda: station.checkins.table.rowCount() == 1, timeout=5000)
    station.checkins.table.selectRow(0)
    tap(qtbot, station.checkins.override)
    form = station.override
    qtbot.waitUntil(lambda: form.department.count() > 0 and station.tabs.currentWidget() is form, timeout=5000)
    form.reason.setText(reason)
    form.staff.setText(staff)
    return form
