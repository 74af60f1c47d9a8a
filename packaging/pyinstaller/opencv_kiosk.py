"""The OpenCV the Linux bundle ships: built for the kiosk, with only the modules it uses.

The PyPI ``opencv-python-headless`` wheel is 116 MB unpacked in the bundle: a
74 MB ``cv2.abi3.so`` holding every OpenCV module, plus its own FFmpeg 8,
libaom, libvpx, OpenSSL 1.1 and OpenBLAS. The kiosk calls core, imgproc,
imgcodecs (``imdecode``/``imencode``), videoio (devices, video files, stream
URLs), video (``calcOpticalFlowPyrLK``, ``findTransformECC``), geometry
(``findHomography``, with flann) and photo (``fastNlMeansDenoising``).

So the bundle build makes a wheel from the PyPI sdist of the *same* version the
venv installs (``opencv-sdist.lock``: version and sha256, checked by pip), with
opencv-python's own build system (``ENABLE_HEADLESS``, ``CMAKE_ARGS`` with
``BUILD_LIST``), linked against Debian's FFmpeg (the .deb then depends on
``libavcodec59`` … through ``debian_libs.py``, like every other system library)
and without BLAS/LAPACK (OpenCV's own routines serve the tiny matrices of a
card's homography). No GUI, no dnn, no contrib, no OpenCL, no IPP (it would be
downloaded at configure time). The wheel is cached under ``.cache/opencv/``
keyed by the version, the sdist's hash, the build options and the Python
version, so a second bundle build does not rebuild it. The venv (``make test``)
keeps the PyPI wheel.

    python packaging/pyinstaller/opencv_kiosk.py     # build (or find) the wheel, print its path
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

PACKAGE = "opencv-python-headless"
LOCK = Path(__file__).with_name("opencv-sdist.lock")
# OpenCV's typing-stub generator refines symbols of every module (Feature2D, calibrateCamera …) and gives up
# when one is not built; setup.py then misses cv2/py.typed and fails. The patch skips absent symbols.
PATCHES = (Path(__file__).with_name("opencv-stubs-build-list.patch"),)
# The OpenCV 5 modules the kiosk calls (flann: geometry needs it; python3: the bindings; features: the
# bindings' typing-stub generator cannot resolve the Feature2D/FeatureDetector types without it).
MODULES = ("core", "imgproc", "imgcodecs", "videoio", "video", "geometry", "flann", "photo", "features", "python3")
CMAKE_ARGS = (
    "-DPYTHON3_LIMITED_API=ON",            # opencv-python's setup.py looks for the abi3 module by this flag
    "-DBUILD_LIST=" + ",".join(MODULES),
    # Video files and stream URLs through Debian's FFmpeg 5.1; cameras through V4L2.
    "-DWITH_FFMPEG=ON", "-DOPENCV_FFMPEG_ENABLE_LIBAVDEVICE=OFF", "-DWITH_GSTREAMER=OFF", "-DWITH_V4L=ON",
    "-DWITH_1394=OFF",
    # Nothing fetched at configure time (IPP), no GPU paths, no BLAS/LAPACK or Eigen.
    "-DWITH_IPP=OFF", "-DWITH_OPENCL=OFF", "-DWITH_LAPACK=OFF", "-DWITH_EIGEN=OFF",
    # Image codecs: JPEG and PNG only (card photos, camera frames, tickets), built in.
    "-DWITH_OPENEXR=OFF", "-DBUILD_OPENEXR=OFF", "-DWITH_TIFF=OFF", "-DWITH_WEBP=OFF", "-DWITH_OPENJPEG=OFF",
    "-DWITH_JASPER=OFF", "-DWITH_AVIF=OFF", "-DWITH_IMGCODEC_HDR=OFF", "-DWITH_IMGCODEC_SUNRASTER=OFF",
    "-DWITH_IMGCODEC_PXM=OFF", "-DWITH_IMGCODEC_PFM=OFF", "-DWITH_IMGCODEC_GIF=OFF",
    "-DWITH_PROTOBUF=OFF", "-DWITH_VA=OFF", "-DWITH_VA_INTEL=OFF", "-DWITH_ITT=OFF", "-DWITH_OBSENSOR=OFF",
    "-DBUILD_JPEG=ON", "-DBUILD_PNG=ON", "-DBUILD_ZLIB=ON", "-DWITH_JPEGXL=OFF",
    "-DBUILD_TESTS=OFF", "-DBUILD_PERF_TESTS=OFF", "-DBUILD_EXAMPLES=OFF", "-DBUILD_opencv_apps=OFF",
    "-DOPENCV_GENERATE_PKGCONFIG=OFF",
)
# Debian packages the build needs (packaging/system-deps.sh installs the missing ones).
BUILD_PACKAGES = ("g++", "cmake", "ninja-build", "pkg-config", "patch", "nasm",   # nasm: libjpeg-turbo's SIMD
                  "libavcodec-dev", "libavformat-dev", "libavutil-dev", "libswscale-dev")


class OpenCVBuildError(RuntimeError):
    """The kiosk's OpenCV could not be built (the message names the cause and the build log)."""


def locked_sdist(lock: Path = LOCK) -> tuple[str, str]:
    """(version, sha256) of the one ``opencv-python-headless==X --hash=sha256:H`` line in ``lock``."""
    text = lock.read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    found = [re.fullmatch(rf"{PACKAGE}==(\S+)\s+--hash=sha256:([0-9a-f]{{64}})", ln) for ln in lines]
    if len(found) != 1 or found[0] is None:
        raise OpenCVBuildError(f"{lock} must hold exactly one line '{PACKAGE}==X --hash=sha256:H'")
    return found[0].group(1), found[0].group(2)


def cache_key(version: str, sha256: str) -> str:
    """The cache folder name for a wheel built from this sdist with these options for this Python."""
    patches = [p.read_text(encoding="utf-8") for p in PATCHES]
    options = json.dumps([sha256, CMAKE_ARGS, BUILD_PACKAGES, patches, list(sys.version_info[:2])], sort_keys=True)
    return f"{version}-{hashlib.sha256(options.encode()).hexdigest()[:12]}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_env() -> dict[str, str]:
    """The environment opencv-python's setup.py reads: headless, no contrib, our CMake options."""
    env = dict(os.environ)
    env.update(ENABLE_HEADLESS="1", ENABLE_CONTRIB="0", OPENCV_PYTHON_SKIP_GIT_COMMANDS="1",
               CMAKE_ARGS=" ".join(CMAKE_ARGS))
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    return env


def _run(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        r = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    if r.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise OpenCVBuildError(f"'{' '.join(cmd[:4])} …' failed (exit {r.returncode}); log: {log}\n" + "\n".join(tail))


def kiosk_opencv_wheel(cache: Path, python: str = sys.executable, lock: Path = LOCK) -> Path:
    """The kiosk's OpenCV wheel: from ``cache`` when built before with the same key, else built (minutes).

    Refuses when the venv's opencv-python-headless is not the locked version, so the bundle never
    ships another OpenCV than the one the test suite ran against."""
    version, sha256 = locked_sdist(lock)
    installed = metadata.version(PACKAGE)
    if installed != version:
        raise OpenCVBuildError(f"the venv has {PACKAGE} {installed} but {lock.name} locks {version}: "
                               "update the lock line (version and sha256) to the venv's version")
    folder = cache / cache_key(version, sha256)
    wheels = sorted(folder.glob("opencv_python_headless-*.whl"))
    if wheels:
        return wheels[-1]
    if shutil.which("dpkg-query") and Path(__file__).parents[1].joinpath("system-deps.sh").is_file():
        subprocess.run(["bash", str(Path(__file__).parents[1] / "system-deps.sh"), *BUILD_PACKAGES], check=True)
    cache.mkdir(parents=True, exist_ok=True)
    log = cache / f"build-{folder.name}.log"
    log.write_text("", encoding="utf-8")
    sdists = cache / "sdist"
    sdist = sdists / f"opencv_python_headless-{version}.tar.gz"
    if not sdist.is_file() or _sha256(sdist) != sha256:
        # --no-binary for this package only: its build dependencies (numpy, scikit-build) come as wheels.
        _run([python, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--require-hashes",
              "--no-binary", PACKAGE, "-r", str(lock), "-d", str(sdists)], log)
    if _sha256(sdist) != sha256:
        raise OpenCVBuildError(f"{sdist} does not match the sha256 in {lock}")
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        with tarfile.open(sdist) as tar:
            tar.extractall(tmp, filter="data")
        source = Path(tmp) / f"opencv_python_headless-{version}"
        for patch in PATCHES:
            _run(["patch", "-p1", "--forward", "-d", str(source), "-i", str(patch)], log)
        _run([python, "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps", "-v",
              "-w", tmp, str(source)], log, env=build_env())
        built = sorted(Path(tmp).glob("opencv_python_headless-*.whl"))
        if len(built) != 1:
            raise OpenCVBuildError(f"pip wheel made {len(built)} wheels; log: {log}")
        staging = Path(tmp) / "done"
        staging.mkdir()
        shutil.move(str(built[0]), staging / built[0].name)
        staging.rename(folder)   # whole or not at all: an interrupted build leaves no half entry
    return folder / built[0].name


def kiosk_opencv_site(wheel: Path, workdir: Path) -> Path:
    """``wheel`` unpacked into a fresh folder under ``workdir``, to put first on the build's sys.path."""
    site = workdir / "opencv-kiosk" / wheel.parent.name
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    for so in site.glob("cv2/**/*.so"):
        so.chmod(0o755)
    return site


def default_cache(root: Path) -> Path:
    """``KIOSK_OPENCV_CACHE`` when set (CI can keep it across runs), else ``<root>/.cache/opencv``."""
    return Path(os.environ.get("KIOSK_OPENCV_CACHE") or root / ".cache" / "opencv")


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    try:
        print(kiosk_opencv_wheel(default_cache(root)))
    except OpenCVBuildError as e:
        print(f"kiosk OpenCV: {e}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
