"""The frozen build's figures: the bundle's size by part, the .deb, start to idle screen, peak memory.

Reuses ``build/dist/vn-checkin-kiosk`` when it is newer than every source file
(``make package`` or the package test made it), else builds it with
PyInstaller first (minutes). Sizes are of the files on disk (unpacked), in MB
(10^6 bytes), each file counted in exactly one part (:func:`part_of`).
The .deb is the newest ``dist/*.deb`` when it is newer than the bundle
(``make package``); else it is reported as not built.
Cold start: the frozen ``kiosk run --windowed --smoke-test`` (offscreen),
spawn → its "idle screen shown" line, against the same command from the
development venv in the same run as the peer; peak RSS is each child's own
VmHWM (see :mod:`benchmarks.child`).

    python -m benchmarks.bench_bundle DIR…         the parts of other bundles, unpacked
    python -m benchmarks.bench_bundle --xz [DIR…]  the parts unpacked and with xz -9e, as the .deb packs them
"""

from __future__ import annotations

import glob
import os
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from benchmarks.bench_cli import kiosk_cmd
from benchmarks.child import run_child
from benchmarks.stats import summary_ms

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "build" / "dist" / "vn-checkin-kiosk"
RUNS = 5
IDLE_LINE = "idle screen shown"
OURS = ("kiosk", "readers", "ui", "offline_cache")
# (part, test on the file's path from the bundle's folder, "/kiosk" or "/_internal/…"), first match wins
PARTS = (
    ("ICU (Qt's Unicode/locale data and libraries)", lambda p: "/libicu" in p),
    ("OpenBLAS (numpy's; the bundle's own OpenCV links none)",
     lambda p: "openblas" in p or "/libgfortran" in p or "/libquadmath" in p),
    ("Qt Multimedia (the voice's QAudioSink; its FFmpeg backend and Qt's FFmpeg)",
     lambda p: "Multimedia" in p or "/plugins/multimedia/" in p or "/Qt/lib/libav" in p or "/Qt/lib/libsw" in p
     or "FFmpegStub" in p),
    ("PySide6 / Qt (the rest)", lambda p: "/PySide6/" in p or "/shiboken6/" in p or "/libQt6" in p),
    ("OpenCV (cv2 and its libraries, FFmpeg codecs included)",
     lambda p: "/cv2/" in p or "/opencv_python" in p),
    ("face model files + dlib", lambda p: "/face_recognition_models/" in p or "dlib" in p),
    ("voice prompts (WAV)", lambda p: "/_internal/prompts/" in p),
    ("numpy", lambda p: "/numpy/" in p or "/numpy.libs/" in p),
    ("Python runtime (libpython, stdlib extensions, base_library.zip)",
     lambda p: "/libpython" in p or "/python3." in p or p.endswith("/base_library.zip")),
    ("cryptography + OpenSSL", lambda p: "/cryptography" in p or "/libcrypto" in p or "/libssl" in p),
    ("Pillow", lambda p: "/PIL/" in p or "/pillow.libs/" in p),
    ("ours (executable with the PYZ of all Python code, our data files)",
     lambda p: p == "/kiosk" or any(f"/_internal/{o}/" in p for o in OURS)),
    ("system libraries (Debian's: X11/xcb, GLib, libstdc++, PulseAudio client …)",
     lambda p: p.startswith("/_internal/lib") and p.count("/") == 2),
)


def part_of(path: str) -> str:
    """The part a bundle file belongs to (``path`` from the bundle's folder; ``other`` for small packages)."""
    for name, test in PARTS:
        if test(path):
            return name
    return "other (small packages: yaml, zxing-cpp, pyscard, keyring …)"


def parts(bundle: Path) -> dict[str, float]:
    """MB per part of ``bundle`` and ``total``."""
    sizes: dict[str, float] = defaultdict(float)
    for f in bundle.rglob("*"):
        if f.is_file() and not f.is_symlink():
            mb = f.stat().st_size / 1e6
            sizes[part_of("/" + f.relative_to(bundle).as_posix())] += mb
            sizes["total"] += mb
    return dict(sizes)


def compressed_parts(bundle: Path) -> dict[str, tuple[float, float]]:
    """MB per part of ``bundle``, unpacked and compressed as the .deb compresses it (xz -9e), each part's files
    as one stream in path order (so a part's small files share a dictionary, as in the .deb's one tar
    stream); ``total`` is the sum. Minutes of one core for the whole bundle."""
    import lzma
    files: dict[str, list[Path]] = defaultdict(list)
    for f in sorted(bundle.rglob("*")):
        if f.is_file() and not f.is_symlink():
            files[part_of("/" + f.relative_to(bundle).as_posix())].append(f)
    sizes: dict[str, tuple[float, float]] = {}
    for name, group in files.items():
        packer = lzma.LZMACompressor(preset=9 | lzma.PRESET_EXTREME)
        raw = packed = 0
        for f in group:
            data = f.read_bytes()
            raw += len(data)
            packed += len(packer.compress(data))
        packed += len(packer.flush())
        sizes[name] = (raw / 1e6, packed / 1e6)
    sizes["total"] = (sum(r for r, _ in sizes.values()), sum(c for _, c in sizes.values()))
    return sizes


def print_compressed_parts(bundle: Path) -> None:
    """Print :func:`compressed_parts`, largest compressed first."""
    sizes = compressed_parts(bundle)
    raw, packed = sizes.pop("total")
    print(f"{bundle}: {raw:.1f} MB unpacked, {packed:.1f} MB with xz -9e by part (the .deb's data is one stream)")
    for name, (r, c) in sorted(sizes.items(), key=lambda kv: -kv[1][1]):
        print(f"  {c:6.2f} MB xz  {r:6.1f} MB  {name}")


def _build_if_stale() -> None:
    exe = BUNDLE / "kiosk"
    sources = [f for pkg in OURS for f in (ROOT / pkg).rglob("*.py")]
    sources += [ROOT / "packaging" / "pyinstaller" / "kiosk.spec", *(ROOT / "packaging" / "pyinstaller").glob("*.py")]
    if not exe.exists() or exe.stat().st_mtime < max(f.stat().st_mtime for f in sources):
        print("building the bundle (PyInstaller)…", flush=True)
        subprocess.run([sys.executable, "-m", "ui.i18n.build"], check=True, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", "build/dist", "--workpath", "build/pyi",
                        "packaging/pyinstaller/kiosk.spec"], check=True, cwd=ROOT)


def print_parts(bundle: Path, label: str = "one-directory bundle") -> None:
    """Print the parts of ``bundle``, largest first, and the total."""
    sizes = parts(bundle)
    total = sizes.pop("total")
    print(f"{label}: {total:.0f} MB unpacked  (target < 300 MB)")
    for name, mb in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {mb:6.1f} MB  {name}")


def main() -> None:
    """Print the sizes and cold-start figures."""
    _build_if_stale()
    print_parts(BUNDLE)
    debs = sorted(glob.glob(str(ROOT / "dist" / "*.deb")), key=os.path.getmtime)
    if debs and os.path.getmtime(debs[-1]) >= (BUNDLE / "kiosk").stat().st_mtime:
        print(f".deb: {Path(debs[-1]).stat().st_size / 1e6:.0f} MB ({Path(debs[-1]).name})  (target < 90 MB)")
    else:
        print(".deb: not built from this bundle (make package; REUSE_BUNDLE=1 reuses the bundle)")
    frozen, venv, frozen_rss, venv_rss = [], [], [], []
    # A set-up kiosk (an unprovisioned one stops at "please call IT"): fresh secrets the simulator accepts.
    from devkit.kiosk_config import ReadySecrets, ready_simulator, write_ready_config
    ready = ReadySecrets.fresh()
    with tempfile.TemporaryDirectory() as data, ready_simulator(ready) as sim:
        config_path, _ = write_ready_config(Path(data) / "kiosk.toml", sim, ready)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(Path(data) / "data"))
        run = ["--config", str(config_path), "run", "--windowed", "--smoke-test"]
        for i in range(RUNS + 1):  # round 0 warms the data folder and the disk cache
            f = run_child([str(BUNDLE / "kiosk"), *run], env=env, markers=(IDLE_LINE,))
            v = run_child(kiosk_cmd() + run, env=env, markers=(IDLE_LINE,))
            if IDLE_LINE not in f.line_s or IDLE_LINE not in v.line_s:
                raise RuntimeError(f"no idle screen: {f.stderr.strip()[-300:]} {v.stderr.strip()[-300:]}")
            if i:
                frozen.append(f.line_s[IDLE_LINE])
                venv.append(v.line_s[IDLE_LINE])
                frozen_rss += [f.peak_rss_mb] if f.peak_rss_mb else []
                venv_rss += [v.peak_rss_mb] if v.peak_rss_mb else []
    print(f"frozen kiosk, spawn → idle screen: {summary_ms(frozen)}")
    print(f"  peer, the same command from the venv, same run: {summary_ms(venv)}; "
          f"ratio frozen/venv {statistics.median(frozen) / statistics.median(venv):.2f}")
    if frozen_rss:
        print(f"peak RSS (each child's own VmHWM): frozen {max(frozen_rss):.0f} MB, venv {max(venv_rss):.0f} MB"
              "  (target < 300 MB)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--xz"]:  # python -m benchmarks.bench_bundle --xz DIR…: the parts compressed
        for d in sys.argv[2:] or [str(BUNDLE)]:
            print_compressed_parts(Path(d))
    elif len(sys.argv) > 1:  # python -m benchmarks.bench_bundle DIR…: the parts of other bundles
        for d in sys.argv[1:]:
            print_parts(Path(d), d)
    else:
        main()
