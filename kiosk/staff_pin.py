"""The staff PIN: stored only as a salted scrypt hash, guarded against guessing.

A 4-8 digit PIN has at most 10^8 values, so the hash alone cannot protect it
from someone who reads the secrets file; it keeps the PIN out of clear text
(backups, screenshots of the file, `ps`). What protects it at the kiosk is
:class:`PinGuard`: an escalating delay after each wrong PIN and a lockout
after ``max_failures`` in a row, so the 10,000 four-digit codes cannot be
tried in a working day.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.state_file import DamagedStateFile, read_state, write_state

log = logging.getLogger(__name__)

# scrypt cost: ~50 ms and 16 MiB per check on a kiosk PC (RFC 7914 interactive-login range)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
PIN_PATTERN = re.compile(r"\d{4,8}")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` for ``pin`` (4-8 digits), with a fresh 16-byte salt.

    Raises ValueError (without the digits) when ``pin`` is not 4-8 digits.
    """
    if not PIN_PATTERN.fullmatch(pin or ""):
        raise ValueError("the staff PIN must be 4 to 8 digits")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches the ``stored`` hash; False for an empty or malformed hash."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        n_, r_, p_ = int(n), int(r), int(p)
        if not (2 ** 10 <= n_ <= 2 ** 20 and 1 <= r_ <= 32 and 1 <= p_ <= 16):
            return False  # a hand-edited cost must not stall the kiosk or weaken the check
        expected = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt, validate=True),
                             n=n_, r=r_, p=p_, dklen=len(expected), maxmem=64 * 1024 * 1024)
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(got, expected)


@dataclass(frozen=True)
class PinAttempt:
    """The outcome of one PIN entry: ``ok``, ``wrong``, ``wait`` (too soon) or ``locked``."""

    outcome: str
    failures: int
    wait_seconds: float = 0.0


@dataclass(frozen=True)
class PinGuardState:
    """What staff and health see: failures in a row, whether locked, and for how long."""

    failures: int
    locked: bool
    seconds_left: float


class PinGuard:
    """Escalating delay and lockout in front of :func:`verify_pin`.

    The first wrong PIN costs nothing (a slip of the finger); after the k-th
    wrong PIN in a row (k >= 2) the next try is refused for ``2^(k-1)``
    seconds (2, 4, 8 …); after ``max_failures`` the exit is locked for
    ``lockout_seconds``, doubled for each further lockout without a right PIN
    in between (capped at a day). A right PIN clears both counts. ``clock``
    is monotonic seconds (injected for tests). ``on_event(name, state)`` is
    called for ``wrong``, ``locked`` and ``unlocked`` so the caller can log
    and alert; the digits never leave :meth:`attempt`.

    ``state_path`` (a 0600 file in the data folder) keeps failures, lockouts
    and the lock's end (wall-clock, ``wall_clock``) across restarts, so a
    restart does not give an attacker new tries; a damaged file locks the
    guard for ``lockout_seconds`` (fail closed). No digit is ever stored.
    """

    def __init__(self, stored_hash: str, *, max_failures: int = 5, lockout_seconds: float = 900.0,
                 clock: Callable[[], float] = time.monotonic,
                 on_event: Callable[[str, PinGuardState], None] | None = None,
                 state_path: Path | None = None, wall_clock: Callable[[], float] = time.time) -> None:
        self._hash = stored_hash
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self._clock = clock
        self._on_event = on_event or (lambda _name, _state: None)
        self.failures = 0
        self.lockouts = 0
        self._not_before = 0.0
        self._locked_until = 0.0
        self._state_path = state_path
        self._wall = wall_clock
        if state_path is not None:
            self._load()

    def _load(self) -> None:
        assert self._state_path is not None
        try:
            saved = read_state(self._state_path)
            if saved is None:
                return
            failures, lockouts = int(saved["failures"]), int(saved["lockouts"])
            locked_until_wall = float(saved["locked_until"])
            if failures < 0 or lockouts < 0 or locked_until_wall != locked_until_wall:
                raise ValueError("out of range")
        except (DamagedStateFile, KeyError, TypeError, ValueError, OverflowError):
            log.warning("staff PIN: the lockout state file is damaged; locked for %d s (fail closed)",
                        round(self.lockout_seconds), extra={"event": "staff_pin_state_damaged"})
            self.failures, self.lockouts = self.max_failures, 1
            self._locked_until = self._clock() + self.lockout_seconds
            self._save()
            return
        self.failures, self.lockouts = failures, lockouts
        left = min(locked_until_wall - self._wall(), 86_400.0)
        if left > 0:
            self._locked_until = self._clock() + left

    def _save(self) -> None:
        if self._state_path is None:
            return
        left = max(0.0, self._locked_until - self._clock()) if self._locked_until else 0.0
        try:
            write_state(self._state_path, {"failures": self.failures, "lockouts": self.lockouts,
                                           "locked_until": self._wall() + left if left else 0.0})
        except OSError as e:
            log.error("staff PIN: cannot save the lockout state (%s)", type(e).__name__,
                      extra={"event": "staff_pin_state_unsaved"})

    def state(self) -> PinGuardState:
        """The guard now (a lockout that has run out reads as unlocked)."""
        now = self._clock()
        if self._locked_until and now >= self._locked_until:
            self._locked_until, self.failures = 0.0, 0
            self._save()
        left = max(0.0, self._locked_until - now)
        return PinGuardState(self.failures, left > 0, left)

    def attempt(self, pin: str) -> PinAttempt:
        """Check ``pin`` unless locked or too soon after the last wrong one."""
        state = self.state()
        now = self._clock()
        if state.locked:
            return PinAttempt("locked", self.failures, state.seconds_left)
        if now < self._not_before:
            return PinAttempt("wait", self.failures, self._not_before - now)
        if self._hash and verify_pin(pin, self._hash):
            self.failures, self.lockouts, self._not_before = 0, 0, 0.0
            self._save()
            return PinAttempt("ok", 0)
        self.failures += 1
        if self.failures >= self.max_failures:
            span = min(self.lockout_seconds * 2 ** self.lockouts, 86_400.0)
            self.lockouts += 1
            self._locked_until = now + span
            self._save()
            self._on_event("locked", self.state())
            return PinAttempt("locked", self.failures, span)
        delay = float(2 ** (self.failures - 1)) if self.failures >= 2 else 0.0
        self._not_before = now + delay
        self._save()
        self._on_event("wrong", self.state())
        return PinAttempt("wrong", self.failures, delay)


def _log_event(name: str, state: PinGuardState) -> None:
    # never the digits: only how many wrong in a row and the lockout
    if name == "locked":
        log.warning("staff PIN: locked after %d wrong PINs in a row, for %d s",
                    state.failures, round(state.seconds_left), extra={"event": "staff_pin_locked"})
    else:
        log.warning("staff PIN: wrong PIN (%d in a row)", state.failures, extra={"event": "staff_pin_wrong"})


STATE_FILE = "staff-pin-guard.json"


def guard_from_config(kiosk_settings, data_dir: Path | None = None) -> PinGuard:
    """The PIN guard of ``config.kiosk`` (hash, failures, lockout), logging each event without digits.

    With ``data_dir`` (``config.data_path()``) its state persists in ``staff-pin-guard.json`` there.
    """
    return PinGuard(kiosk_settings.staff_pin_hash, max_failures=kiosk_settings.staff_pin_max_failures,
                    lockout_seconds=kiosk_settings.staff_pin_lockout_minutes * 60, on_event=_log_event,
                    state_path=data_dir / STATE_FILE if data_dir is not None else None)
