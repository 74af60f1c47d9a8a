"""Complete headless check-ins with file logging at DEBUG, then every log file (and what the
commands wrote to stdout/stderr) is searched for the patients' names, ID/card numbers, birth
dates and addresses: none may be there.

The QR path runs anywhere; the chip path (``checkin --chip`` on pcscd + vpcd + the virtual
card, several citizens with diacritics, PACE and BAC, errors) is a hardware test. The Qt
kiosk's variant is tests/ui/test_logs_no_personal_data_ui.py.
"""

import json
import logging
from contextlib import contextmanager

import pytest

from devkit.log_audit import audit_logs, audit_text, log_files
from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import CITIZENS
from devkit.simulator.server import Fault
from devkit.virtual_card.pki import load_or_create
from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode
from kiosk.gateway.guard import STATE_FILE
from kiosk.logging_setup import remove_handlers
from readers.errors import ReaderError


def write_config(tmp_path, sim, reader: str = "", csca: str = "") -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[gateway]\nurl = "{sim.url}"\n[hospital]\nurl = "{hospital_url(sim)}"\n'
                    '[logging]\nlevel = "DEBUG"\n'
                    f'[reader]\nname = "{reader}"\ncsca_dir = "{csca}"\n', encoding="utf-8")
    return str(path)


@contextmanager
def own_stderr_logging():
    """Take pytest's capture handlers off the root logger for the block, so the CLI installs its
    own stderr handler (DEBUG with --debug) and what it writes is in capsys, to be audited too."""
    root = logging.getLogger()
    saved = list(root.handlers)
    for h in saved:
        root.removeHandler(h)
    try:
        yield
    finally:
        for h in saved:
            root.addHandler(h)


def assert_output_clean(text: str, citizens=CITIZENS) -> None:
    findings = audit_text(text, citizens, "<stdout/stderr>")
    assert not findings, "personal data in the commands' output:\n" + "\n".join(map(str, findings[:20]))


def run_checkins(config: str, argument_lists: list[list[str]], debug: bool = True) -> list[int]:
    """Run ``kiosk [--debug] --config CONFIG checkin ARGS…`` for each list; the exit codes.

    --debug gives the most log output (the HTTP client's request lines, the flow's debug lines) and
    makes errors re-raise: those are part of the run, the logs must still be clean. Without
    it, a failing command logs its error (code and detail) to the file.
    """
    codes = []
    for args in argument_lists:
        try:
            with own_stderr_logging():
                codes.append(main(["--debug"] * debug + ["--config", config, "checkin", "--json", *args]))
        except Exception as e:  # --debug re-raises what would be one sentence on stderr
            codes.append(ExitCode.READER if isinstance(e, ReaderError) else getattr(e, "exit_code", 1))
        finally:
            remove_handlers()
    return codes


def assert_logs_clean(log_dir, citizens=CITIZENS, min_lines: int = 1) -> str:
    files = log_files(log_dir)
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert len(text.splitlines()) >= min_lines, "the check-ins wrote (almost) no log: the audit would prove nothing"
    findings = audit_logs(files, citizens)
    assert not findings, "personal data in the logs:\n" + "\n".join(map(str, findings[:20]))
    return text


@pytest.fixture
def sim():
    with build_simulator() as s:
        yield s


def test_checkins_leave_no_personal_data_in_the_logs(tmp_path, sim, monkeypatch, capsys):
    data_dir = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
    config = write_config(tmp_path, sim)
    runs = [["--qr-text", c.qr_text()] for c in CITIZENS]
    runs += [["--qr-text", c.bhyt_qr_text()] for c in CITIZENS if c.bhyt_qr_text()]
    c = CITIZENS[1]
    runs.append(["--card-number", c.id_number, "--name", c.full_name, "--birth", c.birth.strftime("%d/%m/%Y")])
    codes = run_checkins(config, runs)
    # Outages: the gateway down (pending ticket), the hospital refusing (error path with --debug).
    sim.faults.set("gateway.*", Fault("http500"))
    codes += run_checkins(config, [["--qr-text", CITIZENS[15].qr_text()]])
    sim.faults.clear()
    sim.faults.set("hospital.register", Fault("malformed"))
    codes += run_checkins(config, [["--qr-text", CITIZENS[0].qr_text(), "--department", "NOPE"]])
    sim.faults.clear()
    # Bad input: a truncated QR, a typed ID whose birth date disagrees, a mangled insurance QR.
    v = CITIZENS[0]
    codes += run_checkins(config, [["--qr-text", v.qr_text()[:40]],
                                   ["--card-number", v.id_number, "--name", v.full_name, "--birth", "01/01/1990"],
                                   ["--qr-text", v.bhyt_qr_text().replace("|", "||", 1)]], debug=False)
    out = capsys.readouterr()
    assert "DEBUG" in out.err          # the stderr handler ran at DEBUG: its output is audited too
    assert_output_clean(out.out + out.err)
    assert {0, 2, 10, 11} <= set(codes), codes  # tickets, pending and counter outcomes all ran
    text = assert_logs_clean(data_dir / "logs", min_lines=len(runs) * 3)
    events = [json.loads(line) for line in text.splitlines()]
    assert any("token=***" in e["msg"] for e in events)       # the request lines were logged, masked
    assert any(e["logger"] == "kiosk.checkin.flow" for e in events)


def test_the_audit_itself_finds_leaks():
    c = CITIZENS[0]
    leaks = [c.full_name.upper(), "tran van binh", c.id_number, c.bhyt_code, c.birth.strftime("%d%m%Y"),
             c.address, c.qr_text()]
    findings = audit_text("\n".join(f"line {x}" for x in leaks), CITIZENS)
    assert {f.line for f in findings} == set(range(1, len(leaks) + 1))
    assert not audit_text("ticket NOI-001 card ********1234 (T. V. B.)", CITIZENS)


# Chip path: (key, how the card is opened, BAC-only card). Names with diacritics throughout
# (Đỗ, Nguyễn Thị Hồng, Phạm Thị Thu Hà …); PACE with the ID number, the CAN or the QR, BAC from the QR.
CHIP_RUNS = [("valid", "id", False), ("valid-female", "can", False), ("new-card-003", "qr", False),
             ("wrong-route", "qr", True), ("new-card-004", "id", False), ("expired", "can", False),
             ("elderly", "qr", False)]


def _chip_args(citizen, how: str) -> list[str]:
    if how == "id":
        return ["--id-number", citizen.id_number]
    if how == "can":
        return ["--can", citizen.id_number[-6:]]
    return ["--qr-text", citizen.qr_text()]


@pytest.mark.hardware
def test_chip_and_qr_checkins_leave_no_personal_data_in_the_logs(tmp_path, sim, monkeypatch, capsys,
                                                                 pcsc_stack,
                                                                 pki_dir, citizen_card):
    from devkit.simulator.citizens import by_key
    data_dir = tmp_path / "kiosk-data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data_dir))
    config = write_config(tmp_path, sim, pcsc_stack, str(load_or_create(pki_dir).csca_path))
    codes, sources = [], []
    for n, (key, how, bac_only) in enumerate(CHIP_RUNS):
        citizen = by_key(key)
        citizen_card(key, bac_only=bac_only)
        if n == 0:   # a wrong CAN first (the error path), then the right key opens the same card
            codes += run_checkins(config, [["--chip", "--can", "000000"]], debug=True)
            codes += run_checkins(config, [["--chip", "--can", "000000"]], debug=False)
        if key == "valid-female":    # the gateway down: a pending ticket from the chip identity
            sim.faults.set("gateway.*", Fault("http500"))
        codes += run_checkins(config, [["--chip", *_chip_args(citizen, how)]], debug=n % 2 == 0)
        sim.faults.clear()
        # the 500 reads as a blocked account, whose pause every process on the kiosk keeps:
        # deleting the kiosk's state file stands in for the pause running out
        (data_dir / STATE_FILE).unlink(missing_ok=True)
        sources.append(capsys.readouterr())
    # The QR path into the same log folder: every citizen's ID-card and insurance-card QR.
    runs = [["--qr-text", c.qr_text()] for c in CITIZENS]
    runs += [["--qr-text", c.bhyt_qr_text()] for c in CITIZENS if c.bhyt_qr_text()]
    codes += run_checkins(config, runs)
    sources.append(capsys.readouterr())
    outputs = "\n".join(o.out + o.err for o in sources)
    unfinished = [o.out[:200] + "///" + o.err[-300:] for o in sources[:-1]
                  if '"outcome": "ticket"' not in o.out and '"outcome": "counter"' not in o.out]
    assert unfinished == [], codes
    chip_reports = [json.loads(o.out[o.out.rindex('{\n  "outcome"'):]) for o in sources[:len(CHIP_RUNS)]]
    assert [r["identity"]["source"] for r in chip_reports] == ["chip-authenticated"] * len(CHIP_RUNS)
    assert {r["chip"]["protocol"] for r in chip_reports} == {"PACE", "BAC"}
    assert {0, 6, 10, 11} <= set(codes), codes      # tickets, the wrong CAN, pending, counter
    assert "DEBUG" in outputs and "Could not open the card with this number." in outputs
    files = log_files(data_dir / "logs")
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    assert len(text.splitlines()) >= len(runs) * 3, "(almost) no log: the audit would prove nothing"
    findings = audit_logs(files, CITIZENS) + audit_text(outputs, CITIZENS, "<stdout/stderr>")
    assert not findings, "personal data in the logs or output:\n" + "\n".join(map(str, findings[:30]))
    loggers = {json.loads(line)["logger"] for line in text.splitlines()}
    assert any(name.startswith("readers.") for name in loggers), loggers   # the chip read was logged


def test_the_audit_finds_the_chip_forms_and_not_longer_numbers():
    from devkit.simulator.citizens import by_key
    c = by_key("valid")          # MRZ name TRAN<<VAN<BINH, born 880314, document number 088001234
    leaks = ["mrz name=TRAN<<VAN<BINH", "birth 880314", "line 2: 8803148M2803146VNM", "doc 088001234",
             "can=001234", "expiry 14/03/2028", "TRẦN VĂN BÌNH", "Tran Van Binh"]
    findings = audit_text("\n".join(leaks), [c])
    assert {f.line for f in findings} == set(range(1, len(leaks) + 1)), findings
    assert not audit_text("took 18803141 us; id 0880012345; card ********1234", [c])
