"""OpenCV's BLAS/LAPACK from Debian's libblas3 + liblapack3 instead of its own 39 MB OpenBLAS.

The ``opencv-python-headless`` wheel links a private OpenBLAS
(``libopenblasp-r0-….so``, 39 MB, plus its libgfortran and libquadmath) for
the 19 routines ``cv2`` calls: ``cblas_{s,d,c,z}gemm`` and a few LAPACK
solvers (``?getrf``, ``?gesv``, ``?gesdd``, ``?geqrf``, ``?gels``, ``?potrf``,
``?posv``, ``dgeev``). The kiosk uses them only on tiny matrices (a 3x3
homography of the card, a perspective transform), where speed does not
matter. The bundle ships, under the wheel's library name, an empty shared
library whose only content is ``DT_NEEDED`` on ``liblapack.so.3`` and
``libblas.so.3``: the dynamic linker then finds those routines there (the
standard BLAS/LAPACK interfaces, any implementation Debian's alternatives
point to). ``cv2`` itself is not modified. The .deb depends on ``libblas3``
and ``liblapack3``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SYSTEM_LIBRARIES = ("liblapack.so.3", "libblas.so.3")
LIBRARY_DIRS = (Path("/usr/lib/x86_64-linux-gnu"), Path("/usr/lib/aarch64-linux-gnu"), Path("/usr/lib64"),
                Path("/usr/lib"))


def _find(soname: str) -> Path | None:
    for d in LIBRARY_DIRS:
        if (d / soname).exists():
            return d / soname
    return None


def _symbols(library: Path, which: str) -> set[str]:
    out = subprocess.run(["nm", "-D", which, str(library)], capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def _exported(library: Path) -> set[str]:
    return _symbols(library, "--defined-only")


def _undefined(library: Path) -> set[str]:
    return _symbols(library, "--undefined-only")


def lapack_stub(openblas: Path, users: list[Path], workdir: Path) -> Path:
    """Build the stand-in for ``openblas`` (OpenCV's private OpenBLAS) in ``workdir``; returns its path.

    ``users`` are the binaries that link it (cv2's module): every routine they take from it
    must be exported by the system's liblapack.so.3 / libblas.so.3, else this refuses. Raises
    RuntimeError with one sentence when a library or tool is missing or a routine is not there.
    """
    missing_tools = [t for t in ("cc", "nm") if shutil.which(t) is None]
    if missing_tools:
        raise RuntimeError(f"cannot build the BLAS/LAPACK stand-in: {', '.join(missing_tools)} not found "
                           "(run packaging/system-deps.sh: binutils, gcc)")
    system = [_find(s) for s in SYSTEM_LIBRARIES]
    if None in system:
        raise RuntimeError("cannot build the BLAS/LAPACK stand-in: liblapack.so.3 / libblas.so.3 not found "
                           "(run packaging/system-deps.sh: libblas3, liblapack3)")
    offered = _exported(openblas)
    taken = set().union(*(_undefined(u) for u in users)) & offered
    provided = set().union(*(_exported(p) for p in system))
    if not taken or not taken <= provided:
        raise RuntimeError("cannot build the BLAS/LAPACK stand-in: the system libraries lack "
                           f"{sorted(taken - provided) or 'every routine'} that {', '.join(u.name for u in users)} "
                           f"takes from {openblas.name}")
    lib = workdir / "lapack-stub" / openblas.name
    lib.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{openblas.name}", "-Wl,--no-as-needed",
                    "-o", str(lib), *map(str, system)], check=True, capture_output=True)
    return lib
