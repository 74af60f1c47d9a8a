"""The running kiosk's health: started with the kiosk, remote services probed on a schedule
(GETs never cause VSS logins), loopback Host only."""

from __future__ import annotations

import dataclasses
import socket
import time

import requests

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import build_simulator
from kiosk.health.monitoring import start_monitoring
from kiosk.health.standard import standard_registry


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def logins(sim) -> int:
    return sim.gateway_state.snapshot()["logins"]


def test_four_health_gets_cost_one_vss_login_not_four(tmp_path):
    with build_simulator() as sim:
        cfg = dev_kit_config(sim)
        port = free_port()
        cfg = dataclasses.replace(cfg, health=dataclasses.replace(cfg.health, endpoint_port=port),
                                  camera=dataclasses.replace(cfg.camera, source=str(tmp_path / "no-camera")))
        # doctor's mode (probe on each run) on the same simulator: every run is a login
        direct = standard_registry(cfg)
        for _ in range(2):
            direct.run(["gateway"])
        assert logins(sim) == 2
        monitoring = start_monitoring(cfg)
        try:
            gateway_schedule = next(s for s in monitoring.schedules if s.part == "gateway")
            deadline = time.monotonic() + 10
            while gateway_schedule.runs < 1 and time.monotonic() < deadline:   # the schedule's first run,
                time.sleep(0.05)                                               # recorded (not only logged in)
            monitoring.server.health.max_age = 0     # no response cache: each GET runs every probe
            for _ in range(4):
                r = requests.get(monitoring.server.url, timeout=10)
                gateway = {p["part"]: p for p in r.json()["parts"]}["gateway"]
                assert gateway["status"] == "ok", gateway
            assert logins(sim) == 3       # 2 above + the schedule's one; the 4 GETs added none
        finally:
            monitoring.stop()


def test_a_request_whose_host_is_not_loopback_is_refused(tmp_path):
    cfg = dev_kit_config()
    port = free_port()
    cfg = dataclasses.replace(cfg, health=dataclasses.replace(cfg.health, endpoint_port=port))
    monitoring = start_monitoring(cfg)
    try:
        url = monitoring.server.url
        for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.nip.io"):
            r = requests.get(url, headers={"Host": host}, timeout=10)
            assert r.status_code == 421 and "kiosk" not in r.text
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "[::1]"):
            assert requests.get(url, headers={"Host": host}, timeout=10).status_code in (200, 503)
    finally:
        monitoring.stop()


def test_the_not_set_up_part_names_each_missing_key_and_no_service_is_asked():
    from kiosk.config import load_config
    report = standard_registry(load_config(None, environ={})).run(["setup", "gateway", "hospital"])
    parts = {p.part: p for p in report.parts}
    assert parts["setup"].status.value == "failing"
    for key in ("gateway.url", "gateway.password", "hospital.api_key", "kiosk.id", "kiosk.staff_pin_hash"):
        assert key in parts["setup"].reason
    assert "Not set up" in parts["gateway"].reason and "Not set up" in parts["hospital"].reason


def test_the_station_sees_the_kiosks_staff_pin_lockout():
    from devkit.kiosk_config import dev_kit_pin_hash
    from kiosk.staff_pin import PinGuard
    from ui.app import pin_guard_probe, station_registry
    cfg = dev_kit_config()
    cfg = dataclasses.replace(cfg, health=dataclasses.replace(cfg.health, endpoint_port=free_port()))
    station = station_registry(cfg)
    before = station.run(["staff_pin"]).part("staff_pin")
    assert before.status.value == "degraded" and "not running" in before.reason
    guard = PinGuard(dev_kit_pin_hash(), max_failures=3, clock=lambda: 0.0)
    monitoring = start_monitoring(cfg, extra={"staff_pin": pin_guard_probe(guard)})
    try:
        guard.attempt("1111")
        guard._not_before = 0.0                      # the same instant: skip the waits
        guard.attempt("2222")
        guard._not_before = 0.0
        guard.attempt("3333")
        monitoring.server.health.max_age = 0
        part = station.run(["staff_pin"]).part("staff_pin")
        assert part.status.value == "failing" and "locked after 3 wrong PINs" in part.reason
    finally:
        monitoring.stop()


def test_doctor_serve_gets_cost_at_most_one_login(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from devkit.kiosk_config import dev_kit_environ
    with build_simulator() as sim:
        port = free_port()
        toml = tmp_path / "k.toml"
        toml.write_text('[camera]\nsource = "%s"\n' % (tmp_path / "cam"), encoding="utf-8")
        env = dict(os.environ, **dev_kit_environ(sim))
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(toml), "doctor", "--serve",
                                 "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        try:
            assert proc.stdout.readline().startswith("Health endpoint:")
            deadline = time.monotonic() + 15
            while logins(sim) < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            for n in range(4):
                if n:
                    time.sleep(5.1)         # past the endpoint's 5 s response cache: each GET runs the probes
                requests.get(f"http://127.0.0.1:{port}/health", timeout=15)
            assert logins(sim) == 1         # was 4: one VSS login per GET
        finally:
            proc.send_signal(signal.SIGINT)
            proc.communicate(timeout=15)
