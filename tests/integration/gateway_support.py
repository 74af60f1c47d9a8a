"""Helpers of the gateway tests: a settable clock, a source-address adapter, a client factory.

The fixtures built on them (``sim``, ``clock``, ``state``, ``client``) are in tests/fixtures/gateway.py."""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import UTC, datetime, timedelta

from requests.adapters import HTTPAdapter

from devkit.kiosk_config import dev_kit_config
from kiosk.config import FacilitySettings
from kiosk.gateway import GatewayClient


class FakeClock:
    """A settable aware-UTC clock shared by the simulator and the client."""

    START = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)

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
