"""The outbox's plain data: an item as callers see it, and the hospital's receipt."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from offline_cache.attention import needs_staff


@dataclass(frozen=True)
class Receipt:
    """What the hospital system answered: its reference and (maybe) its ticket number.

    ``public`` holds non-personal extras worth keeping (room, time); it is
    stored in clear, so callers must put nothing personal there.
    """

    reference: str
    ticket: str | None = None
    public: dict = field(default_factory=dict)


@dataclass(frozen=True)
class OutboxItem:
    """One row of the outbox as callers see it (``payload`` None once purged or not loaded)."""

    seq: int
    id: str
    kind: str
    state: str
    created_at: float
    updated_at: float
    attempts: int
    next_attempt_at: float
    in_doubt: bool
    last_error: str | None
    reason: str | None
    public: dict
    day: str
    kiosk_ticket: str
    ticket_shown: str | None
    hospital_ref: str | None
    hospital_ticket: str | None
    receipt: dict
    delivered_at: float | None
    reconciled: bool
    eligibility: str
    elig_attempts: int
    elig_reason: str | None
    elig_checked_at: float | None
    purged: bool
    payload: dict | None = field(default=None, repr=False)
    #: until when an earlier send may still be processed by the hospital (None: not known)
    in_doubt_until: float | None = None

    @property
    def needs_attention(self) -> bool:
        """True when staff must act: refused delivery or a failed eligibility re-check."""
        return needs_staff(self.state, self.eligibility)   # the one definition (offline_cache.attention)

    @property
    def reassigned(self) -> bool:
        """The patient holds the kiosk number but the hospital gave another one."""
        return bool(self.ticket_shown and self.hospital_ticket
                    and self.ticket_shown != self.hospital_ticket)


COLUMNS = ("seq, id, kind, state, created_at, updated_at, attempts, next_attempt_at, in_doubt, "
            "last_error, reason, public, day, kiosk_ticket, ticket_shown, hospital_ref, "
            "hospital_ticket, receipt, delivered_at, reconciled, eligibility, elig_attempts, "
            "elig_reason, elig_checked_at, purged_at, sealed, in_doubt_until")


def item_from_row(row, open_json: Callable[[bytes, str], Any] | None,
                  aad: Callable[[str], str]) -> OutboxItem:
    """An :class:`OutboxItem` from a row selected with :data:`COLUMNS`.

    ``open_json`` unseals the payload (None: leave it unloaded); ``aad``
    gives the associated data for an item id.
    """
    (seq, item_id, kind, state, created, updated, attempts, next_at, in_doubt, last_error,
     reason, public, day, kiosk_ticket, shown, ref, hticket, receipt, delivered_at, reconciled,
     elig, elig_attempts, elig_reason, elig_checked, purged_at, sealed, in_doubt_until) = row
    payload = None
    if open_json is not None and sealed is not None:
        payload = open_json(sealed, aad(item_id))
    return OutboxItem(seq, item_id, kind, state, created, updated, attempts, next_at,
                      bool(in_doubt), last_error, reason, json.loads(public or "{}"), day,
                      kiosk_ticket, shown, ref, hticket, json.loads(receipt or "{}"),
                      delivered_at, bool(reconciled), elig, elig_attempts, elig_reason,
                      elig_checked, purged_at is not None or sealed is None, payload, in_doubt_until)
