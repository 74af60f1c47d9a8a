"""Passive records of the remote links, kept up to date by the clients that use them.

A kiosk that just checked a card knows the gateway works; its health view
need not spend a login to find out. :class:`RecordedGateway` wraps the app's
gateway client (the composition root wraps its client in it) and notes
every call's outcome and latency on a :class:`LinkRecord`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.domain import Decision
from kiosk.errors import GatewayError, InputError

log = logging.getLogger(__name__)


class LinkRecord:
    """Last success/failure of a remote link, updated by the client that uses it (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.last_success: float | None = None
        self.last_failure: float | None = None
        self.last_error = ""
        self.latency_s: float | None = None
        self.blocked_until: float | None = None   # the gateway account's block pause (epoch seconds)

    def success(self, latency_s: float) -> None:
        """A call went through in ``latency_s`` seconds."""
        with self._lock:
            self.last_success, self.latency_s = time.time(), latency_s

    def failure(self, reason: str) -> None:
        """A call failed; ``reason`` is one sentence without personal data."""
        with self._lock:
            self.last_failure, self.last_error = time.time(), reason

    def blocked(self, retry_after: float, reason: str) -> None:
        """The account is blocked: no request for ``retry_after`` seconds."""
        with self._lock:
            self.last_failure, self.last_error = time.time(), reason
            self.blocked_until = time.time() + retry_after

    def block_left(self) -> float:
        """Seconds left of a block pause (0: none)."""
        with self._lock:
            return max(0.0, (self.blocked_until or 0.0) - time.time())

    def fresh_success(self, max_age: float) -> bool:
        """True when the latest event is a success younger than ``max_age`` seconds."""
        with self._lock:
            return (self.last_success is not None and time.time() - self.last_success <= max_age
                    and (self.last_failure is None or self.last_failure < self.last_success))

    def detail(self) -> dict:
        """What the record holds, as JSON-able data."""
        with self._lock:
            def iso(t: float | None) -> str | None:
                return None if t is None else datetime.fromtimestamp(t, UTC).isoformat(
                    timespec="seconds")
            return {"last_success": iso(self.last_success), "last_failure": iso(self.last_failure),
                    "last_error": self.last_error or None,
                    "latency_ms": None if self.latency_s is None else round(self.latency_s * 1000)}


class RecordedGateway:
    """An eligibility checker that records each call on ``record``, then behaves like ``client``.

    A patient's bad input is not a link failure; an unreachable or failing
    gateway is. ``on_answer(code)`` (the metrics) hears every answer's code:
    the gateway's ``maKetQua``, or the error's code. Every other attribute is the client's own.
    """

    def __init__(self, client, record: LinkRecord, on_answer: Callable[[str], None] | None = None) -> None:
        self.client = client
        self.record = record
        self.on_answer = on_answer

    def _answered(self, code: str) -> None:
        if self.on_answer is not None:
            try:
                self.on_answer(code)
            except Exception:   # metrics must never cost a patient a check-in
                log.exception("gateway answer observer failed")

    def check_eligibility(self, identity):
        """The client's answer; success or failure (with latency) noted on the record."""
        started = time.monotonic()
        try:
            result = self.client.check_eligibility(identity)
        except InputError:
            raise
        except GatewayError as e:
            self._answered(e.code)
            if e.code == "gateway_blocked" and getattr(e, "retry_after", None):
                self.record.blocked(e.retry_after, e.detail)   # health shows it, and sends no login
            else:
                self.record.failure(e.detail)
            raise
        self._answered(result.code or result.status.value)
        if result.decision is Decision.RETRY_LATER:  # answered, but "cannot look up now"
            self.record.failure(result.staff_detail or "the gateway asked to retry later")
        else:
            self.record.success(time.monotonic() - started)
        return result

    def __getattr__(self, name):
        return getattr(self.client, name)
