"""A Prometheus scrape of a running kiosk: check-ins through the simulator (QR, typed, chip on the
in-process card; verified, new card, not registered here, pending, counter), a hospital outage, a
loopback printer; then GET /metrics on the real loopback endpoint, parsed with prometheus_client's
own text parser. No label or value may hold a citizen's personal data (the log audit's search).
"""

from __future__ import annotations

import dataclasses
import socket
import time
from contextlib import closing

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from devkit.kiosk_config import dev_kit_config
from devkit.log_audit import audit_text
from devkit.simulator.app import build_simulator
from devkit.simulator.citizens import CITIZENS, by_key
from devkit.simulator.printer import LoopbackPrinter
from devkit.simulator.server import Fault
from kiosk.checkin import identity_from_qr
from kiosk.checkin.identify import identity_from_typed_id
from kiosk.chip.keys import keys_for_qr
from kiosk.chip.service import ChipCheckIn
from kiosk.cli.checkin_cmd import perform_checkin
from kiosk.services import KioskServices


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(url: str) -> tuple[str, dict]:
    """The exposition text and its samples: name → list of (labels, value)."""
    r = requests.get(url, timeout=20)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            samples.setdefault(s.name, []).append((s.labels, s.value))
    return r.text, samples


def value(samples: dict, name: str, **labels) -> float:
    """The sample ``name`` whose labels include ``labels`` (summed when several match; 0 when none)."""
    return sum(v for lab, v in samples.get(name, []) if all(lab.get(k) == w for k, w in labels.items()))


@pytest.fixture
def running_kiosk(tmp_path, pki):
    """A kiosk as ``kiosk run`` opens it (root, queue worker, monitoring) on the simulator, a loopback
    printer whose paper runs low, and the chip service on the in-process virtual card."""
    from devkit.simulator.cards import card_profile
    from devkit.virtual_card.card import make_applet
    from devkit.virtual_card.lds_files import build_files
    from devkit.virtual_card.loopback import AppletTransport

    card = card_profile(by_key("valid-female"))
    files = build_files(card, pki)

    def chip_factory(services):
        return ChipCheckIn.from_config(
            services.config, connect=lambda reader, timeout: closing(AppletTransport(make_applet(card, files, None))),
            trust=None, on_read=services.metrics.chip_read)    # as the root's own factory does

    with build_simulator() as sim, LoopbackPrinter("low").start() as printer:
        cfg = dev_kit_config(sim)
        cfg = dataclasses.replace(
            cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(tmp_path / "data")),
            health=dataclasses.replace(cfg.health, endpoint_port=free_port()),
            camera=dataclasses.replace(cfg.camera, source=str(tmp_path / "no-camera")),
            printer=dataclasses.replace(cfg.printer, kind="network", target=printer.target))
        services = KioskServices.open(cfg, chip_factory=chip_factory, idle_poll=0.2)
        try:
            monitoring = services.start_monitoring()
            yield sim, services, monitoring, printer
        finally:
            services.close()


def checkin(services, identity, **kwargs):
    return perform_checkin(services.new_checkin(), identity, **kwargs)


def test_a_scrape_of_a_running_kiosk_counts_its_checkins_without_personal_data(running_kiosk):
    sim, services, monitoring, printer = running_kiosk
    # the hospital fails the first delivery once (the queue sends it again)
    sim.faults.set("hospital.register", Fault("http500", count=1))
    # QR: verified twice, new card, registered elsewhere; expired and not found go to the counter
    for key in ("valid", "elderly", "new-card-003", "wrong-route", "expired", "not-found"):
        checkin(services, identity_from_qr(by_key(key).qr_text()))
    # typed: verified
    typed = by_key("valid-female")
    checkin(services, identity_from_typed_id(typed.id_number, typed.full_name, typed.birth.strftime("%d/%m/%Y")))
    # chip: the in-process card opened with its QR's keys (passive authentication without a CSCA)
    read = services.chip.read(keys_for_qr(typed.qr_text()), photo=False)
    flow = services.new_checkin()
    flow.touch()
    time.sleep(0.05)          # the time from the first touch counts, not only from the identification
    perform_checkin(flow, read.identity)
    deadline = time.monotonic() + 20
    while services.queue.status()["counts"].get("pending", 0) and time.monotonic() < deadline:
        time.sleep(0.1)
    sim.faults.set("gateway.*", Fault("http500"))       # the gateway goes down: a pending ticket
    checkin(services, identity_from_qr(by_key("revoked").qr_text()))
    sim.faults.clear()

    url = monitoring.server.url.replace("/health", "/metrics")
    text, m = scrape(url)

    # check-ins by method and outcome
    c = "kiosk_checkins_total"
    assert value(m, c, method="qr", outcome="verified") == 2
    assert value(m, c, method="qr", outcome="new_card") == 1
    assert value(m, c, method="qr", outcome="not_registered_here") == 1
    assert value(m, c, method="qr", outcome="counter", reason="010") == 1      # expired card
    assert value(m, c, method="qr", outcome="counter", reason="050") == 1      # not found
    assert value(m, c, method="qr", outcome="pending") == 1
    assert value(m, c, method="typed", outcome="verified") == 1
    assert value(m, c, method="chip") == 1
    assert value(m, c) == 9
    # first touch → ticket: one observation per ticket (7: the two counters have none)
    d = "kiosk_checkin_duration_seconds"
    assert value(m, d + "_count") == 7
    chip_sum = value(m, d + "_sum", method="chip")
    assert chip_sum >= 0.05, chip_sum   # measured from the touch, before the identification
    # gateway: result codes, and request latency per endpoint
    assert value(m, "kiosk_gateway_answers_total", code="000") >= 4
    assert value(m, "kiosk_gateway_answers_total", code="003") == 1
    assert value(m, "kiosk_gateway_answers_total", code="010") == 1
    assert sum(v for lab, v in m["kiosk_gateway_answers_total"] if lab["code"].startswith("gateway_")) == 1
    assert value(m, "kiosk_gateway_request_duration_seconds_count", endpoint="lookup") >= 8
    assert value(m, "kiosk_gateway_request_duration_seconds_count", endpoint="login") >= 1
    assert value(m, "kiosk_gateway_requests_total", endpoint="lookup", result="500") >= 1
    # hospital: latency and the one failed delivery
    assert value(m, "kiosk_hospital_requests_total", endpoint="registrations", result="500") == 1
    ok = sum(value(m, "kiosk_hospital_requests_total", endpoint="registrations", result=s) for s in ("200", "201"))
    assert ok >= 6, m.get("kiosk_hospital_requests_total")
    assert value(m, "kiosk_hospital_request_duration_seconds_count", endpoint="registrations") >= 7
    # chip: read time and the authentication level reached
    assert value(m, "kiosk_chip_read_duration_seconds_count", protocol="pace") \
        + value(m, "kiosk_chip_read_duration_seconds_count", protocol="bac") == 1
    [(chip_labels, reads)] = m["kiosk_chip_reads_total"]
    assert reads == 1 and chip_labels["result"] == "ok", chip_labels
    assert chip_labels["authentication"] in ("hashes_verified", "signature_verified"), chip_labels
    # health gauges: queue, printer paper, part status
    assert "kiosk_queue_depth" in m and "kiosk_queue_oldest_seconds" in m
    assert value(m, "kiosk_printer_paper", state="low") == 1 and value(m, "kiosk_printer_paper", state="ok") == 0
    assert value(m, "kiosk_part_status", part="printer") == 1          # degraded: paper low
    assert value(m, "kiosk_build_info", kiosk_id=services.config.kiosk.id) == 1

    # the paper runs out: the next scrape (after the health cache's age) says so
    printer.mode = "out"
    monitoring.server.health.max_age = 0
    _, m = scrape(url)
    assert value(m, "kiosk_printer_paper", state="out") == 1 and value(m, "kiosk_part_status", part="printer") == 2

    # not one citizen's name, number, birth date or address in any label or value
    findings = audit_text(text, CITIZENS, "<metrics>")
    assert not findings, "personal data in the metrics:\n" + "\n".join(map(str, findings[:20]))
    labels = {v for samples in m.values() for lab, _ in samples for v in lab.values()}
    assert all(len(v) <= 40 for v in labels), labels


def test_the_queue_gauges_show_a_backlog_while_the_hospital_is_down(running_kiosk):
    sim, services, monitoring, _ = running_kiosk
    sim.faults.set("hospital.register", Fault("http500"))
    for key in ("valid", "elderly"):
        checkin(services, identity_from_qr(by_key(key).qr_text()))
    time.sleep(1.1)                       # the oldest item is at least a second old
    monitoring.server.health.max_age = 0
    _, m = scrape(monitoring.server.url.replace("/health", "/metrics"))
    assert value(m, "kiosk_queue_depth") == 2
    assert value(m, "kiosk_queue_oldest_seconds") >= 1
    assert value(m, "kiosk_hospital_requests_total", endpoint="registrations", result="500") >= 1
    sim.faults.clear()


def test_the_metrics_of_two_kiosks_in_one_process_are_their_own(tmp_path):
    """Each root owns its registry: nothing to reset between tests, no count leaks across kiosks."""
    with build_simulator() as sim:
        cfg = dev_kit_config(sim)
        roots = [KioskServices.open(dataclasses.replace(
            cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(tmp_path / f"k{n}"), id=f"K0{n}")),
            offline_queue=False) for n in (1, 2)]
        try:
            checkin(roots[0], identity_from_qr(by_key("valid").qr_text()))
            counts = []
            for root in roots:
                fams = {f.name: f for f in text_string_to_metric_families(root.metrics.exposition()[0].decode())}
                counts.append(sum(s.value for s in fams["kiosk_checkins"].samples if s.name.endswith("_total")))
            assert counts == [1, 0]
        finally:
            for root in roots:
                root.close()


def test_openmetrics_is_served_when_asked_for(running_kiosk):
    _, _, monitoring, _ = running_kiosk
    r = requests.get(monitoring.server.url.replace("/health", "/metrics"), timeout=20,
                     headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/openmetrics-text")
    assert r.text.rstrip().endswith("# EOF")



@pytest.mark.hardware
def test_the_roots_own_chip_service_reports_its_reads(tmp_path, pcsc_stack, pki_dir, citizen_card):
    """The default chip service (pcscd + vpcd + the virtual card) is built with the root's observer."""
    from devkit.virtual_card.pki import load_or_create
    citizen_card("valid")
    cfg = dev_kit_config()
    cfg = dataclasses.replace(
        cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(tmp_path / "data")),
        reader=dataclasses.replace(cfg.reader, name=pcsc_stack, csca_dir=str(load_or_create(pki_dir).csca_path)))
    with KioskServices.open(cfg, offline_queue=False, start=False) as services:
        read = services.chip.read(keys_for_qr(by_key("valid").qr_text()), photo=False)
        families = text_string_to_metric_families(services.metrics.exposition()[0].decode())
        m = {s.name: s for f in families for s in f.samples if s.name.startswith("kiosk_chip")}
    assert read.authentication == "chain verified"
    assert m["kiosk_chip_reads_total"].labels == {"result": "ok", "authentication": "chain_verified"}
    assert m["kiosk_chip_read_duration_seconds_count"].value == 1
