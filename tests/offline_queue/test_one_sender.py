"""One outbox sender per queue file, across processes: a kiosk and a station on one data folder.

Two real processes open :class:`kiosk.services.KioskServices` on the same
folder and register patients at the same time; the simulator counts the
registration POSTs per Idempotency-Key. Exactly one process runs an
``outbox-sync`` thread; every item reaches the hospital exactly once; when
the delivering process exits, the other takes over.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.services import KioskServices
from tests.offline_queue.support import config_for

CHILD = Path(__file__).with_name("root_child.py")
KIOSK_PATIENTS = ("valid", "valid-female", "new-card-003", "child")
STATION_PATIENTS = ("elderly", "reduced", "new-card-004", "wrong-route")


class Child:
    """A child process speaking the line protocol of ``root_child.py``."""

    def __init__(self, role: str, data_dir: Path, url: str, env: dict | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD), role, str(data_dir), url],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                     env={**os.environ, **(env or {})})
        assert self.read() == f"ready {role}"

    def read(self) -> str:
        line = self.proc.stdout.readline()
        assert line, f"child exited early with {self.proc.wait(5)}"
        return line.strip()

    def ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.read()

    def send(self, line: str) -> None:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.ask("quit") == "closed"
            finally:
                self.proc.stdin.close()
                self.proc.wait(20)


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def sim(fresh_simulator):
    return fresh_simulator


def test_kiosk_and_station_on_one_folder_run_one_sender_and_post_each_item_once(sim, tmp_path):
    data = tmp_path / "shared-data"
    KioskServices.open(config_for(sim, data), start=False).close()  # key and schema made once, up front
    kiosk = Child("kiosk", data, sim.url)
    station = Child("station", data, sim.url)
    try:
        # interleaved, so both processes enqueue while the other's items are in flight
        for k, s in zip(KIOSK_PATIENTS, STATION_PATIENTS, strict=False):
            kiosk.send(f"register {k}")
            station.send(f"register {s}")
        ids = [kiosk.read().split()[1] for _ in KIOSK_PATIENTS] + \
              [station.read().split()[1] for _ in STATION_PATIENTS]
        _wait_for(lambda: all(i in sim.hospital_state.posts() for i in ids))
        time.sleep(1.5)  # long enough for a second sender, if there were one, to send again
        threads = [int(c.ask("threads").split()[1]) for c in (kiosk, station)]
        assert threads == [1, 0]  # the first to open delivers; the station only reads and writes
        posts = sim.hospital_state.posts()
        assert {i: posts.get(i) for i in ids} == dict.fromkeys(ids, 1)

        # the delivering process exits: the station takes over within its standby poll
        kiosk.close()
        _wait_for(lambda: station.ask("threads") == "threads 1")
        late = station.ask("register ministry-defence").split()[1]
        _wait_for(lambda: late in sim.hospital_state.posts())
        assert sim.hospital_state.posts()[late] == 1
    finally:
        kiosk.close()
        station.close()


def test_the_standby_process_sends_no_rechecks_only_the_sender_does(sim, tmp_path):
    """Two processes on one folder; only the standby's gateway client reaches the simulator.

    The sender's client points at a closed loopback port, so every lookup the
    simulator counts came from the standby: there must be none until the
    sender exits and the standby takes over, and then its re-checks arrive.
    """
    data = tmp_path / "shared-data"
    KioskServices.open(config_for(sim, data), start=False).close()
    with socket.socket() as s:   # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    # (login pauses are shared through the data folder: keep them short so the takeover is quick)
    fast = {"recheck_min_delay_seconds": 1.0, "login_retry_seconds": 5.0}
    kiosk = Child("kiosk", data, sim.url, {"GATEWAY_SETTINGS": json.dumps({**fast, "url": dead})})  # sends
    station = Child("station", data, sim.url, {"GATEWAY_SETTINGS": json.dumps(fast)})             # stands by
    gateway = sim.gateway_state
    try:
        ids = [station.ask(f"register {k}").split()[1] for k in STATION_PATIENTS]   # eligibility pending
        _wait_for(lambda: all(i in sim.hospital_state.posts() for i in ids))
        time.sleep(3.5)   # over three re-check delays: a standby that re-checked would have asked by now
        assert station.ask("threads") == "threads 0"
        assert [kind for kind, _t in gateway.requests] == []
        # the sender exits: the standby takes over, and its re-checks now reach the simulator
        kiosk.close()
        _wait_for(lambda: station.ask("threads") == "threads 1")
        _wait_for(lambda: [kind for kind, _t in gateway.requests].count("lookup") >= 1)
    finally:
        kiosk.close()
        station.close()


def test_an_outbox_sender_cannot_send_an_item_another_sender_is_sending(tmp_path):
    from offline_cache import InvalidTransition, KioskDatabase
    first = KioskDatabase.open(tmp_path, "K01")
    second = KioskDatabase.open(tmp_path, "K01")
    try:
        first.outbox.enqueue("item-1", {"x": 1})
        first.outbox.mark_sending("item-1")
        with pytest.raises(InvalidTransition):
            second.outbox.mark_sending("item-1")
        first.outbox.mark_sending("item-1")  # its own sender may try again (after reconciling)
        assert second.outbox.claim_sending() == 1  # the lock holder adopts a dead sender's item
        second.outbox.mark_sending("item-1")
        with pytest.raises(InvalidTransition):
            first.outbox.mark_sending("item-1")
    finally:
        first.close()
        second.close()


def test_a_second_open_in_one_process_stands_by(fresh_simulator, tmp_path):
    cfg = config_for(fresh_simulator, tmp_path / "data")
    with KioskServices.open(cfg) as one, KioskServices.open(cfg) as two:
        assert one.delivering and not two.delivering
        assert two.queue.status()["worker_standing_by"]
