"""The core's chip service: keys → read → verify → Identity, and the card-plus-QR / typed-ID policy.

The card is the in-process virtual card (no pcscd); the watcher is a small
fake that the test fires events through. The service's own code runs for real.
"""

from __future__ import annotations

import dataclasses
import threading
from contextlib import closing

import pytest

from kiosk.checkin import identity_from_qr
from kiosk.chip.keys import keys_for_id_number, keys_for_qr
from kiosk.chip.service import ChipCheckIn, ChipOutcome
from kiosk.config import ReaderSettings
from kiosk.domain import IdentitySource
from kiosk.errors import ConfigError, InputError
from readers.chip.trust import TrustStore
from readers.pcsc.monitor import CARD_INSERTED, CARD_REMOVED, READER_ADDED, CardEvent

READER = "Virtual PCD 00 00"


class FakeWatcher:
    """Stands in for readers.pcsc.monitor.CardWatcher: the test fires the events."""

    def __init__(self, on_event) -> None:
        self.on_event, self.running = on_event, False

    def start(self) -> FakeWatcher:
        self.running = True
        return self

    def stop(self) -> None:
        self.running = False


@pytest.fixture
def card_of(pki):
    """``card_of(key)`` → a connect port handing out that synthetic citizen's in-process card."""
    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport

    def card(key: str):
        profile = card_profile(by_key(key))
        files = build_files(profile, pki)
        seen = []

        def connect(reader: str, command_timeout: float):
            seen.append((reader, threading.current_thread().name))
            return closing(AppletTransport(make_applet(profile, files, None)))
        connect.seen = seen
        return connect
    return card


def service(connect, pki=None, **settings) -> ChipCheckIn:
    watchers = []
    chip = ChipCheckIn(ReaderSettings(name=READER, **settings), connect=connect,
                       watcher=lambda on_event: watchers.append(FakeWatcher(on_event)) or watchers[-1],
                       **({"trust": TrustStore.from_path(pki.csca_path)} if pki is not None else {}))
    chip.watchers = watchers
    return chip


def put_card(chip: ChipCheckIn, reader: str = READER) -> None:
    chip.watch()
    chip.watchers[-1].on_event(CardEvent(CARD_INSERTED, reader))


def test_read_gives_the_chip_identity_on_the_pcsc_worker(card_of, pki):
    from devkit.simulator.citizens import by_key
    citizen = by_key("valid-female")
    connect = card_of("valid-female")
    with service(connect, pki) as chip:
        read = chip.read(keys_for_qr(citizen.qr_text()), photo=False)
    assert read.identity.full_name == citizen.full_name and read.identity.card_number == citizen.id_number
    assert read.identity.source is IdentitySource.CHIP_AUTHENTICATED
    assert (read.protocol, read.authentication) == ("PACE", "chain verified")
    assert read.as_dict() == {"reader": READER, "protocol": "PACE", "authentication": "chain verified"}
    assert connect.seen[0][0] == READER and connect.seen[0][1].startswith("pcsc")   # never the caller's thread


def test_without_a_csca_the_identity_is_chip_only(card_of):
    from devkit.simulator.citizens import by_key
    with service(card_of("valid")) as chip:     # reader.csca_dir empty
        read = chip.read(keys_for_id_number(by_key("valid").id_number), photo=False)
    assert read.identity.source is IdentitySource.CHIP


def test_a_card_without_expiry_opens_from_its_qr_with_the_can_alone(card_of, pki):
    from devkit.simulator.citizens import by_key
    citizen = by_key("elderly")            # issued from age 58: no BAC key can be derived from the QR
    keys = keys_for_qr(citizen.qr_text())
    assert len(keys) == 1 and keys[0].can == citizen.id_number[-6:] and not keys[0].mrz_info
    with service(card_of("elderly"), pki) as chip:
        assert chip.read(keys, photo=False).identity.full_name == citizen.full_name


def test_card_plus_its_qr_gives_the_authenticated_identity(card_of, pki):
    from devkit.simulator.citizens import by_key
    citizen = by_key("valid")
    printed = identity_from_qr(citizen.qr_text())
    with service(card_of("valid"), pki) as chip:
        assert chip.read_for_qr(citizen.qr_text(), printed) is None      # no card on the reader yet
        put_card(chip)
        outcome = chip.read_for_qr(citizen.qr_text(), printed).result(timeout=30)
    assert outcome.from_chip and outcome.error is None
    assert outcome.identity.source is IdentitySource.CHIP_AUTHENTICATED
    assert outcome.identity.full_name == citizen.full_name and outcome.identity.photo    # DG2 face


def test_a_failed_chip_read_keeps_the_printed_qr_identity(card_of, pki, caplog):
    from devkit.simulator.citizens import by_key
    citizen = by_key("valid")
    printed = identity_from_qr(citizen.qr_text())
    with service(card_of("valid-female"), pki) as chip:    # someone else's card lies on the reader
        put_card(chip)
        outcome = chip.read_for_qr(citizen.qr_text(), printed).result(timeout=30)
    assert outcome == ChipOutcome(printed, None, outcome.error) and outcome.error
    assert not outcome.from_chip
    assert citizen.id_number not in caplog.text and citizen.full_name not in caplog.text


def test_an_insurance_card_qr_never_opens_the_chip(card_of):
    from devkit.simulator.citizens import by_key
    citizen = by_key("valid")
    printed = dataclasses.replace(identity_from_qr(citizen.qr_text()), source=IdentitySource.QR_INSURANCE_CARD)
    connect = card_of("valid")
    with service(connect) as chip:
        put_card(chip)
        assert chip.read_for_qr(citizen.qr_text(), printed) is None
    assert connect.seen == []


def test_typed_id_opens_the_card_or_lets_the_typed_path_go_on(card_of, pki):
    from devkit.simulator.citizens import by_key
    with service(card_of("valid"), pki) as chip:
        assert chip.read_for_id_number(by_key("valid").id_number) is None      # no card: typed path
        put_card(chip)
        good = chip.read_for_id_number(by_key("valid").id_number).result(timeout=30)
        wrong = chip.read_for_id_number(by_key("valid-female").id_number).result(timeout=30)
        typo = chip.read_for_id_number("12345").result(timeout=30)
    assert good.from_chip and good.identity.full_name == by_key("valid").full_name
    assert wrong.identity is None and wrong.error                      # wrong CAN: PACE refused
    assert typo.identity is None and typo.error == "chip_key_invalid"


def test_bad_keys_are_one_sentence_input_errors():
    with pytest.raises(InputError, match="12 digits") as e:
        keys_for_id_number("0790880")
    assert e.value.code == "chip_key_invalid" and "0790880" not in str(e.value)
    with pytest.raises(InputError):
        keys_for_qr("not a card")


def test_an_unusable_csca_dir_is_a_config_error(card_of, tmp_path):
    (tmp_path / "csca").mkdir()
    (tmp_path / "csca" / "junk.pem").write_text("not a certificate")
    chip = ChipCheckIn(ReaderSettings(name=READER, csca_dir=str(tmp_path / "csca")), connect=card_of("valid"))
    with chip, pytest.raises(ConfigError, match="reader.csca_dir"):
        chip.read(keys_for_id_number("079088001234"), photo=False)


def test_the_watcher_follows_only_the_configured_reader(card_of):
    changes = []
    with service(card_of("valid")) as chip:
        chip.watch(changes.append)
        fire = chip.watchers[0].on_event
        fire(CardEvent(READER_ADDED, READER))
        fire(CardEvent(CARD_INSERTED, "Another Reader 01"))
        assert not chip.card_present and changes == []
        fire(CardEvent(CARD_INSERTED, READER))
        fire(CardEvent(CARD_INSERTED, READER))     # no change, no second call
        assert chip.card_present and changes == [True]
        fire(CardEvent(CARD_REMOVED, READER))
        assert not chip.card_present and changes == [True, False]
        watcher = chip.watchers[0]
    assert not watcher.running     # close() stops it


class RecordedAlerts:
    """A ChipAlerts port that keeps what it is told (alerting on data-integrity errors only)."""

    def __init__(self) -> None:
        self.errors, self.warnings = [], []

    def record_error(self, exc):
        from readers.chip.errors import DataAltered
        if isinstance(exc, DataAltered):
            self.errors.append(exc.code)
            return exc.code
        return None

    def record_warnings(self, warnings):
        self.warnings += list(warnings)


def test_a_tampered_chip_is_reported_to_staff_and_the_patient_goes_on(card_of, pki, caplog):
    from contextlib import closing

    from devkit.simulator.cards import card_profile
    from devkit.simulator.citizens import by_key
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.faults import Faults
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport
    from readers.chip.errors import DataAltered
    citizen = by_key("valid")
    profile = card_profile(citizen)
    files = build_files(profile, pki)
    alerts = RecordedAlerts()
    chip = ChipCheckIn(ReaderSettings(name=READER), trust=TrustStore.from_path(pki.csca_path), alerts=alerts,
                       connect=lambda *_: closing(AppletTransport(make_applet(profile, files,
                                                                              Faults(tamper_dg13=True)))),
                       watcher=FakeWatcher)
    printed = identity_from_qr(citizen.qr_text())
    with chip:
        chip.watch()
        chip._watcher.on_event(CardEvent(CARD_INSERTED, READER))
        outcome = chip.read_for_qr(citizen.qr_text(), printed).result(timeout=30)
        with pytest.raises(DataAltered):
            chip.read(keys_for_qr(citizen.qr_text()))          # the CLI path reports it as well
    assert outcome.identity == printed and outcome.error == "chip_data_altered"
    assert alerts.errors == ["chip_data_altered", "chip_data_altered"]
    assert "chip alert for staff: chip_data_altered" in caplog.text and citizen.full_name not in caplog.text


def test_a_wrong_key_is_no_alert(card_of):
    alerts = RecordedAlerts()
    chip = ChipCheckIn(ReaderSettings(name=READER), connect=card_of("valid"), alerts=alerts, trust=None)
    from readers.chip.errors import AccessDenied
    with chip, pytest.raises(AccessDenied):
        chip.read(keys_for_id_number("079088009999"))
    assert alerts.errors == [] and alerts.warnings == []
