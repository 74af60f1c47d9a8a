"""The loopback health endpoint and the heartbeat, over real HTTP."""

import time

import pytest
import requests

from devkit.kiosk_config import DEV_KIT_API_KEY
from devkit.simulator.app import build_simulator, hospital_url
from kiosk.config import HospitalSettings
from kiosk.health import ProbeRegistry, failing, ok
from kiosk.health.endpoint import HealthServer
from kiosk.health.heartbeat import Heartbeat


@pytest.fixture
def counted_registry():
    calls = {"n": 0}

    def probe():
        calls["n"] += 1
        return ok("printer", "The ticket printer is online and has paper.")

    reg = ProbeRegistry(kiosk_id="K01")
    reg.register("printer", probe)
    return reg, calls


def test_endpoint_serves_json_on_loopback_only(counted_registry):
    reg, calls = counted_registry
    with HealthServer(reg, 0, max_age=60) as server:
        assert server._httpd.server_address[0] == "127.0.0.1"
        r = requests.get(server.url, timeout=5)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
        body = r.json()
        assert body["status"] == "ok" and body["kiosk_id"] == "K01" and body["parts"][0]["part"] == "printer"
        part = requests.get(server.url + "/printer", timeout=5)
        assert part.status_code == 200 and part.json()["reason"].startswith("The ticket printer")
        assert requests.get(server.url + "/nope", timeout=5).status_code == 404
        assert requests.get(server.url.replace("/health", "/other"), timeout=5).status_code == 404
        assert calls["n"] == 1  # cached: four requests, one probe run


def test_endpoint_answers_503_when_failing():
    reg = ProbeRegistry()
    reg.register("camera", lambda: failing("camera", "The camera 0 could not be opened."))
    with HealthServer(reg, 0, max_age=0) as server:
        r = requests.get(server.url, timeout=5)
        assert r.status_code == 503 and r.json()["parts"][0]["status"] == "failing"


def test_heartbeat_reaches_the_simulated_hospital(counted_registry):
    reg, _ = counted_registry
    with build_simulator() as sim:
        hb = Heartbeat(reg, HospitalSettings(url=hospital_url(sim), api_key=DEV_KIT_API_KEY), interval=0.05)
        assert hb.beat() is True
        last = sim.heartbeats.last("K01")
        assert last["status"] == "ok" and last["parts"][0]["part"] == "printer"
        hb.start()
        deadline = time.monotonic() + 5
        while sim.heartbeats.received < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        hb.stop()
        assert sim.heartbeats.received >= 3 and hb.failed == 0


def test_heartbeat_failures_are_counted_and_logged_once(counted_registry, caplog):
    reg, _ = counted_registry
    with build_simulator() as sim:
        hb = Heartbeat(reg, HospitalSettings(url=hospital_url(sim), api_key="wrong"), interval=60)
        with caplog.at_level("INFO", logger="kiosk.health.heartbeat"):
            assert hb.beat() is False and hb.beat() is False
        assert hb.failed == 2 and hb.last_error == "HTTP 401"
        assert [r.getMessage() for r in caplog.records] == ["heartbeat not delivered"]
        assert sim.heartbeats.received == 0


def test_simulator_refuses_a_malformed_heartbeat():
    with build_simulator() as sim:
        r = requests.post(hospital_url(sim) + "/heartbeat", json={"kiosk_id": "K01"},
                          headers={"X-Api-Key": "demo-key"}, timeout=5)
        assert r.status_code == 422 and r.json()["reason"] == "invalid_heartbeat"


def test_monitoring_starts_what_the_config_switches_on(tmp_path, counted_registry):
    import socket

    from kiosk.config import load_config
    from kiosk.health.monitoring import Monitoring
    reg, _ = counted_registry
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with build_simulator() as sim:
        toml = tmp_path / "k.toml"
        toml.write_text(f'[hospital]\nurl = "{hospital_url(sim)}"\n[health]\nendpoint_port = {port}\n'
                        'heartbeat_seconds = 5\n', encoding="utf-8")
        m = Monitoring.start(load_config(toml), reg)
        try:
            assert requests.get(f"http://127.0.0.1:{port}/health", timeout=5).json()["kiosk_id"] == "K01"
            deadline = time.monotonic() + 5
            while sim.heartbeats.received < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert sim.heartbeats.received == 1  # the first beat goes at start
            # A second kiosk process on the same port: logged and skipped, not a crash.
            other = Monitoring.start(load_config(toml), reg)
            assert other.server is None
            other.stop()
        finally:
            m.stop()
        off = tmp_path / "off.toml"
        off.write_text("[health]\nendpoint_port = 0\nheartbeat_seconds = 0\n", encoding="utf-8")
        assert Monitoring.start(load_config(off), reg) == Monitoring(None, None)


def test_doctor_serve_runs_the_endpoint_until_interrupted(tmp_path):
    import signal
    import socket
    import subprocess
    import sys
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    toml = tmp_path / "k.toml"
    toml.write_text('[camera]\nsource = "%s"\n' % (tmp_path / "cam"), encoding="utf-8")
    # Started as a background job would be: SIGINT ignored. Ctrl-C must still stop it.
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(toml), "doctor", "--serve",
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        first = proc.stdout.readline()
        assert first.strip() == f"Health endpoint: http://127.0.0.1:{port}/health"
        r = requests.get(f"http://127.0.0.1:{port}/health/disk", timeout=10)
        assert r.status_code == 200 and r.json()["part"] == "disk"
        whole = requests.get(f"http://127.0.0.1:{port}/health", timeout=15)
        assert whole.status_code == 503  # the camera folder does not exist
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            assert proc.wait(10) == 130
        finally:
            if proc.poll() is None:
                proc.kill()


def test_doctor_serve_stops_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "doctor", "--serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout.readline().startswith("Health endpoint: http://127.0.0.1:")
        proc.send_signal(signal.SIGTERM)     # how systemd stops a service
        assert proc.wait(10) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
