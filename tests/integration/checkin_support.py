"""Shared helpers of the check-in tests: a real simulator on loopback, configs pointing at it, the CLI."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import build_simulator, hospital_url
from kiosk.config import Config

ROOT = Path(__file__).resolve().parents[2]


def start_simulator(**kwargs):
    """A started simulator (gateway + hospital) on a free loopback port."""
    return build_simulator("127.0.0.1", 0, **kwargs).start()


def config_for(server, **kiosk_overrides) -> Config:
    """The embedded default configuration pointed at ``server``, short timeouts for tests."""
    cfg = dev_kit_config(server)
    return dataclasses.replace(
        cfg,
        gateway=dataclasses.replace(cfg.gateway, url=server.url, read_timeout=2.0, connect_timeout=1.0),
        hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server), read_timeout=2.0,
                                     connect_timeout=1.0),
        kiosk=dataclasses.replace(cfg.kiosk, **kiosk_overrides))


def run_cli(*args: str, server=None, env: dict | None = None, timeout: float = 30,
            stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m kiosk ARGS`` in a subprocess, pointed at ``server`` by environment variables."""
    environ = dict(os.environ)
    for var in ("KIOSK_GATEWAY_URL", "KIOSK_HOSPITAL_URL"):
        environ.pop(var, None)
    if server is not None:
        environ["KIOSK_GATEWAY_URL"] = server.url
        environ["KIOSK_HOSPITAL_URL"] = hospital_url(server)
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=environ, input=stdin)
