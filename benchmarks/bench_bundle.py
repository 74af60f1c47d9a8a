"""The frozen build's figures: bundle and .deb size, and start to idle screen.

Reuses ``build/dist/vn-checkin-kiosk`` when it is newer than every source file
(``make package`` or the package test made it), else builds it with
PyInstaller first (a minute or two).
Cold start is timed by the binary itself (``kiosk run --smoke-test`` prints the
time from process start to the idle screen, offscreen), next to the same
command from the development venv in the same run as the peer.
"""

from __future__ import annotations

import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "build" / "dist" / "vn-checkin-kiosk"
RUNS = 5


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def _smoke(cmd: list[str]) -> float:
    with tempfile.TemporaryDirectory() as data:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=data)
        out = subprocess.run(cmd + ["run", "--windowed", "--smoke-test"], capture_output=True, text=True,
                             env=env, timeout=120)
    m = re.search(r"idle screen shown ([0-9.]+) s", out.stdout)
    if not m:
        raise RuntimeError(f"no idle screen from {cmd[0]}: {out.stderr.strip()[-300:]}")
    return float(m.group(1))


def main() -> None:
    """Print the sizes and cold-start figures."""
    exe = BUNDLE / "kiosk"
    newest_source = max(f.stat().st_mtime for pkg in ("kiosk", "readers", "ui", "offline_cache")
                        for f in (ROOT / pkg).rglob("*.py"))
    if not exe.exists() or exe.stat().st_mtime < newest_source:
        print("building the bundle (PyInstaller)…", flush=True)
        subprocess.run([sys.executable, "-m", "ui.i18n.build"], check=True, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", "build/dist", "--workpath", "build/pyi",
                        "packaging/pyinstaller/kiosk.spec"], check=True, cwd=ROOT)
    print(f"one-directory bundle: {_size_mb(BUNDLE):.0f} MB  (target < 150 MB)")
    internal = BUNDLE / "_internal"
    biggest = sorted(((_size_mb(p) if p.is_dir() else p.stat().st_size / 1e6, p.name)
                      for p in internal.iterdir()), reverse=True)[:5]
    print("  largest parts: " + ", ".join(f"{name} {mb:.0f} MB" for mb, name in biggest))
    debs = sorted(glob.glob(str(ROOT / "dist" / "*.deb")))
    if debs:
        print(f".deb: {Path(debs[-1]).stat().st_size / 1e6:.0f} MB ({Path(debs[-1]).name})")
    frozen = [_smoke([str(BUNDLE / "kiosk")]) for _ in range(RUNS)]
    venv = [_smoke([sys.executable, "-m", "kiosk"]) for _ in range(RUNS)]
    print(f"frozen binary, start to idle screen: median {statistics.median(frozen):.2f} s, "
          f"max {max(frozen):.2f} s, n={RUNS}  (target < 1.5 s)")
    print(f"venv (peer, same run):              median {statistics.median(venv):.2f} s; "
          f"ratio frozen/venv {statistics.median(frozen) / statistics.median(venv):.2f}")
