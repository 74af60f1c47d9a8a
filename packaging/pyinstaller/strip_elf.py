"""Stripped copies of the bundle's shared libraries, kept only when they still load the same way.

Most wheels ship their libraries with a symbol table (``.symtab``) and
sometimes debug data that nothing reads at run time: 22 MB of the bundle.
``strip --strip-unneeded`` removes them. But the wheels' libraries were
rewritten by auditwheel with patchelf, and on some of those binutils' strip
moves and shortens the loadable segments (numpy's OpenBLAS then fails with
"ELF load command address/offset not page-aligned"). So each stripped copy is
compared with its original: every loadable segment (``PT_LOAD``) must keep
its address, sizes, flags and alignment, and its file offset must still be
congruent with its address; otherwise the original is shipped as it was.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

TOOLS = ("strip", "readelf")
_LOAD = re.compile(r"^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)"
                   r"\s+([RWE ]+?)\s+(0x[0-9a-f]+)\s*$", re.I)


def load_segments(path: Path) -> list[tuple[int, int, int, int, str, int]]:
    """The ``PT_LOAD`` program headers of ``path``: (offset, vaddr, filesz, memsz, flags, align) each."""
    out = subprocess.run(["readelf", "-lW", str(path)], capture_output=True, text=True, check=True).stdout
    segments = []
    for line in out.splitlines():
        m = _LOAD.match(line)
        if m:
            offset, vaddr, filesz, memsz, flags, align = m.groups()
            segments.append((int(offset, 16), int(vaddr, 16), int(filesz, 16), int(memsz, 16),
                             flags.replace(" ", ""), int(align, 16)))
    return segments


def has_symbol_table(path: Path) -> bool:
    """True when ``path`` still carries a ``.symtab`` or ``.debug_*`` section (something to strip)."""
    out = subprocess.run(["readelf", "-SW", str(path)], capture_output=True, text=True, check=True).stdout
    return bool(re.search(r"\]\s+(\.symtab|\.debug_\w+)\s", out))


def same_load_layout(original: Path, stripped: Path) -> bool:
    """True when ``stripped`` maps into memory exactly as ``original`` does (see the module doc)."""
    before, after = load_segments(original), load_segments(stripped)
    if not before or len(before) != len(after):
        return False
    for (_, va0, fs0, ms0, fl0, al0), (off1, va1, fs1, ms1, fl1, al1) in zip(before, after, strict=True):
        if (va0, fs0, ms0, fl0, al0) != (va1, fs1, ms1, fl1, al1):
            return False
        if al1 > 1 and off1 % al1 != va1 % al1:
            return False
    return True


def stripped_copy(library: Path, workdir: Path, name: str) -> Path | None:
    """A stripped copy of ``library`` in ``workdir`` (as ``name``, a relative path), or None when
    there is nothing to strip or the stripped copy would not load as the original does."""
    if not has_symbol_table(library):
        return None
    target = workdir / "stripped" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(library, target)
    r = subprocess.run(["strip", "--strip-unneeded", str(target)], capture_output=True, text=True)
    if r.returncode != 0 or not same_load_layout(library, target):
        target.unlink(missing_ok=True)
        return None
    shutil.copymode(library, target)
    return target
