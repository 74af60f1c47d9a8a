"""Builds the .deb and installs it into a THROWAWAY Debian root, never onto this machine:
install, run the installed kiosk, upgrade keeping IT's config, purge leaving nothing behind.

The root is made by ``mmdebstrap`` from Debian's packages (the release this machine runs,
so the PyInstaller bundle's glibc matches), with the package's Depends (and the font it
recommends) pre-installed, so installing inside it checks the Depends without network. Commands run
``chroot``-ed in a private mount namespace (``unshare``) that mounts /proc only for them.
The root's tarball is cached in build/ (``make clean`` drops it) for a week.

Runs only under ``make test-package`` (marker ``package``); needs root, dpkg-deb, mmdebstrap,
unshare and chroot. Under CI=true their absence is a failure, not a skip.
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
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "vn-checkin-kiosk"
CACHE = ROOT / "build" / "package-test"
CACHE_DAYS = 7
pytestmark = [pytest.mark.package, pytest.mark.slow]

_TOOLS = ("dpkg-deb", "mmdebstrap", "unshare", "chroot")


@pytest.fixture(autouse=True, scope="module")
def _root_and_tools():
    """Checked when a test of this module runs, not when it is collected: `make test` collects
    this module and deselects it (marker `package`) on a machine without mmdebstrap."""
    if os.geteuid() != 0 or not all(shutil.which(t) for t in _TOOLS):
        if os.environ.get("CI") == "true":
            pytest.fail(f"the package test must run in CI: it needs root and {', '.join(_TOOLS)}")
        pytest.skip(f"needs root and {', '.join(_TOOLS)} (make test-package installs them)")


def sh(*cmd, env=None, check=True, timeout=600, input=None):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, env=env, timeout=timeout,
                       input=input)
    if check and r.returncode != 0:
        raise AssertionError(f"{cmd} exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def _depends(deb: Path) -> list[str]:
    """The built package's Depends (control.in's plus the system libraries' packages the bundle build
    left to Debian), plus the font it recommends (apt installs Recommends)."""
    depends = sh("dpkg-deb", "-f", deb, "Depends").stdout
    return [p.strip().split()[0] for p in depends.split(",") if p.strip()] + ["fonts-dejavu-core"]


def _release() -> str:
    os_release = Path("/etc/os-release").read_text(encoding="utf-8")
    return re.search(r"^VERSION_CODENAME=(\w+)", os_release, re.M).group(1)


def _root_tarball(deb: Path) -> Path:
    """A minbase Debian root with ``deb``'s dependencies, cached per release + package list."""
    packages = _depends(deb)
    release = _release()
    key = hashlib.sha256(f"{release} {' '.join(sorted(packages))}".encode()).hexdigest()[:12]
    tarball = CACHE / f"debian-{release}-{key}.tar"
    if tarball.is_file() and time.time() - tarball.stat().st_mtime < CACHE_DAYS * 86400:
        return tarball
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = tarball.with_suffix(".partial.tar")
    started = time.monotonic()
    sh("mmdebstrap", "--quiet", "--variant=minbase", f"--include={','.join(packages)}", release, partial,
       timeout=1800)
    partial.replace(tarball)
    print(f"Debian root built in {time.monotonic() - started:.0f} s")
    return tarball


def _mounted_under(path: Path) -> list[str]:
    prefix = str(path.resolve())
    mounts = Path("/proc/self/mountinfo").read_text().splitlines()
    return [m.split()[4] for m in mounts if m.split()[4].startswith(prefix)]


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory, debs):
    """A fresh Debian root in a temp dir (unpacked from the cached tarball); removed afterwards."""
    started = time.monotonic()
    tarball = _root_tarball(debs[0])
    root = tmp_path_factory.mktemp("debian-root")
    with tarfile.open(tarball) as tar:
        tar.extractall(root, filter="fully_trusted")  # our own mmdebstrap output: device nodes too
    print(f"Debian root ready in {time.monotonic() - started:.0f} s")
    yield root
    leftovers = _mounted_under(root)
    assert not leftovers, f"mounts left under the test root: {leftovers}"  # never rm -rf through one
    shutil.rmtree(root, ignore_errors=True)


def in_root(root: Path, *cmd, env: dict[str, str] | None = None, check=True, timeout=600, input=None):
    """Run ``cmd`` chroot-ed in ``root`` with a clean environment, /proc mounted in a private
    mount namespace that ends with the command (nothing is mounted on this machine)."""
    script = 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"'
    environ = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
               "HOME": "/root", "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return sh("unshare", "--mount", "--propagation", "private", "--fork", "sh", "-c", script, root,
              "env", "-i", *[f"{k}={v}" for k, v in environ.items()], *cmd, check=check, timeout=timeout,
              input=input)


@pytest.fixture(scope="module")
def debs(tmp_path_factory):
    """Two builds of the same bundle as versions 0.0.1 and 0.0.2 (an upgrade)."""
    out = tmp_path_factory.mktemp("debs")
    started = time.monotonic()
    # gzip -1, not the shipped xz -9e: the same contents, minutes faster on 2 busy cores
    env = dict(os.environ, PYTHON=sys.executable, DEB_VERSION="0.0.1", DEB_COMPRESS="-Zgzip -z1")
    first = sh("bash", "packaging/debian/build-deb.sh", out, env=env, timeout=1800).stdout.strip()
    print(f"bundle + .deb built in {time.monotonic() - started:.0f} s")
    env.update(DEB_VERSION="0.0.2", REUSE_BUNDLE="1")
    second = sh("bash", "packaging/debian/build-deb.sh", out, env=env).stdout.strip()
    return Path(first), Path(second)


def test_install_run_upgrade_purge_in_a_throwaway_root(debs, debian_root):
    root = debian_root

    def here(path: str) -> Path:
        """``path`` inside the test root."""
        return root / path.lstrip("/")
    for deb in debs:
        shutil.copy(deb, here("/tmp"))
    first, second = (f"/tmp/{deb.name}" for deb in debs)
    in_root(root, "dpkg", "-i", first)   # inside the throwaway chroot, never on this machine

    assert here(f"/opt/{NAME}/kiosk").is_file()
    prompts = here(f"/opt/{NAME}/_internal/prompts")   # the voice guidance, recorded at build time
    assert (prompts / "manifest.json").is_file() and (prompts / "vi" / "p.idle.wav").is_file()
    assert (prompts / "en" / "p.idle.wav").is_file()
    data = here(f"/var/lib/{NAME}")
    assert data.is_dir() and (data.stat().st_mode & 0o777) == 0o700
    key = data / "queue.key"
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600
    assert "0.1.0" in in_root(root, "kiosk", "--version").stdout
    # Every library the bundle's binaries link resolves in a root holding only the Depends: those the
    # bundle build left to Debian (debian-depends.txt), BLAS/LAPACK, Wayland's client libraries for cage.
    unresolved = (f"find /opt/{NAME} -type f \\( -name '*.so*' -o -name kiosk \\) | xargs ldd 2>&1"
                  " | grep 'not found' | sort -u")
    r = in_root(root, "sh", "-c", unresolved, env={"LD_LIBRARY_PATH": f"/opt/{NAME}/_internal"})
    assert r.stdout.strip() == "", r.stdout
    r = in_root(root, "kiosk", "--config", f"/etc/{NAME}/kiosk.toml", "config", "--json")
    assert f'"/var/lib/{NAME}"' in r.stdout
    assert json.loads(r.stdout)["not_set_up"]          # shipped without any secret or service address
    # The dev kit is not in the product: its commands are absent from the installed kiosk.
    r = in_root(root, "kiosk", "simulator", check=False)
    assert r.returncode == 2 and "invalid choice" in r.stderr

    assert here("/usr/share/applications/vn-checkin-station.desktop").is_file()   # the reception station

    # Not set up: the installed kiosk shows "please call IT", not the patient screen.
    smoke = ("kiosk", "--config", f"/etc/{NAME}/kiosk.toml", "run", "--windowed", "--smoke-test")
    r = in_root(root, *smoke, env={"KIOSK_DATA_DIR": "/tmp/smoke-data"}, check=False)
    assert r.returncode == 3 and "not-set-up screen shown" in r.stdout, r.stderr

    # IT sets it up (silent install) against the simulator on this machine's loopback (the chroot
    # shares the network); then it starts and is healthy. The camera may fail (doctor exit 8).
    from devkit.kiosk_config import ReadySecrets, ready_secrets_toml, ready_simulator
    ready = ReadySecrets.fresh()
    with ready_simulator(ready) as sim:
        in_root(root, "kiosk", "--config", f"/etc/{NAME}/kiosk.toml", "setup", "--gateway-url", sim.url,
                "--hospital-url", f"{sim.url}/his/v1", "--officer-name", "Lê Thị Tra Cứu",
                "--kiosk-id", "B2K07", "--owner", "kiosk", "--secrets-stdin", input=ready_secrets_toml(ready))
        secrets = here(f"/etc/{NAME}/secrets.toml")
        owner_mode = in_root(root, "stat", "-c", "%U %a", f"/etc/{NAME}/secrets.toml").stdout.split()
        assert owner_mode == ["kiosk", "600"]
        assert ready.password not in here(f"/etc/{NAME}/kiosk.toml").read_text(encoding="utf-8")
        r = in_root(root, *smoke, env={"KIOSK_DATA_DIR": "/tmp/smoke-data"})
        assert "idle screen shown" in r.stdout
        print(f"installed binary: {r.stdout.strip()}")
        r = in_root(root, "kiosk", "--config", f"/etc/{NAME}/kiosk.toml", "doctor", "--json", check=False,
                    env={"KIOSK_DATA_DIR": "/tmp/doctor-data"})
    assert r.returncode in (0, 8), r.stderr
    parts = {p["part"]: p["status"] for p in json.loads(r.stdout)["parts"]}
    assert parts["setup"] == "ok" and parts["gateway"] == "ok" and parts["hospital"] == "ok", parts

    # The reception station, opened by desktop users (not root, not the kiosk account): only those in
    # kiosk-staff can read its config; its data lives in each user's own ~/.local/state.
    station_dir = "/etc/vn-checkin-station"
    station_conf = f"{station_dir}/station.toml"
    assert in_root(root, "stat", "-c", "%U %G %a", station_dir).stdout.split() == ["root", "kiosk-staff", "750"]
    assert in_root(root, "stat", "-c", "%U %G %a", station_conf).stdout.split() == ["root", "kiosk-staff", "640"]
    for user in ("recep", "visitor"):
        in_root(root, "adduser", "--disabled-password", "--gecos", "", user)
    in_root(root, "adduser", "recep", "kiosk-staff")

    def station_as(user: str):
        return in_root(root, "su", "-s", "/bin/sh", user, "-c",
                       f"kiosk --config {station_conf} run --station --windowed --smoke-test", check=False)
    r = station_as("recep")           # installed, not set up: the station's notice, naming what IT must set
    assert r.returncode == 3 and "not-set-up screen shown" in r.stdout, r.stderr
    assert "missing: hospital.url, hospital.api_key" in r.stderr and "Traceback" not in r.stderr
    r = station_as("visitor")         # not in kiosk-staff: cannot read the config; a notice, not a crash
    assert r.returncode == 3 and "not-set-up screen shown" in r.stdout, r.stderr
    assert "cannot read the configuration file" in r.stderr and "Traceback" not in r.stderr
    with ready_simulator(ready) as sim:
        in_root(root, "kiosk", "--config", station_conf, "setup", "--station", "--hospital-url",
                f"{sim.url}/his/v1", "--desk-id", "Q2", "--secrets-stdin",
                input=f'[hospital]\napi_key = "{ready.api_key}"\n')
        owner_mode = in_root(root, "stat", "-c", "%U %G %a", f"{station_dir}/secrets.toml").stdout.split()
        assert owner_mode == ["root", "kiosk-staff", "640"]
        r = station_as("recep")
        assert r.returncode == 0 and "station shown, lobby read" in r.stdout, r.stdout + r.stderr
        print(f"installed station as a desktop user: {r.stdout.strip()}")
    desk_data = "/home/recep/.local/state/vn-checkin-station"
    assert in_root(root, "stat", "-c", "%U %a", desk_data).stdout.split() == ["recep", "700"]
    r = in_root(root, "su", "-s", "/bin/sh", "visitor", "-c", f"cat {station_dir}/secrets.toml", check=False)
    assert r.returncode != 0 and ready.api_key not in r.stdout
    station_secrets = here(f"{station_dir}/secrets.toml").read_bytes()

    # IT edits the config; an upgrade keeps it (conffile), the secrets and the key.
    conf = here(f"/etc/{NAME}/kiosk.toml")
    conf.write_text(conf.read_text(encoding="utf-8").replace('id = "B2K07"', 'id = "K07"'), encoding="utf-8")
    secrets_before = secrets.read_bytes()
    key_before = key.read_bytes()
    in_root(root, "dpkg", "--force-confold", "-i", second)
    assert 'id = "K07"' in conf.read_text(encoding="utf-8")
    assert key.read_bytes() == key_before and secrets.read_bytes() == secrets_before
    assert here(f"{station_dir}/secrets.toml").read_bytes() == station_secrets   # the station's too
    assert in_root(root, "stat", "-c", "%G %a", f"{station_dir}/secrets.toml").stdout.split() == ["kiosk-staff", "640"]
    assert "0.0.2" in in_root(root, "dpkg-query", "-W", "-f=${Version}", NAME).stdout

    in_root(root, "dpkg", "--purge", NAME)   # inside the throwaway chroot
    for p in (f"/opt/{NAME}", f"/etc/{NAME}", f"/var/lib/{NAME}", "/usr/bin/kiosk", station_dir,
              f"/lib/systemd/system/{NAME}.service", f"/etc/modprobe.d/{NAME}-blacklist-pn533.conf"):
        assert not os.path.lexists(here(p)), f"{p} left behind after purge"
    assert in_root(root, "getent", "passwd", "kiosk", check=False).returncode != 0
    assert in_root(root, "getent", "group", "kiosk-staff", check=False).returncode != 0


def test_this_machine_never_got_the_package():
    """The whole point: the machine running the test has no trace of the package."""
    assert sh("dpkg-query", "-W", NAME, check=False).returncode != 0
    assert not os.path.lexists(f"/opt/{NAME}") and not os.path.lexists("/usr/bin/kiosk")
