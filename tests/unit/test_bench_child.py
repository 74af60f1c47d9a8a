"""The benchmarks' child runner reads a child's own peak memory, not the one it inherits."""

from __future__ import annotations

import sys

import pytest

from benchmarks.child import run_child, self_peak_rss_mb

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_a_small_child_of_a_big_process_is_reported_small():
    ballast = bytearray(200_000_000)  # this process: > 200 MB; ru_maxrss of a child would say so too
    ballast[::4096] = b"\1" * len(ballast[::4096])
    assert self_peak_rss_mb() > 200
    run = run_child([sys.executable, "-c", "pass"])
    assert run.returncode == 0 and run.peak_rss_mb is not None
    assert run.peak_rss_mb < 60
    del ballast


def test_a_child_that_grows_is_reported_at_its_peak():
    run = run_child([sys.executable, "-c", ("b = bytearray(120_000_000); b[::4096] = b'1' * len(b[::4096]); "
                     "print('grown', flush=True)")], markers=("grown",))
    assert 120 < run.peak_rss_mb < 200
    assert run.line_s["grown"] <= run.wall_s and run.cpu_s > 0
