"""An installed kiosk that is not set up refuses its patient screen and talks to nothing;
the dev kit's simulator writes a ready config on which the kiosk starts."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

from devkit.kiosk_config import dev_kit_environ
from devkit.simulator.app import build_simulator
from kiosk.cli.exit_codes import ExitCode

ROOT = Path(__file__).resolve().parents[2]


def clean_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def run_kiosk(config: Path, env: dict, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed",
                           "--smoke-test", *args], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)


def test_no_settings_shows_the_not_set_up_notice_and_names_each_key(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[camera]\nsource = "%s"\n' % (tmp_path / "cam"), encoding="utf-8")
    r = run_kiosk(config, clean_env(tmp_path))
    assert r.returncode == ExitCode.CONFIG, r.stderr
    assert "not-set-up screen shown" in r.stdout and "idle screen shown" not in r.stdout
    for key in ("gateway.url", "gateway.password", "hospital.url", "hospital.api_key", "kiosk.id",
                "kiosk.staff_pin_hash"):
        assert key in r.stderr
    assert "Traceback" not in r.stderr


def test_published_demo_values_are_refused_and_the_configured_services_get_no_request(tmp_path):
    with build_simulator() as sim:
        config = tmp_path / "kiosk.toml"
        config.write_text('[camera]\nsource = "%s"\n' % (tmp_path / "cam"), encoding="utf-8")
        r = run_kiosk(config, clean_env(tmp_path, **dev_kit_environ(sim)))
        assert r.returncode == ExitCode.CONFIG and "not-set-up screen shown" in r.stdout
        assert re.search(r"missing: gateway.password, gateway.officer_cccd, hospital.api_key, kiosk.id, "
                         r"kiosk.staff_pin_hash", r.stderr), r.stderr
        for secret in ("demo-password", "demo-key", "079190000001"):
            assert secret not in r.stderr + r.stdout
        assert sim.gateway_state.snapshot()["logins"] == 0 and sim.hospital_state.count() == 0


def test_simulator_write_config_gives_a_kiosk_that_starts(tmp_path):
    written = tmp_path / "etc" / "kiosk.toml"
    sim = subprocess.Popen([sys.executable, "-m", "kiosk", "simulator", "--port", "0",
                            "--write-config", str(written)], cwd=ROOT, env=clean_env(tmp_path),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [sim.stdout.readline() for _ in range(3)]
        assert lines[2].startswith("Wrote "), lines
        pin = re.search(r"staff PIN (\d{8})", lines[2]).group(1)
        secrets_file = written.with_name("secrets.toml")
        assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
        both = written.read_text(encoding="utf-8") + secrets_file.read_text(encoding="utf-8")
        for published in ("demo-password", "demo-key", "079190000001", '"K01"', pin):
            assert published not in both                  # fresh secrets; the PIN only as its hash
        assert "staff_pin_hash = \"scrypt$" in both
        r = run_kiosk(written, clean_env(tmp_path))
        assert r.returncode == 0 and "idle screen shown" in r.stdout, r.stderr
    finally:
        sim.send_signal(signal.SIGINT)
        sim.communicate(timeout=20)


def test_the_simulator_command_refuses_a_non_loopback_host_in_one_sentence(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kiosk", "simulator", "--host", "0.0.0.0", "--port", "0"],
                       capture_output=True, text=True, timeout=60, cwd=ROOT, env=clean_env(tmp_path))
    assert r.returncode == ExitCode.BAD_INPUT and "loopback only" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
