"""The per-installation key that protects personal data at rest.

The key lives in the OS keyring when one is usable (Windows Credential
Manager, macOS Keychain, Secret Service); a headless Linux kiosk usually has
no keyring backend, so the fallback is a key file readable only by the
kiosk's user (mode 0600) in the data folder. Where the key lives is part of
the installation: once a key exists in one place we never silently make a new
one in the other, because that would orphan every encrypted row.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offline_cache.errors import KeyUnavailable

log = logging.getLogger(__name__)

KEY_BYTES = 32  # AES-256
SERVICE = "vn-checkin-kiosk"
KEY_FILE_NAME = "queue.key"


@dataclass(frozen=True)
class InstallationKey:
    """The raw key and where it came from (``"keyring"`` or ``"file"``)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:  # never print the key
        return f"InstallationKey(source={self.source!r})"


def usable_keyring(backend: Any | None = None) -> Any | None:
    """The keyring backend to use, or None when no secure one is available.

    The ``fail`` backend (no backend installed), the ``chainer`` with nothing
    behind it and the plaintext backends of ``keyrings.alt`` do not count.
    """
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = backend if backend is not None else keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if "plaintext" in name or "keyrings.alt" in name:
        return None
    if name.endswith("chainerbackend") and not getattr(backend, "backends", None):
        return None
    try:
        if getattr(backend, "priority", 1) <= 0:
            return None
    except Exception:  # some backends compute priority by probing the system
        return None
    return backend


def _account(data_dir: Path) -> str:
    # One entry per installation (data folder), so two kiosks on one test PC do not share a key.
    return f"queue-key:{data_dir.resolve()}"


def load_or_create_key(data_dir: str | Path, *, expected_source: str | None = None,
                       backend: Any | None = None, prefer_keyring: bool = True) -> InstallationKey:
    """Find this installation's key, creating it on first use.

    Order: an existing key file; an existing keyring entry; else a new key in
    the keyring when ``prefer_keyring`` and a usable backend exist, else a new
    0600 key file. ``expected_source`` is where the database says its key
    lives: then no new key is ever made, and a missing one raises
    :class:`KeyUnavailable` (one sentence), as does a key that cannot be read.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / KEY_FILE_NAME
    if key_file.exists():
        return InstallationKey(_read_key_file(key_file), "file")
    if expected_source == "file":
        raise KeyUnavailable(f"the queue key file {key_file} is missing; personal data in the "
                             "queue cannot be read without it")
    kr = usable_keyring(backend) if (prefer_keyring or expected_source == "keyring") else None
    if kr is None and expected_source == "keyring":
        raise KeyUnavailable("the queue key is kept in the OS keyring, which is not available now")
    if kr is not None:
        try:
            stored = kr.get_password(SERVICE, _account(data_dir))
        except Exception as e:
            raise KeyUnavailable(f"the OS keyring could not be read ({e.__class__.__name__})") from None
        if stored:
            try:
                secret = base64.b64decode(stored, validate=True)
            except ValueError:
                secret = b""
            if len(secret) != KEY_BYTES:
                raise KeyUnavailable("the queue key in the OS keyring is malformed")
            return InstallationKey(secret, "keyring")
        if expected_source == "keyring":
            raise KeyUnavailable("the queue key is missing from the OS keyring")
        secret = secrets.token_bytes(KEY_BYTES)
        try:
            kr.set_password(SERVICE, _account(data_dir), base64.b64encode(secret).decode())
            if kr.get_password(SERVICE, _account(data_dir)) != base64.b64encode(secret).decode():
                raise RuntimeError("read-back mismatch")
            return InstallationKey(secret, "keyring")
        except Exception as e:  # a keyring that cannot store: fall back to the file
            log.warning("OS keyring unusable for the queue key (%s); using a key file",
                        e.__class__.__name__)
    return InstallationKey(_create_key_file(key_file), "file")


def _read_key_file(path: Path) -> bytes:
    if os.name == "posix":
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise KeyUnavailable(f"the key file {path} is readable by other users (mode {mode:o}); "
                                 "it must be 0600")
    try:
        secret = base64.b64decode(path.read_bytes().strip(), validate=True)
    except (OSError, ValueError) as e:
        raise KeyUnavailable(f"the key file {path} cannot be read ({e.__class__.__name__})") from None
    if len(secret) != KEY_BYTES:
        raise KeyUnavailable(f"the key file {path} is malformed")
    return secret


def _create_key_file(path: Path) -> bytes:
    """Write a new key atomically: 0600 temp file, fsync, link into place."""
    secret = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, base64.b64encode(secret) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link() fails if another process created the key meanwhile: then use theirs.
        os.link(tmp, path)
    except FileExistsError:
        os.unlink(tmp)
        return _read_key_file(path)
    except OSError:  # file systems without hard links
        os.replace(tmp, path)
    else:
        os.unlink(tmp)
    _fsync_dir(path.parent)
    return secret


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
