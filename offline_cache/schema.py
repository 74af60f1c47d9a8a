"""The database schema, as registered migrations (applied in order, once).

Add a new ``@MIGRATIONS()`` function for every change; never edit one that has
shipped. Each is plain SQL (AUTOINCREMENT, CHECK constraints, partial indexes).
"""

from __future__ import annotations

from offline_cache.sqlite_db import Database, Migrations

MIGRATIONS = Migrations("offline_cache")

OUTBOX_STATES = ("pending", "sending", "delivered", "needs-attention")
ELIGIBILITY_STATES = ("not-needed", "pending", "verified", "failed")


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Meta, outbox, ticket counter, departments and eligibility caches."""
    db.execute("""
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value ANY
        )""")
    db.execute(f"""
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- delivery order; never reused
            id TEXT NOT NULL UNIQUE,                -- the client id = Idempotency-Key
            kind TEXT NOT NULL DEFAULT 'registration',
            state TEXT NOT NULL CHECK (state IN {OUTBOX_STATES!r}),
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            in_doubt INTEGER NOT NULL DEFAULT 0,    -- a send may have reached the hospital
            last_error TEXT,
            reason TEXT,                            -- why it needs attention (staff)
            sealed BLOB,                            -- AES-GCM(payload), NULL once purged
            public TEXT NOT NULL DEFAULT '{{}}',    -- non-personal labels (JSON)
            patient_tag TEXT,                       -- HMAC(card number, day): same-day lookups
            day TEXT NOT NULL,
            kiosk_ticket TEXT NOT NULL,
            ticket_shown TEXT,                      -- the number the patient was given
            hospital_ref TEXT,
            hospital_ticket TEXT,
            receipt TEXT,                           -- non-personal part of the answer (JSON)
            delivered_at REAL,
            reconciled INTEGER NOT NULL DEFAULT 0,  -- delivery learnt by asking the hospital
            eligibility TEXT NOT NULL DEFAULT 'not-needed'
                CHECK (eligibility IN {ELIGIBILITY_STATES!r}),
            elig_attempts INTEGER NOT NULL DEFAULT 0,
            elig_reason TEXT,
            elig_checked_at REAL,
            purged_at REAL
        )""")
    # Partial indexes keep "the next item" an O(log n) lookup however long the backlog.
    db.execute("CREATE INDEX outbox_queue ON outbox(seq) WHERE state IN ('pending', 'sending')")
    db.execute("CREATE INDEX outbox_rechecks ON outbox(seq) WHERE eligibility = 'pending'")
    db.execute("CREATE INDEX outbox_state ON outbox(state)")
    db.execute("CREATE INDEX outbox_patient ON outbox(patient_tag)")
    db.execute("CREATE INDEX outbox_delivered ON outbox(delivered_at) WHERE sealed IS NOT NULL")
    db.execute("""
        CREATE TABLE ticket_counter (
            day TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        )""")
    db.execute("""
        CREATE TABLE departments (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            fetched_at REAL NOT NULL,
            data TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE eligibility_cache (
            tag TEXT PRIMARY KEY,                   -- HMAC(card number, day)
            day TEXT NOT NULL,
            stored_at REAL NOT NULL,
            sealed BLOB NOT NULL
        )""")
    db.execute("CREATE INDEX eligibility_cache_day ON eligibility_cache(day)")


@MIGRATIONS()
def m002_ticket_lookup(db: Database) -> None:
    """Staff name items by their kiosk ticket number (``kiosk queue retry K01-007``)."""
    db.execute("CREATE INDEX outbox_ticket ON outbox(day, kiosk_ticket)")


@MIGRATIONS()
def m003_counter_outcomes(db: Database) -> None:
    """Patients the kiosk sent to the counter: masked labels in clear, the identity sealed."""
    db.execute("""
        CREATE TABLE counter_outcomes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,                -- the check-in's client id
            day TEXT NOT NULL,
            created_at REAL NOT NULL,
            public TEXT NOT NULL DEFAULT '{}',      -- masked id, status word, gateway code (JSON)
            sealed BLOB,                            -- AES-GCM(identity + gateway answer), NULL once purged
            resolved_by TEXT,                       -- the client id of the staff override registration
            resolved_at REAL,
            purged_at REAL
        )""")
    db.execute("CREATE INDEX counter_outcomes_day ON counter_outcomes(day, seq)")


@MIGRATIONS()
def m004_outbox_sender(db: Database) -> None:
    """The token of the process that marked an item ``sending`` (one sender per queue file)."""
    db.execute("ALTER TABLE outbox ADD COLUMN sender TEXT")


@MIGRATIONS()
def m005_outbox_in_doubt_until(db: Database) -> None:
    """Until when a send whose answer was lost may still be processed by the hospital: before
    then the courier only asks (GET), it never sends again."""
    db.execute("ALTER TABLE outbox ADD COLUMN in_doubt_until REAL")


@MIGRATIONS()
def m006_outbox_lanes(db: Database) -> None:
    """Items of each kind leave in their own order (registrations, referrals): "the next item
    of this kind" stays an O(log n) lookup however many items of the other kind wait."""
    db.execute("CREATE INDEX outbox_lane ON outbox(kind, seq) WHERE state IN ('pending', 'sending')")
