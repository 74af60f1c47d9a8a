"""The reception station's figures on the lobby (offscreen, in-process simulator over loopback).

* Kiosk delivery → shown at a desk: a referral is posted (as a kiosk's outbox
  does) while the station's long-poll waits; time until the station's view
  holds it (issue 16: within 2 s). Peer in the same process: the bare
  ``HospitalLobby.view(since=…, wait=…)`` long-poll seeing the same delivery.
* Showing a view of ROWS rows after one row changed (model reset, proxy sort,
  selection put back by id; unchanged rows keep their formatted texts):
  ``LobbyTab.show_view``; peer: ``LobbyView.merge`` of the same rows (the
  Qt-free part). A long-poll that brought nothing re-renders nothing.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.stats import summary_ms

RUNS = 15
ROWS = 500


def _refer(config, kiosk: str) -> str:
    from tests.ui.lobby_sim import kiosk_refers
    return kiosk_refers(config, "expired", kiosk)


def _wait(app, condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("timed out")
        app.processEvents()
        time.sleep(0.001)


def main() -> None:
    """Print the figures."""
    import tempfile

    from devkit.kiosk_config import dev_kit_config
    from devkit.simulator.app import build_simulator, hospital_url
    from kiosk.lobby.client import HospitalLobby
    from kiosk.lobby.model import LobbyView
    from kiosk.services import KioskServices
    from ui.app import build_station, qt_application

    app = qt_application()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory() as tmp:
        cfg = dev_kit_config(server)
        cfg = dataclasses.replace(cfg, kiosk=dataclasses.replace(cfg.kiosk, data_dir=tmp),
                                  hospital=dataclasses.replace(cfg.hospital, url=hospital_url(server)))
        # peer: the bare client's long-poll
        bare = HospitalLobby(cfg.hospital)
        bare_times = []
        for i in range(RUNS):
            cursor = bare.view().cursor
            seen = {}

            def poll(cursor=cursor, seen=seen):
                view = bare.view(since=cursor, wait=20)
                seen["at"] = time.perf_counter()
                seen["rows"] = view.rows
            reader = threading.Thread(target=poll)
            reader.start()
            time.sleep(0.2)
            sent = time.perf_counter()
            _refer(cfg, f"B{i % 10}")
            reader.join(25)
            bare_times.append(seen["at"] - sent)
        bare.close()
        with KioskServices.open(cfg, offline_queue=False, start=False) as services:
            station = build_station(services, feed_wait=20.0)
            station.show()
            _wait(app, lambda: station.view is not None)
            shown = []
            for i in range(RUNS):
                time.sleep(0.2)
                sent = time.perf_counter()
                row_id = _refer(cfg, f"K{i % 10}")
                _wait(app, lambda row_id=row_id: station.view.row(row_id) is not None)
                shown.append(time.perf_counter() - sent)
            for i in range(ROWS - 2 * RUNS):
                _refer(cfg, f"K{i % 20:02d}")
            _wait(app, lambda: len(station.view.rows) >= ROWS, timeout=60)
            view = station.view
            empty = LobbyView((), view.cursor, view.fetched_at)
            # two views that differ in one row (a claim elsewhere), shown in turn: every show re-renders
            changed = view.merge(LobbyView((dataclasses.replace(view.rows[0], etag="bench"),), view.cursor,
                                           view.fetched_at))
            merges, renders = [], []
            station.checkins.select_id(view.rows[ROWS // 2].id)
            for i in range(RUNS):
                t0 = time.perf_counter()
                empty.merge(view)
                merges.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                station.checkins.show_view(changed if i % 2 else view)
                renders.append(time.perf_counter() - t0)
            station.close()
    print(f"delivery → shown at a desk (long-poll, Qt signal, table): {summary_ms(shown)}")
    print(f"  peer, bare client long-poll:                          {summary_ms(bare_times)}")
    print(f"  ratio of medians: {statistics.median(shown) / statistics.median(bare_times):.2f}x; "
          f"worst {max(shown):.3f} s (target < 2 s)")
    print(f"show_view of {len(view.rows)} rows:                  {summary_ms(renders)}")
    print(f"  peer, LobbyView.merge of the same rows:           {summary_ms(merges)}")
    print(f"  ratio of medians: {statistics.median(renders) / statistics.median(merges):.1f}x")


if __name__ == "__main__":
    main()
