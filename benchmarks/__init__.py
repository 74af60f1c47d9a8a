"""Performance harness: ``make bench`` (``python -m benchmarks``) prints every figure.

Each ``benchmarks/bench_*.py`` module has ``main() -> None`` that prints its
figures (medians, p95, ratios against a peer run in the same process). Figures
are reported, never asserted: these machines are noisy.
"""
