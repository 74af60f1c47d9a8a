"""One small HTTP wrapper: a ``requests.Session`` with fixed timeouts and TLS on.

Every outgoing call of the core goes through :class:`HttpClient`, so timeouts,
TLS verification and the user agent are decided in one place.
"""

from __future__ import annotations

import requests

from kiosk import __version__

USER_AGENT = f"vn-checkin-kiosk/{__version__}"


class HttpClient:
    """A session bound to a base URL with (connect, read) timeouts.

    ``verify`` is True (system CA bundle) unless a CA file path is given; it is
    never switched off.
    """

    def __init__(self, base_url: str, connect_timeout: float, read_timeout: float,
                 verify: bool | str = True, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.session.verify = verify
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, path: str) -> str:
        """Absolute URL for ``path`` under the base URL."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """Send a request with the fixed timeouts (callers map exceptions)."""
        kwargs.setdefault("timeout", self.timeout)
        return self.session.request(method, self.url(path), **kwargs)

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()
