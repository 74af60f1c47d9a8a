"""What the metrics cost: a timed gateway lookup vs an untimed one, and one scrape of a busy kiosk.

1. The gateway client on a :class:`~kiosk.metrics.timed_http.TimedHttpClient` (the root's) vs the
   same client on a plain :class:`~kiosk.http.HttpClient`, both against the simulated gateway on
   loopback in this process, interleaved call by call, the per-day cache off. Target: ratio ≤ 1.05x.
2. ``KioskMetrics.exposition()`` after 10,000 check-ins, requests and chip reads spread over every
   label the kiosk uses, with the health gauges from a fixed report: the scrape's own cost (the
   health probes behind it are cached, see docs/operations.md). Target: median ≤ 50 ms (a scrape
   every 15 s then costs under 0.4 % of one core).
"""

from __future__ import annotations

import dataclasses
import statistics
import time

from benchmarks.stats import percentile, summary_ms
from devkit.kiosk_config import dev_kit_config
from devkit.simulator.citizens import by_key
from devkit.simulator.gateway import build_gateway_simulator
from kiosk.gateway import GatewayClient, NoEligibilityCache
from kiosk.health.model import HealthReport, degraded, ok
from kiosk.http import HttpClient
from kiosk.metrics import KioskMetrics
from kiosk.metrics.timed_http import TimedHttpClient

ROUNDS = 300
WARMUP = 30


def _lookup_cost(server) -> None:
    dev = dev_kit_config()          # the simulator's demo account
    settings, facility = dataclasses.replace(dev.gateway, url=server.url), dev.facility
    metrics = KioskMetrics("K01")
    timed = GatewayClient(settings, facility, cache=NoEligibilityCache(),
                          http=TimedHttpClient(settings.url, settings.connect_timeout, settings.read_timeout,
                                               observer=metrics.http_observer("gateway")))
    plain = GatewayClient(settings, facility, cache=NoEligibilityCache(),
                          http=HttpClient(settings.url, settings.connect_timeout, settings.read_timeout))
    c = by_key("valid")
    birth = c.birth.strftime("%d/%m/%Y")
    ours, peer = [], []
    for i in range(WARMUP + ROUNDS):
        pairs = ((timed, ours), (plain, peer)) if i % 2 else ((plain, peer), (timed, ours))
        for client, sink in pairs:
            t0 = time.perf_counter()
            assert client.lookup(c.id_number, c.full_name, birth).insured
            if i >= WARMUP:
                sink.append(time.perf_counter() - t0)
    print(f"lookup, timed HTTP client: {summary_ms(ours)}")
    print(f"lookup, plain HTTP client: {summary_ms(peer)}")
    print(f"ratio timed/plain: median {statistics.median(ours) / statistics.median(peer):.3f}x, "
          f"p95 {percentile(ours, 95) / percentile(peer, 95):.3f}x (target <= 1.05x)")
    timed.close()
    plain.close()


class _Report:
    def get(self) -> HealthReport:
        parts = [ok(p, "fine") for p in ("reader", "camera", "gateway", "hospital", "disk", "clock", "setup")]
        parts += [ok("queue", "3 waiting", depth=3, oldest_pending_s=42, needs_attention=0, eligibility_rechecks=1),
                  degraded("printer", "paper low", kind="network", paper="low")]
        return HealthReport(tuple(parts))


def _scrape_cost() -> None:
    metrics = KioskMetrics("K01")
    metrics.watch_health(_Report())
    gateway, hospital = metrics.http_observer("gateway"), metrics.http_observer("hospital")
    outcomes = ("verified", "new_card", "not_registered_here", "pending")
    for i in range(10_000):
        method = ("chip", "qr", "typed")[i % 3]
        metrics.checkins_total.labels(method, outcomes[i % 4], "").inc()
        metrics.checkin_seconds.labels(method, outcomes[i % 4]).observe(10 + i % 120)
        metrics.gateway_answer(("000", "003", "004", "010", "050", "gateway_timeout")[i % 6])
        gateway("/api/egw/KQNhanLichSuKCB2024", 0.2, ("200", "500", "timeout")[i % 3])
        hospital(("registrations", "departments")[i % 2], 0.05, ("201", "200", "503")[i % 3])
        metrics.chip_read(2.5, ("PACE", "BAC")[i % 2], "ok", "chain verified")
    times = []
    for i in range(WARMUP + ROUNDS):
        t0 = time.perf_counter()
        body, _ = metrics.exposition()
        if i >= WARMUP:
            times.append(time.perf_counter() - t0)
    print(f"one scrape ({len(body)} bytes): {summary_ms(times)} (target median <= 50 ms)")


def main() -> None:
    """Print the figures (never asserted: these machines are noisy)."""
    with build_gateway_simulator() as server:
        _lookup_cost(server)
    _scrape_cost()


if __name__ == "__main__":
    main()
