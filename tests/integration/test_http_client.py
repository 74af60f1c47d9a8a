"""kiosk.http.HttpClient against real loopback servers: TLS with a throwaway CA, keep-alive, failures.

The certificates are made here with ``cryptography`` (a CA, a server certificate
it signs); the servers are the standard library's, over real sockets.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.http import ConnectionFailed, ConnectTimeout, HttpClient, ReadTimeout, RedirectRefused


# -- a throwaway CA ------------------------------------------------------------------------------------
def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn: str = "Kiosk Test CA"):
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_server_cert(ca, names: list[str], ips: list[str]):
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    alt = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    cert = (x509.CertificateBuilder().subject_name(_name(names[0] if names else ips[0]))
            .issuer_name(ca_cert.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def server_context(tmp_path, leaf) -> ssl.SSLContext:
    key, cert = leaf
    (tmp_path / "server.pem").write_bytes(pem(cert))
    (tmp_path / "server.key").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                            serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp_path / "server.pem", tmp_path / "server.key")
    return ctx


# -- a loopback server whose behaviour a test picks ----------------------------------------------------------
class Server(ThreadingHTTPServer):
    """HTTP/1.1 with keep-alive; records requests and connections.

    ``mode``: ``ok`` (JSON 200), ``close-after`` (answers as keep-alive, then closes the
    connection), ``silent`` (reads the request, never answers), ``hang-up`` (reads the
    request, closes without answering), ``chunked``, or an HTTP status (``302``, ``304``).
    """

    daemon_threads = True

    def __init__(self, mode: str = "ok", tls: ssl.SSLContext | None = None) -> None:
        self.mode, self.tls = mode, tls
        self.seen: list[tuple[str, str, dict]] = []
        self.connections = 0
        self.closed = threading.Event()
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def setup(self):
                outer.connections += 1
                super().setup()

            def _any(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                outer.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                mode = outer.mode
                if mode == "silent":
                    outer.release.wait(10)
                    self.close_connection = True
                    return
                if mode == "hang-up":
                    self.close_connection = True
                    return
                if mode == "chunked":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for part in (b'{"rows": ', b"[1, 2, 3]", b"}"):
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                    return
                status = int(mode) if mode.isdigit() else 200
                payload = b"" if status == 304 else b'{"ok": true}'
                self.send_response(status)
                if 300 <= status < 400 and status != 304:
                    self.send_header("Location", "https://elsewhere.example/steal")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                if mode == "close-after":
                    self.close_connection = True   # no "Connection: close": the client thinks it may reuse it

            do_GET = do_POST = _any

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def shutdown_request(self, request):
        super().shutdown_request(request)
        self.closed.set()          # the socket is really closed now (the handler's finish() comes before)

    def handle_error(self, request, client_address):
        pass   # a refused handshake (the tests that want it) is not a server bug worth a traceback

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def url(self, host: str = "127.0.0.1") -> str:
        return f"{'https' if self.tls else 'http'}://{host}:{self.server_address[1]}/his/v1"

    def close(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


@pytest.fixture
def ca(tmp_path):
    authority = make_ca()
    path = tmp_path / "ca.pem"
    path.write_bytes(pem(authority[1]))
    return authority, str(path)


@pytest.fixture
def tls_server(tmp_path, ca):
    srv = Server(tls=server_context(tmp_path, make_server_cert(ca[0], ["localhost"], ["127.0.0.1"])))
    yield srv
    srv.close()


@pytest.fixture
def servers():
    made: list[Server] = []

    def make(mode: str = "ok") -> Server:
        made.append(Server(mode))
        return made[-1]
    yield make
    for s in made:
        s.close()


# -- TLS ------------------------------------------------------------------------------------------------
def test_a_server_of_the_configured_ca_is_trusted_and_its_connection_kept(tls_server, ca):
    http = HttpClient(tls_server.url(), 2, 2, verify=ca[1])
    try:
        first = http.request("POST", "registrations", json={"a": "ư"}, params={"kiosk": "K01", "none": None},
                             headers={"X-Api-Key": "k"})
        second = http.request("GET", "departments")
    finally:
        http.close()
    assert (first.status_code, first.json(), second.status_code) == (200, {"ok": True}, 200)
    (method, path, headers, body), _ = tls_server.seen
    assert (method, path, body) == ("POST", "/his/v1/registrations?kiosk=K01", b'{"a": "\\u01b0"}')
    assert headers["x-api-key"] == "k" and headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("vn-checkin-kiosk/")
    assert tls_server.connections == 1          # one kept-alive connection served both


def test_an_unknown_ca_is_refused_before_anything_is_sent(tmp_path, tls_server):
    other = tmp_path / "other-ca.pem"
    other.write_bytes(pem(make_ca("Someone Else")[1]))
    for verify in (True, str(other)):            # the system store, another CA's file
        http = HttpClient(tls_server.url(), 2, 2, verify=verify)
        with pytest.raises(ConnectionFailed, match="TLS"):
            http.request("POST", "registrations", json={"name": "x"})
    assert tls_server.seen == []


def test_a_certificate_for_another_host_is_refused(tmp_path, ca):
    srv = Server(tls=server_context(tmp_path, make_server_cert(ca[0], ["his.example"], [])))
    try:
        http = HttpClient(srv.url("localhost"), 2, 2, verify=ca[1])
        with pytest.raises(ConnectionFailed, match="TLS"):
            http.request("GET", "departments")
        assert srv.seen == []
    finally:
        srv.close()


def test_a_tls_handshake_that_never_comes_is_a_connect_timeout():
    with socket.socket() as listener:            # accepts TCP (the kernel does), never speaks TLS
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        http = HttpClient(f"https://127.0.0.1:{listener.getsockname()[1]}", 0.3, 5)
        with pytest.raises(ConnectTimeout):
            http.request("GET", "departments")


# -- connections -------------------------------------------------------------------------------------------
def test_an_idle_connection_the_server_closed_is_replaced_not_failed(servers):
    srv = servers("close-after")
    http = HttpClient(srv.url(), 2, 2)
    assert http.request("GET", "departments").status_code == 200
    assert srv.closed.wait(5)                     # the server has closed the kept-alive connection
    assert http.request("GET", "lobby").status_code == 200
    assert srv.connections == 2 and [s[1] for s in srv.seen] == ["/his/v1/departments", "/his/v1/lobby"]


def test_a_request_the_server_read_and_left_unanswered_is_not_sent_again(servers):
    srv = servers("hang-up")
    http = HttpClient(srv.url(), 2, 2)
    with pytest.raises(ConnectionFailed):
        http.request("POST", "registrations", json={"n": 1})
    assert len(srv.seen) == 1                     # it may have been processed: never repeated


def test_each_thread_gets_its_own_connection(servers):
    srv = servers()
    http = HttpClient(srv.url(), 2, 2)
    codes: list[int] = []

    def work():
        codes.extend(http.request("GET", "departments").status_code for _ in range(3))
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    http.close()
    assert codes == [200] * 6 and srv.connections == 2


def test_a_path_is_sent_percent_encoded(servers):
    srv = servers()
    http = HttpClient(srv.url(), 2, 2)
    http.request("GET", "departments/Khám nội", params={"q": "Hà Nội"})
    assert srv.seen[0][1] == "/his/v1/departments/Kh%C3%A1m%20n%E1%BB%99i?q=H%C3%A0+N%E1%BB%99i"


def test_a_chunked_answer_is_read_whole(servers):
    http = HttpClient(servers("chunked").url(), 2, 2)
    assert http.request("GET", "lobby").json() == {"rows": [1, 2, 3]}


# -- failures ------------------------------------------------------------------------------------------------
def test_a_302_is_refused_and_a_304_is_an_answer(servers):
    http = HttpClient(servers("302").url(), 2, 2)
    with pytest.raises(RedirectRefused, match="HTTP 302"):
        http.request("GET", "lobby")
    assert HttpClient(servers("304").url(), 2, 2).request("GET", "lobby").status_code == 304


def test_a_server_that_never_answers_is_a_read_timeout(servers):
    srv = servers("silent")
    http = HttpClient(srv.url(), 2, 0.3)
    with pytest.raises(ReadTimeout, match="0.3 s"):
        http.request("POST", "registrations", json={"n": 1}, params={"token": "SECRET"})
    assert len(srv.seen) == 1


def test_a_port_that_accepts_nothing_is_a_connection_failure_without_the_url(caplog):
    with socket.socket() as s:                    # bound, not listening: the kernel refuses
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/api"
        http = HttpClient(url, 1, 1)
        with caplog.at_level(logging.DEBUG), pytest.raises(ConnectionFailed) as failed:
            http.request("POST", "egw/lookup", params={"token": "SECRET", "password": "HASH"})
    assert failed.value.reason == "connection refused" and not isinstance(failed.value, ConnectTimeout)
    text = str(failed.value) + caplog.text
    assert "SECRET" not in text and "HASH" not in text and "127.0.0.1" not in str(failed.value)


def test_the_request_line_is_logged_with_every_query_value_masked(servers, caplog):
    http = HttpClient(servers().url(), 2, 2)
    with caplog.at_level(logging.DEBUG, logger="kiosk.http"):
        http.request("POST", "egw/lookup", params={"token": "SECRET", "id": "079190000001"})
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.http"]
    assert len(lines) == 1 and "/his/v1/egw/lookup?token=***&id=*** HTTP/1.1\" 200" in lines[0]
    assert "SECRET" not in caplog.text and "079190000001" not in caplog.text
