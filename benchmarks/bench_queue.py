"""Offline queue: enqueue latency at full durability, drain rate, 100k backlog, peer ratio.

Figures (all in one process, temp folders, real fsyncs):

- enqueue latency with ``synchronous=FULL`` + WAL: sealing the registration
  (AES-GCM), allocating the kiosk ticket number and committing, median/p95/p99;
- drain rate against the local simulator: courier steps (mark sending, POST
  with Idempotency-Key, mark delivered) per second;
- enqueue latency with 100,000 items already waiting (must stay flat; the
  backlog is built in one transaction) and the head lookup at that size;
- the referral lane at that size: the next referral behind 100,000 registrations
  (``head(kind="referral")``, partial index ``outbox_lane``) against the same
  lookup through the single-lane index (what it would cost without ``m006``);
- the peer: persist-queue's ``SQLiteAckQueue`` doing the same enqueue and
  get+ack work with WAL and ``synchronous=FULL`` set on its connection, and
  the ratio ours/peer.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from benchmarks.stats import percentile
from kiosk.config import HospitalSettings
from kiosk.hospital.client import HospitalClient
from kiosk.offline.links import HospitalLink
from offline_cache import Courier, KioskDatabase, Receipt, Step

N = 300
BACKLOG = 100_000


def _registration_payload(n: int) -> tuple[str, dict]:
    from datetime import datetime

    from devkit.simulator.citizens import CITIZENS
    from kiosk.checkin.flow import pending_result
    from kiosk.checkin.identify import identity_from_qr
    from kiosk.hospital.registration import build_registration

    c = CITIZENS[n % len(CITIZENS)]
    identity = identity_from_qr(c.qr_text())
    now = datetime.now()
    reg = build_registration(client_id=str(uuid.uuid4()), identity=identity,
                             eligibility=pending_result(identity, "bench", now), pending=True,
                             department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                             arrived_at=now)
    return reg.client_id, {"registration": reg.to_wire()}


def _ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"median {statistics.median(ms):.3f} ms, p95 {percentile(ms, 95):.3f} ms, "
            f"p99 {percentile(ms, 99):.3f} ms, n={len(ms)}")


def _enqueue_times(kdb: KioskDatabase, n: int) -> list[float]:
    payloads = [_registration_payload(i) for i in range(n)]
    times = []
    for item_id, payload in payloads:
        t = time.perf_counter()
        kdb.outbox.enqueue(item_id, payload, public={"department": "KNOI"})
        times.append(time.perf_counter() - t)
    return times


def _ack_times(kdb: KioskDatabase) -> list[float]:
    """Our "ack": the courier's bookkeeping around a delivery that always succeeds."""
    courier = Courier(kdb.outbox, lambda item: Receipt("H", "NOI-001"), lambda item: None)
    times = []
    while True:
        t = time.perf_counter()
        if courier.step(force=True) == Step.IDLE:
            break
        times.append(time.perf_counter() - t)
    return times


def _bulk_fill(kdb: KioskDatabase, rows: int) -> None:
    """``rows`` pending items in one transaction (each sealed for its own row id)."""
    now = time.time()
    day = date.today().isoformat()
    sealer = kdb.sealer
    _, payload = _registration_payload(0)
    with kdb.store.write() as db:
        db.conn.executemany(
            "INSERT INTO outbox (id, state, created_at, updated_at, sealed, public, day, kiosk_ticket) "
            "VALUES (?, 'pending', ?, ?, ?, '{}', ?, ?)",
            ((i, now, now, sealer.seal_json(payload, f"outbox/{i}"), day, f"BULK-{n}")
             for n, i in ((n, f"bulk-{n:06d}") for n in range(rows))))


def _peer(folder: Path, n: int) -> tuple[list[float], list[float], str]:
    from persistqueue import SQLiteAckQueue

    q = SQLiteAckQueue(str(folder), auto_commit=True, multithreading=False)
    conn = q._putter  # persist-queue sets WAL itself; make the durability match ours
    conn.execute("PRAGMA synchronous=FULL")
    mode = (f"journal={conn.execute('PRAGMA journal_mode').fetchone()[0]}, "
            f"synchronous={conn.execute('PRAGMA synchronous').fetchone()[0]}")
    payloads = [_registration_payload(i)[1] for i in range(n)]
    puts, acks = [], []
    for p in payloads:
        t = time.perf_counter()
        q.put(p)
        puts.append(time.perf_counter() - t)
    for _ in range(n):
        t = time.perf_counter()
        item = q.get(block=False)
        q.ack(item)
        acks.append(time.perf_counter() - t)
    q.close()
    return puts, acks, mode


def _drain_rate(folder: Path, n: int) -> tuple[float, int]:
    from devkit.simulator.app import build_simulator, hospital_url

    server = build_simulator("127.0.0.1", 0).start()
    try:
        kdb = KioskDatabase.open(folder, "K01", prefer_keyring=False)
        for i in range(n):
            item_id, payload = _registration_payload(i)
            kdb.outbox.enqueue(item_id, payload)
        from devkit.kiosk_config import DEV_KIT_API_KEY
        link = HospitalLink(HospitalClient(HospitalSettings(url=hospital_url(server), api_key=DEV_KIT_API_KEY)))
        courier = Courier(kdb.outbox, link.deliver, link.reconcile)
        t = time.perf_counter()
        delivered = 0
        while courier.step(force=True) != Step.IDLE:
            delivered += 1
        elapsed = time.perf_counter() - t
        kdb.close()
        return delivered / elapsed, delivered
    finally:
        server.stop()


def main() -> None:
    """Print the queue figures."""
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        tmp = Path(tmp)
        kdb = KioskDatabase.open(tmp / "ours", "K01", prefer_keyring=False)
        with kdb.store.read() as db:
            sync = db.execute("PRAGMA synchronous").fetchone()[0]
            jm = db.execute("PRAGMA journal_mode").fetchone()[0]
        _enqueue_times(kdb, 20)  # warm-up
        _ack_times(kdb)
        enq = _enqueue_times(kdb, N)
        acks = _ack_times(kdb)
        print(f"ours (journal={jm}, synchronous={sync}, AES-GCM sealed):")
        print(f"  enqueue          {_ms(enq)}")
        print(f"  deliver bookkeeping (sending+delivered) {_ms(acks)}")

        puts, peer_acks, mode = _peer(tmp / "peer", N)
        print(f"persist-queue SQLiteAckQueue ({mode}, pickled, not encrypted):")
        print(f"  put              {_ms(puts)}")
        print(f"  get+ack          {_ms(peer_acks)}")
        print(f"ratio ours/peer: enqueue {statistics.median(enq) / statistics.median(puts):.2f}, "
              f"ack {statistics.median(acks) / statistics.median(peer_acks):.2f} (medians)")

        t = time.perf_counter()
        _bulk_fill(kdb, BACKLOG)
        fill = time.perf_counter() - t
        big = _enqueue_times(kdb, N)
        heads = []
        for _ in range(50):
            t = time.perf_counter()
            kdb.outbox.head()
            heads.append(time.perf_counter() - t)
        print(f"with {BACKLOG:,} items queued (built in {fill:.1f} s, one transaction):")
        print(f"  enqueue          {_ms(big)}")
        print(f"  head lookup      {_ms(heads)}")
        kdb.outbox.enqueue(str(uuid.uuid4()), {"referral": {}}, kind="referral", ticket="K01-Q001")
        lanes = {"referral": [], "registration": [], "single-lane index": []}
        for _ in range(50):
            for kind in ("referral", "registration"):
                t = time.perf_counter()
                assert kdb.outbox.head(kind=kind, with_payload=False).kind == kind
                lanes[kind].append(time.perf_counter() - t)
            t = time.perf_counter()
            with kdb.store.read() as db:   # the referral lookup without the lane index (scans the backlog)
                db.execute("SELECT id FROM outbox INDEXED BY outbox_queue WHERE kind = 'referral' "
                           "AND state IN ('pending', 'sending') ORDER BY seq LIMIT 1").fetchone()
            lanes["single-lane index"].append(time.perf_counter() - t)
        print(f"  lane head: referral behind {BACKLOG:,} registrations {_ms(lanes['referral'])}")
        print(f"  lane head: registration {_ms(lanes['registration'])}")
        ratio = statistics.median(lanes["referral"]) / statistics.median(lanes["single-lane index"])
        print(f"  the referral lookup through the single-lane index {_ms(lanes['single-lane index'])}; "
              f"ratio lane/single-lane {ratio:.3f}")
        print(f"  flatness: median enqueue at {BACKLOG:,} / empty = "
              f"{statistics.median(big) / statistics.median(enq):.2f}")
        size = sum(os.path.getsize(p) for p in (tmp / "ours").glob("queue.db*"))
        print(f"  database size {size / 1e6:.1f} MB")
        kdb.close()

        rate, n = _drain_rate(tmp / "drain", N)
        print(f"drain against the local simulator: {rate:.0f} items/s over {n} items "
              "(sealed payload opened, POST with Idempotency-Key, two durable commits each)")


if __name__ == "__main__":
    main()
