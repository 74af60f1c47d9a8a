"""Check-in software time, QR text → ticket, against the local simulator (no injected latency).

In-process and warm: one simulator, one set of clients (keep-alive), warm-up
runs discarded. Each run parses a card QR, identifies, asks the gateway,
fetches the department menu, registers and gets the ticket: four HTTP round
trips (gateway login is cached by the client). The hospital's day is cleared
between runs (outside the timing) so one-ticket-per-day never short-cuts a
registration, and the gateway's per-day cache is off so the gateway is really
asked every time. Peers in the same process: the same flow with the gateway
cache warm (a patient seen earlier today), and one bare ``requests`` GET of
the department list (the floor of one loopback round trip).
Target: median < 50 ms.
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time

import requests

from benchmarks.stats import percentile, summary_ms
from devkit.kiosk_config import dev_kit_config
from devkit.simulator.app import build_simulator, hospital_url
from devkit.simulator.citizens import by_key
from kiosk.checkin import identity_from_qr
from kiosk.gateway import GatewayClient, MemoryEligibilityCache, NoEligibilityCache
from kiosk.services import KioskServices

RUNS = 60
WARMUP = 8
PATIENTS = ("valid", "valid-female", "elderly", "new-card-004", "wrong-route")


def _services(server, cache) -> KioskServices:
    cfg = dev_kit_config()
    cfg = dataclasses.replace(cfg, gateway=dataclasses.replace(cfg.gateway, url=server.url),
                              hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server)),
                              # the offline queue (on by default) keeps its database in a temp folder
                              # the same five patients come round again: each run must register
                              # anew, not get today's ticket back from the outbox
                              kiosk=dataclasses.replace(cfg.kiosk, one_ticket_per_day=False,
                                                        data_dir=tempfile.mkdtemp(prefix="bench-checkin-")))
    return KioskServices.open(cfg, gateway=GatewayClient(cfg.gateway, cfg.facility, cache=cache))


def _time_checkins(server, services, texts: list[str]) -> list[float]:
    times = []
    for i in range(WARMUP + RUNS):
        server.hospital_state.clear()  # a new "day": every run really registers
        text = texts[i % len(texts)]
        t0 = time.perf_counter()
        flow = services.new_checkin()
        flow.identify(identity_from_qr(text))
        flow.check_eligibility()
        flow.load_departments()
        ticket = flow.choose_department("KNOI")
        elapsed = time.perf_counter() - t0
        assert ticket.number == "NOI-001" and not ticket.existing
        if i >= WARMUP:
            times.append(elapsed)
    return times


def main() -> None:
    """Print median and p95 of a full check-in and of its peers."""
    texts = [by_key(k).qr_text() for k in PATIENTS]
    with build_simulator("127.0.0.1", 0) as server:
        with _services(server, NoEligibilityCache()) as cold, _services(server, MemoryEligibilityCache()) as warm:
            full = _time_checkins(server, cold, texts)
            cached = _time_checkins(server, warm, texts)
        session = requests.Session()
        url = hospital_url(server) + "/departments"
        trips = []
        for i in range(WARMUP + RUNS):
            t0 = time.perf_counter()
            session.get(url, headers={"X-Api-Key": "demo-key"}, timeout=5).json()
            if i >= WARMUP:
                trips.append(time.perf_counter() - t0)
        parse = []
        for i in range(RUNS):
            t0 = time.perf_counter()
            identity_from_qr(texts[i % len(texts)])
            parse.append(time.perf_counter() - t0)
    print(f"check-in QR text → ticket (gateway asked): {summary_ms(full)}  (target median < 50 ms)")
    print(f"check-in, gateway answer cached today:     {summary_ms(cached)}")
    print(f"QR text → identity only:                   {summary_ms(parse)}")
    print(f"one bare loopback round trip (peer):       {summary_ms(trips)}")
    print(f"ratio check-in / round trip: median {statistics.median(full) / statistics.median(trips):.1f}x, "
          f"p95 {percentile(full, 95) / percentile(trips, 95):.1f}x (4 round trips + parsing + logic)")


if __name__ == "__main__":
    main()
