"""Simulator start/stop: what every test module that starts one pays.

``SimulatorServer.stop()`` wakes its serving loop instead of waiting for the
stdlib's 0.5 s shutdown poll. Peer in the same process: the stdlib's own
``ThreadingHTTPServer.serve_forever`` + ``shutdown()`` on the same handler.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from benchmarks.stats import summary_ms
from devkit.simulator.app import build_simulator

RUNS = 10


def _ours() -> list[float]:
    times = []
    for _ in range(RUNS):
        server = build_simulator("127.0.0.1", 0).start()
        started = time.perf_counter()
        server.stop()
        times.append(time.perf_counter() - started)
    return times


def _stdlib() -> list[float]:
    times = []
    for _ in range(RUNS):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        time.sleep(0.01)   # let it enter its poll, as a test's simulator has
        started = time.perf_counter()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    """Print stop() medians/p95 for the simulator and the stdlib peer."""
    ours, peer = _ours(), _stdlib()
    print(f"simulator stop():            {summary_ms(ours)}")
    print(f"stdlib serve_forever stop(): {summary_ms(peer)}")
    print(f"ratio (ours / stdlib median): {sorted(ours)[RUNS // 2] / sorted(peer)[RUNS // 2]:.4f}")


if __name__ == "__main__":
    main()
