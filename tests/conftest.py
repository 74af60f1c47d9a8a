"""Shared fixtures. Qt runs offscreen; no test touches the user's real state."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """Point every per-user folder at the test's own temp dir."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "kiosk-data"))
    # never put test keys in the developer's real OS keyring (subprocesses inherit this)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for var in ("KIOSK_GATEWAY_URL", "KIOSK_HOSPITAL_URL", "KIOSK_GATEWAY_PASSWORD",
                "KIOSK_GATEWAY_USERNAME", "KIOSK_ID", "KIOSK_STAFF_PIN"):
        monkeypatch.delenv(var, raising=False)
    # the product has no built-in secrets: tests run on the dev kit's (one place: devkit/kiosk_config.py)
    from devkit.kiosk_config import dev_kit_environ
    for var, value in dev_kit_environ().items():
        monkeypatch.setenv(var, value)


@pytest.fixture
def dev_kit_config():
    """``dev_kit_config(server, base=None)``: a Config on the dev kit's simulator with its secrets."""
    from devkit.kiosk_config import dev_kit_config as build
    return build


@pytest.fixture(scope="module")
def module_simulator():
    """The project's simulator (gateway + hospital) on a free loopback port, one per test module."""
    from devkit.simulator.app import build_simulator
    server = build_simulator("127.0.0.1", 0).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_simulator(module_simulator):
    """The module's simulator with no faults and an empty hospital day, before and after the test."""
    module_simulator.faults.clear()
    module_simulator.hospital_state.clear()
    yield module_simulator
    module_simulator.faults.clear()
