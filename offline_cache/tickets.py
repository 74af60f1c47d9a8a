"""Offline ticket numbers from a per-kiosk block: ``K01-007``.

The kiosk id is the block's prefix and the sequence restarts every day, so two
kiosks never print the same number and a kiosk never repeats one within a
day. The counter lives in the same database and is advanced inside the
caller's write transaction, so a number is used at most once even if the
process dies right after.
"""

from __future__ import annotations

import re

from offline_cache.sqlite_db import Database

_KIOSK_ID = re.compile(r"[A-Za-z0-9]{1,8}")


class TicketBlock:
    """Allocates the next number of ``kiosk_id``'s block for a day."""

    def __init__(self, kiosk_id: str, width: int = 3) -> None:
        if not _KIOSK_ID.fullmatch(kiosk_id):
            raise ValueError(f"kiosk id {kiosk_id!r} must be 1-8 letters or digits")
        self.kiosk_id = kiosk_id.upper()
        self.width = width

    def allocate(self, db: Database, day: str) -> str:
        """The next number for ``day`` (``YYYY-MM-DD``); call inside a write transaction."""
        row = db.execute(
            "INSERT INTO ticket_counter (day, last) VALUES (?, 1) "
            "ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last", [day]).fetchone()
        return self.format(int(row[0]))

    def format(self, n: int) -> str:
        """``K01-007`` for n = 7 (wider numbers keep all their digits)."""
        return f"{self.kiosk_id}-{n:0{self.width}d}"

    def issued(self, db: Database, day: str) -> int:
        """How many numbers were handed out on ``day``."""
        row = db.execute("SELECT last FROM ticket_counter WHERE day = ?", [day]).fetchone()
        return int(row[0]) if row else 0
