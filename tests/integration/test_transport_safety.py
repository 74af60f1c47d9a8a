"""Transport: no redirect is ever followed (the API key, the login MD5 and the registration stay home)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.config import FacilitySettings, GatewaySettings, HospitalSettings
from kiosk.errors import KioskError
from kiosk.http import HttpClient, RedirectRefused, UnsafeUrl


class Recorder(ThreadingHTTPServer):
    """Loopback server: answers ``status`` (+ Location) to everything and records what it got."""

    def __init__(self, status: int = 200, location: str = ""):
        self.seen: list[tuple[str, str, dict]] = []
        self.status, self.location = status, location
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
                outer.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.status)
                if outer.location:
                    self.send_header("Location", outer.location)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = _any

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def close(self):
        self.shutdown()
        self.server_close()


@pytest.fixture
def elsewhere():
    srv = Recorder()
    yield srv
    srv.close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_an_error_and_the_other_host_gets_nothing(elsewhere, status):
    redirecting = Recorder(status, elsewhere.url + "/steal")
    try:
        http = HttpClient(redirecting.url, 1, 2)
        with pytest.raises(RedirectRefused, match=f"HTTP {status}"):
            http.request("POST", "registrations", json={"name": "x"}, headers={"X-Api-Key": "k"})
        assert elsewhere.seen == []
    finally:
        redirecting.close()


def test_hospital_registration_and_gateway_login_do_not_follow_a_307(elsewhere):
    from kiosk.gateway import GatewayClient
    from kiosk.hospital.client import HospitalClient
    redirecting = Recorder(307, elsewhere.url + "/steal")
    try:
        hospital = HospitalClient(HospitalSettings(url=redirecting.url + "/his/v1", api_key="secret-key",
                                                   connect_timeout=1, read_timeout=2))
        with pytest.raises(KioskError):
            hospital.list_departments()
        gateway = GatewayClient(GatewaySettings(url=redirecting.url, password="pw", officer_name="A",
                                                officer_cccd="079190012345", connect_timeout=1,
                                                read_timeout=2), FacilitySettings())
        with pytest.raises(KioskError):
            gateway.login()
        assert [s[0] for s in redirecting.seen] == ["GET", "POST"]   # asked once each, not retried
        assert elsewhere.seen == []                                  # key and MD5 never left
    finally:
        redirecting.close()


@pytest.mark.parametrize("url, words", [
    ("", "not set"),
    ("http://his.example/v1", "https://"),
    ("https://user:pw@his.example/v1", "user name or password"),
])
def test_a_client_is_never_built_on_an_unsafe_url(url, words):
    with pytest.raises(UnsafeUrl, match=words) as info:
        HttpClient(url, 1, 1, name="hospital.url")
    assert "hospital.url" in info.value.detail and "pw@" not in info.value.detail
