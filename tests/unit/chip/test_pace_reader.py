"""The reader facade with PACE-CAN first and BAC as fallback, against the in-process virtual card."""

import logging
from dataclasses import replace

import pytest

from devkit.virtual_card.card import make_applet
from devkit.virtual_card.faults import Faults
from devkit.virtual_card.loopback import AppletTransport
from devkit.virtual_card.pace import CCCD_PACE, install_pace
from readers.chip.commands import EF_CARD_ACCESS, EF_COM, EF_SOD
from readers.chip.errors import AccessDenied, SecureMessagingError
from readers.chip.keys import key_from_can, key_from_id_number, keys_from_qr
from readers.chip.pa import AuthLevel
from readers.chip.pace import PaceWrongPassword
from readers.chip.pace.card_access import build_card_access
from readers.chip.service import ChipReader


class RecordingCard(AppletTransport):
    """The in-process card, keeping every command it was sent."""

    def __init__(self, applet):
        super().__init__(applet)
        self.commands = []

    def _transmit_raw(self, apdu):
        self.commands.append(apdu)
        return super()._transmit_raw(apdu)


@pytest.fixture
def recording_card(profile, card_files):
    def make(faults=None, **options):
        return RecordingCard(make_applet(profile, card_files, faults, **options))
    return make


def test_qr_opens_with_pace_and_reads_everything_in_the_minimum_apdus(recording_card, citizen, card_files,
                                                                       profile):
    card = recording_card()
    doc = ChipReader(card).read(keys_from_qr(citizen.qr_text()))
    assert doc.protocol == "PACE"
    assert doc.mrz.id_number == citizen.id_number and doc.dg13.full_name == citizen.full_name
    assert doc.face.data == profile.face_jpeg and doc.auth.level == AuthLevel.SIGNATURE_VERIFIED
    assert card.commands[0] == bytes.fromhex("00A4020C02011C")          # EF.CardAccess by FID, no SELECT MF
    assert card.commands[2][:4] == bytes.fromhex("0022C1A4")             # MSE:Set AT
    assert card.commands[2][-6:] == bytes.fromhex("83010284010D")        # CAN, brainpoolP256r1
    assert [c[:2] for c in card.commands[3:7]] == [b"\x10\x86"] * 3 + [b"\x00\x86"]
    assert card.commands[7][:4] == bytes.fromhex("0CA4040C")             # SELECT app under AES SM
    files = [EF_COM, 0x0101, 0x010D, 0x0102, EF_SOD]
    reads = sum(1 + -(-len(card_files[f]) // 256) for f in files)
    assert doc.apdu_count == 2 + 5 + 1 + reads  # CardAccess, PACE, SELECT app, files


def test_id_number_alone_opens_the_card(recording_card, citizen):
    doc = ChipReader(recording_card()).read([key_from_id_number(citizen.id_number)], photo=False)
    assert (doc.protocol, doc.opened_with) == ("PACE", "ID number (card access number)")
    assert doc.dg13.id_number == citizen.id_number


def test_qr_keys_share_one_can_so_pace_runs_once(recording_card, citizen):
    card = recording_card()
    keys = keys_from_qr(citizen.qr_text())
    wrong_can = [replace(k, can="000000") for k in keys]
    ChipReader(card).read(wrong_can, photo=False)  # PACE refused once, then BAC with the dates
    assert sum(1 for c in card.commands if c[:4] == bytes.fromhex("0022C1A4")) == 1


def test_wrong_can_is_refused_then_the_right_one_opens_at_once(recording_card, citizen):
    card = recording_card()
    wrong = citizen.id_number[-6:-1] + str((int(citizen.id_number[-1]) + 1) % 10)
    with pytest.raises(PaceWrongPassword, match="^Could not open the card with this number.$") as e:
        ChipReader(card).read([key_from_can(wrong)])
    assert isinstance(e.value, AccessDenied)
    doc = ChipReader(card).read([key_from_can(citizen.id_number[-6:])], photo=False)
    assert doc.protocol == "PACE"


def test_wrong_can_but_right_dates_still_opens_with_bac(recording_card, citizen):
    keys = [replace(k, can="000000") for k in keys_from_qr(citizen.qr_text())]
    doc = ChipReader(recording_card()).read(keys, photo=False)
    assert doc.protocol == "BAC"


def test_bac_only_card_falls_back_to_bac(recording_card, citizen):
    card = recording_card(bac_only=True)
    doc = ChipReader(card).read(keys_from_qr(citizen.qr_text()), photo=False)
    assert doc.protocol == "BAC" and doc.mrz.checks_ok
    assert card.commands[0] == bytes.fromhex("00A4020C02011C")  # one probe, answered 6A82


def test_id_number_alone_on_a_bac_only_card_asks_for_the_dates(recording_card, citizen):
    with pytest.raises(AccessDenied, match="birth and expiry dates are needed"):
        ChipReader(recording_card(bac_only=True)).read([key_from_id_number(citizen.id_number)])


def _card_access_only(applet):
    """EF.CardAccess announces PACE but the card does not answer MSE:Set AT (6D00)."""
    applet.mf_files[EF_CARD_ACCESS] = build_card_access([CCCD_PACE])


def test_card_refusing_mse_set_at_falls_back_to_bac(recording_card, citizen):
    card = recording_card(extensions=[_card_access_only])
    doc = ChipReader(card).read(keys_from_qr(citizen.qr_text()), photo=False)
    assert doc.protocol == "BAC"


def _garbled_card_access(applet):
    install_pace(applet)
    applet.mf_files[EF_CARD_ACCESS] = bytes.fromhex("3105300306012A")  # a SET, but no SecurityInfo


def test_malformed_card_access_falls_back_to_the_vietnamese_defaults(recording_card, citizen, caplog):
    caplog.set_level(logging.INFO)
    doc = ChipReader(recording_card(extensions=[_garbled_card_access])).read(
        [key_from_id_number(citizen.id_number)], photo=False)
    assert doc.protocol == "PACE"
    assert "pace_card_access_invalid" in caplog.text
    assert citizen.id_number not in caplog.text and citizen.id_number[-6:] not in caplog.text


def test_mac_failure_under_aes_secure_messaging(recording_card, citizen):
    with pytest.raises(SecureMessagingError, match="MAC"):
        ChipReader(recording_card(Faults(wrong_mac=True))).read([key_from_id_number(citizen.id_number)])
