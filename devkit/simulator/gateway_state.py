"""The simulated gateway's state: accounts, officers, tokens, blocks, counters.

Kept apart from the HTTP handlers so tests can set it up and inspect it
(``state.logins`` counts logins, ``state.lookups`` lookups). The clock is
injectable; "today" (card validity) is the clock's date in Vietnam unless a
``today`` callable is given.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from devkit.simulator.citizens import CITIZENS, Citizen
from kiosk.gateway.auth import md5_hex

DEFAULT_ACCOUNT = ("79014_BV", "demo-password")
DEFAULT_OFFICER = ("079190000001", "Lê Thị Tra Cứu")
UNAUTHORIZED_STYLES = ("body", "http", "alternate")
_VN = timezone(timedelta(hours=7))


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IssuedToken:
    """A token the simulator handed out, bound to the caller's IP."""

    access_token: str
    id_token: str
    username: str
    client_ip: str
    expires_at: datetime


class GatewayState:
    """Everything the simulated gateway knows and counts.

    ``accounts``: username → plain password (the MD5 is compared, either
    case). ``officers``: registered lookup officers, CCCD → name.
    ``unauthorized``: how a refused token is answered: "body" (HTTP 200 with
    maKetQua 401), "http" (HTTP 401, empty body) or "alternate".
    ``refused_accounts``: username → login result (401/402/403).
    ``forced_codes``: card number (as asked) → maKetQua, to reach any code.
    ``rate_limit``: lookups per minute per account before it is blocked.
    ``blocked_note_key``: "GhiChu" or "ghiChu" in the blocked answer.
    """

    def __init__(self, *, accounts: dict[str, str] | None = None,
                 officers: dict[str, str] | None = None,
                 token_lifetime: timedelta = timedelta(minutes=10),
                 clock: Callable[[], datetime] = _utc_now,
                 today: Callable[[], date] | None = None,
                 blocked: Iterable[str] = (), unauthorized: str = "body",
                 citizens: Iterable[Citizen] = CITIZENS,
                 refused_accounts: dict[str, str] | None = None,
                 forced_codes: dict[str, str] | None = None,
                 rate_limit: int | None = None, blocked_note_key: str = "GhiChu") -> None:
        if unauthorized not in UNAUTHORIZED_STYLES:
            raise ValueError(f"unauthorized must be one of {UNAUTHORIZED_STYLES}")
        self.accounts = dict(accounts or {DEFAULT_ACCOUNT[0]: DEFAULT_ACCOUNT[1]})
        self.officers = dict(officers or {DEFAULT_OFFICER[0]: DEFAULT_OFFICER[1]})
        self.token_lifetime = token_lifetime
        self.clock = clock
        self._today = today
        self.blocked = set(blocked)
        self.unauthorized = unauthorized
        self.citizens = tuple(citizens)
        self.refused_accounts = dict(refused_accounts or {})
        self.forced_codes = dict(forced_codes or {})
        self.rate_limit = rate_limit
        self.blocked_note_key = blocked_note_key
        self.lock = threading.Lock()
        self.tokens: dict[str, IssuedToken] = {}
        self.logins = 0             # successful logins
        self.login_attempts = 0
        self.lookups = 0            # lookup requests received (any outcome)
        self.unauthorized_answers = 0
        self._recent: dict[str, deque] = {}
        #: ("login" | "lookup", time.monotonic()) of every request that reached a handler, in order:
        #: tests check how often and how soon after one another the kiosk asked
        self.requests: list[tuple[str, float]] = []

    def note_request(self, kind: str) -> None:
        """Time-stamp one request (``login`` or ``lookup``)."""
        with self.lock:
            self.requests.append((kind, time.monotonic()))

    def reset(self, **kwargs) -> None:
        """Back to a fresh gateway (constructor arguments as for ``GatewayState``).

        Lets a long-running server (the demo, a test module) start over without
        a restart; the routes keep pointing at this same object.
        """
        self.__init__(**kwargs)  # type: ignore[misc]

    def today(self) -> date:
        """The simulator's "today" (card validity is relative to it)."""
        return self._today() if self._today else self.clock().astimezone(_VN).date()

    def password_ok(self, username: str, password_md5: str) -> bool:
        """True when ``password_md5`` (upper or lower hex) is the account's password hash."""
        plain = self.accounts.get(username)
        return plain is not None and md5_hex(plain) == str(password_md5 or "").strip().lower()

    def issue(self, username: str, client_ip: str) -> IssuedToken:
        """A new token for ``username`` bound to ``client_ip``; counts the login."""
        token = IssuedToken(secrets.token_urlsafe(32), str(uuid.uuid4()), username, client_ip,
                            self.clock().astimezone(UTC) + self.token_lifetime)
        with self.lock:
            self.tokens[token.access_token] = token
            self.logins += 1
        return token

    def token_ok(self, query: dict[str, str], client_ip: str) -> bool:
        """Whether the lookup's query-string credentials are good (not expired, same IP…)."""
        token = self.tokens.get(query.get("token", ""))
        return (token is not None and token.id_token == query.get("id_token")
                and token.username == query.get("username") and token.client_ip == client_ip
                and self.clock() < token.expires_at
                and self.password_ok(token.username, query.get("password", "")))

    def expire_tokens(self) -> None:
        """Forget every token (a gateway restart): the next lookup gets a 401."""
        with self.lock:
            self.tokens.clear()

    def next_unauthorized_style(self) -> str:
        """"body" or "http" for this 401 (alternating when so configured)."""
        with self.lock:
            self.unauthorized_answers += 1
            if self.unauthorized != "alternate":
                return self.unauthorized
            return "body" if self.unauthorized_answers % 2 == 1 else "http"

    def count_lookup(self, username: str | None) -> bool:
        """Count one lookup; False when the account is (or just became) blocked."""
        with self.lock:
            self.lookups += 1
            if username in self.blocked:
                return False
            if self.rate_limit and username:
                now = self.clock()
                recent = self._recent.setdefault(username, deque())
                while recent and now - recent[0] > timedelta(minutes=1):
                    recent.popleft()
                recent.append(now)
                if len(recent) > self.rate_limit:
                    self.blocked.add(username)
                    return False
            return True

    def find(self, card: str) -> Citizen | None:
        """The citizen with this ID number, BHXH number, BHYT code or new card code."""
        for c in self.citizens:
            if card in (c.id_number, c.bhyt_code, c.bhxh_number, c.new_card_code):
                return c
        return None

    def snapshot(self) -> dict:
        """Counters and switches, for the admin endpoint."""
        with self.lock:
            return {"logins": self.logins, "login_attempts": self.login_attempts, "lookups": self.lookups,
                    "unauthorized_answers": self.unauthorized_answers, "tokens": len(self.tokens),
                    "blocked": sorted(self.blocked), "unauthorized": self.unauthorized,
                    "today": self.today().isoformat()}
