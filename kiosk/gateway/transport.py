"""One POST to the gateway, with network failures mapped to typed errors.

Nothing here retries: a read timeout may mean the gateway is still working
on the request, and the account is rate-limited, so the caller decides.
The URL's query string holds the token and the password hash: the HTTP
client's failures carry no URL, and the original exception is still not
chained (a lower layer's message might).
"""

from __future__ import annotations

import json

from kiosk.gateway.errors import GatewayAnswerTooDeep, GatewayTimeout, GatewayUnreachable
from kiosk.http import ConnectionFailed, ConnectTimeout, HttpClient, ReadTimeout, TransportError

NOT_JSON = object()  # the body was not empty but did not parse as JSON


def post_json(http: HttpClient, path: str, *, json_body: dict, params: dict | None = None,
              what: str) -> tuple[int, object]:
    """POST ``json_body`` to ``path``; return (HTTP status, parsed JSON | None if empty | NOT_JSON).

    Raises :class:`GatewayTimeout` on a read timeout and
    :class:`GatewayUnreachable` when no connection/answer could be had.
    """
    connect_s, read_s = http.timeout
    try:
        resp = http.request("POST", path, params=params, json=json_body)
    except ConnectTimeout:
        raise GatewayUnreachable(f"The gateway could not be reached within {connect_s:g} s ({what}).") from None
    except ReadTimeout:
        raise GatewayTimeout(f"The gateway did not answer within {read_s:g} s ({what}); "
                             "not retried (the gateway limits lookups).") from None
    except ConnectionFailed as e:
        raise GatewayUnreachable(f"The connection to the gateway failed ({what}: {e.reason}).") from None
    except TransportError as e:
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

