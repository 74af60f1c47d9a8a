"""Touch targets of at least 64 px, body text of at least 24 px, on every kiosk screen; staff PIN exit."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from devkit.kiosk_config import DEV_KIT_STAFF_PIN
from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap
from ui.i18n.build import HERE


def check_screen(screen) -> list[str]:
    problems = []
    for b in screen.findChildren(QPushButton):
        if b.isVisible() and (b.height() < 64 or b.width() < 64):
            problems.append(f"button {b.objectName() or b.text()!r} is {b.width()}x{b.height()}")
    for w in [*screen.findChildren(QLabel), *screen.findChildren(QLineEdit), *screen.findChildren(QPushButton)]:
        if w.isVisible() and QFontInfo(w.font()).pixelSize() < 24:
            problems.append(f"{type(w).__name__} {w.objectName()!r} text is {QFontInfo(w.font()).pixelSize()} px")
    return problems


def test_every_screen_on_the_happy_path_has_big_targets_and_text(qtbot, kiosk):
    seen = {}
    seen["idle"] = check_screen(kiosk.window)
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    seen["confirm"] = check_screen(kiosk.window)
    tap(qtbot, kiosk.window.screens["confirm"].yes)
    on_screen(qtbot, kiosk, "department")
    seen["department"] = check_screen(kiosk.window)
    tap(qtbot, kiosk.window.screens["department"].buttons["KNOI"])
    on_screen(qtbot, kiosk, "priority")
    seen["priority"] = check_screen(kiosk.window)
    tap(qtbot, kiosk.window.screens["priority"].none)
    on_screen(qtbot, kiosk, "ticket")
    seen["ticket"] = check_screen(kiosk.window)
    for name in ("keypad", "name", "counter", "unreadable", "staff-pin"):
        kiosk.window.show_screen(name)
        seen[name] = check_screen(kiosk.window)
    assert {k: v for k, v in seen.items() if v} == {}


def test_staff_exit_needs_the_configured_pin(qtbot, kiosk):
    exits = []
    kiosk.staff_exit.connect(lambda: exits.append(1))
    tap(qtbot, kiosk.window.staff_button)
    pin = on_screen(qtbot, kiosk, "staff-pin")
    for d in "1111":
        tap(qtbot, pin.pad.digit_buttons[d])
    tap(qtbot, pin.pad.ok)
    assert exits == [] and pin.message.kind == "bad" and pin.pad.text() == ""
    for d in DEV_KIT_STAFF_PIN:
        tap(qtbot, pin.pad.digit_buttons[d])
    tap(qtbot, pin.pad.ok)
    assert exits == [1]


def test_missing_translation_binary_is_compiled_on_the_fly(qtbot):
    from ui.i18n import LanguageSwitch
    qm = HERE / "kiosk_en.qm"
    qm.unlink(missing_ok=True)
    switch = LanguageSwitch("en")
    assert switch.language == "en" and qm.exists()
    switch.set("vi")
