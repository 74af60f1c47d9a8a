"""The frozen one-directory bundle: what is in it, and that the trimmed bundle still works.

Lists the Python modules of the bundle's PYZ archive (none of the dev kit may
be there; the product's must), and runs the frozen ``kiosk``: the smoke test
to the idle screen, ``decode-qr`` on a card photo, and ``cameras`` on the
folder camera and on a video file (OpenCV's FFmpeg backend), so that trimming
Qt plug-ins, ICU data, codecs or symbols cannot break what a kiosk runs.

Uses ``build/dist/vn-checkin-kiosk`` when it is newer than every source file
(``make package`` or the benchmark made it), else builds it (minutes).
Runs only under ``make test-package`` (marker ``package``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "build" / "dist" / "vn-checkin-kiosk"
EXE = BUNDLE / "kiosk"
OURS = ("kiosk", "readers", "ui", "offline_cache")
# The dev kit, and where its parts lived before it moved to devkit/ (a module back there is a leak too).
DEV_KIT = ("devkit", "kiosk.simulator", "kiosk.cli.simulator_cmd", "kiosk.cli.demo_cmd", "readers.virtual_card",
           "ui.demo", "ui.demo_panel", "ui.screenshots", "ui.station.screenshots", "readers.chip.lds.sod_build")

pytestmark = [pytest.mark.package, pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle")]


def _stale() -> bool:
    if not EXE.exists():
        return True
    sources = [f for pkg in OURS for f in (ROOT / pkg).rglob("*.py")]
    sources += [ROOT / "packaging" / "pyinstaller" / "kiosk.spec", *(ROOT / "packaging" / "pyinstaller").glob("*.py")]
    return EXE.stat().st_mtime < max(f.stat().st_mtime for f in sources)


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The frozen bundle, built when missing or older than the sources."""
    if _stale():
        subprocess.run([sys.executable, "-m", "ui.i18n.build"], check=True, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "ui.voice.build"], check=True, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                        "--distpath", "build/dist", "--workpath", "build/pyi",
                        "packaging/pyinstaller/kiosk.spec"], check=True, cwd=ROOT, timeout=3600)
    return BUNDLE


def pyz_modules(exe: Path) -> set[str]:
    """The module names in the executable's embedded PYZ archive (the bundle's Python code)."""
    from PyInstaller.archive.readers import PKG_ITEM_PYZ, CArchiveReader
    pkg = CArchiveReader(str(exe))
    names = [name for name, entry in pkg.toc.items() if entry[-1] == PKG_ITEM_PYZ]
    assert names, "no PYZ archive in the executable"
    modules: set[str] = set()
    for name in names:
        modules |= set(pkg.open_embedded_archive(name).toc)
    return modules


def frozen(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    base.update(QT_QPA_PLATFORM="offscreen")
    base.update(env or {})
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=base, timeout=timeout)


def test_the_bundle_holds_the_product_and_no_dev_kit_module(bundle):
    check_no_dev_kit(bundle)


def check_no_dev_kit(bundle: Path) -> None:
    """The product's modules are in ``bundle``'s PYZ, no dev-kit module is, nor any devkit file."""
    modules = pyz_modules(bundle / "kiosk")
    assert {"kiosk.cli", "kiosk.cli.checkin_cmd", "readers.qr.sources", "ui.app", "offline_cache.store"} <= modules
    assert sorted(m for m in modules if any(m == d or m.startswith(d + ".") for d in DEV_KIT)) == []
    assert not list((bundle / "_internal").rglob("devkit*"))


def test_the_bundle_ships_the_spoken_prompts_and_qt_multimedia(bundle):
    internal = bundle / "_internal"
    manifest = json.loads((internal / "prompts" / "manifest.json").read_text(encoding="utf-8"))
    for language in ("vi", "en"):
        clip = manifest["clips"][language]["p.idle"]
        assert (internal / "prompts" / clip["file"]).stat().st_size > 1000
    assert list(internal.rglob("libQt6Multimedia.so*")) and list(internal.rglob("QtMultimedia*.so"))
    assert list(internal.rglob("QtNetwork*.so"))      # PySide6.QtMultimedia will not import without it


def test_the_python_code_is_stored_for_the_debs_xz_and_the_unused_code_is_out(bundle):
    # kiosk.spec: the PYZ keeps each module's bytecode undeflated (the .deb's xz compresses it all at once),
    # and pkg_resources (with PyInstaller's start-up hook for it), numpy.f2py and pydoc_data are not shipped.
    from PyInstaller.archive.readers import PKG_ITEM_PYZ, CArchiveReader
    pkg = CArchiveReader(str(bundle / "kiosk"))
    [name] = [n for n, entry in pkg.toc.items() if entry[-1] == PKG_ITEM_PYZ]
    pyz = pkg.open_embedded_archive(name)
    stored = deflated = 0
    for module, (_typecode, _offset, length) in pyz.toc.items():
        code = pyz.extract(module, raw=True)
        if code:
            stored, deflated = stored + length, deflated + len(code)
    assert deflated > 15_000_000 and stored >= deflated, (stored, deflated)   # zlib level 0: nothing deflated
    modules = set(pyz.toc)
    for gone in ("pkg_resources", "numpy.f2py", "pydoc_data", "face_recognition_models"):
        assert not [m for m in modules if m == gone or m.startswith(gone + ".")], gone
    assert "pyi_rth_pkgres" not in pkg.toc
    # the face model package stays findable (kiosk/face/model.py), as a folder beside the code
    assert (bundle / "_internal" / "face_recognition_models" / "__init__.py").is_file()


def test_frozen_help_has_no_dev_kit_command(bundle):
    r = frozen("--help")
    assert r.returncode == 0, r.stderr
    assert "checkin" in r.stdout and "decode-qr" in r.stdout
    assert not {"simulator", "virtual-card", "demo"} & set(r.stdout.split())


def test_frozen_smoke_test_reaches_the_idle_screen(bundle, tmp_path):
    # unprovisioned, the frozen kiosk refuses its patient screen ("please call IT") …
    r = frozen("run", "--windowed", "--smoke-test", env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 3 and "not-set-up screen shown" in r.stdout, r.stderr[-800:]
    # … and set up as IT would (own id, fresh secrets) it reaches the idle screen
    from devkit.kiosk_config import ReadySecrets, ready_simulator, write_ready_config
    ready = ReadySecrets.fresh()
    with ready_simulator(ready) as sim:
        config_path, _ = write_ready_config(tmp_path / "kiosk.toml", sim, ready)
        r = frozen("--config", str(config_path), "run", "--windowed", "--smoke-test",
                   env={"KIOSK_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stderr[-800:]
    assert "idle screen shown" in r.stdout


def _card_png(path: Path) -> str:
    import qrcode

    from devkit.simulator.citizens import by_key
    text = by_key("valid").qr_text()
    qrcode.make(text).save(path)
    return text


def test_frozen_decode_qr_reads_a_card_photo(bundle, tmp_path):
    _card_png(tmp_path / "card.png")
    r = frozen("decode-qr", "--json", str(tmp_path / "card.png"))
    assert r.returncode == 0, r.stderr[-800:]
    assert json.loads(r.stdout.splitlines()[0])["ok"] is True


def _camera_config(tmp_path: Path, source: Path) -> str:
    cfg = tmp_path / f"kiosk-{source.name}.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n\n[camera]\nsource = "{source}"\n')
    return str(cfg)


def test_frozen_cameras_open_the_folder_camera_and_a_video_file(bundle, tmp_path):
    import cv2
    import numpy as np
    folder = tmp_path / "camera"
    folder.mkdir()
    _card_png(folder / "card.png")
    r = frozen("--config", _camera_config(tmp_path, folder), "cameras", "--json", "--timeout", "20")
    assert r.returncode == 0, r.stdout + r.stderr[-800:]
    configured = [row for row in json.loads(r.stdout) if row["configured"]]
    assert configured and configured[0]["ok"] is True, r.stdout

    video = tmp_path / "card.avi"  # MJPEG in AVI: decoded through OpenCV's FFmpeg backend
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 5, (320, 240))
    for i in range(5):
        writer.write(np.full((240, 320, 3), 40 * i, np.uint8))
    writer.release()
    r = frozen("--config", _camera_config(tmp_path, video), "cameras", "--json", "--timeout", "20")
    configured = [row for row in json.loads(r.stdout) if row["configured"]]
    assert configured and configured[0] == {**configured[0], "ok": True, "width": 320, "height": 240}, r.stdout


def test_the_trimmed_parts_are_out(bundle):
    internal = bundle / "_internal"
    qt = internal / "PySide6" / "Qt"
    assert not (qt / "plugins" / "multimedia").exists()              # Qt Multimedia's FFmpeg backend …
    for gone in ("libQt6Quick.so*", "libQt6Qml.so*", "libQt6Pdf.so*", "libQt6VirtualKeyboard.so*"):
        assert not list(internal.rglob(gone)), gone                      # … and what only it linked
    # no FFmpeg of Qt's or OpenCV's own: OpenCV's video backend uses Debian's (a Depends of the .deb)
    assert not list(internal.rglob("libavcodec.so*"))


def _bundle_cv2(bundle: Path) -> Path:
    modules = list((bundle / "_internal" / "cv2").rglob("cv2*.so"))
    assert len(modules) == 1, modules
    return modules[0]


def test_the_bundle_ships_the_kiosk_opencv_with_debian_ffmpeg_and_no_blas(bundle):
    # opencv_kiosk.py: only the modules the kiosk uses, linked against Debian's FFmpeg, without BLAS/LAPACK;
    # not the PyPI wheel's 74 MB module with its private FFmpeg 8, OpenBLAS and OpenSSL 1.1.
    internal = bundle / "_internal"
    assert not (internal / "opencv_python_headless.libs").exists()
    module = _bundle_cv2(bundle)
    assert module.stat().st_size < 30_000_000, module.stat().st_size
    needed = subprocess.run(["readelf", "-d", str(module)], capture_output=True, text=True, check=True).stdout
    assert "[libavcodec.so.59]" in needed and "[libavformat.so.59]" in needed   # Debian 12's FFmpeg 5.1
    assert "openblas" not in needed and "lapack" not in needed
    depends = (internal / "debian-depends.txt").read_text(encoding="utf-8").split()
    assert {"libavcodec59", "libavformat59", "libswscale6"} <= set(depends)
    assert not {"libblas3", "liblapack3"} & set(depends)


def test_the_bundle_opencv_has_every_function_the_product_calls(bundle, tmp_path):
    # Every cv2 name the product's code uses exists in the bundle's cv2, and one call into each module the
    # kiosk needs works (video: optical flow and ECC; geometry: homography; photo: denoising; videoio: a
    # video file through FFmpeg). The bundle's own cv2 extension module, loaded by the venv's Python.
    import re
    names = sorted({m for pkg in OURS for f in (ROOT / pkg).rglob("*.py")
                    for m in re.findall(r"\bcv2\.([A-Za-z_][A-Za-z0-9_]*)", f.read_text(encoding="utf-8"))})
    assert "findHomography" in names and "fastNlMeansDenoising" in names
    script = f"""
import importlib.util, sys, numpy as np
spec = importlib.util.spec_from_file_location("cv2", {str(_bundle_cv2(bundle))!r})
cv2 = sys.modules["cv2"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cv2)
missing = [n for n in {names!r} if not hasattr(cv2, n)]
assert not missing, missing
rng = np.random.default_rng(1)
img = (rng.random((120, 160)) * 255).astype(np.uint8)
img = cv2.GaussianBlur(img, (5, 5), 0)
shifted = np.roll(img, 3, axis=1)
pts = cv2.goodFeaturesToTrack(img, 50, 0.01, 5)
nxt, st, _ = cv2.calcOpticalFlowPyrLK(img, shifted, pts, None)
assert st.sum() > 10 and abs(float(np.median(nxt[st[:, 0] == 1, 0, 0] - pts[st[:, 0] == 1, 0, 0])) - 3) < 0.5
warp = np.eye(2, 3, dtype=np.float32)
cc, warp = cv2.findTransformECC(img, shifted, warp, cv2.MOTION_TRANSLATION,
                                (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-4), None, 5)
assert abs(abs(warp[0, 2]) - 3) < 0.5, warp
src = rng.random((20, 1, 2)).astype(np.float32) * 100
hom, _ = cv2.findHomography(src, src * 2 + 5, cv2.RANSAC, 1.0)
assert np.allclose(hom / hom[2, 2], [[2, 0, 5], [0, 2, 5], [0, 0, 1]], atol=1e-3), hom
assert cv2.fastNlMeansDenoising(img, None, 12, 5, 15).shape == img.shape
ok, jpeg = cv2.imencode(".jpg", img)
assert ok and cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE).shape == img.shape
cap = cv2.VideoCapture(sys.argv[1])
assert cap.isOpened() and cap.getBackendName() == "FFMPEG", cap.getBackendName()
ok, frame = cap.read()
assert ok and frame.shape == (240, 320, 3)
print("ok")
"""
    import cv2
    import numpy as np
    video = tmp_path / "clip.avi"   # written by the venv's (PyPI) OpenCV, read by the bundle's
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 5, (320, 240))
    for i in range(3):
        writer.write(np.full((240, 320, 3), 60 * i, np.uint8))
    writer.release()
    r = subprocess.run([sys.executable, "-c", script, str(video)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr[-1500:]


def test_frozen_verify_face_matches_the_holder_and_not_another_person(bundle, face_photos):
    r = frozen("verify-face", "--chip-photo", str(face_photos["obama.jpg"]),
               "--live", str(face_photos["obama2.jpg"]), "--json")
    assert r.returncode == 0, r.stderr[-800:]
    assert json.loads(r.stdout)["decision"] == "match"
    r = frozen("verify-face", "--chip-photo", str(face_photos["obama.jpg"]),
               "--live", str(face_photos["biden.jpg"]), "--json")
    assert r.returncode == 11 and json.loads(r.stdout)["decision"] == "no_match", r.stderr[-800:]


def test_frozen_kiosk_speaks_through_the_sound_server(bundle, tmp_path, sound_server):
    # The voice guidance plays PCM through Qt Multimedia's QAudioSink, which needs none of the media
    # backends the bundle leaves out: the frozen kiosk, set up, reads a card's QR from the folder camera
    # and says what to do next; the sound server's null sink hears it.
    pulse, peak = sound_server
    camera = tmp_path / "camera"
    camera.mkdir()
    _card_png(camera / "card.png")
    from devkit.kiosk_config import ReadySecrets, ready_simulator, write_ready_config
    ready = ReadySecrets.fresh()
    with ready_simulator(ready) as sim:
        config_path, _ = write_ready_config(tmp_path / "kiosk.toml", sim, ready)
        config_path.write_text(config_path.read_text(encoding="utf-8")
                               + f'[camera]\nsource = "{camera}"\n[voice]\nenabled = true\nvolume = 1.0\n',
                               encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
        env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(tmp_path / "data"), PULSE_SERVER=pulse)
        kiosk = subprocess.Popen([str(EXE), "--config", str(config_path), "run", "--windowed"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while peak() < 1000 and kiosk.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            kiosk.terminate()
            out, err = kiosk.communicate(timeout=30)
    assert peak() >= 1000, f"nothing heard (peak {peak()}): {out[-400:]} {err[-1200:]}"
