"""One small HTTP client over the standard library's :mod:`http.client`, with fixed timeouts and TLS on.

Every outgoing call of the core goes through :class:`HttpClient`, so timeouts,
TLS verification, redirects and the user agent are decided in one place.
``http.client`` does the HTTP framing (chunked answers, keep-alive); this
module adds what the kiosk needs on top: a checked base URL, (connect, read)
timeouts, one kept-alive connection per client and thread, JSON bodies,
typed failures whose messages never carry the URL (its query string may hold
a token or a password hash), and no redirect ever followed.
"""

from __future__ import annotations

import http.client
import json
import logging
import select
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from email.message import Message
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from kiosk import __version__
from kiosk.errors import ConfigError
from kiosk.url_policy import url_problem

USER_AGENT = f"vn-checkin-kiosk/{__version__}"

log = logging.getLogger(__name__)


class TransportError(Exception):
    """No usable HTTP answer: the request failed on the way (the base of every failure below).

    ``reason`` is a short phrase without the URL (``connection refused``, ``TLS error``,
    ``no answer within 8 s`` …): safe for logs and for staff.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Timeout(TransportError):
    """A connect or read deadline passed."""


class ConnectionFailed(TransportError):
    """No connection could be had, or it broke before a whole answer arrived."""


class ConnectTimeout(ConnectionFailed, Timeout):
    """The connection (TCP and TLS handshake) was not made within the connect timeout: nothing was sent."""


class ReadTimeout(Timeout):
    """The request was sent and the answer did not arrive within the read timeout (it may have been processed)."""


class RedirectRefused(TransportError):
    """A service answered 3xx: the kiosk follows no redirect.

    Following one would hand the API key, the gateway login (MD5 password)
    or a whole registration to whatever host the answer names.
    """


class UnsafeUrl(ConfigError):
    """The base URL is empty (not set up) or not one the kiosk may talk to (see :mod:`kiosk.url_policy`)."""


class Response:
    """A whole answer, read before it is returned (the connection is free again)."""

    def __init__(self, status_code: int, reason: str, headers: Message, content: bytes) -> None:
        self.status_code = status_code
        self.reason = reason
        self.headers = headers      # case-insensitive ``get``
        self.content = content

    @property
    def text(self) -> str:
        """The body decoded with the answer's charset (UTF-8 when it names none)."""
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            return self.content.decode(charset, "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` when it is not JSON)."""
        return json.loads(self.content)


class Exchange:
    """One request and its answer, as an exchange observer sees them.

    A plain class, not a dataclass: it is made only when someone observes, and a
    dataclass would cost every `kiosk checkin` its generated methods at import.
    """

    __slots__ = ("method", "url", "headers", "body", "response")

    def __init__(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None,
                 response: Response) -> None:
        self.method, self.url, self.headers, self.body, self.response = method, url, headers, body, response


def _reason(e: BaseException) -> str:
    """A URL-free phrase for a socket-level failure."""
    if isinstance(e, ssl.SSLCertVerificationError):
        return "TLS error (certificate not trusted)"
    if isinstance(e, ssl.SSLError):
        return "TLS error"
    if isinstance(e, socket.gaierror):
        return "host name not found"
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, ConnectionResetError):
        return "connection reset"
    if isinstance(e, http.client.RemoteDisconnected):
        return "closed without an answer"
    if isinstance(e, http.client.IncompleteRead):
        return "answer cut short"
    return e.__class__.__name__


def _dropped(conn: http.client.HTTPConnection) -> bool:
    """The idle kept-alive connection is unusable: the server closed it (EOF readable) or sent something unasked."""
    sock = conn.sock
    if sock is None:
        return True
    try:
        if hasattr(select, "poll"):   # not select(): a descriptor above 1023 would not fit its set
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        readable, _, _ = select.select([sock], [], [], 0)   # Windows: no poll()
    except (OSError, ValueError):
        return True
    return bool(readable)


class HttpClient:
    """Requests under one base URL with (connect, read) timeouts.

    TLS is always verified: the system CA store, or the CA file ``verify``
    names; the host name is checked. Redirects are never followed (a 3xx other
    than 304 raises :class:`RedirectRefused`), and a base URL that is plain
    HTTP off loopback or carries credentials raises :class:`UnsafeUrl`.

    ``headers`` go with every request. Each thread using the client gets its
    own kept-alive connection (the sync worker, the referral lane and the UI
    share a hospital client). ``observers`` hear of every exchange (the
    contract tests validate the traffic against the spec this way); what one
    raises propagates to the caller. ``source_address`` (host, port) binds the
    connections opened from then on (a kiosk with two networks).
    """

    def __init__(self, base_url: str, connect_timeout: float, read_timeout: float,
                 verify: bool | str = True, name: str = "service URL",
                 source_address: tuple[str, int] | None = None) -> None:
        # checked here too, not only at config load: a Config built in code must not fail open
        problem = "not set (run `kiosk setup`)" if not base_url else url_problem(base_url)
        if problem:
            raise UnsafeUrl(f"{name}: {problem}.")
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.headers: dict[str, str] = {"User-Agent": USER_AGENT}
        self.observers: list[Callable[[Exchange], None]] = []
        parts = urlsplit(self.base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._netloc = parts.netloc
        self._prefix = parts.path
        self._verify = verify
        self.source_address = source_address
        self._context: ssl.SSLContext | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[tuple[threading.Thread, http.client.HTTPConnection]] = []

    def url(self, path: str) -> str:
        """Absolute URL for ``path`` under the base URL."""
        return f"{self.base_url}/{path.lstrip('/')}"

    # -- connections -----------------------------------------------------------------------------------
    def _tls(self) -> ssl.SSLContext:
        if self._context is None:
            cafile = self._verify if isinstance(self._verify, str) else None
            self._context = ssl.create_default_context(cafile=cafile)   # CERT_REQUIRED, host name checked
        return self._context

    def _connect(self, connect_timeout: float, read_timeout: float) -> http.client.HTTPConnection:
        """A new connection of this thread's, made within ``connect_timeout``, its socket then on ``read_timeout``."""
        conn: http.client.HTTPConnection
        if self._https:
            conn = http.client.HTTPSConnection(self._host, self._port, timeout=connect_timeout,
                                               source_address=self.source_address, context=self._tls())
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=connect_timeout,
                                              source_address=self.source_address)
        try:
            conn.connect()
        except TimeoutError:
            conn.close()
            raise ConnectTimeout(f"no connection within {connect_timeout:g} s") from None
        except OSError as e:   # refused, unreachable, name not found, TLS handshake or certificate
            conn.close()
            raise ConnectionFailed(_reason(e)) from None
        me = threading.current_thread()
        with self._lock:
            stale = [c for t, c in self._open if not t.is_alive()]
            self._open = [(t, c) for t, c in self._open if t.is_alive()] + [(me, conn)]
        for c in stale:
            c.close()
        self._local.conn = conn
        assert conn.sock is not None
        conn.sock.settimeout(read_timeout)
        return conn

    def _discard(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._lock:
            self._open = [(t, c) for t, c in self._open if c is not conn]

    # -- requests --------------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, json: Any = None,
                data: bytes | None = None, headers: Mapping[str, str] | None = None,
                timeout: tuple[float, float] | float | None = None) -> Response:
        """Send one request and read its whole answer (callers map the :class:`TransportError` s).

        ``json`` is sent as a UTF-8 JSON body; ``params`` (None values left out)
        become the query string. A 3xx answer other than 304 raises
        :class:`RedirectRefused`.
        """
        connect_s, read_s = timeout if isinstance(timeout, tuple) else \
            (self.timeout if timeout is None else (timeout, timeout))
        # percent-encoded like a browser would (a space, a Vietnamese letter); escapes already there are kept
        target = quote(f"{self._prefix}/{path.lstrip('/')}", safe="/%:@!$&'()*+,;=-._~?")
        if params:
            query = urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
            if query:
                target += ("&" if "?" in target else "?") + query
        sent = {**self.headers, **(headers or {})}
        body = data
        if json is not None:
            body = _json_dumps(json)
            sent.setdefault("Content-Type", "application/json")
        response = self._send(method, target, sent, body, connect_s, read_s)
        log.debug('%s "%s %s HTTP/1.1" %s %s', self._netloc, method, _masked(target), response.status_code,
                  len(response.content))
        if self.observers:
            exchange = Exchange(method, f"{self._scheme_host()}{target}", sent, body, response)
            for observe in self.observers:
                observe(exchange)
        # 304 Not Modified is the answer to a conditional GET (If-None-Match), not a redirect
        if 300 <= response.status_code < 400 and response.status_code != 304:
            raise RedirectRefused(f"{method} {path.split('?')[0]}: the service answered HTTP "
                                  f"{response.status_code} (a redirect); redirects are not followed")
        return response

    def _scheme_host(self) -> str:
        return f"{'https' if self._https else 'http'}://{self._netloc}"

    def _send(self, method: str, target: str, headers: dict[str, str], body: bytes | None,
              connect_s: float, read_s: float) -> Response:
        conn = getattr(self._local, "conn", None)
        if conn is not None and _dropped(conn):   # closed by the server while idle: never reuse it
            self._discard(conn)
            conn = None
        reused = conn is not None
        if conn is None:
            conn = self._connect(connect_s, read_s)
        else:
            assert conn.sock is not None
            conn.sock.settimeout(read_s)
        try:
            try:
                conn.request(method, target, body=body, headers=headers)
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                # the server had closed the kept-alive connection before this request reached it (its
                # reset answers our first bytes): it processed nothing, a fresh connection is safe
                self._discard(conn)
                if not reused:
                    raise
                conn = self._connect(connect_s, read_s)
                conn.request(method, target, body=body, headers=headers)
            answer = conn.getresponse()
            content = answer.read()
        except TimeoutError:
            self._discard(conn)
            raise ReadTimeout(f"no answer within {read_s:g} s") from None
        except (OSError, http.client.HTTPException) as e:
            self._discard(conn)
            raise ConnectionFailed(_reason(e)) from None
        if answer.will_close:
            self._discard(conn)
        return Response(answer.status, answer.reason, answer.headers, content)

    def close(self) -> None:
        """Close every kept-alive connection (a later request opens a new one)."""
        with self._lock:
            conns, self._open = [c for _, c in self._open], []
        for conn in conns:
            conn.close()
        self._local = threading.local()


def _json_dumps(obj: Any) -> bytes:
    return json.dumps(obj, allow_nan=False).encode("utf-8")


def _masked(target: str) -> str:
    """``/x?token=abc&kiosk=K1`` → ``/x?token=***&kiosk=***``: no query value is ever logged."""
    path, sep, query = target.partition("?")
    if not sep:
        return path
    return path + "?" + "&".join(f"{pair.partition('=')[0]}=***" for pair in query.split("&"))
