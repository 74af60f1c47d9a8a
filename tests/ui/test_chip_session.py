"""The kiosk's chip path without pcscd: the core's chip service on an in-process card.

The service, the UI's ChipSession and KioskApp run for real; only the card
(the dev kit's in-process virtual card) and the watcher (fired by the test,
from a thread of its own like pyscard's) stand in for the hardware.
"""

from __future__ import annotations

import dataclasses
import threading
from contextlib import closing

import pytest

from devkit.simulator.citizens import by_key
from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED, CardEvent
from tests.ui.helpers import on_screen, tap

READER = "Virtual PCD 00 00"


class ThreadWatcher:
    """A card watcher whose events the test fires from another thread, as pyscard's does."""

    def __init__(self, on_event) -> None:
        self.on_event = on_event

    def start(self) -> ThreadWatcher:
        return self

    def stop(self) -> None:
        pass

    def fire(self, kind: str) -> None:
        t = threading.Thread(target=self.on_event, args=(CardEvent(kind, READER),), name="fake-watcher")
        t.start()
        t.join(5)


@pytest.fixture
def reader_extra():
    """Overrides of the ``[reader]`` settings (a test parametrizes this name to change them)."""
    return {}


@pytest.fixture
def with_camera():
    """True (a test parametrizes this name): a real folder camera (``kiosk.camera_folder``) over the pad."""
    return False


@pytest.fixture
def chip_kiosk(qtbot, config, tmp_path, reader_extra, with_camera):
    from devkit.simulator.cards import card_profile
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.services import KioskServices
    from ui.app import build_kiosk, camera_factory
    pki = load_or_create(tmp_path / "pki")
    profile = card_profile(by_key("valid"))             # the card lying on the reader
    files = build_files(profile, pki)
    reads = []

    def connect(reader, command_timeout):
        reads.append(threading.current_thread().name)
        return closing(AppletTransport(make_applet(profile, files, None)))
    watchers = []
    cfg = dataclasses.replace(config, reader=dataclasses.replace(config.reader, name=READER,
                                                                 csca_dir=str(pki.csca_path), **reader_extra))
    def chip_factory(services):     # the root's chip service, on the in-process card
        return ChipCheckIn.from_config(
            services.config, connect=connect,
            watcher=lambda on_event: watchers.append(ThreadWatcher(on_event)) or watchers[-1])
    folder = tmp_path / "camera"
    if with_camera:
        folder.mkdir()
        cfg = dataclasses.replace(cfg, camera=dataclasses.replace(cfg.camera, source=str(folder), fps=20))
    services = KioskServices.open(cfg, chip_factory=chip_factory)
    kiosk = build_kiosk(services, chip=services.chip, camera_factory=camera_factory(cfg) if with_camera else None)
    kiosk.window.show()
    kiosk.watcher, kiosk.reads, kiosk.camera_folder = watchers[0], reads, folder
    if with_camera:
        qtbot.waitUntil(lambda: kiosk.camera_streaming, timeout=10000)
    else:
        kiosk.camera_bridge.state.emit("streaming", "")    # what the camera says once it streams (no frames)
    yield kiosk
    kiosk.close()
    services.close()           # closes the chip service too


def test_card_events_reach_the_ui_thread_and_the_qr_opens_the_chip(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=5000)
    reading = on_screen(qtbot, chip_kiosk, "reading")      # the camera now looks for the card's QR
    assert reading.phase_key == "qr" and reading.type_instead.isVisible()
    chip_kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text() == citizen.full_name
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
    assert chip_kiosk.reads and all(name.startswith("pcsc") for name in chip_kiosk.reads)


def test_someone_elses_card_on_the_reader_leaves_the_qr_identity(qtbot, chip_kiosk):
    someone_else = by_key("valid-female")
    chip_kiosk.watcher.fire(CARD_INSERTED)        # the card on the reader is "valid"'s
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=5000)
    chip_kiosk.qr_text(someone_else.qr_text())
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text() == someone_else.full_name
    assert confirm.how.text() == "Đọc từ mã QR trên thẻ căn cước."


def test_without_a_card_the_qr_goes_straight_on(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=5000)
    chip_kiosk.watcher.fire(CARD_REMOVED)
    qtbot.waitUntil(lambda: not chip_kiosk.chip.card_present, timeout=5000)
    chip_kiosk.qr_text(citizen.qr_text())
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.how.text() == "Đọc từ mã QR trên thẻ căn cước."
    assert chip_kiosk.reads == []


def test_typed_id_with_the_card_on_the_reader_reads_the_chip(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=5000)
    tap(qtbot, on_screen(qtbot, chip_kiosk, "reading").type_instead)     # the card lies QR side down
    keypad = on_screen(qtbot, chip_kiosk, "keypad")
    for d in citizen.id_number:
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.name.text() == citizen.full_name
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."


def test_an_answer_already_there_still_arrives_after_the_caller_returns(qtbot, chip_kiosk):
    from concurrent.futures import Future

    from kiosk.chip.service import ChipOutcome
    done, got = Future(), []
    done.set_result(ChipOutcome(None, None, "no_card"))      # e.g. a read that failed at once
    assert chip_kiosk.chip._deliver(done, got.append)
    assert got == []                                          # never re-entrantly, inside the caller
    qtbot.waitUntil(lambda: got == [ChipOutcome(None, None, "no_card")], timeout=2000)


def test_an_answer_after_the_kiosk_closed_is_dropped(qtbot, chip_kiosk, caplog):
    from concurrent.futures import Future

    from kiosk.chip.service import ChipOutcome
    pending, got = Future(), []
    assert chip_kiosk.chip._deliver(pending, got.append)
    chip_kiosk.chip.stop()                                   # what KioskApp.close() does first
    pending.set_result(ChipOutcome(None, None, "card_removed"))   # the read ends afterwards
    qtbot.wait(50)
    assert got == [] and "exception calling callback" not in caplog.text


# --- one placement: the card on the reader, its QR under the camera; then the take-your-card reminder ---

@pytest.mark.parametrize("reader_extra", [{"qr_wait_seconds": 0.3}])
def test_no_qr_in_time_asks_for_the_number_and_the_typed_id_opens_the_chip(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    on_screen(qtbot, chip_kiosk, "reading")
    keypad = on_screen(qtbot, chip_kiosk, "keypad", timeout=5000)     # the bounded wait passed
    assert "Camera chưa đọc được mã QR" in keypad.hint.text()
    for d in citizen.id_number:
        tap(qtbot, keypad.pad.digit_buttons[d])
    tap(qtbot, keypad.pad.ok)
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."


def test_without_a_camera_the_card_goes_straight_to_the_number(qtbot, chip_kiosk):
    chip_kiosk.camera_bridge.state.emit("lost", "")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    keypad = on_screen(qtbot, chip_kiosk, "keypad", timeout=5000)
    assert "Đã nhận thẻ" in keypad.hint.text()


def test_the_qr_seen_just_before_the_reader_reports_the_card_still_reads_the_chip(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.qr_text(citizen.qr_text())           # the camera was a little faster than the reader
    assert chip_kiosk.window.current == "reading"
    chip_kiosk.watcher.fire(CARD_INSERTED)
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
    assert chip_kiosk.reads


def test_the_card_lifted_before_its_qr_was_read_returns_to_idle(qtbot, chip_kiosk):
    chip_kiosk.watcher.fire(CARD_INSERTED)
    on_screen(qtbot, chip_kiosk, "reading")
    chip_kiosk.watcher.fire(CARD_REMOVED)
    on_screen(qtbot, chip_kiosk, "idle")
    assert not chip_kiosk.controller.in_session


def _check_in_to_the_ticket(qtbot, kiosk, citizen):
    kiosk.watcher.fire(CARD_INSERTED)
    on_screen(qtbot, kiosk, "reading")
    kiosk.qr_text(citizen.qr_text())
    tap(qtbot, on_screen(qtbot, kiosk, "confirm", timeout=20000).yes)
    tap(qtbot, on_screen(qtbot, kiosk, "department", timeout=20000).buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, kiosk, "priority").none)
    return on_screen(qtbot, kiosk, "ticket", timeout=20000)


def test_take_your_card_stays_until_the_reader_reports_it_removed(qtbot, chip_kiosk):
    citizen = by_key("valid")
    ticket = _check_in_to_the_ticket(qtbot, chip_kiosk, citizen)
    tap(qtbot, ticket.finish)
    reminder = on_screen(qtbot, chip_kiosk, "take-card")
    assert reminder.title.text() == "Vui lòng lấy lại thẻ"
    chip_kiosk.qr_text(citizen.qr_text())            # the camera still sees the card lying there
    qtbot.wait(300)
    assert chip_kiosk.window.current == "take-card" and chip_kiosk.reads == chip_kiosk.reads[:1]
    chip_kiosk.watcher.fire(CARD_REMOVED)
    on_screen(qtbot, chip_kiosk, "idle")


@pytest.mark.parametrize("reader_extra", [{"take_card_seconds": 1.0}])
def test_take_your_card_is_bounded_when_the_reader_never_reports_the_removal(qtbot, chip_kiosk):
    ticket = _check_in_to_the_ticket(qtbot, chip_kiosk, by_key("valid"))
    tap(qtbot, ticket.finish)
    on_screen(qtbot, chip_kiosk, "take-card")
    on_screen(qtbot, chip_kiosk, "idle", timeout=5000)       # no removal reported: the kiosk goes on


def test_no_reminder_when_the_card_was_already_taken(qtbot, chip_kiosk):
    ticket = _check_in_to_the_ticket(qtbot, chip_kiosk, by_key("valid"))
    chip_kiosk.watcher.fire(CARD_REMOVED)
    qtbot.waitUntil(lambda: not chip_kiosk.chip.card_present, timeout=5000)
    tap(qtbot, ticket.finish)
    on_screen(qtbot, chip_kiosk, "idle")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_placement_screens_fit_every_kiosk_size(qtbot, chip_kiosk, size, language):
    from tests.ui.test_layout_fits import layout_problems
    chip_kiosk.window.resize(*size)
    chip_kiosk.language.set(language)
    chip_kiosk.watcher.fire(CARD_INSERTED)
    reading = on_screen(qtbot, chip_kiosk, "reading")
    qtbot.wait(10)
    assert reading.type_instead.isVisible() and layout_problems(chip_kiosk.window) == []
    chip_kiosk.window.show_screen("take-card")
    qtbot.wait(10)
    assert layout_problems(chip_kiosk.window) == []


@pytest.mark.parametrize("with_camera", [True])
def test_a_card_lifted_as_the_patient_taps_done_is_not_checked_in_again(qtbot, chip_kiosk):
    # The camera still sees the card's QR while the hand lifts it: not the next patient.
    from devkit.simulator.card_photos import clear_cards, show_card
    chip_kiosk.watcher.fire(CARD_INSERTED)
    show_card(chip_kiosk.camera_folder, "valid")          # the card lies QR side up under the camera
    confirm = on_screen(qtbot, chip_kiosk, "confirm", timeout=20000)
    assert confirm.how.text() == "Đọc từ chip, thẻ đã được xác thực."
    tap(qtbot, confirm.yes)
    tap(qtbot, on_screen(qtbot, chip_kiosk, "department", timeout=20000).buttons["KNOI"])
    tap(qtbot, on_screen(qtbot, chip_kiosk, "priority").none)
    ticket = on_screen(qtbot, chip_kiosk, "ticket", timeout=20000)
    screens = []
    chip_kiosk.controller.screen_changed.connect(screens.append)
    tap(qtbot, ticket.finish)
    chip_kiosk.watcher.fire(CARD_REMOVED)                # lifted at once, still in the camera's view
    on_screen(qtbot, chip_kiosk, "idle")
    qtbot.wait(2000)                                     # several camera reads of the card in the hand
    assert chip_kiosk.window.current == "idle" and "reading" not in screens and len(chip_kiosk.reads) == 1
    clear_cards(chip_kiosk.camera_folder)


def test_the_reminder_speaks_the_patients_language_then_the_kiosk_returns_to_vietnamese(qtbot, chip_kiosk):
    ticket = _check_in_to_the_ticket(qtbot, chip_kiosk, by_key("valid"))
    tap(qtbot, chip_kiosk.window.language_button)
    qtbot.waitUntil(lambda: chip_kiosk.language.language == "en")
    tap(qtbot, ticket.finish)
    reminder = on_screen(qtbot, chip_kiosk, "take-card")
    qtbot.waitUntil(lambda: reminder.title.text() == "Please take your card")
    chip_kiosk.watcher.fire(CARD_REMOVED)
    on_screen(qtbot, chip_kiosk, "idle")
    assert chip_kiosk.language.language == "vi"
