"""Walk-away, idle reset and double taps: nothing of the patient survives, nothing is done twice."""

from __future__ import annotations

import dataclasses

import pytest

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.checkin import Action, Stage, State
from tests.ui.helpers import all_texts, on_screen, tap


@pytest.fixture
def config(config):
    """Idle timers short enough for a test (the real ones are checked to be >= 30 s / >= 20 s)."""
    return dataclasses.replace(config, kiosk=dataclasses.replace(
        config.kiosk, idle_reset_seconds=1.6, idle_warning_seconds=1.0))


def personal_bits(citizen) -> list[str]:
    return [citizen.full_name, citizen.id_number, citizen.id_number[-4:], str(citizen.birth.year),
            citizen.full_name.split()[-1]]


def assert_no_trace(kiosk, citizen) -> None:
    texts = all_texts(kiosk.window)
    for bit in personal_bits(citizen):
        assert not any(bit in t for t in texts), f"{bit!r} still on a widget"
    flow = kiosk.flow
    assert flow.state == State.IDLE
    assert flow.identity is None and flow.eligibility is None and flow.ticket is None
    journey = kiosk.controller.journey
    assert journey.stage is Stage.IDLE
    assert journey.outcome is None and journey.typed == {} and journey.department == ""
    assert kiosk.window.screens["ticket"]._ticket is None
    assert kiosk.window.screens["ticket"].qr.pixmap().isNull()


def test_idle_warning_counts_down_then_wipes_everything(qtbot, kiosk):
    citizen = by_key("elderly")
    kiosk.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").buttons["over-80"])
    on_screen(qtbot, kiosk, "ticket")
    overlay = kiosk.window.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    assert "giây" in overlay.countdown.text() and any(ch.isdigit() for ch in overlay.countdown.text())
    on_screen(qtbot, kiosk, "idle", timeout=4000)
    assert not overlay.isVisible()
    assert_no_trace(kiosk, citizen)


def test_a_touch_during_the_warning_keeps_the_session(qtbot, kiosk):
    kiosk.qr_text(by_key("valid").qr_text())
    on_screen(qtbot, kiosk, "confirm")
    overlay = kiosk.window.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=3000)
    tap(qtbot, overlay.stay)
    assert not overlay.isVisible()
    assert kiosk.window.current == "confirm"


def test_patient_walks_away_while_the_gateway_is_slow(qtbot, kiosk, simulator):
    """The reset lands while the gateway call is in flight; its late answer must not resurrect anything."""
    citizen = by_key("valid")
    simulator.faults.set("gateway.lookup", Fault("slow", 1.2))
    kiosk.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    on_screen(qtbot, kiosk, "reading")
    tap(qtbot, kiosk.window.restart_button)          # the patient (or the idle timer) gives up
    on_screen(qtbot, kiosk, "idle")
    qtbot.waitUntil(lambda: not kiosk.runner.busy, timeout=5000)   # the slow answer has arrived
    assert kiosk.window.current == "idle"
    assert_no_trace(kiosk, citizen)


def test_double_tap_registers_once(qtbot, kiosk, simulator):
    kiosk.qr_text(by_key("valid").qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    tap(qtbot, confirm.yes)
    confirm.yes.click()                           # the second tap of a double tap (button disabled)
    dept = on_screen(qtbot, kiosk, "department")
    tap(qtbot, dept.buttons["KNOI"])
    dept.buttons["KNOI"].click()
    prio = on_screen(qtbot, kiosk, "priority")
    tap(qtbot, prio.none)
    prio.none.click()
    kiosk.controller._register("")                # even a second answer reaching the controller
    assert kiosk.controller.journey.allows(Action.PRIORITY) is False   # the core refuses it
    on_screen(qtbot, kiosk, "ticket")
    qtbot.waitUntil(lambda: not kiosk.runner.busy, timeout=5000)
    assert simulator.hospital_state.count() == 1
    assert kiosk.window.current == "ticket"


def test_second_check_in_same_day_returns_the_same_ticket(qtbot, kiosk, simulator):
    numbers = []
    for visit in range(2):
        kiosk.qr_text(by_key("valid").qr_text())
        tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
        if visit == 0:
            tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
            tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
        else:   # told at once, nothing asked for nothing
            tap(qtbot, on_screen(qtbot, kiosk, "returning").primary)
        numbers.append(on_screen(qtbot, kiosk, "ticket").number.text())
        tap(qtbot, kiosk.window.screens["ticket"].finish)
        on_screen(qtbot, kiosk, "idle")
    assert numbers[0] == numbers[1]
    assert simulator.hospital_state.count() == 1


def test_a_second_card_mid_session_is_ignored(qtbot, kiosk):
    kiosk.qr_text(by_key("valid").qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    kiosk.qr_text(by_key("elderly").qr_text())
    qtbot.wait(100)
    assert confirm.name.text() == by_key("valid").full_name
