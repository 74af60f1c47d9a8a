"""The scrape network's /metrics listener: only listed clients, only /metrics, TLS when asked.

All on loopback: 127.0.0.0/8 is one interface on Linux, so a client can connect from 127.0.0.2
(``source_address``) to a listener on 127.0.0.1 and stand for a second machine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.client
import ipaddress
import logging
import socket
import ssl

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from devkit.kiosk_config import dev_kit_config
from kiosk.health.monitoring import start_monitoring
from kiosk.health.scrape_listener import ScrapeListener
from kiosk.metrics import KioskMetrics
from kiosk.scrape_policy import ClientAllowList


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_from(source: str, port: int, path: str = "/metrics", context: ssl.SSLContext | None = None):
    """GET ``path`` from 127.0.0.1:``port`` with the connection's source address ``source``."""
    cls = http.client.HTTPSConnection if context is not None else http.client.HTTPConnection
    kwargs = {"context": context} if context is not None else {}
    conn = cls("127.0.0.1", port, timeout=10, source_address=(source, 0), **kwargs)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8")
    finally:
        conn.close()


def self_signed(tmp_path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 and its key (PEM files), made here: nothing is downloaded."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kiosk-metrics-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "metrics.crt", tmp_path / "metrics.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_an_unlisted_client_gets_no_answer_and_a_listed_one_gets_the_metrics(caplog):
    metrics = KioskMetrics("K07")
    port = free_port()
    listener = ScrapeListener(metrics, "127.0.0.1", port, ClientAllowList(["127.0.0.2", "10.20.0.0/24"])).start()
    try:
        with caplog.at_level(logging.WARNING, logger="kiosk.health.scrape_listener"), \
                pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            get_from("127.0.0.1", port)       # not listed: the connection is closed unanswered
        assert any("not in health.metrics_allow" in r.getMessage() for r in caplog.records)
        status, text = get_from("127.0.0.2", port)
        assert status == 200
        families = {f.name for f in text_string_to_metric_families(text)}
        assert {"kiosk_checkins", "kiosk_build_info", "kiosk_gateway_answers"} <= families
        assert get_from("127.0.0.2", port, "/health")[0] == 404     # the health report stays on loopback
    finally:
        listener.stop()


def test_the_listener_speaks_tls_when_given_a_certificate(tmp_path):
    cert, key = self_signed(tmp_path)
    metrics = KioskMetrics("K07")
    port = free_port()
    listener = ScrapeListener(metrics, "127.0.0.1", port, ClientAllowList(["127.0.0.0/8"]), tls=(cert, key)).start()
    try:
        assert listener.url == f"https://127.0.0.1:{port}/metrics"
        r = requests.get(listener.url, verify=cert, timeout=10)
        assert r.status_code == 200 and "kiosk_build_info" in r.text
        with pytest.raises(requests.ConnectionError):     # plain HTTP gets no metrics
            requests.get(listener.url.replace("https", "http"), timeout=10)
        r = requests.get(listener.url, verify=cert, timeout=10)     # and the listener still serves
        assert r.status_code == 200
    finally:
        listener.stop()


def test_a_listener_off_loopback_without_tls_is_refused():
    with pytest.raises(ValueError, match="TLS"):
        ScrapeListener(KioskMetrics(), "10.20.0.15", 9466, ClientAllowList(["10.20.0.0/24"]))


def test_monitoring_starts_the_scrape_listener_from_the_config(tmp_path):
    cfg = dev_kit_config()
    port = free_port()
    cfg = dataclasses.replace(cfg, health=dataclasses.replace(
        cfg.health, endpoint_port=0, metrics_listen=f"127.0.0.1:{port}", metrics_allow=["127.0.0.3"]),
        camera=dataclasses.replace(cfg.camera, source=str(tmp_path / "no-camera")),
        kiosk=dataclasses.replace(cfg.kiosk, data_dir=str(tmp_path / "data")))
    metrics = KioskMetrics(cfg.kiosk.id)
    monitoring = start_monitoring(cfg, metrics=metrics)
    try:
        assert monitoring.server is None and monitoring.scrape is not None
        status, text = get_from("127.0.0.3", port)
        assert status == 200
        # the health gauges come from the same report as GET /health would give
        parts = [s.labels["part"] for f in text_string_to_metric_families(text) if f.name == "kiosk_part_status"
                 for s in f.samples]
        assert "queue" in parts and "disk" in parts
        with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            get_from("127.0.0.2", port)
    finally:
        monitoring.stop()
