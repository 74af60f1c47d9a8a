"""The Debian packages of the system libraries PyInstaller collected, so the .deb can depend on them.

PyInstaller copies every shared library a bundled binary links, system ones
too (libstdc++, GLib, X11, libcrypto, SQLite, PulseAudio's client …: 25 MB
on Debian 12). Built on Debian for a .deb installed on the same release,
those copies only duplicate what Debian installs and keeps patched (a private
libcrypto would miss Debian's security updates). On a Debian build host each
collected library that ``dpkg -S`` attributes to a package is left out, and
the package's name goes into ``debian-depends.txt`` in the bundle, which
``packaging/debian/build-deb.sh`` adds to the .deb's Depends.
"""

from __future__ import annotations

import os
import shutil
import subprocess

SYSTEM_DIRS = ("/lib/", "/usr/lib/", "/lib64/", "/usr/lib64/")
DEPENDS_FILE = "debian-depends.txt"


def debian_package(path: str) -> str | None:
    """The Debian package that installed ``path`` (without ``:arch``), or None."""
    for candidate in dict.fromkeys((path, os.path.realpath(path))):
        r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0 and ":" in r.stdout:
            return r.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def split_system_libraries(binaries: list) -> tuple[list, list[str]]:
    """(``binaries`` without the system libraries Debian packages, those packages' names sorted).

    Off Debian (no dpkg) nothing is split: the bundle keeps its copies."""
    if shutil.which("dpkg") is None:
        return binaries, []
    kept, packages = [], set()
    for entry in binaries:
        dest, src, kind = entry
        package = debian_package(src) if kind == "BINARY" and src.startswith(SYSTEM_DIRS) else None
        if package is None:
            kept.append(entry)
        else:
            packages.add(package)
    return kept, sorted(packages)
