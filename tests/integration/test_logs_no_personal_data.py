"""Complete headless check-ins with file logging at DEBUG, then every log file is searched
for the patients' names, ID/card numbers, birth dates and addresses: none may be there.

``run_checkins`` and ``assert_logs_clean`` are the pieces to reuse when the chip and camera
paths are added (the lead's full variant): drive more check-ins, then call the same audit.
"""

import json

import pytest

from kiosk.cli import main
from kiosk.logging_setup import remove_handlers
from kiosk.simulator.app import build_simulator, hospital_url
from kiosk.simulator.citizens import CITIZENS
from kiosk.simulator.log_audit import audit_logs, audit_text, log_files
from kiosk.simulator.server import Fault


def write_config(tmp_path, sim) -> str:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[gateway]\nurl = "{sim.url}"\n[hospital]\nurl = "{hospital_url(sim)}"\n'
                    '[logging]\nlevel = "DEBUG"\n', encoding="utf-8")
    return str(path)


def run_checkins(config: str, argument_lists: list[list[str]], debug: bool = True) -> list[int]:
    """Run ``kiosk [--debug] --config CONFIG checkin ARGS…`` for each list; the exit codes.

    --debug gives the most log output (urllib3 request lines, the flow's debug lines) and
    makes errors re-raise: those are part of the run, the logs must still be clean. Without
    it, a failing command logs its error (code and detail) to the file.
    """
    codes = []
    for args in argument_lists:
        try:
            codes.append(main(["--debug"] * debug + ["--config", config, "checkin", "--json", *args]))
        except Exception as e:  # --debug re-raises what would be one sentence on stderr
            codes.append(getattr(e, "exit_code", 1))
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
    capsys.readouterr()
    assert {0, 2, 10, 11} <= set(codes), codes  # tickets, pending and counter outcomes all ran
    text = assert_logs_clean(data_dir / "logs", min_lines=len(runs) * 3)
    events = [json.loads(line) for line in text.splitlines()]
    assert any("token=***" in e["msg"] for e in events)       # urllib3 URL lines were logged, masked
    assert any(e["logger"] == "kiosk.checkin.flow" for e in events)


def test_the_audit_itself_finds_leaks():
    c = CITIZENS[0]
    leaks = [c.full_name.upper(), "tran van binh", c.id_number, c.bhyt_code, c.birth.strftime("%d%m%Y"),
             c.address, c.qr_text()]
    findings = audit_text("\n".join(f"line {x}" for x in leaks), CITIZENS)
    assert {f.line for f in findings} == set(range(1, len(leaks) + 1))
    assert not audit_text("ticket NOI-001 card ********1234 (T. V. B.)", CITIZENS)
