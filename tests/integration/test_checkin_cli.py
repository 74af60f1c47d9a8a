"""``kiosk checkin`` / ``simulator`` / ``demo`` end to end against a loopback simulator.

The commands run in-process (``kiosk.cli.main``, the ``cli`` fixture); the real binary runs in
a subprocess only where the process is what is tested (its exit status, signals).

Every bad input and fault must end with one sentence on stderr, its own exit
code, no traceback, and nothing half-registered at the hospital.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
import qrcode

from devkit.simulator.citizens import by_key
from devkit.simulator.server import Fault
from kiosk.cli.exit_codes import ExitCode
from tests.integration.checkin_support import ROOT, run_cli

VALID = by_key("valid")


@pytest.fixture(autouse=True)
def server(fresh_simulator):
    """This module's simulator, reset around every test."""
    return fresh_simulator


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("kiosk: ") and len(lines[0]) < 300
    return lines[0]


def checkin(cli, server, *args, env=None, stdin=None):
    return cli("checkin", *args, server=server, env=env, stdin=stdin)


def test_qr_text_checkin_prints_ticket_and_decision(cli, server):
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), "--department", "NHI")
    assert r.returncode == ExitCode.OK, r.stderr
    assert "verified (code 000)" in r.stdout and "NHI-001" in r.stdout and "P.201" in r.stdout
    assert VALID.id_number not in r.stdout and r.stderr == ""
    assert server.hospital_state.count() == 1


def test_json_output_and_second_checkin_returns_the_existing_ticket(cli, server):
    first = json.loads(checkin(cli, server, "--qr-text", VALID.qr_text(), "--json").stdout)
    second = checkin(cli, server, "--qr-text", VALID.bhyt_qr_text(), "--json", "--department", "MAT")
    data = json.loads(second.stdout)
    assert second.returncode == ExitCode.OK
    assert data["ticket"]["existing"] is True and data["ticket"]["number"] == first["ticket"]["number"]
    assert data["eligibility"]["status"] == "verified" and data["identity"]["source"] == "qr-insurance-card"
    assert server.hospital_state.count() == 1


def test_typed_id_priority_checkin(cli, server):
    c = by_key("elderly")
    r = checkin(cli, server, "--card-number", c.id_number, "--name", c.full_name, "--birth",
                c.birth.strftime("%d/%m/%Y"), "--priority", "--json")
    data = json.loads(r.stdout)
    assert r.returncode == ExitCode.OK and data["ticket"]["priority"] is True
    assert data["identity"]["source"] == "typed"


def test_qr_image_checkin(cli, server, tmp_path):
    c = by_key("new-card-004")
    path = tmp_path / "card.png"
    qrcode.make(c.qr_text()).save(path)
    r = checkin(cli, server, "--qr-image", str(path), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == ExitCode.OK, r.stderr
    assert data["eligibility"]["status"] == "verified-new-card"


def test_expired_card_goes_to_the_counter_without_a_ticket(cli, server):
    c = by_key("expired")
    r = checkin(cli, server, "--qr-text", c.qr_text())
    assert r.returncode == ExitCode.COUNTER
    assert "Counter" in r.stdout and "010" in r.stdout and "Ticket" not in r.stdout
    assert server.hospital_state.count() == 0


def test_gateway_answering_nothing_registers_as_pending(cli, server):
    server.faults.set("gateway.*", Fault("drop"))
    r = checkin(cli, server, "--qr-text", by_key("valid-female").qr_text(), "--json")
    data = json.loads(r.stdout)
    assert r.returncode == ExitCode.PENDING, r.stderr
    assert data["eligibility"]["status"] == "pending" and data["ticket"]["number"]
    assert r.stderr == ""


def test_gateway_answering_nothing_with_pending_off_goes_to_counter(cli, server, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[kiosk]\nallow_pending_eligibility = false\n", encoding="utf-8")
    server.faults.set("gateway.*", Fault("drop"))
    r = cli("--config", str(cfg), "checkin", "--qr-text", VALID.qr_text(), server=server)
    assert r.returncode == ExitCode.COUNTER and "gateway_unavailable" in r.stdout
    assert server.hospital_state.count() == 0


def test_config_file_urls_are_used(cli, server, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[gateway]\nurl = "{server.url}"\n[hospital]\nurl = "{server.url}/his/v1"\n',
                   encoding="utf-8")
    r = cli("--config", str(cfg), "checkin", "--qr-text", VALID.qr_text())
    assert r.returncode == ExitCode.OK, r.stderr


BAD_INPUTS = [
    (["--qr-text", "this is not a card"], "not from an ID card"),
    (["--qr-text", VALID.qr_text().replace("14031988", "31021988")], "not a real calendar date"),
    (["--qr-text", VALID.qr_text().rsplit("|", 5)[0]], "fields"),
    (["--card-number", "07908800123", "--name", "Trần Văn Bình", "--birth", "14/03/1988"], "12 digits"),
    (["--card-number", "079088001234", "--name", "Trần Văn Bình", "--birth", "30/02/1988"],
     "not a real calendar date"),
    (["--card-number", "079088001234", "--name", "Trần Văn Bình"], "--birth"),
    (["--qr-text", VALID.qr_text(), "--department", "XYZ"], "no department"),
]


@pytest.mark.parametrize("args, says", BAD_INPUTS, ids=["not-a-card", "impossible-date", "truncated-qr",
                                                         "11-digit-id", "typed-impossible-date",
                                                         "missing-birth", "unknown-department"])
def test_bad_input_is_one_sentence_and_exit_2(cli, server, args, says):
    r = checkin(cli, server, *args)
    assert r.returncode == ExitCode.BAD_INPUT
    assert says in one_sentence(r.stderr)
    assert server.hospital_state.count() == 0


def test_image_without_a_qr_and_unreadable_file(cli, server, tmp_path):
    from PIL import Image
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 200), 255).save(blank)
    r = checkin(cli, server, "--qr-image", str(blank))
    assert r.returncode == ExitCode.BAD_INPUT and "No QR code" in one_sentence(r.stderr)
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all")
    r = checkin(cli, server, "--qr-image", str(junk))
    assert r.returncode == ExitCode.BAD_INPUT
    one_sentence(r.stderr)


@pytest.mark.parametrize("endpoint, kind", [("gateway.lookup", "malformed"), ("gateway.login", "malformed")])
def test_gateway_garbage_is_exit_4(cli, server, endpoint, kind):
    server.faults.set(endpoint, Fault(kind))
    r = checkin(cli, server, "--qr-text", VALID.qr_text())
    assert r.returncode == ExitCode.GATEWAY
    assert "gateway" in one_sentence(r.stderr)
    assert server.hospital_state.count() == 0


@pytest.mark.parametrize("kind", ["http500", "drop"])
def test_registration_refused_by_a_down_hospital_is_queued_with_a_kiosk_ticket(cli, server, kind):
    """Every registration goes through the offline queue: a down hospital gets a pending kiosk number."""
    server.faults.set("hospital.register", Fault(kind))
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), "--json")
    assert r.returncode == ExitCode.PENDING, r.stderr
    ticket = json.loads(r.stdout)["ticket"]
    assert ticket["number"].startswith("K01-") and ticket["pending"] is True
    assert server.hospital_state.count() == 0


@pytest.mark.parametrize("endpoint, kind", [("hospital.departments", "http500"), ("hospital.*", "drop")])
def test_hospital_down_is_exit_5_and_nothing_registered(cli, server, endpoint, kind):
    server.faults.set(endpoint, Fault(kind))
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), "--json")
    assert r.returncode == ExitCode.HOSPITAL
    assert "hospital system" in one_sentence(r.stderr)
    assert json.loads(r.stdout)["outcome"] == "error" and json.loads(r.stdout)["retryable"] is True
    assert server.hospital_state.count() == 0


def test_hospital_unreachable_is_exit_5(cli, server):
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), env={"KIOSK_HOSPITAL_URL": "http://127.0.0.1:9/his/v1"})
    assert r.returncode == ExitCode.HOSPITAL
    assert "cannot be reached" in one_sentence(r.stderr)


def test_hospital_timeout_is_exit_5(cli, server, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[hospital]\nread_timeout = 0.3\n", encoding="utf-8")
    server.faults.set("hospital.departments", Fault("slow", latency=1.0))
    r = cli("--config", str(cfg), "checkin", "--qr-text", VALID.qr_text(), server=server)
    assert r.returncode == ExitCode.HOSPITAL and "in time" in one_sentence(r.stderr)


def test_bad_config_is_exit_3(cli, server, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[hospital]\nurl = 'ftp://nowhere'\n", encoding="utf-8")
    r = cli("--config", str(cfg), "checkin", "--qr-text", VALID.qr_text())
    assert r.returncode == ExitCode.CONFIG and "hospital.url" in one_sentence(r.stderr)


def test_simulator_command_serves_both_apis_until_interrupted(cli, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "simulator", "--port", "0",
                             "--fault", "hospital.register=http500:0:1"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("Simulator: insurance gateway at http://127.0.0.1:"), first
        url = first.split(" at ")[1].split(",")[0]
        server_env = {"KIOSK_GATEWAY_URL": url, "KIOSK_HOSPITAL_URL": url + "/his/v1"}
        r1 = cli("checkin", "--qr-text", VALID.qr_text(), env=server_env)
        # the one-shot fault given on the command line: the visit waits in the offline queue
        assert r1.returncode == ExitCode.PENDING and "K01-001" in r1.stdout
        r2 = cli("checkin", "--qr-text", VALID.qr_text(), env=server_env)
        # the queue delivers the waiting visit first; the hospital keeps its number for the day
        assert r2.returncode == ExitCode.OK and "K01-001" in r2.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and "Traceback" not in err


def test_simulator_bad_fault_spec_is_exit_2(cli):
    r = cli("simulator", "--port", "0", "--fault", "hospital.register=explode")
    assert r.returncode == ExitCode.BAD_INPUT and "unknown kind" in one_sentence(r.stderr)


def test_demo_runs_every_scene_and_exits_0(cli):
    r = cli("demo", "--json")
    assert r.returncode == 0, r.stderr
    scenes = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    by_outcome = [(s["outcome"], s["exit_code"]) for s in scenes]
    assert ("counter", ExitCode.COUNTER) in by_outcome and ("ticket", ExitCode.PENDING) in by_outcome
    assert sum(1 for s in scenes if s["ticket"] and s["ticket"]["existing"]) == 1
    assert len(scenes) >= 5


def test_gateway_officer_setup_error_is_a_counter_outcome_with_exit_3(cli, server):
    server.gateway_state.forced_codes[VALID.id_number] = "054"
    try:
        r = checkin(cli, server, "--qr-text", VALID.qr_text(), "--json")
    finally:
        server.gateway_state.forced_codes.clear()
    data = json.loads(r.stdout)
    assert r.returncode == ExitCode.CONFIG and data["outcome"] == "counter"
    assert data["counter"]["config_error"] is True and data["counter"]["reason"] == "054"
    assert server.hospital_state.count() == 0


def test_gateway_login_refused_is_exit_3(cli, server):
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), env={"KIOSK_GATEWAY_PASSWORD": "wrong-password"})
    assert r.returncode == ExitCode.CONFIG
    assert "gateway" in one_sentence(r.stderr).lower()
    assert server.hospital_state.count() == 0


def test_wrong_hospital_key_is_exit_5_not_retryable(cli, server):
    r = checkin(cli, server, "--qr-text", VALID.qr_text(), "--json", env={"KIOSK_HOSPITAL_API_KEY": "nope"})
    assert r.returncode == ExitCode.HOSPITAL
    assert "unauthorized" in one_sentence(r.stderr)
    assert json.loads(r.stdout)["retryable"] is False


def test_gateway_timing_out_registers_as_pending(cli, server, tmp_path):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text("[gateway]\nread_timeout = 0.3\n", encoding="utf-8")
    server.faults.set("gateway.lookup", Fault("slow", latency=1.0))
    r = cli("--config", str(cfg), "checkin", "--qr-text", VALID.qr_text(), "--json", server=server)
    assert r.returncode == ExitCode.PENDING, r.stderr
    data = json.loads(r.stdout)
    assert data["eligibility"]["pending"] is True and data["ticket"]["number"] == "NOI-001"
    assert server.hospital_state.count() == 1


def test_personal_data_from_stdin_or_a_file_never_on_the_command_line(cli, server, tmp_path):
    qr = checkin(cli, server, "--qr-text", "-", "--json", stdin=VALID.qr_text() + "\n")
    assert qr.returncode == ExitCode.OK, qr.stderr
    assert json.loads(qr.stdout)["identity"]["source"] == "qr-id-card"
    card = tmp_path / "card.txt"
    card.write_text(VALID.id_number + "\n", encoding="utf-8")
    typed = checkin(cli, server, "--card-number", f"@{card}", "--name", "-", "--birth", "-", "--json",
                    stdin=f"{VALID.full_name}\n{VALID.birth.strftime('%d/%m/%Y')}\n")
    assert typed.returncode == ExitCode.OK, typed.stderr
    assert json.loads(typed.stdout)["ticket"]["existing"] is True      # the same patient as the QR check-in


@pytest.mark.parametrize("args, stdin, code", [
    (["--qr-text", "-"], "", "argument_stdin_empty"),
    (["--qr-text", "@/nonexistent/qr.txt"], None, "argument_file_unreadable"),
])
def test_unreadable_stdin_or_file_is_one_sentence_and_bad_input(cli, server, args, stdin, code):
    r = checkin(cli, server, *args, "--json", stdin=stdin)
    assert r.returncode == ExitCode.BAD_INPUT
    assert json.loads(r.stdout)["error"] == code
    assert one_sentence(r.stderr)


def test_help_says_how_to_keep_personal_data_out_of_ps(cli):
    for command in ("checkin", "read-card"):
        out = " ".join(cli(command, "--help").stdout.split())
        assert "'-' reads it from stdin" in out and "'@FILE' from a file" in out and "ps" in out


def test_the_process_exits_with_the_code_main_returns(server):
    """The real ``python -m kiosk`` process: its exit status is the command's code (2 and 11 here),
    the one sentence on stderr and nothing half-registered."""
    bad = run_cli("checkin", "--qr-text", "this is not a card", server=server)
    assert bad.returncode == ExitCode.BAD_INPUT and "not from an ID card" in one_sentence(bad.stderr)
    counter = run_cli("checkin", "--qr-text", by_key("expired").qr_text(), server=server)
    assert counter.returncode == ExitCode.COUNTER and counter.stderr == ""
    assert server.hospital_state.count() == 0
