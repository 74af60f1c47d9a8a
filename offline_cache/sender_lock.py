"""Who delivers a queue file: an OS-level advisory lock next to it.

Several processes may open one data folder (the patient kiosk and the
reception station on one PC), but exactly one of them may run the sync
worker for its ``queue.db``: two senders could POST the same item twice. The
first process to take ``queue.db.sender-lock`` delivers; the others only read
and write the queue, and may take over when the holder exits (the OS drops
the lock with the process, even after a crash, so a stale lock never needs
cleaning up).

A separate lock file is used because SQLite manages its own (POSIX) locks on
the database file; ``flock`` on Linux and ``msvcrt.locking`` on Windows are
per open file, so two opens in one process also exclude each other.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - exercised on the Windows build only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class SenderLock:
    """The right to deliver one queue file's items, held by at most one open lock at a time."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(str(db_path) + ".sender-lock")
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; never waits. True when held afterwards."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)
