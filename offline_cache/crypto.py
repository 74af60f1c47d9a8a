"""Sealing personal data at rest: AES-GCM, the row's id as associated data.

Two sub-keys are derived from the installation key with HKDF: one for
AES-256-GCM (sealing), one for HMAC-SHA256 (lookup tags, so a card number can
be found without storing it). Binding each ciphertext to its table and row id
means a blob copied into another row fails to open instead of showing the
wrong patient.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline_cache.errors import KeyUnavailable, StoreError

_VERSION = b"\x01"
_NONCE = 12
_CHECK_PLAINTEXT = b"vn-checkin-kiosk offline cache key check"


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


class SealError(StoreError):
    """A sealed value could not be opened (wrong key, wrong row, or altered bytes)."""

    code = "store_seal"


class Sealer:
    """Seal/open bytes and JSON with AES-GCM; make keyed lookup tags."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise KeyUnavailable("the queue key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"offline-cache/aes-gcm/v1"))
        self._mac_key = _derive(master_key, b"offline-cache/lookup-hmac/v1")

    def __repr__(self) -> str:
        return "Sealer(<key hidden>)"

    def seal(self, plaintext: bytes, row_id: str) -> bytes:
        """``version | nonce | ciphertext+tag``; ``row_id`` is the associated data."""
        nonce = os.urandom(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, row_id.encode("utf-8"))

    def open(self, blob: bytes, row_id: str) -> bytes:
        """The plaintext of ``blob`` sealed for ``row_id``; :class:`SealError` otherwise."""
        if not blob or blob[:1] != _VERSION or len(blob) < 1 + _NONCE + 16:
            raise SealError("a sealed value in the queue database is malformed")
        try:
            return self._aead.decrypt(blob[1:1 + _NONCE], blob[1 + _NONCE:], row_id.encode("utf-8"))
        except InvalidTag:
            raise SealError("a sealed value in the queue database does not open with this "
                            "installation's key (wrong key or altered data)") from None

    def seal_json(self, value: Any, row_id: str) -> bytes:
        """Seal a JSON-serialisable value."""
        return self.seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                         row_id)

    def open_json(self, blob: bytes, row_id: str) -> Any:
        """Open a value sealed with :meth:`seal_json`."""
        return json.loads(self.open(blob, row_id).decode("utf-8"))

    def tag(self, *parts: str) -> str:
        """A keyed, one-way lookup tag for ``parts`` (hex HMAC-SHA256)."""
        msg = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self._mac_key, msg, hashlib.sha256).hexdigest()

    def key_check(self) -> bytes:
        """A sealed known value stored with the database to recognise its key."""
        return self.seal(_CHECK_PLAINTEXT, "meta/key-check")

    def fits(self, check: bytes) -> bool:
        """True when ``check`` (from :meth:`key_check`) was made with this key."""
        try:
            return self.open(check, "meta/key-check") == _CHECK_PLAINTEXT
        except SealError:
            return False


class LockedSealer:
    """Stands in for a :class:`Sealer` when the key cannot be had (staff views).

    Everything that needs no personal data still works; anything that would
    seal, open or tag raises :class:`KeyUnavailable` with the original reason.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def _refuse(self, *args, **kwargs):
        raise KeyUnavailable(self.reason)

    seal = open = seal_json = open_json = tag = key_check = _refuse

    def fits(self, check: bytes) -> bool:
        """Unknown without the key."""
        return False
