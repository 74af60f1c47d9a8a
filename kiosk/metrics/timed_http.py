"""An :class:`~kiosk.http.HttpClient` that reports each request's time and result to an observer.

The composition root gives one to the gateway and the hospital clients, so
their latency and failures are measured where every request passes, without
a line in either client.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from kiosk.http import ConnectionFailed, HttpClient, RedirectRefused, Response, Timeout, TransportError

log = logging.getLogger(__name__)


def _result_of(exc: BaseException) -> str:
    if isinstance(exc, RedirectRefused):
        return "redirect"
    if isinstance(exc, Timeout):
        return "timeout"
    if isinstance(exc, ConnectionFailed):
        return "connection_error"
    return "request_error"


class TimedHttpClient(HttpClient):
    """Like :class:`HttpClient`; ``observer(path, seconds, result)`` hears of every request.

    ``result`` is the HTTP status (``"200"``) or ``timeout`` / ``connection_error``
    / ``redirect`` / ``request_error``. A failing observer never fails the request.
    """

    def __init__(self, *args, observer: Callable[[str, float, str], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._observer = observer

    def request(self, method: str, path: str, **kwargs) -> Response:
        """Send the request (see :meth:`HttpClient.request`), then report it."""
        started = time.perf_counter()
        result = "request_error"
        try:
            response = super().request(method, path, **kwargs)
            result = str(response.status_code)
            return response
        except TransportError as e:
            result = _result_of(e)
            raise
        finally:
            try:
                self._observer(path, time.perf_counter() - started, result)
            except Exception:   # metrics must never cost a patient a check-in
                log.exception("request metrics observer failed")
