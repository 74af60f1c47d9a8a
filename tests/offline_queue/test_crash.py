"""Crash test: children enqueue and sync against the simulator and are SIGKILLed at random.

Afterwards every enqueue a child acknowledged (it printed ``ack`` after the
commit) is at the hospital system exactly once, nothing else is, and the
database passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devkit.kiosk_config import DEV_KIT_API_KEY
from devkit.simulator.hospital import BASE
from kiosk.config import HospitalSettings
from kiosk.hospital.client import HospitalClient
from kiosk.offline.links import HospitalLink
from offline_cache import Courier, KioskDatabase, Step
from tests.offline_queue.support import start_simulator

KILLS = int(os.environ.get("CRASH_KILLS", "200"))
CHILD = Path(__file__).with_name("crash_child.py")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash test forks children (POSIX)")
def test_no_acknowledged_checkin_is_lost_or_duplicated_under_sigkill(tmp_path):
    sim = start_simulator()
    data_dir, out_dir = tmp_path / "data", tmp_path / "out"
    out_dir.mkdir()
    hospital_url = sim.url + BASE
    zygote = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), hospital_url, str(out_dir)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=str(Path(__file__).parents[2]))
    rng = random.Random(20261125)
    kills = 0
    started = time.monotonic()
    try:
        for n in range(KILLS):
            zygote.stdin.write(f"fork {n}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            # early kills land in open/migrations/integrity check, later ones mid-enqueue or mid-send
            time.sleep(rng.choice([0.0, 0.003, 0.01]) if n % 4 == 0 else rng.uniform(0.02, 0.15))
            os.kill(pid, signal.SIGKILL)
            kills += 1
            zygote.stdin.write(f"reap {pid}\n")
            zygote.stdin.flush()
            assert zygote.stdout.readline().strip() == "reaped"
        zygote.stdin.write("quit\n")
        zygote.stdin.flush()
        zygote.wait(timeout=10)
    finally:
        if zygote.poll() is None:
            zygote.kill()
            zygote.wait()

    acked, enqueued = [], set()
    for f in sorted(out_dir.glob("child-*.txt")):
        for line in f.read_text().splitlines():
            kind, _, item_id = line.partition(" ")
            if kind == "ack":
                acked.append(item_id)
            elif kind == "enq":
                enqueued.add(item_id)
    assert kills >= min(200, KILLS)
    assert len(acked) > KILLS, "children should have acknowledged plenty of enqueues"

    print(f"kills done in {time.monotonic() - started:.1f} s, {len(acked)} acked")
    # a last, clean run drains what the killed children left behind
    kdb = KioskDatabase.open(data_dir, "K01", prefer_keyring=False)
    assert kdb.store.integrity() == "ok"
    link = HospitalLink(HospitalClient(HospitalSettings(url=hospital_url, api_key=DEV_KIT_API_KEY)))
    courier = Courier(kdb.outbox, link.deliver, link.reconcile)
    kdb.outbox.claim_sending()   # as a starting sender does: adopt what the killed children left sending
    for _ in range(len(enqueued) + 10):
        if courier.step(force=True) == Step.IDLE:
            break
    print(f"drained in {time.monotonic() - started:.1f} s")
    items = kdb.outbox.items(limit=100_000)
    assert {i.state for i in items} == {"delivered"}
    stored = {i.id for i in items}
    print(f"{len(acked)} acknowledged, {len(stored)} stored, "
          f"{sum(i.reconciled for i in items)} found by reconciling after a kill or lost answer")
    assert set(acked) <= stored                 # nothing acknowledged was lost
    assert stored <= enqueued                   # nothing appeared from nowhere
    hospital = sim.hospital_state
    for item_id in acked:
        assert hospital.answer_for(item_id) is not None
    # exactly once: one visit per stored item, no visit the kiosk did not enqueue
    assert hospital.count() == len(stored)
    assert all(hospital.answer_for(i) is not None for i in stored)
    assert kdb.store.integrity() == "ok"
    kdb.close()
    sim.stop()
