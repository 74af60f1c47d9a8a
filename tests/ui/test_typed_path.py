"""The typed path asks only what the gateway needs and offers the card first (issue 19 item 8)."""

from __future__ import annotations

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap
from tests.ui.test_inputs import touch_letters


def test_typed_path_takes_the_birth_year_only_and_counts_its_touches(qtbot, kiosk, simulator):
    c = by_key("valid")
    touches = 0

    def touch(widget):
        nonlocal touches
        tap(qtbot, widget)
        touches += 1

    touch(kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    assert keypad.offer.isVisible() and "QR" in keypad.offer.text()    # the card first
    for d in c.id_number:
        touch(keypad.pad.digit_buttons[d])
    touch(keypad.pad.ok)
    for d in c.birth.strftime("%Y"):
        touch(keypad.pad.digit_buttons[d])
    assert keypad.pad.ok.isEnabled()                  # 4 digits complete the birth step
    touch(keypad.pad.ok)
    name = on_screen(qtbot, kiosk, "name")
    before = touches
    touch_letters(qtbot, name, "TRAN VAN BINH")
    touches += len("TRAN VAN BINH")
    touch(name.ok)
    touch(on_screen(qtbot, kiosk, "confirm").yes)
    touch(on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    touch(on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket", timeout=10000)
    # 1 + 12 + 1 + 4 + 1 + name + 1 + 3: four fewer than the 8-digit birth date it replaces
    assert before == 19 and touches == 36
    body = simulator.hospital_state.body_for(kiosk.flow.registration.client_id)
    assert body["xml0"]["NGAY_SINH"] == c.birth.strftime("%Y%m%d") + "0000"   # the full date, from the insurer


def test_a_qr_shown_while_typing_is_taken_at_once(qtbot, kiosk):
    tap(qtbot, kiosk.window.screens["idle"].type_button)
    keypad = on_screen(qtbot, kiosk, "keypad")
    tap(qtbot, keypad.pad.digit_buttons["0"])
    kiosk.qr_text(by_key("valid").qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    assert confirm.name.text() == by_key("valid").full_name
