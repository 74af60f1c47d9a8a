"""The benefit rules' cost: loading the data files once, and one decision per check-in.

The decision is compared, in the same process and interleaved call by call,
with its natural peer: turning the gateway's answer into an eligibility
result (``kiosk.gateway.eligibility.evaluate``), which every check-in already
pays. Target: the decision costs the same order as that (ratio ≤ 2x), and loading
all four files stays well under the kiosk's start-up budget (≤ 50 ms).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from benchmarks.stats import percentile, summary_ms
from kiosk.config import load_config
from kiosk.gateway.eligibility import Asked, evaluate
from kiosk.rules import load_benefit_rules, parse_referral

ROUNDS = 3000
WARMUP = 300
ON = date(2026, 7, 1)


def main() -> None:
    """Print load time and per-decision medians / p95, and the ratio to ``evaluate``."""
    config = load_config(environ={})
    loads = []
    for _ in range(30):
        t0 = time.perf_counter()
        rules = load_benefit_rules(config)
        loads.append(time.perf_counter() - t0)
    print(f"load 4 rules files: {summary_ms(loads)}")
    body = {"maKetQua": "000", "ghiChu": "Thẻ còn giá trị sử dụng!", "maThe": "HC3791700000017",
            "hoTen": "Lâm Thị Kiều", "ngaySinh": "19/08/1987", "gioiTinh": "Nữ", "maDKBD": "79020",
            "gtTheTu": "01/01/2026", "gtTheDen": "31/12/2026", "ngayDu5Nam": "01/01/2027"}
    asked = Asked("079187007002", "Lam Thi Kieu", "19/08/1987")
    slip = parse_referral("CV-1/2026:79020:22/06/2026")
    ours, peer = [], []
    for i in range(WARMUP + ROUNDS):
        t0 = time.perf_counter()
        evaluate(body, asked, config.facility, ON)
        t1 = time.perf_counter()
        rules.decide(card_number="HC3791700000017", registered_facility="79020", on=ON, referral=slip)
        t2 = time.perf_counter()
        if i >= WARMUP:
            peer.append(t1 - t0)
            ours.append(t2 - t1)
    ratio = statistics.median(ours) / statistics.median(peer)
    print(f"decide (referral, working days): median {statistics.median(ours) * 1e6:.1f} µs, "
          f"p95 {percentile(ours, 95) * 1e6:.1f} µs")
    print(f"evaluate (peer):                 median {statistics.median(peer) * 1e6:.1f} µs, "
          f"p95 {percentile(peer, 95) * 1e6:.1f} µs")
    print(f"ratio decide / evaluate: {ratio:.2f}x (target ≤ 2x)")


if __name__ == "__main__":
    main()
