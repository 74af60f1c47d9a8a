"""The gateway client's :class:`~kiosk.gateway.cache.EligibilityCache`, kept in SQLite.

Answers survive a restart (the gateway limits lookups per account), sealed
with the installation key like every other piece of personal data.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from kiosk.domain import Decision, EligibilityResult, Route, Sex, StaffStatus
from offline_cache import EligibilityStore, StoreError

_ENUMS = {"decision": Decision, "status": StaffStatus, "sex": Sex, "route": Route}
_DATES = ("valid_from", "valid_to", "new_valid_from", "new_valid_to")


def result_to_dict(result: EligibilityResult) -> dict:
    """A JSON-able form of an :class:`EligibilityResult`."""
    out = {}
    for f in dataclasses.fields(result):
        v = getattr(result, f.name)
        if f.name in _ENUMS:
            v = v.value
        elif isinstance(v, (date, datetime)):
            v = v.isoformat()
        out[f.name] = v
    return out


def result_from_dict(d: dict) -> EligibilityResult:
    """Inverse of :func:`result_to_dict`."""
    values = dict(d)
    for name, enum in _ENUMS.items():
        values[name] = enum(values[name])
    for name in _DATES:
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    values["checked_at"] = datetime.fromisoformat(values["checked_at"]) if values.get("checked_at") else None
    return EligibilityResult(**values)


class PersistentEligibilityCache:
    """Per-card, per-day answers in the kiosk database (implements ``EligibilityCache``).

    A storage problem never blocks a check-in: ``get`` then misses and
    ``put`` drops the answer (the gateway is simply asked again).
    """

    def __init__(self, store: EligibilityStore) -> None:
        self.store = store

    def get(self, card: str, day: date) -> EligibilityResult | None:
        """The answer stored for ``card`` on ``day``, or None."""
        try:
            found = self.store.get(card, day)
            return None if found is None else result_from_dict(found)
        except (StoreError, KeyError, TypeError, ValueError):
            return None

    def put(self, card: str, day: date, result: EligibilityResult) -> None:
        """Store ``result`` for ``card`` on ``day`` (older days are dropped on purge)."""
        try:
            self.store.put(card, day, result_to_dict(result))
        except StoreError:
            pass
