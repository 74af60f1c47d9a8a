"""``kiosk checkin --chip`` end to end: pcscd + vpcd + the virtual card, the simulator on loopback.

The card is read through pyscard (PACE-CAN, BAC fallback), the chip identity is checked with the
simulated insurance gateway, registered with the simulated hospital and the ticket printed.
"""

from __future__ import annotations

import json

import pytest

from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import by_key
from devkit.virtual_card.pki import load_or_create
from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode

pytestmark = pytest.mark.hardware


@pytest.fixture
def sim():
    with build_simulator() as s:
        yield s


def chip_config(tmp_path, sim, reader: str, csca: str | None) -> str:
    """A kiosk.toml on the simulator, reading from ``reader``, trusting ``csca`` (None: no CSCA)."""
    path = tmp_path / "kiosk.toml"
    csca_line = f'csca_dir = "{csca}"\n' if csca else ""
    path.write_text(f'[gateway]\nurl = "{sim.url}"\n[hospital]\nurl = "{hospital_url(sim)}"\n'
                    f'[reader]\nname = "{reader}"\ncommand_timeout = 5.0\n{csca_line}', encoding="utf-8")
    return str(path)


@pytest.fixture
def trusted_config(tmp_path, sim, pcsc_stack, pki_dir, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    return chip_config(tmp_path, sim, pcsc_stack, str(load_or_create(pki_dir).csca_path))


def checkin(config: str, *args: str) -> int:
    return main(["--config", config, "checkin", "--chip", *args])


def test_id_number_alone_opens_the_card_with_pace_and_checks_in_authenticated(trusted_config, citizen_card,
                                                                                 capsys, sim):
    citizen = by_key("valid-female")
    citizen_card(citizen.key)
    code = checkin(trusted_config, "--id-number", citizen.id_number, "--json")
    out = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK, out
    assert out["chip"] == {"reader": "Virtual PCD 00 00", "protocol": "PACE", "authentication": "chain verified"}
    assert out["identity"]["source"] == "chip-authenticated"
    assert out["identity"]["card"].endswith(citizen.id_number[-4:])
    assert out["ticket"]["number"] and out["eligibility"]["status"] == "verified"
    # The hospital got the chip's DG13 name with its diacritics and the chip's birth date.
    body = sim.hospital_state.body_for(out["client_id"])
    assert body["xml0"]["HO_TEN"] == citizen.full_name
    assert body["xml0"]["NGAY_SINH"].startswith(citizen.birth.strftime("%Y%m%d"))
    assert body["identity_source"] == "chip-authenticated"


def test_text_output_prints_the_ticket_and_how_the_chip_was_read(trusted_config, citizen_card, capsys):
    citizen = by_key("valid")
    citizen_card(citizen.key)
    assert checkin(trusted_config, "--can", citizen.id_number[-6:], "--priority") == ExitCode.OK
    out = capsys.readouterr().out
    assert "via chip-authenticated" in out and "Chip         PACE, chain verified (Virtual PCD 00 00)" in out
    assert "Ticket" in out and "priority" in out
    assert citizen.full_name not in out and citizen.id_number not in out


def test_qr_text_on_a_bac_only_card_falls_back_to_bac(trusted_config, citizen_card, capsys):
    citizen = by_key("wrong-route")
    citizen_card(citizen.key, bac_only=True)
    code = checkin(trusted_config, "--reader", "Virtual PCD", "--qr-text", citizen.qr_text(), "--json")
    out = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK, out
    assert out["chip"]["protocol"] == "BAC" and out["eligibility"]["route"] == "wrong"


def test_without_a_trusted_csca_the_source_is_chip(tmp_path, sim, pcsc_stack, citizen_card, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    config = chip_config(tmp_path, sim, pcsc_stack, None)
    citizen = by_key("valid")
    citizen_card(citizen.key)
    assert checkin(config, "--id-number", citizen.id_number, "--json") == ExitCode.OK
    out = json.loads(capsys.readouterr().out)
    assert out["identity"]["source"] == "chip"
    assert out["chip"]["authentication"] == "signature verified"


def test_counter_outcome_from_the_chip_identity(trusted_config, citizen_card, capsys):
    citizen = by_key("expired")
    citizen_card(citizen.key)
    assert checkin(trusted_config, "--id-number", citizen.id_number) == ExitCode.COUNTER
    assert "Counter" in capsys.readouterr().out


def test_wrong_can_is_one_sentence_and_the_reader_exit_code(trusted_config, citizen_card, capsys, sim):
    citizen_card("valid")
    assert checkin(trusted_config, "--can", "000000") == ExitCode.READER
    captured = capsys.readouterr()
    assert captured.err.strip() == "kiosk: Could not open the card with this number."
    assert captured.out == ""
    assert sim.hospital_state.count() == 0


def test_no_such_reader_is_one_sentence(trusted_config, capsys):
    code = checkin(trusted_config, "--reader", "No Such Reader 42", "--id-number", "079088001234", "--json")
    captured = capsys.readouterr()
    assert code == ExitCode.READER
    assert len(captured.err.strip().splitlines()) == 1 and captured.err.startswith("kiosk: ")
    assert json.loads(captured.out)["outcome"] == "error"
