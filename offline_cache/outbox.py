"""The durable outbox: registrations written before the ticket is shown.

Each item has a client id (the hospital's ``Idempotency-Key``), a sealed
payload (personal data, AES-GCM with the row id as associated data), a few
non-personal labels, and a kiosk-block ticket number allocated in the same
transaction. States::

    pending → sending → delivered
                      ↘ needs-attention   (a non-retryable answer, with its reason)
    sending → pending (retryable failure, with backoff; ``in_doubt`` if the
              request may have reached the hospital: reconcile before resending)

Items leave in ``seq`` order; staff can put a needs-attention item back with
:meth:`Outbox.retry`. Eligibility re-checks are a second, independent track
on the same row (see :mod:`offline_cache.rechecks`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from offline_cache.crypto import LockedSealer, Sealer
from offline_cache.errors import InvalidTransition, UnknownItem
from offline_cache.items import COLUMNS, OutboxItem, Receipt, item_from_row
from offline_cache.store import Store
from offline_cache.tickets import TicketBlock

_ID_MAX = 128
_SEALED = COLUMNS.split(", ").index("sealed")


class Outbox:
    """The outbox table of a :class:`Store`, sealing payloads with a :class:`Sealer`."""

    def __init__(self, store: Store, sealer: Sealer | LockedSealer, *, kiosk_id: str,
                 clock: Callable[[], float] = time.time,
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.sealer = sealer
        self.tickets = TicketBlock(kiosk_id)
        self.clock = clock
        self.today = today
        # Who this process is when it sends: another process's ``sending`` item is not ours to send.
        self.sender = uuid.uuid4().hex

    # -- writing ---------------------------------------------------------------------------
    def enqueue(self, item_id: str, payload: dict, *, public: dict | None = None,
                patient_key: str | None = None, eligibility_pending: bool = False,
                kind: str = "registration", ticket: str | None = None) -> OutboxItem:
        """Write an item durably (committed with ``synchronous=FULL`` on return).

        Idempotent on ``item_id``: enqueueing the same id again returns the
        stored item unchanged. ``patient_key`` (e.g. the card number) is kept
        only as a keyed tag, for :meth:`find_today`. ``ticket``: the item's
        label instead of a number from the kiosk's ticket block (a referral is
        no visit: it must not use up an offline ticket number).
        """
        if not item_id or len(item_id) > _ID_MAX:
            raise ValueError(f"an outbox id must be 1-{_ID_MAX} characters")
        now = self.clock()
        day = self.today().isoformat()
        with self.store.write() as db:
            existing = self._row(db, item_id)
            if existing is not None:
                return self.item_from_row(existing, with_payload=False)
            number = ticket if ticket else self.tickets.allocate(db, day)
            db.execute(
                "INSERT INTO outbox (id, kind, state, created_at, updated_at, sealed, public, "
                "patient_tag, day, kiosk_ticket, eligibility) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)",
                [item_id, kind, now, now, self.sealer.seal_json(payload, self._aad(item_id)),
                 json.dumps(public or {}, ensure_ascii=False),
                 self.sealer.tag(patient_key, day) if patient_key else None, day, number,
                 "pending" if eligibility_pending else "not-needed"])
            row = self._row(db, item_id)
        return self.item_from_row(row, with_payload=False)

    def mark_sending(self, item_id: str) -> None:
        """A send is about to start: from now on the outcome is in doubt until answered.

        ``sending → sending`` is allowed only to the sender that marked it
        (this object's :attr:`sender`): a second process must not send an item
        another is sending. The one that holds the queue's sender lock claims
        orphans (a crashed sender's items) with :meth:`claim_sending`.
        """
        with self.store.write() as db:
            row = db.execute("SELECT state, sender FROM outbox WHERE id = ?", [item_id]).fetchone()
            if row is None:
                raise UnknownItem(f"no queue item {item_id!r}")
            state, sender = row
            if state not in ("pending", "sending") or (state == "sending" and sender != self.sender):
                raise InvalidTransition(f"queue item {item_id!r} is {state}"
                                        + (" by another sender" if state == "sending" else ""))
            db.execute("UPDATE outbox SET state = 'sending', in_doubt = 1, attempts = attempts + 1, "
                       "sender = ?, updated_at = ? WHERE id = ?", [self.sender, self.clock(), item_id])

    def claim_sending(self) -> int:
        """Make every ``sending`` item this sender's (call only while holding the sender lock).

        Items left ``sending`` by a process that died mid-send are then
        reconciled and resent by this one. Returns how many were claimed.
        """
        with self.store.write() as db:
            return db.execute("UPDATE outbox SET sender = ? WHERE state = 'sending' AND "
                              "(sender IS NULL OR sender != ?)", [self.sender, self.sender]).rowcount

    def mark_delivered(self, item_id: str, receipt: Receipt, *, reconciled: bool = False) -> None:
        """The hospital has the registration (answered, or found when reconciling)."""
        self._update(item_id, ("pending", "sending"),
                     "state = 'delivered', in_doubt = 0, last_error = NULL, reason = NULL, "
                     "hospital_ref = ?, hospital_ticket = ?, receipt = ?, delivered_at = ?, reconciled = ?",
                     [receipt.reference, receipt.ticket, json.dumps(receipt.public, ensure_ascii=False),
                      self.clock(), int(reconciled)])

    def mark_retry(self, item_id: str, error: str, delay: float, *, in_doubt: bool,
                   count_attempt: bool = False, in_doubt_until: float | None = None) -> None:
        """A retryable failure: back to pending, next try after ``delay`` seconds.

        ``count_attempt`` adds one to ``attempts`` for a failure that did not
        go through :meth:`mark_sending` (a failed reconciliation).
        ``in_doubt_until``: a send just failed without an answer and the hospital
        may still be processing it until then (kept until a later send replaces it).
        """
        self._update(item_id, ("pending", "sending"),
                     "state = 'pending', last_error = ?, next_attempt_at = ?, in_doubt = ?, "
                     "attempts = attempts + ?, in_doubt_until = coalesce(?, in_doubt_until)",
                     [error[:500], self.clock() + max(0.0, delay), int(in_doubt), int(count_attempt),
                      in_doubt_until])

    def mark_attention(self, item_id: str, reason: str, *, sealed_note: str | None = None,
                       in_doubt: bool = False) -> None:
        """A non-retryable answer: park the item for staff with ``reason``.

        ``reason`` is stored in clear (staff lists, health): it must hold no personal
        data. ``sealed_note`` (e.g. the hospital's own sentence, which may name the
        patient) is sealed into the item's payload as ``refusal_text``, in the same
        transaction, so it is readable only with the key and erased by retention.
        ``in_doubt``: an earlier send's outcome is still unknown (the reconciling GET was
        refused), so a staff retry asks the hospital before sending again.
        """
        with self.store.write() as db:
            if sealed_note:
                row = self._row(db, item_id)
                if row is not None and row[_SEALED] is not None:
                    item = self.item_from_row(row, with_payload=True)
                    payload = {**(item.payload or {}), "refusal_text": sealed_note[:4000]}
                    db.execute("UPDATE outbox SET sealed = ? WHERE id = ?",
                               [self.sealer.seal_json(payload, self._aad(item_id)), item_id])
            self._update(item_id, ("pending", "sending"),
                         "state = 'needs-attention', in_doubt = ?, reason = ?, last_error = ?",
                         [int(in_doubt), reason[:500], reason[:500]])

    def retry(self, item_id: str) -> OutboxItem:
        """Staff: put a needs-attention item (or failed re-check) back in the queue now."""
        with self.store.write() as db:
            row = self._row(db, item_id)
            if row is None:
                raise UnknownItem(f"no queue item {item_id!r}")
            item = self.item_from_row(row, with_payload=False)
            if not item.needs_attention:
                raise InvalidTransition(f"queue item {item_id!r} is {item.state} and does not "
                                        "need attention")
            if item.state == "needs-attention":
                db.execute("UPDATE outbox SET state = 'pending', reason = NULL, attempts = 0, "
                           "next_attempt_at = 0, updated_at = ? WHERE id = ?", [self.clock(), item_id])
            if item.eligibility == "failed":
                db.execute("UPDATE outbox SET eligibility = 'pending', elig_reason = NULL, "
                           "updated_at = ? WHERE id = ?", [self.clock(), item_id])
            return self.item_from_row(self._row(db, item_id), with_payload=False)

    def issue_offline_ticket(self, item_id: str, amend: Callable[[dict], dict]) -> OutboxItem:
        """Hand the patient the kiosk number, unless the item was delivered meanwhile.

        In one transaction: when the item is still undelivered, its payload is
        replaced by ``amend(payload)`` (e.g. to tell the hospital the number
        printed) and ``ticket_shown`` becomes the kiosk number. Returns the
        item as it now stands: if it says ``delivered``, show the hospital's ticket.
        """
        with self.store.write() as db:
            row = self._row(db, item_id)
            if row is None:
                raise UnknownItem(f"no queue item {item_id!r}")
            item = self.item_from_row(row, with_payload=True)
            if item.state == "delivered" or item.payload is None:
                return item
            db.execute("UPDATE outbox SET sealed = ?, ticket_shown = ?, updated_at = ? WHERE id = ?",
                       [self.sealer.seal_json(amend(item.payload), self._aad(item_id)),
                        item.kiosk_ticket, self.clock(), item_id])
            return self.item_from_row(self._row(db, item_id), with_payload=False)

    def note_shown(self, item_id: str, number: str) -> None:
        """Record which ticket number the patient was given."""
        with self.store.write() as db:
            db.execute("UPDATE outbox SET ticket_shown = ?, updated_at = ? WHERE id = ?",
                       [number, self.clock(), item_id])

    # -- reading ---------------------------------------------------------------------------
    def get(self, item_id: str, *, with_payload: bool = False) -> OutboxItem:
        """The item ``item_id``; :class:`UnknownItem` if there is none."""
        with self.store.read() as db:
            row = self._row(db, item_id)
        if row is None:
            raise UnknownItem(f"no queue item {item_id!r}")
        return self.item_from_row(row, with_payload=with_payload)

    def head(self, *, with_payload: bool = True, kind: str | None = None) -> OutboxItem | None:
        """The next item to deliver (the oldest pending or sending one), payload loaded.

        ``kind``: the next item of that kind only (each kind is its own lane).
        """
        with self.store.read() as db:
            if kind is None:
                row = db.execute(f"SELECT {COLUMNS} FROM outbox INDEXED BY outbox_queue "
                                 "WHERE state IN ('pending', 'sending') ORDER BY seq LIMIT 1").fetchone()
            else:
                row = db.execute(f"SELECT {COLUMNS} FROM outbox INDEXED BY outbox_lane "
                                 "WHERE kind = ? AND state IN ('pending', 'sending') ORDER BY seq LIMIT 1",
                                 [kind]).fetchone()
        return None if row is None else self.item_from_row(row, with_payload=with_payload)

    def find_today(self, patient_key: str) -> OutboxItem | None:
        """Today's latest item for this patient (one ticket per patient per day)."""
        day = self.today().isoformat()
        with self.store.read() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM outbox WHERE patient_tag = ? AND day = ? "
                             "ORDER BY seq DESC LIMIT 1", [self.sealer.tag(patient_key, day), day]).fetchone()
        return None if row is None else self.item_from_row(row, with_payload=False)

    def find_ticket(self, number: str, day: str | None = None) -> OutboxItem | None:
        """The item that got kiosk ticket ``number`` on ``day`` (default today)."""
        day = day or self.today().isoformat()
        with self.store.read() as db:
            row = db.execute(f"SELECT {COLUMNS} FROM outbox WHERE kiosk_ticket = ? AND day = ? "
                             "ORDER BY seq DESC LIMIT 1", [number.strip().upper(), day]).fetchone()
        return None if row is None else self.item_from_row(row, with_payload=False)

    def latest(self, kind: str, *, since: float, public: dict | None = None) -> OutboxItem | None:
        """The newest item of ``kind`` created at or after ``since`` whose public labels
        include ``public`` (e.g. a repeated help request), or None."""
        sql = f"SELECT {COLUMNS} FROM outbox WHERE kind = ? AND created_at >= ?"
        args: list[Any] = [kind, since]
        for key, value in (public or {}).items():
            sql += " AND json_extract(public, ?) = ?"
            args += [f"$.{key}", value]
        with self.store.read() as db:
            row = db.execute(sql + " ORDER BY seq DESC LIMIT 1", args).fetchone()
        return None if row is None else self.item_from_row(row, with_payload=False)

    def items(self, *, states: tuple[str, ...] | None = None, attention: bool = False,
              limit: int = 100, with_payload: bool = False) -> list[OutboxItem]:
        """Items newest first, optionally only some states or those needing attention."""
        where, args = [], []
        if states:
            where.append(f"state IN ({', '.join('?' * len(states))})")
            args += list(states)
        if attention:
            where.append("(state = 'needs-attention' OR eligibility = 'failed')")
        sql = f"SELECT {COLUMNS} FROM outbox"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.store.read() as db:
            rows = db.execute(sql + " ORDER BY seq DESC LIMIT ?", args + [int(limit)]).fetchall()
        return [self.item_from_row(r, with_payload=with_payload) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many items are in each state, plus eligibility re-checks pending/failed."""
        out = dict.fromkeys(("pending", "sending", "delivered", "needs-attention"), 0)
        with self.store.read() as db:
            for state, n in db.execute("SELECT state, count(*) FROM outbox GROUP BY state"):
                out[state] = n
            for elig, n in db.execute("SELECT eligibility, count(*) FROM outbox "
                                      "WHERE eligibility IN ('pending', 'failed') GROUP BY eligibility"):
                out[f"eligibility-{elig}"] = n
        out.setdefault("eligibility-pending", 0)
        out.setdefault("eligibility-failed", 0)
        return out

    def backlog(self) -> dict:
        """What the kiosk still holds (for the heartbeat): undelivered ``depth``, the oldest
        undelivered item's ``oldest_created_at`` (None: none), and how many need staff
        (``attention``: refused items and failed re-checks)."""
        with self.store.read() as db:
            depth, oldest = db.execute("SELECT count(*), min(created_at) FROM outbox INDEXED BY outbox_queue "
                                       "WHERE state IN ('pending', 'sending')").fetchone()
            attention = db.execute("SELECT count(*) FROM outbox WHERE state = 'needs-attention' "
                                   "OR eligibility = 'failed'").fetchone()[0]
        return {"depth": int(depth or 0), "oldest_created_at": oldest, "attention": int(attention or 0)}

    def last_checkin(self) -> float | None:
        """When the last patient checked in here: the newest registration, or referral of a
        patient the kiosk sent to the counter (a help request or a system-made referral is none)."""
        with self.store.read() as db:
            row = db.execute("SELECT max(created_at) FROM outbox WHERE kind = 'registration' OR "
                             "(kind = 'referral' AND json_extract(public, '$.reason') NOT IN "
                             "('help', 'hospital-refused', 'recheck-failed'))").fetchone()
        return row[0] if row else None

    def last_delivery(self) -> float | None:
        """When the last item was delivered (for "last sync" in health views)."""
        with self.store.read() as db:
            row = db.execute("SELECT max(delivered_at) FROM outbox").fetchone()
        return row[0] if row else None

    # -- retention ---------------------------------------------------------------------------
    def purge(self, retention_seconds: float) -> int:
        """Erase the sealed personal data of items delivered more than ``retention_seconds`` ago.

        Items still needing a re-check or staff keep theirs. ``secure_delete``
        zeroes the freed bytes; the WAL is then checkpointed and truncated.
        """
        cutoff = self.clock() - retention_seconds
        with self.store.write() as db:
            n = db.execute(
                "UPDATE outbox SET sealed = NULL, purged_at = ? WHERE sealed IS NOT NULL "
                "AND state = 'delivered' AND eligibility IN ('not-needed', 'verified') "
                "AND delivered_at <= ?", [self.clock(), cutoff]).rowcount
        self.store.checkpoint()
        return n

    def purge_attention(self, retention_seconds: float) -> int:
        """Erase the sealed personal data of items that have needed staff for longer than
        ``retention_seconds`` (refused deliveries, failed re-checks), counted from their
        last change. The row stays (state, ticket, masked reason); a staff retry of a purged
        item can no longer be sent and says so."""
        cutoff = self.clock() - retention_seconds
        with self.store.write() as db:
            n = db.execute(
                "UPDATE outbox SET sealed = NULL, purged_at = ? WHERE sealed IS NOT NULL "
                "AND (state = 'needs-attention' OR eligibility = 'failed') "
                "AND state != 'sending' AND updated_at <= ?", [self.clock(), cutoff]).rowcount
        return n

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _aad(item_id: str) -> str:
        return f"outbox/{item_id}"

    @staticmethod
    def _row(db, item_id: str):
        return db.execute(f"SELECT {COLUMNS} FROM outbox WHERE id = ?", [item_id]).fetchone()

    def _update(self, item_id: str, allowed: tuple[str, ...], assignments: str,
                args: list[Any] | None = None) -> None:
        with self.store.write() as db:
            row = db.execute("SELECT state FROM outbox WHERE id = ?", [item_id]).fetchone()
            if row is None:
                raise UnknownItem(f"no queue item {item_id!r}")
            if row[0] not in allowed:
                raise InvalidTransition(f"queue item {item_id!r} is {row[0]}")
            db.execute(f"UPDATE outbox SET {assignments}, updated_at = ? WHERE id = ?",
                       list(args or []) + [self.clock(), item_id])

    def item_from_row(self, row, *, with_payload: bool) -> OutboxItem:
        """An :class:`OutboxItem` from a row selected with :data:`COLUMNS`."""
        return item_from_row(row, self.sealer.open_json if with_payload else None, self._aad)
