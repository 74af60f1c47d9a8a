"""Crash-test worker: a zygote that forks children which enqueue and sync until killed.

Run as ``python crash_child.py DATA_DIR HOSPITAL_URL OUT_DIR``. It imports
everything once, then obeys stdin lines: ``fork N`` forks child N and prints
its pid; ``reap PID`` waits for it and prints ``reaped``; ``quit`` exits.
The zygote is single-threaded and holds no database connection, so forking
is safe. Each child appends ``enq ID`` before and ``ack ID`` after each
committed enqueue to OUT_DIR/child-N.txt with unbuffered writes (a line
written before SIGKILL survives it).
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from kiosk.checkin.flow import pending_result
from kiosk.config import HospitalSettings
from kiosk.domain import Identity, IdentitySource, Sex
from kiosk.hospital.client import HospitalClient
from kiosk.hospital.registration import build_registration
from kiosk.offline.links import HospitalLink
from offline_cache import Backoff, Courier, KioskDatabase, SyncWorker


def new_registration(rng: random.Random):
    """A registration of a fresh synthetic person (so the hospital never merges two)."""
    client_id = str(uuid.uuid4())
    id_number = f"079{rng.choice('01')}{rng.randint(50, 99)}{rng.randint(0, 999999):06d}"
    identity = Identity(card_number=id_number, full_name="Nguyễn Văn Thử", birth="14/03/1988",
                        source=IdentitySource.QR_ID_CARD, id_number=id_number, sex=Sex.MALE)
    now = datetime.now()
    return build_registration(client_id=client_id, identity=identity,
                              eligibility=pending_result(identity, "down", now), pending=True,
                              department="KNOI", priority=False, kiosk_id="K01", facility_code="79014",
                              arrived_at=now)


def child(n: int, data_dir: str, hospital_url: str, out_dir: str) -> None:
    """Enqueue and sync in a loop until killed."""
    fd = os.open(os.path.join(out_dir, f"child-{n}.txt"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    rng = random.Random(os.urandom(16))
    kdb = KioskDatabase.open(data_dir, "K01", prefer_keyring=False)
    api_key = os.environ["KIOSK_HOSPITAL_API_KEY"]  # the dev kit's, inherited from the test process
    link = HospitalLink(HospitalClient(HospitalSettings(url=hospital_url, api_key=api_key,
                                                        connect_timeout=1.0, read_timeout=1.0)))
    courier = Courier(kdb.outbox, link.deliver, link.reconcile, backoff=Backoff(cap=0.05, base=0.01))
    worker = SyncWorker(courier, idle_poll=0.05).start()
    for _ in range(10_000):  # bounded; a child is always killed long before
        reg = new_registration(rng)
        os.write(fd, f"enq {reg.client_id}\n".encode())
        kdb.outbox.enqueue(reg.client_id, {"registration": reg.to_wire()})
        os.write(fd, f"ack {reg.client_id}\n".encode())
        worker.kick()
        time.sleep(rng.uniform(0.002, 0.01))  # patients arrive; the worker gets to deliver
    os._exit(0)


def main(argv: list[str]) -> int:
    data_dir, hospital_url, out_dir = argv
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "fork":
            pid = os.fork()
            if pid == 0:
                devnull = os.open(os.devnull, os.O_RDWR)
                for stream_fd in (0, 1):
                    os.dup2(devnull, stream_fd)
                try:
                    child(int(arg), data_dir, hospital_url, out_dir)
                finally:
                    os._exit(3)
            print(pid, flush=True)
        elif cmd == "reap":
            os.waitpid(int(arg), 0)
            print("reaped", flush=True)
        elif cmd == "quit":
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
