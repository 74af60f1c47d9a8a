"""The bundle build's helpers (packaging/pyinstaller/*.py) on the real wheels of this venv (fast, no bundle).

The bundle they produce is checked by tests/packaging/test_bundle.py and the .deb in a clean Debian
root by test_deb.py (both ``make test-package``); these pin each helper's own decision.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))

import debian_libs  # noqa: E402
import lapack_stub  # noqa: E402
import opencv_kiosk  # noqa: E402
import strip_elf  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or not all(
    shutil.which(t) for t in ("strip", "readelf", "nm", "cc")), reason="the Linux build tools (binutils, gcc)")


def _one(pattern: str) -> Path:
    """The wheel file matching ``pattern`` in this venv's site-packages."""
    import numpy
    found = sorted(Path(numpy.__file__).parents[1].glob(pattern))
    assert found, pattern
    return found[0]


def test_strip_keeps_a_stripped_copy_only_when_it_loads_the_same(tmp_path):
    # numpy's OpenBLAS, rewritten by patchelf: binutils' strip moves a loadable segment off its page
    # alignment (the library would no longer load), so the original is kept.
    openblas = _one("numpy.libs/libscipy_openblas64_*.so")
    assert strip_elf.stripped_copy(openblas, tmp_path, "numpy.libs/openblas.so") is None
    # cffi's backend strips cleanly: smaller, same segments, and it still loads.
    backend = _one("_cffi_backend*.so")
    small = strip_elf.stripped_copy(backend, tmp_path, "_cffi_backend.so")
    assert small is not None and small.stat().st_size < backend.stat().st_size
    assert strip_elf.same_load_layout(backend, small) and not strip_elf.has_symbol_table(small)
    ctypes.CDLL(str(small))
    assert strip_elf.stripped_copy(small, tmp_path, "again.so") is None     # nothing left to strip


def test_the_lapack_stand_in_links_the_system_libraries_and_refuses_routines_they_lack(tmp_path):
    if not all(lapack_stub._find(s) for s in lapack_stub.SYSTEM_LIBRARIES):
        pytest.skip("libblas3 / liblapack3 not installed (packaging/system-deps.sh installs them)")
    openblas = _one("opencv_python_headless.libs/libopenblas*.so")
    cv2_module = _one("cv2/cv2*.so")
    stub = lapack_stub.lapack_stub(openblas, [cv2_module], tmp_path)
    assert stub.name == openblas.name and stub.stat().st_size < 100_000
    needed = subprocess.run(["readelf", "-d", str(stub)], capture_output=True, text=True, check=True).stdout
    assert "[liblapack.so.3]" in needed and "[libblas.so.3]" in needed and f"[{openblas.name}]" in needed
    # numpy takes prefixed ILP64 routines (scipy_cblas_dgemm64_ …) no Debian library exports: refused
    numpy_blas = _one("numpy.libs/libscipy_openblas64_*.so")
    with pytest.raises(RuntimeError, match="the system libraries lack"):
        lapack_stub.lapack_stub(numpy_blas, [_one("numpy/_core/_multiarray_umath*.so")], tmp_path)


def test_system_libraries_are_named_by_their_debian_package_and_the_others_kept(tmp_path):
    if shutil.which("dpkg") is None:
        pytest.skip("not a Debian host")
    ours = tmp_path / "libours.so"
    ours.write_bytes(b"")
    zlib = "/lib/x86_64-linux-gnu/libz.so.1" if Path("/lib/x86_64-linux-gnu/libz.so.1").exists() else None
    if zlib is None:
        pytest.skip("no x86_64 zlib at its Debian path")
    kept, packages = debian_libs.split_system_libraries(
        [("libz.so.1", zlib, "BINARY"), ("libours.so", str(ours), "BINARY"),
         ("cv2/cv2.abi3.so", str(_one("cv2/cv2*.so")), "EXTENSION")])
    assert packages == ["zlib1g"]
    assert [k[0] for k in kept] == ["libours.so", "cv2/cv2.abi3.so"]


def test_the_kiosk_opencv_is_locked_to_the_venvs_version_and_cached_by_its_options(tmp_path, monkeypatch):
    from importlib import metadata
    version, sha256 = opencv_kiosk.locked_sdist()
    assert version == metadata.version("opencv-python-headless")   # the bundle ships what the tests ran
    assert len(sha256) == 64
    # a lock of another version is refused before anything is downloaded or built
    other = tmp_path / "other.lock"
    other.write_text(f"opencv-python-headless==4.0.0.21 --hash=sha256:{sha256}\n", encoding="utf-8")
    with pytest.raises(opencv_kiosk.OpenCVBuildError, match="update the lock line"):
        opencv_kiosk.kiosk_opencv_wheel(tmp_path / "cache", lock=other)
    bad = tmp_path / "bad.lock"
    bad.write_text("opencv-python-headless>=4.8\n", encoding="utf-8")
    with pytest.raises(opencv_kiosk.OpenCVBuildError, match="exactly one line"):
        opencv_kiosk.locked_sdist(bad)
    # the key covers the options: another module list is another cache entry
    key = opencv_kiosk.cache_key(version, sha256)
    assert key.startswith(version + "-")
    monkeypatch.setattr(opencv_kiosk, "CMAKE_ARGS", (*opencv_kiosk.CMAKE_ARGS, "-DBUILD_opencv_dnn=ON"))
    assert opencv_kiosk.cache_key(version, sha256) != key
    monkeypatch.undo()
    # a wheel already in the cache under the key is used as it is: no rebuild
    cached = tmp_path / "cache" / key / f"opencv_python_headless-{version}-cp311-cp311-linux_x86_64.whl"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"")
    assert opencv_kiosk.kiosk_opencv_wheel(tmp_path / "cache") == cached


def test_the_kiosk_opencv_build_asks_for_the_modules_the_product_uses_and_debian_ffmpeg():
    args = dict(a.split("=", 1) for a in opencv_kiosk.CMAKE_ARGS)
    modules = set(args["-DBUILD_LIST"].split(","))
    assert {"core", "imgproc", "imgcodecs", "videoio", "video", "geometry", "photo", "python3"} <= modules
    assert not {"dnn", "highgui", "objdetect", "calib", "stitching"} & modules
    assert args["-DWITH_FFMPEG"] == "ON" and args["-DWITH_IPP"] == "OFF" and args["-DWITH_LAPACK"] == "OFF"
    env = opencv_kiosk.build_env()
    assert env["ENABLE_HEADLESS"] == "1" and env["ENABLE_CONTRIB"] == "0"
    assert "libavcodec-dev" in opencv_kiosk.BUILD_PACKAGES
