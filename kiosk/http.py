"""One small HTTP wrapper: a ``requests.Session`` with fixed timeouts and TLS on.

Every outgoing call of the core goes through :class:`HttpClient`, so timeouts,
TLS verification and the user agent are decided in one place.
"""

from __future__ import annotations

import requests

from kiosk import __version__
from kiosk.errors import ConfigError
from kiosk.url_policy import url_problem

USER_AGENT = f"vn-checkin-kiosk/{__version__}"


class RedirectRefused(requests.exceptions.RequestException):
    """A service answered 3xx: the kiosk follows no redirect.

    Following one would hand the API key, the gateway login (MD5 password)
    or a whole registration to whatever host the answer names.
    """


class UnsafeUrl(ConfigError):
    """The base URL is empty (not set up) or not one the kiosk may talk to (see :mod:`kiosk.url_policy`)."""


class HttpClient:
    """A session bound to a base URL with (connect, read) timeouts.

    ``verify`` is True (system CA bundle) unless a CA file path is given; it is
    never switched off. Redirects are never followed (a 3xx raises
    :class:`RedirectRefused`), and a base URL that is plain HTTP off loopback
    or carries credentials raises :class:`UnsafeUrl`.
    """

    def __init__(self, base_url: str, connect_timeout: float, read_timeout: float,
                 verify: bool | str = True, session: requests.Session | None = None,
                 name: str = "service URL") -> None:
        # checked here too, not only at config load: a Config built in code must not fail open
        problem = "not set (run `kiosk setup`)" if not base_url else url_problem(base_url)
        if problem:
            raise UnsafeUrl(f"{name}: {problem}.")
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.session.verify = verify
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, path: str) -> str:
        """Absolute URL for ``path`` under the base URL."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """Send a request with the fixed timeouts (callers map exceptions).

        A 3xx answer raises :class:`RedirectRefused` (a ``RequestException``,
        so callers treat it like any other transport failure).
        """
        kwargs.setdefault("timeout", self.timeout)
        kwargs["allow_redirects"] = False
        response = self.session.request(method, self.url(path), **kwargs)
        # 304 Not Modified is the answer to a conditional GET (If-None-Match), not a redirect
        if response.is_redirect or (300 <= response.status_code < 400 and response.status_code != 304):
            status = response.status_code
            response.close()
            raise RedirectRefused(f"{method} {path}: the service answered HTTP {status} (a redirect); "
                                  "redirects are not followed", response=response)
        return response

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()
