"""The departments menu, kept on disk so it works offline and says how old it is."""

from __future__ import annotations

import logging

from kiosk.domain import Department
from kiosk.errors import HospitalGarbage, HospitalUnavailable
from kiosk.hospital.client import HospitalClient
from offline_cache import DepartmentCache, StoreError

log = logging.getLogger(__name__)


def _to_json(d: Department) -> dict:
    return {"code": d.code, "name_vi": d.name_vi, "name_en": d.name_en, "room": d.room}


class CachedDepartments:
    """A ``DepartmentSource``: a fresh list when the hospital answers, else the last copy.

    ``age_seconds`` is how old the list last returned is (0 when fresh), for
    the staff view and a "list from HH:MM" hint.
    """

    def __init__(self, client: HospitalClient, cache: DepartmentCache) -> None:
        self.client = client
        self.cache = cache
        self.age_seconds = 0.0

    def departments(self) -> list[Department]:
        """The list; raises ``HospitalUnavailable`` (or ``HospitalGarbage``) only when the hospital
        cannot give a usable list and there is no copy at all."""
        try:
            fresh = self.client.list_departments()
        except (HospitalUnavailable, HospitalGarbage) as e:
            log.warning("departments from the cached copy: %s", e.code)
            cached = self.cached()
            if cached is None:
                raise
            return cached
        try:
            self.cache.put([_to_json(d) for d in fresh])
        except StoreError as e:  # the menu still works; only the offline copy is stale
            log.warning("departments list not cached: %s", e)
        self.age_seconds = 0.0
        return fresh

    def cached(self) -> list[Department] | None:
        """The last stored list (setting ``age_seconds``), or None."""
        found = self.cache.get()
        if found is None:
            return None
        self.age_seconds = found.age(self.cache.clock())
        return [Department(**d) for d in found.items]

    def find(self, code: str) -> Department | None:
        """A department by code from the stored list (for offline tickets)."""
        for d in self.cached() or []:
            if d.code == code:
                return d
        return None
