"""The assist bar on every screen: "A+" (large text, high contrast) and "Cần trợ giúp" (issue 18 items 3, 4)."""

from __future__ import annotations

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from devkit.simulator.citizens import by_key
from tests.ui.helpers import on_screen, tap
from ui import theme


def _text_sizes(window) -> dict[int, int]:
    """Pixel size of every visible text widget, by widget."""
    return {id(w): QFontInfo(w.font()).pixelSize() for w in window.findChildren(QWidget)
            if isinstance(w, (QLabel, QAbstractButton, QLineEdit)) and w.isVisible()}


def _paper(window):
    """The colour of a blank corner of the current screen, as painted."""
    screen = window.stack.currentWidget()
    image = screen.grab().toImage()
    return image.pixelColor(image.width() - 3, image.height() - 3).name().upper()


def test_one_touch_enlarges_every_text_at_least_one_and_a_half_times(qtbot, kiosk):
    win = kiosk.window
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    qtbot.wait(5)
    before = _text_sizes(win)
    assert _paper(win) == theme.STANDARD_PALETTE.paper
    tap(qtbot, win.assist.large_text)
    qtbot.wait(5)
    after = _text_sizes(win)
    assert win.large_text and after.keys() == before.keys() and len(before) > 8
    small = {k: (before[k], after[k]) for k in before if after[k] < 1.5 * before[k] - 0.5}
    assert small == {}
    assert _paper(win) == theme.HIGH_CONTRAST_PALETTE.paper     # the AAA palette is what is painted


def test_large_text_lasts_for_the_session_and_is_wiped_with_it(qtbot, kiosk):
    win = kiosk.window
    tap(qtbot, win.assist.large_text)              # at the idle screen, before the card
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    on_screen(qtbot, kiosk, "department")
    assert win.large_text and win.assist.large_text.isChecked() and win.assist.large_text.text() == "A−"
    kiosk.idle.expired.emit()                      # the patient walked away
    on_screen(qtbot, kiosk, "idle")
    assert not win.large_text and not win.assist.large_text.isChecked()
    assert win.assist.large_text.text() == "A+" and _paper(win) == theme.STANDARD_PALETTE.paper


def test_a_second_touch_goes_back_to_the_standard_look(qtbot, kiosk):
    win = kiosk.window
    tap(qtbot, win.assist.large_text)
    tap(qtbot, win.assist.large_text)
    assert not win.large_text and win.styleSheet() == theme.kiosk_style(theme.STANDARD)


def _help_rows(simulator) -> list[dict]:
    """The hospital system's lobby rows that are help requests."""
    import requests

    from devkit.kiosk_config import DEV_KIT_API_KEY
    from devkit.simulator.app import hospital_url
    r = requests.get(hospital_url(simulator) + "/lobby", headers={"X-Api-Key": DEV_KIT_API_KEY}, timeout=10)
    assert r.status_code == 200, r.text
    return [row for row in r.json()["rows"] if row["reason"] == "help"]


def test_help_tells_the_patient_staff_are_coming_and_reaches_the_lobby(qtbot, kiosk, simulator):
    win = kiosk.window
    citizen = by_key("valid")
    kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    tap(qtbot, win.assist.help)
    overlay = win.help_overlay
    assert overlay.isVisible()
    qtbot.waitUntil(lambda: overlay.state == "sent", timeout=5000)
    assert overlay.title.text() == "Đã báo nhân viên"
    assert "Nhân viên đang đến giúp bạn" in overlay.message.text()
    assert win.current == "confirm"                 # the patient's place is kept under the message
    tap(qtbot, overlay.close_button)
    assert not overlay.isVisible() and confirm.yes.isVisible()
    # the kiosk's outbox delivers it to the hospital system: every desk's lobby shows where, never who
    qtbot.waitUntil(lambda: len(_help_rows(simulator)) == 1, timeout=15000)
    row = _help_rows(simulator)[0]
    assert (row["kind"], row["state"], row["screen"], row["kiosk_id"]) == ("referral", "open", "confirm",
                                                                            kiosk.config.kiosk.id)
    assert citizen.full_name not in str(row) and citizen.id_number not in str(row)
    tap(qtbot, win.assist.help)                     # pressed again while waiting: the same request
    qtbot.waitUntil(lambda: overlay.state == "sent", timeout=5000)
    qtbot.wait(300)
    assert len(_help_rows(simulator)) == 1


def test_help_in_english_after_the_switch(qtbot, kiosk):
    win = kiosk.window
    tap(qtbot, win.language_button)
    qtbot.waitUntil(lambda: win.assist.help.text() == "Need help")
    tap(qtbot, win.assist.help)
    qtbot.waitUntil(lambda: win.help_overlay.state == "sent", timeout=5000)
    assert win.help_overlay.title.text() == "Staff have been told"


def test_a_kiosk_that_cannot_send_help_sends_the_patient_to_the_counter(qtbot, config):
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    services = KioskServices.open(config, offline_queue=False)     # no outbox: nothing carries the request
    kiosk = build_kiosk(services)
    try:
        kiosk.window.resize(1080, 1920)
        kiosk.window.show()
        tap(qtbot, kiosk.window.assist.help)
        overlay = kiosk.window.help_overlay
        qtbot.waitUntil(lambda: overlay.state == "failed", timeout=5000)
        assert overlay.title.text() == "Chưa gọi được nhân viên" and "quầy tiếp đón" in overlay.message.text()
    finally:
        kiosk.close()
        services.close()


def test_the_help_message_is_gone_after_the_reset(qtbot, kiosk):
    win = kiosk.window
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    tap(qtbot, win.assist.help)
    kiosk.controller.reset()                       # walked away while the request was on its way
    assert kiosk.help_runner.wait(5000)
    qtbot.wait(50)                                 # the answer arrived: it must not bring the message back
    assert not win.help_overlay.isVisible() and win.current == "idle"


def test_wrapping_buttons_paint_their_words_in_the_looks_text_colour(qtbot, kiosk):
    from PySide6.QtGui import QPalette
    win = kiosk.window
    priority = win.screens["priority"]
    priority.suggest("over-80")                  # one group pre-selected: its button is checked
    win.show_screen("priority")
    for look in (theme.STANDARD, theme.LARGE):
        win.set_large_text(look is theme.LARGE)
        qtbot.wait(5)
        colours = {key: b.words.palette().color(QPalette.ColorRole.WindowText).name().upper()
                   for key, b in priority.buttons.items()}
        p = look.palette
        assert colours.pop("over-80") == p.on_primary.upper()     # on the primary colour of the checked button
        assert set(colours.values()) == {p.ink.upper()}


def test_a_help_request_nobody_took_is_not_called_sent(qtbot, config):
    from kiosk.services import KioskServices
    from ui.kiosk_app import KioskApp
    services = KioskServices.open(config, start=False)
    kiosk = KioskApp(config, services.new_checkin(), request_help=lambda screen: None)   # e.g. no queue
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        tap(qtbot, kiosk.window.assist.help)
        qtbot.waitUntil(lambda: kiosk.window.help_overlay.state == "failed", timeout=5000)
    finally:
        kiosk.close()
        services.close()
