"""What needs staff on a kiosk: the ONE definition every count uses.

An outbox item needs staff when the hospital system refused it (state
``needs-attention``: it will not be sent again by itself) or when its insurance
re-check failed after the ticket was issued (``eligibility = 'failed'``: the
patient is already in the clinic). An item that is both is one item needing
staff, counted once. :attr:`offline_cache.items.OutboxItem.needs_attention`,
:meth:`offline_cache.outbox.Outbox.counts` (``needs-staff``), the outbox's
attention filters and purge, the queue health probe and ``kiosk queue status``
all take it from here, so they cannot disagree.
"""

from __future__ import annotations

REFUSED_STATE = "needs-attention"
FAILED_ELIGIBILITY = "failed"

#: the definition as an SQL condition on the ``outbox`` table
NEEDS_STAFF_SQL = f"(state = '{REFUSED_STATE}' OR eligibility = '{FAILED_ELIGIBILITY}')"
#: its two disjoint parts: refused by the hospital system; re-check failed on an item not refused
REFUSED_SQL = f"(state = '{REFUSED_STATE}')"
RECHECK_FAILED_SQL = f"(state != '{REFUSED_STATE}' AND eligibility = '{FAILED_ELIGIBILITY}')"


def needs_staff(state: str, eligibility: str) -> bool:
    """True when an item in ``state`` with ``eligibility`` needs staff (the same rule as :data:`NEEDS_STAFF_SQL`)."""
    return state == REFUSED_STATE or eligibility == FAILED_ELIGIBILITY


def count_needing_staff(conn) -> dict[str, int]:
    """``{"total", "refused", "recheck-failed"}`` over the outbox of the open sqlite3 connection
    ``conn`` (``total`` = the two parts' sum; the health probe reads a read-only connection)."""
    refused, recheck_failed = conn.execute(
        f"SELECT coalesce(sum({REFUSED_SQL}), 0), coalesce(sum({RECHECK_FAILED_SQL}), 0) FROM outbox").fetchone()
    return {"total": int(refused) + int(recheck_failed), "refused": int(refused),
            "recheck-failed": int(recheck_failed)}
