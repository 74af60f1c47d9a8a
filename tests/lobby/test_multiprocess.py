"""The lobby end to end, across processes (issue 16 item 5).

The simulated hospital system (this process, on loopback) + three kiosks, each its own
processes and data folder: ``kiosk checkin`` runs (headless check-ins, different kiosk ids)
and a ``kiosk doctor --serve`` per kiosk for its heartbeat. Kiosk K03 loses the hospital
system for a while (its processes point at a closed port, its heartbeat stops), checks
patients in offline, then reconnects and delivers. Two reception desks, each a station's
composition root with no kiosk, read the lobby through the ``Lobby`` port
(kiosk/lobby/client.py: ``GET /lobby`` deltas merged with ``LobbyView.merge``, claims with
``If-Match``), and each also reads it through a ``kiosk lobby --json`` process. Desk Q1 is
also the Qt reception station (ui/station/, pytest-qt) on the same composition root: its
list shows every kiosk's rows and the claim is made by tapping it there.

Checked: both desks see every check-in and referral; a claim on one desk is refused on the
other with the holder's name; K03's items appear exactly once after it reconnects; the
fleet view (``GET /kiosks``) shows K03's offline period.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from devkit.kiosk_config import dev_kit_environ
from devkit.simulator.citizens import by_key
from kiosk.cli.exit_codes import ExitCode
from kiosk.lobby.model import ClaimConflict, KioskState, LobbyRow, LobbyView, RowKind, RowState
from kiosk.services import KioskServices
from tests.integration.checkin_support import ROOT, config_for, start_simulator
from tests.ui.helpers import tap

BEAT = 5   # seconds: the smallest heartbeat the config allows; a kiosk is offline after 3 missed beats


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]   # nothing listens once the socket closes


class Kiosk:
    """One kiosk installation: its id, data folder and config; processes started from it."""

    def __init__(self, kiosk_id: str, tmp_path, sim, offline_url: str) -> None:
        self.id = kiosk_id
        self.sim = sim
        self.offline_url = offline_url
        self.folder = tmp_path / kiosk_id
        self.folder.mkdir()
        self.config = self.folder / "kiosk.toml"
        self.config.write_text(f'[kiosk]\nid = "{kiosk_id}"\ndata_dir = "{self.folder / "data"}"\n'
                               f'[health]\nheartbeat_seconds = {BEAT}\nendpoint_port = 0\n'
                               # a refused connection counts as "maybe in flight" for as long as the
                               # hospital may process a send: keep that bound short for the test
                               '[hospital]\nconnect_timeout = 1\nread_timeout = 3\n'
                               '[queue]\nimmediate_wait_seconds = 2\nhospital_processing_seconds = 3\n'
                               'max_backoff_seconds = 5\n', encoding="utf-8")
        self.online = True
        self.beating: subprocess.Popen | None = None

    def env(self) -> dict:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        environ.update(dev_kit_environ(self.sim))
        if not self.online:
            environ["KIOSK_HOSPITAL_URL"] = self.offline_url
        return environ

    def checkin(self, citizen: str) -> dict:
        r = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(self.config), "checkin",
                            "--qr-text", by_key(citizen).qr_text(), "--json"],
                           capture_output=True, text=True, timeout=60, cwd=ROOT, env=self.env())
        assert "Traceback" not in r.stderr, r.stderr
        out = json.loads(r.stdout)
        assert r.returncode in (ExitCode.OK, ExitCode.PENDING, ExitCode.COUNTER), (r.returncode, r.stderr)
        return out

    def start_heartbeat(self) -> None:
        self.beating = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(self.config), "doctor",
                                         "--serve", "--port", "0"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=ROOT, env=self.env())

    def stop_heartbeat(self) -> None:
        if self.beating is not None and self.beating.poll() is None:
            self.beating.send_signal(signal.SIGTERM)
            try:
                self.beating.wait(10)
            except subprocess.TimeoutExpired:
                self.beating.kill()
                self.beating.wait(5)
        self.beating = None


class Desk:
    """A reception desk: a station's composition root on a PC with no kiosk, reading the lobby
    through the ``Lobby`` port (kiosk/lobby/client.py) and merging deltas as the station does."""

    def __init__(self, sim, desk_id: str, staff: str, printer_file) -> None:
        cfg = config_for(sim)
        cfg = dataclasses.replace(
            cfg, station=dataclasses.replace(cfg.station, desk_id=desk_id, staff_name=staff),
            printer=dataclasses.replace(cfg.printer, kind="file", target=str(printer_file)))
        self.services = KioskServices.open(cfg, offline_queue=False, start=False)
        self.lobby = self.services.lobby
        self.desk_id, self.staff, self.sim = desk_id, staff, sim
        self.view: LobbyView | None = None

    def refresh(self) -> dict[str, LobbyRow]:
        if self.view is None:
            self.view = self.lobby.view()
        else:
            self.view = self.view.merge(self.lobby.view(since=self.view.cursor))
        return {r.id: r for r in self.view.rows}

    def claim(self, row: LobbyRow) -> LobbyRow:
        return self.lobby.claim(row, self.desk_id, self.staff)

    def cli(self) -> dict:
        """``kiosk lobby --json`` in its own process, as IT (or a station PC) reads the lobby."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(dev_kit_environ(self.sim))
        r = subprocess.run([sys.executable, "-m", "kiosk", "lobby", "--json"], capture_output=True, text=True,
                           timeout=60, cwd=ROOT, env=env)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        return json.loads(r.stdout)

    def close(self) -> None:
        self.services.close()


def fleet(desk: Desk) -> dict[str, KioskState]:
    return {k.kiosk_id: k for k in desk.lobby.kiosks()}


def wait_for(what, predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)


@pytest.fixture
def sim():
    server = start_simulator()
    yield server
    server.stop()


@pytest.mark.slow
def test_three_kiosks_two_desks_one_offline_period(sim, tmp_path, qtbot):
    offline_url = f"http://127.0.0.1:{closed_port()}/his/v1"
    k1, k2, k3 = (Kiosk(k, tmp_path, sim, offline_url) for k in ("K01", "K02", "K03"))
    kiosks = (k1, k2, k3)
    desk1, desk2 = Desk(sim, "Q1", "Lan", tmp_path / "q1.bin"), Desk(sim, "Q2", "Minh", tmp_path / "q2.bin")
    station = None
    try:
        for k in kiosks:
            k.start_heartbeat()
        wait_for("three kiosks in the fleet view", lambda: {"K01", "K02", "K03"} <= set(fleet(desk1)), 30)
        first = k3.checkin("new-card-004")     # online: K03 has its department menu cached
        assert first["outcome"] == "ticket" and first["ticket"]["pending"] is False

        # K03 loses the hospital system: its heartbeat stops, its check-ins cannot reach it
        k3.stop_heartbeat()
        lost_at = time.time()
        k3.online = False
        with ThreadPoolExecutor(3) as pool:
            runs = {k.id: pool.submit(lambda k=k, cs=cs: [k.checkin(c) for c in cs])
                    for k, cs in ((k1, ("valid", "expired")), (k2, ("valid-female", "not-found")),
                                  (k3, ("elderly", "wrong-name")))}
            done = {kid: f.result() for kid, f in runs.items()}
        offline_ticket, offline_counter = done["K03"]
        assert offline_ticket["outcome"] == "ticket" and offline_ticket["ticket"]["pending"] is True
        assert offline_counter["outcome"] == "counter"

        # of K03, the desks see only what it delivered before it lost the line
        assert [r.id for r in desk1.refresh().values() if r.kiosk_id == "K03"] == [first["ticket"]["registration_id"]]
        desk2.refresh()

        # the fleet view sees K03 fall silent (3 missed beats)
        def silent():
            k = fleet(desk2)["K03"]
            return None if k.online else k
        gone = wait_for("K03 offline", silent, 3 * BEAT + 15)
        assert gone.offline_since is not None and fleet(desk2)["K01"].online

        # K03 comes back: heartbeat again, and its next check-in delivers what it held first
        k3.online = True
        k3.start_heartbeat()
        back = k3.checkin("five-years")
        assert back["outcome"] == "ticket" and back["ticket"]["pending"] is False
        wait_for("K03 online again", lambda: fleet(desk1)["K03"].online, 2 * BEAT + 10)

        registrations = {out["ticket"]["registration_id"] for outs in done.values() for out in outs
                         if out["ticket"]} | {back["ticket"]["registration_id"], first["ticket"]["registration_id"]}
        assert len(registrations) == 5
        rows2 = desk2.refresh()      # a delta on top of what desk 2 read before
        rows1 = desk1.refresh()
        for rows in (rows1, rows2):
            regs = {r.id for r in rows.values() if r.kind is RowKind.REGISTRATION}
            refs = [r for r in rows.values() if r.kind is RowKind.REFERRAL]
            assert regs == registrations
            assert sorted((r.kiosk_id, r.reason) for r in refs) == [
                ("K01", "expired"), ("K02", "not-found"), ("K03", "name-birth-mismatch")]
        # exactly once: K03's offline registration and referral, each one row
        k3_rows = [r for r in rows1.values() if r.kiosk_id == "K03"]
        assert sorted(r.kind.value for r in k3_rows) == ["referral", "registration", "registration", "registration"]
        assert offline_ticket["ticket"]["registration_id"] in {r.id for r in k3_rows}
        assert len(desk1.view.rows) == len(rows1) == 8 and desk1.view.needs_staff() == desk2.view.needs_staff() == 3
        # and the same from two `kiosk lobby --json` processes (IT's view, the station's port)
        for report in (desk1.cli(), desk2.cli()):
            assert {r["id"] for r in report["rows"]} == set(rows1) and report["needs_staff"] == 3
        # rows carry the masked patient only
        text = json.dumps([r.patient for r in rows1.values()], ensure_ascii=False)
        assert all(by_key(c).full_name not in text for c in ("valid", "expired", "wrong-name"))

        # desk 1's Qt station lists the same rows (every kiosk) and the same "needs staff" number
        from ui.app import build_station
        station = build_station(desk1.services, feed_wait=2.0)
        station.resize(1200, 700)
        station.show()
        qtbot.waitUntil(lambda: station.view is not None and len(station.view.rows) == 8, timeout=15000)
        assert {r.id for r in station.view.rows} == set(rows1)
        assert station.checkins.summary.text().startswith("Cần xử lý: 3")
        assert {station.checkins.model.cells(r)[1] for r in station.view.rows} == {"K01", "K02", "K03"}

        # a claim tapped on desk 1's station is refused on desk 2, which learns who holds it
        referral = next(r for r in rows1.values() if r.kind is RowKind.REFERRAL and r.kiosk_id == "K01")
        tab = station.checkins
        tab.select_id(referral.id)
        tap(qtbot, tab.buttons["claim"])
        tap(qtbot, tab.yes)
        qtbot.waitUntil(lambda: station.message.text().startswith("✔"), timeout=5000)
        mine = desk1.refresh()[referral.id]
        assert mine.state is RowState.CLAIMED and mine.claim.desk_id == "Q1"
        current = desk2.refresh()[referral.id]        # the claim shows on desk 2 at its next delta
        assert current.state is RowState.CLAIMED and current.claim.staff_name == "Lan"
        with pytest.raises(ClaimConflict) as refused:
            desk2.claim(current)
        assert refused.value.holder.desk_id == "Q1" and refused.value.holder.staff_name == "Lan"

        # the fleet view keeps K03's offline period, and the backlog it reported is gone
        def closed_period():
            k = fleet(desk1)["K03"]
            return k if any(end is not None for _, end in k.offline_periods) else None
        k = wait_for("K03's closed offline period", closed_period, 2 * BEAT + 5)
        start, end = next(p for p in k.offline_periods if p[1] is not None)
        # it began at K03's last beat before the loss and lasted at least three beats (times in whole seconds)
        assert lost_at - 2 * BEAT - 2 <= start <= lost_at + 1 and end - start >= 3 * BEAT
        wait_for("K03's queue empty", lambda: fleet(desk1)["K03"].queue_depth == 0, 2 * BEAT + 5)
        assert fleet(desk1)["K03"].last_checkin_at is not None
        k03 = next(k for k in desk2.cli()["kiosks"] if k["kiosk_id"] == "K03")
        assert k03["online"] and any(p["end"] for p in k03["offline_periods"])
    finally:
        if station is not None:
            station.close()          # stops its feed before its services close
            station.deleteLater()
            qtbot.wait(20)
        for k in kiosks:
            k.stop_heartbeat()
        desk1.close()
        desk2.close()
