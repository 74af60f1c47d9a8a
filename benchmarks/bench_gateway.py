"""Gateway client cost per lookup vs a bare ``requests`` post, and logins per 100 lookups.

Both run in the same process against the simulated gateway on loopback with
no injected latency, interleaved call by call so machine noise hits both
alike. The client's per-day cache is off for the comparison (a cached answer
would make no HTTP call at all). The bare peer uses a ``requests.Session``
too (keep-alive, like the client) and decodes the JSON answer: the minimum
any caller must do. Targets: ratio ≤ 1.2x, 1 login per 100 lookups.
"""

from __future__ import annotations

import dataclasses
import statistics
import time

import requests

from benchmarks.stats import percentile, summary_ms
from devkit.kiosk_config import dev_kit_config
from devkit.simulator.citizens import CITIZENS, by_key
from devkit.simulator.gateway import build_gateway_simulator
from kiosk.gateway import LOOKUP_PATH, GatewayClient, NoEligibilityCache, md5_hex

ROUNDS = 300
WARMUP = 30


def _compare(server) -> None:
    dev = dev_kit_config()          # the simulator's demo account (the product's defaults hold no secret)
    settings = dataclasses.replace(dev.gateway, url=server.url)
    client = GatewayClient(settings, dev.facility, cache=NoEligibilityCache())
    token = client.login()
    c = by_key("valid")
    birth = c.birth.strftime("%d/%m/%Y")
    bare = requests.Session()
    query = {"token": token.access_token, "id_token": token.id_token, "username": settings.username,
             "password": md5_hex(settings.password)}
    body = {"maThe": c.id_number, "hoTen": c.full_name, "ngaySinh": birth,
            "hoTenCb": settings.officer_name, "cccdCb": settings.officer_cccd}
    url = server.url + LOOKUP_PATH

    def bare_lookup() -> None:
        resp = bare.post(url, params=query, json=body, timeout=(3, 8))
        assert resp.json()["maKetQua"] == "000"

    def client_lookup() -> None:
        assert client.lookup(c.id_number, c.full_name, birth).insured

    ours, peer = [], []
    for i in range(WARMUP + ROUNDS):
        for fn, sink in ((client_lookup, ours), (bare_lookup, peer)) if i % 2 else \
                ((bare_lookup, peer), (client_lookup, ours)):
            t0 = time.perf_counter()
            fn()
            if i >= WARMUP:
                sink.append(time.perf_counter() - t0)
    print(f"client lookup (cache off): {summary_ms(ours)}")
    print(f"bare requests post:        {summary_ms(peer)}")
    print(f"ratio client/bare: median {statistics.median(ours) / statistics.median(peer):.2f}x, "
          f"p95 {percentile(ours, 95) / percentile(peer, 95):.2f}x (target <= 1.2x)")
    client.close()
    bare.close()


def _logins_per_100(server) -> None:
    state = server.gateway_state
    state.reset()
    dev = dev_kit_config()          # the simulator's demo account (the product's defaults hold no secret)
    settings = dataclasses.replace(dev.gateway, url=server.url)
    client = GatewayClient(settings, dev.facility, cache=NoEligibilityCache())
    people = [c for c in CITIZENS if c.bhyt_code and c.gateway_code not in ("101",)]
    for i in range(100):
        c = people[i % len(people)]
        client.lookup(c.id_number, c.full_name, c.birth.strftime("%d/%m/%Y"))
    print(f"logins per 100 lookups: {state.logins} (target 1; {state.lookups} lookup requests "
          "incl. 003 re-checks)")
    client.close()


def main() -> None:
    """Print the figures (never asserted: these machines are noisy)."""
    with build_gateway_simulator() as server:
        _compare(server)
        _logins_per_100(server)


if __name__ == "__main__":
    main()
