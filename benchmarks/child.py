"""Run a benchmark's child process and read its figures from the child itself.

Peak memory is the child's own ``VmHWM`` (``/proc/<pid>/status``), polled
while it runs: ``ru_maxrss`` of a child (``wait4``, ``RUSAGE_CHILDREN``, or
the child's own ``RUSAGE_SELF``) starts from the high-water mark of the
benchmark process it was forked from and survives ``exec``, so a 500 MB
benchmark reports a 120 MB kiosk as 500 MB. ``VmHWM`` belongs to the memory
of the program after ``exec``; it only ever grows, so polling misses at most
what the child adds in its last poll interval before exiting.
Times are taken in this process: spawn → a line on the child's stdout, and
spawn → exit; and the child's CPU time (user + system, from ``wait4``: unlike
its max RSS, CPU time starts from zero in a new process), which a loaded
machine disturbs far less than wall time.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field

POLL_S = 0.005


@dataclass
class ChildRun:
    """What one child did: exit code, output, times from spawn (s) and its own peak RSS (MB)."""

    returncode: int
    stdout: str
    stderr: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float | None          # None where /proc is not there (not Linux)
    line_s: dict[str, float] = field(default_factory=dict)  # marker → spawn to the first line holding it
    # marker → the child's VmHWM (MB) at the first poll after that line: its peak up to then (+ ≤ one poll)
    rss_at_line_mb: dict[str, float] = field(default_factory=dict)


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_child(cmd: list[str], *, env: dict | None = None, cwd=None, timeout: float = 120,
              markers: tuple[str, ...] = ()) -> ChildRun:
    """Run ``cmd`` to completion; time it, note when each marker appears on stdout, poll its VmHWM."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    out_lines: list[str] = []
    err: list[str] = []
    seen: dict[str, float] = {}

    def read_out() -> None:
        for line in proc.stdout:
            now = time.perf_counter() - t0
            out_lines.append(line)
            for m in markers:
                if m in line and m not in seen:
                    seen[m] = now

    readers = [threading.Thread(target=read_out, daemon=True),
               threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)]
    for t in readers:
        t.start()
    peak_kb: int | None = None
    at_line: dict[str, float] = {}
    deadline = t0 + timeout
    while True:
        kb = _vm_hwm_kb(proc.pid)
        if kb is not None:
            peak_kb = max(peak_kb or 0, kb)
            for m in list(seen):
                at_line.setdefault(m, kb / 1024)
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            raise TimeoutError(f"{cmd[0]} did not finish in {timeout} s")
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        time.sleep(POLL_S)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join(10)
    return ChildRun(proc.returncode, "".join(out_lines), "".join(err), wall,
                    usage.ru_utime + usage.ru_stime, None if peak_kb is None else peak_kb / 1024, seen, at_line)


def self_peak_rss_mb() -> float | None:
    """This process's own peak RSS (VmHWM), for benchmarks that report their own memory."""
    kb = _vm_hwm_kb(os.getpid())
    return None if kb is None else kb / 1024
