"""The documented string update (docs/ui.md) keeps every English translation.

Runs ``pyside6-lupdate $(find ui -name '*.py') -ts <copy of kiosk_en.ts> -no-obsolete``
on a temporary copy and compares it with the committed file. A text handed to
translation through a table or a variable, without a ``QT_TRANSLATE_NOOP`` /
``tr()`` that lupdate can see, would be dropped as obsolete here; a new text
without English would come back unfinished.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "i18n" / "kiosk_en.ts"


def _lupdate() -> str:
    """The pyside6-lupdate of the running environment (PySide6 is a product dependency, so it is there)."""
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lupdate")
    assert found, "pyside6-lupdate not found next to the interpreter or on PATH (PySide6 installs it)"
    return found


def _messages(path: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(context, source) -> (translation text, translation type) of a .ts file."""
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            out[(name, message.findtext("source"))] = (translation.text or "", translation.get("type"))
    return out


def test_documented_lupdate_removes_and_leaves_unfinished_nothing(tmp_path):
    copy = tmp_path / "kiosk_en.ts"
    shutil.copyfile(TS, copy)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))   # $(find ui -name '*.py')
    run = subprocess.run([_lupdate(), *sources, "-ts", str(copy), "-no-obsolete"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr

    before, after = _messages(TS), _messages(copy)
    removed = sorted(k for k in before if k not in after)
    assert not removed, (f"{len(removed)} translation(s) would be removed: mark each source text with "
                         f"QT_TRANSLATE_NOOP(context, text) where it is defined: {removed[:20]}")
    changed = sorted(k for k in before if after[k][0] != before[k][0])
    assert not changed, f"translations changed by lupdate: {changed[:20]}"
    unfinished = sorted(k for k, (text, kind) in after.items() if kind is not None or not text.strip())
    assert not unfinished, f"{len(unfinished)} text(s) without a finished English translation: {unfinished[:20]}"
