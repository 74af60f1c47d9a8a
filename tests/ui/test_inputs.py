"""The ways in besides the camera: the typed path on the keypad, and a keyboard-wedge scanner."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap


def touch_letters(qtbot, name_screen, text: str) -> None:
    for ch in text:
        tap(qtbot, name_screen.space if ch == " " else name_screen.findChild(type(name_screen.ok), f"letter_{ch}"))


def test_typed_id_birth_and_name_reach_the_ticket(qtbot, kiosk):
    c = by_key("valid")
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    for d in c.id_number:
        tap(qtbot, keypad.pad.digit_buttons[d])
    assert keypad.entry.text() == c.id_number
    tap(qtbot, keypad.pad.ok)
    assert keypad.mode == "birth"
    for d in c.birth.strftime("%Y"):                # the year is all the gateway needs
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    name = on_screen(qtbot, kiosk, "name")
    touch_letters(qtbot, name, "TRAN VAN BINH")
    assert name.entry.text() == "TRAN VAN BINH"
    tap(qtbot, name.ok)
    confirm = on_screen(qtbot, kiosk, "confirm")
    assert confirm.id_tail.text().endswith(c.id_number[-4:])
    tap(qtbot, confirm.yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket")


def test_a_typo_in_the_id_is_caught_before_the_gateway(qtbot, kiosk):
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    for ch in "079288001234":                     # century digit says born in the 2000s
        qtbot.keyClick(keypad, ch)
        qtbot.wait(60)                             # a person, not a scanner
    qtbot.keyClick(keypad, Qt.Key.Key_Return)
    for d in "1988":
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    name = on_screen(qtbot, kiosk, "name")
    touch_letters(qtbot, name, "TRAN VAN BINH")
    tap(qtbot, name.ok)
    keypad = on_screen(qtbot, kiosk, "keypad")
    assert keypad.hint.kind == "bad" and keypad.mode == "id"


@pytest.fixture
def config(config):
    """A keyboard-wedge USB scanner is configured."""
    return dataclasses.replace(config, scanner=dataclasses.replace(config.scanner, kind="keyboard"))


def test_keyboard_wedge_scanner_burst_identifies(qtbot, kiosk):
    c = by_key("elderly")
    target = QApplication.focusWidget() or kiosk.window    # where Qt sends key presses
    # A scanner "types" the whole code (Vietnamese letters included) in a burst, then Enter.
    for ch in c.qr_text():
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                               Qt.KeyboardModifier.NoModifier, ch))
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return,
                                           Qt.KeyboardModifier.NoModifier, "\r"))
    confirm = on_screen(qtbot, kiosk, "confirm")
    assert confirm.name.text() == c.full_name


def test_a_mangled_scan_is_refused_not_guessed(qtbot, kiosk):
    text = by_key("valid").qr_text().replace("Trần Văn Bình", "Tr?n V?n B?nh")
    target = QApplication.focusWidget() or kiosk.window
    for ch in text + "\r":
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key.Key_unknown
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, ch))
    notice = on_screen(qtbot, kiosk, "unreadable")
    assert "camera" in notice.sentence.text()
