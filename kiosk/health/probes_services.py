"""Health probes of the remote services: insurance gateway, hospital system, clock.

The gateway probe logs in with the kiosk's account (the cheapest call that
proves URL, network, credentials and the gateway itself) unless a
:class:`LinkRecord` the live client keeps shows a recent success: a kiosk that
just checked a card need not spend a login on its health view.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from kiosk.config import Config
from kiosk.errors import KioskError
from kiosk.health.links import LinkRecord
from kiosk.health.model import PartHealth, degraded, failing, ok
from kiosk.health.registry import Probe
from kiosk.http import HttpClient, TransportError

SLOW_SECONDS = 3.0          # a service slower than this is degraded
CLOCK_SKEW_DEGRADED = 120   # seconds: tokens and TLS start to suffer
CLOCK_SKEW_FAILING = 900
PLAUSIBLE_YEARS = range(2024, 2100)


def _timed(part: str, what: str, record: LinkRecord | None, call) -> PartHealth:
    started = time.monotonic()
    try:
        extra = call() or {}
    except KioskError as e:
        if record:
            record.failure(e.detail)
        return failing(part, e.detail, error=e.code)
    latency = time.monotonic() - started
    if record:
        record.success(latency)
    detail = {"latency_ms": round(latency * 1000), **extra}
    if latency > SLOW_SECONDS:
        return degraded(part, f"The {what} answers slowly ({latency:.1f} s).", **detail)
    return ok(part, f"The {what} answers ({latency * 1000:.0f} ms).", **detail)


def gateway_quick(config: Config, record: LinkRecord | None = None,
                  max_passive_age: float = 300.0) -> Callable[[], PartHealth | None]:
    """The gateway's state known without a login (not set up, blocked, a recent success), or None.

    Cheap enough for every health request; a scheduled probe falls back to its
    last login result when this returns None.
    """

    def quick() -> PartHealth | None:
        if not config.gateway.url:
            return failing("gateway", "Not set up: gateway.url is empty (run `kiosk setup`).", error="not_set_up")
        if record is not None and record.block_left() > 0:
            # a login now would only prolong the block: report it without asking
            return failing("gateway", f"The gateway account is blocked (too many lookups); the kiosk sends "
                                      f"nothing for {record.block_left() / 60:.0f} more minute(s).",
                           blocked=True, **record.detail())
        from kiosk.gateway.guard import STATE_FILE, AccountGuard
        shared = AccountGuard(config.gateway.username, state_path=config.data_path() / STATE_FILE).status()
        if shared["blocked"]:
            # noted by another process (the running kiosk): this one must not log in either
            return failing("gateway", f"The gateway account is blocked; nothing is sent to it until "
                                      f"{shared['blocked_until']} (no login from here).",
                           blocked=True, blocked_until=shared["blocked_until"])
        if record is not None and record.fresh_success(max_passive_age):
            return ok("gateway", "The insurance gateway answered the last check-in.", passive=True,
                      **record.detail())
        return None

    return quick


def gateway_probe(config: Config, record: LinkRecord | None = None, max_passive_age: float = 300.0) -> Probe:
    """Gateway reachable and the account accepted (a login), or a recent success on ``record``."""
    quick = gateway_quick(config, record, max_passive_age)

    def probe() -> PartHealth:
        known = quick()
        if known is not None:
            return known
        from kiosk.gateway import GatewayClient
        client = GatewayClient(config.gateway, config.facility, data_dir=config.data_path())
        try:
            return _timed("gateway", "insurance gateway", record, lambda: (client.login(), None)[1])
        finally:
            client.close()

    return probe


def hospital_probe(config: Config, record: LinkRecord | None = None) -> Probe:
    """The hospital system answers the department list."""

    def probe() -> PartHealth:
        if not config.hospital.url:
            return failing("hospital", "Not set up: hospital.url is empty (run `kiosk setup`).",
                           error="not_set_up")
        from kiosk.hospital.client import HospitalClient
        client = HospitalClient(config.hospital)
        try:
            return _timed("hospital", "hospital system", record,
                          lambda: {"departments": len(client.list_departments())})
        finally:
            client.close()

    return probe


def clock_probe(config: Config | None = None, now=lambda: datetime.now(UTC)) -> Probe:
    """The year is plausible and, when the hospital system answers, within minutes of its Date."""

    def probe() -> PartHealth:
        local = now()
        if local.year not in PLAUSIBLE_YEARS:
            return failing("clock", f"The kiosk's clock says {local.year}; set the date and time.",
                           local=local.isoformat(timespec="seconds"))
        detail: dict = {"local": local.isoformat(timespec="seconds")}
        server = _server_date(config) if config is not None else None
        if server is None:
            return ok("clock", "The kiosk's clock is plausible (no server time to compare with).", **detail)
        skew = (local - server).total_seconds()
        detail.update(server=server.isoformat(timespec="seconds"), skew_s=round(skew))
        if abs(skew) > CLOCK_SKEW_FAILING:
            return failing("clock", f"The kiosk's clock is {abs(skew) / 60:.0f} minutes off the hospital "
                                    "server's.", **detail)
        if abs(skew) > CLOCK_SKEW_DEGRADED:
            return degraded("clock", f"The kiosk's clock is {abs(skew):.0f} s off the hospital server's.",
                            **detail)
        return ok("clock", f"The kiosk's clock agrees with the hospital server (within {abs(skew):.0f} s).",
                  **detail)

    return probe


def _server_date(config: Config) -> datetime | None:
    """The hospital server's ``Date`` header (any answer carries one), or None."""
    from kiosk.hospital.client import API_KEY_HEADER
    s = config.hospital
    if not s.url:
        return None
    http = HttpClient(s.url, s.connect_timeout, min(s.read_timeout, 3.0), name="hospital.url")
    try:
        resp = http.request("GET", "departments", headers={API_KEY_HEADER: s.api_key})
        date = resp.headers.get("Date")
        return parsedate_to_datetime(date) if date else None
    except (TransportError, TypeError, ValueError):
        return None
    finally:
        http.close()
