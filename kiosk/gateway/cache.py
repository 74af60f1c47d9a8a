"""The per-card, per-day cache of successful eligibility answers.

The gateway limits lookups per account, so production clients keep a good
answer for the rest of the day. :class:`EligibilityCache` is the small
protocol the client needs; :class:`MemoryEligibilityCache` is the default, a
persistent one (the offline queue's SQLite) can be passed in instead, and
:class:`NoEligibilityCache` switches caching off (benchmarks, re-checks).
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from kiosk.domain import Decision, EligibilityResult, Route, Sex, StaffStatus

_ENUMS = {"decision": Decision, "status": StaffStatus, "sex": Sex, "route": Route}
_DATES = ("valid_from", "valid_to", "new_valid_from", "new_valid_to", "five_years")


@runtime_checkable
class EligibilityCache(Protocol):
    """Where successful answers are kept, keyed by the card number asked and the day."""

    def get(self, card: str, day: date) -> EligibilityResult | None:
        """The answer stored for ``card`` on ``day``, or None."""

    def put(self, card: str, day: date, result: EligibilityResult) -> None:
        """Store ``result`` for ``card`` on ``day``."""


class MemoryEligibilityCache:
    """In-process cache; keeps only today's entries (older days are dropped on put)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, date], EligibilityResult] = {}

    def get(self, card: str, day: date) -> EligibilityResult | None:
        """The answer stored for ``card`` on ``day``, or None."""
        with self._lock:
            return self._entries.get((card, day))

    def put(self, card: str, day: date, result: EligibilityResult) -> None:
        """Store ``result``; entries of other days go (they can never be used again)."""
        with self._lock:
            stale = [k for k in self._entries if k[1] != day]
            for k in stale:
                del self._entries[k]
            self._entries[(card, day)] = result

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class NoEligibilityCache:
    """A cache that keeps nothing: every check asks the gateway."""

    def get(self, card: str, day: date) -> EligibilityResult | None:
        """Always None."""
        return None

    def put(self, card: str, day: date, result: EligibilityResult) -> None:
        """Drops ``result``."""


def result_to_record(result: EligibilityResult) -> dict[str, Any]:
    """A JSON-ready dict of ``result`` for a persistent cache (the raw answer is left out)."""
    record: dict[str, Any] = {}
    for f in dataclasses.fields(result):
        if f.name == "raw":
            continue
        value = getattr(result, f.name)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif f.name in _ENUMS:
            value = value.value
        record[f.name] = value
    return record


def result_from_record(record: dict[str, Any]) -> EligibilityResult:
    """The :class:`EligibilityResult` that :func:`result_to_record` wrote (raises KeyError/ValueError)."""
    values = {k: v for k, v in record.items() if k in {f.name for f in dataclasses.fields(EligibilityResult)}}
    for name, enum in _ENUMS.items():
        if name in values:
            values[name] = enum(values[name])
    for name in _DATES:
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    if values.get("checked_at"):
        values["checked_at"] = datetime.fromisoformat(values["checked_at"])
    return EligibilityResult(**values)
