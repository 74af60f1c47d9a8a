"""End-to-end PACE-CAN on the real PC/SC stack: pcscd + vpcd + the virtual card, through pyscard."""

from __future__ import annotations

import json

import pytest

from readers.chip.errors import AccessDenied
from readers.chip.keys import key_from_can, keys_from_qr
from readers.chip.pa import AuthLevel
from readers.chip.pace import PaceWrongPassword
from readers.chip.service import ChipReader
from readers.chip.trust import TrustStore
from readers.pcsc.affinity import PcscThread
from readers.pcsc.system import connect

pytestmark = pytest.mark.hardware
READER = "Virtual PCD 00 00"


def _read(keys, trust=None, photo=True):
    def work():   # on a PC/SC worker thread: the transport refuses card traffic from any other
        with connect(READER, 3.0) as transport:
            return ChipReader(transport, trust=trust).read(keys, photo=photo)
    with PcscThread() as worker:
        return worker.call(work)


def test_qr_text_to_can_to_pace_to_a_verified_read(plug_card, valid_card, test_pki):
    citizen, profile, _files = valid_card
    plug_card()
    doc = _read(keys_from_qr(citizen.qr_text()), TrustStore.from_path(test_pki.csca_path))
    assert doc.protocol == "PACE"
    assert doc.mrz.id_number == citizen.id_number and doc.mrz.checks_ok
    assert doc.dg13.full_name == citizen.full_name and doc.dg13.residence == citizen.address
    assert doc.face.data == profile.face_jpeg
    assert doc.auth.level == AuthLevel.CHAIN_VERIFIED


def test_wrong_can_is_refused_and_the_right_one_opens_at_once(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card()
    with pytest.raises(PaceWrongPassword, match="this number"):
        _read([key_from_can("000000")])
    doc = _read([key_from_can(citizen.id_number[-6:])], photo=False)
    assert doc.protocol == "PACE" and doc.dg13.id_number == citizen.id_number


def test_bac_only_card_falls_back_to_bac(plug_card, valid_card):
    citizen, *_ = valid_card
    plug_card(bac_only=True)
    doc = _read(keys_from_qr(citizen.qr_text()), photo=False)
    assert doc.protocol == "BAC" and doc.dg13.id_number == citizen.id_number
    with pytest.raises(AccessDenied, match="dates are needed"):
        _read([key_from_can(citizen.id_number[-6:])], photo=False)


def test_cli_read_card_with_the_id_number_alone(plug_card, valid_card, capsys):
    from kiosk.cli import main
    from kiosk.cli.exit_codes import ExitCode
    citizen, *_ = valid_card
    plug_card()
    code = main(["read-card", "--reader", READER, "--id-number", citizen.id_number, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    assert out["protocol"] == "PACE" and out["holder"]["id_number"] == citizen.id_number


def test_cli_read_card_with_can_and_a_wrong_can(plug_card, valid_card, capsys):
    from kiosk.cli import main
    from kiosk.cli.exit_codes import ExitCode
    citizen, *_ = valid_card
    plug_card()
    assert main(["read-card", "--reader", READER, "--can", "000000"]) == ExitCode.READER
    assert capsys.readouterr().err.strip() == "kiosk: Could not open the card with this number."
    assert main(["read-card", "--reader", READER, "--can", citizen.id_number[-6:]]) == ExitCode.OK
    assert "Opened with:     PACE, card access number" in capsys.readouterr().out
    assert main(["read-card", "--reader", READER, "--can", "12345"]) == ExitCode.BAD_INPUT
