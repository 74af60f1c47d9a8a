"""One POST to the gateway, with network failures mapped to typed errors.

Nothing here retries: a read timeout may mean the gateway is still working
on the request, and the account is rate-limited, so the caller decides.
Exception messages from requests carry the URL, whose query string holds the
token and the password hash, so they are never copied into our errors and
the original exception is not chained.
"""

from __future__ import annotations

import json
import logging
import re

import requests
import urllib3.exceptions

from kiosk.gateway.errors import GatewayAnswerTooDeep, GatewayTimeout, GatewayUnreachable
from kiosk.http import HttpClient

NOT_JSON = object()  # the body was not empty but did not parse as JSON

_SECRET_QUERY = re.compile(r"((?:token|id_token|password|access_token)=)[^&\s\"']*", re.IGNORECASE)


def redact(text: str) -> str:
    """``…?token=abc&password=def`` → ``…?token=***&password=***``."""
    return _SECRET_QUERY.sub(r"\1***", text)


class _RedactQuery(logging.Filter):
    """Masks credentials in urllib3's request lines (``"POST /api/egw/…?token=… HTTP/1.1" 200``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install_log_redaction() -> None:
    """Attach the credential mask to urllib3's connection-pool logger (idempotent)."""
    logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _RedactQuery) for f in logger.filters):
        logger.addFilter(_RedactQuery())


def post_json(http: HttpClient, path: str, *, json_body: dict, params: dict | None = None,
              what: str) -> tuple[int, object]:
    """POST ``json_body`` to ``path``; return (HTTP status, parsed JSON | None if empty | NOT_JSON).

    Raises :class:`GatewayTimeout` on a read timeout and
    :class:`GatewayUnreachable` when no connection/answer could be had.
    """
    connect_s, read_s = http.timeout
    try:
        resp = http.request("POST", path, params=params, json=json_body)
    except requests.exceptions.ConnectTimeout:
        raise GatewayUnreachable(f"The gateway could not be reached within {connect_s:g} s ({what}).") from None
    except requests.exceptions.ReadTimeout:
        raise GatewayTimeout(f"The gateway did not answer within {read_s:g} s ({what}); "
                             "not retried (the gateway limits lookups).") from None
    except requests.exceptions.ConnectionError as e:
        inner = e.args[0] if e.args else None
        if isinstance(inner, urllib3.exceptions.ReadTimeoutError):
            raise GatewayTimeout(f"The gateway's answer did not arrive within {read_s:g} s ({what}).") from None
        raise GatewayUnreachable(f"The connection to the gateway failed ({what}: "
                                 f"{_reason(e)}).") from None
    except requests.exceptions.RequestException as e:
        raise GatewayUnreachable(f"The gateway request failed ({what}: {e.__class__.__name__}).") from None
    raw = resp.content
    if not raw.strip():
        return resp.status_code, None
    try:
        return resp.status_code, json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return resp.status_code, NOT_JSON
    except RecursionError:  # json's decoder recurses per nesting level
        raise GatewayAnswerTooDeep(f"The gateway's answer ({what}) is nested too deeply to read.") from None


def _reason(e: Exception) -> str:
    """A URL-free reason: refused / reset / closed without an answer / TLS."""
    text = repr(e)
    for needle, reason in (("Connection refused", "connection refused"),
                           ("ConnectionResetError", "connection reset"),
                           ("RemoteDisconnected", "closed without an answer"),
                           ("SSLError", "TLS error"), ("NameResolutionError", "host name not found")):
        if needle in text:
            return reason
    return e.__class__.__name__
