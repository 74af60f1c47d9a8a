"""Binding the installation key to a database: the right key, or a clear error.

The database remembers where its key lives and a sealed check value, so a
kiosk that lost its key (keyring wiped, key file deleted) says so at start-up
instead of failing on the first patient, and never starts a second key that
would orphan the rows sealed with the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from offline_cache.crypto import LockedSealer, Sealer
from offline_cache.errors import KeyUnavailable
from offline_cache.keys import load_or_create_key
from offline_cache.store import Store


def _meta(store: Store, key: str) -> Any:
    with store.read() as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def open_sealer(store: Store, data_dir: str | Path, *, keyring_backend: Any | None = None,
                prefer_keyring: bool = True, need_key: bool = True) -> Sealer | LockedSealer:
    """The :class:`Sealer` for ``store``, creating and recording a key on first use.

    Raises :class:`KeyUnavailable` when the database was sealed with a key
    that cannot be found or does not fit — unless ``need_key`` is False (a
    staff view of counts and states): then a :class:`LockedSealer` comes back.
    """
    if not need_key:
        try:
            return open_sealer(store, data_dir, keyring_backend=keyring_backend,
                               prefer_keyring=prefer_keyring)
        except KeyUnavailable as e:
            return LockedSealer(str(e))
    source = _meta(store, "key_source")
    check = _meta(store, "key_check")
    key = load_or_create_key(data_dir, expected_source=source, backend=keyring_backend,
                             prefer_keyring=prefer_keyring)
    sealer = Sealer(key.secret)
    if check is not None:
        if not sealer.fits(check):
            raise KeyUnavailable(
                f"the queue key found in the {key.source} does not fit the queue database; "
                "personal data in it cannot be read (restore the original key)")
        return sealer
    with store.write() as db:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('key_source', ?)", [key.source])
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('key_check', ?)",
                   [sealer.key_check()])
    return sealer
