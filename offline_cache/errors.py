"""The offline cache's own exception root.

``offline_cache`` imports nothing of the application, so its errors are plain
exceptions with a stable ``code`` and a one-sentence message for staff/IT.
The application maps them to patient messages in one place.
"""

from __future__ import annotations


class StoreError(Exception):
    """Root of every error the offline store raises on purpose."""

    code = "store"


class DatabaseDamaged(StoreError):
    """The database file failed its integrity check or is not a database.

    ``moved_to`` is where the damaged file was put aside (None when it was
    left in place, e.g. when opened read-only by a staff command).
    """

    code = "store_damaged"

    def __init__(self, message: str, *, path: str, moved_to: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.moved_to = moved_to


class StorageFull(StoreError):
    """The disk (or the database's page limit) is full: nothing was written."""

    code = "store_full"


class StoreBusy(StoreError):
    """Another process held the database lock for longer than the busy timeout."""

    code = "store_busy"


class KeyUnavailable(StoreError):
    """The encryption key for personal data cannot be found or does not fit the database."""

    code = "store_key"


class UnknownItem(StoreError):
    """No outbox item has the id a caller named."""

    code = "store_unknown_item"


class InvalidTransition(StoreError):
    """An outbox item is not in a state that allows the requested change."""

    code = "store_invalid_state"
