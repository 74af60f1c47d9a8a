"""Fixtures for the gateway tests: a real simulator on loopback and a client with a fake clock."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from requests.adapters import HTTPAdapter

from kiosk.config import FacilitySettings
from kiosk.gateway import GatewayClient
from devkit.kiosk_config import dev_kit_config
from devkit.simulator.gateway import build_gateway_simulator


class FakeClock:
    """A settable aware-UTC clock shared by the simulator and the client."""

    START = datetime(2026, 6, 15, 2, 0, tzinfo=timezone.utc)

    def __init__(self, start: datetime = START) -> None:
        self._now = start
        self._lock = threading.Lock()

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, **kwargs) -> None:
        with self._lock:
            self._now += timedelta(**kwargs)


class SourceAddressAdapter(HTTPAdapter):
    """Makes a session connect FROM a given loopback address (127.0.0.2 …)."""

    def __init__(self, source_ip: str) -> None:
        self.source_ip = source_ip
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source_ip, 0)
        super().init_poolmanager(*args, **kwargs)


def wait_for(predicate, timeout: float = 3.0) -> bool:
    """Poll ``predicate`` (bounded): lets a request the client gave up on finish inside its own test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def make_client(server, clock, *, cache=None, facility=None, **gateway) -> GatewayClient:
    settings = dataclasses.replace(dev_kit_config().gateway, url=server.url, **gateway)
    return GatewayClient(settings, facility or FacilitySettings(), clock=clock, cache=cache)


@pytest.fixture(scope="module")
def _server():
    # One server per test module (stopping one costs ~0.5 s); each test gets a fresh state.
    the_clock = FakeClock()
    server = build_gateway_simulator(clock=the_clock).start()
    server.test_clock = the_clock
    yield server
    server.stop()


@pytest.fixture
def clock(_server):
    _server.test_clock.set(FakeClock.START)
    return _server.test_clock


@pytest.fixture
def sim(_server, clock):
    _server.gateway_state.reset(clock=clock)
    _server.faults.clear()
    yield _server
    _server.faults.clear()


@pytest.fixture
def state(sim):
    return sim.gateway_state


@pytest.fixture
def client(sim, clock):
    c = make_client(sim, clock)
    yield c
    c.close()
