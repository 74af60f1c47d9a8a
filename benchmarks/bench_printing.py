"""Ticket printing: time from "print" to the last byte written, on a loopback TCP printer.

Split into render (Pillow drawing + threshold), send (connect, status queries,
raster, cut) and the whole ``render + TicketPrinter.print``; target under
200 ms end to end. Peers in the same process: the 58 mm ticket (384 dots),
and a printer that never answers the status query (each job then waits the
status bound once).
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime

from benchmarks.stats import percentile, summary_ms
from devkit.simulator.printer import LoopbackPrinter
from kiosk.config import PrinterSettings
from kiosk.printing import TicketPrinter, TicketView, render_ticket

RUNS = 40
TARGET_MS = 200.0


def _view(i: int) -> TicketView:
    return TicketView("Bệnh viện Đa khoa Mẫu", f"A-{i:04d}", "Khoa Tai Mũi Họng", "208",
                      datetime(2026, 11, 25, 7, 45), f"3f2c9a1e-7b4d-4f7a-9c11-{i:012d}",
                      eligibility_pending=i % 2 == 0)


def _measure(width: int, mode: str, status_timeout: float = 0.5, runs: int = RUNS):
    render_s, send_s, total_s, sizes = [], [], [], []
    with LoopbackPrinter(mode) as lp:
        printer = TicketPrinter(PrinterSettings(kind="network", target=lp.target, width_px=width,
                                                status_timeout=status_timeout))
        render_ticket(_view(0), width)  # warm the font cache, as a running kiosk has
        for i in range(runs):
            t0 = time.perf_counter()
            img = render_ticket(_view(i), width)
            t1 = time.perf_counter()
            result = printer.print(img)   # returns once the last byte is written and the socket closed
            t2 = time.perf_counter()
            render_s.append(t1 - t0)
            send_s.append(t2 - t1)
            total_s.append(t2 - t0)
            sizes.append(result.bytes_sent)
    return render_s, send_s, total_s, sizes


def main() -> None:
    """Print medians and p95 of render, send and total; ratios against the peers."""
    base = _measure(512, "ok")
    print(f"80 mm ticket (512 dots), printer answers status, {statistics.median(base[3]) / 1000:.1f} kB/job")
    for name, values in zip(("render", "send", "total"), base[:3], strict=False):
        print(f"  {name:<6} {summary_ms(values)}")
    p95_total = percentile([s * 1000 for s in base[2]], 95)
    verdict = "meets" if p95_total < TARGET_MS else "MISSES"
    print(f"  p95 total {p95_total:.1f} ms {verdict} the {TARGET_MS:.0f} ms target")

    narrow = _measure(384, "ok")
    print("58 mm ticket (384 dots)")
    print(f"  total  {summary_ms(narrow[2])}")
    print(f"  ratio total 80 mm / 58 mm: {statistics.median(base[2]) / statistics.median(narrow[2]):.2f}")

    silent = _measure(512, "silent", status_timeout=0.1, runs=10)
    print("printer without status support (status bound 0.1 s)")
    print(f"  send   {summary_ms(silent[1])}")
    print(f"  ratio send silent / answering: {statistics.median(silent[1]) / statistics.median(base[1]):.1f}")


if __name__ == "__main__":
    main()
