"""``kiosk doctor`` against the real stack: simulator, loopback printer, pcscd + vpcd, a folder camera.

All green first; then each part taken away in turn must turn exactly that
part red, with a reason a person understands.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest
from PIL import Image

from devkit.kiosk_config import ReadySecrets, ready_simulator
from devkit.simulator.app import hospital_url
from devkit.simulator.printer import LoopbackPrinter
from devkit.simulator.server import Fault
from kiosk.cli import main
from kiosk.cli.exit_codes import ExitCode
from kiosk.config import load_config
from kiosk.health import Status
from kiosk.health.probes_services import clock_probe
from kiosk.staff_pin import hash_pin

pytestmark = pytest.mark.hardware


@pytest.fixture(scope="module")
def pcscd(pcsc_stack):
    """pcscd with the vpcd virtual readers: the chip tests' session fixture (fails under CI=true)."""
    return pcsc_stack


@pytest.fixture(scope="module")
def simulator():
    """A simulator that accepts a set-up kiosk's own (fresh) secrets: doctor's part "setup" is green."""
    ready = ReadySecrets.fresh()
    with ready_simulator(ready) as sim:
        sim.ready = ready
        yield sim


@pytest.fixture
def kiosk(tmp_path, pcscd, simulator, monkeypatch):
    """Simulator, printer and camera folder up; returns a helper to write configs and run doctor."""
    sim = simulator
    ready = sim.ready
    for var, value in {"KIOSK_GATEWAY_PASSWORD": ready.password, "KIOSK_HOSPITAL_API_KEY": ready.api_key,
                       "KIOSK_OFFICER_CCCD": ready.officer_cccd, "KIOSK_ID": ready.kiosk_id,
                       "KIOSK_STAFF_PIN_HASH": hash_pin(ready.staff_pin)}.items():
        monkeypatch.setenv(var, value)
    printer = LoopbackPrinter("ok").start()
    camera = tmp_path / "camera"
    camera.mkdir()
    Image.new("L", (320, 240), 200).save(camera / "frame-001.png")
    data = Path(os.environ["KIOSK_DATA_DIR"])  # set per test by conftest; wins over kiosk.data_dir

    class Kiosk:
        def __init__(self):
            self.sim, self.printer, self.camera, self.data = sim, printer, camera, data

        def config(self, **over):
            sections = {
                "gateway": {"url": sim.url},
                "hospital": {"url": hospital_url(sim)},
                "printer": {"kind": "network", "target": printer.target, "status_timeout": 0.3},
                "camera": {"source": str(camera)},
                "health": {"probe_timeout": 3.0},
            }
            for key, value in over.items():
                section, name = key.split("__")
                sections.setdefault(section, {})[name] = value
            text = ""
            for section, values in sections.items():
                text += f"[{section}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())
            path = tmp_path / "kiosk.toml"
            path.write_text(text, encoding="utf-8")
            return path

        def doctor(self, capsys, *extra, **over):
            code = main(["--config", str(self.config(**over)), "doctor", "--json", *extra])
            out = capsys.readouterr().out
            return code, json.loads(out)

    yield Kiosk()
    printer.stop()
    sim.faults.clear()


def parts(report):
    return {p["part"]: p for p in report["parts"]}


def assert_only_red(report, part, words):
    by = parts(report)
    assert by[part]["status"] == "failing", by[part]
    assert words.lower() in by[part]["reason"].lower(), by[part]["reason"]
    others = {n: p["status"] for n, p in by.items() if n != part}
    assert all(s == "ok" for s in others.values()), others


def test_all_green(kiosk, capsys):
    code, report = kiosk.doctor(capsys)
    by = parts(report)
    assert code == ExitCode.OK and report["status"] == "ok", by
    assert set(by) == {"reader", "camera", "printer", "setup", "gateway", "hospital", "queue", "disk", "clock",
                       "chip-security", "kiosk-id"}
    assert by["reader"]["detail"]["readers"] and "Virtual PCD" in by["reader"]["detail"]["selected"]
    assert by["printer"]["detail"]["paper"] == "ok"
    assert by["camera"]["detail"]["width"] == 320
    assert by["hospital"]["detail"]["departments"] > 0
    assert "skew_s" in by["clock"]["detail"]


def test_text_output_and_exit_code(kiosk, capsys):
    code = main(["--config", str(kiosk.config()), "doctor"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    # the configured language (Vietnamese by default), naming the URL each remote check tried
    assert out.splitlines()[0] == f"ki-ốt {kiosk.sim.ready.kiosk_id}: TỐT"
    assert any(line.split()[:3] == ["TỐT", "máy", "in"] for line in out.splitlines()[1:])
    assert any("cổng BHXH" in line and f"đã thử {kiosk.sim.url}" in line for line in out.splitlines())
    code = main(["--config", str(kiosk.config(kiosk__language="en")), "doctor"])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"kiosk {kiosk.sim.ready.kiosk_id}: OK"
    assert any(line.split()[:2] == ["OK", "printer"] for line in out.splitlines()[1:])
    assert any(line.split()[1] == "gateway" and f"(tried {kiosk.sim.url})" in line for line in out.splitlines()[1:])


def test_printer_unplugged(kiosk, capsys):
    kiosk.printer.stop()
    code, report = kiosk.doctor(capsys)
    assert code == ExitCode.HEALTH_FAILED
    assert_only_red(report, "printer", "cannot be reached")


def test_printer_out_of_paper_and_low_paper(kiosk, capsys):
    kiosk.printer.mode = "out"
    code, report = kiosk.doctor(capsys, "--only", "printer")
    assert code == ExitCode.HEALTH_FAILED and "out of paper" in parts(report)["printer"]["reason"]
    kiosk.printer.mode = "low"
    code, report = kiosk.doctor(capsys, "--only", "printer")
    assert code == ExitCode.OK and parts(report)["printer"]["status"] == "degraded"


def test_printer_answering_garbage(kiosk, capsys):
    kiosk.printer.mode = "garbage"
    code, report = kiosk.doctor(capsys)
    assert_only_red(report, "printer", "does not answer like a ticket printer")


def test_camera_folder_gone(kiosk, capsys):
    shutil.rmtree(kiosk.camera)
    code, report = kiosk.doctor(capsys)
    assert code == ExitCode.HEALTH_FAILED
    assert_only_red(report, "camera", "does not exist")


def test_reader_missing(kiosk, capsys):
    code, report = kiosk.doctor(capsys, reader__name="No Such Reader 9000")
    assert_only_red(report, "reader", 'No connected reader matches "No Such Reader 9000"')


def test_pcscd_unreachable(kiosk):
    # pcsc-lite reads its socket path once per process: use a fresh one.
    env = dict(os.environ, PCSCLITE_CSOCK_NAME=str(kiosk.data / "no-pcscd.comm"))
    r = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(kiosk.config()), "doctor", "--json",
                        "--only", "reader"], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == ExitCode.HEALTH_FAILED, r.stderr
    assert "pcscd" in parts(json.loads(r.stdout))["reader"]["reason"]


def test_gateway_down(kiosk, capsys):
    kiosk.sim.faults.set("gateway.login", Fault("http500"))
    code, report = kiosk.doctor(capsys)
    assert_only_red(report, "gateway", "gateway")


def test_gateway_refuses_the_password(kiosk, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_GATEWAY_PASSWORD", "wrong-password")   # the environment wins over files
    code, report = kiosk.doctor(capsys)
    assert code == ExitCode.HEALTH_FAILED and parts(report)["gateway"]["status"] == "failing"
    assert parts(report)["gateway"]["detail"]["error"] == "gateway_login_refused"


def test_hospital_down(kiosk, capsys):
    kiosk.sim.faults.set("hospital.departments", Fault("http500"))
    code, report = kiosk.doctor(capsys)
    assert_only_red(report, "hospital", "hospital system")


def test_simulator_gone_fails_both_services_fast(kiosk, capsys):
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    started = time.monotonic()
    code, report = kiosk.doctor(capsys, gateway__url=dead, hospital__url=dead + "/his/v1")
    assert time.monotonic() - started < 10
    by = parts(report)
    assert by["gateway"]["status"] == by["hospital"]["status"] == "failing"
    assert by["clock"]["status"] == "ok" and "no server time" in by["clock"]["reason"]


def test_queue_damaged(kiosk, capsys):
    kiosk.data.mkdir(parents=True, exist_ok=True)
    (kiosk.data / "queue.db").write_bytes(b"this is not a database" * 100)
    code, report = kiosk.doctor(capsys)
    assert_only_red(report, "queue", "offline queue database")


def test_queue_with_an_old_pending_registration_is_degraded(kiosk, capsys):
    from offline_cache.database import KioskDatabase
    db = KioskDatabase.open(kiosk.data, "K01", prefer_keyring=False, clock=lambda: time.time() - 3600)
    db.outbox.enqueue("reg-old-1", {"anything": "sealed"})
    db.close()
    code, report = kiosk.doctor(capsys, "--only", "queue")
    q = parts(report)["queue"]
    assert code == ExitCode.OK and q["status"] == "degraded"
    assert q["detail"]["depth"] == 1 and q["detail"]["oldest_pending_s"] >= 3590


def test_disk_nearly_full(kiosk, capsys):
    code, report = kiosk.doctor(capsys, "--only", "disk", health__min_free_mb=10**9)
    assert code == ExitCode.OK and parts(report)["disk"]["status"] == "degraded"
    assert "nearly full" in parts(report)["disk"]["reason"]


def test_clock_implausible_or_skewed(kiosk):
    from datetime import datetime, timedelta
    cfg = load_config(kiosk.config())
    part = clock_probe(cfg, now=lambda: datetime(2001, 1, 1, tzinfo=UTC))()
    assert part.status is Status.FAILING and "2001" in part.reason
    ahead = clock_probe(cfg, now=lambda: datetime.now(UTC) + timedelta(hours=1))()
    assert ahead.status is Status.FAILING and "60 minutes off" in ahead.reason
    assert clock_probe(cfg)().status is Status.OK


def test_unknown_part_is_bad_input(kiosk, capsys):
    code = main(["--config", str(kiosk.config()), "doctor", "--only", "toaster"])
    assert code == ExitCode.BAD_INPUT and "Unknown part 'toaster'" in capsys.readouterr().err


def test_a_kiosk_that_is_not_set_up_fails_the_setup_part_naming_each_key(kiosk, capsys, monkeypatch):
    for var in ("KIOSK_GATEWAY_PASSWORD", "KIOSK_HOSPITAL_API_KEY", "KIOSK_ID", "KIOSK_STAFF_PIN_HASH"):
        monkeypatch.delenv(var)
    code, report = kiosk.doctor(capsys)
    assert code == ExitCode.HEALTH_FAILED
    setup = parts(report)["setup"]
    assert setup["status"] == "failing"
    assert setup["detail"]["missing"] == ["gateway.password", "hospital.api_key", "kiosk.id", "kiosk.staff_pin_hash"]
