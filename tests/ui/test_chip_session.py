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
def chip_kiosk(qtbot, config, tmp_path):
    from devkit.simulator.cards import card_profile
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from devkit.virtual_card.pki import load_or_create
    from kiosk.chip.service import ChipCheckIn
    from kiosk.services import KioskServices
    from ui.app import build_kiosk
    pki = load_or_create(tmp_path / "pki")
    profile = card_profile(by_key("valid"))             # the card lying on the reader
    files = build_files(profile, pki)
    reads = []

    def connect(reader, command_timeout):
        reads.append(threading.current_thread().name)
        return closing(AppletTransport(make_applet(profile, files, None)))
    watchers = []
    cfg = dataclasses.replace(config, reader=dataclasses.replace(config.reader, name=READER,
                                                                 csca_dir=str(pki.csca_path)))
    def chip_factory(services):     # the root's chip service, on the in-process card
        return ChipCheckIn.from_config(
            services.config, connect=connect,
            watcher=lambda on_event: watchers.append(ThreadWatcher(on_event)) or watchers[-1])
    services = KioskServices.open(cfg, chip_factory=chip_factory)
    kiosk = build_kiosk(services, chip=services.chip)
    kiosk.window.show()
    kiosk.watcher, kiosk.reads = watchers[0], reads
    yield kiosk
    kiosk.close()
    services.close()           # closes the chip service too


def test_card_events_reach_the_ui_thread_and_the_qr_opens_the_chip(qtbot, chip_kiosk):
    citizen = by_key("valid")
    chip_kiosk.watcher.fire(CARD_INSERTED)
    qtbot.waitUntil(lambda: chip_kiosk.chip.card_present, timeout=5000)
    assert chip_kiosk.window.screens["idle"].notice.text().startswith("ℹ")
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
    tap(qtbot, chip_kiosk.window.screens["idle"].type_button)
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
