"""Logging in to the gateway (``POST /api/token/take``) and keeping the token.

One login serves many lookups: the token is kept until ``margin`` before its
ABSOLUTE ``expires_in`` timestamp, and a lock makes concurrent callers share
one login instead of each taking their own. The token and the password never
reach a log or an exception message.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.config import GatewaySettings
from kiosk.gateway.errors import GatewayGarbage, GatewayLoginRefused, GatewayServerError, GatewayUnavailable
from kiosk.gateway.formats import parse_expiry, result_code
from kiosk.gateway.transport import post_json
from kiosk.http import HttpClient

log = logging.getLogger(__name__)

LOGIN_PATH = "/api/token/take"


def md5_hex(password: str) -> str:
    """The MD5 hex (lower case) of the password, as the gateway wants it."""
    return hashlib.md5(password.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Token:
    """One login's credentials for the lookup query string."""

    access_token: str = field(repr=False)
    id_token: str = field(repr=False)
    username: str
    expires_at: datetime  # aware, UTC
    trust_expiry: bool = True  # False: our clock disagrees with the gateway's, rely on 401s instead

    def usable(self, now: datetime, margin: timedelta) -> bool:
        """True while ``now`` is more than ``margin`` before the expiry (or the expiry is not trusted)."""
        return not self.trust_expiry or now < self.expires_at - margin


class TokenKeeper:
    """Takes a token when needed and shares it between threads.

    ``current()`` returns a usable token, logging in (under the lock) when
    there is none or it is about to expire; ``invalidate(token)`` drops it
    after a 401 so the next ``current()`` logs in again. ``logins`` counts the
    logins this keeper made.
    """

    def __init__(self, settings: GatewaySettings, http: HttpClient, clock: Callable[[], datetime],
                 margin: timedelta = timedelta(seconds=30), guard=None) -> None:
        self._settings = settings
        self._http = http
        self.guard = guard   # an AccountGuard: no blind re-login after a timeout, none while blocked
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._token: Token | None = None
        self.password_md5 = md5_hex(settings.password)
        self.logins = 0

    def current(self) -> Token:
        """A usable token (may log in; raises a GatewayError subclass when login fails)."""
        token = self._token
        if token is not None and token.usable(self._clock(), self._margin):
            return token
        with self._lock:  # only one thread logs in; the others wait and reuse its token
            token = self._token
            if token is None or not token.usable(self._clock(), self._margin):
                token = self._token = self._take()
            return token

    def invalidate(self, token: Token) -> None:
        """Forget ``token`` (after a 401) unless another thread already replaced it."""
        with self._lock:
            if self._token is token:
                self._token = None

    def login(self) -> Token:
        """Log in now, replacing any token held."""
        with self._lock:
            self._token = self._take()
            return self._token

    def _take(self) -> Token:
        body = {"username": self._settings.username, "password": self.password_md5}
        if self.guard is not None:
            self.guard.check_login()      # no login while blocked or right after an unanswered one
        try:
            status, data = post_json(self._http, LOGIN_PATH, json_body=body, what="login")
        except GatewayUnavailable as e:   # timeout, reset, refused: never sent again blindly
            if self.guard is not None:
                self.guard.note_login_unanswered(e)
            raise
        self.logins += 1
        if self.guard is not None:
            if status >= 500:
                self.guard.note_login_unanswered()
            elif status == 200:
                self.guard.note_login_ok()
        code = result_code(data) if isinstance(data, dict) else ""
        if status == 401 or (status == 200 and code in ("401", "402", "403")):
            code = code or "401"
            log.error("gateway login refused: result %s for account %s", code, self._settings.username)
            raise GatewayLoginRefused(
                f"The gateway refused the login of account {self._settings.username} (result {code}): "
                "check gateway.username/password and that the account is confirmed by VSS.")
        if status >= 500 or code == "500":
            raise GatewayServerError(f"The gateway answered the login with a server error ({status}).")
        if status != 200 or not isinstance(data, dict) or code != "200":
            raise GatewayGarbage(f"The gateway's login answer is not usable (HTTP {status}).")
        key = data.get("APIKey") or data.get("apiKey")
        if not isinstance(key, dict):
            raise GatewayGarbage("The gateway's login answer has no APIKey.")
        access, id_token = key.get("access_token"), key.get("id_token")
        expires = parse_expiry(key.get("expires_in"))
        if not (isinstance(access, str) and access and isinstance(id_token, str) and id_token):
            raise GatewayGarbage("The gateway's login answer has no access_token/id_token.")
        if expires is None:
            raise GatewayGarbage("The gateway's login answer has no readable expires_in timestamp.")
        token = Token(access, id_token, str(key.get("username") or self._settings.username), expires)
        if not token.usable(self._clock(), self._margin):
            # A fresh token that already looks expired means this PC's clock is ahead of the
            # gateway's. Trusting the timestamp would mean one login per lookup (and a blocked
            # account), so keep the token until the gateway says 401.
            log.warning("gateway token expiry %s is already past by this computer's clock: "
                        "check the clock; the token is used until the gateway refuses it",
                        expires.isoformat(timespec="seconds"))
            return dataclasses.replace(token, trust_expiry=False)
        log.info("gateway login ok for %s, token valid until %s", self._settings.username,
                 expires.isoformat(timespec="seconds"))
        return token
