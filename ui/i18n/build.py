"""Compile the translation sources (``*.ts``) into Qt's binary ``*.qm``.

``python -m ui.i18n.build`` compiles every ``.ts`` next to this file (the
Makefile's setup calls it); :func:`ensure_compiled` does the same for one
language at start-up when its ``.qm`` is missing or older than its source, so
a fresh checkout never shows untranslated text. The ``.qm`` files are
git-ignored build products.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


class TranslationBuildError(RuntimeError):
    """``lrelease`` is missing or refused a ``.ts`` file."""


def lrelease_path() -> Path:
    """The ``lrelease`` tool shipped inside the PySide6 wheel."""
    import PySide6
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    path = Path(PySide6.__file__).resolve().parent / name
    if not path.exists():
        raise TranslationBuildError(f"{path} not found: PySide6 without its translation tools")
    return path


def compile_ts(ts: Path, qm: Path | None = None) -> Path:
    """Compile ``ts`` to ``qm`` (default: same name, ``.qm``) and return its path."""
    qm = qm or ts.with_suffix(".qm")
    done = subprocess.run([str(lrelease_path()), "-silent", str(ts), "-qm", str(qm)],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or not qm.exists():
        raise TranslationBuildError(f"lrelease failed on {ts.name}: {done.stderr.strip()[:300]}")
    return qm


def ensure_compiled(language: str) -> Path | None:
    """The ``.qm`` of ``language``, compiled now if missing or stale; None if there is no source."""
    ts = HERE / f"kiosk_{language}.ts"
    qm = ts.with_suffix(".qm")
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        return qm
    if not ts.exists():
        return None
    return compile_ts(ts)


def main() -> int:
    """Compile every ``kiosk_*.ts``; print one line per file."""
    for ts in sorted(HERE.glob("kiosk_*.ts")):
        qm = compile_ts(ts)
        print(f"compiled {ts.name} -> {qm.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
