"""Small statistics helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary_ms(seconds: list[float]) -> str:
    """``median 1.23 ms, p95 2.34 ms, n=50`` for a list of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    return f"median {statistics.median(ms):.2f} ms, p95 {percentile(ms, 95):.2f} ms, n={len(ms)}"
