"""A smaller ICU data library for the bundle: the kiosk speaks Vietnamese and English only.

Qt links ICU, and PySide6's wheel ships ICU's full data library
(``libicudata.so.NN``, 32 MB: every locale's names, currencies, units, time
zones, collations, and the legacy charset tables). The kiosk needs the root
data plus ``vi`` and ``en``. This rebuilds the library from the wheel's own
data with ICU's tools (``icupkg``, ``genccode``; Debian's ``icu-devtools``)
and the C compiler: the data package is taken out of the library, the other
locales' items and the charset tables (``.cnv``: the kiosk decodes text in
Python, never through Qt's legacy codecs) are removed, and the rest is
compiled back into a library with the same soname and symbol. Items other
items depend on (break-iterator dictionaries named by ``brkitr/root``) stay.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

KEEP_LANGUAGES = ("en", "vi")
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")  # af, de_, zh_Hant_TW; not root, pool, metaZones
TOOLS = ("icupkg", "genccode", "objcopy", "cc")


def _dropped(item: str) -> bool:
    name = item.rsplit("/", 1)[-1]
    stem, _, ext = name.rpartition(".")
    if ext == "cnv" or (ext == "brk" and "_cj" in stem):
        return True
    return ext == "res" and bool(_LOCALE.match(stem)) and stem.split("_")[0] not in KEEP_LANGUAGES


def trimmed_icu_data(library: Path, workdir: Path) -> Path:
    """Build the vi/en-only copy of ``library`` (``libicudata.so.NN``) in ``workdir``; returns its path.

    Raises RuntimeError with one sentence when a tool is missing or fails.
    """
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise RuntimeError(f"cannot trim ICU data: {', '.join(missing)} not found "
                           "(run packaging/system-deps.sh: icu-devtools, binutils, gcc)")
    m = re.match(r"libicudata\.so\.(\d+)", library.name)
    if not m:
        raise RuntimeError(f"cannot trim ICU data: unexpected library name {library.name}")
    version = m.group(1)
    package = f"icudt{version}l"                       # l: little-endian, as on x86 and ARM
    work = workdir / "icu"
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)

    def run(*cmd: str, cwd: Path = work) -> str:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"cannot trim ICU data: {cmd[0]} failed: {(r.stderr or r.stdout).strip()[-300:]}")
        return r.stdout

    full = work / f"{package}.dat"
    run("objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(full))
    items = [line.strip() for line in run("icupkg", "-l", str(full)).splitlines() if line.strip()]
    if len(items) < 100:
        raise RuntimeError("cannot trim ICU data: the library's data package was not found")
    (work / "drop.txt").write_text("\n".join(i for i in items if _dropped(i)) + "\n")
    out = work / "out" / f"{package}.dat"
    run("icupkg", "-r", "drop.txt", full.name, str(out))
    run("genccode", "-a", "gcc", "-e", f"icudt{version}", out.name, cwd=out.parent)
    lib = work / "out" / library.name
    run("cc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(lib),
        str(out.parent / f"{package}_dat.S"))
    return lib
