"""Shared helpers for the offline-queue tests: the simulator, registrations, configs."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime

from devkit.kiosk_config import dev_kit_environ
from devkit.simulator.app import build_simulator
from devkit.simulator.citizens import CITIZENS
from devkit.simulator.departments import DEPARTMENTS
from devkit.simulator.hospital import BASE as HOSPITAL_BASE
from devkit.simulator.server import Fault, SimulatorServer
from kiosk.checkin.flow import pending_result
from kiosk.checkin.identify import identity_from_qr
from kiosk.config import load_config
from kiosk.hospital.registration import Registration, build_registration


def start_simulator() -> SimulatorServer:
    """The project's gateway + hospital simulator on a free loopback port (started)."""
    return build_simulator("127.0.0.1", 0).start()


def config_for(sim: SimulatorServer | None, data_dir, **queue):
    """A config pointing at ``sim`` with its data folder at ``data_dir``."""
    env = {"KIOSK_DATA_DIR": str(data_dir), **dev_kit_environ()}
    if sim is not None:
        env["KIOSK_HOSPITAL_URL"] = sim.url + HOSPITAL_BASE
        env["KIOSK_GATEWAY_URL"] = sim.url
    cfg = load_config(None, environ=env)
    hospital = dataclasses.replace(cfg.hospital, connect_timeout=1.0, read_timeout=1.0)
    return dataclasses.replace(cfg, hospital=hospital, queue=dataclasses.replace(cfg.queue, **queue))


def fault(sim: SimulatorServer, endpoint: str, kind: str, latency: float = 0.0, count: int | None = None):
    """Switch a simulator fault on (kind "none" clears it)."""
    sim.faults.set(endpoint, Fault(kind, latency, count))


def registration(n: int = 0, *, client_id: str | None = None, department: str | None = None,
                 citizen=None) -> Registration:
    """A pending-eligibility registration of a synthetic citizen (the n-th, cycling)."""
    c = citizen or CITIZENS[n % len(CITIZENS)]
    identity = identity_from_qr(c.qr_text())
    now = datetime.now()
    return build_registration(client_id=client_id or str(uuid.uuid4()), identity=identity,
                              eligibility=pending_result(identity, "gateway down", now), pending=True,
                              department=department or DEPARTMENTS[0].code, priority=False,
                              kiosk_id="K01", facility_code="79014", arrived_at=now)
