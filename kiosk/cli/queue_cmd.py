"""``kiosk queue``: the offline queue for reception staff and hospital IT.

``status`` (counts, oldest waiting item, last delivery, damaged copies),
``list`` (items newest first, personal data masked), ``retry ID`` (put an
item that needs attention back in the queue; ID is the client id or today's
kiosk ticket number such as K01-007) and ``purge`` (apply the retention rule
now). Every sub-command takes ``--json``. Only masked personal data is ever
printed: initials and the last four digits.
"""

from __future__ import annotations

import functools
import json
import time
from typing import Any

from kiosk.cli.exit_codes import ExitCode
from kiosk.config import Config
from kiosk.domain import mask_digits, mask_name
from kiosk.errors import InputError, QueueStorageError
from kiosk.services import KioskServices
from offline_cache import KeyUnavailable, KioskDatabase, OutboxItem, StoreError, UnknownItem

STATES = ("pending", "sending", "delivered", "needs-attention")


def register(sub) -> None:
    """Add the ``queue`` command group."""
    p = sub.add_parser("queue", help="offline queue: status, list, retry, purge")
    qsub = p.add_subparsers(dest="queue_command", metavar="SUBCOMMAND", required=True)
    s = qsub.add_parser("status", help="counts, oldest waiting item, last delivery")
    s.set_defaults(run=run_status)
    s = qsub.add_parser("list", help="queue items, newest first (personal data masked)")
    s.add_argument("--state", choices=STATES, help="only items in this state")
    s.add_argument("--attention", action="store_true", help="only items staff must look at")
    s.add_argument("--limit", type=int, default=50, help="at most this many items (default 50)")
    s.set_defaults(run=run_list)
    s = qsub.add_parser("retry", help="put an item that needs attention back in the queue")
    s.add_argument("id", metavar="ID", help="client id, or today's kiosk ticket number (K01-007)")
    s.set_defaults(run=run_retry)
    s = qsub.add_parser("purge", help="apply the retention bounds now and report what was erased")
    s.set_defaults(run=run_purge)
    s = qsub.add_parser("evidence", help="the failed insurance lookup of a pending check-in, for the insurer")
    s.add_argument("id", metavar="ITEM", help="client id, or today's kiosk ticket number (K01-007)")
    s.set_defaults(run=run_evidence)
    for parser in qsub.choices.values():
        parser.add_argument("--json", action="store_true", help="machine-readable output")


def _storage_errors(fn):
    """Storage errors met after opening (busy, sealed data unreadable) → exit 7, one sentence."""
    @functools.wraps(fn)
    def wrapper(args, config: Config) -> int:
        try:
            return fn(args, config)
        except StoreError as e:
            raise QueueStorageError(str(e)) from None
    return wrapper


def _masked_person(item: OutboxItem) -> dict:
    if item.payload is None:
        return {"name": "(purged)" if item.purged else "", "id": "", "card": ""}
    if item.kind == "referral":   # a referral's identity (none for a help request)
        who = (item.payload.get("referral") or {}).get("identity") or {}
        return {"name": mask_name(who.get("full_name")), "id": mask_digits(who.get("id_number")),
                "card": mask_digits(who.get("card_number"))}
    x = (item.payload.get("registration") or {}).get("xml0") or {}
    return {"name": mask_name(x.get("HO_TEN")), "id": mask_digits(x.get("SO_CCCD")),
            "card": mask_digits(x.get("MA_THE_BHYT"))}


def item_view(item: OutboxItem, now: float | None = None) -> dict:
    """One item as staff may see it: states, numbers, reasons, masked identity."""
    now = time.time() if now is None else now
    return {
        "id": item.id, "kind": item.kind, "kiosk_ticket": item.kiosk_ticket, "ticket_shown": item.ticket_shown,
        "hospital_ticket": item.hospital_ticket, "reassigned": item.reassigned,
        "state": item.state, "needs_attention": item.needs_attention, "attempts": item.attempts,
        "reason": item.reason, "last_error": item.last_error, "eligibility": item.eligibility,
        "eligibility_reason": item.elig_reason, "department": item.public.get("department"),
        "referral_reason": item.public.get("reason") if item.kind == "referral" else None,
        "age_seconds": round(now - item.created_at, 1), "reconciled": item.reconciled,
        "purged": item.purged, "patient": _masked_person(item)}


def _print(obj, args) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


@_storage_errors
def run_status(args, config: Config) -> int:
    """Counts, head of the queue and health facts; exit 7 when the database cannot be used."""
    services = KioskServices.open(config, start=False)
    kdb = services.staff_database()
    try:
        counts = kdb.outbox.counts()
        head = kdb.outbox.head(with_payload=False)
        last = kdb.outbox.last_delivery()
        status: dict[str, Any] = {
            "database": str(kdb.store.path), "counts": counts,
            "oldest_waiting": None if head is None else {
                "kiosk_ticket": head.kiosk_ticket, "attempts": head.attempts,
                "age_seconds": round(time.time() - head.created_at, 1), "last_error": head.last_error},
            "last_delivery_age_seconds": None if last is None else round(time.time() - last, 1),
            "damaged_copies": [str(p) for p in kdb.store.damaged_copies()],
        }
    finally:
        services.close()
    if args.json:
        _print(status, args)
    else:
        c = counts
        print(f"Queue {status['database']}")
        print(f"  pending {c['pending']}, sending {c['sending']}, delivered {c['delivered']}, "
              f"needs attention {c['needs-attention']}")
        print(f"  eligibility re-checks pending {c['eligibility-pending']}, failed {c['eligibility-failed']}")
        if head is not None:
            o = status["oldest_waiting"]
            print(f"  oldest waiting {o['kiosk_ticket']}: {o['attempts']} attempts, "
                  f"{o['age_seconds']:.0f} s old{'; ' + o['last_error'] if o['last_error'] else ''}")
        if last is not None:
            print(f"  last delivery {status['last_delivery_age_seconds']:.0f} s ago")
        for p in status["damaged_copies"]:
            print(f"  DAMAGED COPY kept for IT: {p}")
    return ExitCode.OK


@_storage_errors
def run_list(args, config: Config) -> int:
    """Items newest first; personal data masked."""
    if args.limit < 1:
        raise InputError("--limit must be at least 1.")
    services = KioskServices.open(config, start=False)
    kdb = services.staff_database()
    try:
        query = dict(states=(args.state,) if args.state else None, attention=args.attention,
                     limit=args.limit)
        try:
            items = kdb.outbox.items(**query, with_payload=True)
            locked = None
        except KeyUnavailable as e:  # states and numbers are still useful without the key
            items, locked = kdb.outbox.items(**query, with_payload=False), str(e)
        views = [item_view(i) for i in items]
        if locked:
            for v in views:
                v["patient"] = {"name": "(key unavailable)", "id": "", "card": ""}
    finally:
        services.close()
    if args.json:
        _print(views, args)
        return ExitCode.OK
    if not views:
        print("(no items)")
    for v in views:
        if v["ticket_shown"]:  # the patient was given the kiosk number
            number = v["ticket_shown"]
            if v["reassigned"]:
                number += f" → {v['hospital_ticket']} (REASSIGNED: patient holds {v['ticket_shown']})"
        else:  # the hospital answered in time (or nothing was handed out yet)
            number = v["hospital_ticket"] or f"({v['kiosk_ticket']})"
        person = " ".join(x for x in (v["patient"]["name"], v["patient"]["id"] or v["patient"]["card"]) if x)
        line = f"{number:<18} {v['state']:<16} elig {v['eligibility']:<10} {person:<24} {v['id']}"
        print(line)
        for why in (v["reason"], v["eligibility_reason"] if v["eligibility"] == "failed" else None):
            if why:
                print(f"{'':18} ↳ {why}")
    return ExitCode.OK


def _resolve(kdb: KioskDatabase, ident: str) -> str:
    try:
        return kdb.outbox.get(ident).id
    except UnknownItem:
        pass
    found = kdb.outbox.find_ticket(ident)
    if found is not None:
        return found.id
    raise InputError(f"No queue item has the id or today's ticket number {ident!r}.")


@_storage_errors
def run_retry(args, config: Config) -> int:
    """Put a needs-attention item (or a failed re-check) back in the queue."""
    services = KioskServices.open(config, start=False)
    kdb = services.staff_database()
    try:
        item_id = _resolve(kdb, args.id)
        try:
            item = kdb.outbox.retry(item_id)
        except StoreError as e:
            if e.code == "store_invalid_state":
                raise InputError(str(e)) from None
            raise
        view = item_view(item)
    finally:
        services.close()
    if args.json:
        _print(view, args)
    else:
        print(f"{view['kiosk_ticket']} is back in the queue ({view['state']}, eligibility "
              f"{view['eligibility']}); the kiosk delivers it at its next attempt.")
    return ExitCode.OK


@_storage_errors
def run_purge(args, config: Config) -> int:
    """Apply the retention bounds now (queue.retention_hours, attention_retention_hours,
    damaged_copy_retention_hours) and say what was erased."""
    from kiosk.offline.runtime import purge_queue
    services = KioskServices.open(config, start=False)
    kdb = services.staff_database()
    try:
        result = purge_queue(kdb, config)
    finally:
        services.close()
    q = config.queue
    if args.json:
        _print({**result, "retention_hours": q.retention_hours,
                "attention_retention_hours": q.attention_retention_hours,
                "damaged_copy_retention_hours": q.damaged_copy_retention_hours}, args)
    else:
        print(f"Erased the personal data of {result['purged_items']} delivered item(s) older than "
              f"{q.retention_hours:g} h, of {result['purged_attention_items']} item(s) needing staff "
              f"for more than {q.attention_retention_hours:g} h and of {result['purged_counter_outcomes']} "
              f"counter outcome(s); deleted {result['deleted_damaged_copies']} damaged database copy(ies) "
              f"older than {q.damaged_copy_retention_hours:g} h; dropped {result['dropped_eligibility']} "
              "old eligibility answer(s).")
    return ExitCode.OK


@_storage_errors
def run_evidence(args, config: Config) -> int:
    """Print the evidence a pending check-in keeps of the failed card lookup (Decree 188/2025 Art. 38 §2).

    The time, the kind of failure and the request (masked); with whether the
    card is still unverified, which is when the insurer needs it. Exit 2 when
    the item has no evidence (its lookup did not fail).
    """
    services = KioskServices.open(config, start=False)
    kdb = services.staff_database()
    try:
        try:
            item = kdb.outbox.get(_resolve(kdb, args.id), with_payload=True)
        except KeyUnavailable as e:
            raise QueueStorageError(f"The evidence is sealed and the queue key is unavailable ({e}).") from None
    finally:
        services.close()
    body = (item.payload or {}).get("registration") or {}
    evidence = body.get("gateway_evidence")
    if evidence is None:
        why = "its personal data was purged" if item.purged else "its insurance lookup did not fail"
        raise InputError(f"Queue item {item.kiosk_ticket} has no lookup-failure evidence ({why}).",
                         code="no_evidence")
    report = {"item": item.id, "kiosk_ticket": item.kiosk_ticket, "hospital_ticket": item.hospital_ticket,
              "facility": (body.get("xml0") or {}).get("MA_CSKCB"), "presented_as": body.get("presented_as"),
              "eligibility_now": item.eligibility, "still_unverified": item.eligibility != "verified",
              "evidence": evidence}
    if args.json:
        _print(report, args)
        return ExitCode.OK
    req = evidence.get("request") or {}
    print(f"Lookup failure of {item.kiosk_ticket} (facility {report['facility']}):")
    print(f"  at {evidence.get('at')}: {evidence.get('error')} — {evidence.get('detail', '')}")
    print(f"  request: card {req.get('card')}, name {req.get('name')}, born {req.get('birth_year')}, "
          f"presented as {req.get('presented_as')}")
    print(f"  eligibility now: {item.eligibility}" + ("  (still unverified: give this to the insurer)"
                                                       if report["still_unverified"] else ""))
    return ExitCode.OK
