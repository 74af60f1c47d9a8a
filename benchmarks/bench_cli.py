"""Start-up of the ``kiosk`` command, as whole processes, against a bare interpreter.

Each round spawns, one after the other: the peer ``python -c pass`` (the same
interpreter as the venv's ``kiosk`` script), ``kiosk --help``, ``kiosk config
--json`` and ``kiosk checkin --qr-text … --json`` against a simulator served
from this process on loopback (the hospital's day cleared between rounds so
every check-in really registers; one data folder, so the data-at-rest key
exists after the warm-up round as on a kiosk). Times are spawn → exit, taken
here; the ratio is command median / peer median, in this run. Each child's
CPU time (user + system) is given too, with its own ratio: on a shared,
loaded machine wall time swings with the load, CPU time much less.
Targets: ``--help`` ≤ 6x, ``checkin --json`` ≤ 8x the bare interpreter.
Peak RSS is each child's own VmHWM (see :mod:`benchmarks.child`).
When valgrind is installed, the peer and the check-in are also run once each
under callgrind: their instruction counts, and that ratio, do not move with the
machine's load (wall and CPU times on a shared 2-core machine do).
The project's own packages are byte-compiled first, as an installed kiosk
has them (the frozen bundle carries bytecode): with PYTHONDONTWRITEBYTECODE
set and an editable install, every child would otherwise compile ~90 of our
source files again (~70 ms of CPU), a cost no kiosk pays.
"""

from __future__ import annotations

import compileall
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.child import run_child
from benchmarks.stats import percentile
from devkit.kiosk_config import dev_kit_environ
from devkit.simulator.app import build_simulator
from devkit.simulator.citizens import by_key

ROUNDS = int(os.environ.get("BENCH_CLI_ROUNDS", "12"))
WARMUP = 1
ROOT = Path(__file__).resolve().parents[1]


def kiosk_cmd() -> list[str]:
    """The venv's ``kiosk`` console script when installed (what an operator types), else ``python -m kiosk``."""
    script = Path(sys.executable).with_name("kiosk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


def _row(name: str, times: list[float], cpu: list[float], rss: list[float],
         peer: tuple[float, float] | None, target: str = "") -> str:
    med, med_cpu = statistics.median(times), statistics.median(cpu)
    ratio = f" = {med / peer[0]:.1f}x the peer" if peer else ""
    cpu_ratio = f" = {med_cpu / peer[1]:.1f}x" if peer else ""
    peak = f"; peak RSS {max(rss):.0f} MB" if rss else ""
    return (f"{name}: median {med * 1000:.0f} ms{ratio}{target}, p95 {percentile(times, 95) * 1000:.0f} ms, "
            f"n={len(times)}; CPU median {med_cpu * 1000:.0f} ms{cpu_ratio}{peak}")


def instructions(cmd: list[str], env: dict, cwd: Path) -> tuple[int, str]:
    """Instructions the process ``cmd`` executes, counted by valgrind's callgrind (and its stdout)."""
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd], env=env,
                         cwd=cwd, capture_output=True, text=True, timeout=600)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        raise RuntimeError(f"{cmd[0]} under valgrind exited {run.returncode}: {run.stderr.strip()[-300:]}")
    return int(found.group(1).replace(",", "")), run.stdout


def main() -> None:
    """Print the start-up times and ratios."""
    kiosk = kiosk_cmd()
    for package in ("kiosk", "offline_cache", "readers", "devkit"):   # __pycache__ is git-ignored
        compileall.compile_dir(ROOT / package, quiet=1)
    qr = by_key("valid").qr_text()
    with build_simulator("127.0.0.1", 0) as server, tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        # the product holds no demo secret: the dev kit's account and officer, as the demo gives them
        env.update(dev_kit_environ(server), KIOSK_DATA_DIR=data)
        cases = {
            "python -c pass (peer)": [sys.executable, "-c", "pass"],
            "kiosk --help": kiosk + ["--help"],
            "kiosk config --json": kiosk + ["config", "--json"],
            "kiosk checkin --qr-text … --json": kiosk + ["checkin", "--qr-text", qr, "--json"],
        }
        times: dict[str, list[float]] = {k: [] for k in cases}
        cpu: dict[str, list[float]] = {k: [] for k in cases}
        rss: dict[str, list[float]] = {k: [] for k in cases}
        for i in range(WARMUP + ROUNDS):
            for name, cmd in cases.items():
                server.hospital_state.clear()
                run = run_child(cmd, env=env, cwd=ROOT)
                if run.returncode != 0:
                    raise RuntimeError(f"{name} exited {run.returncode}: {run.stderr.strip()[-300:]}")
                if "checkin" in name and json.loads(run.stdout)["outcome"] != "ticket":
                    raise RuntimeError(f"{name} did not end with a ticket: {run.stdout[:300]}")
                if i >= WARMUP:
                    times[name].append(run.wall_s)
                    cpu[name].append(run.cpu_s)
                    if run.peak_rss_mb is not None:
                        rss[name].append(run.peak_rss_mb)
        counted = None
        if shutil.which("valgrind"):   # a figure that does not swing with the load
            server.hospital_state.clear()
            checkin, out = instructions(cases["kiosk checkin --qr-text … --json"], env, ROOT)
            if json.loads(out)["outcome"] != "ticket":
                raise RuntimeError(f"the counted check-in did not end with a ticket: {out[:300]}")
            counted = (instructions(cases["python -c pass (peer)"], env, ROOT)[0], checkin)
    names = list(cases)
    peer = (statistics.median(times[names[0]]), statistics.median(cpu[names[0]]))
    targets = ["", "  (target ≤ 6x)", "", "  (target ≤ 8x)"]
    print(f"spawn → exit, whole processes, interleaved in one run (load average {os.getloadavg()[0]:.1f}):")
    for i, (name, target) in enumerate(zip(names, targets, strict=False)):
        print("  " + _row(name, times[name], cpu[name], rss[name], peer if i else None, target))
    if counted:
        print(f"instructions (valgrind callgrind, one run each): kiosk checkin --json {counted[1] / 1e6:.0f} M "
              f"vs python -c pass {counted[0] / 1e6:.0f} M = {counted[1] / counted[0]:.2f}x  (target ≤ 8x)")
    else:
        print("instructions: not counted (valgrind is not installed)")


if __name__ == "__main__":
    main()
