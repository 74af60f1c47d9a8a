"""A small HTTP server framework for the simulator: routes, faults, threads.

Built on the standard library's ``ThreadingHTTPServer`` so the simulator has
no dependency a kiosk would not have anyway. Each route has an endpoint name
(``gateway.login``, ``hospital.register`` …) that faults are keyed on.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kiosk.url_policy import is_loopback_host

log = logging.getLogger(__name__)

FAULT_KINDS = ("none", "slow", "drop", "http500", "malformed", "replace")


@dataclass
class Request:
    """One HTTP request as a handler sees it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    client_ip: str
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> dict | None:
        """The body as a JSON object, or None when it is not one."""
        try:
            value = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def form(self) -> dict[str, str]:
        """The body as form-urlencoded fields (last value wins)."""
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            return {}
        return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}

    def fields(self) -> dict | None:
        """JSON or form body, whichever the client sent (both are accepted)."""
        ctype = self.headers.get("content-type", "")
        if "application/x-www-form-urlencoded" in ctype:
            return self.form()
        data = self.json()
        if data is None and self.body and b"=" in self.body and not self.body.lstrip().startswith(b"{"):
            return self.form()
        return data


@dataclass
class Response:
    """What a handler returns."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def json_response(obj: object, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response with UTF-8 body."""
    body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    return Response(status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


@dataclass
class Fault:
    """A fault switched on for one endpoint.

    ``kind``: slow (adds ``latency`` seconds), drop (closes the connection
    without an answer), http500, malformed (a truncated JSON body), replace
    (the answer's body becomes ``body``, and its status ``status`` if given:
    deeply nested or wrong-typed JSON, a refusal naming the patient). ``latency`` applies to every kind.
    ``count`` limits how many requests it hits (None: all).
    """

    kind: str = "none"
    latency: float = 0.0
    count: int | None = None
    body: bytes = b""
    status: int | None = None     # with "replace": answer this HTTP status instead


class FaultBoard:
    """Thread-safe table of faults per endpoint name ("*" hits every endpoint)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}

    def set(self, endpoint: str, fault: Fault) -> None:
        """Switch ``fault`` on for ``endpoint`` (kind "none" with no latency clears it)."""
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r} (known: {', '.join(FAULT_KINDS)})")
        with self._lock:
            if fault.kind == "none" and not fault.latency:
                self._faults.pop(endpoint, None)
            else:
                self._faults[endpoint] = fault

    def clear(self) -> None:
        """Switch every fault off."""
        with self._lock:
            self._faults.clear()

    def take(self, endpoint: str) -> Fault | None:
        """The fault that applies to this request of ``endpoint``, consuming one count."""
        with self._lock:
            for key in (endpoint, endpoint.split(".")[0] + ".*", "*"):
                fault = self._faults.get(key)
                if fault is None:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        del self._faults[key]
                return Fault(fault.kind, fault.latency, body=fault.body, status=fault.status)
            return None

    def snapshot(self) -> dict[str, dict]:
        """The current faults, for the admin endpoint."""
        with self._lock:
            return {k: {"kind": f.kind, "latency": f.latency, "count": f.count}
                    for k, f in self._faults.items()}


Handler = Callable[[Request], Response]


class Router:
    """Maps (method, path regex) to an endpoint name and a handler."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern, str, Handler]] = []

    def add(self, method: str, pattern: str, endpoint: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` and the full-match regex ``pattern``."""
        self._routes.append((method.upper(), re.compile(pattern), endpoint, handler))

    def match(self, method: str, path: str) -> tuple[str, Handler, dict] | None:
        """The endpoint, handler and path parameters for a request, or None."""
        for m, rx, endpoint, handler in self._routes:
            found = rx.fullmatch(path)
            if found and m == method:
                return endpoint, handler, found.groupdict()
        return None


def parse_fault_spec(spec: str) -> tuple[str, Fault]:
    """``gateway.lookup=slow:1.5`` / ``hospital.*=drop`` / ``*=http500:0:3`` → (endpoint, Fault)."""
    try:
        endpoint, rhs = spec.split("=", 1)
        parts = rhs.split(":")
        kind = parts[0]
        latency = float(parts[1]) if len(parts) > 1 and parts[1] else 0.0
        count = int(parts[2]) if len(parts) > 2 and parts[2] else None
    except ValueError:
        raise ValueError(f"fault {spec!r} is not ENDPOINT=KIND[:LATENCY[:COUNT]]") from None
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault {spec!r}: unknown kind {kind!r} (known: {', '.join(FAULT_KINDS)})")
    return endpoint.strip(), Fault(kind, latency, count)


class SimulatorServer:
    """The HTTP server: a router, a fault board, a background thread.

    ``SimulatorServer(router).start()`` listens on ``host:port`` (port 0 picks
    a free one); ``url`` is then the base URL; ``stop()`` shuts it down.

    Loopback only (a ValueError otherwise): it holds published demo
    accounts. The ``/_sim/*`` admin routes need the ``X-Sim-Token`` header
    (``admin_token``, random unless given) and a JSON body for writes, so a
    web page cannot flip faults with a cross-site ``text/plain`` POST.
    """

    ADMIN_HEADER = "X-Sim-Token"

    def __init__(self, router: Router, host: str = "127.0.0.1", port: int = 0,
                 faults: FaultBoard | None = None, admin_token: str | None = None) -> None:
        if not is_loopback_host(host):
            raise ValueError(f"the simulator listens on loopback only (127.0.0.1, ::1, localhost), not {host!r}")
        self.admin_token = admin_token or secrets.token_urlsafe(16)
        self.router = router
        self.faults = faults or FaultBoard()
        self._add_admin_routes()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

            def log_message(self, fmt, *args):
                # Request lines carry tokens and card numbers in query strings:
                # log the path and status only, never the query.
                path = urlsplit(getattr(self, "path", "") or "").path
                log.debug("sim %s %s %s", getattr(self, "command", "-"), path,
                          args[1] if len(args) > 1 else "")

            def _serve(self) -> None:
                server._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        class _Server(ThreadingHTTPServer):
            request_queue_size = 128  # the stdlib's 5 refuses bursts of concurrent clients
            block_on_close = False    # stop() must not wait on idle keep-alive handler threads

            def serve_until_woken(self, wake: socket.socket) -> None:
                # The stdlib's serve_forever() polls for shutdown() every 0.5 s, so each stop()
                # cost half a second; here a byte on ``wake`` ends the loop at once.
                with selectors.DefaultSelector() as selector:
                    selector.register(self, selectors.EVENT_READ)
                    selector.register(wake, selectors.EVENT_READ)
                    while True:
                        ready = selector.select()
                        if any(key.fileobj is wake for key, _ in ready):
                            return
                        self._handle_request_noblock()
                        self.service_actions()

        self._httpd = _Server((host, port), _Handler)
        self._wake_read, self._wake_write = socket.socketpair()
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The TCP port actually bound."""
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8765``."""
        host = self._httpd.server_address[0]
        return f"http://{host}:{self.port}"

    def start(self) -> SimulatorServer:
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._httpd.serve_until_woken, args=(self._wake_read,),
                                        name="simulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve on the calling thread until interrupted (or ``stop()`` from another thread)."""
        self._httpd.serve_until_woken(self._wake_read)

    def stop(self) -> None:
        """Stop serving (at once: the serving loop is woken, not polled) and close the sockets."""
        if self._wake_write.fileno() != -1:
            self._wake_write.send(b"\0")
        if self._thread:
            self._thread.join(timeout=5)
        self._httpd.server_close()
        self._wake_read.close()
        self._wake_write.close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _add_admin_routes(self) -> None:
        def get_faults(req: Request) -> Response:
            return json_response(self.faults.snapshot())

        def set_fault(req: Request) -> Response:
            data = req.json() or {}
            try:
                fault = Fault(str(data.get("kind", "none")), float(data.get("latency", 0) or 0),
                              data.get("count"))
                self.faults.set(str(data.get("endpoint", "*")), fault)
            except (TypeError, ValueError) as e:
                return json_response({"error": str(e)}, 400)
            return json_response(self.faults.snapshot())

        def clear_faults(req: Request) -> Response:
            self.faults.clear()
            return json_response({})

        self.router.add("GET", r"/_sim/faults", "admin", get_faults)
        self.router.add("POST", r"/_sim/faults", "admin", set_fault)
        self.router.add("DELETE", r"/_sim/faults", "admin", clear_faults)

    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length > 0 else b""
        req = Request(h.command, parts.path,
                      {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
                      {k.lower(): v for k, v in h.headers.items()}, body, h.client_address[0])
        found = self.router.match(h.command, parts.path)
        if found is None:
            self._send(h, json_response({"error": "not found"}, 404))
            return
        endpoint, handler, params = found
        req.params = params
        if endpoint == "admin":
            refused = self._admin_refusal(req)
            if refused is not None:
                self._send(h, refused)
                return
        fault = self.faults.take(endpoint) if endpoint != "admin" else None
        if fault and fault.latency:
            time.sleep(fault.latency)
        if fault and fault.kind == "drop":
            h.close_connection = True
            try:
                h.connection.shutdown(2)
            except OSError:
                pass
            return
        if fault and fault.kind == "http500":
            self._send(h, Response(500, b"<html><body>Internal Server Error</body></html>",
                                   {"Content-Type": "text/html"}))
            return
        try:
            resp = handler(req)
        except Exception:  # a simulator bug must still answer, and say so
            log.exception("simulator handler %s failed", endpoint)
            resp = json_response({"error": "simulator handler failed"}, 500)
        if fault and fault.kind == "malformed":
            resp = Response(resp.status, resp.body[: max(1, len(resp.body) // 2)] or b"{",
                            {"Content-Type": "application/json"})
        if fault and fault.kind == "replace":
            resp = Response(fault.status or resp.status, fault.body, {"Content-Type": "application/json"})
        self._send(h, resp)

    def _admin_refusal(self, req: Request) -> Response | None:
        """403 without the right token; 415 for a write that is not JSON (cross-site simple POSTs)."""
        given = req.headers.get(self.ADMIN_HEADER.lower(), "")
        if not hmac.compare_digest(given.encode(), self.admin_token.encode()):
            return json_response({"error": f"admin routes need the {self.ADMIN_HEADER} header"}, 403)
        ctype = req.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if req.method in ("POST", "PUT") and ctype != "application/json":
            return json_response({"error": "admin writes must be application/json"}, 415)
        return None

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, resp: Response) -> None:
        try:
            h.send_response(resp.status)
            for k, v in resp.headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(resp.body)))
            h.end_headers()
            h.wfile.write(resp.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
