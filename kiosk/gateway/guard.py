"""Keep the facility's gateway account from being blocked: no blind retries, a pause on a block.

VSS rate-limits each facility account and its protocol forbids retrying
blindly after a timeout; a blocked account stops check-ins for the whole
hospital. One :class:`AccountGuard` per gateway client (shared by the
patients' lookups, the queue's re-checks and the token keeper) remembers:

- a **block** (HTTP 500 "Có lỗi xảy ra trong quá trình tra cứu!"): no request
  at all for ``gateway.block_pause_seconds``; every lookup meanwhile fails at
  once with :class:`GatewayAccountBlocked` (patients continue as pending);
- a **login that got no answer** (timeout, reset, server error): no new login
  for ``gateway.login_retry_seconds``; lookups meanwhile fail at once with
  :class:`GatewayLoginPaused` (also "unavailable": pending).

Each raised error carries ``retry_after`` (seconds), which the queue's
re-checks honour; :meth:`AccountGuard.status` is what health views show.

With a ``state_path`` (``gateway-account.json`` in the data folder, 0600,
written atomically) both pauses are shared by every process on the kiosk
and survive a restart: ``kiosk doctor`` run on its own sees the kiosk's
block and does not log in. A damaged file counts as a block (fail closed).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.gateway.errors import GatewayAccountBlocked, GatewayUnavailable
from kiosk.state_file import DamagedStateFile, read_state, write_state

log = logging.getLogger(__name__)

#: the account's pauses, in the kiosk's data folder
STATE_FILE = "gateway-account.json"


class GatewayLoginPaused(GatewayUnavailable):
    """A login got no answer a moment ago: no new login until the pause has passed."""

    code = "gateway_login_paused"


class AccountGuard:
    """The block and login pauses of one gateway account (thread-safe)."""

    def __init__(self, username: str, *, block_pause: float = 900.0, login_retry: float = 60.0,
                 clock: Callable[[], float] = time.time, state_path: Path | None = None) -> None:
        self.username = username
        self.state_path = state_path   # shared with the kiosk's other processes (wall-clock epoch seconds)
        self.block_pause = block_pause
        self.login_retry = login_retry
        self.clock = clock
        self._lock = threading.Lock()
        self.blocked_until = 0.0
        self.login_paused_until = 0.0

    def _sync(self) -> None:
        """Take in what other processes noted (call with the lock held); the later pause wins."""
        if self.state_path is None:
            return
        try:
            saved = read_state(self.state_path)
            if saved is None:
                return
            blocked, paused = float(saved["blocked_until"]), float(saved["login_paused_until"])
            if blocked != blocked or paused != paused:
                raise ValueError("not a number")
        except (DamagedStateFile, KeyError, TypeError, ValueError):
            log.warning("gateway account state file is damaged; treating the account as blocked (fail closed)",
                        extra={"event": "gateway_state_damaged"})
            self.blocked_until = max(self.blocked_until, self.clock() + self.block_pause)
            self._save()
            return
        self.blocked_until = max(self.blocked_until, blocked)
        self.login_paused_until = max(self.login_paused_until, paused)

    def _save(self) -> None:
        if self.state_path is None:
            return
        try:
            write_state(self.state_path, {"blocked_until": self.blocked_until,
                                          "login_paused_until": self.login_paused_until})
        except OSError as e:
            log.error("gateway account state cannot be saved (%s)", type(e).__name__,
                      extra={"event": "gateway_state_unsaved"})

    @staticmethod
    def _at(t: float) -> str:
        return datetime.fromtimestamp(t, UTC).strftime("%H:%M:%S UTC")

    def check_lookup(self) -> None:
        """Raise at once (no request) while the account is blocked."""
        with self._lock:
            self._sync()
            left = self.blocked_until - self.clock()
            until = self.blocked_until
        if left > 0:
            err = GatewayAccountBlocked(f"The gateway blocked account {self.username}; lookups are paused "
                                        f"until {self._at(until)} so the block is not prolonged.")
            err.retry_after = left
            raise err

    def check_login(self) -> None:
        """Raise at once (no request) while the account is blocked or a login just went unanswered."""
        self.check_lookup()
        with self._lock:
            left = self.login_paused_until - self.clock()
            until = self.login_paused_until
        if left > 0:
            err = GatewayLoginPaused(f"The last gateway login got no answer; the next is not sent before "
                                     f"{self._at(until)} (no blind retries).")
            err.retry_after = left
            raise err

    def note_blocked(self, err: KioskError | None = None) -> None:
        """The gateway said the account is blocked: pause every request."""
        with self._lock:
            self._sync()
            self.blocked_until = max(self.blocked_until, self.clock() + self.block_pause)
            left = self.blocked_until - self.clock()
            self._save()
        if err is not None:
            err.retry_after = left

    def note_login_unanswered(self, err: KioskError | None = None) -> None:
        """A login timed out, was reset or failed on the server: pause logins."""
        with self._lock:
            self._sync()
            self.login_paused_until = max(self.login_paused_until, self.clock() + self.login_retry)
            self._save()
        if err is not None:
            err.retry_after = self.login_retry

    def note_login_ok(self) -> None:
        """A login went through."""
        with self._lock:
            self.login_paused_until = 0.0
            if self.state_path is not None and self.state_path.exists():
                self._save()

    def status(self) -> dict:
        """For health views: blocked (until when), login paused (until when)."""
        now = self.clock()
        with self._lock:
            self._sync()
            blocked, paused = self.blocked_until > now, self.login_paused_until > now
            return {"blocked": blocked, "blocked_until": self._at(self.blocked_until) if blocked else None,
                    "login_paused": paused,
                    "login_paused_until": self._at(self.login_paused_until) if paused else None}
