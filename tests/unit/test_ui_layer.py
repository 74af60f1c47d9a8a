"""The layer rule ``ui → kiosk → readers``: the Qt front end imports nothing from ``readers/``.

Every module under ``ui/`` is parsed with ``ast`` (not imported), so an
import inside a function, a method or an ``if`` counts as much as one at
the top. What the UI needs of the hardware (the chip service, camera and
scanner input) comes through ``kiosk/`` with the core's own types.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("readers",)


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, module) of every absolute import anywhere in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name))
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.lineno, node.args[0].value))     # importlib.import_module("readers.x")
    return found


def forbidden_imports(source: str) -> list[tuple[int, str]]:
    """The imports of ``source`` that reach into a forbidden package."""
    return [(line, mod) for line, mod in imported_modules(source)
            if mod.split(".")[0] in FORBIDDEN]


def test_ui_imports_nothing_from_readers():
    files = sorted((ROOT / "ui").rglob("*.py"))
    assert len(files) > 20      # the walk really sees the UI
    offenders = [f"{f.relative_to(ROOT)}:{line} imports {mod}"
                 for f in files for line, mod in forbidden_imports(f.read_text(encoding="utf-8"))]
    assert not offenders, "ui/ must reach the hardware through kiosk/:\n" + "\n".join(offenders)


def test_the_check_sees_local_and_dynamic_imports():
    source = (
        "import os\n"
        "from kiosk.qr_input import ScannedText\n"
        "def start(self):\n"
        "    from readers.pcsc.monitor import CardWatcher\n"
        "class A:\n"
        "    def m(self):\n"
        "        import readers.chip.keys as k\n"
        "        if True:\n"
        "            importlib.import_module('readers.qr.camera')\n"
        "from readersx import y\n")
    assert forbidden_imports(source) == [(4, "readers.pcsc.monitor"), (7, "readers.chip.keys"),
                                         (9, "readers.qr.camera")]
