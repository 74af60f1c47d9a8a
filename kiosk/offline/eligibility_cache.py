"""The gateway client's :class:`~kiosk.gateway.cache.EligibilityCache`, kept in SQLite.

Answers survive a restart (the gateway limits lookups per account), sealed
with the installation key like every other piece of personal data. The
record format is the gateway client's own (``result_to_record``).
"""

from __future__ import annotations

from datetime import date

from kiosk.domain import EligibilityResult
from kiosk.gateway.cache import result_from_record, result_to_record
from offline_cache import EligibilityStore, StoreError


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
            return None if found is None else result_from_record(found)
        except (StoreError, KeyError, TypeError, ValueError):
            return None

    def put(self, card: str, day: date, result: EligibilityResult) -> None:
        """Store ``result`` for ``card`` on ``day`` (older days are dropped on purge)."""
        try:
            self.store.put(card, day, result_to_record(result))
        except StoreError:
            pass
