"""``GET /metrics`` on an address of the hospital network, for the listed scrape servers only.

``[health] metrics_listen`` / ``metrics_allow`` / ``metrics_tls_*``
(:mod:`kiosk.scrape_policy`). This listener answers nothing but
``/metrics``: the health report (device names, addresses) stays on loopback.
A client whose address is not on the allow-list is dropped as it connects,
before TLS and before a byte of HTTP: no answer at all. Off loopback it
speaks TLS only.
"""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiosk.config import HealthSettings
from kiosk.health.endpoint import send_metrics
from kiosk.scrape_policy import ClientAllowList, parse_listen
from kiosk.url_policy import is_loopback_host

log = logging.getLogger(__name__)

_MAX_REFUSED_LOGGED = 64   # refused addresses are logged once each, up to this many


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False   # a stuck scrape must not hold up the kiosk's exit

    def __init__(self, address, handler, allow: ClientAllowList, ipv6: bool) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.allow = allow
        self.refused: set[str] = set()
        super().__init__(address, handler)

    def verify_request(self, request, client_address) -> bool:
        client = str(client_address[0])
        if self.allow.allows(client):
            return True
        if client not in self.refused and len(self.refused) < _MAX_REFUSED_LOGGED:
            self.refused.add(client)
            log.warning("metrics scrape refused: the client is not in health.metrics_allow",
                        extra={"client": client})
        return False

    def handle_error(self, request, client_address) -> None:
        # a failed TLS handshake or a dropped scrape: one line, not a traceback on stderr
        import sys
        log.info("metrics scrape failed", extra={"error": repr(sys.exc_info()[1])[:200]})


class ScrapeListener:
    """The scrape network's ``/metrics``; build with :meth:`from_settings`, then ``start()``/``stop()``.

    ``tls``: (certificate file, key file), or None on loopback only.
    """

    def __init__(self, metrics, host: str, port: int, allow: ClientAllowList,
                 tls: tuple[str, str] | None = None) -> None:
        if tls is None and not is_loopback_host(host):
            raise ValueError("a scrape listener off loopback needs TLS")

        class _Handler(BaseHTTPRequestHandler):
            timeout = 10   # seconds a client may take to send its request (a silent one frees its thread)

            def log_message(self, fmt, *args):
                log.debug("metrics listener %s", fmt % args)

            def do_GET(self):
                if self.path.split("?", 1)[0].rstrip("/") != "/metrics":
                    self.send_error(404, "only /metrics is served here")
                    return
                send_metrics(self, metrics)

        self._httpd = _Server((host, port), _Handler, allow, ipv6=":" in host)
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.minimum_version = ssl.TLSVersion.TLSv1_2
            context.load_cert_chain(*tls)
            # the handshake runs on the request's thread (first read), not in accept(): a slow
            # client cannot stall the listener
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True,
                                                     do_handshake_on_connect=False)
        self.tls = tls is not None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, metrics, settings: HealthSettings) -> ScrapeListener:
        """The listener ``[health]`` asks for (``metrics_listen`` must be set; the config checked the rest)."""
        host, port = parse_listen(settings.metrics_listen)
        tls = (settings.metrics_tls_cert, settings.metrics_tls_key) \
            if settings.metrics_tls_cert and settings.metrics_tls_key else None
        return cls(metrics, host, port, ClientAllowList(settings.metrics_allow), tls)

    @property
    def url(self) -> str:
        """``http(s)://<address>:<port>/metrics``."""
        host, port = str(self._httpd.server_address[0]), int(self._httpd.server_address[1])
        host = f"[{host}]" if ":" in host else host
        return f"{'https' if self.tls else 'http'}://{host}:{port}/metrics"

    def start(self) -> ScrapeListener:
        """Serve on a daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.1,),
                                        name="metrics-listener", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
