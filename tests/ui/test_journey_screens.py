"""The controller as a thin mapping from the core's journey to the screens (one table), on the real simulator."""

from __future__ import annotations

from devkit.simulator.citizens import by_key
from kiosk.checkin import Stage
from tests.ui.helpers import on_screen, tap
from ui.kiosk_controller import SCREEN_OF


def test_every_stage_has_a_screen_in_the_window(kiosk):
    assert set(SCREEN_OF) == set(Stage)
    missing = {stage for stage, (name, _) in SCREEN_OF.items() if name not in kiosk.window.screens}
    assert missing == {Stage.LEAVING}           # LEAVING keeps the notice showing
    assert SCREEN_OF[Stage.LEAVING][0] == ""


def test_the_screen_shown_is_the_one_the_journey_stage_maps_to(qtbot, kiosk):
    stages = []
    kiosk.controller.stage_changed.connect(stages.append)
    kiosk.qr_text(by_key("valid").qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm").yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department").buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    on_screen(qtbot, kiosk, "ticket")
    journey = kiosk.controller.journey
    assert journey.stage is Stage.TICKET and SCREEN_OF[journey.stage][0] == kiosk.window.current
    # the answer may land before or after the "yes"; the stages around it are always these
    assert stages[:2] == [Stage.IDENTIFYING, Stage.CONFIRM]
    assert stages[-4:] == [Stage.DEPARTMENT, Stage.PRIORITY, Stage.REGISTERING, Stage.TICKET]
    assert Stage.LOADING_DEPARTMENTS in stages


def test_a_tap_on_a_screen_already_left_is_refused_by_the_journey(qtbot, kiosk, simulator):
    kiosk.qr_text(by_key("valid").qr_text())
    confirm = on_screen(qtbot, kiosk, "confirm")
    tap(qtbot, confirm.yes)
    dept = on_screen(qtbot, kiosk, "department")
    tap(qtbot, dept.buttons["KNOI"])
    on_screen(qtbot, kiosk, "priority")
    # late signals from screens no longer showing (a queued touch, a slow double tap)
    confirm.rejected.emit()
    dept.chosen.emit("NGOAI")
    kiosk.window.screens["ticket"].done.emit()
    kiosk.window.screens["counter"].proceed.emit()
    assert kiosk.window.current == "priority"
    assert kiosk.controller.journey.department == "KNOI"
    tap(qtbot, kiosk.window.screens["priority"].none)
    ticket = on_screen(qtbot, kiosk, "ticket")
    assert ticket.number.text().startswith("NOI")     # internal medicine, not the late surgery tap
    assert simulator.hospital_state.count() == 1
